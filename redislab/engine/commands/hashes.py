"""Hash commands: HSET family, reads, counters, HRANDFIELD, HSCAN.

Field expiry (HEXPIRE, HTTL, ...) lives in hash_ttl.py, imported below so that
loading this module registers the whole hash group. Every access goes through
hash_ttl.read_hash / write_hash, which drop due fields first (lazy field expiry).
"""
from __future__ import annotations

from fractions import Fraction

from ... import errors
from ...errors import RedisError
from ..args import INT64_MAX, INT64_MIN, to_int, upper
from ..datatypes import longdouble
from ..registry import Block, Double, Int, Key, Pattern, Str, Token, command
from ..replies import OK
from ..scan import SCAN_COMPLEXITY
from . import hash_ttl  # noqa: F401  (registers the field-expiry commands)
from .hash_ttl import read_hash, write_hash

HASH_NOT_INT = "ERR hash value is not an integer"
HASH_NOT_FLOAT = "ERR hash value is not a float"
INCR_NAN_INF = "ERR value is NaN or Infinity"
NOVALUES_ONLY_HSCAN = "ERR NOVALUES option can only be used in HSCAN"
LONG_MAX = INT64_MAX


def _done_write(s, key, h, event: str) -> None:
    db = s.db
    db.modified(key)
    db.ks.notify("h", event, key, db.id)


# ------------------------------------------------------------------ writes
_PAIRS = Block("data", Str("field"), Str("value"), multiple=True)


def _hset(s, argv):
    if len(argv) % 2 == 1:
        raise errors.wrong_arity(argv[0].decode("utf-8", "replace"))
    key = argv[1]
    h = write_hash(s, key)
    cfg = s.engine.config
    added = 0
    longest = 0
    for i in range(2, len(argv), 2):
        f, v = argv[i], argv[i + 1]
        if h.set(f, v):
            added += 1
        lf, lv = len(f), len(v)
        if lf > longest:
            longest = lf
        if lv > longest:
            longest = lv
    if not h.ht:
        h.fit(cfg, longest, (len(argv) - 2) // 2)
    _done_write(s, key, h, "hset")
    return added


@command("HSET", arity=-4, flags="write denyoom fast", keys=(1, 1, 1), group="hash",
         summary="Set one or more field/value pairs in a hash, creating it if needed; returns how many fields were new.",
         complexity="O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.",
         since="2.0.0", args=(Key(), _PAIRS),
         history=(("4.0.0", "Accepts multiple `field` and `value` arguments."),))
def hset(s, argv):
    return _hset(s, argv)


@command("HMSET", arity=-4, flags="write denyoom fast", keys=(1, 1, 1), group="hash",
         summary="Set several field/value pairs in a hash (older form of HSET that answers OK).",
         complexity="O(N) where N is the number of fields being set.", since="2.0.0",
         deprecated_since="4.0.0", replaced_by="`HSET` with multiple field-value pairs",
         doc_flags="deprecated", args=(Key(), _PAIRS))
def hmset(s, argv):
    _hset(s, argv)
    return OK


@command("HSETNX", arity=4, flags="write denyoom fast", keys=(1, 1, 1), group="hash",
         summary="Set a hash field only when it does not exist yet.", complexity="O(1)",
         since="2.0.0", args=(Key(), Str("field"), Str("value")), key_flags="RW insert")
def hsetnx(s, argv):
    key, f, v = argv[1], argv[2], argv[3]
    h = read_hash(s, key)
    if h is not None and f in h.d:
        return 0
    if h is None:
        h = write_hash(s, key)
    h.set(f, v)
    h.fit(s.engine.config, max(len(f), len(v)))
    _done_write(s, key, h, "hset")
    return 1


@command("HDEL", arity=-3, flags="write fast", keys=(1, 1, 1), group="hash",
         summary="Remove fields from a hash; the key goes when its last field does.",
         complexity="O(N) where N is the number of fields to be removed.", since="2.0.0",
         args=(Key(), Str("field", multiple=True)), key_flags="RW delete",
         history=(("2.4.0", "Several fields may be given."),))
def hdel(s, argv):
    key = argv[1]
    h = read_hash(s, key)
    if h is None:
        return 0
    n = 0
    for f in argv[2:]:
        if h.delete(f):
            n += 1
            if not h.d:
                break
    if n:
        _done_write(s, key, h, "hdel")
        s.db.remove_if_empty(key, h)
    return n


def _int_of(v: bytes) -> int:
    try:
        return to_int(v, HASH_NOT_INT)
    except RedisError:
        raise RedisError(HASH_NOT_INT) from None


@command("HINCRBY", arity=4, flags="write denyoom fast", keys=(1, 1, 1), group="hash",
         summary="Add an integer to a hash field's number (a missing field counts as 0).",
         complexity="O(1)", since="2.0.0", args=(Key(), Str("field"), Int("increment")),
         key_flags="RW access update")
def hincrby(s, argv):
    key, f = argv[1], argv[2]
    incr = to_int(argv[3])
    h = write_hash(s, key)
    cur = h.d.get(f)
    old = 0 if cur is None else _int_of(cur)
    new = old + incr
    if new > INT64_MAX or new < INT64_MIN:
        raise RedisError(errors.OVERFLOW)
    out = b"%d" % new
    h.set(f, out)
    h.fit(s.engine.config, max(len(f), len(out)))
    _done_write(s, key, h, "hincrby")
    return new


@command("HINCRBYFLOAT", arity=4, flags="write denyoom fast", keys=(1, 1, 1), group="hash",
         summary="Add a floating point number to a hash field's number (a missing field counts as 0).",
         complexity="O(1)", since="2.6.0", args=(Key(), Str("field"), Double("increment")),
         key_flags="RW access update")
def hincrbyfloat(s, argv):
    key, f = argv[1], argv[2]
    # Both operands are read as C long doubles (strtold), as INCRBYFLOAT does.
    incr = longdouble.parse(argv[3])
    if incr is None:
        raise RedisError(errors.NOT_FLOAT)
    if isinstance(incr, float):
        raise RedisError(INCR_NAN_INF)
    h = write_hash(s, key)
    cur = h.d.get(f)
    old = Fraction(0) if cur is None else longdouble.parse(cur)
    if old is None:
        raise RedisError(HASH_NOT_FLOAT)
    new = longdouble.add(old, incr)
    if isinstance(new, float):            # a stored inf, or a sum out of range
        raise RedisError(errors.INCR_NAN)
    out = longdouble.format_human(new)
    h.set(f, out)
    h.fit(s.engine.config, max(len(f), len(out)))
    _done_write(s, key, h, "hincrbyfloat")
    return out


# ------------------------------------------------------------------- reads
@command("HGET", arity=3, flags="readonly fast", keys=(1, 1, 1), group="hash",
         summary="Return the value of one hash field, or nil.", complexity="O(1)",
         since="2.0.0", args=(Key(), Str("field")))
def hget(s, argv):
    h = read_hash(s, argv[1])
    return None if h is None else h.d.get(argv[2])


@command("HMGET", arity=-3, flags="readonly fast", keys=(1, 1, 1), group="hash",
         summary="Return the values of several hash fields (nil for each missing one).",
         complexity="O(N) where N is the number of fields being requested.", since="2.0.0",
         args=(Key(), Str("field", multiple=True)))
def hmget(s, argv):
    h = read_hash(s, argv[1])
    if h is None:
        return [None] * (len(argv) - 2)
    get = h.d.get
    return [get(f) for f in argv[2:]]


@command("HEXISTS", arity=3, flags="readonly fast", keys=(1, 1, 1), group="hash",
         summary="Tell whether a field exists in a hash (1) or not (0).", complexity="O(1)",
         since="2.0.0", args=(Key(), Str("field")), key_flags="RO")
def hexists(s, argv):
    h = read_hash(s, argv[1])
    return 1 if h is not None and argv[2] in h.d else 0


@command("HLEN", arity=2, flags="readonly fast", keys=(1, 1, 1), group="hash",
         summary="Count the fields of a hash.", complexity="O(1)", since="2.0.0", args=(Key(),),
         key_flags="RO")
def hlen(s, argv):
    h = read_hash(s, argv[1])
    return 0 if h is None else len(h.d)


@command("HSTRLEN", arity=3, flags="readonly fast", keys=(1, 1, 1), group="hash",
         summary="Return the length in bytes of a hash field's value (0 when missing).",
         complexity="O(1)", since="3.2.0", args=(Key(), Str("field")), key_flags="RO")
def hstrlen(s, argv):
    h = read_hash(s, argv[1])
    v = None if h is None else h.d.get(argv[2])
    return 0 if v is None else len(v)


@command("HGETALL", arity=2, flags="readonly", keys=(1, 1, 1), group="hash",
         summary="Return every field and value of a hash.", complexity="O(N) where N is the size of the hash.",
         since="2.0.0", args=(Key(),), tips="nondeterministic_output_order")
def hgetall(s, argv):
    h = read_hash(s, argv[1])
    return {} if h is None else dict(h.d)


@command("HKEYS", arity=2, flags="readonly", keys=(1, 1, 1), group="hash",
         summary="Return every field name of a hash.", complexity="O(N) where N is the size of the hash.",
         since="2.0.0", args=(Key(),), tips="nondeterministic_output_order")
def hkeys(s, argv):
    h = read_hash(s, argv[1])
    return [] if h is None else list(h.d)


@command("HVALS", arity=2, flags="readonly", keys=(1, 1, 1), group="hash",
         summary="Return every value of a hash.", complexity="O(N) where N is the size of the hash.",
         since="2.0.0", args=(Key(),), tips="nondeterministic_output_order")
def hvals(s, argv):
    h = read_hash(s, argv[1])
    return [] if h is None else list(h.d.values())


# -------------------------------------------------------------- HRANDFIELD
@command("HRANDFIELD", arity=-2, flags="readonly", keys=(1, 1, 1), group="hash",
         summary="Return random fields of a hash (distinct for a positive count, with repeats for a negative one), optionally with values.",
         complexity="O(N) where N is the number of fields returned", since="6.2.0",
         args=(Key(), Block("options", Int("count"), Token("WITHVALUES", optional=True), optional=True)),
         tips="nondeterministic_output")
def hrandfield(s, argv):
    rng = s.engine.clock.rng
    if len(argv) == 2:
        h = read_hash(s, argv[1])
        if h is None:
            return None
        return h.random_field(rng)       # O(1): the hash keeps a field array once picked from
    count = to_int(argv[2])
    if count < -LONG_MAX:
        raise RedisError(f"ERR value is out of range, value must between {-LONG_MAX} and {LONG_MAX}")
    withvalues = False
    if len(argv) > 4 or (len(argv) == 4 and upper(argv[3]) != b"WITHVALUES"):
        raise RedisError(errors.SYNTAX)
    if len(argv) == 4:
        withvalues = True
        if count < -(LONG_MAX // 2) or count > LONG_MAX // 2:
            raise RedisError("ERR value is out of range")
    h = read_hash(s, argv[1])
    if h is None or count == 0:
        return []
    resp3 = s.resp > 2
    d = h.d
    if count < 0 and h.ht:
        # O(count), as Redis's hashtable case: independent O(1) picks.
        pick = h.random_field
        picks = [(f, d[f]) for f in (pick(rng) for _ in range(-count))]
    elif count < 0:
        items = list(d.items())          # a listpack (<= 128 pairs here): Redis walks it too
        picks = [items[rng.randrange(len(items))] for _ in range(-count)]
    elif count >= len(d):
        picks = list(d.items())
    elif h.ht and count * 3 <= len(d):
        # Few of many (Redis's CASE 4): draw until ``count`` distinct, O(count).
        got = {}
        while len(got) < count:
            f = h.random_field(rng)
            got[f] = d[f]
        picks = list(got.items())
    else:
        items = list(h.d.items())
        idx = sorted(rng.sample(range(len(items)), count))  # a listpack answers in its own order
        picks = [items[i] for i in idx]
    if not withvalues:
        return [f for f, _ in picks]
    if resp3:
        return [[f, v] for f, v in picks]
    out = []
    for f, v in picks:
        out.append(f)
        out.append(v)
    return out


# -------------------------------------------------------------------- HSCAN
def parse_scan_options(argv, start: int, allow_novalues: bool):
    """COUNT / MATCH / NOVALUES after a cursor, with Redis's errors."""
    count, pattern, novalues = 10, None, False
    i, n = start, len(argv)
    while i < n:
        opt = upper(argv[i])
        more = n - i - 1
        if opt == b"COUNT" and more >= 1:
            count = to_int(argv[i + 1])
            if count < 1:
                raise RedisError(errors.SYNTAX)
            i += 2
        elif opt == b"MATCH" and more >= 1:
            pattern = argv[i + 1]
            i += 2
        elif opt == b"NOVALUES":
            if not allow_novalues:
                raise RedisError(NOVALUES_ONLY_HSCAN)
            novalues = True
            i += 1
        else:
            raise RedisError(errors.SYNTAX)
    if pattern == b"*":
        pattern = None
    return count, pattern, novalues


def cursor_bytes(c: int) -> bytes:
    return b"%d" % c


@command("HSCAN", arity=-3, flags="readonly", keys=(1, 1, 1), group="hash",
         summary="Walk the fields and values of a hash a batch at a time with a cursor.",
         complexity=SCAN_COMPLEXITY,
         since="2.8.0",
         args=(Key(), Int("cursor"), Pattern(token="MATCH", optional=True),
               Int("count", token="COUNT", optional=True),
               Token("NOVALUES", optional=True, since="7.4.0")),
         tips="nondeterministic_output")
def hscan(s, argv):
    from ..glob import match
    from ..scan import parse_cursor, scan

    cursor = parse_cursor(argv[2])
    h = read_hash(s, argv[1])
    if h is None:
        return [b"0", []]
    count, pattern, novalues = parse_scan_options(argv, 3, True)
    d = h.d
    if not h.ht:
        nxt, fields = 0, list(d)     # small encodings answer in one go, as Redis does
    else:
        nxt, fields = scan(s.db, h, cursor, count, lambda: list(d))
    out = []
    for f in fields:
        v = d.get(f)
        if v is None or (pattern is not None and not match(pattern, f)):
            continue
        out.append(f)
        if not novalues:
            out.append(v)
    return [cursor_bytes(nxt), out]
