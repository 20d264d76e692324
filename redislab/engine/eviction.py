"""maxmemory and the eight eviction policies, with Redis's approximations.

Redis never finds the true least-recently-used key: that would need a global
ordering updated on every access. Instead, before running a command while used
memory is above ``maxmemory``, it evicts keys one at a time until it is under:

* ``*-random``: a random key (from every key, or from keys with a TTL), taking the
  databases in turn;
* ``*-lru``, ``*-lfu``, ``volatile-ttl``: for each database, sample
  ``maxmemory-samples`` keys, score them (idle time; 255 minus the LFU counter;
  nearness of the expiry) and offer them to a *pool* of the 16 best candidates,
  which is kept between rounds so good candidates found earlier are not forgotten.
  The best pool entry whose key still exists is evicted;
* ``noeviction`` never deletes: commands flagged ``denyoom`` get an OOM error, the
  others run. ``volatile-*`` with no key carrying a TTL behaves the same.

The pool and the keys sampled in the last round stay in ``state(engine)`` so the
lab can show why sampled LRU differs from exact LRU.

The check is an ``engine.gates`` entry installed only while maxmemory > 0, so with
the default configuration no command pays for it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import errors
from ..errors import RedisError
from . import lfu
from .memory import STARTUP, accounting, used_memory

POOL_SIZE = 16               # EVPOOL_SIZE
ULLONG_MAX = (1 << 64) - 1
_MAX_ROUNDS = 1000           # rounds of sampling that may find only ghosts before giving up
OOM_EXEC = "EXECABORT Transaction discarded because of: " + errors.OOM


@dataclass
class PoolEntry:
    score: int               # higher is a better candidate (idle ms, 255-freq, ULLONG_MAX-ttl)
    dbid: int
    key: bytes


@dataclass
class EvictionState:
    pool: list = field(default_factory=list)          # PoolEntry, ascending by score
    last_sampled: list = field(default_factory=list)  # (dbid, key, score) of the last round
    last_evicted: list = field(default_factory=list)  # (dbid, key) evicted by the last run
    next_db: int = 0                                  # round robin of the random policies
    rounds: int = 0
    pre_oom: bool = False      # over the limit (after evicting) when the last command started
    gate: object = None
    cron: object = None

    def snapshot(self) -> dict:
        """Plain data for visualizers: the pool (best last) and the last samples."""
        return {"pool": [(p.dbid, p.key, p.score) for p in self.pool],
                "sampled": list(self.last_sampled), "evicted": list(self.last_evicted),
                "rounds": self.rounds}


def state(engine) -> EvictionState:
    st = engine.extensions.get("eviction")
    if st is None:
        st = engine.extensions["eviction"] = EvictionState()
    return st


# ----------------------------------------------------------------- scoring

def _score(engine, policy: str, db, key) -> int:
    if policy.endswith("lru"):
        at = db.atime.get(key)
        idle_s = db.ks.lru_clock - at if at is not None else 0
        return max(0, idle_s) * 1000            # the LRU clock has 1 s resolution
    if policy.endswith("lfu"):
        at = db.atime
        c = at.counter(key) if type(at) is lfu.LfuAtime else lfu.LFU_INIT_VAL
        return 255 - c
    return ULLONG_MAX - db.expires.get(key, ULLONG_MAX)     # volatile-ttl: soonest first


def _random_key(rng, keys: list, valid):
    """A uniform pick from ``keys``; names no longer valid are dropped on the way
    (the TTL array may hold stale names, as expiry.py knows)."""
    while keys:
        i = rng.randrange(len(keys))
        k = keys[i]
        if valid(k):
            return k
        keys[i] = keys[-1]
        keys.pop()
    return None


def _candidates(engine, db, volatile: bool):
    """(keys array, validity test) to sample ``db`` from."""
    if volatile:
        exp = db.expires
        keys = db.ttl_keys
        if len(keys) > 2 * len(exp) + 64 or (exp and not keys):
            keys[:] = list(exp)
        return keys, exp.__contains__
    return accounting(engine).table_of(db).keys, db.data.__contains__


def _populate(engine, st, policy, db, keys, valid, samples) -> None:
    rng = engine.clock.rng
    pool = st.pool
    n = min(samples, len(keys))
    for _ in range(n):
        key = _random_key(rng, keys, valid)
        if key is None:
            break
        score = _score(engine, policy, db, key)
        st.last_sampled.append((db.id, key, score))
        # First slot whose score is not lower; a full pool drops its worst entry.
        k = 0
        while k < len(pool) and pool[k].score < score:
            k += 1
        if k == 0 and len(pool) >= POOL_SIZE:
            continue                  # worse than every candidate we already hold
        entry = PoolEntry(score, db.id, key)
        if len(pool) < POOL_SIZE:
            pool.insert(k, entry)
        else:
            pool.pop(0)
            pool.insert(k - 1, entry)


def _pick_pooled(engine, st, policy: str):
    volatile = policy.startswith("volatile")
    samples = engine.config.values["maxmemory-samples"]
    dbs = engine.keyspace.dbs
    for _ in range(_MAX_ROUNDS):
        st.last_sampled = []
        total = 0
        for db in dbs:
            n = len(db.expires) if volatile else len(db.data)
            if not n:
                continue
            total += n
            keys, valid = _candidates(engine, db, volatile)
            _populate(engine, st, policy, db, keys, valid, samples)
        if not total:
            return None
        pool = st.pool
        while pool:
            e = pool.pop()            # best candidate is at the right end
            db = dbs[e.dbid]
            if e.key in (db.expires if volatile else db.data):
                return db, e.key
            # a ghost: deleted or renamed since it was sampled
    return None


def _pick_random(engine, st, policy: str):
    volatile = policy.startswith("volatile")
    dbs = engine.keyspace.dbs
    rng = engine.clock.rng
    st.last_sampled = []
    for _ in range(len(dbs)):
        st.next_db = (st.next_db + 1) % len(dbs)
        db = dbs[st.next_db]
        if not (db.expires if volatile else db.data):
            continue
        keys, valid = _candidates(engine, db, volatile)
        key = _random_key(rng, keys, valid)
        if key is not None:
            st.last_sampled.append((db.id, key, 0))
            return db, key
    return None


def perform_evictions(engine) -> bool:
    """Evict until used memory is within maxmemory. False when that is impossible
    (noeviction, or nothing left that the policy may evict)."""
    maxmem = engine.config.values["maxmemory"]
    if not maxmem:
        return True
    acct = accounting(engine)
    if not acct.active:
        acct.start()
    used = used_memory(engine)
    if used <= maxmem:
        return True
    policy = engine.config.values["maxmemory-policy"]
    if policy == "noeviction":
        return False
    st = state(engine)
    st.rounds += 1
    st.last_evicted = []
    pick = _pick_random if policy.endswith("random") else _pick_pooled
    ks = engine.keyspace
    while used > maxmem:
        found = pick(engine, st, policy)
        if found is None:
            return False
        db, key = found
        # Deleted as is, even when its TTL has passed: an eviction, not an expiry.
        db._remove(key)
        db.modified(key)
        engine.stats["evicted_keys"] += 1
        ks.notify("e", "evicted", key, db.id)
        st.last_evicted.append((db.id, key))
        used = used_memory(engine)
    return True


# ------------------------------------------------------------------- gate

# Commands that still run when a transaction is open and memory is short.
_MULTI_OK = frozenset(("exec", "discard", "quit", "reset"))


def _denyoom(s, spec) -> bool:
    if spec.denyoom:
        return True
    if s.multi is not None and spec.name not in _MULTI_OK:
        return True               # queueing itself takes memory: Redis refuses any command
    # EXEC is refused when a queued command would be.
    return spec.name == "exec" and bool(s.multi) and any(sp.denyoom for sp, _ in s.multi)


def make_gate(engine):
    lock = engine.lock
    acct = accounting(engine)
    cfg = engine.config.values

    st = state(engine)

    def gate(s, spec, argv):
        # Cheap test first: bring the running total up to date and compare.
        if acct.active:
            if acct.any_dirty:
                with lock:
                    acct.flush_dirty()
            if acct.total + acct.ovh_total + STARTUP <= cfg["maxmemory"]:
                st.pre_oom = False
                return None
        with lock:
            ok = perform_evictions(engine)
        st.pre_oom = not ok
        if ok or not _denyoom(s, spec):
            return None
        if spec.name == "exec":
            # Redis aborts the whole transaction (execCommandAbort).
            s.multi = None
            s.multi_error = False
            engine.unwatch(s)
            return RedisError(OOM_EXEC)
        return RedisError(errors.OOM)

    return gate


def script_oom(engine, spec):
    """For redis.call/pcall: Redis refuses a denyoom command inside a script when
    memory was over the limit as the script started (the state is taken once, so a
    script's own writes do not make it fail half-way). None when allowed."""
    if spec.denyoom and engine.config.values["maxmemory"] and state(engine).pre_oom:
        return RedisError(errors.OOM)
    return None


def _cron(engine):
    def hook(now_ms):
        # Like Redis's eviction timer: memory over the limit after CONFIG SET
        # maxmemory shrinks is brought back even when no command arrives.
        if engine.config.values["maxmemory"]:
            perform_evictions(engine)
    return hook


def enable(engine) -> None:
    st = state(engine)
    if st.gate is None:
        st.gate = make_gate(engine)
        engine.gates.append(st.gate)
        st.cron = _cron(engine)
        engine.extensions.setdefault("cron", []).append(st.cron)


def disable(engine) -> None:
    st = state(engine)
    if st.gate is not None:
        if st.gate in engine.gates:
            engine.gates.remove(st.gate)
        hooks = engine.extensions.get("cron", [])
        if st.cron in hooks:
            hooks.remove(st.cron)
        st.gate = None
