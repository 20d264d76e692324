"""Hash slots: which of the 16384 slots a key belongs to.

Pure functions, no engine. Redis Cluster hashes keys with CRC16 in the
CCITT/XMODEM variant (polynomial 0x1021, initial value 0, no bit reflection, no
final XOR) and keeps the low 14 bits. 16384 slots is a trade-off Redis made:
enough to spread data over ~1000 primaries, small enough that the slot bitmap
nodes gossip to each other stays at 2 KB.

Hash tags let an application choose which part of the key is hashed, so related
keys land in the same slot and multi-key commands work on them.
"""
from __future__ import annotations

SLOTS = 16384


def _table() -> tuple[int, ...]:
    # One entry per byte value: the CRC of that byte shifted through the polynomial
    # 8 times. Built once at import so key_slot costs one lookup per byte.
    out = []
    for byte in range(256):
        crc = byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
        out.append(crc & 0xFFFF)
    return tuple(out)


_TABLE = _table()


def crc16(data: bytes) -> int:
    """CRC16-CCITT (XMODEM) of ``data``: crc16(b"123456789") == 0x31C3."""
    crc = 0
    for b in data:
        crc = ((crc << 8) & 0xFFFF) ^ _TABLE[((crc >> 8) ^ b) & 0xFF]
    return crc


def hash_tag(key: bytes) -> bytes:
    """The part of ``key`` that is hashed.

    Redis's rule: find the first ``{``; then the first ``}`` after it. If both exist
    and there is at least one byte between them, only those bytes are hashed.
    Otherwise (no ``{``, no ``}`` after it, or an empty ``{}``) the whole key is.
    So ``{user:1}:name`` hashes ``user:1``, ``a{}{b}`` hashes the whole key (the
    first tag is empty and no second tag is looked for), ``{{x}}`` hashes ``{x``.
    """
    start = key.find(b"{")
    if start < 0:
        return key
    end = key.find(b"}", start + 1)
    if end < 0 or end == start + 1:
        return key
    return key[start + 1:end]


def key_slot(key) -> int:
    """The hash slot (0..16383) of ``key`` (bytes or str)."""
    if isinstance(key, str):
        key = key.encode()
    return crc16(hash_tag(bytes(key))) & (SLOTS - 1)


def split_ranges(n: int) -> list[tuple[int, int]]:
    """Split all slots into ``n`` contiguous ranges the way ``redis-cli --cluster
    create`` does: 16384/n each, remainder spread by rounding, so 3 primaries get
    0-5460, 5461-10922, 10923-16383."""
    if n < 1:
        raise ValueError("a cluster needs at least one primary")
    per = SLOTS / n
    ranges, first, cursor = [], 0, 0.0
    for i in range(n):
        last = SLOTS - 1 if i == n - 1 else int(cursor + per - 1 + 0.5)
        ranges.append((first, last))
        first = last + 1
        cursor += per
    return ranges


def ranges_of(slots) -> list[tuple[int, int]]:
    """Compress a collection of slot numbers into sorted (first, last) ranges."""
    out: list[list[int]] = []
    for s in sorted(set(slots)):
        if out and out[-1][1] == s - 1:
            out[-1][1] = s
        else:
            out.append([s, s])
    return [(a, b) for a, b in out]
