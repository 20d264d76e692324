"""BITFIELD and BITFIELD_RO: integers of any width from 1 to 64 bits inside a string.

The whole argument list is parsed before the key is touched, as Redis does, so a
malformed later operation fails the command without side effects. A command with any
SET or INCRBY then grows (or creates) the string up to the furthest bit it may write,
even when OVERFLOW FAIL ends up refusing every write - learners can see that in GET.
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import to_int, upper
from ..datatypes import bitops
from ..registry import Block, Int, Key, OneOf, Str, Token, command, varying_key_flags
from .bitmaps import cword, parse_offset, store_edit

_GET, _SET, _INCRBY = 0, 1, 2
_OVERFLOW = {b"WRAP": bitops.WRAP, b"SAT": bitops.SAT, b"FAIL": bitops.FAIL}


def _parse_type(raw) -> tuple[bool, int]:
    """``i<bits>`` (1..64) or ``u<bits>`` (1..63): (signed, bits). Redis reads the type
    as a C string, so anything after a NUL byte is ignored."""
    t = bytes(raw).split(b"\0", 1)[0]
    sign = t[:1]
    if sign not in (b"i", b"u"):
        raise RedisError(errors.BITFIELD_TYPE)
    try:
        bits = to_int(t[1:])
    except RedisError:
        raise RedisError(errors.BITFIELD_TYPE) from None
    signed = sign == b"i"
    if bits < 1 or bits > (64 if signed else 63):
        raise RedisError(errors.BITFIELD_TYPE)
    return signed, bits


def _parse(s, argv):
    """[(opcode, signed, bits, offset, value, overflow mode)], highest bit written or -1."""
    ops = []
    highest = -1
    mode = bitops.WRAP
    argc = len(argv)
    j = 2
    while j < argc:
        left = argc - j - 1
        word = cword(argv[j])
        if word == b"GET" and left >= 2:
            opcode = _GET
        elif word == b"SET" and left >= 3:
            opcode = _SET
        elif word == b"INCRBY" and left >= 3:
            opcode = _INCRBY
        elif word == b"OVERFLOW" and left >= 1:
            mode = _OVERFLOW.get(cword(argv[j + 1]))
            if mode is None:
                raise RedisError(errors.BITFIELD_OVERFLOW)
            j += 2
            continue
        else:
            raise RedisError(errors.SYNTAX)
        signed, bits = _parse_type(argv[j + 1])
        offset = parse_offset(s, argv[j + 2], hash_ok=True, bits=bits)
        value = 0
        if opcode != _GET:
            highest = max(highest, offset + bits - 1)
            value = to_int(argv[j + 3])
        ops.append((opcode, signed, bits, offset, value, mode))
        j += 3 if opcode == _GET else 4
    return ops, highest


def _run(s, argv, readonly_cmd: bool):
    db = s.db
    key = argv[1]
    ops, highest = _parse(s, argv)
    if highest < 0:
        v = db.get_string(key)
        data = b"" if v is None else v
        return [(bitops.get_signed if signed else bitops.get_unsigned)(data, off, bits)
                for _, signed, bits, off, _, _ in ops]
    if readonly_cmd:
        raise RedisError(errors.BITFIELD_RO)
    cur = db.get_string(key)
    existed = cur is not None
    need = (highest >> 3) + 1
    buf = bytearray(cur or b"")
    if len(buf) < need:
        buf.extend(bytes(need - len(buf)))
    reply = []
    for opcode, signed, bits, off, value, mode in ops:
        if opcode == _GET:
            reply.append((bitops.get_signed if signed else bitops.get_unsigned)(buf, off, bits))
            continue
        if signed:
            old = bitops.get_signed(buf, off, bits)
            check = bitops.overflow_signed
        else:
            old = bitops.get_unsigned(buf, off, bits)
            check = bitops.overflow_unsigned
        if opcode == _INCRBY:
            over, new = check(old, value, bits, mode)
            ret = new
        else:
            over, new = check(value, 0, bits, mode)
            ret = old
        if over and mode == bitops.FAIL:
            reply.append(None)
            continue
        bitops.set_field(buf, off, bits, new)
        reply.append(ret)
    store_edit(db, key, bytes(buf), existed)
    db.ks.notify("$", "setbit", key, db.id)
    return reply


_ENC_OFF = (Str("encoding"), Int("offset"))


def _bitfield_key_flags(argv) -> str:
    """Only GET (and OVERFLOW) operations, all complete: the key is just read. Anything
    else, a malformed operation included, may write."""
    i, n = 2, len(argv)
    while i < n:
        op, left = upper(argv[i]), n - i - 1
        if op == b"GET" and left >= 2:
            i += 3
        elif op == b"OVERFLOW" and left >= 1:
            i += 2
        else:
            return "RW access update"
    return "RO access"


@command("BITFIELD", arity=-2, flags="write denyoom", keys=(1, 1, 1), group="bitmap",
         summary="Read, set and increment integers of arbitrary width at any bit offset of a string, "
                 "with a chosen overflow policy.",
         complexity="O(1) for each subcommand specified", since="3.2.0",
         args=(Key(), OneOf("operation",
                            Block("get-block", *_ENC_OFF, token="GET"),
                            Block("write",
                                  OneOf("overflow-block", Token("WRAP"), Token("SAT"), Token("FAIL"),
                                        token="OVERFLOW", optional=True),
                                  OneOf("write-operation",
                                        Block("set-block", *_ENC_OFF, Int("value"), token="SET"),
                                        Block("incrby-block", *_ENC_OFF, Int("increment"), token="INCRBY"))),
                            optional=True, multiple=True)),
         key_specs=(("RW access update variable_flags", ("index", 1), ("range", 0, 1, 0),
                    "GET reads the key and SET/INCRBY change it"),))
@varying_key_flags(_bitfield_key_flags)
def bitfield(s, argv):
    return _run(s, argv, False)


@command("BITFIELD_RO", arity=-2, flags="readonly fast", keys=(1, 1, 1), group="bitmap",
         summary="Read-only BITFIELD: only GET operations, so it may run on replicas.",
         complexity="O(1) for each subcommand specified", since="6.0.0",
         args=(Key(), Block("get-block", *_ENC_OFF, token="GET", optional=True, multiple=True,
                            multiple_token=True)))
def bitfield_ro(s, argv):
    return _run(s, argv, True)
