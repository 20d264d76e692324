"""Strings edited or read by position: APPEND, STRLEN, GETRANGE, SUBSTR, SETRANGE, LCS.

APPEND and SETRANGE edit a string in place in Redis, which turns its encoding
into "raw"; the key goes into ``db.raw`` so OBJECT ENCODING can say so.
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import to_int, upper
from ..datatypes import lcs as lcs_algo
from ..datatypes.ranges import clamp_offsets
from ..registry import Int, Key, Str, Token, command


def _check_size(s, size: int, extra: int) -> None:
    """Refuse to grow a string past proto-max-bulk-len (Redis's checkStringLength)."""
    if size + extra > s.engine.config.values["proto-max-bulk-len"]:
        raise RedisError(errors.STRING_TOO_LONG)


def _edited(db, key, value) -> None:
    """Store the result of an in-place edit: TTL kept, encoding now raw."""
    if db.rnd is not None and key not in db.data:
        db.note_new(key)
    db.data[key] = value
    db.raw.add(key)
    db.atime[key] = db.ks.lru_clock
    db.modified(key)


@command("APPEND", arity=3, flags="write denyoom fast", keys=(1, 1, 1), group="string",
         summary="Add bytes to the end of the string at a key (creating it if missing); returns the new length.",
         complexity="O(1). The amortized time complexity is O(1) assuming the appended value is small "
                    "and the already present value is of any size, since the dynamic string library "
                    "used by Redis will double the free space available on every reallocation.",
         since="2.0.0", args=(Key(), Str("value")), key_flags="RW insert")
def append(s, argv):
    db = s.db
    key, extra = argv[1], argv[2]
    cur = db.get_string(key)
    if cur is None:
        # A brand-new key holds the argument itself, so it is not raw.
        db.set(key, extra)
        n = len(extra)
    else:
        _check_size(s, len(cur), len(extra))
        new = cur + extra
        _edited(db, key, new)
        n = len(new)
    db.ks.notify("$", "append", key, db.id)
    return n


@command("STRLEN", arity=2, flags="readonly fast", keys=(1, 1, 1), group="string",
         summary="Return the length in bytes of the string at a key (0 when missing).",
         complexity="O(1)", since="2.2.0", args=(Key(),), key_flags="RO")
def strlen(s, argv):
    v = s.db.get_string(argv[1])
    return 0 if v is None else len(v)


def _getrange(s, argv):
    start = to_int(argv[2])
    end = to_int(argv[3])
    v = s.db.get_string(argv[1])
    if v is None:
        return b""
    n = len(v)
    # Redis's own clamping, quirks included: an end far below -len clamps to 0
    # and still returns the first byte (a fix for that was reverted upstream).
    if start < 0 and end < 0 and start > end:
        return b""
    start, end = clamp_offsets(start, end, n)
    if start > end or n == 0:
        return b""
    return v[start:end + 1]


@command("GETRANGE", arity=4, flags="readonly", keys=(1, 1, 1), group="string",
         summary="Return the bytes of a string between two offsets, both inclusive; negative offsets count from the end.",
         complexity="O(N) where N is the length of the returned string. The complexity is ultimately "
                    "determined by the returned length, but because creating a substring from an "
                    "existing string is very cheap, it can be considered O(1) for small strings.",
         since="2.4.0", args=(Key(), Int("start"), Int("end")))
def getrange(s, argv):
    return _getrange(s, argv)


@command("SUBSTR", arity=4, flags="readonly", keys=(1, 1, 1), group="string",
         summary="Old name of GETRANGE: the bytes of a string between two inclusive offsets.",
         complexity="O(N) where N is the length of the returned string. The complexity is ultimately "
                    "determined by the returned length, but because creating a substring from an "
                    "existing string is very cheap, it can be considered O(1) for small strings.",
         since="1.0.0", deprecated_since="2.0.0", replaced_by="`GETRANGE`", doc_flags="deprecated",
         args=(Key(), Int("start"), Int("end")))
def substr(s, argv):
    return _getrange(s, argv)


@command("SETRANGE", arity=4, flags="write denyoom", keys=(1, 1, 1), group="string",
         summary="Overwrite part of a string from an offset, padding with zero bytes; returns the new length.",
         complexity="O(1), not counting the time taken to copy the new string in place. Usually, "
                    "this string is very small so the amortized complexity is O(1). Otherwise, "
                    "complexity is O(M) with M being the length of the value argument.",
         since="2.2.0", args=(Key(), Int("offset"), Str("value")))
def setrange(s, argv):
    db = s.db
    key, piece = argv[1], argv[3]
    offset = to_int(argv[2])
    if offset < 0:
        raise RedisError(errors.OFFSET_OUT_OF_RANGE)
    cur = db.get_string(key)
    if cur is None:
        if not piece:
            return 0                      # nothing to write: the key is not created
        _check_size(s, offset, len(piece))
        new = bytes(offset) + piece
        db.set(key, new)
        db.raw.add(key)
    else:
        n = len(cur)
        if not piece:
            return n
        _check_size(s, offset, len(piece))
        end = offset + len(piece)
        if offset > n:
            new = cur + bytes(offset - n) + piece
        else:
            new = cur[:offset] + piece + cur[end:]
        _edited(db, key, new)
    db.ks.notify("$", "setrange", key, db.id)
    return len(new)


@command("LCS", arity=-3, flags="readonly", keys=(1, 2, 1), group="string",
         summary="Find the longest common subsequence of two strings: the text, its length, or the matching ranges.",
         complexity="O(N*M) where N and M are the lengths of s1 and s2, respectively",
         since="7.0.0",
         args=(Key("key1"), Key("key2"), Token("LEN", optional=True), Token("IDX", optional=True),
               Int("min-match-len", token="MINMATCHLEN", optional=True),
               Token("WITHMATCHLEN", optional=True)))
def lcs(s, argv):
    db = s.db
    a = db.lookup(argv[1])
    b = db.lookup(argv[2])
    if (a is not None and type(a) is not bytes) or (b is not None and type(b) is not bytes):
        raise RedisError(errors.LCS_NOT_STRING)
    a = a or b""
    b = b or b""
    getlen = getidx = withlen = False
    minlen = 0
    j, argc = 3, len(argv)
    while j < argc:
        opt = upper(argv[j])
        if opt == b"IDX":
            getidx = True
        elif opt == b"LEN":
            getlen = True
        elif opt == b"WITHMATCHLEN":
            withlen = True
        elif opt == b"MINMATCHLEN" and j + 1 < argc:
            minlen = max(0, to_int(argv[j + 1]))
            j += 1
        else:
            raise RedisError(errors.SYNTAX)
        j += 1
    if getidx and getlen:
        raise RedisError(errors.LCS_IDX_AND_LEN)
    # Redis refuses when its uint32 DP table would outgrow proto-max-bulk-len.
    if (len(a) + 1) * (len(b) + 1) * 4 > s.engine.config.values["proto-max-bulk-len"]:
        raise RedisError(errors.LCS_TOO_BIG)
    if getlen:
        return lcs_algo.length(a, b)
    if not getidx:
        return lcs_algo.lcs(a, b)[0]
    text, ranges = lcs_algo.lcs(a, b, minlen)
    matches = []
    for ra, rb, n in ranges:
        item = [list(ra), list(rb)]
        if withlen:
            item.append(n)
        matches.append(item)
    return {b"matches": matches, b"len": len(text)}
