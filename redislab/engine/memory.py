"""Memory accounting: what each key would cost inside a real Redis, and the total.

Python objects weigh nothing like Redis's, and learners compare MEMORY USAGE and
INFO's used_memory with what they read about Redis (an HLL is 12 KB, a small hash is
one listpack...). So sizes are *modelled* on Redis's own structures and allocator:
``memsize.py`` computes MEMORY USAGE the way redis-server 7.0 does (jemalloc size
classes, sds headers, listpacks, quicklist nodes, dicts, stream radix trees; checked
byte for byte by tests/compat/test_memory_usage_grid_compat.py); sorted sets are
sized here.

A key costs ``sds(key) + dictEntry + value`` (what MEMORY USAGE reports); containers
are estimated from a few sampled elements scaled to their size, as Redis does.
used_memory is the startup figure plus every key's usage plus what the keyspace's
dicts allocate beyond that (``db_dict_bytes``), so a new key raises it by what
MEMORY USAGE says, as on a real server.

The running total (``Accounting``) is kept only while something needs it often:
while ``maxmemory`` is set (the eviction gate asks before every command) or when a
tool calls ``track(engine)``. It hooks ``keyspace.on_modified``: a write only marks
the key dirty (O(1)); dirty keys are re-sized when the total is next read, so a key
written ten times between two reads is sized once. With maxmemory 0 and nobody
tracking, nothing is hooked (the GET/SET hot path is untouched) and used_memory is
computed by walking the keyspace when asked.
"""
from __future__ import annotations

from itertools import islice

from .datatypes.rlist import entry_size
from .memsize import (DICT, DICT_ENTRY, EMBSTR_LIMIT, PTR, QUICKLIST, ROBJ,  # noqa: F401
                      alloc, dict_slots, greedy_sds, hash_size, key_sds, list_size, sds_alloc,
                      sds_header, set_size, stream_size, string_size)

_ENTRY_BLOCK = alloc(DICT_ENTRY)     # a dictEntry as jemalloc hands it out (32)

# Sorted sets (their own layout, sized here).
ZSET_STRUCTS = 16 + 32               # zset + zskiplist
ZSL_HEADER = 640                     # header node with 32 levels, allocated
SKIPLIST_NODE_AVG = 54               # expected allocation of a node (p = 1/4 levels)
STARTUP = 876_000                    # used_memory_startup of an idle 7.0 server
SCAN_LIMIT = 100_000                 # beyond this, an untracked total is sampled


def _sample(it, n: int, samples: int) -> tuple[list, float]:
    """The first ``samples`` items (all when 0) and the factor scaling them to ``n``."""
    if not samples or samples >= n:
        got = list(it)
    else:
        got = list(islice(it, samples))
    return got, (n / len(got) if got else 0.0)


def _listpack(elems, n: int, samples: int, exact: bool) -> int:
    got, scale = _sample(iter(elems), n, 0 if exact else samples)
    body = sum(entry_size(e) for e in got) * scale
    return ROBJ + alloc(7 + int(body))


def _score_bytes(score: float) -> bytes:
    if score == int(score) and abs(score) < 1 << 53:
        return b"%d" % int(score)
    return repr(score).encode()


def _zset_size(v, samples: int, exact: bool) -> int:
    n = len(v)
    if v.listpack:
        def flat():
            for m, s in v.dict.items():
                yield m
                yield _score_bytes(s)
        return _listpack(flat(), 2 * n, 2 * samples, exact)
    got, scale = _sample(iter(v.dict), n, samples)
    per = sum(sds_alloc(len(m)) + DICT_ENTRY + SKIPLIST_NODE_AVG for m in got)
    return ROBJ + ZSET_STRUCTS + DICT + PTR * dict_slots(n) + ZSL_HEADER + int(per * scale)


def value_size(db, key, v, samples: int = 5, exact: bool = True) -> int:
    """Bytes Redis would use for the value at ``key``. ``samples`` as in MEMORY USAGE
    (0 = every element); ``exact`` sizes whole listpacks and quicklists (Redis reads
    their byte counts), the running total estimates them so a write stays cheap."""
    if type(v) is bytes:
        return string_size(db, key, v)
    t = v.TYPE
    if t == "set":
        return set_size(v, samples, exact)
    if t == "hash":
        return hash_size(v, samples, exact)
    if t == "list":
        cfg = db.ks.config if db is not None else None
        fill = cfg["list-max-listpack-size"] if cfg is not None else -2
        return list_size(v, fill, samples, exact)
    if t == "zset":
        return _zset_size(v, samples, exact)
    if t == "stream":
        cfg = db.ks.config if db is not None else None
        node_max = cfg["stream-node-max-bytes"] if cfg is not None else 4096
        return stream_size(v, samples, exact, node_max)
    own = getattr(v, "memory_usage", None)     # module types may size themselves
    if own is not None:
        return ROBJ + int(own())
    return ROBJ + 64 * max(1, len(v) if hasattr(v, "__len__") else 1)


def key_usage(db, key, v, samples: int = 5, exact: bool = True) -> int:
    """MEMORY USAGE: the key's sds, its dict entry and the value."""
    ks = key_sds(key)
    if type(v) is bytes:
        return ks + DICT_ENTRY + string_size(db, key, v)
    return ks + DICT_ENTRY + value_size(db, key, v, samples, exact)


def db_overhead(db) -> tuple[int, int]:
    """(main, expires) dict overhead, counted as Redis's INFO/MEMORY STATS count it:
    entries, buckets, and one object header per key."""
    n = len(db.data)
    e = len(db.expires)
    main = n * DICT_ENTRY + dict_slots(n) * PTR + n * ROBJ if n else 0
    exp = e * DICT_ENTRY + dict_slots(e) * PTR if e else 0
    return main, exp


def db_dict_bytes(db) -> int:
    """What a db's two dicts allocate beyond the keys' MEMORY USAGE: the buckets, the
    expires entries, and the 8 bytes jemalloc adds to each 24-byte dictEntry (MEMORY
    USAGE counts sizeof, the allocator hands out 32). used_memory is the sum of the
    keys' usage and this, so it grows by what MEMORY USAGE says a new key costs plus
    its share of the dicts, as Redis's does. (db_overhead is another figure: Redis's
    MEMORY STATS breakdown, which counts entries and object headers again.)"""
    n = len(db.data)
    e = len(db.expires)
    main = n * (_ENTRY_BLOCK - DICT_ENTRY) + dict_slots(n) * PTR if n else 0
    exp = e * _ENTRY_BLOCK + dict_slots(e) * PTR if e else 0
    return main + exp


# ------------------------------------------------------------- running total

class _Table:
    """Cached sizes for one database's ``data`` dict (keyed by the dict itself, so
    SWAPDB, which swaps the dicts between Db objects, moves the cache along)."""

    __slots__ = ("data", "db", "sizes", "keys", "pos", "dirty", "ovh", "counts")

    def __init__(self, db):
        self.data = db.data
        self.db = db
        self.sizes: dict = {}
        self.keys: list = []          # every key, for O(1) uniform random picks (eviction)
        self.pos: dict = {}           # key -> index in keys
        self.dirty: set = set()
        self.ovh = 0                  # db_dict_bytes as of the last resize
        self.counts = (0, 0)          # (keys, expires) those overheads were computed for


class Accounting:
    """The running used_memory of one engine, plus the per-db key arrays eviction
    samples from."""

    def __init__(self, engine):
        self.engine = engine
        self.total = 0                # sum of the cached per-key sizes
        self.ovh_total = 0            # sum of the tables' db_dict_bytes
        self.any_dirty = False
        self.tables: dict = {}
        self.active = False
        self._chained = None          # an on_modified hook that was there before ours
        self.pinned = False           # track() asked for it: stays on with maxmemory 0

    # ---------------------------------------------------------- on / off
    def start(self) -> None:
        if self.active:
            return
        ks = self.engine.keyspace
        prev = ks.on_modified
        if prev is not None:
            self._chained = prev
            ks.on_modified = self._hook_chained
        else:
            ks.on_modified = self._hook
        self.active = True
        self.tables = {}
        self.total = self.ovh_total = 0
        for db in ks.dbs:
            if db.data:
                t = self._table(db)
                t.dirty.update(db.data)
        self.flush_dirty()

    def stop(self) -> None:
        if not self.active:
            return
        ks = self.engine.keyspace
        if ks.on_modified == self._hook:
            ks.on_modified = None
        elif ks.on_modified == self._hook_chained:
            ks.on_modified = self._chained
        self.active = False
        self.tables = {}
        self.total = self.ovh_total = 0
        self._chained = None

    # ------------------------------------------------------------- hooks
    def _hook(self, db, key) -> None:
        if key is None:
            self._flushed()
            return
        t = self.tables.get(id(db.data))
        if t is None or t.data is not db.data:
            t = self._table(db)
        t.db = db                     # SWAPDB moves data dicts between Db objects
        t.dirty.add(key)
        self.any_dirty = True

    def _hook_chained(self, db, key) -> None:
        self._hook(db, key)
        self._chained(db, key)

    def _table(self, db) -> _Table:
        t = _Table(db)
        self.tables[id(db.data)] = t
        return t

    def _flushed(self) -> None:
        live = {id(db.data) for db in self.engine.keyspace.dbs}
        for ident in [i for i in self.tables if i not in live]:
            t = self.tables.pop(ident)
            self.total -= sum(t.sizes.values())
            self.ovh_total -= t.ovh
        from . import lfu    # a flush hands each db a plain atime dict again

        if lfu.is_lfu(self.engine.config.values["maxmemory-policy"]):
            lfu.apply_policy(self.engine)

    # ------------------------------------------------------------ totals
    def flush_dirty(self) -> None:
        for t in self.tables.values():
            if t.dirty:
                self._resize(t)
        self.any_dirty = False
        used = STARTUP + self.total + self.ovh_total
        ext = self.engine.extensions
        if used > ext.get("used_memory_peak", 0):
            ext["used_memory_peak"] = used

    def used(self) -> int:
        """used_memory from the running totals: O(keys written since last asked)."""
        if self.any_dirty:
            self.flush_dirty()
        return STARTUP + self.total + self.ovh_total

    def _resize(self, t: _Table) -> None:
        data, sizes, keys, pos = t.data, t.sizes, t.keys, t.pos
        db = t.db
        if db.data is not data:       # swapped since: find the Db holding it now
            db = next((d for d in self.engine.keyspace.dbs if d.data is data), None)
            if db is not None:
                t.db = db
        delta = 0
        for key in t.dirty:
            v = data.get(key)
            old = sizes.get(key, 0)
            if v is None:
                if key in pos:
                    i = pos.pop(key)
                    last = keys.pop()
                    if i < len(keys):
                        keys[i] = last
                        pos[last] = i
                    delta -= sizes.pop(key, 0)
                continue
            new = key_usage(db, key, v, 5, False)
            sizes[key] = new
            delta += new - old
            if key not in pos:
                pos[key] = len(keys)
                keys.append(key)
        t.dirty.clear()
        self.total += delta
        if db is not None:
            counts = (len(data), len(db.expires))
            if counts != t.counts:
                ovh = db_dict_bytes(db)
                self.ovh_total += ovh - t.ovh
                t.ovh = ovh
                t.counts = counts

    def table_of(self, db) -> _Table:
        """The up-to-date table of ``db`` (eviction samples its ``keys``)."""
        t = self.tables.get(id(db.data))
        if t is None or t.data is not db.data:
            t = self._table(db)
            t.dirty.update(db.data)
        if t.dirty:
            self._resize(t)
        return t


def accounting(engine) -> Accounting:
    acct = engine.extensions.get("memory")
    if acct is None:
        acct = engine.extensions["memory"] = Accounting(engine)
    return acct


def track(engine, on: bool = True) -> None:
    """Keep an exact running total even with maxmemory 0 (the lab's memory gauge).
    Costs one hook call per write while on."""
    accounting(engine).pinned = on
    refresh(engine)


def refresh(engine) -> None:
    """Run the running total exactly while someone needs it: maxmemory set (the
    eviction gate), an LFU policy (a flush must re-arm the counters at once), or
    ``track``. Otherwise unhook it so writes pay nothing."""
    from . import eviction, lfu

    cfg = engine.config.values
    acct = accounting(engine)
    if cfg["maxmemory"] or acct.pinned or lfu.is_lfu(cfg["maxmemory-policy"]):
        acct.start()
    else:
        acct.stop()
    if cfg["maxmemory"]:
        eviction.enable(engine)
    else:
        eviction.disable(engine)


def dataset_bytes(engine) -> int:
    """Sum of every key's MEMORY USAGE, from the running total or a walk."""
    acct = accounting(engine)
    if acct.active:
        acct.flush_dirty()
        return acct.total
    total = 0
    for db in engine.keyspace.dbs:
        data = db.data
        n = len(data)
        if not n:
            continue
        if n <= SCAN_LIMIT:
            total += sum(key_usage(db, k, v, 5, False) for k, v in data.items())
        else:
            # Huge and untracked: every k-th key, scaled (deterministic, no RNG use).
            step = n // SCAN_LIMIT + 1
            got = list(islice(data.items(), 0, None, step))
            total += sum(key_usage(db, k, v, 5, False) for k, v in got) * n // len(got)
    return total


def overhead(engine) -> dict:
    dbs = {}
    for db in engine.keyspace.dbs:
        if db.data or db.expires:
            dbs[db.id] = db_overhead(db)
    return dbs


def used_memory(engine) -> int:
    acct = accounting(engine)
    if acct.active:
        total = acct.used()
    else:
        total = STARTUP + dataset_bytes(engine)
        for db in engine.keyspace.dbs:
            if db.data or db.expires:
                total += db_dict_bytes(db)
    peak = engine.extensions.get("used_memory_peak", 0)
    if total > peak:
        engine.extensions["used_memory_peak"] = total
    return total


# ------------------------------------------------------------------ wiring

def install(engine) -> None:
    """Called once per engine: the used_memory hook INFO reads, the LFU counters,
    and the eviction gate while maxmemory is set."""
    from . import lfu
    from .config import parse_memory

    cfg = engine.config.values
    raw = cfg["maxmemory"]
    if not isinstance(raw, int):      # Engine(config={"maxmemory": "10mb"})
        cfg["maxmemory"] = parse_memory(raw if isinstance(raw, bytes) else str(raw).encode()) or 0
    engine.extensions["used_memory"] = lambda: used_memory(engine)
    engine.extensions["info_memory"] = lambda: info_fields(engine)
    engine.config.on_change("maxmemory", lambda value, old: refresh(engine))
    engine.config.on_change("maxmemory-policy", lambda value, old: refresh(engine))
    # CONFIG RESETSTAT starts the peak over, as Redis does.
    engine.extensions.setdefault("on_resetstat", []).append(
        lambda: engine.extensions.pop("used_memory_peak", None))
    lfu.install(engine)
    refresh(engine)


def human(n: int) -> str:
    from .info import human_bytes

    return human_bytes(n)


def info_fields(engine) -> list:
    """INFO's memory section in Redis 7.4's order, from this accounting."""
    used = used_memory(engine)
    peak = max(used, engine.extensions.get("used_memory_peak", 0))
    ovh = overhead(engine)
    db_ovh = sum(m + e for m, e in ovh.values())
    over = STARTUP + db_ovh
    dataset = used - over
    net = max(1, used - STARTUP)
    cfg = engine.config.values
    maxmem = cfg["maxmemory"]
    scripts = engine.extensions.get("scripting")
    nscripts = len(getattr(scripts, "scripts", ()) or ()) if scripts is not None else 0
    return [
        ("used_memory", used), ("used_memory_human", human(used)),
        ("used_memory_rss", used), ("used_memory_rss_human", human(used)),
        ("used_memory_peak", peak), ("used_memory_peak_human", human(peak)),
        ("used_memory_peak_perc", "%.2f%%" % (used * 100 / peak)),
        ("used_memory_overhead", over), ("used_memory_startup", STARTUP),
        ("used_memory_dataset", dataset),
        ("used_memory_dataset_perc", "%.2f%%" % (dataset * 100 / net)),
        ("allocator_allocated", used), ("allocator_active", used), ("allocator_resident", used),
        ("allocator_muzzy", 0),
        ("total_system_memory", _system_memory()), ("total_system_memory_human", human(_system_memory())),
        ("used_memory_lua", 31744), ("used_memory_vm_eval", 31744), ("used_memory_lua_human", human(31744)),
        ("used_memory_scripts_eval", 0), ("number_of_cached_scripts", nscripts),
        ("number_of_functions", 0), ("number_of_libraries", 0),
        ("used_memory_vm_functions", 32768), ("used_memory_vm_total", 64512),
        ("used_memory_vm_total_human", human(64512)), ("used_memory_functions", 184),
        ("used_memory_scripts", 184), ("used_memory_scripts_human", "184B"),
        ("maxmemory", maxmem), ("maxmemory_human", human(maxmem)),
        ("maxmemory_policy", cfg["maxmemory-policy"]),
        ("allocator_frag_ratio", "1.00"), ("allocator_frag_bytes", 0),
        ("allocator_rss_ratio", "1.00"), ("allocator_rss_bytes", 0),
        ("rss_overhead_ratio", "1.00"), ("rss_overhead_bytes", 0),
        ("mem_fragmentation_ratio", "1.00"), ("mem_fragmentation_bytes", 0),
        ("mem_not_counted_for_evict", 0), ("mem_replication_backlog", 0),
        ("mem_total_replication_buffers", 0), ("mem_clients_slaves", 0), ("mem_clients_normal", 0),
        ("mem_cluster_links", 0), ("mem_aof_buffer", 0), ("mem_allocator", "libc"),
        ("mem_overhead_db_hashtable_rehashing", 0),
        ("active_defrag_running", 0), ("lazyfree_pending_objects", 0), ("lazyfreed_objects", 0),
    ]


def _system_memory() -> int:
    try:
        import os

        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 0
