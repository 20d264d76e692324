"""Paths into a JSON document: RedisJSON's JSONPath dialect and its legacy syntax.

A path that starts with ``$`` is JSONPath: it may select any number of values and
commands answer one result per match. Anything else is a *legacy* path from
RedisJSON 1 (``.``, ``.a.b``, ``a``, ``.a[0]``, ``["a b"]``): RedisJSON reads it as
JSONPath after putting ``$`` in front, but commands answer a single value and fail
when nothing matches. ``Path.legacy`` records which kind the user wrote.

Supported selectors: ``.name``, ``['name']`` / ``["name"]``, ``[n]`` (negative
counts from the end), ``[*]`` / ``.*``, recursive descent ``..``, slices
``[start:end:step]``, unions ``[0,2]`` / ``['a','b']`` and filters
``[?(<expr>)]`` with ``== != < <= > >= =~``, ``&&``, ``||``, ``!``, parentheses,
``@`` (the candidate) and ``$`` (the document root) references.

A match is ``(location, value)`` where location is the tuple of member names and
array positions from the root, so write commands can reach the parent.
"""
from __future__ import annotations

import re

from ...errors import RedisError

# --------------------------------------------------------------- the AST
# Steps: ("key", name) ("index", n) ("wild",) ("desc", step) ("union", items)
# ("slice", start, end, step) ("filter", expr). A filter expression is a tuple:
# ("or", a, b) ("and", a, b) ("not", a) ("cmp", op, left, right) ("exists", operand)
# and an operand is ("lit", value) or ("rel"/"abs", steps).

_NAME_EXTRA = set("_$-")


class Path:
    __slots__ = ("original", "legacy", "steps")

    def __init__(self, original: str, legacy: bool, steps: list):
        self.original = original
        self.legacy = legacy
        self.steps = steps

    @property
    def is_root(self) -> bool:
        return not self.steps

    @property
    def is_static(self) -> bool:
        """Only plain members and single indexes: names exactly one place."""
        return all(s[0] in ("key", "index") for s in self.steps)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Path({self.original!r}, legacy={self.legacy}, {self.steps})"


class PathError(Exception):
    def __init__(self, text: str, pos: int, expected: str):
        self.text, self.pos, self.expected = text, pos, expected
        super().__init__(self.message)

    @property
    def message(self) -> str:
        # RedisJSON points at the failing position with an arrow inside the path.
        return (f'Error occurred on position {self.pos}, "{self.text[:self.pos]} ---->>>> '
                f'{self.text[self.pos:]}", expected {self.expected}')


def parse(path) -> Path:
    """Parse a path argument (bytes or str); raises RedisError for a malformed path."""
    text = path.decode("utf-8", "replace") if isinstance(path, (bytes, bytearray)) else str(path)
    legacy = not text.startswith("$")
    if legacy:
        # RedisJSON reads a legacy path as JSONPath with the root spelt out.
        if text in ("", "."):
            jp = "$"
        elif text.startswith(".") or text.startswith("["):
            jp = "$" + text
        else:
            jp = "$." + text
        shift = len(jp) - len(text)
    else:
        jp, shift = text, 0
    try:
        steps = _Parser(jp).parse_path()
    except PathError as e:
        e.text = text
        e.pos = max(0, e.pos - shift)
        raise RedisError(e.message) from None
    return Path(text, legacy, steps)


class _Parser:
    def __init__(self, text: str):
        self.t = text
        self.i = 0

    # ----------------------------------------------------------- helpers
    def peek(self, n: int = 1) -> str:
        return self.t[self.i:self.i + n]

    def fail(self, expected: str):
        raise PathError(self.t, self.i, expected)

    def ws(self) -> None:
        while self.i < len(self.t) and self.t[self.i] in " \t":
            self.i += 1

    def expect(self, s: str, what: str | None = None) -> None:
        self.ws()
        if not self.t.startswith(s, self.i):
            self.fail(what or f"'{s}'")
        self.i += len(s)

    # ------------------------------------------------------------- paths
    def parse_path(self) -> list:
        if self.peek() != "$":
            self.fail("'$' at the start of the path")
        self.i += 1
        steps = self.steps(top=True)
        if self.i != len(self.t):
            self.fail("'.', '..', '[' or the end of the path")
        return steps

    def steps(self, top: bool) -> list:
        out = []
        while self.i < len(self.t):
            c = self.t[self.i]
            if self.t.startswith("..", self.i):
                self.i += 2
                if self.peek() == "[":
                    out.append(("desc", self.bracket()))
                elif self.peek() == "*":
                    self.i += 1
                    out.append(("desc", ("wild",)))
                else:
                    name = self.name()
                    if name is None:
                        self.fail("a member name, '*' or '[' after '..'")
                    out.append(("desc", ("key", name)))
            elif c == ".":
                self.i += 1
                if self.peek() == "*":
                    self.i += 1
                    out.append(("wild",))
                else:
                    name = self.name()
                    if name is None:
                        self.fail("a member name or '*' after '.'")
                    out.append(("key", name))
            elif c == "[":
                out.append(self.bracket())
            else:
                break
        return out

    def name(self):
        j = self.i
        t = self.t
        while j < len(t) and (t[j].isalnum() or t[j] in _NAME_EXTRA):
            j += 1
        if j == self.i:
            return None
        s = t[self.i:j]
        self.i = j
        return s

    def string(self) -> str:
        q = self.t[self.i]
        j = self.i + 1
        out = []
        t = self.t
        while j < len(t) and t[j] != q:
            if t[j] == "\\" and j + 1 < len(t):
                nxt = t[j + 1]
                out.append({"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}.get(nxt, nxt))
                j += 2
                continue
            out.append(t[j])
            j += 1
        if j >= len(t):
            self.i = j
            self.fail(f"a closing {q}")
        self.i = j + 1
        return "".join(out)

    def integer(self):
        m = re.compile(r"-?\d+").match(self.t, self.i)
        if not m:
            return None
        self.i = m.end()
        return int(m.group())

    def bracket(self):
        self.i += 1                       # '['
        self.ws()
        c = self.peek()
        if c == "*":
            self.i += 1
            self.expect("]")
            return ("wild",)
        if c == "?":
            self.i += 1
            self.expect("(")
            expr = self.expr()
            self.expect(")")
            self.expect("]")
            return ("filter", expr)
        if c in ("'", '"'):
            items = []
            while True:
                self.ws()
                if self.peek() not in ("'", '"'):
                    self.fail("a quoted member name")
                items.append(self.string())
                self.ws()
                if self.peek() == ",":
                    self.i += 1
                    continue
                self.expect("]", "',' or ']'")
                break
            return ("key", items[0]) if len(items) == 1 else ("union", items)
        # numbers: an index, a union of indexes or a slice
        start = self.integer()
        self.ws()
        if self.peek() == ":":
            self.i += 1
            self.ws()
            end = self.integer()
            step = None
            self.ws()
            if self.peek() == ":":
                self.i += 1
                self.ws()
                step = self.integer()
            self.expect("]", "']' after a slice")
            return ("slice", start, end, step)
        if start is None:
            self.fail("a quoted name, a number, a slice 'start:end:step', '*' or '?(' inside '['")
        items = [start]
        while self.peek() == ",":
            self.i += 1
            self.ws()
            n = self.integer()
            if n is None:
                self.fail("a number after ','")
            items.append(n)
            self.ws()
        self.expect("]", "',' or ']'")
        return ("index", items[0]) if len(items) == 1 else ("union", items)

    # ------------------------------------------------------- filter exprs
    def expr(self):
        left = self.conj()
        while True:
            self.ws()
            if self.t.startswith("||", self.i):
                self.i += 2
                left = ("or", left, self.conj())
            else:
                return left

    def conj(self):
        left = self.unary()
        while True:
            self.ws()
            if self.t.startswith("&&", self.i):
                self.i += 2
                left = ("and", left, self.unary())
            else:
                return left

    def unary(self):
        self.ws()
        if self.peek() == "!" and self.peek(2) != "!=":
            self.i += 1
            return ("not", self.unary())
        if self.peek() == "(":
            save = self.i
            self.i += 1
            inner = self.expr()
            self.ws()
            if self.peek() == ")":
                self.i += 1
                return inner
            self.i = save
            self.fail("')'")
        left = self.operand()
        self.ws()
        for op in ("==", "!=", "<=", ">=", "=~", "<", ">"):
            if self.t.startswith(op, self.i):
                self.i += len(op)
                right = self.operand()
                return ("cmp", op, left, right)
        if left[0] == "lit":
            return ("lit", bool(left[1]))
        return ("exists", left)

    def operand(self):
        self.ws()
        c = self.peek()
        if c == "@" or c == "$":
            self.i += 1
            return ("rel" if c == "@" else "abs", self.steps(top=False))
        if c in ("'", '"'):
            return ("lit", self.string())
        m = re.compile(r"-?(?:\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?").match(self.t, self.i)
        if m:
            self.i = m.end()
            s = m.group()
            return ("lit", float(s) if any(x in s for x in ".eE") else int(s))
        for word, val in (("true", True), ("false", False), ("null", None)):
            if self.t.startswith(word, self.i):
                self.i += len(word)
                return ("lit", val)
        self.fail("'@', '$', a string, a number, true, false or null in the filter")


# ------------------------------------------------------------ evaluation

def find(root, path: Path) -> list:
    """Every (location, value) the path selects in ``root``, in document order."""
    cur = [((), root)]
    for step in path.steps:
        nxt = []
        for loc, v in cur:
            _apply(step, loc, v, root, nxt)
        cur = nxt
        if not cur:
            break
    return cur


def values(root, steps) -> list:
    cur = [((), root)]
    for step in steps:
        nxt = []
        for loc, v in cur:
            _apply(step, loc, v, root, nxt)
        cur = nxt
    return [v for _, v in cur]


def _children(loc, v):
    if type(v) is dict:
        return [(loc + (k,), x) for k, x in v.items()]
    if type(v) is list:
        return [(loc + (i,), x) for i, x in enumerate(v)]
    return []


def _apply(step, loc, v, root, out: list) -> None:
    kind = step[0]
    t = type(v)
    if kind == "key":
        if t is dict and step[1] in v:
            out.append((loc + (step[1],), v[step[1]]))
    elif kind == "index":
        if t is list:
            n = step[1]
            if n < 0:
                n += len(v)
            if 0 <= n < len(v):
                out.append((loc + (n,), v[n]))
    elif kind == "wild":
        out.extend(_children(loc, v))
    elif kind == "union":
        for item in step[1]:
            _apply(("key", item) if isinstance(item, str) else ("index", item), loc, v, root, out)
    elif kind == "slice":
        if t is list:
            start, end, stp = step[1], step[2], step[3]
            if stp is not None and stp <= 0:
                return                    # a zero or backward step selects nothing
            for i in range(*slice(start, end, stp).indices(len(v))):
                out.append((loc + (i,), v[i]))
    elif kind == "filter":
        for cl, cv in _children(loc, v):
            if _truth(step[1], cv, root):
                out.append((cl, cv))
    elif kind == "desc":
        _descend(step[1], loc, v, root, out)


def _descend(step, loc, v, root, out: list) -> None:
    # Apply the step at this node, then in every descendant, parents first.
    _apply(step, loc, v, root, out)
    for cl, cv in _children(loc, v):
        if type(cv) is dict or type(cv) is list:
            _descend(step, cl, cv, root, out)


def _operand(op, cur, root) -> list:
    kind = op[0]
    if kind == "lit":
        return [op[1]]
    return values(cur if kind == "rel" else root, op[1])


def _num(x) -> bool:
    return type(x) is int or type(x) is float


def _compare(op: str, a, b) -> bool:
    if op == "=~":
        if type(a) is not str or type(b) is not str:
            return False
        try:
            return re.search(b, a) is not None
        except re.error:
            return False
    if _num(a) and _num(b):
        pass
    elif type(a) is not type(b):
        return op == "!="
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    if type(a) in (dict, list, bool) or a is None:
        return False                      # only numbers and strings are ordered
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    return a >= b


def _truth(e, cur, root) -> bool:
    kind = e[0]
    if kind == "and":
        return _truth(e[1], cur, root) and _truth(e[2], cur, root)
    if kind == "or":
        return _truth(e[1], cur, root) or _truth(e[2], cur, root)
    if kind == "not":
        return not _truth(e[1], cur, root)
    if kind == "lit":
        return e[1]
    if kind == "exists":
        return bool(_operand(e[1], cur, root))
    _, op, left, right = e
    lv = _operand(left, cur, root)
    rv = _operand(right, cur, root)
    return any(_compare(op, a, b) for a in lv for b in rv)


# --------------------------------------------------------- locations

def get_at(root, loc):
    v = root
    for k in loc:
        v = v[k]
    return v


def set_at(root, loc, value):
    """Store ``value`` at ``loc``; returns the new root (which changes for ``()``)."""
    if not loc:
        return value
    get_at(root, loc[:-1])[loc[-1]] = value
    return root


def delete_all(root, locs) -> int:
    """Remove every location (the root is never among them); ancestors win over
    their descendants, and array members go from the highest index down so the
    lower positions stay valid. Returns how many values were removed."""
    chosen = []
    for loc in sorted(set(locs), key=len):
        if not any(loc[:len(p)] == p for p in chosen):
            chosen.append(loc)
    # deepest first, then by descending index/name order within a container
    for loc in sorted(chosen, key=lambda l: (len(l), l[-1] if isinstance(l[-1], int) else -1), reverse=True):
        parent = get_at(root, loc[:-1])
        del parent[loc[-1]]
    return len(chosen)
