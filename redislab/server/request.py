"""Request parsing with Redis's own rules, byte for byte.

The connection's fast path hands whole chunks of well-formed RESP to hiredis. Anything
else comes here: inline commands, a command split across reads, and malformed input,
which must get the exact error redis-server sends before it closes the connection.
The state machine follows what a Redis server does with its query buffer:

* a command starting with ``*`` is a multibulk request, anything else an inline line;
* header lines end at the first ``\\r`` (the byte after it is skipped unchecked), and
  a C-string search means a NUL before the ``\\r`` hides it;
* counts are parsed strictly (no sign, no leading zero); ``*0`` and ``*-1`` are
  empty requests and are ignored; a bulk's two trailing bytes are skipped unchecked;
* a header or inline line still unterminated after 64 KiB is "too big".
"""
from __future__ import annotations

import re

from .inline import split_inline

INLINE_MAX = 64 * 1024          # Redis's PROTO_INLINE_MAX_SIZE
READ_CHUNK = 16 * 1024          # Redis reads an inline query this much at a time
_INT_MAX = 2**31 - 1
_LL_MAX = 2**63 - 1
_NUMBER = re.compile(rb"-?[1-9][0-9]{0,19}|0")


class ProtocolErrorReply:
    """A malformed request: ``reply`` is the raw error frame; the connection closes after it."""

    __slots__ = ("reply",)

    def __init__(self, text: bytes):
        # An error frame cannot carry a line break; Redis maps CR/LF to spaces.
        text = text.replace(b"\r", b" ").replace(b"\n", b" ")
        self.reply = b"-ERR Protocol error: " + text + b"\r\n"

    def __repr__(self):
        return f"ProtocolErrorReply({self.reply!r})"


def _number(b) -> int | None:
    """Redis's string2ll: a strict decimal within a signed 64-bit range, or None."""
    if _NUMBER.fullmatch(b) is None:
        return None
    v = int(b)
    if v > _LL_MAX or v < -_LL_MAX - 1:
        return None
    return v


def _find(buf: bytearray, ch: bytes, pos: int) -> int:
    """strchr on the query buffer: a NUL byte ends the search."""
    i = buf.find(ch, pos)
    if i < 0:
        return -1
    if buf.find(b"\0", pos, i) >= 0:
        return -1
    return i


class RequestParser:
    """Incremental parser with Redis's semantics; ``feed`` returns complete requests
    (argv lists) and, last, a ``ProtocolErrorReply`` if the input went bad."""

    def __init__(self, max_bulk=lambda: 512 * 1024 * 1024, authenticated=lambda: True):
        self.buf = bytearray()
        self.multibulk = 0          # arguments still to read for the current request
        self.bulklen = -1           # length of the bulk being read, -1 before its header
        self.argv: list[bytes] = []
        self.failed = False
        self._max_bulk = max_bulk
        self._authenticated = authenticated

    @property
    def idle(self) -> bool:
        """True at a request boundary with nothing buffered (hiredis may take over)."""
        return not self.buf and not self.multibulk

    def feed(self, data) -> list:
        out: list = []
        if self.failed:
            return out
        buf = self.buf
        buf += data
        pos = 0
        while pos < len(buf) and not self.failed:
            if not self.multibulk:
                step = self._header if buf[pos] == 42 else self._inline    # '*'
                pos, more = step(buf, pos, out)
                if not more:
                    break
            if self.multibulk:
                pos, more = self._bulks(buf, pos, out)
                if not more:
                    break
        if self.failed:
            buf.clear()
        elif pos:
            del buf[:pos]
        return out

    # Each step returns (new position, whether to go on parsing).

    def _fail(self, out: list, pos: int, text: bytes):
        out.append(ProtocolErrorReply(text))
        self.failed = True
        return pos, False

    def _inline(self, buf: bytearray, pos: int, out: list):
        nl = _find(buf, b"\n", pos)
        if nl < 0:
            if len(buf) - pos > INLINE_MAX:
                return self._fail(out, pos, b"too big inline request")
            return pos, False
        # Redis sees a long line in 16 KiB reads and gives up once 64 KiB are
        # buffered without a newline; a newline further than that is never reached.
        if nl - pos >= INLINE_MAX + READ_CHUNK:
            return self._fail(out, pos, b"too big inline request")
        end = nl - 1 if nl > pos and buf[nl - 1] == 13 else nl
        argv = split_inline(bytes(buf[pos:end]))
        if argv is None:
            return self._fail(out, pos, b"unbalanced quotes in request")
        if argv:
            out.append(argv)
        return nl + 1, True

    def _line_end(self, buf: bytearray, pos: int) -> int:
        """Index of the CR ending the header line at ``pos``, or -1 if not all there
        (the byte after the CR must have arrived too; Redis skips it unchecked)."""
        cr = _find(buf, b"\r", pos)
        if cr < 0 or cr + 2 > len(buf):
            return -1
        return cr

    def _header(self, buf: bytearray, pos: int, out: list):
        cr = self._line_end(buf, pos)
        if cr < 0:
            if _find(buf, b"\r", pos) < 0 and len(buf) - pos > INLINE_MAX:
                return self._fail(out, pos, b"too big mbulk count string")
            return pos, False
        ll = _number(bytes(buf[pos + 1:cr]))
        if ll is None or ll > _INT_MAX:
            return self._fail(out, pos, b"invalid multibulk length")
        if ll > 10 and not self._authenticated():
            return self._fail(out, pos, b"unauthenticated multibulk length")
        if ll > 0:
            self.multibulk = ll
            self.argv = []
        return cr + 2, True

    def _bulks(self, buf: bytearray, pos: int, out: list):
        n = len(buf)
        argv = self.argv
        while self.multibulk:
            if self.bulklen < 0:
                cr = self._line_end(buf, pos)
                if cr < 0:
                    if _find(buf, b"\r", pos) < 0 and n - pos > INLINE_MAX:
                        return self._fail(out, pos, b"too big bulk count string")
                    return pos, False
                if buf[pos] != 36:                      # '$'
                    return self._fail(out, pos, b"expected '$', got '" + bytes(buf[pos:pos + 1]) + b"'")
                ll = _number(bytes(buf[pos + 1:cr]))
                if ll is None or ll < 0 or ll > self._max_bulk():
                    return self._fail(out, pos, b"invalid bulk length")
                if ll > 16384 and not self._authenticated():
                    return self._fail(out, pos, b"unauthenticated bulk length")
                self.bulklen = ll
                pos = cr + 2
            if n - pos < self.bulklen + 2:
                return pos, False               # the bulk (and its 2 trailing bytes) not all here
            argv.append(bytes(buf[pos:pos + self.bulklen]))
            pos += self.bulklen + 2
            self.bulklen = -1
            self.multibulk -= 1
        out.append(argv)
        self.argv = []
        return pos, True
