"""Hash-field expiry (Redis 7.4): HEXPIRE family, HTTL family, HPERSIST, and the
lazy/active expiry of fields.

Fields expire lazily: every hash command reads its hash through ``read_hash`` /
``write_hash``, which first drops the fields that are due (O(1) when none are).
They also expire actively: the first time a field gets a TTL in an engine, a cron
hook is registered that samples the hashes known to carry TTLs each tick, as Redis's
active expiry does for keys. A hash whose last field expires vanishes, with the
``hexpired`` then ``del`` notifications Redis sends.

The boundary millisecond follows Redis 7.4's t_hash.c: a read treats a field as
expired only once the time is *past* its deadline (hashTypeGetValue keeps a field
while ``expireAt >= now``, as keys do), while the active cycle reclaims fields *at*
their deadline (ebuckets stop at the first ``expireAt > now``), and HTTL on a
listpackex hash already answers -2 at the deadline (``expire <= now``; a hashtable
hash answers 0 there).
"""
from __future__ import annotations

from ...errors import RedisError
from ..args import to_int, upper
from ..datatypes.rhash import RHash
from ..datatypes.sampler import Sampler
from ..registry import Block, Int, Key, OneOf, Str, Token, UnixTime, command
from .generic_expire import absolute_ms

# Redis caps field expiry times at EB_EXPIRE_TIME_MAX >> 2 (2^46 - 1 ms).
HFE_MAX_ABS_TIME_MSEC = ((1 << 48) - 1) >> 2
FIELDS_MISSING = "ERR Mandatory argument FIELDS is missing or not at the right position"
NUMFIELDS_SET = "ERR Parameter `numFields` should be greater than 0"
NUMFIELDS_GET = "ERR Number of fields must be a positive integer"
NUMFIELDS_MISMATCH = "ERR The `numfields` parameter must match the number of arguments"
EXPIRE_NEGATIVE = "ERR invalid expire time, must be >= 0"

ACTIVE_KEYS_PER_TICK = 20        # hashes sampled per db per cron tick
ACTIVE_FIELDS_PER_TICK = 1000    # fields reclaimed per cron tick at most


# ----------------------------------------------------------- shared access
class Tracked:
    """The keys of one db whose hash has field TTLs, with O(1) random picks for the
    active cycle (a sample drawn from ``sorted(keys)`` cost O(K log K) every tick)."""

    __slots__ = ("keys", "smp")

    def __init__(self):
        self.keys: set = set()
        self.smp = Sampler(())

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, key) -> None:
        if key not in self.keys:
            self.keys.add(key)
            self.smp.added(key)

    def discard(self, key) -> None:
        if key in self.keys:
            self.keys.discard(key)
            self.smp.removed(key)

    def sample(self, rng, k: int) -> list:
        """``k`` distinct keys (all of them when there are no more than ``k``), in a
        reproducible order: the sampler's array keeps insertion order."""
        keys = self.keys
        if self.smp.bloated(len(keys)):
            self.smp = Sampler(sorted(keys))     # sorted: set order varies by process
        if len(keys) <= k:
            return [x for x in self.smp.arr if x in keys]
        got: dict = {}
        while len(got) < k:
            got[self.smp.pick(rng, keys)] = None
        return list(got)


def _registry(engine) -> dict:
    """{Db: Tracked keys whose hash has field TTLs}; created with the cron hook."""
    reg = engine.extensions.get("hfe")
    if reg is None:
        reg = engine.extensions["hfe"] = {}
        engine.extensions.setdefault("cron", []).append(lambda now: _active_expire(engine, now))
    return reg


def track(s, key, h) -> None:
    if h.ttl:
        reg = _registry(s.engine)
        t = reg.get(s.db)
        if t is None:
            t = reg[s.db] = Tracked()
        t.add(key)


def expire_fields(db, key, h, now: int, limit: int = 0) -> bool:
    """Drop ``h``'s due fields; True when the hash (and so the key) is gone."""
    gone = h.pop_expired(now, limit)
    if not gone:
        return False
    # INFO's expired_subkeys (Redis 7.4) reads this counter.
    db.ks.stats_expired_subkeys = getattr(db.ks, "stats_expired_subkeys", 0) + len(gone)
    db.ks.notify("h", "hexpired", key, db.id)
    db.modified(key)
    return db.remove_if_empty(key, h)


def read_hash(s, key):
    """The live hash at ``key`` (due fields dropped first), None, or WRONGTYPE."""
    db = s.db
    h = db.lookup_typed(key, RHash)
    if h is not None and h.ttl:
        nxt = h.next_expiry()
        now = db.ks.now_ms()
        if nxt is not None and nxt < now:
            # Past the deadline only (Redis 7.4: a field lives through its own ms).
            if expire_fields(db, key, h, now - 1):
                return None
        track(s, key, h)
    return h


def write_hash(s, key):
    """``read_hash`` or a new empty hash added at ``key`` (caller must write to it)."""
    h = read_hash(s, key)
    if h is None:
        h = RHash()
        s.db.add(key, h)
    return h


def _active_expire(engine, now: int) -> None:
    reg = engine.extensions.get("hfe")
    if not reg:
        return
    rng = engine.clock.rng
    budget = ACTIVE_FIELDS_PER_TICK
    for db in list(reg):
        keys = reg[db]
        if not keys:
            del reg[db]
            continue
        for key in keys.sample(rng, ACTIVE_KEYS_PER_TICK):
            h = db.data.get(key)
            if type(h) is not RHash or not h.ttl:
                keys.discard(key)
                continue
            if key in db.expires and db.expires[key] <= now:
                continue  # the key's own expiry deals with it
            nxt = h.next_expiry()
            if nxt is None:
                keys.discard(key)
            elif nxt <= now:
                if expire_fields(db, key, h, now, budget):
                    keys.discard(key)
                budget -= 1
                if budget <= 0:
                    return


# ------------------------------------------------------------ parsing
def _parse_fields(argv, at: int, count_error: str):
    """``FIELDS numfields f...`` starting at ``at`` (the FIELDS token)."""
    if at >= len(argv) or upper(argv[at]) != b"FIELDS":
        raise RedisError(FIELDS_MISSING)
    if at + 1 >= len(argv):
        raise RedisError(FIELDS_MISSING)
    n = to_int(argv[at + 1], count_error)
    if n < 1:
        raise RedisError(count_error)
    fields = argv[at + 2:]
    if n != len(fields):
        raise RedisError(NUMFIELDS_MISMATCH)
    return fields


_FIELDS = Block("fields", Token("FIELDS"), Int("numfields"), Str("field", multiple=True))
_COND = OneOf("condition", Token("NX"), Token("XX"), Token("GT"), Token("LT"), optional=True)


# ------------------------------------------------------------ HEXPIRE family
def _hexpire(s, argv, unit_ms: int, relative: bool):
    db = s.db
    key = argv[1]
    h = db.lookup_typed(key, RHash)
    v = to_int(argv[2])
    if v < 0:
        raise RedisError(EXPIRE_NEGATIVE)
    now = db.ks.now_ms()
    when = absolute_ms(v, unit_ms, now if relative else 0, HFE_MAX_ABS_TIME_MSEC, argv[0])
    at = 3
    cond = upper(argv[3])
    if cond in (b"NX", b"XX", b"GT", b"LT"):
        at = 4
    else:
        cond = None
    fields = _parse_fields(argv, at, NUMFIELDS_SET)
    if h is not None:
        h = read_hash(s, key)
    if h is None:
        return [-2] * len(fields)
    h.mark_ex()
    out = []
    updated = deleted = 0
    for f in fields:
        if f not in h.d:
            out.append(-2)
            continue
        prev = h.ttl.get(f)
        if cond is not None:
            if prev is None:
                if cond != b"NX":
                    out.append(0)
                    continue
            elif (cond == b"NX" or (cond == b"GT" and prev >= when)
                  or (cond == b"LT" and prev <= when)):
                out.append(0)
                continue
        if when <= now:
            h.delete(f)
            deleted += 1
            out.append(2)
        else:
            h.set_ttl(f, when)
            updated += 1
            out.append(1)
    if updated or deleted:
        db.modified(key)
        db.ks.notify("h", "hdel" if deleted else "hexpire", key, db.id)
        if not db.remove_if_empty(key, h):
            track(s, key, h)
    return out


_EXP_DOC = dict(arity=-6, flags="write denyoom fast", keys=(1, 1, 1), group="hash",
                complexity="O(N) where N is the number of specified fields", since="7.4.0")


@command("HEXPIRE", **_EXP_DOC, summary="Give hash fields a time to live in seconds.",
         args=(Key(), Int("seconds"), _COND, _FIELDS))
def hexpire(s, argv):
    return _hexpire(s, argv, 1000, True)


@command("HPEXPIRE", **_EXP_DOC, summary="Give hash fields a time to live in milliseconds.",
         args=(Key(), Int("milliseconds"), _COND, _FIELDS))
def hpexpire(s, argv):
    return _hexpire(s, argv, 1, True)


@command("HEXPIREAT", **_EXP_DOC, summary="Make hash fields expire at a unix time in seconds.",
         args=(Key(), UnixTime("unix-time-seconds"), _COND, _FIELDS))
def hexpireat(s, argv):
    return _hexpire(s, argv, 1000, False)


@command("HPEXPIREAT", **_EXP_DOC, summary="Make hash fields expire at a unix time in milliseconds.",
         args=(Key(), UnixTime("unix-time-milliseconds"), _COND, _FIELDS))
def hpexpireat(s, argv):
    return _hexpire(s, argv, 1, False)


# ------------------------------------------------------------ HTTL family
def _httl(s, argv, unit_ms: int, relative: bool):
    h = read_hash(s, argv[1])
    fields = _parse_fields(argv, 2, NUMFIELDS_GET)
    if h is None:
        return [-2] * len(fields)
    now = s.db.ks.now_ms()
    base = now if relative else 0
    out = []
    for f in fields:
        if f not in h.d:
            out.append(-2)
            continue
        when = h.ttl.get(f)
        if when is None:
            out.append(-1)
        elif when <= now and not h.ht:
            # At its deadline ms the field still reads (HGET), but 7.4's HTTL on a
            # listpackex hash tests ``expire <= now``: -2. A hashtable answers 0.
            out.append(-2)
        elif unit_ms == 1000:
            out.append((when + 999 - base) // 1000)   # rounded up, as Redis does
        else:
            out.append(when - base)
    return out


_TTL_DOC = dict(arity=-5, flags="readonly fast", keys=(1, 1, 1), group="hash",
                complexity="O(N) where N is the number of specified fields", since="7.4.0",
                args=(Key(), _FIELDS))


@command("HTTL", **_TTL_DOC, summary="Report the remaining time to live of hash fields, in seconds.")
def httl(s, argv):
    return _httl(s, argv, 1000, True)


@command("HPTTL", **_TTL_DOC, summary="Report the remaining time to live of hash fields, in milliseconds.")
def hpttl(s, argv):
    return _httl(s, argv, 1, True)


@command("HEXPIRETIME", **_TTL_DOC, summary="Report when hash fields expire, as a unix time in seconds.")
def hexpiretime(s, argv):
    return _httl(s, argv, 1000, False)


@command("HPEXPIRETIME", **_TTL_DOC, summary="Report when hash fields expire, as a unix time in milliseconds.")
def hpexpiretime(s, argv):
    return _httl(s, argv, 1, False)


@command("HPERSIST", arity=-5, flags="write fast", keys=(1, 1, 1), group="hash",
         summary="Remove the time to live of hash fields so they stay until deleted.",
         complexity="O(N) where N is the number of specified fields", since="7.4.0",
         args=(Key(), _FIELDS))
def hpersist(s, argv):
    db = s.db
    key = argv[1]
    h = read_hash(s, key)
    fields = _parse_fields(argv, 2, NUMFIELDS_GET)
    if h is None:
        return [-2] * len(fields)
    out = []
    changed = False
    for f in fields:
        if f not in h.d:
            out.append(-2)
        elif h.persist(f):
            out.append(1)
            changed = True
        else:
            out.append(-1)
    if changed:
        db.ks.notify("h", "hpersist", key, db.id)
        db.modified(key)
    return out
