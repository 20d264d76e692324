"""The extra Lua libraries Redis links into its interpreter: bit, cjson, cmsgpack, struct.

Stock Lua 5.1 (lupa) has none of them, so they are written here in Python. Each
function takes Lua values and returns ``(True, *results)`` or ``(False, message)``;
the Lua side (runtime._BOOT ``lift``) turns a failure into a Lua error.
Behaviour follows the documented semantics of LuaBitOp, lua-cjson, lua-cmsgpack
and Roberto Ierusalimschy's struct library as Redis ships them.
"""
from __future__ import annotations

import math
import re

from .api import LuaRaise
from .convert import lua_type
from .packs import make_cmsgpack, make_struct


def _num(v, n: int, fname: str):
    if type(v) in (int, float):
        return v
    if type(v) is bytes:
        try:
            return float(v) if b"." in v or b"e" in v.lower() else int(v, 0)
        except ValueError:
            pass
    got = "no value" if v is None else lua_type(v) or type(v).__name__
    if type(v) is bytes:
        got = "string"
    raise ValueError(f"bad argument #{n} to '{fname}' (number expected, got {got})")


def _tobit(x) -> int:
    # LuaBitOp converts through a double with round-to-nearest, then keeps 32 bits.
    if type(x) is float:
        if math.isnan(x) or math.isinf(x):
            return 0
        x = round(x)
    x &= 0xFFFFFFFF
    return x - (1 << 32) if x & 0x80000000 else x


def _guarded(fn, fname):
    """A library function for Lua: results as a tuple (Lua gets them all), failures
    as a Lua error carrying the script's position, as luaL_error gives."""
    def call(*a):
        try:
            r = tuple(fn(*a))
        except ValueError as e:
            raise LuaRaise(str(e).encode(), True) from None
        return r[0] if len(r) == 1 else r
    call.__name__ = fname
    return call


def make_bit():
    def args(fname, a, need):
        if len(a) < need:
            _num(None, len(a) + 1, fname)
        return [_tobit(_num(v, i + 1, fname)) for i, v in enumerate(a)]

    def fold(fname, op):
        def f(*a):
            vals = args(fname, a, 1)
            r = vals[0]
            for v in vals[1:]:
                r = op(r, v)
            return (_tobit(r),)
        return _guarded(f, fname)

    def shift(fname, op):
        def f(*a):
            x, n = args(fname, a[:2], 2)
            return (_tobit(op(x & 0xFFFFFFFF, n & 31)),)
        return _guarded(f, fname)

    def tohex(*a):
        vals = args("tohex", a[:2], 1)
        x = vals[0] & 0xFFFFFFFF
        n = vals[1] if len(vals) > 1 else 8
        upper = n < 0
        n = min(abs(n), 8)
        s = ("%08X" if upper else "%08x") % x
        return (s[8 - n:].encode(),)

    def bswap(*a):
        x = args("bswap", a[:1], 1)[0] & 0xFFFFFFFF
        return (_tobit(int.from_bytes(x.to_bytes(4, "little"), "big")),)

    return {
        b"tobit": _guarded(lambda *a: (args("tobit", a[:1], 1)[0],), "tobit"),
        b"bnot": _guarded(lambda *a: (_tobit(~args("bnot", a[:1], 1)[0]),), "bnot"),
        b"band": fold("band", lambda x, y: x & y),
        b"bor": fold("bor", lambda x, y: x | y),
        b"bxor": fold("bxor", lambda x, y: x ^ y),
        b"lshift": shift("lshift", lambda x, n: x << n),
        b"rshift": shift("rshift", lambda x, n: x >> n),
        b"arshift": shift("arshift", lambda x, n: _tobit(x) >> n),
        b"rol": shift("rol", lambda x, n: (x << n) | (x >> (32 - n)) if n else x),
        b"ror": shift("ror", lambda x, n: (x >> n) | (x << (32 - n)) if n else x),
        b"bswap": _guarded(bswap, "bswap"),
        b"tohex": _guarded(tohex, "tohex"),
    }


# ------------------------------------------------------------------- cjson


class _Null:
    """cjson.null: an opaque userdata on the Lua side, as lua-cjson's lightuserdata."""

    __slots__ = ()

    def __repr__(self):
        return "cjson.null"


NULL = _Null()

_ESCAPES = {0x22: b'\\"', 0x5C: b"\\\\", 0x2F: b"\\/", 0x08: b"\\b", 0x0C: b"\\f",
            0x0A: b"\\n", 0x0D: b"\\r", 0x09: b"\\t"}


def _json_string(b: bytes) -> bytes:
    out = bytearray(b'"')
    for c in b:
        e = _ESCAPES.get(c)
        if e is not None:
            out += e
        elif c < 0x20 or c == 0x7F:
            out += b"\\u%04x" % c
        else:
            out.append(c)
    out += b'"'
    return bytes(out)


def _json_number(n) -> bytes:
    if type(n) is float and (math.isnan(n) or math.isinf(n)):
        raise ValueError("Cannot serialise number: must not be NaN or Inf")
    return b"%.14g" % n


class _CJson:
    def __init__(self, vm):
        self.vm = vm
        self.null = NULL
        self.max_depth = 1000

    def encode(self, *a):
        if len(a) != 1:
            raise ValueError("bad argument #1 to 'encode' (expected 1 argument)")
        out = bytearray()
        self._enc(a[0], out, 1)
        return (bytes(out),)

    def _enc(self, v, out: bytearray, depth: int) -> None:
        t = type(v)
        if v is None or v is NULL:
            out += b"null"
        elif t is bool:
            out += b"true" if v else b"false"
        elif t is int or t is float:
            out += _json_number(v)
        elif t is bytes:
            out += _json_string(v)
        elif lua_type(v) == "table":
            if depth > self.max_depth:
                raise ValueError(f"Cannot serialise, excessive nesting ({depth})")
            keys = list(v.keys())
            n = self._array_len(keys)
            if n is not None and (n > 0 or not keys):
                if not keys:
                    out += b"{}"
                    return
                out += b"["
                for i in range(1, n + 1):
                    if i > 1:
                        out += b","
                    self._enc(v[i], out, depth + 1)
                out += b"]"
                return
            out += b"{"
            first = True
            for k in keys:
                if type(k) is bytes:
                    ks = _json_string(k)
                elif type(k) in (int, float):
                    ks = b'"' + _json_number(k) + b'"'
                else:
                    raise ValueError("Cannot serialise table: table key must be a number or string")
                if not first:
                    out += b","
                first = False
                out += ks + b":"
                self._enc(v[k], out, depth + 1)
            out += b"}"
        else:
            raise ValueError(f"Cannot serialise {lua_type(v) or 'userdata'}: type not supported")

    @staticmethod
    def _array_len(keys):
        mx = 0
        for k in keys:
            if type(k) is float and k == int(k):
                k = int(k)
            if type(k) is not int or k < 1:
                return None
            mx = max(mx, k)
        if mx > 10 and mx > 2 * len(keys):
            raise ValueError("Cannot serialise table: excessively sparse array")
        return mx

    def decode(self, *a):
        if len(a) != 1 or type(a[0]) is not bytes:
            raise ValueError("bad argument #1 to 'decode' (string expected)")
        return (_JsonDecoder(a[0], self).document(),)


_TOKEN_BYTES = {ord("{"): "T_OBJ_BEGIN", ord("}"): "T_OBJ_END", ord("["): "T_ARR_BEGIN",
                ord("]"): "T_ARR_END", ord(":"): "T_COLON", ord(","): "T_COMMA"}
_NUMBER = re.compile(rb"-?(?:0[xX][0-9a-fA-F]+|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|nan)", re.I)
_ESC = {ord("b"): b"\b", ord("f"): b"\f", ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t",
        ord('"'): b'"', ord("\\"): b"\\", ord("/"): b"/"}


class _JsonDecoder:
    """lua-cjson's grammar and its error messages ("Expected X but found Y at character N")."""

    def __init__(self, data: bytes, cj):
        self.d, self.p, self.cj, self.depth = data, 0, cj, 0

    def token(self):
        """(kind, value, index) of the next token."""
        d = self.d
        while self.p < len(d) and d[self.p] in b" \t\r\n":
            self.p += 1
        i = self.p
        if i >= len(d):
            return "T_END", None, i
        c = d[i]
        if c in _TOKEN_BYTES:
            self.p += 1
            return _TOKEN_BYTES[c], None, i
        if c == ord('"'):
            return self.string(i)
        for word, kind, val in ((b"true", "T_BOOLEAN", True), (b"false", "T_BOOLEAN", False),
                                (b"null", "T_NULL", None)):
            if d.startswith(word, i):
                self.p += len(word)
                return kind, val, i
        m = _NUMBER.match(d, i)
        if m:
            self.p = m.end()
            text = m.group()
            v = float(int(text, 16)) if b"x" in text.lower() and b"n" not in text.lower() else float(text)
            # keep -0 and non-finite values as floats; integral values read as integers
            if math.isfinite(v) and v == int(v) and abs(v) < 2 ** 53 and not (v == 0 and text.startswith(b"-")):
                v = int(v)
            return "T_NUMBER", v, i
        if c in b"-0123456789":
            return "T_ERROR", "invalid number", i
        return "T_ERROR", "invalid token", i

    def string(self, start):
        # String errors point at where the problem was found, as lua-cjson's do.
        d, out, i = self.d, bytearray(), start + 1
        while True:
            if i >= len(d):
                return "T_ERROR", "unexpected end of string", len(d)
            c = d[i]
            if c == ord('"'):
                self.p = i + 1
                return "T_STRING", bytes(out), start
            if c == ord("\\"):
                e = d[i + 1] if i + 1 < len(d) else None
                if e == ord("u"):
                    cp, i2 = self.unicode_escape(i)
                    if cp is None:
                        return "T_ERROR", "invalid unicode escape code", i
                    out += chr(cp).encode("utf-8")
                    i = i2
                    continue
                if e not in _ESC:
                    return "T_ERROR", "invalid escape code", i
                out += _ESC[e]
                i += 2
                continue
            out.append(c)
            i += 1

    def unicode_escape(self, i):
        """(code point, next index) for the \\uXXXX at ``i`` (a surrogate pair counts
        as one), or (None, i) when malformed."""
        d = self.d
        try:
            hi = int(d[i + 2:i + 6], 16) if len(d[i + 2:i + 6]) == 4 else None
        except ValueError:
            hi = None
        if hi is None:
            return None, i
        if 0xD800 <= hi < 0xDC00:
            if d[i + 6:i + 8] != b"\\u":
                return None, i
            try:
                lo = int(d[i + 8:i + 12], 16)
            except ValueError:
                return None, i
            if not 0xDC00 <= lo < 0xE000:
                return None, i
            return 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00), i + 12
        if 0xDC00 <= hi < 0xE000:
            return None, i
        return hi, i + 6

    def fail(self, expected, tok):
        kind, val, idx = tok
        found = val if kind == "T_ERROR" else kind
        raise ValueError(f"Expected {expected} but found {found} at character {idx + 1}")

    def document(self):
        v = self.value(self.token())
        tok = self.token()
        if tok[0] != "T_END":
            self.fail("the end", tok)
        return v

    def value(self, tok):
        kind, val, idx = tok
        if kind in ("T_STRING", "T_NUMBER", "T_BOOLEAN"):
            return val
        if kind == "T_NULL":
            return self.cj.null
        if kind in ("T_OBJ_BEGIN", "T_ARR_BEGIN"):
            self.depth += 1
            if self.depth > self.cj.max_depth:
                raise ValueError(f"Found too many nested data structures ({self.depth}) at character {idx + 1}")
            v = self.obj() if kind == "T_OBJ_BEGIN" else self.arr()
            self.depth -= 1
            return v
        self.fail("value", tok)

    def arr(self):
        items = []
        tok = self.token()
        if tok[0] == "T_ARR_END":
            return self.cj.vm.lua.table_from(items)
        while True:
            items.append(self.value(tok))
            tok = self.token()
            if tok[0] == "T_ARR_END":
                return self.cj.vm.lua.table_from(items)
            if tok[0] != "T_COMMA":
                self.fail("comma or array end", tok)
            tok = self.token()

    def obj(self):
        t = self.cj.vm.lua.table()
        tok = self.token()
        if tok[0] == "T_OBJ_END":
            return t
        while True:
            if tok[0] != "T_STRING":
                self.fail("object key string", tok)
            key = tok[1]
            tok = self.token()
            if tok[0] != "T_COLON":
                self.fail("colon", tok)
            t[key] = self.value(self.token())
            tok = self.token()
            if tok[0] == "T_OBJ_END":
                return t
            if tok[0] != "T_COMMA":
                self.fail("comma or object end", tok)
            tok = self.token()


def make_cjson(vm) -> dict:
    cj = _CJson(vm)

    def setting(name, default):
        def f(*a):
            return (a[0] if a else default,)
        return _guarded(f, name)

    return {
        b"encode": _guarded(cj.encode, "encode"),
        b"decode": _guarded(cj.decode, "decode"),
        b"null": cj.null,
        b"encode_keep_buffer": setting("encode_keep_buffer", True),
        b"encode_max_depth": setting("encode_max_depth", 1000),
        b"decode_max_depth": setting("decode_max_depth", 1000),
        b"encode_number_precision": setting("encode_number_precision", 14),
        b"encode_invalid_numbers": setting("encode_invalid_numbers", False),
        b"decode_invalid_numbers": setting("decode_invalid_numbers", True),
        b"encode_sparse_array": setting("encode_sparse_array", False),
    }


def make(vm) -> dict:
    """Every extra library as {name: {field: value or bridge function}}."""
    return {"bit": make_bit(), "cjson": make_cjson(vm), "cmsgpack": make_cmsgpack(vm, _guarded),
            "struct": make_struct(vm, _guarded)}
