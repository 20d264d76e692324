"""The RedisJSON value type: one parsed JSON document per key.

``JsonDoc.value`` is plain Python: dict (insertion ordered, as RedisJSON keeps object
members), list, str, int, float, bool or None. JSON integers stay ``int`` and numbers
written with a fraction or exponent stay ``float`` - RedisJSON keeps the two apart
(``JSON.TYPE`` answers "integer" or "number", ``3.0`` prints back as ``3.0``), so
code walking ``value`` must test ``bool`` before ``int`` (bool is an int in Python).

Parsing and printing live here too, because every reader of a document (the JSON
commands, RediSearch ``ON JSON``) needs the same rules. No RESP and no commands
here (house rule 4).
"""
from __future__ import annotations

import json
import math

from ...errors import RedisError

# ----------------------------------------------------------------- parsing

U64_MAX = (1 << 64) - 1
I64_MIN = -(1 << 63)


def _reject_constant(name):
    # Python's json accepts NaN/Infinity; JSON (and RedisJSON) does not.
    raise ValueError(name)


def _number_int(text: str):
    v = int(text)
    # RedisJSON stores numbers as i64/u64/f64: bigger integers can only be doubles,
    # and "-0" has no integer form, so it becomes the double -0.0.
    if v > U64_MAX or v < I64_MIN or text == "-0":
        return _number_float(text)
    return v


class _OutOfRange(ValueError):
    pass


def _number_float(text: str):
    v = float(text)
    if math.isinf(v):
        raise _OutOfRange(text)           # JSON has no infinity: 1e400 is refused
    return v


_DECODER = json.JSONDecoder(parse_int=_number_int, parse_float=_number_float,
                            parse_constant=_reject_constant)

# Python's decoder messages, reworded as the JSON parser RedisJSON uses words them.
_MESSAGES = (
    ("Expecting value", "expected value"),
    ("Extra data", "trailing characters"),
    ("Expecting ',' delimiter", "expected `,` or `]`"),
    ("Expecting property name enclosed in double quotes", "key must be a string"),
    ("Expecting ':' delimiter", "expected `:`"),
    ("Unterminated string", "EOF while parsing a string"),
    ("Invalid control character", "control character (\\u0000-\\u001F) found while parsing a string"),
    ("Invalid \\escape", "invalid escape"),
    ("Invalid \\uXXXX escape", "invalid escape"),
    ("Illegal trailing comma", "trailing comma"),
)


class JsonSyntaxError(ValueError):
    """Text that is not JSON; ``message`` reads like RedisJSON's parser error."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _has_lone_surrogate(v) -> bool:
    if isinstance(v, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in v)
    if isinstance(v, list):
        return any(_has_lone_surrogate(x) for x in v)
    if isinstance(v, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(x) for k, x in v.items())
    return False


MAX_DEPTH = 128      # the parser's nesting limit (arrays and objects inside each other)


def _brackets(text: str, end: int):
    """(position, bracket) for each of ``[ ] { }`` in ``text[:end]`` outside strings:
    a cheap scan that needs no parse, for the two checks below."""
    i = 0
    while i < end:
        c = text[i]
        if c == '"':
            i += 1
            while i < end and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif c in "[]{}":
            yield i, c
        i += 1


def _too_deep(text: str):
    """Position (0-based) of the first bracket nested deeper than MAX_DEPTH, or -1.
    Checked before parsing, so a hostile argument cannot exhaust Python's stack."""
    depth = 0
    for i, c in _brackets(text, len(text)):
        if c in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return i
        else:
            depth -= 1
    return -1


def parse(data) -> object:
    """Parse JSON text (bytes or str) into a Python value, or raise JsonSyntaxError."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as e:
            raise JsonSyntaxError(f"invalid unicode code point at line 1 column {e.start + 1}") from None
    else:
        text = data
    stripped = text.strip(" \t\n\r")
    if not stripped:
        # An empty argument: the parser runs out of input before any value.
        raise JsonSyntaxError("EOF while parsing a value at line 1 column 0")
    if text.count("[") + text.count("{") > MAX_DEPTH:
        deep = _too_deep(text)
        if deep >= 0:
            line = text.count("\n", 0, deep) + 1
            col = deep - (text.rfind("\n", 0, deep) + 1) + 1
            raise JsonSyntaxError(f"recursion limit exceeded at line {line} column {col}")
    try:
        value, end = _DECODER.raw_decode(text, len(text) - len(text.lstrip(" \t\n\r")))
    except json.JSONDecodeError as e:
        msg = e.msg
        for ours, theirs in _MESSAGES:
            if msg.startswith(ours):
                msg = theirs
                break
        if e.pos >= len(text):
            msg = "EOF while parsing a value"
        if msg == "expected `,` or `]`" and _inside_object(text, e.pos):
            msg = "expected `,` or `}`"
        raise JsonSyntaxError(f"{msg} at line {e.lineno} column {e.colno}") from None
    except _OutOfRange as e:
        col = text.find(str(e)) + len(str(e))
        raise JsonSyntaxError(f"number out of range at line 1 column {col}") from None
    except (ValueError, RecursionError):
        raise JsonSyntaxError("expected value at line 1 column 1") from None
    rest = text[end:]
    if rest.strip(" \t\n\r"):
        pos = end + len(rest) - len(rest.lstrip(" \t\n\r"))
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        raise JsonSyntaxError(f"trailing characters at line {line} column {col}")
    if _has_lone_surrogate(value):
        raise JsonSyntaxError("lone leading surrogate in hex escape at line 1 column 1")
    return value


def _inside_object(text: str, pos: int) -> bool:
    """Whether position ``pos`` sits inside an object rather than an array, to name
    the delimiter the parser expected."""
    stack = []
    for _, c in _brackets(text, min(pos, len(text))):
        if c in "[{":
            stack.append(c)
        elif stack:
            stack.pop()
    return bool(stack) and stack[-1] == "{"


# ---------------------------------------------------------------- printing

def format_float(d: float) -> str:
    """A double as RedisJSON prints it: the shortest digits that read back the same
    value, laid out in plain decimal with a ``.0`` for whole numbers up to 16 digits
    (``3.0``, ``1000000000000000.0``, ``0.00001``) and in ``1e16`` / ``1.5e-7`` style
    beyond that (no ``+`` and no padded exponent, unlike Python's ``repr``)."""
    if math.isinf(d) or math.isnan(d):
        return "null"                         # not representable in JSON
    if d == 0:
        return "-0.0" if math.copysign(1.0, d) < 0 else "0.0"
    r = repr(abs(d))
    sign = "-" if d < 0 else ""
    mant, _, exp = r.partition("e")
    whole, _, frac = mant.partition(".")
    digits = (whole + frac).lstrip("0")
    # decimal exponent of the first digit: value = 0.d1d2d3... * 10**kk
    kk = (len(whole.lstrip("0")) if whole.strip("0") else -(len(frac) - len(frac.lstrip("0")))) + (int(exp) if exp else 0)
    digits = digits.rstrip("0") or "0"
    n = len(digits)
    if n <= kk <= 16:
        return f"{sign}{digits}{'0' * (kk - n)}.0"
    if 0 < kk <= 16:
        return f"{sign}{digits[:kk]}.{digits[kk:]}"
    if -5 < kk <= 0:
        return f"{sign}0.{'0' * -kk}{digits}"
    e = kk - 1
    if n == 1:
        return f"{sign}{digits}e{e}"
    return f"{sign}{digits[0]}.{digits[1:]}e{e}"


def _escape(s: str) -> str:
    # json.dumps with ensure_ascii=False escapes exactly '"', '\\' and control
    # characters; the control characters use the short forms (\n, \t...) where they
    # exist and \u00XX otherwise, which is the escaping RedisJSON's printer uses.
    return json.dumps(s, ensure_ascii=False)


def scalar_text(v) -> str:
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if type(v) is int:
        return str(v)
    if type(v) is float:
        return format_float(v)
    return _escape(v)


def dumps(v, indent: str = "", newline: str = "", space: str = "") -> str:
    """Serialise like JSON.GET: compact by default; ``indent`` per nesting level,
    ``newline`` after each element and ``space`` after each ``:`` when given."""
    if not indent and not newline and not space:
        out: list = []
        _compact(v, out)
        return "".join(out)
    out = []
    _pretty(v, out, indent, newline, space, 0)
    return "".join(out)


def _compact(v, out: list) -> None:
    t = type(v)
    if t is dict:
        if not v:
            out.append("{}")
            return
        out.append("{")
        first = True
        for k, x in v.items():
            if not first:
                out.append(",")
            first = False
            out.append(_escape(k))
            out.append(":")
            _compact(x, out)
        out.append("}")
    elif t is list:
        if not v:
            out.append("[]")
            return
        out.append("[")
        for i, x in enumerate(v):
            if i:
                out.append(",")
            _compact(x, out)
        out.append("]")
    else:
        out.append(scalar_text(v))


def _pretty(v, out: list, indent: str, newline: str, space: str, level: int) -> None:
    t = type(v)
    if t is dict or t is list:
        if not v:
            out.append("{}" if t is dict else "[]")
            return
        out.append("{" if t is dict else "[")
        items = v.items() if t is dict else enumerate(v)
        first = True
        for k, x in items:
            if not first:
                out.append(",")
            first = False
            out.append(newline)
            out.append(indent * (level + 1))
            if t is dict:
                out.append(_escape(k))
                out.append(":" + space)
            _pretty(x, out, indent, newline, space, level + 1)
        out.append(newline)
        out.append(indent * level)
        out.append("}" if t is dict else "]")
    else:
        out.append(scalar_text(v))


def type_name(v) -> str:
    """The JSON.TYPE name of a value."""
    if v is None:
        return "null"
    t = type(v)
    if t is bool:
        return "boolean"
    if t is int:
        return "integer"
    if t is float:
        return "number"
    if t is str:
        return "string"
    if t is list:
        return "array"
    return "object"


def depth(v) -> int:
    """How many containers nest in ``v`` (0 for a scalar, 1 for ``[]``)."""
    best = 0
    stack = [(v, 1)]
    while stack:
        x, d = stack.pop()
        t = type(x)
        if t is dict or t is list:
            if d > best:
                best = d
            stack.extend((y, d + 1) for y in (x.values() if t is dict else x))
    return best


def deep_copy(v):
    """A copy of a value sharing nothing mutable (faster than copy.deepcopy for JSON)."""
    t = type(v)
    if t is dict:
        return {k: deep_copy(x) for k, x in v.items()}
    if t is list:
        return [deep_copy(x) for x in v]
    return v


# ------------------------------------------------------------------ memory

def value_size(v) -> int:
    """Bytes a value takes, following the layout of RedisJSON 2.x's value cells: an
    8-byte cell per value, with null, booleans and small integers stored inline,
    other numbers, strings, arrays and objects on the heap behind a header."""
    t = type(v)
    if v is None or t is bool:
        return 0
    if t is int:
        return 0 if -(1 << 23) <= v < (1 << 23) else 16
    if t is float:
        return 16
    if t is str:
        return 0 if not v else 16 + len(v.encode("utf-8"))
    if t is list:
        if not v:
            return 0
        return 16 + 8 * len(v) + sum(value_size(x) for x in v)
    if not v:
        return 0
    # objects: header, (key, value) cells, and an index table of one slot per member
    return 16 + 24 * len(v) + sum(value_size(k) + value_size(x) for k, x in v.items())


# ----------------------------------------------------------------- the type

class JsonDoc:
    """The value stored at a RedisJSON key (TYPE answers ``ReJSON-RL``)."""

    TYPE = "ReJSON-RL"
    __slots__ = ("value",)

    def __init__(self, value=None):
        self.value = value

    def __bool__(self) -> bool:
        return True                 # an empty document ({} or "") is still a key

    def encoding(self, config) -> str:
        return "raw"                # what OBJECT ENCODING says for a module type

    def copy(self) -> "JsonDoc":
        return JsonDoc(deep_copy(self.value))

    def memory_usage(self) -> int:
        return 8 + value_size(self.value)

    def to_json(self, **fmt) -> str:
        return dumps(self.value, **fmt)

    @classmethod
    def from_json(cls, data) -> "JsonDoc":
        """A document from JSON text; raises RedisError with RedisJSON's parse error."""
        try:
            return cls(parse(data))
        except JsonSyntaxError as e:
            raise RedisError("ERR " + e.message) from None

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"JsonDoc({dumps(self.value)})"
