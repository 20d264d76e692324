"""Index definitions: FT.CREATE's grammar, the fields of a schema, and where indexes live.

An index is a definition, not a key: it belongs to the engine (one namespace per
server, as in Redis) and lists which keys it covers (ON HASH|JSON, PREFIX) and how
to read them (SCHEMA). Documents are read from the keyspace each time a query runs
(see documents.py), so the index can never be stale after HSET, DEL, EXPIRE or
RENAME. RediSearch only indexes database 0, and a FLUSHDB or FLUSHALL, in any
database, drops every index: both are kept here (see watch_flushes).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ...engine.args import text, to_float, upper
from ...engine.replies import Status
from ...errors import RedisError
from .text import DEFAULT_STOPWORDS

TEXT, NUMERIC, TAG = "TEXT", "NUMERIC", "TAG"
# Types RediSearch knows that this engine does not index; FT.CREATE names them.
UNSUPPORTED_TYPES = {b"GEO", b"VECTOR", b"GEOSHAPE"}


def err(message: str) -> RedisError:
    """RediSearch replies with its own text and no ERR prefix: the first word is the code."""
    return RedisError(message)


def no_such_index(name: bytes) -> RedisError:
    return err(f"{text(name)}: no such index")


UNKNOWN_INDEX = "Unknown Index name"          # FT.DROPINDEX, FT.ALTER
UNKNOWN_INDEX_INFO = "Unknown index name"     # FT.INFO (RediSearch 2.8 lower-cased it)


@dataclass
class Field:
    path: str                  # hash field name, or a JSONPath for ON JSON
    name: str                  # the attribute name queries use (AS alias, else path)
    type: str
    weight: float = 1.0
    nostem: bool = False
    sortable: bool = False
    unf: bool = False
    noindex: bool = False
    separator: str = ","
    casesensitive: bool = False

    def info(self) -> list:
        """This attribute as FT.INFO lists it: names, keywords and values are simple
        strings (redis-cli shows them unquoted), the WEIGHT a bulk number."""
        out = [Status("identifier"), simple(self.path), Status("attribute"), simple(self.name),
               Status("type"), Status(self.type)]
        if self.type == TEXT:
            out += [Status("WEIGHT"), _num(self.weight)]
            if self.nostem:
                out.append(Status("NOSTEM"))
        if self.type == TAG:
            out += [Status("SEPARATOR"), simple(self.separator)]
            if self.casesensitive:
                out.append(Status("CASESENSITIVE"))
        if self.sortable:
            out.append(Status("SORTABLE"))
            if self.unf or self.type == NUMERIC:    # RediSearch keeps numbers un-normalized
                out.append(Status("UNF"))
        if self.noindex:
            out.append(Status("NOINDEX"))
        return out


def simple(v):
    """``v`` as a simple-string reply, or as bulk bytes when a simple string cannot
    carry it (CR/LF, or bytes that are not UTF-8)."""
    if isinstance(v, (bytes, bytearray)):
        try:
            v = bytes(v).decode()
        except UnicodeDecodeError:
            return bytes(v)
    if "\r" in v or "\n" in v:
        return v.encode()
    return Status(v)


def _num(x: float) -> bytes:
    return (b"%d" % x) if x == int(x) else repr(x).encode()


@dataclass
class Index:
    name: bytes
    on: str = "HASH"
    prefixes: list = field(default_factory=lambda: [b""])
    filter: bytes | None = None
    language: bytes = b"english"
    score: float = 1.0
    stopwords: frozenset = DEFAULT_STOPWORDS
    custom_stopwords: bool = False
    fields: list = field(default_factory=list)
    failures: int = 0           # documents last seen that could not be indexed
    uses: int = 0

    def field(self, name: str) -> Field | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None

    def fields_of(self, kind: str) -> list:
        return [f for f in self.fields if f.type == kind and not f.noindex]


# ------------------------------------------------------------------ registry

def indexes(engine) -> dict:
    """The engine's indexes, name -> Index (created empty on first use)."""
    st = engine.extensions.get("search")
    if st is None:
        st = engine.extensions["search"] = {}
    return st


def watch_flushes(engine) -> None:
    """Drop every index when FLUSHDB or FLUSHALL succeeds, in any database, as
    RediSearch does. No keyspace event tells a module about a flush, so an
    ``after_call`` hook looks at each command's name; it is installed with the first
    index, so an engine without search indexes pays nothing."""
    if engine.extensions.get("search_hook"):
        return
    engine.extensions["search_hook"] = True

    def after(s, spec, argv, dur_us, _names=("flushdb", "flushall")):
        if spec.name in _names and (len(argv) == 1 or (
                len(argv) == 2 and upper(argv[1]) in (b"ASYNC", b"SYNC"))):
            indexes(engine).clear()

    engine.after_call.append(after)


def get_index(s, name: bytes, message: str | None = None) -> Index:
    idx = indexes(s.engine).get(bytes(name))
    if idx is None:
        raise err(message) if message else no_such_index(name)
    return idx


# ---------------------------------- option arguments (FT.CREATE, FT.SEARCH, FT.AGGREGATE)

def need(argv, i: int, n: int, what: str) -> None:
    """RediSearch's error when the option at ``argv[i]`` lacks its ``n`` arguments."""
    if i + n >= len(argv):
        raise err(f"Bad arguments for {what}: Expected an argument, but none provided")


def _count(argv, i: int, what: str) -> int:
    """The count at ``argv[i]`` of a ``WHAT count arg...`` option, checked against what follows."""
    need(argv, i - 1, 1, what)
    try:
        n = int(argv[i])
    except ValueError:
        raise err(f"Bad arguments for {what}: Value is not an integer") from None
    have = len(argv) - i - 1
    if n < 0 or n > have:
        raise err(f"Bad arguments for {what}: Expected {n} arguments, but {have} provided")
    return n


def counted(argv, i: int, what: str):
    """``WHAT count a b ...`` at ``argv[i]`` (FT.SEARCH and FT.AGGREGATE options): the
    items as text and the index after them."""
    n = _count(argv, i + 1, what)
    return [text(a) for a in argv[i + 2:i + 2 + n]], i + 2 + n


# ------------------------------------------------------------------ FT.CREATE

# Index-level flags RediSearch accepts; they tune its storage, which has no meaning here.
_IGNORED_FLAGS = {b"MAXTEXTFIELDS", b"NOOFFSETS", b"NOHL", b"NOFIELDS", b"NOFREQS",
                  b"SKIPINITIALSCAN", b"ASYNC"}
# Options with one argument that are accepted and ignored (see docs/stack/search.md).
_IGNORED_ONE = {b"LANGUAGE_FIELD", b"SCORE_FIELD", b"PAYLOAD_FIELD", b"TEMPORARY"}


def parse_create(argv) -> Index:
    """An Index from ``FT.CREATE name [options] SCHEMA field...``."""
    idx = Index(name=bytes(argv[1]))
    i, n = 2, len(argv)
    while i < n:
        opt = upper(argv[i])
        if opt == b"SCHEMA":
            break
        if opt == b"ON":
            need(argv, i, 1, "ON")
            kind = upper(argv[i + 1])
            if kind not in (b"HASH", b"JSON"):
                raise err(f"Invalid rule type: {text(argv[i + 1])}")
            idx.on = kind.decode()
            i += 2
        elif opt == b"PREFIX":
            k = _count(argv, i + 1, "PREFIX")
            idx.prefixes = [bytes(p) for p in argv[i + 2:i + 2 + k]] or [b""]
            i += 2 + k
        elif opt == b"FILTER":
            need(argv, i, 1, "FILTER")
            from .expr import parse_expr

            idx.filter = bytes(argv[i + 1])
            parse_expr(text(idx.filter))       # refuse a filter we cannot evaluate now
            i += 2
        elif opt == b"LANGUAGE":
            need(argv, i, 1, "LANGUAGE")
            idx.language = bytes(argv[i + 1]).lower()
            i += 2
        elif opt == b"SCORE":
            need(argv, i, 1, "SCORE")
            try:
                idx.score = to_float(argv[i + 1])
            except RedisError:
                raise err("Invalid score") from None
            if not 0 <= idx.score <= 1:
                raise err("Invalid score")
            i += 2
        elif opt == b"STOPWORDS":
            k = _count(argv, i + 1, "STOPWORDS")
            idx.stopwords = frozenset(text(w).lower() for w in argv[i + 2:i + 2 + k])
            idx.custom_stopwords = True
            i += 2 + k
        elif opt in _IGNORED_FLAGS:
            i += 1
        elif opt in _IGNORED_ONE:
            i += 2
        else:
            raise err(f"Unknown argument `{text(argv[i])}`")
    if i >= n:
        raise err("No schema found")
    i += 1
    if i >= n:
        raise err("Fields arguments are missing")
    while i < n:
        f, i = _parse_field(argv, i, idx.on == "JSON")
        if idx.field(f.name) is not None:
            raise err(f"Duplicate field in schema - {f.name}")
        idx.fields.append(f)
    return idx


def _parse_field(argv, i: int, json: bool):
    path = text(argv[i])
    i += 1
    name = path
    if i < len(argv) and upper(argv[i]) == b"AS":
        if i + 1 >= len(argv):
            raise err(f"Missing argument for AS in field {path}")
        name = text(argv[i + 1])
        i += 2
    elif json and path.startswith("$"):
        # Without AS a JSON field is queried by its whole path.
        name = path
    if i >= len(argv):
        raise err(f"Field `{name}` does not have a type")
    kind = upper(argv[i])
    i += 1
    if kind in UNSUPPORTED_TYPES:
        raise err(f"Field type {kind.decode()} is not supported by this engine (field `{name}`)")
    if kind not in (b"TEXT", b"NUMERIC", b"TAG"):
        raise err(f"Invalid field type for field `{name}`")
    f = Field(path=path, name=name, type=kind.decode())
    while i < len(argv):
        opt = upper(argv[i])
        if opt == b"SORTABLE":
            f.sortable = True
            i += 1
            if i < len(argv) and upper(argv[i]) == b"UNF":
                f.unf = True
                i += 1
        elif opt == b"NOINDEX":
            f.noindex = True
            i += 1
        elif opt == b"INDEXMISSING" or opt == b"INDEXEMPTY":
            i += 1
        elif f.type == TEXT and opt == b"WEIGHT":
            need(argv, i, 1, "WEIGHT")
            try:
                f.weight = to_float(argv[i + 1])
            except RedisError:
                raise err("Could not parse field spec: Bad arguments for WEIGHT: "
                          "Could not convert argument to expected type") from None
            i += 2
        elif f.type == TEXT and opt == b"NOSTEM":
            f.nostem = True
            i += 1
        elif f.type == TEXT and opt == b"PHONETIC":
            i += 2
        elif f.type == TEXT and opt == b"WITHSUFFIXTRIE":
            i += 1
        elif f.type == TAG and opt == b"SEPARATOR":
            need(argv, i, 1, "SEPARATOR")
            sep = text(argv[i + 1])
            if len(sep) != 1:
                raise err("Tag separator must be a single character")
            f.separator = sep
            i += 2
        elif f.type == TAG and opt == b"CASESENSITIVE":
            f.casesensitive = True
            i += 1
        elif f.type == TAG and opt == b"WITHSUFFIXTRIE":
            i += 1
        else:
            break
    return f, i
