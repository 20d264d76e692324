"""What the two in-process redis-py clients share (``client.py``, ``asyncio.py``).

Both hand argv straight to ``Engine.execute`` and queue each reply already converted
to what redis-py's parser (hiredis) would have produced from the wire. The reply
conversion, argv packing, the reply queue's feeding, and the pool and client
constructors do not depend on threads vs asyncio, so they live here once; each
client module keeps only its own waiting (a condition variable, or an asyncio
event).
"""
from __future__ import annotations

import inspect

from redis.connection import AbstractConnection

from .engine import Engine
from .engine.args import format_double
from .engine.replies import NULL_ARRAY, BigNumber, MapReply, Multi, Push, SetReply, Status, Verbatim
from .errors import RedisError

try:  # absent from older redis-py releases
    from redis.maint_notifications import MaintNotificationsConfig
except ImportError:  # pragma: no cover
    MaintNotificationsConfig = None

try:  # written alongside this module; a missing module just means nothing blocks
    from .engine.blocking import Blocked
except ImportError:  # pragma: no cover
    Blocked = None

CLOSED = "Connection closed by server."


class Packed(list):
    """What pack_command(s) returns here: a list of argv lists, never RESP bytes."""

    __slots__ = ()


class Deferred:
    """A command sent behind a blocked one: a socket would hold it in the server's
    input buffer, so it runs only once the block ahead of it is answered."""

    __slots__ = ("argv",)

    def __init__(self, argv):
        self.argv = argv


class PushFrame:
    """A RESP3 push waiting in the reply queue (RESP2 pushes are plain arrays)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


# ------------------------------------------------------------ reply conversion

def make_converter(resp3: bool, decode, parse_error):
    """A function turning an engine reply into what redis-py's parser returns."""

    def conv(r):
        t = type(r)
        if t is bytes:
            return decode(r) if decoding else r
        if t is int or r is None:
            return r
        if t is list or t is tuple:
            return [conv(x) for x in r]
        if t is Status:
            return r if decoding else r.encode()
        if isinstance(r, RedisError):
            return parse_error(r.message)
        if t is float:
            return r if resp3 else conv(format_double(r))
        if t is bool:
            return r if resp3 else int(r)
        if t is dict or t is MapReply:
            items = r.items() if t is dict else r
            if resp3:
                return {_hashable(conv(k)): conv(v) for k, v in items}
            out = []
            for k, v in items:
                out.append(conv(k))
                out.append(conv(v))
            return out
        if t is SetReply or t is Push or isinstance(r, (set, frozenset)):
            # hiredis hands RESP3 sets back as lists, so do we
            return [conv(x) for x in r]
        if r is NULL_ARRAY:
            return None
        if t is Verbatim or t is str:
            # the "txt:" prefix of a verbatim string is dropped by the parser
            b = r.encode()
            return decode(b) if decoding else b
        if t is BigNumber or isinstance(r, int):
            return int(r) if resp3 or t is not BigNumber else conv(str(int(r)).encode())
        if isinstance(r, (bytearray, memoryview)):
            return conv(bytes(r))
        raise TypeError(f"cannot convert engine reply of type {t.__name__}")

    decoding = decode is not None
    return conv


def _hashable(k):
    return tuple(_hashable(x) for x in k) if isinstance(k, list) else k


def reencode(v, encoder):
    """NEVER_DECODE replies on a decode_responses client: give the raw bytes back."""
    if isinstance(v, str):
        return v.encode(encoder.encoding, encoder.encoding_errors)
    if isinstance(v, list):
        return [reencode(x, encoder) for x in v]
    if isinstance(v, dict):
        return {reencode(k, encoder): reencode(x, encoder) for k, x in v.items()}
    return v


def parse_raw(data) -> list:
    """RESP command frames (bytes or a list of chunks) -> argv lists, via hiredis."""
    import hiredis

    if isinstance(data, (bytes, bytearray, memoryview)):
        data = [data]
    reader = hiredis.Reader()
    for chunk in data:
        reader.feed(bytes(chunk))
    out = []
    while True:
        cmd = reader.gets()
        if cmd is False:
            return out
        out.append(list(cmd))


# ------------------------------------------------------------------ connection

class EngineConnectionMixin:
    """The parts of an engine connection that are the same sync and async.

    The class it is mixed into (before redis-py's AbstractConnection) sets
    ``self.engine`` and ``self._queue`` before calling AbstractConnection's
    ``__init__``, then ``self._setup_converter()``."""

    port = 0

    @property
    def host(self) -> str:
        return "redislab"

    @host.setter
    def host(self, value) -> None:
        pass

    def repr_pieces(self):
        return [("engine", hex(id(self.engine))), ("db", self.db)]

    def _host_error(self):
        return "redislab engine"

    def _setup_converter(self) -> None:
        enc = self.encoder
        decode = None
        if enc.decode_responses:
            encoding, errors = enc.encoding, enc.encoding_errors
            decode = lambda b: b.decode(encoding, errors)  # noqa: E731
        self._convert = make_converter(self.protocol in (3, "3"), decode, self._parser.parse_error)

    def set_parser(self, parser_class):
        super().set_parser(parser_class)
        if hasattr(self, "_queue"):
            self._setup_converter()

    # ----------------------------------------------------------- sending
    def pack_command(self, *args):
        return Packed((self._argv(args),))

    def pack_commands(self, commands):
        argv = self._argv
        return Packed([argv(c) for c in commands])

    def _submit_many(self, cmds) -> None:
        """A pipeline: under one hold of the engine, runs of data commands through
        ``Engine.execute_batch`` (as the RESP server runs a read), the rest one by one.
        Once a command blocks, the ones after it wait in the queue behind it
        (``_submit`` defers them while ``_waiting``). Sync and asyncio alike: nothing
        here waits, so the event loop is held no longer than the commands take."""
        engine = self.engine
        lock = engine.lock
        i = 0
        # Engine.execute is the door others may watch: the code lab wraps it on its
        # engine to record a program's commands, so then every command goes through it.
        if not self._waiting and "execute" not in vars(engine) and lock.acquire(False):
            try:
                s, n, enqueue = self._session, len(cmds), self._enqueue
                while i < n and not self._waiting:
                    replies = []
                    j = engine.execute_batch(s, cmds, i, replies)
                    for reply in replies:
                        enqueue(reply)
                    if j == i:
                        enqueue(engine.execute_held(s, cmds[i]))
                        j += 1
                    i = j
            finally:
                lock.release()
        for argv in cmds[i:]:
            self._submit(argv)

    def _argv(self, args) -> list:
        first = args[0]
        if type(first) is str:
            if " " in first:
                args = tuple(first.encode().split()) + tuple(args[1:])
        elif b" " in first:
            args = tuple(bytes(first).split()) + tuple(args[1:])
        out = []
        enc = self.encoder
        for a in args:
            t = type(a)
            if t is bytes:
                out.append(a)
            elif t is str:
                out.append(a.encode(enc.encoding, enc.encoding_errors))
            elif t is int:
                out.append(b"%d" % a)      # what repr() gives, as redis-py's encoder does
            else:
                b = enc.encode(a)       # int/float as repr(), DataError for the rest
                out.append(b if type(b) is bytes else bytes(b))
        return out

    def _enqueue(self, reply) -> None:
        t = type(reply)
        if t is Push and self.protocol in (3, "3"):
            self._queue.append(PushFrame(self._convert(reply)))
        elif t is Multi:
            # one command answered with several frames (SUBSCRIBE a b c)
            for x in reply:
                self._enqueue(x)
        elif Blocked is not None and t is Blocked:
            self._enqueue_blocked(reply)
        else:
            self._queue.append(self._convert(reply))

    def _enqueue_blocked(self, reply) -> None:
        self._queue.append(reply)

    def _push_item(self, msg):
        """What an out-of-band message (session.push) puts in the reply queue."""
        value = self._convert(msg)
        return PushFrame(value) if self.protocol in (3, "3") else value


# ------------------------------------------------------------ pool and client

class EngineConnectionPoolMixin:
    """A redis-py pool whose connections are ``engine_connection`` on one engine."""

    engine_connection: type = None

    def __init__(self, engine: Engine | None = None, **kwargs):
        kwargs.pop("connection_class", None)
        if MaintNotificationsConfig is not None:
            kwargs["maint_notifications_config"] = MaintNotificationsConfig(enabled=False)
        self.engine = engine if engine is not None else Engine()
        super().__init__(connection_class=self.engine_connection, engine=self.engine, **kwargs)


# Keyword arguments redis-py's AbstractConnection accepts; anything else (host, port,
# ssl_*, socket_keepalive...) describes a socket we do not have.
CONN_KWARGS = set(inspect.signature(AbstractConnection.__init__).parameters) - {"self"}
# Redis() keywords that configure connections (the rest configure the client itself).
_POOL_KWARGS = CONN_KWARGS | {"max_connections", "lib_name", "lib_version"}
_CLIENT_KWARGS = {"single_connection_client", "event_dispatcher"}


def split_kwargs(kwargs: dict) -> tuple[dict, dict]:
    pool_kw, client_kw = {}, {}
    for k, v in kwargs.items():
        if k in _CLIENT_KWARGS:
            client_kw[k] = v
        elif k in _POOL_KWARGS:
            pool_kw[k] = v
    if "retry_on_error" in pool_kw and not pool_kw["retry_on_error"]:
        pool_kw.pop("retry_on_error")
    return pool_kw, client_kw


class EngineClientMixin:
    """``Redis(engine=None, **redis_py_kwargs)``: a fresh engine unless one is given."""

    engine_pool: type = None

    def __init__(self, engine: Engine | None = None, **kwargs):
        pool = kwargs.pop("connection_pool", None)
        pool_kw, client_kw = split_kwargs(kwargs)
        own_pool = pool is None
        if own_pool:
            pool = self.engine_pool(engine, **pool_kw)
        super().__init__(connection_pool=pool, **client_kw)
        self.auto_close_connection_pool = own_pool

    @property
    def engine(self) -> Engine:
        return self.connection_pool.engine
