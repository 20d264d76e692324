"""Bitmap commands: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP (BITFIELD in bitfield.py).

A bitmap is an ordinary string; bit 0 is the top bit of the first byte. Redis edits
the string in place, so any key a bit command writes reports OBJECT ENCODING "raw"
(recorded in ``db.raw``). Argument checks and key lookups come in Redis 7's order:
BITCOUNT and BITPOS look the key up before reading start/end, so a missing key
answers 0 (or BITPOS's default) even when those arguments are malformed.
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import to_int, upper
from ..datatypes import bitops
from ..datatypes.ranges import clamp_offsets
from ..registry import Block, Int, Key, OneOf, Token, command


def parse_offset(s, raw, hash_ok: bool = False, bits: int = 0) -> int:
    """A bit offset as Redis reads it: an integer (or ``#n`` meaning n*bits for BITFIELD)
    whose byte index stays below proto-max-bulk-len (512 MB by default)."""
    use_hash = hash_ok and bits > 0 and raw[:1] == b"#"
    v = to_int(raw[1:] if use_hash else raw, errors.BIT_OFFSET)
    if use_hash:
        # C multiplies in 64 bits; keep its wrap-around so huge #n fail as they do there.
        v = ((v * bits + (1 << 63)) & ((1 << 64) - 1)) - (1 << 63)
    if v < 0 or (v >> 3) >= s.engine.config.values["proto-max-bulk-len"]:
        raise RedisError(errors.BIT_OFFSET)
    return v


def cword(raw) -> bytes:
    """An option word compared as Redis does (strcasecmp on a C string): upper-cased,
    and cut at the first NUL byte."""
    return upper(bytes(raw).split(b"\0", 1)[0])


def store_edit(db, key, value: bytes, existed: bool) -> None:
    """Save an in-place style edit: a new key is created, an old one keeps its TTL;
    either way the encoding is raw, as after Redis's in-place writes."""
    if existed:
        db.data[key] = value
        db.atime[key] = db.ks.lru_clock
        db.modified(key)
    else:
        db.set(key, value)
    db.raw.add(key)


def _unit(arg) -> bool:
    """True for BIT, False for BYTE; anything else is a syntax error."""
    u = cword(arg)
    if u == b"BIT":
        return True
    if u == b"BYTE":
        return False
    raise RedisError(errors.SYNTAX)


_UNIT = OneOf("unit", Token("BYTE"), Token("BIT"), optional=True, since="7.0.0")
_UNIT_HISTORY = (("7.0.0", "Added the `BYTE|BIT` option."),)


@command("SETBIT", arity=4, flags="write denyoom", keys=(1, 1, 1), group="bitmap",
         summary="Set or clear one bit of a string (growing it with zero bytes as needed); returns the old bit.",
         complexity="O(1)", since="2.2.0", key_flags="RW access update",
         args=(Key(), Int("offset"), Int("value")))
def setbit(s, argv):
    db = s.db
    key = argv[1]
    offset = parse_offset(s, argv[2])
    on = to_int(argv[3], errors.BIT_VALUE)
    if on not in (0, 1):
        raise RedisError(errors.BIT_VALUE)
    cur = db.get_string(key)
    byte = offset >> 3
    mask = 1 << (7 - (offset & 7))
    grown = cur is None or len(cur) <= byte
    if cur is None:
        cur = b""
    if grown:
        cur = cur + bytes(byte + 1 - len(cur))
    oldbyte = cur[byte]
    old = 1 if oldbyte & mask else 0
    if grown or old != on:
        newbyte = (oldbyte | mask) if on else (oldbyte & ~mask & 0xFF)
        # Strings stay immutable bytes in the keyspace, so an edit costs one copy;
        # joining memoryview slices keeps it to exactly one.
        mv = memoryview(cur)
        store_edit(db, key, b"".join((mv[:byte], bytes((newbyte,)), mv[byte + 1:])),
                   key in db.data)
        db.ks.notify("$", "setbit", key, db.id)
    else:
        db.raw.add(key)          # Redis unshared the string for writing all the same
    return old


@command("GETBIT", arity=3, flags="readonly fast", keys=(1, 1, 1), group="bitmap",
         summary="Read one bit of a string; bits past the end read as 0.",
         complexity="O(1)", since="2.2.0", args=(Key(), Int("offset")))
def getbit(s, argv):
    offset = parse_offset(s, argv[2])
    v = s.db.get_string(argv[1])
    if v is None:
        return 0
    byte = offset >> 3
    if byte >= len(v):
        return 0
    return (v[byte] >> (7 - (offset & 7))) & 1


@command("BITCOUNT", arity=-2, flags="readonly", keys=(1, 1, 1), group="bitmap",
         summary="Count the set bits of a string, optionally within a byte or bit range.",
         complexity="O(N)", since="2.6.0", history=_UNIT_HISTORY,
         args=(Key(), Block("range", Int("start"), Int("end"), _UNIT, optional=True)))
def bitcount(s, argv):
    v = s.db.get_string(argv[1])
    if v is None:
        return 0
    argc = len(argv)
    if argc == 2:
        return bitops.popcount(v)
    if argc not in (4, 5):
        raise RedisError(errors.SYNTAX)
    start = to_int(argv[2])
    end = to_int(argv[3])
    if start < 0 and end < 0 and start > end:
        return 0                  # decided before the unit is even read, as in Redis
    isbit = _unit(argv[4]) if argc == 5 else False
    total = len(v) * 8 if isbit else len(v)
    start, end = clamp_offsets(start, end, total)
    if start > end:
        return 0
    if isbit:
        return bitops.count_bits(v, start, end)
    return bitops.popcount(v, start, end + 1)


@command("BITPOS", arity=-3, flags="readonly", keys=(1, 1, 1), group="bitmap",
         summary="Find the first bit set to 1 or 0 in a string, optionally within a byte or bit range.",
         complexity="O(N)", since="2.8.7", history=_UNIT_HISTORY,
         args=(Key(), Int("bit"),
               Block("range", Int("start"),
                     Block("end-unit-block", Int("end"), _UNIT, optional=True), optional=True)))
def bitpos(s, argv):
    bit = to_int(argv[2])
    if bit not in (0, 1):
        raise RedisError(errors.BITPOS_BIT)
    v = s.db.get_string(argv[1])
    if v is None:
        # A missing key is an endless run of zeros.
        return -1 if bit else 0
    argc = len(argv)
    end_given = False
    isbit = False
    if argc == 3:
        start, end = 0, len(v) - 1
    elif argc <= 6:
        start = to_int(argv[3])
        if argc == 6:
            isbit = _unit(argv[5])
        if argc >= 5:
            end = to_int(argv[4])
            end_given = True
        else:
            end = len(v) * 8 + 7 if isbit else len(v) - 1
        start, end = clamp_offsets(start, end, len(v) * 8 if isbit else len(v))
    else:
        raise RedisError(errors.SYNTAX)
    if start > end:
        return -1                 # an empty range holds neither a 0 nor a 1
    lo, hi = (start, end) if isbit else (start * 8, end * 8 + 7)
    pos = bitops.find_bit(v, bit, lo, hi)
    if pos >= 0 or bit:
        return pos
    # No clear bit inside: without an explicit end the string counts as zero-padded
    # on the right, so the answer is the first bit after the range.
    return -1 if end_given else hi + 1


@command("BITOP", arity=-4, flags="write denyoom", keys=(2, -1, 1), group="bitmap",
         summary="Combine strings bit by bit (AND, OR, XOR, or NOT of one) into a destination key; "
                 "returns the result's length in bytes.",
         complexity="O(N)", since="2.6.0",
         key_specs=(("OW update", ("index", 2), ("range", 0, 1, 0)),
                    ("RO access", ("index", 3), ("range", -1, 1, 0))),
         args=(OneOf("operation", Token("AND"), Token("OR"), Token("XOR"), Token("NOT")),
               Key("destkey"), Key("key", multiple=True, key_spec_index=1)))
def bitop(s, argv):
    db = s.db
    op = cword(argv[1])
    if op not in (b"AND", b"OR", b"XOR", b"NOT"):
        raise RedisError(errors.SYNTAX)
    if op == b"NOT" and len(argv) != 4:
        raise RedisError(errors.BITOP_NOT)
    values = []
    for key in argv[3:]:
        v = db.get_string(key)
        values.append(b"" if v is None else v)
    result = bitops.bitop(op, values)
    dest = argv[2]
    if result:
        db.set(dest, result)
        db.raw.add(dest)
        db.ks.notify("$", "set", dest, db.id)
    elif db.delete(dest):
        db.ks.notify("g", "del", dest, db.id)
    return len(result)


from . import bitfield  # noqa: E402,F401  (registers BITFIELD and BITFIELD_RO)
