"""SORT and SORT_RO: sort a list, set or sorted set, optionally by external keys.

Parsing, the LIMIT clamping, the tie-breaks and when *not* to sort follow Redis so
the same request gives the same order: numeric sorts break ties by the element's
bytes; ``BY`` a pattern without ``*`` means "don't sort" (lists and sorted sets keep
their order, sets too unless the result is stored or a script asks, then they are
sorted alphabetically so the answer is deterministic).
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import to_int, upper
from ..datatypes.zset import ZSet
from ..registry import Block, Int, Key, OneOf, Pattern, Token, command

CANT_CONVERT = "ERR One or more scores can't be converted into double"

def _sort_score(b):
    """The double SORT reads from a value, or None when Redis would refuse it."""
    if not b:
        return 0.0          # strtod reads nothing and stops at the terminator: 0
    from .zsets import parse_score

    try:
        # strtod skips leading spaces; then the same checks as any score apply
        # (whole string, no NaN, overflow/underflow refused as ERANGE).
        return parse_score(b.lstrip(b" \t\n\v\f\r"))
    except RedisError:
        return None


def _lookup_by_pattern(s, pattern: bytes, subst: bytes):
    """The string (or hash field) a BY/GET pattern names for one element, or None."""
    if pattern == b"#":
        return subst
    star = pattern.find(b"*")
    if star < 0:
        return None
    arrow = pattern.find(b"->", star + 1)
    if arrow >= 0 and arrow + 2 < len(pattern):
        field, end = pattern[arrow + 2:], arrow
    else:
        field, end = None, len(pattern)
    key = pattern[:star] + subst + pattern[star + 1:end]
    v = s.db.lookup(key)
    if v is None:
        return None
    if field is None:
        return v if type(v) is bytes else None
    if getattr(v, "TYPE", None) != "hash":
        return None
    from .hash_ttl import read_hash   # drops fields whose TTL has passed

    h = read_hash(s, key)
    return None if h is None else h.get(field)


def _elements(v, dontsort: bool, desc: bool):
    """The elements to sort, in the order Redis loads them."""
    if v is None:
        return []
    if type(v) is ZSet:
        if dontsort:
            return [m for m, _ in v.range(0, len(v) - 1, desc)]
        return list(v.dict)
    if v.TYPE == "set":
        return list(v.members())
    items = list(v)                   # a list: head to tail
    if dontsort and desc:
        items.reverse()
    return items


def sort_generic(s, argv, readonly: bool):
    desc = alpha = dontsort = False
    start_arg, count_arg = 0, -1
    sortby = store = None
    gets = []
    argc = len(argv)
    j = 2
    while j < argc:
        opt = upper(argv[j])
        left = argc - j - 1
        if opt == b"ASC":
            desc = False
        elif opt == b"DESC":
            desc = True
        elif opt == b"ALPHA":
            alpha = True
        elif opt == b"LIMIT" and left >= 2:
            start_arg = to_int(argv[j + 1])
            count_arg = to_int(argv[j + 2])
            j += 2
        elif not readonly and opt == b"STORE" and left >= 1:
            store = argv[j + 1]
            j += 1
        elif opt == b"BY" and left >= 1:
            sortby = argv[j + 1]
            dontsort = b"*" not in sortby
            j += 1
        elif opt == b"GET" and left >= 1:
            gets.append(argv[j + 1])
            j += 1
        else:
            raise RedisError(errors.SYNTAX)
        j += 1

    v = s.db.lookup(argv[1])
    if v is not None and type(v) is not ZSet and getattr(v, "TYPE", None) not in ("set", "list"):
        raise RedisError(errors.WRONGTYPE)
    if dontsort and v is not None and getattr(v, "TYPE", None) == "set" and (store is not None or s.in_script):
        # An unsorted set would make the stored (or scripted) result depend on
        # internal order; Redis sorts it alphabetically instead.
        dontsort, alpha, sortby = False, True, None
    if type(v) is ZSet:
        v.listpack = False           # Redis converts the set to a skiplist to sort it

    elems = _elements(v, dontsort, desc)
    n = len(elems)
    start = max(0, start_arg)
    end = n - 1 if count_arg < 0 else start + count_arg - 1
    if start >= n:
        start, end = n - 1, n - 2
    if end >= n:
        end = n - 1

    if not dontsort:
        bad = False
        if alpha:
            if sortby is not None:
                keys = [_lookup_by_pattern(s, sortby, e) for e in elems]
                order = sorted(range(n), key=lambda i: (keys[i] is not None, keys[i] or b""), reverse=desc)
                elems = [elems[i] for i in order]
            else:
                elems.sort(reverse=desc)
        else:
            decorated = []
            for e in elems:
                byval = _lookup_by_pattern(s, sortby, e) if sortby is not None else e
                score = 0.0
                if byval is not None:
                    score = _sort_score(byval)
                    if score is None:
                        bad, score = True, 0.0
                decorated.append((score, e))
            decorated.sort(reverse=desc)
            elems = [e for _, e in decorated]
        if bad:
            raise RedisError(CANT_CONVERT)

    chosen = elems[start:end + 1] if end >= start else []
    if store is None:
        if not gets:
            return chosen
        return [_lookup_by_pattern(s, g, e) for e in chosen for g in gets]

    if gets:
        out = []
        for e in chosen:
            for g in gets:
                val = _lookup_by_pattern(s, g, e)
                out.append(b"" if val is None else val)
    else:
        out = chosen
    db = s.db
    if out:
        db.set(store, _new_list(s, out))
        db.ks.notify("l", "sortstore", store, db.id)
    elif db.delete(store):
        db.ks.notify("g", "del", store, db.id)
    return len(out)


def _new_list(s, items):
    """A list value holding ``items``, built with the list type's own constructor."""
    # TODO(lists): one line to wire once the list type lands (its module/constructor
    # were not written yet); until then STORE answers an error instead of crashing.
    try:
        from ..datatypes import rlist
    except ImportError:
        raise errors.err("SORT STORE needs the list type, which this build does not have yet") from None
    return rlist.from_items(items, s.engine.config)


def _sort_keys(argv):
    """Key positions: the source, and the last STORE destination (as Redis finds it)."""
    keys = [1]
    store = None
    i, n = 2, len(argv)
    while i < n:
        opt = argv[i].upper() if isinstance(argv[i], bytes) else str(argv[i]).upper().encode()
        if opt == b"LIMIT":
            i += 2
        elif opt in (b"GET", b"BY"):
            i += 1
        elif opt == b"STORE" and i + 1 < n:
            store = i + 1
        i += 1
    if store is not None:
        keys.append(store)
    return keys


# The sorted key, then the keys BY/GET patterns name and the STORE destination: both
# are found by _sort_keys, not at fixed positions, hence "unknown" specs.
_SORT_SPECS = (("RO access", ("index", 1), ("range", 0, 1, 0)),
               ("RO access", ("unknown",), ("unknown",),
                "BY and GET patterns name keys built from the sorted values, unknown in advance"))
_SORT_STORE = ("OW update", ("unknown",), ("unknown",),
               "STORE may come anywhere among the options, so its position is unknown")
_SORT_ARGS = (Key(), Pattern("by-pattern", token="BY", optional=True, display="pattern", key_spec_index=1),
              Block("limit", Int("offset"), Int("count"), token="LIMIT", optional=True),
              Pattern("get-pattern", token="GET", optional=True, multiple=True, multiple_token=True,
                      display="pattern", key_spec_index=1),
              OneOf("order", Token("ASC"), Token("DESC"), optional=True),
              Token("ALPHA", "sorting", optional=True))


@command("SORT", arity=-2, flags="write denyoom", keys=(1, 1, 1), getkeys=_sort_keys, group="generic",
         acl="-keyspace set sortedset list dangerous",
         summary="Sort the elements of a list, set or sorted set, numerically or alphabetically, optionally by "
                 "other keys, and return them or store them as a list.",
         complexity="O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).",
         since="1.0.0",
         args=_SORT_ARGS + (Key("destination", token="STORE", optional=True, key_spec_index=2),),
         key_specs=_SORT_SPECS + (_SORT_STORE,))
def sort(s, argv):
    return sort_generic(s, argv, False)


@command("SORT_RO", arity=-2, flags="readonly", keys=(1, 1, 1), getkeys=lambda argv: [1], group="generic",
         acl="-keyspace set sortedset list dangerous",
         summary="The read-only SORT: the same sorting, without STORE.",
         complexity="O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).",
         since="7.0.0", args=_SORT_ARGS, key_specs=_SORT_SPECS)
def sort_ro(s, argv):
    return sort_generic(s, argv, True)
