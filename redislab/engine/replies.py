"""Reply values the engine returns, independent of any wire protocol.

Python values map onto RESP types so handlers stay plain:
  bytes -> bulk string      int -> integer         None -> null bulk
  list/tuple -> array       float -> double        bool -> boolean
  dict -> map               RedisError -> error    Status -> simple string
The classes below cover the RESP types Python has no natural value for.
"""
from .args import format_double


class Status(str):
    """A simple string reply (+OK)."""

    __slots__ = ()


OK = Status("OK")
QUEUED = Status("QUEUED")
PONG = Status("PONG")


def help_reply(command: str, *lines: str) -> list:
    """A container's HELP reply: the usage line, ``lines`` (alternating "SUBCOMMAND
    <args>" and "    what it does" lines), and the closing HELP entry, as Redis lays
    it out for every container command."""
    head = f"{command} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"
    return [Status(x) for x in (head, *lines, "HELP", "    Print this help.")]


class _NullArray:
    """RESP2's null array (*-1), e.g. an aborted EXEC or a timed-out BLPOP."""

    __slots__ = ()

    def __repr__(self):
        return "NULL_ARRAY"

    def __bool__(self):
        return False


NULL_ARRAY = _NullArray()


class SetReply(list):
    """An array that RESP3 sends as a set (~)."""

    __slots__ = ()


class Verbatim(str):
    """A verbatim string (RESP3 '='), plain bulk in RESP2. ``fmt`` is e.g. 'txt'."""

    __slots__ = ("fmt",)

    def __new__(cls, text, fmt="txt"):
        obj = super().__new__(cls, text)
        obj.fmt = fmt
        return obj


class Push(list):
    """An out-of-band push (RESP3 '>'), an array in RESP2 (pub/sub messages)."""

    __slots__ = ()


class MapReply(list):
    """A map given as an ordered list of (key, value) pairs, for keys that are not hashable
    or must keep duplicates; plain ``dict`` works for the common case."""

    __slots__ = ()


class BigNumber(int):
    """RESP3 big number ('('); bulk string in RESP2."""

    __slots__ = ()


class Multi(list):
    """Several top-level replies to one command, written one after the other.

    SUBSCRIBE a b answers with one confirmation per channel; in RESP3 each of them
    is a push. Front ends write every element in order (the RESP encoder simply
    concatenates them); an in-process client returns the first and queues the rest.
    """

    __slots__ = ()


def as_resp2(r):
    """The reply as a RESP2 client (redis-cli's default) receives it: doubles become
    bulk strings, maps flat arrays, sets arrays, booleans integers. Front ends that
    show replies (lab console, repl, lesson checks) use it on RESP2 sessions."""
    t = type(r)
    if t is float:
        return format_double(r)
    if t is bool:
        return int(r)
    if t is dict or t is MapReply:
        out = []
        for k, v in (r.items() if t is dict else r):
            out += [as_resp2(k), as_resp2(v)]
        return out
    if t in (list, tuple, SetReply, Push):
        return [as_resp2(x) for x in r]
    if t is Multi:
        return Multi(as_resp2(x) for x in r)
    if t is Verbatim:
        return str(r).encode()
    if t is BigNumber:
        return str(int(r)).encode()
    return r
