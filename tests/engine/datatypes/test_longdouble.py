"""x87 long double emulation used by INCRBYFLOAT."""
import math
from fractions import Fraction

import pytest

from redislab.engine.datatypes import longdouble as ld


def incr(a: bytes, b: bytes) -> bytes:
    return ld.format_human(ld.add(ld.parse(a), ld.parse(b)))


@pytest.mark.parametrize("a,b,out", [
    (b"10.5", b"0.1", b"10.6"),                      # a 53-bit sum would print 10.59999...
    (b"0", b"0.000003814697265625", b"0.00000381469726562"),   # exact tie rounds to even
    (b"16", b"0.000003814697265625", b"16.00000381469726562"),
    (b"5.0e3", b"2.0e2", b"5200"),
    (b"0", b"0x10", b"16"),
    (b"-1e-20", b"0", b"0"),                         # "-0" is printed as "0"
    (b"-0", b"-0", b"0"),
    (b"3", b"-1.5", b"1.5"),
])
def test_known_sums(a, b, out):
    assert incr(a, b) == out


@pytest.mark.parametrize("text", [b"", b" 1", b"1 ", b"abc", b"nan", b"NaN", b"1e", b"e1", b".",
                                  b"0x", b"1e5000", b"-1e5000", b"1e-5000", b"--1", b"1" * 5120])
def test_refused(text):
    assert ld.parse(text) is None


@pytest.mark.parametrize("text,value", [
    (b"inf", math.inf), (b"-Infinity", -math.inf), (b"+7", Fraction(7)), (b".5", Fraction(1, 2)),
    (b"5.", Fraction(5)), (b"0x1p-2", Fraction(1, 4)), (b"0e-99999", Fraction(0)),
    (b"1e-4950", None),
])
def test_parsed(text, value):
    got = ld.parse(text)
    if value is None:
        assert got is not None and 0 < got < Fraction(1, 10 ** 4949)   # a subnormal survives
    else:
        assert got == value


def test_rounding_to_64_bits():
    one = Fraction(1)
    assert ld.round_ld(one + Fraction(1, 2 ** 64)) == one              # tie to even
    assert ld.round_ld(one + Fraction(3, 2 ** 64)) == one + Fraction(1, 2 ** 62)
    assert ld.round_ld(Fraction(2) ** 16384) == math.inf
    assert ld.add(math.inf, -math.inf) != ld.add(math.inf, -math.inf)  # nan
    assert ld.add(Fraction(10) ** 400, math.inf) == math.inf
