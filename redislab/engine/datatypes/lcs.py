"""Longest common subsequence of two byte strings, walked the way Redis walks it.

LCS has many valid answers when several subsequences tie; the command's output
(the string and the IDX ranges) is only identical to Redis's if the table is
built the same way and the walk back from the bottom-right corner breaks ties
the same way: on a mismatch it moves up only when the cell above is strictly
larger, otherwise left. Ranges come out from the end of the strings backwards.
"""
from __future__ import annotations


def _rows(a: bytes, b: bytes):
    """The rows of the LCS table one at a time: row i holds, for each j, the LCS length
    of a[:i] and b[:j]. Only the previous row is kept while computing the next."""
    m = len(b)
    prev = [0] * (m + 1)
    yield prev
    for ai in a:
        cur = [0] * (m + 1)
        left = 0
        for j in range(m):
            if ai == b[j]:
                left = prev[j] + 1
            else:
                up = prev[j + 1]
                if up > left:
                    left = up
            cur[j + 1] = left
        yield cur
        prev = cur


def table(a: bytes, b: bytes) -> list[list[int]]:
    """rows[i][j] = LCS length of a[:i] and b[:j]."""
    return list(_rows(a, b))


def length(a: bytes, b: bytes) -> int:
    """Only the LCS length, in O(len(b)) memory."""
    for row in _rows(a, b):
        pass
    return row[len(b)]


def lcs(a: bytes, b: bytes, min_match_len: int = 0):
    """(subsequence, ranges). Each range is ((a_start, a_end), (b_start, b_end), length),
    inclusive offsets, listed from the end of the strings; ranges shorter than
    ``min_match_len`` are left out (the subsequence itself always is complete)."""
    rows = table(a, b)
    i, j = len(a), len(b)
    out = bytearray()
    ranges = []
    active = False
    a_start = a_end = b_start = b_end = 0
    while i > 0 and j > 0:
        emit = False
        if a[i - 1] == b[j - 1]:
            out.append(a[i - 1])
            if not active:
                active = True
                a_start = a_end = i - 1
                b_start = b_end = j - 1
            elif a_start == i and b_start == j:
                # The match sits right before the current range: grow it backwards.
                a_start -= 1
                b_start -= 1
            else:
                emit = True
            if a_start == 0 or b_start == 0:
                emit = True
            i -= 1
            j -= 1
        else:
            if rows[i - 1][j] > rows[i][j - 1]:
                i -= 1
            else:
                j -= 1
            if active:
                emit = True
        if emit:
            n = a_end - a_start + 1
            if min_match_len == 0 or n >= min_match_len:
                ranges.append(((a_start, a_end), (b_start, b_end), n))
            active = False
    out.reverse()
    return bytes(out), ranges
