"""One client connection of the RESP server: read requests, run them, write replies.

The hot path is deliberately plain. A read chunk that starts a request and holds only
whole, canonically encoded requests (what every real client sends) is parsed by
hiredis in C; everything else - inline commands, a request split across reads,
malformed bytes - goes through ``RequestParser``, which follows Redis's rules byte for
byte. Commands run in order through ``Engine.execute`` and the replies to one chunk
leave in one ``transport.write`` at the end of the loop's turn, so a pipelined batch
costs one syscall.

Why the canonical check: hiredis parses any RESP value, so ``*1\\r\\n+PING\\r\\n``
would come out as ``[b"PING"]`` although Redis rejects it ("expected '$', got '+'").
Before running a chunk we check that it is byte for byte the canonical encoding of
what hiredis returned; if not, the chunk is parsed again by Redis's rules.
"""
from __future__ import annotations

import asyncio
import logging
import re
import threading
from itertools import chain

import hiredis

from .. import errors
from ..errors import RedisError
from ..engine.registry import LONG_RUNNING
from ..engine.replies import OK
from ..protocol.resp import encode
from .request import ProtocolErrorReply, RequestParser

log = logging.getLogger("redislab.server")

_new_reader = hiredis.Reader
READ_SIZE = 64 * 1024
# hiredis allocates an aggregate's list as soon as it reads the header: "*2147483647"
# would cost 16 GiB of address space and seconds of page faults to free (a push
# header, ">", a minute), though Redis just waits for the elements. Chunks with a count
# of 100 000 or more go to RequestParser instead. The "*" pattern starts with a
# literal, which re scans for at memchr speed; a character class would cost ~8x as
# much on every read, so "~" and ">" (never valid in a request, but common inside
# XADD / XREADGROUP arguments) are looked for only when present. (They are tested as
# ints, 126 and 62: ``b"~" in data`` takes the buffer protocol and cost ~280 ns a
# test on CPython 3.11, against ~18 ns for a byte value's memchr.)
_HUGE_ARRAY = re.compile(rb"\*[0-9]{6}")
_HUGE_OTHER = re.compile(rb"[~>][0-9]{6}")
_OK = b"+OK\r\n"


# _BULK[k]: bytes taken by a canonical bulk string of length k ("$k\r\n" ... "\r\n").
_BULK = tuple(k + 5 + len(str(k)) for k in range(4096))
# _BULK_HEADER[k]: the header of a bulk string reply of length k.
_BULK_HEADER = tuple(b"$%d\r\n" % k for k in range(4096))
# _ARRAY[n]: bytes taken by a canonical array header "*n\r\n" (n >= 1).
_ARRAY = tuple(3 + len(str(n)) for n in range(256))
# The same without n = 0 (*0 is an empty request that only the slow path handles).
_SHORT_ARRAY = (None,) + _ARRAY[1:]


# The odd type bytes: RESP values hiredis would hand back as bytes or as a list,
# other than "$" and "*" (simple strings, verbatim strings, big numbers; sets,
# pushes, maps, attributes). Any other value comes back as an int, a float, a bool,
# None or an error object, none of which is bytes.
_join = b"".join
_flat = chain.from_iterable


def _canonical(cmds: list, data: bytes, reader, join=_join, flat=_flat) -> bool:
    """True if ``data`` is exactly ``cmds`` in canonical RESP (see the module doc),
    ``reader`` being the hiredis reader that parsed it, drained.

    When none of the bytes that start an odd value occurs anywhere in the chunk, every
    value hiredis returned was read from a "$" or a "*": so it is enough that every
    request is a non-empty list (a top-level "$" or ":" would be bytes or an int, which
    the flattening rejects) of bytes (a null, an integer or a nested array is not, and
    ``join`` refuses it), and that hiredis is not left inside a request: fed an empty
    request, it must hand back exactly that (mid-request, it would nest it). hiredis
    reads counts strictly (no sign, no leading zero), so such a chunk is the canonical
    encoding. This runs in C: 7 memchr, a join and one tiny parse, about half the cost
    of walking the layout for a pipeline of 16 GETs, but a third more for one request
    (break-even is about 4). A chunk of few requests, one with an odd byte anywhere
    (even inside an argument), or one big enough that copying it costs more than
    walking it gets the layout walk, whose lengths must add up to the chunk's."""
    if (len(cmds) < 5 or len(data) > 8192
            or 43 in data or 61 in data or 40 in data or 126 in data or 62 in data    # + = ( ~ >
            or 37 in data or 124 in data):                                         # % |
        return _canonical_layout(cmds, data)
    try:
        join(flat(cmds))
        reader.feed(b"*0\r\n")
        idle = reader.gets() == []
    except Exception:         # TypeError from join; hiredis's ProtocolError after a lone "*"
        return False
    return idle and all(cmds)


def _canonical_layout(cmds: list, data: bytes, bulk=_BULK, array=_SHORT_ARRAY) -> bool:
    """``_canonical`` by walking the layout. hiredis reads counts strictly (no sign, no
    leading zero), so a ``*`` or ``$`` at each place the canonical layout predicts,
    plus the total adding up, proves that every request was an array of bulk strings
    encoded the one way Redis expects. This is the common case's loop (sizes from the tables); anything the tables do
    not cover raises IndexError and goes to ``_canonical_any``."""
    pos = 0
    try:
        for argv in cmds:
            if data[pos] != 42:                     # '*'
                return False
            pos += array[len(argv)]
            for a in argv:
                if data[pos] != 36:                 # '$'
                    return False
                pos += bulk[len(a)]
    except IndexError:
        return _canonical_any(cmds, data)
    except TypeError:                               # a null, an integer...
        return False
    return pos == len(data)


def _canonical_any(cmds: list, data: bytes, len=len, str=str, bulk=_BULK, array=_ARRAY) -> bool:
    """``_canonical`` for any sizes (an argument of 4 KiB or more, 256 arguments or more).

    hiredis reads counts strictly (no sign, no leading zero), so a ``*`` or ``$`` at
    each place the canonical layout predicts, plus the total adding up, proves that
    every request was an array of bulk strings encoded the one way Redis expects."""
    pos = 0
    try:
        for argv in cmds:
            if data[pos] != 42 or not argv:         # '*'; *0 / *-1 are left to the slow path
                return False
            n = len(argv)
            pos += array[n] if n < 256 else 3 + len(str(n))
            for a in argv:
                if data[pos] != 36:                 # '$'
                    return False
                k = len(a)
                pos += bulk[k] if k < 4096 else k + 5 + len(str(k))
    except (TypeError, IndexError):                 # a null, or the layout ran off the end
        return False
    return pos == len(data)


# Commands that may run for long while holding the engine: they run on a worker
# thread so the loop keeps answering (BUSY after busy-reply-threshold, SCRIPT KILL),
# as does any command arriving while another thread holds the engine.
_SLOW = {n.upper().encode() for n in LONG_RUNNING}
_SLOW_FIRST = {n[:1] for n in _SLOW} | {n[:1].lower() for n in _SLOW}
# Command names (as sent) already known to be fast -> False; bounded, bytes only.
_slow_name: dict = {}


def _is_slow(name) -> bool:
    """Whether ``name`` must run on a worker thread (and remember fast bytes names)."""
    if type(name) is not bytes:
        return False
    if name[:1] in _SLOW_FIRST and name.upper() in _SLOW:
        return True
    if len(_slow_name) < 4096:
        _slow_name[name] = False
    return False


class _Offloaded:
    """A command running on a worker thread, parked like a blocked command."""

    def __init__(self, loop, execute, s, argv):
        self.future = loop.run_in_executor(None, execute, s, argv)

    async def wait_async(self):
        reply = await asyncio.shield(self.future)
        if hasattr(reply, "wait_async"):
            reply = await reply.wait_async()
        return reply

    def cancel(self) -> None:
        # The command itself cannot be stopped mid-way (it is atomic); its reply is dropped.
        pass


def _internal_error(argv, exc: Exception) -> RedisError:
    # The engine answers a handler's bug itself; what reaches here failed around it
    # (encoding a reply, a blocked command's wake-up): it costs this one reply too.
    log.exception("command %r failed", argv[:1])
    return errors.internal_error(argv, exc)


class Connection(asyncio.Protocol):
    __slots__ = ("server", "engine", "loop", "transport", "session", "reader", "slow",
                 "out", "closing", "parked", "rest", "backlog", "task", "stats", "pending")

    def __init__(self, server):
        self.server = server
        self.engine = server.engine
        self.loop = server.loop
        self.transport = None
        self.session = None
        self.reader = _new_reader(notEnoughData=False)
        self.slow: RequestParser | None = None
        self.out: list | None = None       # replies of the batch being run (pushes join it)
        self.closing = False
        self.parked = None                 # the Blocked reply this client waits for
        self.rest = None                   # (requests, index) still to run after it
        self.backlog: list = []
        self.task = None
        self.stats = self.engine.stats
        self.pending = None

    # ----------------------------------------------------------- lifecycle
    def connection_made(self, transport) -> None:
        self.transport = transport
        # asyncio's selector transport asks recv() for 256 KiB at a time; an
        # allocation that size goes to mmap/munmap on every read, which costs more
        # than a small request itself (~12 us). 64 KiB stays on the heap; Redis
        # itself reads 16 KiB at a time.
        if getattr(transport, "max_size", 0) > READ_SIZE:
            transport.max_size = READ_SIZE
        peer = transport.get_extra_info("peername") or ("127.0.0.1", 0)
        local = transport.get_extra_info("sockname") or ("127.0.0.1", 0)
        s = self.engine.session("tcp", addr=_fmt_addr(peer), laddr=_fmt_addr(local))
        s.push = self._push
        self.session = s
        self.server._attach(self)

    def connection_lost(self, exc) -> None:
        self.closing = True
        if self.parked is not None:
            try:
                self.parked.cancel()
            except Exception:               # pragma: no cover - defensive
                log.exception("cancelling a blocked command failed")
            self.parked = None
        if self.task is not None:
            self.task.cancel()
        self.server._detach(self)
        self.session.push = None
        lock = self.engine.lock
        if lock.acquire(False):
            lock.release()
            self.session.close()
        else:
            # A long script holds the engine: closing must wait for it, but not on the
            # event loop, which keeps answering everyone else (BUSY, SCRIPT KILL).
            self.loop.run_in_executor(None, self.session.close)

    def hangup(self) -> None:
        """Close after what is already written (CLIENT KILL, timeout, shutdown)."""
        if self.out is not None:
            self.closing = True             # mid-batch: the batch loop closes after writing
        elif self.transport is not None:
            self._flush()
            self.transport.close()

    # --------------------------------------------------------------- input
    def data_received(self, data: bytes) -> None:
        if self.parked is not None or self.closing:
            if not self.closing:
                self.backlog.append(data)   # run once the blocked command is answered
            return
        self.stats["total_net_input_bytes"] += len(data)
        if (self.slow is None and data[0] == 42 and self.session._authenticated
                and _HUGE_ARRAY.search(data) is None
                and not ((126 in data or 62 in data) and _HUGE_OTHER.search(data))):
            reader = self.reader
            reader.feed(data)
            try:
                cmds = list(iter(reader.gets, False))     # C-level loop until hiredis needs more
            except Exception:
                cmds = None
            if cmds is not None and not reader.has_data() and _canonical(cmds, data, reader):
                self._run(cmds, 0, [], True)
                return
            # hiredis was left mid-request or saw something odd: start it afresh later.
            self.reader = _new_reader(notEnoughData=False)
        slow = self.slow
        if slow is None:
            cfg = self.engine.config.values
            s = self.session
            slow = self.slow = RequestParser(lambda: cfg["proto-max-bulk-len"], lambda: s.authenticated)
        cmds = slow.feed(data)
        if slow.idle and not slow.failed:
            self.slow = None
        if cmds:
            self._run(cmds, 0, [])

    # ----------------------------------------------------------------- run
    def _run(self, cmds: list, i: int, out: list, batch: bool = False) -> None:
        """Run requests from ``cmds[i]`` on, in order, and write their replies at once.
        With ``batch`` (every entry is a well-formed request, as hiredis's fast path
        guarantees) runs of plain commands go through ``Engine.execute_batch``."""
        s = self.session
        engine = self.engine
        execute = engine.execute_held
        n = len(cmds)
        self.out = out
        append = out.append
        slow = _slow_name
        # The batch runs holding the engine lock (taken without waiting, re-entered by
        # each execute): one acquire per read instead of per command, and a command is
        # never left waiting for the lock on the event loop (it goes to a worker thread).
        lock = engine.lock
        held = False
        try:
            while i < n:
                replies = None
                if batch and s.reply_mode == "on" and (held or lock.acquire(False)):
                    held = True
                    replies = []
                    try:
                        i = engine.execute_batch(s, cmds, i, replies)
                    except Exception as e:
                        # A bug in a handler costs that one reply (see _internal_error).
                        i += len(replies)
                        replies.append(_internal_error(cmds[i], e))
                        i += 1
                if not replies:
                    argv = cmds[i]
                    i += 1
                    if type(argv) is not list:
                        if type(argv) is ProtocolErrorReply:
                            append(argv.reply)
                            self.closing = True
                            break
                    name = argv[0]
                    # slow.get(name) is None for a name not seen yet (or not bytes).
                    if slow.get(name, True) and _is_slow(name) or not (held or lock.acquire(False)):
                        if held:
                            lock.release()
                            held = False
                        self._park(_Offloaded(self.loop, engine.execute, s, argv), cmds, i)
                        break
                    held = True
                    try:
                        reply = execute(s, argv)
                    except Exception as e:
                        reply = _internal_error(argv, e)
                    replies = (reply,)
                # Read after running: CLIENT REPLY's own reply follows the mode it set.
                mode = s.reply_mode
                parked = False
                for reply in replies:
                    t = type(reply)
                    if t is bytes:
                        k = len(reply)
                        if k < 4096 and mode == "on":
                            # Three appends beat formatting one frame; the batch is joined once.
                            append(_BULK_HEADER[k])
                            append(reply)
                            append(b"\r\n")
                            continue
                        data = b"$%d\r\n%s\r\n" % (k, reply)
                    elif reply is OK:
                        data = _OK
                    elif reply is None:
                        data = b"$-1\r\n" if s._resp == 2 else b"_\r\n"   # s.resp, minus the property call
                    elif t is int:
                        data = b":%d\r\n" % reply
                    else:
                        try:
                            data = encode(reply, s.resp)
                        except TypeError as e:
                            if hasattr(reply, "wait_async"):
                                # A blocked command: always the last reply of its run.
                                self._park(reply, cmds, i)
                                parked = True
                                break
                            data = encode(_internal_error(cmds[i - 1], e), s.resp)
                    if mode == "on":
                        append(data)
                    else:
                        _dropped(s, mode)
                        mode = s.reply_mode
                if parked:
                    break
                if s.closed or (s.flags and "close_after_reply" in s.flags):
                    self.closing = True
                    break
        finally:
            if held:
                lock.release()
            self.out = None
        if out:
            data = b"".join(out) if len(out) > 1 else out[0]
            self.stats["total_net_output_bytes"] += len(data)
            self._send(data)
        if self.closing:
            self._flush()
            self.transport.close()

    def _send(self, data: bytes) -> None:
        """Queue ``data`` for this client; it leaves at the end of the event loop's turn.

        All replies to the connections that were readable in one turn are written
        together after all their commands ran, instead of each right after its own.
        Measured under redis-benchmark -P 16 (50 clients), this raised throughput by
        about a fifth: a write that wakes a client sleeping on its replies costs far
        more than one to a client already awake. Order per client is kept: every
        write goes through here."""
        p = self.pending
        if p is None:
            self.pending = [data]
            dirty = self.server.dirty
            dirty.append(self)
            if len(dirty) == 1:
                self.loop.call_soon(self.server.flush)
        else:
            p.append(data)

    def _flush(self) -> None:
        p = self.pending
        if p is not None:
            self.pending = None
            self.transport.write(b"".join(p) if len(p) > 1 else p[0])

    # ------------------------------------------------------------ blocking
    def _park(self, blocked, cmds: list, i: int) -> None:
        # Redis serves a client's requests in order: nothing more is run for this
        # client until the blocked command is answered. Reading goes on (into the
        # backlog), as in Redis, so a client that hangs up is noticed and its wait
        # cancelled.
        self.parked = blocked
        self.rest = (cmds, i)
        self.task = self.loop.create_task(self._unpark(blocked))

    async def _unpark(self, blocked) -> None:
        try:
            reply = await blocked.wait_async()
        except asyncio.CancelledError:
            raise
        except Exception as e:
            reply = _internal_error([b"blocked"], e)
        if self.closing or self.parked is not blocked:
            return
        self.parked = None
        self.task = None
        s = self.session
        out = []
        try:
            data = encode(reply, s.resp)
        except Exception as e:
            data = encode(_internal_error([b"blocked"], e), s.resp)
        mode = s.reply_mode
        if mode == "on":
            out.append(data)
        else:
            _dropped(s, mode)
        cmds, i = self.rest
        self.rest = None
        if s.closed or (s.flags and "close_after_reply" in s.flags):
            cmds, i, self.closing = [], 0, True
        self._run(cmds, i, out)
        while self.backlog and self.parked is None and not self.closing:
            self.data_received(self.backlog.pop(0))

    # -------------------------------------------------------------- pushes
    def _push(self, msg) -> None:
        """Deliver an out-of-band message (pub/sub, MONITOR, invalidation); any thread."""
        if self.closing or self.transport is None:
            return
        if threading.get_ident() != self.server.thread_id:
            try:
                self.loop.call_soon_threadsafe(self._push, msg)
            except RuntimeError:            # the server's loop is gone: nobody to tell
                pass
            return
        data = encode(msg, self.session.resp)
        if self.out is not None:
            self.out.append(data)           # keeps order with the batch being answered
        else:
            self.stats["total_net_output_bytes"] += len(data)
            self._send(data)


def _dropped(s, mode: str) -> None:
    # CLIENT REPLY: "skip_next" is SKIP's own (unsent) reply; "skip" drops one more.
    if mode == "skip_next":
        s.reply_mode = "skip"
    elif mode == "skip":
        s.reply_mode = "on"


def _fmt_addr(a) -> str:
    # Redis writes IPv6 peers as [addr]:port.
    host, port = a[0], a[1]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
