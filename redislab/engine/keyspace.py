"""Databases, typed lookups, TTLs and the hooks every write goes through.

Values live in a plain dict per database. Strings are stored as ``bytes`` (the
common case stays small and fast); every other type is a container object with a
``TYPE`` attribute. Handlers never touch ``data`` directly for reads: they use the
typed lookups below, which apply lazy expiry and raise WRONGTYPE (house rule 2).
"""
from __future__ import annotations

from ..errors import WRONGTYPE, RedisError
from .datatypes.sampler import note_added, pick_from

STRING = "string"


def type_name(value) -> str:
    return STRING if type(value) is bytes else value.TYPE


class Db:
    """One numbered database."""

    __slots__ = ("ks", "id", "data", "expires", "ttl_keys", "atime", "raw", "watchers",
                 "scans", "avg_ttl", "rnd")

    def __init__(self, ks: "Keyspace", dbid: int):
        self.ks = ks
        self.id = dbid
        self.data: dict = {}
        self.expires: dict = {}      # key -> absolute unix time in ms
        self.ttl_keys: list = []     # keys with a TTL, for O(1) random sampling (may hold stale names)
        self.atime: dict = {}        # key -> LRU clock (seconds) of the last access
        self.raw: set = set()        # string keys whose encoding became "raw" by in-place edits
        self.watchers: dict = {}     # key -> set of sessions WATCHing it
        self.scans: dict = {}        # SCAN cursor snapshots (see scan.py)
        self.avg_ttl = 0
        # RANDOMKEY's key array (datatypes/sampler.py): None until the first pick, so
        # inserts and deletes pay one ``is not None`` test until someone asks.
        self.rnd = None

    # ----------------------------------------------------------------- reads
    # Reads count keyspace hits and misses, and a miss fires the "keymiss" event, while
    # the command running is a read-only one (``Keyspace.reading``, set per command by
    # the engine): Redis counts its read lookups, not its write lookups.
    def lookup(self, key, touch: bool = True):
        """The value at ``key`` or None, expiring it first if its time has come."""
        v = self.data.get(key)
        if v is None:
            return self.ks.missed(key, self.id) if self.ks.reading else None
        exp = self.expires
        if exp and key in exp and exp[key] < self.ks.now_ms():
            self.expire_now(key)
            return self.ks.missed(key, self.id) if self.ks.reading else None
        ks = self.ks
        if ks.reading:
            ks.hits += 1
        if touch:
            self.atime[key] = ks.lru_clock
        return v

    def lookup_typed(self, key, cls, touch: bool = True):
        """Like lookup, but raises WRONGTYPE unless the value is an instance of ``cls``."""
        v = self.data.get(key)
        if v is None:
            return self.ks.missed(key, self.id) if self.ks.reading else None
        exp = self.expires
        if exp and key in exp and exp[key] < self.ks.now_ms():
            self.expire_now(key)
            return self.ks.missed(key, self.id) if self.ks.reading else None
        ks = self.ks
        if ks.reading:
            ks.hits += 1
        if type(v) is not cls:
            raise RedisError(WRONGTYPE)
        if touch:
            self.atime[key] = ks.lru_clock
        return v

    def get_string(self, key):
        # Hand-inlined lookup_typed(key, bytes): GET is the hottest path there is.
        ks = self.ks
        v = self.data.get(key)
        if v is None:
            return ks.missed(key, self.id)
        exp = self.expires
        if exp and key in exp and exp[key] < ks.now_ms():
            self.expire_now(key)
            return ks.missed(key, self.id) if ks.reading else None
        ks.hits += ks.reading
        if type(v) is not bytes:
            raise RedisError(WRONGTYPE)
        self.atime[key] = ks.lru_clock
        return v

    def exists(self, key) -> bool:
        return self.lookup(key, touch=False) is not None

    def random_key(self, rng):
        """A uniformly random key of ``data`` in O(1) on average (None when empty).
        The key may be logically expired: the caller decides (RANDOMKEY)."""
        return pick_from(self, self.data, rng)

    # ---------------------------------------------------------------- writes
    def set(self, key, value, keepttl: bool = False) -> None:
        """Store ``value`` (replacing any type), dropping the TTL unless ``keepttl``."""
        if self.rnd is not None and key not in self.data:
            self.note_new(key)
        self.data[key] = value
        if not keepttl and key in self.expires:
            del self.expires[key]
        if self.raw:                      # hot path: skip the call while no key is raw
            self.raw.discard(key)
        ks = self.ks
        self.atime[key] = ks.lru_clock
        if self.watchers or ks.on_modified is not None or ks.blocked_keys:   # modified() is a no-op otherwise
            self.modified(key)

    def add(self, key, value) -> None:
        """Store a new container at a key known to be absent (no TTL to drop)."""
        if self.rnd is not None and key not in self.data:   # (present if expired while paused)
            self.note_new(key)
        self.data[key] = value
        self.atime[key] = self.ks.lru_clock

    def delete(self, key) -> bool:
        if key not in self.data:
            return False
        if self.expires and key in self.expires and self.expires[key] < self.ks.now_ms():
            self.expire_now(key)
            return False
        self._remove(key)
        self.modified(key)
        return True

    def note_new(self, key) -> None:
        """``key`` is about to be inserted (it is not in ``data``). Called only while
        the random-pick array exists: every path that inserts a key does
        ``if db.rnd is not None and key not in db.data: db.note_new(key)``."""
        note_added(self, key, len(self.data))

    def _remove(self, key) -> None:
        del self.data[key]
        if self.rnd is not None:
            self.rnd.removed(key)
        self.expires.pop(key, None)
        self.atime.pop(key, None)
        self.raw.discard(key)

    def remove_if_empty(self, key, value) -> bool:
        """Containers vanish when their last element goes, as in Redis."""
        if not value:
            self._remove(key)
            self.ks.notify("g", "del", key, self.id)
            return True
        return False

    def expire_now(self, key) -> None:
        """Delete a key whose TTL has passed, with the side effects Redis gives it.
        During CLIENT PAUSE it only reads as missing: nothing is deleted (pause.py)."""
        if self.ks.expire_paused:
            return
        self._remove(key)
        self.modified(key)
        self.ks.stats_expired += 1
        self.ks.notify("x", "expired", key, self.id)

    def modified(self, key) -> None:
        """Every change to a key ends here: WATCH invalidation, tracking, the lab's views.
        Hot paths (Db.set, SET, INCR) skip the call when there are no watchers and no
        ``ks.on_modified`` hook, so new work belongs behind that hook."""
        w = self.watchers.get(key)
        if w:
            for s in w:
                s.dirty_cas = True
        hook = self.ks.on_modified
        if hook is not None:
            hook(self, key)
        bk = self.ks.blocked_keys
        if bk and (self.id, key) in bk:   # a client blocks on this key (engine/blocking.py)
            self.ks.on_key_ready(self, key)

    # ------------------------------------------------------------------ TTLs
    def set_expire(self, key, when_ms: int) -> None:
        if key not in self.expires:
            self.ttl_keys.append(key)
        self.expires[key] = when_ms

    def persist(self, key) -> bool:
        return self.expires.pop(key, None) is not None

    def pttl(self, key) -> int:
        """Remaining ms, -1 without TTL, -2 when missing (the key is looked up first)."""
        if self.lookup(key, touch=False) is None:
            return -2
        when = self.expires.get(key)
        if when is None:
            return -1
        return max(0, when - self.ks.now_ms())

    def flush(self) -> None:
        for key in list(self.watchers):
            if key in self.data:
                for s in self.watchers[key]:
                    s.dirty_cas = True
        self.data = {}
        self.expires = {}
        self.ttl_keys = []
        self.rnd = None
        self.atime = {}
        self.raw = set()
        self.scans = {}
        if self.ks.on_modified is not None:
            self.ks.on_modified(self, None)

    def __len__(self) -> int:
        return len(self.data)


class Keyspace:
    """The numbered databases plus what they share (clock, stats, hooks)."""

    def __init__(self, clock, ndb: int = 16):
        self.clock = clock
        self.dbs = [Db(self, i) for i in range(ndb)]
        self.lru_clock = 0
        self.stats_expired = 0
        self.expire_paused = False  # CLIENT PAUSE: expired keys read as missing, stay stored
        self.on_modified = None   # fn(db, key or None) set by the engine when something listens
        self.notifier = None      # fn(class_letter, event, key, dbid) for keyspace notifications
        self.config = None        # the engine's Config (containers read encoding limits from it)
        self.blocked_keys = {}    # (dbid, key) -> blocked clients; owned by engine/blocking.py
        self.on_key_ready = None  # fn(db, key) when a key in blocked_keys is written
        # INFO stats keyspace_hits / keyspace_misses; ``reading`` is True while a
        # read-only command runs (Engine.call / execute_batch set it per command).
        self.hits = 0
        self.misses = 0
        self.reading = False
        self.tick_lru()

    def missed(self, key, dbid: int) -> None:
        """A read lookup found nothing: count it, and fire "keymiss" (class m)."""
        if self.reading:
            self.misses += 1
            if self.notifier is not None:
                self.notifier("m", "keymiss", key, dbid)
        return None

    def now_ms(self) -> int:
        return self.clock.time_ms()

    def tick_lru(self) -> None:
        # Redis keeps a coarse LRU clock; one int object per second is shared by all keys.
        self.lru_clock = self.clock.time_ms() // 1000

    def notify(self, cls: str, event: str, key, dbid: int) -> None:
        if self.notifier is not None:
            self.notifier(cls, event, key, dbid)

    def swap(self, a: int, b: int) -> None:
        da, db = self.dbs[a], self.dbs[b]
        for d in (da, db):
            for key in list(d.watchers):
                if key in da.data or key in db.data:
                    for s in d.watchers[key]:
                        s.dirty_cas = True
        for name in ("data", "expires", "ttl_keys", "atime", "raw", "scans", "rnd"):
            va, vb = getattr(da, name), getattr(db, name)
            setattr(da, name, vb)
            setattr(db, name, va)
        if self.blocked_keys:     # clients blocked in either db may now find data
            for dbid, key in list(self.blocked_keys):
                if dbid == a or dbid == b:
                    self.on_key_ready(self.dbs[dbid], key)
