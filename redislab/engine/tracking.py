"""Client-side caching: the tracking table and invalidation messages.

Per client, ``session.tracking`` holds a ``ClientTracking`` (None when off; CLIENT
LIST reads ``.redirect``). Engine-wide state is one ``Tracking`` in
``engine.extensions["tracking"]``:

* default mode: keys read by tracking clients (after read-only commands) map to the
  ids of those clients; the first write to such a key invalidates it for them and
  forgets the entry, so a client must read again to be told again;
* BCAST mode: prefixes map to subscribed clients; every written key under a prefix is
  sent, batched per command.

Hooks are installed only while some client tracks: ``keyspace.on_modified`` (writes,
expiry, flushes) and ``engine.after_call`` (reads, and delivery once the command has
run so the writer is known for NOLOOP and BCAST gets one message per command).
"""
from __future__ import annotations

from .replies import Push

CHANNEL = b"__redis__:invalidate"


class ClientTracking:
    __slots__ = ("redirect", "bcast", "optin", "optout", "noloop", "caching", "prefixes", "broken")

    def __init__(self):
        self.redirect = 0            # client id receiving our invalidations, 0 = ourselves
        self.bcast = self.optin = self.optout = self.noloop = False
        self.caching = False         # CLIENT CACHING yes/no given for the next command
        self.prefixes: list[bytes] = []
        self.broken = False          # the redirect client went away

    def flags(self) -> list[bytes]:
        out = [b"on"]
        for on, name in ((self.bcast, b"bcast"), (self.optin, b"optin"), (self.optout, b"optout"),
                         (self.optin and self.caching, b"caching-yes"),
                         (self.optout and self.caching, b"caching-no"), (self.noloop, b"noloop"),
                         (self.broken, b"broken_redirect")):
            if on:
                out.append(name)
        return out


class Tracking:
    def __init__(self, engine):
        self.engine = engine
        self.table: dict[bytes, set[int]] = {}    # key -> ids of clients that read it
        self.prefixes: dict[bytes, dict] = {}     # BCAST prefix -> {session: None}
        self.pending: list = []                   # keys written since the last delivery (None = flush)
        self.clients = 0
        self._prev_hook = None
        self._installed = False

    @classmethod
    def of(cls, engine) -> "Tracking":
        t = engine.extensions.get("tracking")
        if t is None:
            t = engine.extensions["tracking"] = cls(engine)
            ext = engine.extensions
            ext.setdefault("on_close", []).append(t.disable)
            ext.setdefault("on_reset", []).append(t.disable)
            ext.setdefault("cron", []).append(lambda now: t.deliver(None))
        return t

    # ----------------------------------------------------------- on / off
    def enable(self, s, redirect: int, bcast: bool, optin: bool, optout: bool, noloop: bool,
               prefixes: list[bytes]) -> None:
        ct = s.tracking
        if ct is None:
            ct = s.tracking = ClientTracking()
            self.clients += 1
            self._install()
        ct.redirect, ct.broken = redirect, False
        ct.bcast, ct.optin, ct.optout, ct.noloop = bcast, optin, optout, noloop
        if bcast:
            for p in prefixes or [b""]:
                if p not in ct.prefixes:
                    ct.prefixes.append(p)
                self.prefixes.setdefault(p, {})[s] = None
            ct.prefixes.sort()      # Redis keeps them in a radix tree: sorted

    def disable(self, s) -> None:
        ct = s.tracking
        if ct is None:
            return
        for p in ct.prefixes:
            subs = self.prefixes.get(p)
            if subs is not None:
                subs.pop(s, None)
                if not subs:
                    del self.prefixes[p]
        s.tracking = None
        self.clients -= 1
        if self.clients <= 0:
            self.clients = 0
            self._uninstall()

    def _install(self) -> None:
        if self._installed:
            return
        ks = self.engine.keyspace
        prev = ks.on_modified
        self._prev_hook = prev
        if prev is None:
            ks.on_modified = self._on_modified
        else:                       # someone else listens too (the lab's views): call both
            def both(db, key, _prev=prev, _mine=self._on_modified):
                _prev(db, key)
                _mine(db, key)
            ks.on_modified = both
        self._hook_fn = ks.on_modified
        self.engine.after_call.append(self._after_call)
        self._installed = True

    def _uninstall(self) -> None:
        if not self._installed:
            return
        ks = self.engine.keyspace
        if ks.on_modified is self._hook_fn:
            ks.on_modified = self._prev_hook
        else:                       # a later listener wrapped ours: stay, but idle
            return
        self.engine.after_call.remove(self._after_call)
        self.pending.clear()
        self._installed = False

    # -------------------------------------------------------------- hooks
    def _on_modified(self, db, key) -> None:
        self.pending.append(key)

    def _after_call(self, s, spec, argv, dur_us) -> None:
        if self.pending:
            self.deliver(s)
        ct = s.tracking
        if ct is None:
            return
        if spec.readonly and not ct.bcast and (not (ct.optin or ct.optout) or ct.optin == ct.caching):
            self._remember(s, spec, argv)
        # CLIENT CACHING lasts for one command (a whole MULTI/EXEC counts as one).
        if ct.caching and s.multi is None and not s.in_exec and not spec.name.startswith("client|"):
            ct.caching = False

    def _remember(self, s, spec, argv) -> None:
        table = self.table
        for i in spec.key_indexes(argv):
            key = argv[i]
            ids = table.get(key)
            if ids is None:
                table[key] = {s.id}
            else:
                ids.add(s.id)
        limit = self.engine.config.values.get("tracking-table-max-keys", 0)
        while limit and len(table) > limit:
            # Evicting a key from the table means telling its readers it may be stale.
            key = next(iter(table))
            self._invalidate_key(key, None)

    # ----------------------------------------------------------- delivery
    def deliver(self, writer) -> None:
        """Send invalidations for the keys written by ``writer``'s last command."""
        pending, self.pending = self.pending, []
        if not pending:
            return
        if None in pending:
            self._flushed()
            pending = [k for k in pending if k is not None]
        for key in dict.fromkeys(pending):
            if key in self.table:
                self._invalidate_key(key, writer)
        if self.prefixes:
            self._broadcast(pending, writer)

    def _invalidate_key(self, key, writer) -> None:
        ids = self.table.pop(key, ())
        clients = self.engine.clients
        for cid in ids:
            c = clients.get(cid)
            ct = c.tracking if c is not None else None
            if ct is None or ct.bcast or (c is writer and ct.noloop):
                continue
            self.send(c, [key])

    def _broadcast(self, keys, writer) -> None:
        for prefix, subs in list(self.prefixes.items()):
            mine = [k for k in dict.fromkeys(keys) if k.startswith(prefix)]
            if not mine:
                continue
            for c in list(subs):
                if c is writer and c.tracking is not None and c.tracking.noloop:
                    continue
                self.send(c, mine)

    def _flushed(self) -> None:
        """FLUSHALL/FLUSHDB: one null invalidation to every tracking client, table emptied."""
        self.table.clear()
        for c in list(self.engine.clients.values()):
            if c.tracking is not None:
                self.send(c, None)

    def send(self, c, keys) -> None:
        ct = c.tracking
        target = c
        if ct.redirect:
            target = self.engine.clients.get(ct.redirect)
            if target is None or target.closed:
                if not ct.broken:
                    ct.broken = True
                    if c.resp == 3:
                        c.send_push(Push([b"tracking-redir-broken", ct.redirect]))
                return
        if target.resp == 3:
            target.send_push(Push([b"invalidate", keys]))
        elif ct.redirect and target.subscriptions:
            # RESP2 has no pushes: a redirect target in Pub/Sub mode gets a message instead.
            target.send_push(Push([b"message", CHANNEL, keys]))
