"""Randomised exercise data: variable generators, seeds and ``{{placeholders}}``.

An exercise declares variables (``vars:``) whose values are drawn from a seed, so two
learners, or two runs of the same learner, see different data. The same machinery
builds the hidden variants: the grader re-draws the variables the learner was never
told (those not named in the goal) and replays the learner's commands on that data.
A learner who typed a number they read, instead of letting Redis compute it, passes
on their own data and fails on the variant.

Generators (the value of a ``vars:`` entry):

  ``int A..B``             an integer in [A, B]
  ``choice [a, b, c]``     one of the items (a plain YAML list means the same)
  ``sample K of [a, b]``   K distinct items, in random order (a list)
  ``ints K A..B``          K distinct integers in [A, B] (a list)
  ``hex N``                N random lowercase hex digits
  ``= EXPR``               computed from earlier variables, e.g. ``= n * 2``

Placeholders ``{{EXPR}}`` use a tiny expression language: variable names, numbers,
quoted strings, ``+ - * / // %``, indexing ``xs[0]``, list literals and the
functions len, sorted, min, max, sum, abs, str, int. Nothing else is evaluated, so a
lesson file can never run arbitrary code.
"""
from __future__ import annotations

import ast
import operator
import random
import re
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}")


class VarError(ValueError):
    """A generator spec or a placeholder expression that cannot be used."""


# ------------------------------------------------------------ generators

@dataclass(frozen=True)
class VarSpec:
    name: str
    kind: str            # int | choice | sample | ints | hex | expr
    lo: int = 0
    hi: int = 0
    k: int = 0
    items: tuple = ()
    expr: str = ""

    def draw(self, rng: random.Random, env: dict):
        if self.kind == "int":
            return rng.randint(self.lo, self.hi)
        if self.kind == "choice":
            return rng.choice(self.items)
        if self.kind == "sample":
            return rng.sample(list(self.items), self.k)
        if self.kind == "ints":
            return rng.sample(range(self.lo, self.hi + 1), self.k)
        if self.kind == "hex":
            return "".join(rng.choice("0123456789abcdef") for _ in range(self.k))
        return evaluate(self.expr, env)


_INT = r"(-?\d+)"
_RANGE = re.compile(rf"^int\s+{_INT}\s*\.\.\s*{_INT}$")
_INTS = re.compile(rf"^ints\s+(\d+)\s+{_INT}\s*\.\.\s*{_INT}$")
_CHOICE = re.compile(r"^choice\s*\[(.*)\]$")
_SAMPLE = re.compile(r"^sample\s+(\d+)\s+of\s*\[(.*)\]$")
_HEX = re.compile(r"^hex\s+(\d+)$")


def _items(text: str) -> tuple:
    return tuple(_typed(x.strip().strip("'\"")) for x in text.split(",") if x.strip())


def _typed(s: str):
    """Numbers in a choice list are numbers, so ``{{ttl - 1}}`` works on them."""
    return int(s) if re.fullmatch(r"-?\d+", s) else s


def parse_spec(name: str, raw) -> VarSpec:
    """Turn one ``vars:`` entry into a VarSpec, or raise VarError saying what is wrong."""
    if isinstance(raw, list):
        if not raw:
            raise VarError(f"variable '{name}': an empty list has nothing to choose from")
        return VarSpec(name, "choice", items=tuple(_typed(_text(x)) for x in raw))
    if not isinstance(raw, str):
        raise VarError(f"variable '{name}': expected a generator such as 'int 5..50', got {raw!r}")
    s = raw.strip()
    if s.startswith("="):
        expr = s[1:].strip()
        compile_expr(expr)
        return VarSpec(name, "expr", expr=expr)
    if m := _RANGE.match(s):
        lo, hi = int(m[1]), int(m[2])
        if lo > hi:
            raise VarError(f"variable '{name}': empty range {lo}..{hi}")
        return VarSpec(name, "int", lo=lo, hi=hi)
    if m := _INTS.match(s):
        k, lo, hi = int(m[1]), int(m[2]), int(m[3])
        if k > hi - lo + 1 or k < 1:
            raise VarError(f"variable '{name}': cannot pick {k} distinct integers from {lo}..{hi}")
        return VarSpec(name, "ints", lo=lo, hi=hi, k=k)
    if m := _CHOICE.match(s):
        items = _items(m[1])
        if not items:
            raise VarError(f"variable '{name}': choice [] has nothing to choose from")
        return VarSpec(name, "choice", items=items)
    if m := _SAMPLE.match(s):
        k, items = int(m[1]), _items(m[2])
        if k < 1 or k > len(items):
            raise VarError(f"variable '{name}': cannot sample {k} of {len(items)} items")
        return VarSpec(name, "sample", k=k, items=items)
    if m := _HEX.match(s):
        return VarSpec(name, "hex", k=int(m[1]))
    raise VarError(f"variable '{name}': unknown generator {s!r} "
                   "(use int A..B, choice [...], sample K of [...], ints K A..B, hex N or = EXPR)")


def _text(v) -> str:
    return getattr(v, "src", None) or str(v)


def draw(specs: list[VarSpec], seed, keep: dict | None = None) -> dict:
    """Values for every variable from ``seed``; names in ``keep`` keep the given value
    (the ones the learner was told), derived ``=`` variables are recomputed."""
    rng = random.Random(str(seed))   # str seeds are hashed stably across runs and platforms
    env: dict = {}
    for spec in specs:
        value = spec.draw(rng, env)  # always draw, so kept names do not shift the others
        if keep and spec.name in keep and spec.kind != "expr":
            value = keep[spec.name]
        env[spec.name] = value
    return env


def hidden_variants(specs: list[VarSpec], visible: dict, hidden_names: set, count: int,
                    base_seed) -> list[dict]:
    """``count`` bindings that keep the visible names and differ from ``visible`` in at
    least one hidden variable (a variant equal to the learner's data proves nothing)."""
    keep = {k: v for k, v in visible.items() if k not in hidden_names}
    out: list[dict] = []
    attempt = 0
    while len(out) < count and attempt < 50 * max(1, count):
        attempt += 1
        env = draw(specs, f"{base_seed}/variant/{attempt}", keep)
        if any(env[n] != visible.get(n) for n in hidden_names) and env not in out:
            out.append(env)
    return out


# ------------------------------------------------------------ expressions

_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod}
_FUNCS = {"len": len, "sorted": sorted, "min": min, "max": max, "sum": sum, "abs": abs,
          "str": str, "int": int}
_cache: dict[str, ast.AST] = {}


def compile_expr(expr: str) -> ast.AST:
    """Parse and whitelist an expression once; VarError names the first bad part."""
    tree = _cache.get(expr)
    if tree is not None:
        return tree
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except SyntaxError:
        raise VarError(f"cannot parse {{{{{expr}}}}}") from None
    for node in ast.walk(tree):
        ok = isinstance(node, (ast.Expression, ast.BinOp, ast.UnaryOp, ast.USub, ast.UAdd,
                               ast.Constant, ast.Name, ast.Load, ast.Subscript, ast.List,
                               ast.Tuple, ast.Call, ast.Slice)) or type(node) in _BINOPS
        if isinstance(node, ast.Call):
            ok = isinstance(node.func, ast.Name) and node.func.id in _FUNCS and not node.keywords
        if not ok:
            raise VarError(f"{{{{{expr}}}}}: '{type(node).__name__}' is not allowed in a placeholder")
    _cache[expr] = tree
    return tree


def names_in(expr: str) -> set[str]:
    """Variable names an expression reads (function names excluded)."""
    tree = compile_expr(expr)
    funcs = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - funcs


def evaluate(expr: str, env: dict):
    try:
        return _eval(compile_expr(expr).body, env, expr)
    except (TypeError, ValueError, IndexError, KeyError, ZeroDivisionError) as e:
        if isinstance(e, VarError):
            raise
        raise VarError(f"{{{{{expr}}}}}: {e}") from None


def _eval(node, env, expr):
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in env:
            raise VarError(f"{{{{{expr}}}}}: no variable named '{node.id}'")
        return env[node.id]
    if isinstance(node, ast.BinOp):
        return _BINOPS[type(node.op)](_eval(node.left, env, expr), _eval(node.right, env, expr))
    if isinstance(node, ast.UnaryOp):
        v = _eval(node.operand, env, expr)
        return -v if isinstance(node.op, ast.USub) else +v
    if isinstance(node, ast.Subscript):
        return _eval(node.value, env, expr)[_eval(node.slice, env, expr)]
    if isinstance(node, ast.Slice):
        return slice(*(None if p is None else _eval(p, env, expr) for p in (node.lower, node.upper, node.step)))
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_eval(e, env, expr) for e in node.elts]
    if isinstance(node, ast.Call):
        return _FUNCS[node.func.id](*(_eval(a, env, expr) for a in node.args))
    raise VarError(f"{{{{{expr}}}}}: unsupported expression")


def placeholders(text: str) -> list[str]:
    return [m.strip() for m in PLACEHOLDER.findall(text or "")]


def as_text(v) -> str:
    """How a value is written into a command line or compared with a reply."""
    if isinstance(v, (list, tuple)):
        return " ".join(as_text(x) for x in v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return _text(v)


def render(text: str, env: dict) -> str:
    """Fill every ``{{EXPR}}`` in ``text``; lists become space-separated words."""
    return PLACEHOLDER.sub(lambda m: as_text(evaluate(m[1], env)), text)


def render_value(value, env: dict):
    """Like render, but a string that is exactly one placeholder keeps the value's type
    (a list stays a list), and lists and mappings are rendered item by item."""
    if isinstance(value, str):
        m = PLACEHOLDER.fullmatch(value.strip())
        if m:
            return evaluate(m[1], env)
        return render(value, env)
    if isinstance(value, list):
        out = []
        for x in value:
            out.append(render_value(x, env))
        return out
    if isinstance(value, dict):
        return {render(_text(k), env) if isinstance(k, str) else k: render_value(v, env)
                for k, v in value.items()}
    return value
