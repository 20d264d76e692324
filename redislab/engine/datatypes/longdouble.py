"""x87 80-bit ``long double`` arithmetic, exactly enough for INCRBYFLOAT.

Redis parses INCRBYFLOAT operands with ``strtold``, adds them as ``long double``
(64-bit significand on x86-64) and prints the sum with ``%.17Lf`` before trimming
trailing zeros. Python floats have a 53-bit significand, so doing the sum in
floats gives visibly different digits (e.g. 10.5 + 0.1). Here every value is an
exact ``Fraction`` that has been rounded to the long double grid, which
reproduces the C results bit for bit: decimal parsing is correctly rounded (as
glibc's strtold is), addition is one correctly rounded operation, and printing
starts from the exact binary value (as glibc's printf does).

Infinity is ``math.inf`` / ``-math.inf``; NaN never escapes (callers refuse it).
"""
from __future__ import annotations

import math
import re
from fractions import Fraction

MANT_BITS = 64                      # explicit-integer-bit significand of x87 extended
MIN_NORMAL_EXP = -16382             # smallest normal value is 2**-16382
MAX_EXP = 16384                     # values >= 2**16384 overflow to infinity
MIN_QUANTUM_EXP = MIN_NORMAL_EXP - (MANT_BITS - 1)   # spacing of subnormals: 2**-16445

# Longest string Redis accepts as a long double (its MAX_LONG_DOUBLE_CHARS buffer).
MAX_CHARS = 5 * 1024

_DEC = re.compile(rb"([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?")
_HEX = re.compile(rb"([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?")
_INF = re.compile(rb"([+-]?)(?:inf|infinity)", re.I)
# Decimal and C99 hex floats: (pattern, digit radix, exponent base, exponent units per
# digit, and the leading-digit magnitudes past which the value overflows / underflows).
_FORMS = ((_DEC, 10, 10, 1, 4934, -4952),
          (_HEX, 16, 2, 4, MAX_EXP + 8, MIN_QUANTUM_EXP - 8))


def round_ld(x: Fraction) -> Fraction | float:
    """Round an exact rational to the nearest long double (ties to even)."""
    if x == 0:
        return x
    neg = x < 0
    p, q = abs(x.numerator), x.denominator
    # e = floor(log2(|x|)), computed on integers to stay exact.
    e = p.bit_length() - q.bit_length()
    if (p << -e if e < 0 else p) < (q << e if e > 0 else q):
        e -= 1
    quantum = max(e - (MANT_BITS - 1), MIN_QUANTUM_EXP)
    # m = |x| / 2**quantum, rounded half-even to an integer.
    if quantum >= 0:
        num, den = p, q << quantum
    else:
        num, den = p << -quantum, q
    m, r = divmod(num, den)
    if 2 * r > den or (2 * r == den and m & 1):
        m += 1
    if m == 0:
        return Fraction(0)
    v = Fraction(m << quantum) if quantum >= 0 else Fraction(m, 1 << -quantum)
    if v >= Fraction(1 << MAX_EXP):
        return -math.inf if neg else math.inf
    return -v if neg else v


def parse(b: bytes):
    """Parse as Redis's string2ld does; None when Redis would refuse the text.

    strtold's grammar (decimal, hex floats, inf/infinity), no leading white space,
    no trailing junk, NaN refused, and overflow to infinity or underflow to zero
    refused as ERANGE."""
    n = len(b)
    if n == 0 or n >= MAX_CHARS:
        return None
    for pattern, radix, base, per_digit, too_big, too_small in _FORMS:
        m = pattern.fullmatch(b)
        if m is None:
            continue
        sign, ipart, fpart, exp = m.groups()
        fpart = fpart or b""
        if not ipart and not fpart:
            return None
        digits = (ipart + fpart).lstrip(b"0")
        if not digits:
            return Fraction(0)
        e = _exponent(exp) - per_digit * len(fpart)
        # Magnitude of the leading digit; far outside the long double range the
        # answer is known without building a gigantic integer.
        mag = e + per_digit * len(digits)
        if mag > too_big or mag < too_small:
            return None                  # overflow (HUGE_VALL) or underflow to zero: ERANGE
        return _finish(Fraction(int(digits, radix)) * (Fraction(base) ** e), sign)
    m = _INF.fullmatch(b)
    if m is not None:
        return -math.inf if m.group(1) == b"-" else math.inf
    return None


def _exponent(exp) -> int:
    """The exponent field; absurdly long ones are clamped (they only decide
    overflow or underflow) so int() never meets thousands of digits."""
    if not exp:
        return 0
    neg = exp[:1] == b"-"
    body = exp.lstrip(b"+-").lstrip(b"0") or b"0"
    if len(body) > 9:
        body = b"999999999"
    return -int(body) if neg else int(body)


def _finish(v: Fraction, sign: bytes):
    r = round_ld(v)
    if r == 0 or isinstance(r, float):
        return None                      # ERANGE: the value does not fit
    return -r if sign == b"-" else r


def add(a, b):
    """a + b rounded once, as the FPU does; may return +-inf or NaN."""
    if isinstance(a, float) or isinstance(b, float):
        # Only infinities are floats; a finite long double may not fit a float.
        fa = a if isinstance(a, float) else 0.0
        fb = b if isinstance(b, float) else 0.0
        return fa + fb                   # inf - inf is nan
    return round_ld(a + b)


def format_human(v) -> bytes:
    """``%.17Lf`` with trailing zeros (and a bare '.') removed; '-0' becomes '0'."""
    neg = v < 0
    x = -v if neg else v
    scaled = x * 10 ** 17
    n, r = divmod(scaled.numerator, scaled.denominator)
    if 2 * r > scaled.denominator or (2 * r == scaled.denominator and n & 1):
        n += 1
    ip, fp = divmod(n, 10 ** 17)
    frac = (b"%017d" % fp).rstrip(b"0")
    out = b"%d.%s" % (ip, frac) if frac else b"%d" % ip
    if neg and out != b"0":
        out = b"-" + out
    return out
