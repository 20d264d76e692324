"""Per-client state: selected db, protocol version, MULTI queue, WATCHes, subscriptions.

One Session exists per connection (TCP client, in-process client, lab console, Lua
caller). The engine holds them all for CLIENT LIST / CLIENT KILL.
"""
from __future__ import annotations

import itertools

_ids = itertools.count(1)


class Session:
    __slots__ = (
        "engine", "id", "db", "dbnum", "name", "kind", "addr", "laddr",
        "_multi", "multi_error", "watched", "dirty_cas", "special", "_authenticated", "_resp",
        "channels", "patterns", "shard_channels", "push",
        "user", "created_ms", "last_ms", "last_cmd",
        "in_script", "in_exec", "no_block", "no_evict", "no_touch", "reply_mode",
        "closed", "kill_reason", "tracking", "lib_name", "lib_ver", "flags", "monitor",
        "blocked", "extra", "no_pause",
    )

    def __init__(self, engine, kind: str = "inproc", addr: str = "", laddr: str = ""):
        self.engine = engine
        self.id = next(_ids)
        self.dbnum = 0
        self.db = engine.keyspace.dbs[0]
        self.special = False             # True while any rare state below needs a check in execute
        self._resp = 2
        self._multi = None
        self._authenticated = True
        self.name = None
        self.kind = kind                 # inproc | tcp | lab | lua
        self.addr = addr
        self.laddr = laddr
        self.multi_error = False
        self.watched = []                # (db, key, existed_at_watch)
        self.dirty_cas = False
        self.channels = set()
        self.patterns = set()
        self.shard_channels = set()
        self.push = None                 # fn(reply) delivering out-of-band messages
        self.user = "default"
        now = engine.clock.time_ms()
        self.created_ms = now
        self.last_ms = now
        self.last_cmd = "NULL"
        self.in_script = False
        self.in_exec = False
        self.no_block = False            # inside MULTI/Lua blocking commands must not block
        self.no_pause = False            # CLIENT PAUSE never holds it (lesson graders, as Redis's replicas)
        self.no_evict = False
        self.no_touch = False
        self.reply_mode = "on"           # CLIENT REPLY on|off|skip
        self.closed = False
        self.kill_reason = None
        self.tracking = None
        self.lib_name = ""
        self.lib_ver = ""
        self.flags = set()
        self.monitor = False
        self.blocked = None
        self.extra = {}

    # multi / authenticated / resp are properties so that setting them keeps ``special``
    # true; Engine.execute then pays one attribute test for all the rare states.
    @property
    def multi(self):
        """The queued (spec, argv) pairs while in MULTI, else None."""
        return self._multi

    @multi.setter
    def multi(self, value) -> None:
        self._multi = value
        self.refresh()

    @property
    def authenticated(self) -> bool:
        return self._authenticated

    @authenticated.setter
    def authenticated(self, value: bool) -> None:
        self._authenticated = value
        self.refresh()

    @property
    def resp(self) -> int:
        return self._resp

    @resp.setter
    def resp(self, value: int) -> None:
        self._resp = value
        self.refresh()

    def refresh(self) -> None:
        """Recompute ``special``. Pub/sub code calls this after changing subscriptions."""
        self.special = (self._multi is not None or not self._authenticated
                        or bool(self.channels or self.patterns or self.shard_channels))

    def select(self, n: int) -> None:
        self.dbnum = n
        self.db = self.engine.keyspace.dbs[n]

    @property
    def subscriptions(self) -> int:
        return len(self.channels) + len(self.patterns) + len(self.shard_channels)

    def send_push(self, msg) -> bool:
        """Deliver an out-of-band message; False when nobody listens on this session."""
        if self.push is None:
            return False
        self.push(msg)
        return True

    def close(self) -> None:
        self.engine.close_session(self)
