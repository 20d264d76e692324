"""JSON commands that work on one kind of value at a path: numbers (NUMINCRBY,
NUMMULTBY), strings (STRAPPEND, STRLEN), booleans (TOGGLE), arrays (ARRAPPEND,
ARRINDEX, ARRINSERT, ARRLEN, ARRPOP, ARRTRIM), objects (OBJKEYS, OBJLEN) and CLEAR.

Each answers per match for a JSONPath (nil where the value has another type) and a
single result for a legacy path; see common.per_match.
"""
from __future__ import annotations

import math

from ... import errors
from ...engine.args import to_int
from ...engine.registry import Int, Key, Str, command
from ...errors import RedisError
from . import path as jpath
from .common import (G, INDEX_OUT_OF_BOUNDS, changed, check_depth, deepest_first, existing_doc, guarded,
                     is_array, is_bool, is_number, is_object, is_string, json_value, matches, path_at,
                     per_match, readable_doc, wrong_type)
from .document import deep_copy, dumps

_RO = dict(group=G, key_flags="RO", acl="json")
_RW = dict(group=G, key_flags="RW update", acl="json")
_KEY_PATH = (Key(), Str("path", optional=True))


def _check_extra(argv, most: int) -> None:
    if len(argv) > most:
        raise RedisError(errors.SYNTAX)


def _read_each(s, key, p, want, fn, expected: str):
    """The read commands that answer per match: nil for a missing key under a legacy
    path (see readable_doc), else ``fn(loc, value)`` for each match (see per_match)."""
    doc = readable_doc(s, key, p)
    if doc is None:
        return None
    return per_match(s, doc, p, want, fn, expected)


def _read_key_path(s, argv, want, fn, expected: str):
    """``CMD key [path]`` read commands (STRLEN, ARRLEN, OBJKEYS, OBJLEN)."""
    _check_extra(argv, 3)
    return _read_each(s, argv[1], path_at(s, argv, 2), want, fn, expected)


def _write_each(s, key, p, want, fn, expected: str, event: str):
    """The write commands that answer per match: ``fn(doc, loc, value)`` changes each
    match of the right type and answers its reply, or None when it left the value
    alone (ARRPOP on an empty array). Only a change is recorded (WATCH, the event)."""
    doc = existing_doc(s, key)
    done = []

    def apply(loc, v):
        r = fn(doc, loc, v)
        if r is not None:
            done.append(loc)
        return r

    out = per_match(s, doc, p, want, apply, expected)
    if done:
        changed(s, key, event)
    return out


# ---------------------------------------------------------------- numbers

def _number_arg(arg):
    v = json_value(arg)
    if type(v) is not int and type(v) is not float:
        raise wrong_type("number", v)
    return v


def _num_op(s, argv, op, event: str):
    key = argv[1]
    p = jpath.parse(argv[2])
    n = _number_arg(argv[3])
    doc = existing_doc(s, key)
    results = []

    def apply(loc, v):
        r = v + n if op == "+" else v * n
        if type(r) is int and not (-(1 << 63) <= r < (1 << 63)):
            r = float(r)               # past i64 RedisJSON keeps a double
        if type(r) is float and (math.isinf(r) or math.isnan(r)):
            raise RedisError(f"ERR result {'inf' if r > 0 else '-inf'} is not a number")
        results.append((loc, r))
        return r

    out = per_match(s, doc, p, is_number, apply, "number")
    # Work out every result before writing any, so an overflow leaves the key alone.
    for loc, r in results:
        doc.value = jpath.set_at(doc.value, loc, r)
    if results:
        changed(s, key, event)
    # RESP3 clients get numbers; RESP2 ones the JSON text ("[32]", or "32" for a legacy path).
    return out if s.resp == 3 else dumps(out).encode()


_NUM_ARGS = (Key(), Str("path"), Str("value"))


@command("JSON.NUMINCRBY", arity=4, flags="write module", keys=(1, 1, 1), **_RW,
         summary="Add a number to the numbers at a path; answers the new values.",
         complexity="O(1) when path is evaluated to a single value", since="1.0.0", args=_NUM_ARGS)
@guarded
def json_numincrby(s, argv):
    return _num_op(s, argv, "+", "json.numincrby")


@command("JSON.NUMMULTBY", arity=4, flags="write module", keys=(1, 1, 1), **_RW,
         summary="Multiply the numbers at a path by a number; answers the new values.",
         complexity="O(1) when path is evaluated to a single value", since="1.0.0", args=_NUM_ARGS,
         deprecated_since="2.6.0")
@guarded
def json_nummultby(s, argv):
    return _num_op(s, argv, "*", "json.nummultby")


# ---------------------------------------------------------------- strings

def _strlen(v: str) -> int:
    # RedisJSON measures strings in UTF-8 bytes, like STRLEN does for plain keys.
    return len(v.encode("utf-8", "surrogatepass"))


@command("JSON.STRAPPEND", arity=-3, flags="write denyoom module", keys=(1, 1, 1), **_RW,
         summary="Append a JSON string to the strings at a path; answers their new lengths.",
         complexity="O(1) when path is evaluated to a single value", since="1.0.0",
         args=(Key(), Str("path", optional=True), Str("value")))
@guarded
def json_strappend(s, argv):
    _check_extra(argv, 4)
    p = path_at(s, argv, 2 if len(argv) == 4 else len(argv))   # no path: the default
    add = json_value(argv[-1])
    if type(add) is not str:
        raise wrong_type("string", add)

    def apply(doc, loc, v):
        doc.value = jpath.set_at(doc.value, loc, v + add)
        return _strlen(v) + _strlen(add)

    return _write_each(s, argv[1], p, is_string, apply, "string", "json.strappend")


@command("JSON.STRLEN", arity=-2, flags="readonly module", keys=(1, 1, 1), **_RO,
         summary="Count the characters of the strings at a path.",
         complexity="O(1) when path is evaluated to a single value", since="1.0.0", args=_KEY_PATH)
@guarded
def json_strlen(s, argv):
    return _read_key_path(s, argv, is_string, lambda loc, v: _strlen(v), "string")


# ---------------------------------------------------------------- booleans

@command("JSON.TOGGLE", arity=3, flags="write module", keys=(1, 1, 1), **_RW,
         summary="Flip the booleans at a path; answers the new values (1/0, or true/false "
                 "for a legacy path).",
         complexity="O(1) when path is evaluated to a single value", since="2.0.0",
         args=(Key(), Str("path")))
@guarded
def json_toggle(s, argv):
    p = jpath.parse(argv[2])

    def apply(doc, loc, v):
        doc.value = jpath.set_at(doc.value, loc, not v)
        return int(not v)

    out = _write_each(s, argv[1], p, is_bool, apply, "boolean", "json.toggle")
    if p.legacy:
        return b"true" if out else b"false"
    return out


# ------------------------------------------------------------------ CLEAR

def _clearable(v) -> bool:
    t = type(v)
    if t is dict or t is list or t is int or t is float:
        return bool(v)                  # already-empty containers and zeros are not counted
    return False


@command("JSON.CLEAR", arity=-2, flags="write module", keys=(1, 1, 1), **_RW,
         summary="Empty the arrays and objects and zero the numbers at a path; answers how "
                 "many values changed.",
         complexity="O(N) when path is evaluated to a single value where N is the size of the values",
         since="2.0.0", args=_KEY_PATH)
@guarded
def json_clear(s, argv):
    _check_extra(argv, 3)
    key = argv[1]
    p = path_at(s, argv, 2)
    doc = existing_doc(s, key)
    n = 0
    for loc, v in deepest_first(matches(doc, p)):
        if _clearable(v):
            t = type(v)
            if t is dict or t is list:
                v.clear()
            else:
                doc.value = jpath.set_at(doc.value, loc, 0)
            n += 1
    if n:
        changed(s, key, "json.clear")
    return n


# ----------------------------------------------------------------- arrays

@command("JSON.ARRAPPEND", arity=-4, flags="write denyoom module", keys=(1, 1, 1), **_RW,
         summary="Append JSON values to the arrays at a path; answers their new lengths.",
         complexity="O(1) for each value added", since="1.0.0",
         args=(Key(), Str("path", optional=True), Str("value", multiple=True)))
@guarded
def json_arrappend(s, argv):
    p = jpath.parse(argv[2])
    vals = [json_value(a) for a in argv[3:]]

    def apply(doc, loc, v):
        for x in vals:
            check_depth(len(loc) + 1, x)
        v.extend(deep_copy(x) for x in vals)
        return len(v)

    return _write_each(s, argv[1], p, is_array, apply, "array", "json.arrappend")


def _scalar_eq(a, b) -> bool:
    # JSON equality: a boolean never equals a number, 1 equals 1.0.
    ta, tb = type(a), type(b)
    if ta is bool or tb is bool:
        return ta is tb and a == b
    if (ta is int or ta is float) and (tb is int or tb is float):
        return a == b
    return ta is tb and a == b


def _arr_index(arr: list, value, start: int, stop: int) -> int:
    n = len(arr)
    if n == 0:
        return -1
    start = max(0, n + start) if start < 0 else min(start, n - 1)
    stop = n if stop == 0 else (n + stop if stop < 0 else min(stop, n))
    for i in range(start, max(start, stop)):
        if _scalar_eq(arr[i], value):
            return i
    return -1


@command("JSON.ARRINDEX", arity=-4, flags="readonly module", keys=(1, 1, 1), **_RO,
         summary="Find the first position of a JSON value in the arrays at a path, "
                 "optionally within start (inclusive) and stop (exclusive); -1 when absent.",
         complexity="O(N) when path is evaluated to a single value where N is the size of the array",
         since="1.0.0",
         args=(Key(), Str("path"), Str("value"), Int("start", optional=True), Int("stop", optional=True)))
@guarded
def json_arrindex(s, argv):
    _check_extra(argv, 6)
    p = jpath.parse(argv[2])
    value = json_value(argv[3])
    start = to_int(argv[4]) if len(argv) > 4 else 0
    stop = to_int(argv[5]) if len(argv) > 5 else 0
    return _read_each(s, argv[1], p, is_array, lambda loc, v: _arr_index(v, value, start, stop), "array")


@command("JSON.ARRINSERT", arity=-5, flags="write denyoom module", keys=(1, 1, 1), **_RW,
         summary="Insert JSON values before a position of the arrays at a path (negative "
                 "counts from the end); answers their new lengths.",
         complexity="O(N) when path is evaluated to a single value where N is the size of the array",
         since="1.0.0",
         args=(Key(), Str("path"), Int("index"), Str("value", multiple=True)))
@guarded
def json_arrinsert(s, argv):
    p = jpath.parse(argv[2])
    index = to_int(argv[3])
    vals = [json_value(a) for a in argv[4:]]

    def apply(doc, loc, v):
        n = len(v)
        i = index + n if index < 0 else index
        if i < 0 or i > n:
            raise RedisError(INDEX_OUT_OF_BOUNDS)
        for x in vals:
            check_depth(len(loc) + 1, x)
        v[i:i] = [deep_copy(x) for x in vals]
        return len(v)

    return _write_each(s, argv[1], p, is_array, apply, "array", "json.arrinsert")


@command("JSON.ARRLEN", arity=-2, flags="readonly module", keys=(1, 1, 1), **_RO,
         summary="Count the elements of the arrays at a path.",
         complexity="O(1) where path is evaluated to a single value", since="1.0.0", args=_KEY_PATH)
@guarded
def json_arrlen(s, argv):
    return _read_key_path(s, argv, is_array, lambda loc, v: len(v), "array")


@command("JSON.ARRPOP", arity=-2, flags="write module", keys=(1, 1, 1), **_RW,
         summary="Remove and return (as JSON text) the element at a position of the arrays "
                 "at a path; the last one by default.",
         complexity="O(N) when path is evaluated to a single value where N is the size of the array",
         since="1.0.0",
         args=(Key(), Str("path", optional=True), Int("index", optional=True)))
@guarded
def json_arrpop(s, argv):
    _check_extra(argv, 4)
    p = path_at(s, argv, 2)
    index = to_int(argv[3]) if len(argv) > 3 else -1

    def apply(doc, loc, v):
        if not v:
            return None
        n = len(v)
        i = index + n if index < 0 else index
        i = min(max(i, 0), n - 1)       # out-of-range positions stick to the ends
        return dumps(v.pop(i)).encode()

    return _write_each(s, argv[1], p, is_array, apply, "array", "json.arrpop")


@command("JSON.ARRTRIM", arity=5, flags="write module", keys=(1, 1, 1), **_RW,
         summary="Keep only the elements between start and stop (both inclusive) of the "
                 "arrays at a path; answers their new lengths.",
         complexity="O(N) when path is evaluated to a single value where N is the size of the array",
         since="1.0.0", args=(Key(), Str("path"), Int("start"), Int("stop")))
@guarded
def json_arrtrim(s, argv):
    p = jpath.parse(argv[2])
    start, stop = to_int(argv[3]), to_int(argv[4])

    def apply(doc, loc, v):
        n = len(v)
        a = max(0, n + start) if start < 0 else start
        b = n + stop if stop < 0 else min(stop, n - 1)
        if a >= n or a > b:
            v.clear()
        else:
            v[:] = v[a:b + 1]
        return len(v)

    return _write_each(s, argv[1], p, is_array, apply, "array", "json.arrtrim")


# ---------------------------------------------------------------- objects

@command("JSON.OBJKEYS", arity=-2, flags="readonly module", keys=(1, 1, 1), **_RO,
         summary="List the member names of the objects at a path.",
         complexity="O(N) when path is evaluated to a single value, where N is the number of keys in the object",
         since="1.0.0", args=_KEY_PATH)
@guarded
def json_objkeys(s, argv):
    return _read_key_path(s, argv, is_object, lambda loc, v: [k.encode() for k in v], "object")


@command("JSON.OBJLEN", arity=-2, flags="readonly module", keys=(1, 1, 1), **_RO,
         summary="Count the members of the objects at a path.",
         complexity="O(1) when path is evaluated to a single value", since="1.0.0", args=_KEY_PATH)
@guarded
def json_objlen(s, argv):
    return _read_key_path(s, argv, is_object, lambda loc, v: len(v), "object")
