"""cmsgpack and struct for Lua scripts: binary packing libraries Redis ships.

Written from the documented formats: MessagePack (with lua-cmsgpack's choices:
integral numbers as the smallest integer type, other numbers as float32 when
that is exact, else float64; tables with keys 1..n as arrays, others as maps)
and the struct library's format language (``<`` ``>`` ``!n`` ``x b B h H l L T
iN IN f d s cN``).
"""
from __future__ import annotations

import struct as _st

from .convert import lua_type

MAX_NESTING = 16        # lua-cmsgpack stops descending here and writes nil


# ----------------------------------------------------------------- cmsgpack

def _mp_int(n: int) -> bytes:
    if n >= 0:
        if n < 128:
            return bytes([n])
        for code, fmt, top in ((0xCC, ">B", 1 << 8), (0xCD, ">H", 1 << 16), (0xCE, ">I", 1 << 32)):
            if n < top:
                return bytes([code]) + _st.pack(fmt, n)
        return b"\xcf" + _st.pack(">Q", n & 0xFFFFFFFFFFFFFFFF)
    if n >= -32:
        return _st.pack(">b", n)
    for code, fmt, lo in ((0xD0, ">b", -(1 << 7)), (0xD1, ">h", -(1 << 15)), (0xD2, ">i", -(1 << 31))):
        if n >= lo:
            return bytes([code]) + _st.pack(fmt, n)
    return b"\xd3" + _st.pack(">q", max(n, -(1 << 63)))


def _fits_float32(v: float) -> bool:
    try:
        return _st.unpack(">f", _st.pack(">f", v))[0] == v
    except OverflowError:
        return False


def _mp_len(n: int, small: int, small_max: int, codes) -> bytes:
    if n < small_max:
        return bytes([small | n])
    if n <= 0xFFFF:
        return bytes([codes[0]]) + _st.pack(">H", n)
    return bytes([codes[1]]) + _st.pack(">I", n)


def _mp_encode(v, out: bytearray, depth: int) -> None:
    t = type(v)
    if v is None:
        out += b"\xc0"
    elif t is bool:
        out += b"\xc3" if v else b"\xc2"
    elif t is int or t is float:
        if t is int or (v == v and abs(v) < 2 ** 63 and v == int(v)):
            out += _mp_int(int(v))
        elif _fits_float32(v):
            out += b"\xca" + _st.pack(">f", v)
        else:
            out += b"\xcb" + _st.pack(">d", v)
    elif t is bytes:
        n = len(v)
        if n < 32:
            out.append(0xA0 | n)
        elif n <= 0xFF:
            out += b"\xd9" + bytes([n])
        elif n <= 0xFFFF:
            out += b"\xda" + _st.pack(">H", n)
        else:
            out += b"\xdb" + _st.pack(">I", n)
        out += v
    elif lua_type(v) == "table" and depth < MAX_NESTING:
        items = list(v.items())
        keys = [k for k, _ in items]
        is_array = all(type(k) in (int, float) and k >= 1 and k == int(k) for k in keys) and \
            (not keys or max(int(k) for k in keys) == len(keys))
        if is_array:
            out += _mp_len(len(keys), 0x90, 16, (0xDC, 0xDD))
            for i in range(1, len(keys) + 1):
                _mp_encode(v[i], out, depth + 1)
        else:
            out += _mp_len(len(items), 0x80, 16, (0xDE, 0xDF))
            for k, x in items:
                _mp_encode(k, out, depth + 1)
                _mp_encode(x, out, depth + 1)
    else:
        out += b"\xc0"


class _Reader:
    def __init__(self, data: bytes, pos: int = 0):
        self.d, self.p = data, pos

    def take(self, n: int) -> bytes:
        if self.p + n > len(self.d):
            raise ValueError("Missing bytes in input.")
        b = self.d[self.p:self.p + n]
        self.p += n
        return b

    def num(self, fmt: str):
        return _st.unpack(fmt, self.take(_st.calcsize(fmt)))[0]


def _mp_decode(r: _Reader, lua):
    c = r.take(1)[0]
    if c < 0x80:
        return c
    if c >= 0xE0:
        return c - 0x100
    if 0xA0 <= c <= 0xBF:
        return r.take(c & 0x1F)
    if 0x90 <= c <= 0x9F:
        return _mp_array(r, lua, c & 0x0F)
    if 0x80 <= c <= 0x8F:
        return _mp_map(r, lua, c & 0x0F)
    simple = {0xC0: None, 0xC2: False, 0xC3: True}
    if c in simple:
        return simple[c]
    nums = {0xCC: ">B", 0xCD: ">H", 0xCE: ">I", 0xCF: ">Q", 0xD0: ">b", 0xD1: ">h", 0xD2: ">i",
            0xD3: ">q", 0xCA: ">f", 0xCB: ">d"}
    if c in nums:
        return r.num(nums[c])
    lens = {0xD9: ">B", 0xDA: ">H", 0xDB: ">I", 0xC4: ">B", 0xC5: ">H", 0xC6: ">I"}
    if c in lens:
        return r.take(r.num(lens[c]))
    if c in (0xDC, 0xDD):
        return _mp_array(r, lua, r.num(">H" if c == 0xDC else ">I"))
    if c in (0xDE, 0xDF):
        return _mp_map(r, lua, r.num(">H" if c == 0xDE else ">I"))
    raise ValueError("Bad data format in input.")


def _mp_array(r, lua, n):
    return lua.table_from([_mp_decode(r, lua) for _ in range(n)])


def _mp_map(r, lua, n):
    t = lua.table()
    for _ in range(n):
        k = _mp_decode(r, lua)
        t[k] = _mp_decode(r, lua)
    return t


def make_cmsgpack(vm, guarded) -> dict:
    lua = vm.lua

    def pack(*a):
        if not a:
            raise ValueError("bad argument #0 to 'pack' (MessagePack pack needs input.)")
        out = bytearray()
        for v in a:
            _mp_encode(v, out, 0)
        return (bytes(out),)

    def unpack_limit(data, limit=0, offset=0):
        if type(data) is not bytes:
            raise ValueError("bad argument #1 to 'unpack' (string expected)")
        r = _Reader(data, int(offset))
        vals = []
        while r.p < len(data) and (limit <= 0 or len(vals) < limit):
            vals.append(_mp_decode(r, lua))
        return r.p, vals

    def unpack(*a):
        _, vals = unpack_limit(a[0] if a else None)
        return tuple(vals)

    def unpack_one(*a):
        pos, vals = unpack_limit(a[0] if a else None, 1, a[1] if len(a) > 1 else 0)
        return (pos if pos < len(a[0]) else -1, *vals)

    def unpack_lim(*a):
        pos, vals = unpack_limit(a[0] if a else None, int(a[1]) if len(a) > 1 else 0,
                                 a[2] if len(a) > 2 else 0)
        return (pos if pos < len(a[0]) else -1, *vals)

    return {b"pack": guarded(pack, "pack"), b"unpack": guarded(unpack, "unpack"),
            b"unpack_one": guarded(unpack_one, "unpack_one"),
            b"unpack_limit": guarded(unpack_lim, "unpack_limit"),
            b"_NAME": b"cmsgpack", b"_VERSION": b"lua-cmsgpack 0.4.0"}


# ------------------------------------------------------------------- struct

_SIZES = {"b": 1, "B": 1, "h": 2, "H": 2, "l": 8, "L": 8, "T": 8, "f": 4, "d": 8, "x": 1}


MAX_INT_SIZE = 32


def _items(fmt: bytes, fname: str):
    """Yield (option, size, little_endian, align) for each item of a format."""
    little, maxalign = True, 1
    s = fmt.decode("latin-1")
    i = 0
    while i < len(s):
        c = s[i]
        i += 1
        j = i
        while j < len(s) and s[j].isdigit():
            j += 1
        num = int(s[i:j]) if j > i else None
        if c == " ":
            continue
        if c in "<>=":
            little = c != ">"
            continue
        if c == "!":
            i = j
            maxalign = num if num is not None else 8
            continue
        if c in "iI":
            i = j
            size = num if num is not None else 4
            if size > MAX_INT_SIZE:
                raise ValueError(f"bad argument #1 to '{fname}' (integral size {size} is larger "
                                 f"than limit of {MAX_INT_SIZE})")
        elif c == "c":
            i = j
            size = num if num is not None else 1
        elif c == "s":
            size = 0
        elif c in _SIZES:
            size = _SIZES[c]
        else:
            raise ValueError(f"bad argument #1 to '{fname}' (invalid format option '{c}')")
        yield c, size, little, min(size, maxalign) if c not in "csx" else 1


def _pad(pos: int, align: int) -> int:
    return (-pos) % align if align > 1 and align & (align - 1) == 0 else 0


def make_struct(vm, guarded) -> dict:
    def pack(fmt=None, *vals):
        if type(fmt) is not bytes:
            raise ValueError("bad argument #1 to 'pack' (string expected)")
        out = bytearray()
        k = 0
        for c, size, little, align in _items(fmt, "pack"):
            out += b"\0" * _pad(len(out), align)
            if c == "x":
                out += b"\0"
                continue
            if k >= len(vals):
                raise ValueError(f"bad argument #{k + 2} to 'pack' (number expected, got nil)")
            v = vals[k]
            k += 1
            if c in "fd":
                out += _st.pack(("<" if little else ">") + c, float(v))
            elif c == "s":
                out += v + b"\0"
            elif c == "c":
                data = v if type(v) is bytes else str(v).encode()
                n = len(data) if size == 0 else size
                if len(data) < n:
                    raise ValueError(f"bad argument #{k + 2} to 'pack' (string too short)")
                out += data[:n]
            else:
                n = int(float(v)) & ((1 << (8 * size)) - 1)
                out += n.to_bytes(size, "little" if little else "big")
        return (bytes(out),)

    def unpack(fmt=None, data=None, init=1):
        if type(fmt) is not bytes or type(data) is not bytes:
            raise ValueError("bad argument #2 to 'unpack' (string expected)")
        pos = int(init) - 1
        res = []
        for c, size, little, align in _items(fmt, "unpack"):
            pos += _pad(pos, align)
            if c == "c" and size == 0:
                size = int(res.pop()) if res else 0
            if c == "s":
                end = data.find(b"\0", pos)
                if end < 0:
                    raise ValueError("unfinished string in data")
                res.append(data[pos:end])
                pos = end + 1
                continue
            if pos + size > len(data):
                raise ValueError("bad argument #2 to 'unpack' (data string too short)")
            chunk = data[pos:pos + size]
            pos += size
            if c == "x":
                continue
            if c in "fd":
                res.append(_st.unpack(("<" if little else ">") + c, chunk)[0])
            elif c == "c":
                res.append(chunk)
            else:
                n = int.from_bytes(chunk, "little" if little else "big")
                if c in "bhli" and n >= 1 << (8 * size - 1):
                    n -= 1 << (8 * size)
                res.append(n)
        return (*res, pos + 1)

    def size(fmt=None):
        total = 0
        for c, n, _, align in _items(fmt or b"", "size"):
            if c == "s" or (c == "c" and n == 0):
                opt = "s" if c == "s" else "c0"
                raise ValueError(f"bad argument #1 to 'size' (option '{opt}' has no fixed size)")
            total += _pad(total, align) + n
        return (total,)

    return {b"pack": guarded(pack, "pack"), b"unpack": guarded(unpack, "unpack"),
            b"size": guarded(size, "size")}
