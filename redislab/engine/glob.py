"""Glob-style matching with Redis's exact rules (KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET).

Redis walks the pattern byte by byte. Its quirks are kept on purpose because a
learner's pattern must select the same keys here as on a real server:

* ``*`` any run of bytes, ``?`` exactly one byte, ``\\x`` the byte x literally;
* ``[abc]``, ``[^abc]`` (negation), ``[a-z]`` with reversed ranges allowed
  (``[z-a]`` == ``[a-z]``); the range test compares *signed* chars, as C does;
  inside a class ``\\x`` is literal and compared case-sensitively even when
  matching without case; ``]`` first in a class closes it (an empty class);
  ``[a-]`` is the range a..']'; an unterminated ``[`` runs to the end of the pattern;
* an empty subject only matches an empty pattern (``*`` does not match ``""``:
  KEYS and SCAN special-case the lone ``*`` before matching).

Each pattern is compiled once into star-separated segments of fixed-length regexes
(every non-star token consumes exactly one byte). Matching anchors the first and
last segment and finds the middle ones leftmost, which is linear in the subject and
immune to the backtracking blow-up a single ``.*a.*a.*b`` regex would suffer.
"""
from __future__ import annotations

import re

_STAR = object()
_ANY = b"[\\x00-\\xff]"
_CACHE: dict = {}
_CACHE_MAX = 2048


def _signed(c: int) -> int:
    return c - 256 if c >= 128 else c


def _lower(c: int) -> int:
    return c + 32 if 65 <= c <= 90 else c


def _byte_class(members) -> bytes:
    """A regex fragment matching exactly the byte values in ``members``."""
    if not members:
        return b"(?!)"
    if len(members) == 256:
        return _ANY
    if len(members) == 1:
        return re.escape(bytes(members))
    return b"[" + b"".join(b"\\x%02x" % c for c in sorted(members)) + b"]"


def _literal(c: int, nocase: bool) -> bytes:
    if nocase and (65 <= c <= 90 or 97 <= c <= 122):
        return _byte_class({c | 32, c & ~32})
    return re.escape(bytes((c,)))


def _tokens(pat: bytes, nocase: bool) -> list:
    """Walk the pattern as Redis's stringmatchlen does, one token per consumed byte."""
    out = []
    n = len(pat)
    i = 0
    while i < n:
        c = pat[i]
        if c == 42:  # '*'
            if not out or out[-1] is not _STAR:
                out.append(_STAR)
            i += 1
        elif c == 63:  # '?'
            out.append(_ANY)
            i += 1
        elif c == 91:  # '['
            i += 1
            negate = i < n and pat[i] == 94  # '^'
            if negate:
                i += 1
            # Predicates over the subject byte, evaluated for all 256 values below.
            singles, exact, ranges = set(), set(), []
            while True:
                if i < n and pat[i] == 92 and n - i >= 2:  # '\\' escapes, case-sensitive
                    i += 1
                    exact.add(pat[i])
                elif i < n and pat[i] == 93:  # ']'
                    break
                elif i >= n:
                    break  # unterminated: the class ends with the pattern
                elif n - i >= 3 and pat[i + 1] == 45:  # 'x-y'
                    lo, hi = _signed(pat[i]), _signed(pat[i + 2])
                    if lo > hi:
                        lo, hi = hi, lo
                    ranges.append((lo, hi))
                    i += 2
                else:
                    singles.add(pat[i])
                i += 1
            i += 1  # past ']' (or past the end)
            members = set()
            lsingles = {_lower(x) for x in singles} if nocase else singles
            for b in range(256):
                sb = _signed(b)
                hit = b in exact
                if not hit:
                    if nocase:
                        lb = _lower(b)
                        slb = _signed(lb)
                        hit = lb in lsingles or any(
                            _lower_signed(lo) <= slb <= _lower_signed(hi) for lo, hi in ranges)
                    else:
                        hit = b in singles or any(lo <= sb <= hi for lo, hi in ranges)
                if hit != negate:
                    members.add(b)
            out.append(_byte_class(members))
        elif c == 92 and n - i >= 2:  # '\\x'
            out.append(_literal(pat[i + 1], nocase))
            i += 2
        else:
            out.append(_literal(c, nocase))
            i += 1
    return out


def _lower_signed(v: int) -> int:
    # tolower() on a signed char value: only 'A'..'Z' change.
    return v + 32 if 65 <= v <= 90 else v


class _Matcher:
    __slots__ = ("empty", "exact", "first", "first_len", "middle", "last", "last_len", "stars", "minlen")

    def __init__(self, pattern: bytes, nocase: bool):
        self.empty = not pattern  # an empty subject matches only the empty pattern
        segs: list[list] = [[]]
        for t in _tokens(pattern, nocase):
            if t is _STAR:
                segs.append([])
            else:
                segs[-1].append(t)
        comp = [(re.compile(b"".join(s), re.S) if s else None, len(s)) for s in segs]
        self.stars = len(segs) > 1
        self.minlen = sum(n for _, n in comp)
        if not self.stars:
            self.exact = comp[0][0]
            self.first = self.last = self.middle = None
            self.first_len = self.last_len = comp[0][1]
            return
        self.exact = None
        self.first, self.first_len = comp[0]
        self.last, self.last_len = comp[-1]
        self.middle = [c for c in comp[1:-1] if c[0] is not None]

    def __call__(self, s: bytes) -> bool:
        n = len(s)
        if n == 0:
            return self.empty
        if not self.stars:
            if self.exact is None:
                return False
            return n == self.first_len and self.exact.fullmatch(s) is not None
        if n < self.minlen:
            return False
        pos = 0
        if self.first is not None:
            if self.first.match(s) is None:
                return False
            pos = self.first_len
        end = n - self.last_len
        for rx, ln in self.middle:
            m = rx.search(s, pos, end)
            if m is None:
                return False
            pos = m.end()
        if self.last is not None:
            return self.last.fullmatch(s, end) is not None
        return True


def compile(pattern: bytes, nocase: bool = False):
    """A callable ``f(subject) -> bool`` for ``pattern``, cached."""
    key = (pattern, nocase)
    m = _CACHE.get(key)
    if m is None:
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        m = _CACHE[key] = _Matcher(pattern, nocase)
    return m


def match(pattern: bytes, subject: bytes, nocase: bool = False) -> bool:
    """True when ``subject`` matches the glob ``pattern`` exactly as Redis decides."""
    if not subject:
        return not pattern
    if pattern == b"*":
        return True
    key = (pattern, nocase)
    m = _CACHE.get(key)
    if m is None:
        m = compile(pattern, nocase)
    return m(subject)


def is_match_all(pattern: bytes) -> bool:
    """KEYS and SCAN skip matching entirely for the lone ``*`` (which then also matches "")."""
    return pattern == b"*"
