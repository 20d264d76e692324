"""The FT.SEARCH query language: a parser to a small tree, and its evaluation on a document.

Grammar (DIALECT 2 precedence for every dialect: ``|`` binds loosest, juxtaposition
is AND, ``-`` negates the one item after it)::

    union  := inter ('|' inter)*
    inter  := unary unary*
    unary  := '-' unary | '~' unary | atom
    atom   := '(' union ')' | '"' words '"' | word ['*'] | '*' | '$param'
            | '@' name ['|' name]* ':' ( '{' tags '}' | '[' lo hi ']' | atom )

Errors carry the offset of the character the parser stopped at, in RediSearch's
"Syntax error at offset N near X" form.

Scoring is TF-IDF in the spirit of RediSearch's default scorer: a term adds
``(occurrences x field WEIGHT) x log2(1 + N/df)``, the sum is divided by the
document's most frequent term count and multiplied by the index's SCORE; tag,
numeric and ``*`` items add 1. The numbers are close to, not equal to, RediSearch's.
"""
from __future__ import annotations

import math
from functools import lru_cache

from ...errors import RedisError
from .schema import NUMERIC, TAG, TEXT
from .text import stem as _stem

stem = lru_cache(maxsize=1 << 16)(_stem)

# Characters that end a bare word in a query.
_SPECIAL = set("()|{}[]@:\"~*%$-,.<>;!^&=+/\\'?` \t\r\n")
MAX_DEPTH = 100
# Punctuation between items that RediSearch's lexer skips like white space.
_SKIP = set(",.<>;!^&=+/'?` \t\r\n")


def syntax_error(q: str, pos: int) -> RedisError:
    """RediSearch's parser error; at the end of the query it names the last word."""
    rest = q[pos:].strip()
    if rest:
        near = rest.split(None, 1)[0]
    else:
        words = q.split()
        near = words[-1] if words else ""
        pos = max(0, q.rfind(near)) if near else pos
    return RedisError(f"Syntax error at offset {pos} near {near}")


# ------------------------------------------------------------------ nodes

class Node:
    __slots__ = ()


class All(Node):
    __slots__ = ()


class Empty(Node):
    """What is left of a stop word: neutral inside AND, matches nothing on its own."""
    __slots__ = ()


class Term(Node):
    __slots__ = ("word", "fields", "prefix", "exact")

    def __init__(self, word, fields, prefix=False, exact=False):
        self.word, self.fields, self.prefix, self.exact = word, fields, prefix, exact


class Phrase(Node):
    __slots__ = ("words", "fields", "exact")

    def __init__(self, words, fields, exact=False):
        self.words, self.fields, self.exact = words, fields, exact


class Tags(Node):
    __slots__ = ("field", "tags")      # tags: [(text, is_prefix)]

    def __init__(self, field, tags):
        self.field, self.tags = field, tags


class Range(Node):
    __slots__ = ("field", "lo", "lo_x", "hi", "hi_x")

    def __init__(self, field, lo, lo_x, hi, hi_x):
        self.field, self.lo, self.lo_x, self.hi, self.hi_x = field, lo, lo_x, hi, hi_x


class And(Node):
    __slots__ = ("kids",)

    def __init__(self, kids):
        self.kids = kids


class Or(Node):
    __slots__ = ("kids",)

    def __init__(self, kids):
        self.kids = kids


class Not(Node):
    __slots__ = ("kid",)

    def __init__(self, kid):
        self.kid = kid


class Optional(Node):
    __slots__ = ("kid",)

    def __init__(self, kid):
        self.kid = kid


# ------------------------------------------------------------------ parser

class Parser:
    def __init__(self, q: str, idx, verbatim=False, nostopwords=False, params=None):
        self.q, self.i, self.idx = q, 0, idx
        self.verbatim = verbatim
        self.stopwords = frozenset() if nostopwords else idx.stopwords
        self.params = params or {}
        self.fields = None              # the @field restriction in force (list of names)
        self.depth = 0                  # nesting, bounded so a hostile query cannot exhaust the stack

    def parse(self) -> Node:
        self._ws()
        if self.i >= len(self.q):
            raise syntax_error(self.q, 0)
        node = self._union()
        self._ws()
        if self.i < len(self.q):
            raise syntax_error(self.q, self.i)
        return node

    def _peek(self):
        return self.q[self.i] if self.i < len(self.q) else None

    def _ws(self):
        q = self.q
        while self.i < len(q) and q[self.i] in _SKIP:
            self.i += 1

    def _union(self) -> Node:
        kids = [self._inter()]
        while True:
            self._ws()
            if self._peek() != "|":
                break
            self.i += 1
            kids.append(self._inter())
        return kids[0] if len(kids) == 1 else Or(kids)

    def _inter(self) -> Node:
        kids = []
        while True:
            self._ws()
            c = self._peek()
            if c is None or c in ")|":
                break
            kids.append(self._unary())
        if not kids:
            raise syntax_error(self.q, self.i)
        return kids[0] if len(kids) == 1 else And(kids)

    def _unary(self) -> Node:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise syntax_error(self.q, self.i)
            return self._unary_inner()
        finally:
            self.depth -= 1

    def _unary_inner(self) -> Node:
        c = self._peek()
        if c == "-":
            self.i += 1
            return Not(self._unary())
        if c == "~":
            self.i += 1
            return Optional(self._unary())
        return self._atom()

    def _atom(self) -> Node:
        q, start = self.q, self.i
        c = self._peek()
        if c is None:
            raise syntax_error(q, start)
        if c == "(":
            self.i += 1
            node = self._union()
            self._ws()
            if self._peek() != ")":
                raise syntax_error(q, self.i)
            self.i += 1
            return node
        if c == "@":
            return self._field_item()
        if c == '"':
            return self._phrase()
        if c == "*" and (self.i + 1 >= len(q) or q[self.i + 1] in _SPECIAL):
            self.i += 1
            return All()
        if c == "$":
            self.i += 1
            name = self._word()
            if not name or name not in self.params:
                raise RedisError(f"No such parameter `{name}`")
            return self._term_node(self.params[name], False)
        word = self._word()
        if not word:
            raise syntax_error(q, start)
        prefix = False
        if self._peek() == "*":
            self.i += 1
            prefix = True
        return self._term_node(word, prefix)

    def _word(self) -> str:
        q, out = self.q, []
        while self.i < len(q):
            c = q[self.i]
            if c == "\\" and self.i + 1 < len(q):
                out.append(q[self.i + 1])
                self.i += 2
                continue
            if c in _SPECIAL:
                break
            out.append(c)
            self.i += 1
        return "".join(out)

    def _term_node(self, word: str, prefix: bool) -> Node:
        w = word.lower()
        if not prefix and w in self.stopwords:
            return Empty()
        return Term(w, self.fields, prefix, self.verbatim)

    def _phrase(self) -> Node:
        q = self.q
        self.i += 1
        end = self.i
        while end < len(q) and q[end] != '"':
            end += 2 if q[end] == "\\" else 1
        if end >= len(q):
            raise syntax_error(q, self.i - 1)
        from .text import tokenize

        words = [w for w in tokenize(q[self.i:end].replace("\\", "")) if w not in self.stopwords]
        self.i = end + 1
        if not words:
            return Empty()
        # A quoted phrase is matched verbatim, as RediSearch does: no stemming inside quotes.
        if len(words) == 1:
            return Term(words[0], self.fields, False, True)
        return Phrase(words, self.fields, True)

    def _field_item(self) -> Node:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise syntax_error(self.q, self.i)
            return self._field_item_inner()
        finally:
            self.depth -= 1

    def _field_item_inner(self) -> Node:
        q = self.q
        at = self.i
        self.i += 1
        names = [self._name()]
        while self._peek() == "|":
            self.i += 1
            names.append(self._name())
        if self._peek() != ":" or not all(names):
            raise syntax_error(q, at)
        self.i += 1
        fields = []
        for n in names:
            f = self.idx.field(n)
            if f is None:
                raise RedisError(f"Unknown field at offset {at} near {n}")
            fields.append(f)
        while self._peek() in (" ", "\t"):
            self.i += 1
        c = self._peek()
        if c == "{":
            return self._tags(fields, names, at)
        if c == "[":
            return self._range(fields, names, at)
        outer = self.fields
        self.fields = [f.name for f in fields]
        try:
            if c == "-":
                self.i += 1
                return Not(self._unary())
            return self._atom()
        finally:
            self.fields = outer

    def _name(self) -> str:
        q, start = self.q, self.i
        while self.i < len(q) and (q[self.i].isalnum() or q[self.i] in "_.$[]*-" or
                                   (q[self.i] == "\\" and self.i + 1 < len(q))):
            self.i += 2 if q[self.i] == "\\" else 1
        return q[start:self.i].replace("\\", "")

    def _tags(self, fields, names, at) -> Node:
        q = self.q
        if len(fields) != 1 or fields[0].type != TAG:
            raise RedisError(f"Syntax error at offset {at} near {names[0]}: not a TAG field")
        f = fields[0]
        self.i += 1
        tags, cur, i = [], [], self.i
        while True:
            if i >= len(q):
                raise syntax_error(q, self.i - 1)
            c = q[i]
            if c == "\\" and i + 1 < len(q):
                cur.append(("lit", q[i + 1]))
                i += 2
                continue
            if c in "|}":
                tags.append(self._tag_text(cur, f))
                cur = []
                i += 1
                if c == "}":
                    break
                continue
            cur.append(("raw", c))
            i += 1
        self.i = i
        tags = [t for t in tags if t[0]]
        if not tags:
            raise syntax_error(q, at)
        return Tags(f.name, tags)

    @staticmethod
    def _tag_text(chars, f):
        while chars and chars[0] == ("raw", " "):
            chars = chars[1:]
        while chars and chars[-1] == ("raw", " "):
            chars = chars[:-1]
        prefix = bool(chars) and chars[-1] == ("raw", "*")
        if prefix:
            chars = chars[:-1]
        s = "".join(c for _, c in chars).strip()
        return (s if f.casesensitive else s.lower()), prefix

    def _range(self, fields, names, at) -> Node:
        q = self.q
        if len(fields) != 1 or fields[0].type != NUMERIC:
            raise RedisError(f"Syntax error at offset {at} near {names[0]}: not a NUMERIC field")
        start = self.i
        end = q.find("]", start)
        if end < 0:
            raise syntax_error(q, start)
        parts = q[start + 1:end].replace(",", " ").split()
        if len(parts) != 2:
            raise syntax_error(q, start)
        (lo, lo_x), (hi, hi_x) = (self._bound(p, start) for p in parts)
        self.i = end + 1
        return Range(fields[0].name, lo, lo_x, hi, hi_x)

    def _bound(self, tok: str, at: int):
        excl = tok.startswith("(")
        if excl:
            tok = tok[1:]
        if tok.startswith("$") and tok[1:] in self.params:
            tok = self.params[tok[1:]]
        low = tok.lower()
        if low in ("inf", "+inf"):
            return math.inf, excl
        if low == "-inf":
            return -math.inf, excl
        try:
            v = float(tok)
        except ValueError:
            raise syntax_error(self.q, at) from None
        if math.isnan(v):
            raise syntax_error(self.q, at)
        return v, excl


# ------------------------------------------------------------------ evaluation

class Context:
    """What scoring needs beyond one document: the index, all its documents, and
    the document frequency of each term (computed on first use)."""

    def __init__(self, idx, docs, infields=None):
        self.idx, self.docs = idx, docs
        self.n = max(1, len(docs))
        self.df: dict = {}
        self.counts: dict = {}          # term key -> {doc order: (count, weighted count)}
        self.infields = infields        # INFIELDS: text search limited to these names

    def text_fields(self, names):
        fs = self.idx.fields_of(TEXT)
        if names is not None:
            fs = [f for f in fs if f.name in names]
        if self.infields is not None:
            fs = [f for f in fs if f.name in self.infields]
        return fs

    def idf(self, node) -> float:
        k = _key(node)
        df = self.df.get(k)
        if df is None:
            df = sum(1 for d in self.docs if term_count(node, d, self) > 0)
            self.df[k] = df
        return math.log2(1 + self.n / max(1, df))


def _key(node):
    return (node.word, node.prefix, node.exact, tuple(node.fields or ()))


def term_count(node, doc, ctx, weighted=False) -> float:
    """How often the term occurs in the document's text fields (times their WEIGHT
    when ``weighted``). Both counts are computed together and kept for the query,
    because the document frequency (idf) needs them for every document anyway."""
    memo = ctx.counts.get(_key(node))
    if memo is None:
        memo = ctx.counts[_key(node)] = {}
    got = memo.get(doc.order)
    if got is None:
        plain = heavy = 0.0
        for f in ctx.text_fields(node.fields):
            words = doc.text.get(f.name)
            if not words:
                continue
            stemmed = not (node.exact or node.prefix or f.nostem)
            target = stem(node.word) if stemmed else None
            n = 0
            for w in words:
                if w == node.word or (node.prefix and w.startswith(node.word)) or (
                        stemmed and stem(w) == target):
                    n += 1
            plain += n
            heavy += n * f.weight
        got = memo[doc.order] = (plain, heavy)
    return got[1] if weighted else got[0]


def _phrase_in(words, phrase) -> bool:
    k = len(phrase)
    for i in range(len(words) - k + 1):
        if words[i:i + k] == phrase:
            return True
    return False


def score(node, doc, ctx):
    """The node's score for ``doc``: a float when it matches, None when it does not."""
    t = type(node)
    if t is Term:
        tf = term_count(node, doc, ctx, weighted=True)
        if tf <= 0:
            return None
        return tf * ctx.idf(node) / doc.maxfreq
    if t is And:
        total = 0.0
        seen = False
        for k in node.kids:
            if type(k) is Empty:
                continue
            s = score(k, doc, ctx)
            if s is None:
                return None
            total += s
            seen = True
        return total if seen else None
    if t is Or:
        best = None
        for k in node.kids:
            s = score(k, doc, ctx)
            if s is not None:
                best = s if best is None else best + s
        return best
    if t is Not:
        return 0.0 if score(node.kid, doc, ctx) is None else None
    if t is Optional:
        s = score(node.kid, doc, ctx)
        return 0.0 if s is None else s
    if t is Tags:
        have = doc.tags.get(node.field)
        if not have:
            return None
        for tag, prefix in node.tags:
            if (any(h.startswith(tag) for h in have) if prefix else tag in have):
                return 1.0
        return None
    if t is Range:
        for v in doc.num.get(node.field, ()):
            if ((v > node.lo) if node.lo_x else (v >= node.lo)) and (
                    (v < node.hi) if node.hi_x else (v <= node.hi)):
                return 1.0
        return None
    if t is Phrase:
        hits = 0
        for f in ctx.text_fields(node.fields):
            if _phrase_in(doc.text.get(f.name, ()), node.words):
                hits += f.weight
        if not hits:
            return None
        return hits * len(node.words) * math.log2(1 + ctx.n) / doc.maxfreq
    if t is All:
        return 1.0
    return None          # Empty on its own


def run(node, ctx) -> list:
    """[(doc, score)] for every document the query matches, in walk order."""
    out = []
    for d in ctx.docs:
        s = score(node, d, ctx)
        if s is not None:
            out.append((d, s * d.score))
    return out
