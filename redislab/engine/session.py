"""Per-client state: selected db, protocol version, MULTI queue, WATCHes, subscriptions.

One Session exists per connection (TCP client, in-process client, lab console, Lua
caller). The engine holds them all for CLIENT LIST / CLIENT KILL.
"""
from __future__ import annotations

import itertools

_ids = itertools.count(1)


class Session:
    __slots__ = (
        "engine", "id", "db", "dbnum", "resp", "name", "kind", "addr", "laddr",
        "multi", "multi_error", "watched", "dirty_cas",
        "channels", "patterns", "shard_channels", "push",
        "user", "authenticated", "created_ms", "last_ms", "last_cmd",
        "in_script", "in_exec", "no_block", "no_evict", "no_touch", "reply_mode",
        "closed", "kill_reason", "tracking", "lib_name", "lib_ver", "flags", "monitor",
        "blocked", "extra",
    )

    def __init__(self, engine, kind: str = "inproc", addr: str = "", laddr: str = ""):
        self.engine = engine
        self.id = next(_ids)
        self.dbnum = 0
        self.db = engine.keyspace.dbs[0]
        self.resp = 2
        self.name = None
        self.kind = kind                 # inproc | tcp | lab | lua
        self.addr = addr
        self.laddr = laddr
        self.multi = None                # list of (spec, argv) while in MULTI
        self.multi_error = False
        self.watched = []                # (db, key, existed_at_watch)
        self.dirty_cas = False
        self.channels = set()
        self.patterns = set()
        self.shard_channels = set()
        self.push = None                 # fn(reply) delivering out-of-band messages
        self.user = "default"
        self.authenticated = True
        now = engine.clock.time_ms()
        self.created_ms = now
        self.last_ms = now
        self.last_cmd = "NULL"
        self.in_script = False
        self.in_exec = False
        self.no_block = False            # inside MULTI/Lua blocking commands must not block
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
