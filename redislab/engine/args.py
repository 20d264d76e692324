"""Argument readers with Redis's exact parsing rules and error texts.

Redis parses integers with string2ll (no '+', no spaces, no leading zeros) and
doubles with strtod (accepts 'inf', rejects NaN and trailing junk). Python's int()
and float() are more lenient ('1_000', ' 7', 'nan'), so every command goes through
these instead.
"""
from __future__ import annotations

import math
import re

from .. import errors
from ..errors import RedisError

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1

_INT_RE = re.compile(rb"-?[1-9][0-9]{0,19}|0")
# strtod's grammar minus hex floats (which no client sends) and NaN (always rejected).
_FLOAT_RE = re.compile(rb"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity)", re.I)


def to_int(b, error: str = errors.NOT_INTEGER) -> int:
    """Parse a signed 64-bit integer exactly as Redis's string2ll does."""
    if type(b) is int:
        return b
    if _INT_RE.fullmatch(b) is None:
        raise RedisError(error)
    v = int(b)
    if v < INT64_MIN or v > INT64_MAX:
        raise RedisError(error)
    return v


def is_int(b) -> bool:
    if _INT_RE.fullmatch(b) is None:
        return False
    return INT64_MIN <= int(b) <= INT64_MAX


def to_nonneg_int(b, error: str = errors.NOT_POSITIVE) -> int:
    v = to_int(b)
    if v < 0:
        raise RedisError(error)
    return v


def to_float(b, error: str = errors.NOT_FLOAT) -> float:
    """Parse a double as strtod would; NaN is refused as Redis refuses it."""
    if type(b) is float:
        if math.isnan(b):
            raise RedisError(error)
        return b
    if len(b) == 0 or _FLOAT_RE.fullmatch(b) is None:
        raise RedisError(error)
    v = float(b)
    if math.isnan(v):
        raise RedisError(error)
    return v


def format_double(d: float) -> bytes:
    """Print a double the way Redis 7.2+ does (shortest round-trip digits, %g layout):
    1.1 -> "1.1", 3.0 -> "3", 1e20 -> "1e+20", inf -> "inf"."""
    if d == math.inf:
        return b"inf"
    if d == -math.inf:
        return b"-inf"
    if d != d:
        # Only module replies carry a NaN (a TS.RANGE EMPTY bucket); Redis prints "nan".
        return b"nan"
    if d == int(d) and abs(d) < 1e17:
        return b"%.17g" % d
    r = repr(d)
    mant = r.split("e")[0].lstrip("-").replace(".", "").lstrip("0")
    digits = max(1, len(mant.rstrip("0")) if "e" not in r else len(mant))
    return ("%.*g" % (max(digits, 1), d)).encode()


def upper(b) -> bytes:
    """An option keyword upper-cased for comparison (options are ASCII)."""
    return b.upper() if type(b) is bytes else bytes(b).upper()


def text(b) -> str:
    return b.decode("utf-8", "replace") if isinstance(b, (bytes, bytearray)) else str(b)


def as_bytes(v) -> bytes:
    """Coerce what an in-process caller may pass (str, int, float) to the bytes Redis sees."""
    t = type(v)
    if t is bytes:
        return v
    if t is str:
        return v.encode()
    if t is int:
        return b"%d" % v
    if t is float:
        return repr(v).encode()
    if isinstance(v, (bytearray, memoryview)):
        return bytes(v)
    return str(v).encode()
