"""The compact blobs Redis stores small values in, as RDB payloads carry them.

* listpack (Redis 7): a 6-byte header (total bytes, element count, little-endian),
  the elements, and a 0xFF terminator. Each element is its encoding byte(s), its
  data, and its own size written backwards ("backlen") so it can be walked from the
  tail. Canonical integers are stored as integers of 7, 13, 16, 24, 32 or 64 bits;
  other strings with a 6-bit, 12-bit or 32-bit length.
* ziplist (before 7.0, read only): a 10-byte header, then elements that start with
  the previous element's size, an encoding byte and the data.
* intset: encoding width (2, 4 or 8), count, then the sorted integers, little-endian.

Everything here raises ``BadFormat`` on a blob that does not hold together.
"""
from __future__ import annotations

from .wire import BadFormat, canonical_int

_LP_HEADER = 6
_LP_END = 0xFF


def _backlen(n: int) -> bytes:
    """An element's size, stored so it can be read from its last byte backwards."""
    out = [n & 127]
    n >>= 7
    while n:
        out.append(n & 127)
        n >>= 7
    # most significant group first; every group but the first has the high bit set
    out.reverse()
    return bytes([out[0]] + [b | 128 for b in out[1:]])


def _lp_int(v: int) -> bytes:
    if 0 <= v <= 127:
        return bytes((v,))
    if -4096 <= v <= 4095:
        v &= 0x1FFF
        return bytes((0xC0 | (v >> 8), v & 0xFF))
    for marker, width in ((0xF1, 2), (0xF2, 3), (0xF3, 4)):
        if -(1 << (8 * width - 1)) <= v < (1 << (8 * width - 1)):
            return bytes((marker,)) + v.to_bytes(width, "little", signed=True)
    return b"\xf4" + v.to_bytes(8, "little", signed=True)


def lp_element(e) -> bytes:
    """One listpack element for ``e`` (bytes, or an int stored as an integer)."""
    v = e if type(e) is int else canonical_int(e)
    if v is not None:
        enc = _lp_int(v)
    else:
        n = len(e)
        if n < 64:
            enc = bytes((0x80 | n,)) + e
        elif n < 4096:
            enc = bytes((0xE0 | (n >> 8), n & 0xFF)) + e
        else:
            enc = b"\xf0" + n.to_bytes(4, "little") + e
    return enc + _backlen(len(enc))


def listpack(elements) -> bytes:
    parts = [lp_element(e) for e in elements]
    body = b"".join(parts)
    count = min(len(parts), 65535)          # 65535 means "count them"
    total = _LP_HEADER + len(body) + 1
    return total.to_bytes(4, "little") + count.to_bytes(2, "little") + body + b"\xff"


def _lp_read(blob: bytes, i: int):
    """(element, size of its encoding + data) at offset i."""
    b = blob[i]
    if b < 0x80:
        return b"%d" % b, 1
    if b < 0xC0:
        n = b & 0x3F
        return blob[i + 1:i + 1 + n], 1 + n
    if b < 0xE0:
        v = ((b & 0x1F) << 8) | blob[i + 1]
        return b"%d" % (v - 0x2000 if v & 0x1000 else v), 2
    if b < 0xF0:
        n = ((b & 0x0F) << 8) | blob[i + 1]
        return blob[i + 2:i + 2 + n], 2 + n
    if b == 0xF0:
        n = int.from_bytes(blob[i + 1:i + 5], "little")
        return blob[i + 5:i + 5 + n], 5 + n
    width = {0xF1: 2, 0xF2: 3, 0xF3: 4, 0xF4: 8}.get(b)
    if width is None:
        raise BadFormat("bad listpack encoding")
    return b"%d" % int.from_bytes(blob[i + 1:i + 1 + width], "little", signed=True), 1 + width


def parse_listpack(blob: bytes) -> list:
    if len(blob) < _LP_HEADER + 1 or int.from_bytes(blob[:4], "little") != len(blob):
        raise BadFormat("listpack size mismatch")
    count = int.from_bytes(blob[4:6], "little")
    out = []
    i, end = _LP_HEADER, len(blob) - 1
    try:
        while i < end:
            e, size = _lp_read(blob, i)
            back = _backlen(size)
            if i + size + len(back) > end or blob[i + size:i + size + len(back)] != back:
                raise BadFormat("bad listpack element")
            out.append(e)
            i += size + len(back)
    except IndexError:
        raise BadFormat("truncated listpack") from None
    if i != end or blob[end] != _LP_END or (count != 65535 and count != len(out)):
        raise BadFormat("bad listpack terminator or count")
    return out


def parse_ziplist(blob: bytes) -> list:
    if len(blob) < 11 or int.from_bytes(blob[:4], "little") != len(blob) or blob[-1] != 0xFF:
        raise BadFormat("ziplist size mismatch")
    count = int.from_bytes(blob[8:10], "little")
    out = []
    i, end = 10, len(blob) - 1
    try:
        while i < end:
            i += 5 if blob[i] == 0xFE else 1           # previous element's size
            b = blob[i]
            kind = b >> 6
            if kind == 0:
                n, i = b & 0x3F, i + 1
            elif kind == 1:
                n, i = ((b & 0x3F) << 8) | blob[i + 1], i + 2
            elif kind == 2:
                n, i = int.from_bytes(blob[i + 1:i + 5], "big"), i + 5
            else:
                n = None
            if n is not None:
                if i + n > end:
                    raise BadFormat("truncated ziplist string")
                out.append(blob[i:i + n])
                i += n
                continue
            width = {0xC0: 2, 0xD0: 4, 0xE0: 8, 0xF0: 3, 0xFE: 1}.get(b)
            if width is not None:
                out.append(b"%d" % int.from_bytes(blob[i + 1:i + 1 + width], "little", signed=True))
                i += 1 + width
            elif 0xF1 <= b <= 0xFD:
                out.append(b"%d" % ((b & 0x0F) - 1))
                i += 1
            else:
                raise BadFormat("bad ziplist encoding")
    except IndexError:
        raise BadFormat("truncated ziplist") from None
    if i != end or (count != 65535 and count != len(out)):
        raise BadFormat("bad ziplist count")
    return out


def intset(values) -> bytes:
    values = sorted(values)
    lo, hi = (values[0], values[-1]) if values else (0, 0)
    width = 2 if -32768 <= lo and hi <= 32767 else 4 if -(1 << 31) <= lo and hi < (1 << 31) else 8
    head = width.to_bytes(4, "little") + len(values).to_bytes(4, "little")
    return head + b"".join(v.to_bytes(width, "little", signed=True) for v in values)


def parse_intset(blob: bytes) -> list:
    if len(blob) < 8:
        raise BadFormat("intset too short")
    width = int.from_bytes(blob[:4], "little")
    n = int.from_bytes(blob[4:8], "little")
    if width not in (2, 4, 8) or len(blob) != 8 + width * n:
        raise BadFormat("intset size mismatch")
    vals = [int.from_bytes(blob[8 + k * width:8 + (k + 1) * width], "little", signed=True) for k in range(n)]
    if any(a >= b for a, b in zip(vals, vals[1:])):
        raise BadFormat("intset not sorted")
    return vals
