"""CRC-64 as Redis computes it for DUMP payloads and RDB files.

The "Jones" polynomial 0xad93d23594c935a9 in its reflected form (bits processed
least significant first), initial value 0, no final xor. Check value:
``crc64(b"123456789") == 0xe9c6d914c4b8d9ca``.
"""
from __future__ import annotations

_REFLECTED_POLY = 0x95AC9329AC4BC9B5


def _make_table() -> tuple:
    table = []
    for byte in range(256):
        c = byte
        for _ in range(8):
            c = (c >> 1) ^ _REFLECTED_POLY if c & 1 else c >> 1
        table.append(c)
    return tuple(table)


_TABLE = _make_table()


def crc64(data: bytes, crc: int = 0) -> int:
    """Continue ``crc`` over ``data`` (start from 0)."""
    table = _TABLE
    for b in data:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc
