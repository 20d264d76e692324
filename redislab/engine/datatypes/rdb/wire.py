"""The RDB format's building blocks: type codes, lengths, strings, numbers.

Lengths take 1, 2, 5 or 9 bytes (6-bit, 14-bit big-endian, then a marker byte and a
32- or 64-bit big-endian number). The top two bits ``11`` mark a special string
encoding instead: an integer in 1, 2 or 4 little-endian bytes, or an LZF-compressed
string (compressed length, original length, data). Strings of up to 11 characters
that are canonical integers in the 32-bit range are written as integers; strings
longer than 20 bytes are compressed when that saves at least four bytes.
"""
from __future__ import annotations

import struct

from . import lzf

# Value types (the first byte of a DUMP payload).
STRING, LIST, SET, ZSET, HASH, ZSET_2 = 0, 1, 2, 3, 4, 5
MODULE_PRE_GA, MODULE_2 = 6, 7
HASH_ZIPMAP, LIST_ZIPLIST, SET_INTSET, ZSET_ZIPLIST, HASH_ZIPLIST = 9, 10, 11, 12, 13
LIST_QUICKLIST, STREAM_LISTPACKS, HASH_LISTPACK, ZSET_LISTPACK = 14, 15, 16, 17
LIST_QUICKLIST_2, STREAM_LISTPACKS_2, SET_LISTPACK, STREAM_LISTPACKS_3 = 18, 19, 20, 21
HASH_METADATA, HASH_LISTPACK_EX = 24, 25

# A quicklist node is stored as one element (PLAIN) or as a listpack (PACKED).
NODE_PLAIN, NODE_PACKED = 1, 2

_ENC_INT8, _ENC_INT16, _ENC_INT32, _ENC_LZF = 0, 1, 2, 3
_I32 = 1 << 31


class BadFormat(ValueError):
    """The payload does not describe a value (RESTORE answers "Bad data format")."""


def canonical_int(b: bytes):
    """The integer ``b`` spells the way Redis prints it (no '+', no leading zeros,
    no "-0"), within 64 bits; None otherwise."""
    if not b or len(b) > 20 or b[0] not in b"-0123456789":
        return None
    try:
        v = int(b)
    except ValueError:
        return None
    if b"%d" % v != b or not -(1 << 63) <= v < (1 << 63):
        return None
    return v


class Writer:
    def __init__(self, compress: bool = True):
        self.buf = bytearray()
        self.compress = compress

    def byte(self, b: int) -> None:
        self.buf.append(b)

    def raw(self, b: bytes) -> None:
        self.buf += b

    def length(self, n: int) -> None:
        if n < 64:
            self.buf.append(n)
        elif n < 16384:
            self.buf += bytes((0x40 | (n >> 8), n & 0xFF))
        elif n <= 0xFFFFFFFF:
            self.buf.append(0x80)
            self.buf += n.to_bytes(4, "big")
        else:
            self.buf.append(0x81)
            self.buf += (n & 0xFFFFFFFFFFFFFFFF).to_bytes(8, "big")

    def string(self, b: bytes) -> None:
        n = len(b)
        if n <= 11:
            v = canonical_int(b)
            if v is not None and -_I32 <= v < _I32:
                if -128 <= v <= 127:
                    self.buf += bytes((0xC0 | _ENC_INT8, v & 0xFF))
                elif -32768 <= v <= 32767:
                    self.buf.append(0xC0 | _ENC_INT16)
                    self.buf += v.to_bytes(2, "little", signed=True)
                else:
                    self.buf.append(0xC0 | _ENC_INT32)
                    self.buf += v.to_bytes(4, "little", signed=True)
                return
        if n > 20 and self.compress:
            packed = lzf.compress(b, n - 4)
            if packed is not None:
                self.buf.append(0xC0 | _ENC_LZF)
                self.length(len(packed))
                self.length(n)
                self.buf += packed
                return
        self.length(n)
        self.buf += b

    def double(self, d: float) -> None:
        self.buf += struct.pack("<d", d)

    def ms_time(self, t: int) -> None:
        self.buf += struct.pack("<q", t)

    def stream_id(self, eid) -> None:
        self.buf += eid[0].to_bytes(8, "big") + eid[1].to_bytes(8, "big")


class Reader:
    def __init__(self, data: bytes, pos: int = 0, end: int | None = None):
        self.data = data
        self.pos = pos
        self.end = len(data) if end is None else end

    def take(self, n: int) -> bytes:
        p = self.pos
        if n < 0 or p + n > self.end:
            raise BadFormat("payload ends too early")
        self.pos = p + n
        return self.data[p:p + n]

    def byte(self) -> int:
        return self.take(1)[0]

    def _length(self):
        """(value, is_special_encoding)."""
        b = self.byte()
        kind = b >> 6
        if kind == 0:
            return b & 0x3F, False
        if kind == 1:
            return ((b & 0x3F) << 8) | self.byte(), False
        if kind == 3:
            return b & 0x3F, True
        if b == 0x80:
            return int.from_bytes(self.take(4), "big"), False
        if b == 0x81:
            return int.from_bytes(self.take(8), "big"), False
        raise BadFormat("unknown length encoding")

    def length(self) -> int:
        n, special = self._length()
        if special:
            raise BadFormat("a string encoding where a length was expected")
        return n

    def signed_length(self) -> int:
        """A length Redis saved from a signed number (-1 arrives as 2**64 - 1)."""
        n = self.length()
        return n - (1 << 64) if n >> 63 else n

    def string(self) -> bytes:
        n, special = self._length()
        if not special:
            return self.take(n)
        if n == _ENC_INT8:
            return b"%d" % int.from_bytes(self.take(1), "little", signed=True)
        if n == _ENC_INT16:
            return b"%d" % int.from_bytes(self.take(2), "little", signed=True)
        if n == _ENC_INT32:
            return b"%d" % int.from_bytes(self.take(4), "little", signed=True)
        if n == _ENC_LZF:
            clen, size = self.length(), self.length()
            try:
                return lzf.decompress(self.take(clen), size)
            except ValueError as e:
                raise BadFormat(str(e)) from None
        raise BadFormat("unknown string encoding")

    def double(self) -> float:
        return struct.unpack("<d", self.take(8))[0]

    def text_double(self) -> float:
        """The old (ZSET type 3) score: length byte, or 253/254/255 for nan/+inf/-inf."""
        n = self.byte()
        special = {253: float("nan"), 254: float("inf"), 255: float("-inf")}
        if n in special:
            return special[n]
        try:
            return float(self.take(n))
        except ValueError:
            raise BadFormat("bad score") from None

    def ms_time(self) -> int:
        return struct.unpack("<q", self.take(8))[0]

    def stream_id(self):
        raw = self.take(16)
        return int.from_bytes(raw[:8], "big"), int.from_bytes(raw[8:], "big")
