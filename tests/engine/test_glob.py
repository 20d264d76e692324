"""glob.match: Redis's stringmatchlen rules (the oracle compat tests cover KEYS too)."""
from hypothesis import given, settings
from hypothesis import strategies as st

from redislab.engine import glob
from redislab.engine.glob import match


def _lo(c):
    return c + 32 if 65 <= c <= 90 else c


def _sg(c):
    return c - 256 if c >= 128 else c


def ref(p: bytes, s: bytes, nocase: bool) -> bool:
    """A slow, direct interpreter of the rules, written independently for cross-checking."""
    if not s:
        return not p

    def eq(a, b):
        return _lo(a) == _lo(b) if nocase else a == b

    def go(pi, si):
        while pi < len(p) and si < len(s):
            c = p[pi]
            if c == ord("*"):
                while pi + 1 < len(p) and p[pi + 1] == ord("*"):
                    pi += 1
                if pi == len(p) - 1:
                    return True
                return any(go(pi + 1, k) for k in range(si, len(s)))
            if c == ord("?"):
                si += 1
            elif c == ord("["):
                pi += 1
                neg = pi < len(p) and p[pi] == ord("^")
                if neg:
                    pi += 1
                hit = False
                ch = s[si]
                while True:
                    if pi < len(p) and p[pi] == ord("\\") and len(p) - pi >= 2:
                        pi += 1
                        hit |= p[pi] == ch
                    elif pi < len(p) and p[pi] == ord("]"):
                        break
                    elif pi >= len(p):
                        pi -= 1
                        break
                    elif len(p) - pi >= 3 and p[pi + 1] == ord("-"):
                        a, b, x = _sg(p[pi]), _sg(p[pi + 2]), _sg(ch)
                        if a > b:
                            a, b = b, a
                        if nocase:
                            a, b, x = _lo(a), _lo(b), _lo(x)
                        hit |= a <= x <= b
                        pi += 2
                    else:
                        hit |= eq(p[pi], ch)
                    pi += 1
                if hit == neg:
                    return False
                si += 1
            else:
                if c == ord("\\") and len(p) - pi >= 2:
                    pi += 1
                if not eq(p[pi], s[si]):
                    return False
                si += 1
            pi += 1
            if si == len(s):
                while pi < len(p) and p[pi] == ord("*"):
                    pi += 1
                break
        return pi >= len(p) and si == len(s)

    return go(0, 0)


def test_basics():
    assert match(b"h?llo", b"hello")
    assert match(b"h*llo", b"hllo")
    assert match(b"h*llo", b"heeeeello")
    assert match(b"h[ae]llo", b"hallo") and not match(b"h[ae]llo", b"hillo")
    assert match(b"h[^e]llo", b"hallo") and not match(b"h[^e]llo", b"hello")
    assert match(b"h[a-b]llo", b"hbllo") and match(b"h[b-a]llo", b"hbllo")
    assert match(b"a\\*b", b"a*b") and not match(b"a\\*b", b"axb")
    assert match(b"[ab", b"b")  # unterminated class runs to the end
    assert not match(b"[", b"x")
    assert match(b"[^", b"x")
    # [a-] is the range a..] and the class then swallows the rest of the pattern
    assert match(b"h[a-]llo", b"h]") and match(b"h[a-]llo", b"hl") and not match(b"h[a-]llo", b"h]llo")


def test_empty_subject_and_star():
    assert match(b"*", b"x")
    # stringmatchlen never matches "" with '*' (PSUBSCRIBE * misses PUBLISH ""); KEYS/SCAN
    # special-case the lone '*' through is_match_all instead.
    assert not match(b"*", b"")
    assert glob.is_match_all(b"*")
    assert not match(b"**", b"")
    assert match(b"", b"")
    assert not match(b"", b"x")
    assert glob.compile(b"")(b"")
    assert not glob.compile(b"a*")(b"")


def test_nocase():
    assert match(b"HELLO", b"hello", nocase=True)
    assert match(b"h[A-Z]llo", b"hEllo", nocase=True)
    assert match(b"h[A-Z]llo", b"hello", nocase=True)
    assert not match(b"h[A-Z]llo", b"hello")
    assert match(b"[^A]", b"b", nocase=True) and not match(b"[^A]", b"a", nocase=True)
    # escaped class members compare case-sensitively even without case
    assert not match(b"[\\A]", b"a", nocase=True)


def test_compiled_cache_is_bounded():
    for i in range(glob._CACHE_MAX + 10):
        match(b"k%d*" % i, b"k1")
    assert len(glob._CACHE) <= glob._CACHE_MAX


def test_no_catastrophic_backtracking():
    subject = b"a" * 5000
    assert not match(b"*a*a*a*a*a*a*a*a*a*b", subject)
    assert match(b"*a*a*a*a*a*a*a*a*a*a", subject)


_ALPHA = st.sampled_from(list(b"abA*?[]^-\\\xff\x80Z"))


@settings(max_examples=1500, deadline=None)
@given(st.lists(_ALPHA, max_size=8).map(bytes), st.lists(_ALPHA, max_size=6).map(bytes),
       st.booleans())
def test_matches_reference(p, s, nocase):
    if p == b"*":
        return  # the documented fast path differs from stringmatchlen only for ""
    assert match(p, s, nocase) == ref(p, s, nocase), (p, s, nocase)
