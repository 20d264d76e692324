"""Bit-level helpers for bitmap commands: counting, searching, combining, bitfields.

Bit numbering is Redis's: bit 0 is the most significant bit of byte 0, so a
bitmap reads left to right the way GET shows it. Everything here works on whole
byte runs with C-speed primitives (int.from_bytes + bit_count, regex scans, big-int
boolean ops) because bitmaps may reach 512 MB; only the ragged edge bytes of a bit
range are handled one bit at a time.
"""
from __future__ import annotations

import re

_CHUNK = 1 << 20
_NOT_ZERO = re.compile(rb"[^\x00]")
_NOT_ONES = re.compile(rb"[^\xff]")
_M64 = (1 << 64) - 1


def popcount(data, start: int = 0, end: int | None = None) -> int:
    """Set bits in data[start:end], counted in 1 MB slices to bound temporary memory."""
    mv = memoryview(data)[start:end]
    total = 0
    for i in range(0, len(mv), _CHUNK):
        total += int.from_bytes(mv[i:i + _CHUNK], "big").bit_count()
    return total


def count_bits(data, lo: int, hi: int) -> int:
    """Set bits between bit positions lo and hi, both inclusive (lo <= hi < 8*len)."""
    sb, eb = lo >> 3, hi >> 3
    if eb - sb < 2:
        x = int.from_bytes(data[sb:eb + 1], "big") >> (7 - (hi & 7))
        return (x & ((1 << (hi - lo + 1)) - 1)).bit_count()
    head = count_bits(data, lo, sb * 8 + 7)
    tail = count_bits(data, eb * 8, hi)
    return head + popcount(data, sb + 1, eb) + tail


def find_bit(data, bit: int, lo: int, hi: int) -> int:
    """Position of the first bit equal to ``bit`` in [lo, hi] (inclusive), or -1."""
    rx = _NOT_ZERO if bit else _NOT_ONES
    pos = lo
    while pos <= hi:
        if pos & 7 == 0 and pos + 7 <= hi:
            stop = (hi + 1) >> 3                # bytes wholly inside the range
            m = rx.search(data, pos >> 3, stop)
            if m is None:
                pos = stop * 8
                continue
            byte = m.start()
            b = data[byte] if bit else data[byte] ^ 0xFF
            found = byte * 8 + 8 - b.bit_length()
            return found if found <= hi else -1
        if (data[pos >> 3] >> (7 - (pos & 7))) & 1 == bit:
            return pos
        pos += 1
    return -1


def bitop(op: bytes, values: list) -> bytes:
    """AND/OR/XOR over values zero-padded to the longest; NOT of a single value."""
    n = max((len(v) for v in values), default=0)
    if n == 0:
        return b""
    if op == b"NOT":
        x = int.from_bytes(values[0], "big") ^ ((1 << (8 * n)) - 1)
        return x.to_bytes(n, "big")
    ints = [int.from_bytes(v.ljust(n, b"\0"), "big") for v in values]
    acc = ints[0]
    if op == b"AND":
        for x in ints[1:]:
            acc &= x
    elif op == b"OR":
        for x in ints[1:]:
            acc |= x
    else:
        for x in ints[1:]:
            acc ^= x
    return acc.to_bytes(n, "big")


def set_bit(buf: bytearray, offset: int, on: int) -> int:
    """Set or clear one bit of a bytearray long enough to hold it; returns the old bit."""
    byte = offset >> 3
    mask = 1 << (7 - (offset & 7))
    old = 1 if buf[byte] & mask else 0
    if on:
        buf[byte] |= mask
    else:
        buf[byte] &= ~mask & 0xFF
    return old


# ------------------------------------------------------------------ bitfields

def get_unsigned(data, offset: int, bits: int) -> int:
    """The ``bits``-wide big-endian field at bit ``offset``; bytes past the end read as 0."""
    sb = offset >> 3
    eb = (offset + bits - 1) >> 3
    chunk = bytes(data[sb:eb + 1]).ljust(eb - sb + 1, b"\0")
    x = int.from_bytes(chunk, "big")
    x >>= (eb + 1) * 8 - (offset + bits)
    return x & ((1 << bits) - 1)


def get_signed(data, offset: int, bits: int) -> int:
    v = get_unsigned(data, offset, bits)
    if v >> (bits - 1):
        v -= 1 << bits
    return v


def set_field(buf: bytearray, offset: int, bits: int, value: int) -> None:
    """Write the low ``bits`` of value (two's complement for negatives) at ``offset``."""
    value &= (1 << bits) - 1
    sb = offset >> 3
    eb = (offset + bits - 1) >> 3
    width = (eb - sb + 1) * 8
    shift = width - (offset - sb * 8) - bits
    x = int.from_bytes(buf[sb:eb + 1], "big")
    mask = ((1 << bits) - 1) << shift
    x = (x & ~mask) | (value << shift)
    buf[sb:eb + 1] = x.to_bytes(eb - sb + 1, "big")


WRAP, SAT, FAIL = 0, 1, 2


def overflow_unsigned(value: int, incr: int, bits: int, mode: int):
    """(overflowed, value to store) for ``value + incr`` in a u<bits> field.
    ``value`` is taken as an unsigned 64-bit number, as Redis casts a SET argument."""
    value &= _M64
    top = (1 << bits) - 1
    total = value + incr
    if value > top or total > top:
        limit = top
    elif total < 0:
        limit = 0
    else:
        return False, total
    if mode == WRAP:
        limit = total & top
    return True, limit


def overflow_signed(value: int, incr: int, bits: int, mode: int):
    """(overflowed, value to store) for ``value + incr`` in an i<bits> field."""
    top = (1 << (bits - 1)) - 1
    bottom = -top - 1
    total = value + incr
    # Redis computes the headroom in 64-bit arithmetic that may wrap (SET i1 with
    # INT64_MIN counts as a positive overflow there); reproduce it, not the maths.
    maxincr = _wrap64(top - value)
    minincr = _wrap64(bottom - value)
    if (value > top or (bits != 64 and incr > maxincr)
            or (value >= 0 and incr > 0 and incr > maxincr)):
        limit = top
    elif (value < bottom or (bits != 64 and incr < minincr)
            or (value < 0 and incr < 0 and incr < minincr)):
        limit = bottom
    else:
        return False, total
    if mode == WRAP:
        # Wrap in two's complement: keep the low bits and sign-extend from the top one.
        limit = ((total - bottom) & ((1 << bits) - 1)) + bottom
    return True, limit


def _wrap64(v: int) -> int:
    """v as a C int64_t after two's-complement wrap-around."""
    return ((v + (1 << 63)) & _M64) - (1 << 63)
