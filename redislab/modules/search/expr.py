"""The small expression language of FT.CREATE ... FILTER and FT.AGGREGATE APPLY / FILTER.

Values are numbers (float), strings, or None for a missing property. Supported:
``@prop``, numbers, quoted strings, ``+ - * / % ^``, comparisons ``== != < <= > >=``,
``&& || !``, parentheses and a handful of functions (upper, lower, strlen, exists,
abs, floor, ceil, sqrt, log, log2, exp, substr, contains, startswith). The grammar is
parsed by precedence climbing; anything else is a clear error, never a guess.
"""
from __future__ import annotations

import math
import re

from ...errors import RedisError

_TOKEN = re.compile(r"""\s*(?:(?P<num>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+)|(?P<str>"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')
    |(?P<prop>@[\w.$\[\]*-]+)|(?P<name>[A-Za-z_]\w*)|(?P<op>==|!=|<=|>=|&&|\|\||[-+*/%^<>!(),]))""", re.X)

# Binary operators by precedence (higher binds tighter).
_BIN = {"||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4,
        "+": 5, "-": 5, "*": 6, "/": 6, "%": 6, "^": 7}


def _fail(expr: str, pos: int) -> RedisError:
    return RedisError(f"Syntax error at offset {pos} near {expr[pos:pos + 10] or expr[-10:]}")


def _lex(expr: str) -> list:
    out, pos = [], 0
    while pos < len(expr):
        if expr[pos:].strip() == "":
            break
        m = _TOKEN.match(expr, pos)
        if m is None or m.end() == pos:
            raise _fail(expr, pos)
        kind = m.lastgroup
        out.append((kind, m.group(kind), m.start(kind)))
        pos = m.end()
    out.append(("end", "", len(expr)))
    return out


def parse_expr(expr: str):
    """An expression tree: ('num', x) ('str', s) ('prop', name) ('un', op, a)
    ('bin', op, a, b) ('call', fn, [args])."""
    toks = _lex(expr)
    pos = [0]

    def peek():
        return toks[pos[0]]

    def take():
        t = toks[pos[0]]
        pos[0] += 1
        return t

    depth = [0]

    def primary():
        depth[0] += 1
        try:
            if depth[0] > 100:      # bounded, so a hostile expression cannot exhaust the stack
                raise _fail(expr, peek()[2])
            return _primary()
        finally:
            depth[0] -= 1

    def _primary():
        kind, val, at = take()
        if kind == "num":
            return ("num", float(val))
        if kind == "str":
            return ("str", re.sub(r"\\(.)", r"\1", val[1:-1]))
        if kind == "prop":
            return ("prop", val[1:])
        if kind == "op" and val in ("-", "!", "+"):
            return ("un", val, unary_operand())
        if kind == "op" and val == "(":
            node = binary(1)
            if take()[1] != ")":
                raise _fail(expr, at)
            return node
        if kind == "name":
            if peek()[1] != "(":
                raise _fail(expr, at)
            take()
            args = []
            if peek()[1] != ")":
                args.append(binary(1))
                while peek()[1] == ",":
                    take()
                    args.append(binary(1))
            if take()[1] != ")":
                raise _fail(expr, at)
            if val.lower() not in _FUNCS:
                raise RedisError(f"Unknown function name '{val}'")
            return ("call", val.lower(), args)
        raise _fail(expr, at)

    def unary_operand():
        return primary()

    def binary(min_prec):
        left = primary()
        while True:
            kind, op, _ = peek()
            prec = _BIN.get(op) if kind == "op" else None
            if prec is None or prec < min_prec:
                break
            take()
            right = binary(prec if op == "^" else prec + 1)   # ^ is right-associative
            left = ("bin", op, left, right)
        return left

    tree = binary(1)
    kind, _, at = peek()
    if kind != "end":
        raise _fail(expr, at)
    return tree


def to_number(v):
    """A value as a float for arithmetic and numeric comparison, None when it is not
    a number (a bool, a list, a string that does not parse)."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    if isinstance(v, str):
        try:
            return float(v)
        except ValueError:
            return None
    return None


def _str(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(int(v)) if v == int(v) and abs(v) < 1e17 else repr(v)
    return str(v)


def truthy(v) -> bool:
    if v is None:
        return False
    if isinstance(v, float):
        return v != 0 and not math.isnan(v)
    return bool(v)


def _sub(s, off, n):
    s = _str(s)
    o, k = int(to_number(off) or 0), int(to_number(n) or 0)
    if o < 0:
        o = max(0, len(s) + o)
    return s[o:o + k] if k >= 0 else s[o:len(s) + k]


_FUNCS = {
    "upper": lambda s: _str(s).upper(),
    "lower": lambda s: _str(s).lower(),
    "strlen": lambda s: float(len(_str(s))),
    "exists": lambda v: 1.0 if v is not None else 0.0,
    "abs": lambda x: abs(to_number(x) or 0.0),
    "floor": lambda x: float(math.floor(to_number(x) or 0.0)),
    "ceil": lambda x: float(math.ceil(to_number(x) or 0.0)),
    "sqrt": lambda x: math.sqrt(x) if (x := to_number(x)) is not None and x >= 0 else math.nan,
    "log": lambda x: math.log(x) if (x := to_number(x)) and x > 0 else math.nan,
    "log2": lambda x: math.log2(x) if (x := to_number(x)) and x > 0 else math.nan,
    "exp": lambda x: math.exp(to_number(x) or 0.0),
    "substr": _sub,
    "contains": lambda s, sub: float(_str(s).count(_str(sub))),
    "startswith": lambda s, p: 1.0 if _str(s).startswith(_str(p)) else 0.0,
}


def evaluate(node, get):
    """The value of ``node`` with properties read through ``get(name)``."""
    kind = node[0]
    if kind == "num" or kind == "str":
        return node[1]
    if kind == "prop":
        return get(node[1])
    if kind == "un":
        v = evaluate(node[2], get)
        if node[1] == "!":
            return 0.0 if truthy(v) else 1.0
        x = to_number(v)
        return None if x is None else (-x if node[1] == "-" else x)
    if kind == "call":
        args = [evaluate(a, get) for a in node[2]]
        try:
            return _FUNCS[node[1]](*args)
        except TypeError:
            raise RedisError(f"Invalid arguments for function '{node[1]}'") from None
    op = node[1]
    if op == "&&":
        return 1.0 if truthy(evaluate(node[2], get)) and truthy(evaluate(node[3], get)) else 0.0
    if op == "||":
        return 1.0 if truthy(evaluate(node[2], get)) or truthy(evaluate(node[3], get)) else 0.0
    a, b = evaluate(node[2], get), evaluate(node[3], get)
    if op in ("==", "!=", "<", "<=", ">", ">="):
        x, y = to_number(a), to_number(b)
        if x is None or y is None or isinstance(a, str) and isinstance(b, str) and (
                to_number(a) is None or to_number(b) is None):
            x, y = _str(a), _str(b)
        res = {"==": x == y, "!=": x != y, "<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]
        return 1.0 if res else 0.0
    x, y = to_number(a), to_number(b)
    if x is None or y is None:
        return math.nan
    try:
        if op == "+":
            return x + y
        if op == "-":
            return x - y
        if op == "*":
            return x * y
        if op == "/":
            return x / y if y else math.nan
        if op == "%":
            return float(int(x) % int(y)) if int(y) else math.nan
        return x ** y
    except (OverflowError, ValueError):
        return math.nan
