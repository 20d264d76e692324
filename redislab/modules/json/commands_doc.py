"""Whole-value JSON commands: JSON.SET, JSON.GET, JSON.MGET, JSON.MSET, JSON.DEL,
JSON.FORGET, JSON.TYPE, JSON.MERGE, JSON.RESP and JSON.DEBUG."""
from __future__ import annotations

from ... import errors
from ...engine.args import upper
from ...engine.registry import Block, Key, OneOf, Str, Token, command, container
from ...engine.replies import OK, Status
from ...errors import RedisError
from . import path as jpath
from .common import (ARRAY_INDEX_RANGE, G, NEW_AT_ROOT, WRONG_STATIC, changed, check_depth,
                     deepest_first, doc_of, guarded, json_value, matches, path_at, path_missing)
from .document import JsonDoc, deep_copy, dumps, format_float, type_name, value_size

_RO = dict(group=G, key_flags="RO")


# ------------------------------------------------------------------- SET

def set_value(doc: JsonDoc, p: jpath.Path, value, nx: bool = False, xx: bool = False) -> bool:
    """JSON.SET on an existing document; False when nothing was written (the NX/XX
    condition failed, or the path names no place a value can go)."""
    if p.is_root:
        if nx:
            return False
        doc.value = deep_copy(value)
        return True
    found = matches(doc, p)
    if found:
        if nx:
            return False
        check_depth(max(len(loc) for loc, _ in found), value)
        for loc, _ in deepest_first(found):
            doc.value = jpath.set_at(doc.value, loc, deep_copy(value))
        return True
    if xx:
        return False
    # Nothing matched: only a plain path whose last step names a new object member
    # can create it; a wildcard, filter or descent has no single place to write.
    if not p.is_static:
        raise RedisError(WRONG_STATIC)
    last = p.steps[-1]
    parent = jpath.Path(p.original, p.legacy, p.steps[:-1])
    if last[0] != "key":
        if nx and any(type(v) is list for _, v in matches(doc, parent)):
            return False
        raise RedisError(ARRAY_INDEX_RANGE)      # arrays never grow by index
    added = False
    check_depth(len(p.steps), value)
    for _, v in matches(doc, parent):
        if type(v) is dict:
            v[last[1]] = deep_copy(value)
            added = True
    return added


def _new_doc(s, key, p: jpath.Path, value, event: str):
    """JSON.SET / JSON.MERGE on a missing key: a new document, at the root only."""
    if not p.is_root:
        raise RedisError(NEW_AT_ROOT)
    s.db.add(key, JsonDoc(value))
    changed(s, key, event)
    return OK


@command("JSON.SET", arity=-4, flags="write denyoom module", keys=(1, 1, 1), group=G, key_flags="RW update",
         summary="Store a JSON value at a path of a key: the whole document at the root, "
                 "or a replacement or new object member inside an existing one.",
         complexity="O(M+N) where M is the size of the values replaced and N the size of the new value",
         since="1.0.0", acl="json",
         args=(Key(), Str("path"), Str("value"),
               OneOf("condition", Token("NX"), Token("XX"), optional=True)))
@guarded
def json_set(s, argv):
    if len(argv) > 5:
        raise RedisError(errors.SYNTAX)
    nx = xx = False
    if len(argv) == 5:
        opt = upper(argv[4])
        if opt == b"NX":
            nx = True
        elif opt == b"XX":
            xx = True
        else:
            raise RedisError(errors.SYNTAX)
    key = argv[1]
    p = jpath.parse(argv[2])
    value = json_value(argv[3])
    doc = doc_of(s, key)
    if doc is None:
        return None if xx else _new_doc(s, key, p, value, "json.set")
    if not set_value(doc, p, value, nx, xx):
        return None
    changed(s, key, "json.set")
    return OK


@command("JSON.MSET", arity=-4, flags="write denyoom module", getkeys=lambda argv: list(range(1, len(argv), 3)),
         group=G, key_flags="RW update",
         summary="Store JSON values in several keys at once (key path value triplets); all or nothing.",
         complexity="O(K*(M+N)) where K is the number of keys", since="2.6.0", acl="json",
         args=(Block("triplet", Key(), Str("path"), Str("value"), multiple=True),))
@guarded
def json_mset(s, argv):
    if (len(argv) - 1) % 3:
        raise errors.wrong_arity("json.mset")
    todo = []
    for i in range(1, len(argv), 3):
        key, p, value = argv[i], jpath.parse(argv[i + 1]), json_value(argv[i + 2])
        doc = doc_of(s, key)
        if doc is None and not p.is_root:
            raise RedisError(NEW_AT_ROOT)
        todo.append((key, p, value))
    # Validated first, so a bad triplet leaves every key as it was.
    db = s.db
    for key, p, value in todo:
        doc = doc_of(s, key)
        if doc is None:
            db.add(key, JsonDoc(deep_copy(value)))
        elif not set_value(doc, p, value):
            continue
        changed(s, key, "json.set")
    return OK


# ------------------------------------------------------------------- GET

_FMT = {b"INDENT": "indent", b"NEWLINE": "newline", b"SPACE": "space"}


def _first(doc, p):
    found = matches(doc, p)
    if not found:
        raise path_missing(p)
    return found[0][1]


@command("JSON.GET", arity=-2, flags="readonly module", keys=(1, 1, 1), **_RO,
         summary="Read a document, or the values at one or more paths, as JSON text; "
                 "INDENT, NEWLINE and SPACE pretty-print it.",
         complexity="O(N) when path is evaluated to a single value where N is the size of the value",
         since="1.0.0", acl="json",
         args=(Key(), Str("indent", token="INDENT", optional=True),
               Str("newline", token="NEWLINE", optional=True),
               Str("space", token="SPACE", optional=True),
               Str("path", optional=True, multiple=True)))
@guarded
def json_get(s, argv):
    fmt = {}
    raw_paths = []
    i = 2
    while i < len(argv):
        opt = upper(argv[i])
        if opt in _FMT and i + 1 < len(argv):
            fmt[_FMT[opt]] = argv[i + 1].decode("utf-8", "replace")
            i += 2
            continue
        if opt == b"NOESCAPE":            # accepted and ignored, as RedisJSON 2 does
            i += 1
            continue
        raw_paths.append(argv[i])
        i += 1
    paths = [jpath.parse(x) for x in raw_paths] or [path_at(s, [], 0)]
    doc = doc_of(s, argv[1])
    if doc is None:
        return None
    if len(paths) == 1:
        p = paths[0]
        if p.legacy:
            return dumps(_first(doc, p), **fmt).encode()
        return dumps([v for _, v in matches(doc, p)], **fmt).encode()
    out = {}
    if all(p.legacy for p in paths):
        for p in paths:
            out[p.original] = _first(doc, p)
    else:
        for p in paths:
            out[p.original] = [v for _, v in matches(doc, p)]
    return dumps(out, **fmt).encode()


@command("JSON.MGET", arity=-3, flags="readonly module", keys=(1, -2, 1), **_RO,
         summary="Read the value at one path from several keys; missing keys and keys of "
                 "other types answer nil.",
         complexity="O(M*N) where M is the number of keys and N the size of the values read",
         since="1.0.0", acl="json",
         args=(Key(multiple=True), Str("path")))
@guarded
def json_mget(s, argv):
    p = jpath.parse(argv[-1])
    db = s.db
    out = []
    for key in argv[1:-1]:
        doc = db.lookup(key)
        if type(doc) is not JsonDoc:
            out.append(None)
            continue
        found = matches(doc, p)
        if p.legacy:
            out.append(dumps(found[0][1]).encode() if found else None)
        else:
            out.append(dumps([v for _, v in found]).encode())
    return out


# ------------------------------------------------------------ DEL, TYPE

def _delete(s, argv):
    key = argv[1]
    p = path_at(s, argv, 2) if len(argv) > 2 else jpath.parse("$")
    if len(argv) > 3:
        raise RedisError(errors.SYNTAX)
    doc = doc_of(s, key)
    if doc is None:
        return 0
    if p.is_root:
        s.db.delete(key)
        changed(s, key, "json.del")
        return 1
    n = jpath.delete_all(doc.value, [loc for loc, _ in matches(doc, p) if loc])
    if n:
        changed(s, key, "json.del")
    return n


_DEL_ARGS = (Key(), Str("path", optional=True))


def _read_matches(s, argv, at: int):
    """For the reads of the form ``key [path]`` with the path at ``argv[at]`` (TYPE,
    RESP, DEBUG MEMORY): the path (the default when absent) and its matches, or None
    in their place when the key is missing. The checks run in Redis's order: too many
    arguments, a bad path, then the key's type."""
    if len(argv) > at + 1:
        raise RedisError(errors.SYNTAX)
    p = path_at(s, argv, at)
    doc = doc_of(s, argv[at - 1])
    return p, (None if doc is None else matches(doc, p))


@command("JSON.DEL", arity=-2, flags="write module", keys=(1, 1, 1), group=G, key_flags="RW delete",
         summary="Delete the values at a path (the whole key at the root); answers how many went.",
         complexity="O(N) when path is evaluated to a single value where N is the size of the deleted value",
         since="1.0.0", acl="json", args=_DEL_ARGS)
@guarded
def json_del(s, argv):
    return _delete(s, argv)


@command("JSON.FORGET", arity=-2, flags="write module", keys=(1, 1, 1), group=G, key_flags="RW delete",
         summary="Another name for JSON.DEL.",
         complexity="O(N) when path is evaluated to a single value where N is the size of the deleted value",
         since="1.0.0", acl="json", args=_DEL_ARGS)
@guarded
def json_forget(s, argv):
    return _delete(s, argv)


@command("JSON.TYPE", arity=-2, flags="readonly module", keys=(1, 1, 1), **_RO,
         summary="Name the JSON type of the values at a path (object, array, string, integer, "
                 "number, boolean or null).",
         complexity="O(1) when path is evaluated to a single value", since="1.0.0", acl="json",
         args=_DEL_ARGS)
@guarded
def json_type(s, argv):
    p, found = _read_matches(s, argv, 2)
    if found is None:
        return None
    if p.legacy:
        r = Status(type_name(found[0][1])) if found else None
        return [r] if s.resp == 3 and r is not None else r
    out = [type_name(v).encode() for _, v in found]
    return [out] if s.resp == 3 else out


# ----------------------------------------------------------------- MERGE

def merge_patch(target, patch):
    """RFC 7396: objects merge member by member, null removes a member, anything
    else replaces the target."""
    if type(patch) is not dict:
        return deep_copy(patch)
    if type(target) is not dict:
        target = {}
    for k, v in patch.items():
        if v is None:
            target.pop(k, None)
        else:
            target[k] = merge_patch(target.get(k), v)
    return target


@command("JSON.MERGE", arity=4, flags="write denyoom module", keys=(1, 1, 1), group=G, key_flags="RW update",
         summary="Merge a JSON value into the values at a path, RFC 7396 style: members "
                 "merge, null deletes, anything else replaces.",
         complexity="O(M+N) where M is the size of the values merged into and N the size of the patch",
         since="2.6.0", acl="json", args=(Key(), Str("path"), Str("value")))
@guarded
def json_merge(s, argv):
    key = argv[1]
    p = jpath.parse(argv[2])
    patch = json_value(argv[3])
    doc = doc_of(s, key)
    if doc is None:
        return _new_doc(s, key, p, merge_patch(None, patch), "json.merge")
    found = matches(doc, p)
    if found:
        if patch is None:
            if p.is_root:
                s.db.delete(key)
            else:
                jpath.delete_all(doc.value, [loc for loc, _ in found])
        else:
            check_depth(max(len(loc) for loc, _ in found), patch)
            for loc, v in deepest_first(found):
                doc.value = jpath.set_at(doc.value, loc, merge_patch(v, patch))
    elif patch is not None:
        if not set_value(doc, p, merge_patch(None, patch)):
            return OK
    else:
        return OK
    changed(s, key, "json.merge")
    return OK


# ------------------------------------------------------------ RESP, DEBUG

def to_resp(v):
    """RedisJSON's JSON-to-RESP mapping: arrays and objects become arrays led by the
    simple strings ``[`` and ``{``; doubles travel as bulk strings."""
    t = type(v)
    if v is None:
        return None
    if t is bool:
        return Status("true" if v else "false")
    if t is int:
        return v
    if t is float:
        return format_float(v).encode()
    if t is str:
        return v.encode()
    if t is list:
        return [Status("[")] + [to_resp(x) for x in v]
    out = [Status("{")]
    for k, x in v.items():
        out += [k.encode(), to_resp(x)]
    return out


@command("JSON.RESP", arity=-2, flags="readonly module", keys=(1, 1, 1), **_RO,
         summary="Read the values at a path as nested RESP replies instead of JSON text.",
         complexity="O(N) when path is evaluated to a single value, where N is the size of the value",
         since="1.0.0", acl="json", args=_DEL_ARGS, deprecated_since="2.6.0")
@guarded
def json_resp(s, argv):
    p, found = _read_matches(s, argv, 2)
    if found is None:
        return None
    if p.legacy:
        if not found:
            raise path_missing(p)
        return to_resp(found[0][1])
    return [to_resp(v) for _, v in found]


_debug = container("JSON.DEBUG", group=G, summary="Debugging aids for JSON keys.", since="1.0.0")
_debug.flags = frozenset({"module"})     # a module command, like its subcommands


@command("JSON.DEBUG|MEMORY", arity=-3, flags="readonly module", keys=(2, 2, 1), **_RO,
         summary="Report how many bytes the values at a path take.",
         complexity="O(N) when path is evaluated to a single value, where N is the size of the value",
         since="1.0.0", acl="json", args=(Key(), Str("path", optional=True)))
@guarded
def json_debug_memory(s, argv):
    p, found = _read_matches(s, argv, 3)
    if found is None:
        return 0 if p.legacy else []
    sizes = [8 + value_size(v) for _, v in found]
    if p.legacy:
        return sizes[0] if sizes else 0
    return sizes


@command("JSON.DEBUG|HELP", arity=2, flags="readonly module", group=G,
         summary="Show the JSON.DEBUG subcommands.", complexity="N/A", since="1.0.0", acl="json")
@guarded
def json_debug_help(s, argv):
    return [b"MEMORY <key> [path] - reports memory usage", b"HELP                - this message"]

