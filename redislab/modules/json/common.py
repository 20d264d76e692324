"""What every JSON command shares: reading the key and the path, RedisJSON's error
texts, and recording a write (WATCH, keyspace events)."""
from __future__ import annotations

import functools

from ...errors import RedisError
from .. import writes
from . import path as jpath
from .document import MAX_DEPTH, JsonDoc, JsonSyntaxError, depth, parse, type_name

G = "module"

NO_KEY = "ERR could not perform this operation on a key that doesn't exist"
NEW_AT_ROOT = "ERR new objects must be created at the root"
INDEX_OUT_OF_BOUNDS = "ERR index out of bounds"
# RedisJSON spells these two with its own capitalisation.
WRONG_STATIC = "Err wrong static path"
ARRAY_INDEX_RANGE = "ERR array index out of range"


def check_depth(outer: int, value) -> None:
    """Refuse a write that would nest containers deeper than the parser accepts
    (``outer`` containers around the new value): such a document could not be read
    back, and walking it would exhaust Python's stack."""
    if outer + depth(value) > MAX_DEPTH:
        raise RedisError("ERR recursion limit exceeded")


def guarded(fn):
    """Wrap a handler so that a document nested deeper than Python's stack allows
    (built up by many writes, each within the parser's limit) gets an error reply
    instead of escaping the engine as a Python exception."""

    @functools.wraps(fn)
    def run(s, argv):
        try:
            return fn(s, argv)
        except RecursionError:
            raise RedisError("ERR recursion limit exceeded") from None

    return run


def path_missing(p: jpath.Path) -> RedisError:
    return RedisError(f"ERR Path '{p.original}' does not exist")


def wrong_type(expected: str, found) -> RedisError:
    return RedisError(f"WRONGTYPE wrong type of path value - expected {expected} but found {type_name(found)}")


def doc_of(s, key):
    """The document at ``key``, None when missing; WRONGTYPE for other types."""
    return s.db.lookup_typed(key, JsonDoc)


def existing_doc(s, key) -> JsonDoc:
    doc = s.db.lookup_typed(key, JsonDoc)
    if doc is None:
        raise RedisError(NO_KEY)
    return doc


def readable_doc(s, key, p: jpath.Path):
    """For the read commands that answer per match (ARRLEN, OBJLEN, OBJKEYS, STRLEN,
    ARRINDEX): a missing key is nil for a legacy path but an error for a JSONPath,
    which is what RedisJSON does (and keeps, for compatibility)."""
    doc = s.db.lookup_typed(key, JsonDoc)
    if doc is None and not p.legacy:
        raise RedisError(NO_KEY)
    return doc


def path_at(s, argv, i: int) -> jpath.Path:
    """The path argument at ``argv[i]``, or the default when it is absent: the legacy
    root ``.`` for RESP2 clients and ``$`` for RESP3 clients, as RedisJSON does."""
    if i < len(argv):
        return jpath.parse(argv[i])
    return jpath.parse("$" if s.resp == 3 else ".")


def json_value(arg):
    """A JSON argument parsed, or RedisJSON's parse error."""
    try:
        return parse(arg)
    except JsonSyntaxError as e:
        raise RedisError("ERR " + e.message) from None


def changed(s, key, event: str) -> None:
    """A document was written: invalidate WATCHes and tracking, then emit the
    module-class keyspace event RedisJSON emits (``json.set``, ``json.del`` ...)."""
    writes.changed(s.db, key, event)


def matches(doc: JsonDoc, p: jpath.Path) -> list:
    return jpath.find(doc.value, p)


def deepest_first(found: list) -> list:
    """Matches ordered for writing. A path like $..a can match a value and one inside
    it; writing the inner one first keeps every location valid, and the outer write
    still wins."""
    return sorted(found, key=lambda m: len(m[0]), reverse=True)


def per_match(s, doc: JsonDoc, p: jpath.Path, want, fn, expected: str, missing_ok=False):
    """Run ``fn(loc, value)`` on each match. JSONPath answers a list with None for a
    match whose type ``want(value)`` refuses; a legacy path answers the result of the
    last match, an error when nothing matches (unless ``missing_ok``: None) or when
    no match has the right type."""
    found = matches(doc, p)
    if not p.legacy:
        return [fn(loc, v) if want(v) else None for loc, v in found]
    if not found:
        if missing_ok:
            return None
        raise path_missing(p)
    out = None
    hit = False
    for loc, v in found:
        if want(v):
            out = fn(loc, v)
            hit = True
    if not hit:
        raise wrong_type(expected, found[0][1])
    return out


def is_array(v) -> bool:
    return type(v) is list


def is_object(v) -> bool:
    return type(v) is dict


def is_string(v) -> bool:
    return type(v) is str


def is_number(v) -> bool:
    return type(v) is int or type(v) is float


def is_bool(v) -> bool:
    return type(v) is bool
