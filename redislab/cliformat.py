"""Format replies exactly as redis-cli prints them on a terminal.

A learner who practises here will later read redis-cli's output, so the consoles
print the same text: ``(integer) 1``, ``"a\\n"`` with redis-cli's escaping,
``(nil)``, ``(error) ERR ...``, bare status replies, numbered nested arrays whose
indentation grows with the width of the index, RESP3 maps (``1# "k" => "v"``),
sets (``1~``), ``(double) 1.5`` and ``(true)``.

Input is an engine reply value (see engine/replies.py); the real-server console
decodes RESP into the same value classes so both print identically.
"""
from __future__ import annotations

from .engine.args import format_double
from .engine.replies import NULL_ARRAY, BigNumber, MapReply, Multi, Push, SetReply, Status, Verbatim
from .errors import RedisError

# Commands whose text reply redis-cli prints raw even in its human mode, because the
# text is meant to be read as is (INFO, CLIENT LIST, LATENCY DOCTOR...).
_RAW_COMMANDS = {
    ("info",), ("lolwut",), ("debug", "htstats"), ("debug", "htstats-key"),
    ("debug", "client-eviction"), ("memory", "malloc-stats"), ("memory", "doctor"),
    ("cluster", "nodes"), ("cluster", "info"), ("client", "list"), ("client", "info"),
    ("latency", "graph"), ("latency", "doctor"), ("proxy", "info"),
}

_ESCAPES = {0x5C: "\\\\", 0x22: '\\"', 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x07: "\\a", 0x08: "\\b"}


def quote(b: bytes | str) -> str:
    """redis-cli's sdscatrepr: printable ASCII as is, the rest escaped, in double quotes."""
    if isinstance(b, str):
        b = b.encode()
    out = ['"']
    for c in b:
        esc = _ESCAPES.get(c)
        if esc is not None:
            out.append(esc)
        elif 0x20 <= c <= 0x7E:
            out.append(chr(c))
        else:
            out.append("\\x%02x" % c)
    out.append('"')
    return "".join(out)


def is_raw_command(argv) -> bool:
    """True when redis-cli would print this command's reply raw."""
    if not argv:
        return False
    words = [_text(a).lower() for a in argv[:2]]
    return (words[0],) in _RAW_COMMANDS or tuple(words) in _RAW_COMMANDS


def format_reply(reply, argv=None) -> str:
    """The text redis-cli prints for ``reply`` (always ends with a newline unless empty)."""
    if argv is not None and is_raw_command(argv) and isinstance(reply, (bytes, str)) \
            and not isinstance(reply, Status):
        text = _text(reply)
        return text if text.endswith("\n") else text + "\n"
    if type(reply) is Multi:  # several replies to one command (SUBSCRIBE a b)
        return "".join(_tty(r, "") for r in reply)
    return _tty(reply, "")


def _text(v) -> str:
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v).decode("utf-8", "replace")
    return str(v)


def _tty(r, prefix: str) -> str:
    t = type(r)
    if t is bytes or t is bytearray:
        return quote(bytes(r)) + "\n"
    if t is Status:
        return str(r) + "\n"
    if t is bool:  # before int: bool is an int
        return "(true)\n" if r else "(false)\n"
    if t is BigNumber:
        return f"(big number) {int(r)}\n"
    if t is int:
        return f"(integer) {r}\n"
    if r is None or r is NULL_ARRAY:
        return "(nil)\n"
    if isinstance(r, RedisError):
        return f"(error) {r.message}\n"
    if t is float:
        return "(double) " + format_double(r).decode() + "\n"
    if t is Verbatim:
        return str(r) + "\n"
    if t is str:
        return quote(r) + "\n"
    if t is dict or t is MapReply:
        items = list(r.items()) if t is dict else list(r)
        return _aggregate(items, prefix, "#", "(empty hash)\n")
    if t is SetReply or isinstance(r, (set, frozenset)):
        return _aggregate(list(r), prefix, "~", "(empty set)\n")
    if t is Push:
        return _aggregate(list(r), prefix, ")", "(empty push)\n")
    if isinstance(r, (list, tuple)):
        return _aggregate(list(r), prefix, ")", "(empty array)\n")
    if isinstance(r, int):
        return f"(integer) {int(r)}\n"
    if isinstance(r, Exception):
        return f"(error) {r}\n"
    return str(r) + "\n"


def _aggregate(elems: list, prefix: str, sep: str, empty: str) -> str:
    """Number the elements; nested replies are indented by the index width + 2, and
    the first line of an element continues the parent's line as redis-cli does."""
    if not elems:
        return empty
    width = len(str(len(elems)))
    inner = prefix + " " * (width + 2)
    out = []
    for i, el in enumerate(elems):
        out.append(f"{prefix if i else ''}{i + 1:>{width}}{sep} ")
        if sep == "#":
            k, v = el
            out.append(_tty(k, inner)[:-1])
            out.append(" => ")
            out.append(_tty(v, inner))
        else:
            out.append(_tty(el, inner))
    return "".join(out)


def format_exception(e: BaseException) -> str:
    """A redis-py exception from a real server, printed like redis-cli's (error)."""
    code = getattr(e, "status_code", None)
    msg = str(e)
    if code and not msg.startswith(code):
        msg = f"{code} {msg}"
    return f"(error) {msg}\n"
