"""LZF, the small LZ77 compressor Redis applies to long strings in RDB payloads.

The compressed stream is a sequence of chunks, each starting with a control byte:

* ``000LLLLL``: a literal run; the next ``L + 1`` bytes (1..32) are copied as is;
* ``LLLOOOOO oooooooo``: a back reference of ``L + 2`` bytes (L is 1..6) starting
  ``(O << 8 | o) + 1`` bytes back in the output (up to 8192);
* ``111OOOOO llllllll oooooooo``: the same with a length of ``l + 9`` (9..264).

Any correct encoder produces a stream every decoder reads, but Redis's bytes depend
on the encoder's choices. To give the same bytes (so a DUMP here equals a DUMP from
redis-server), ``compress`` makes the choices of the reference encoder Redis ships
with, in its default "very fast" mode: a 65536-slot table remembers, per hash of the
next three bytes, the last position where they started; a candidate is taken
greedily when its three bytes match and it lies within reach; after a match the two
positions before its end are hashed into the table; position 0 is never a
candidate (an empty slot reads as 0); and the output budget is checked at the same
points, so whether a string "fits" is decided the same way.
"""
from __future__ import annotations

MAX_LITERAL = 32
MAX_OFFSET = 1 << 13
MAX_MATCH = 264
_SLOTS_MASK = 0xFFFF


def _slot(data, i: int) -> int:
    # Hash of the three bytes at i (the reference encoder's "very fast" hash).
    h = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2]
    return ((h >> 8) - h * 5) & _SLOTS_MASK


def _match_length(data, ref: int, ip: int, limit: int) -> int:
    """Bytes equal at ref and ip (the first three are known equal). The reference
    encoder compares 16 bytes unconditionally when ``limit`` is above 16, so a match
    near the end of the input may pass ``limit`` by one or two bytes."""
    n = 2
    if limit > 16:
        for _ in range(16):
            n += 1
            if data[ref + n] != data[ip + n]:
                return n
    while True:
        n += 1
        if n >= limit or data[ref + n] != data[ip + n]:
            return n


def compress(data: bytes, budget: int | None = None) -> bytes | None:
    """``data`` compressed, or None when the result would not fit in ``budget``
    bytes (no budget: always an answer, possibly longer than the input)."""
    n = len(data)
    if not n:
        return None
    end = budget if budget is not None else 2 * n + 16
    table = [0] * (_SLOTS_MASK + 1)
    out = bytearray(1)          # out[-lit - 1] is the control byte of the open literal run
    lit = 0
    ip = 0
    in_tail = False             # the last two bytes can only be literals
    while ip < n:
        if ip < n - 2:
            slot = _slot(data, ip)
            ref = table[slot]
            table[slot] = ip
            off = ip - ref - 1
            if (ref > 0 and off < MAX_OFFSET and data[ref] == data[ip]
                    and data[ref + 1] == data[ip + 1] and data[ref + 2] == data[ip + 2]):
                op = len(out)
                if op + 4 >= end and op - (not lit) + 4 >= end:
                    return None
                if lit:
                    out[-lit - 1] = lit - 1         # close the literal run
                else:
                    del out[-1]                     # drop the empty run's control byte
                length = _match_length(data, ref, ip, min(n - ip - 2, MAX_MATCH)) - 2
                if length < 7:
                    out.append((off >> 8) + (length << 5))
                else:
                    out.append((off >> 8) + (7 << 5))
                    out.append(length - 7)
                out.append(off & 0xFF)
                out.append(0)                       # open the next literal run
                lit = 0
                ip += length + 2
                if ip < n - 2:
                    for p in (ip - 2, ip - 1):
                        table[_slot(data, p)] = p
                continue
            if len(out) >= end:
                return None
        elif not in_tail:
            if len(out) + 3 > end:
                return None
            in_tail = True
        out.append(data[ip])
        ip += 1
        lit += 1
        if lit == MAX_LITERAL:
            out[-lit - 1] = lit - 1
            out.append(0)
            lit = 0
    if not in_tail and len(out) + 3 > end:
        return None
    if lit:
        out[-lit - 1] = lit - 1
    else:
        del out[-1]
    return bytes(out)


def decompress(data: bytes, size: int) -> bytes:
    """The ``size`` bytes ``data`` encodes; ValueError when it is not valid LZF."""
    out = bytearray()
    i, n = 0, len(data)
    while i < n:
        ctrl = data[i]
        i += 1
        if ctrl < 32:
            run = ctrl + 1
            if i + run > n:
                raise ValueError("literal run past the end of the input")
            out += data[i:i + run]
            i += run
        else:
            length = ctrl >> 5
            if length == 7:
                if i >= n:
                    raise ValueError("truncated back reference")
                length += data[i]
                i += 1
            if i >= n:
                raise ValueError("truncated back reference")
            start = len(out) - (((ctrl & 0x1F) << 8) | data[i]) - 1
            i += 1
            if start < 0:
                raise ValueError("back reference before the start of the output")
            length += 2
            if start + length <= len(out):
                out += out[start:start + length]
            else:                               # overlapping copy repeats the pattern
                for k in range(length):
                    out.append(out[start + k])
        if len(out) > size:
            raise ValueError("output longer than announced")
    if len(out) != size:
        raise ValueError("output length differs from the announced length")
    return bytes(out)
