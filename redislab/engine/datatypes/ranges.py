"""Redis's rules for turning a command's start/end indexes (negative ones count from
the end) into positions, shared by the range commands."""
from __future__ import annotations


def clamp_range(start: int, end: int, n: int):
    """LRANGE/LTRIM (and ZRANGE-style) rules for a sequence of ``n`` items: the inclusive
    positions (start, end), or None when the range holds nothing."""
    if start < 0:
        start += n
    if end < 0:
        end += n
    if start < 0:
        start = 0
    if start > end or start >= n:
        return None
    if end >= n:
        end = n - 1
    return start, end


def clamp_offsets(start: int, end: int, total: int) -> tuple[int, int]:
    """GETRANGE/BITCOUNT/BITPOS rules for ``total`` bytes (or bits): both ends are
    clamped into 0..total-1 (an end below the start means an empty range)."""
    if start < 0:
        start += total
    if end < 0:
        end += total
    start = max(start, 0)
    end = max(end, 0)
    if end >= total:
        end = total - 1
    return start, end
