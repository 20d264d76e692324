"""redis-py bound to an in-process engine: ``redislab.Redis()`` is a real ``redis.Redis``.

The connection below has no socket. ``send_command`` hands the argv straight to
``Engine.execute`` and queues the reply already converted to what redis-py's parser
(hiredis) would have produced from the wire, so nothing is RESP-encoded on the way
in or out. That is what makes the client several times faster than going through a
fake socket, while every redis-py feature above the connection (response callbacks,
pipelines, transactions, pub/sub, locks, scripts) runs unchanged.

A socket delivers replies and out-of-band pushes in one ordered stream; the
connection keeps the same single FIFO, fed by its own commands and by
``session.push`` (called from whichever thread published).
"""
from __future__ import annotations

import inspect
import threading
import time
from collections import deque

import redis
from redis.connection import AbstractConnection, ConnectionPool
from redis.exceptions import ConnectionError as _ConnError
from redis.exceptions import TimeoutError as _TimeoutError

from .engine import Engine
from .engine.args import format_double
from .engine.replies import NULL_ARRAY, BigNumber, MapReply, Multi, Push, SetReply, Status, Verbatim
from .errors import RedisError

try:  # absent from older redis-py releases
    from redis.maint_notifications import MaintNotificationsConfig
except ImportError:  # pragma: no cover
    MaintNotificationsConfig = None

try:  # written alongside this module; a missing module just means nothing blocks
    from .engine.blocking import Blocked as _Blocked
except ImportError:  # pragma: no cover
    _Blocked = None

_SENTINEL = object()
_NEVER_DECODE = getattr(redis.client, "NEVER_DECODE", "NEVER_DECODE")
_EMPTY_RESPONSE = getattr(redis.client, "EMPTY_RESPONSE", "EMPTY_RESPONSE")
_CLOSED = "Connection closed by server."


class _Packed(list):
    """What pack_command(s) returns here: a list of argv lists, never RESP bytes."""

    __slots__ = ()


class _PushFrame:
    """A RESP3 push waiting in the reply queue (RESP2 pushes are plain arrays)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


class _Deferred:
    """A command sent behind a blocked one: a socket would hold it in the server's
    input buffer, so it runs only once the block ahead of it is answered."""

    __slots__ = ("argv",)

    def __init__(self, argv):
        self.argv = argv


def _make_converter(resp3: bool, decode, parse_error):
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


# Keyword arguments AbstractConnection accepts in the installed redis-py; anything
# else (host, port, ssl_*, socket_keepalive...) describes a socket we do not have.
_CONN_KWARGS = set(inspect.signature(AbstractConnection.__init__).parameters) - {"self"}


class EngineConnection(AbstractConnection):
    """One "connection" = one engine Session, opened on connect, closed on disconnect."""

    def __init__(self, engine: Engine | None = None, **kwargs):
        self.engine = engine if engine is not None else Engine()
        kwargs = {k: v for k, v in kwargs.items() if k in _CONN_KWARGS}
        kwargs.setdefault("parser_class", redis.connection.DefaultParser)
        self._session = None
        self._queue: deque = deque()
        self._cond = threading.Condition(threading.Lock())
        self._waiting = 0            # Blocked or _Deferred items in the queue
        super().__init__(**kwargs)
        self._setup_converter()

    # --------------------------------------------------------- identity
    def repr_pieces(self):
        return [("engine", hex(id(self.engine))), ("db", self.db)]

    @property
    def host(self) -> str:
        return "redislab"

    @host.setter
    def host(self, value) -> None:
        pass

    port = 0

    def _host_error(self):
        return "redislab engine"

    def _connect(self):  # pragma: no cover - connect() below never opens a socket
        return self

    def _setup_converter(self) -> None:
        enc = self.encoder
        decode = None
        if enc.decode_responses:
            encoding, errors = enc.encoding, enc.encoding_errors
            decode = lambda b: b.decode(encoding, errors)  # noqa: E731
        self._convert = _make_converter(self.protocol in (3, "3"), decode, self._parser.parse_error)

    def set_parser(self, parser_class):
        super().set_parser(parser_class)
        if hasattr(self, "_queue"):
            self._setup_converter()

    @property
    def session(self):
        return self._session

    # -------------------------------------------------------- lifecycle
    def connect(self):
        if self._session is None:
            self.connect_check_health()

    def connect_check_health(self, check_health: bool = True, retry_socket_connect: bool = True):
        if self._session is not None:
            return
        s = self.engine.session("inproc", addr="127.0.0.1:0", laddr="127.0.0.1:6379")
        s.push = self._on_push
        self._session = s
        self._sock = self           # redis-py's "is connected" test is `_sock is not None`
        try:
            if self.redis_connect_func is None:
                self.on_connect_check_health(check_health=False)
            else:
                self.redis_connect_func(self)
        except redis.RedisError:
            self.disconnect()
            raise
        self._connect_callbacks = [ref for ref in self._connect_callbacks if ref()]
        for ref in self._connect_callbacks:
            cb = ref()
            if cb:
                cb(self)

    def disconnect(self, *args, **kwargs):
        s, self._session = self._session, None
        self._sock = None
        self._should_reconnect = False
        with self._cond:
            self._queue.clear()
            self._waiting = 0
            self._cond.notify_all()   # wake a pub/sub reader parked in read_response
        if s is not None:
            s.push = None
            blocked = getattr(s, "blocked", None)
            if blocked is not None and hasattr(blocked, "cancel"):
                blocked.cancel()
            s.close()

    def check_health(self):
        pass

    # ----------------------------------------------------------- sending
    def pack_command(self, *args):
        return _Packed((self._argv(args),))

    def pack_commands(self, commands):
        argv = self._argv
        return _Packed([argv(c) for c in commands])

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

    def send_command(self, *args, **kwargs):
        if self._session is None:
            self.connect()
        self._submit(self._argv(args))

    def send_packed_command(self, command, check_health=True):
        if self._session is None:
            self.connect()
        if isinstance(command, _Packed):
            for argv in command:
                self._submit(argv)
            return
        # Raw RESP from a caller who packed it themselves: parse it like a server would.
        for argv in _parse_raw(command):
            self._submit(argv)

    def _submit(self, argv) -> None:
        if self._waiting:
            self._queue.append(_Deferred(argv))
            self._waiting += 1
            return
        reply = self.engine.execute(self._session, argv)
        self._enqueue(reply)

    def _enqueue(self, reply) -> None:
        t = type(reply)
        if t is Push and self.protocol in (3, "3"):
            self._queue.append(_PushFrame(self._convert(reply)))
        elif t is Multi:
            # one command answered with several frames (SUBSCRIBE a b c)
            for x in reply:
                self._enqueue(x)
        elif _Blocked is not None and t is _Blocked:
            self._queue.append(reply)
            self._waiting += 1
        else:
            self._queue.append(self._convert(reply))

    def _on_push(self, msg) -> None:
        """session.push: an out-of-band message, possibly from another thread."""
        value = self._convert(msg)
        item = _PushFrame(value) if self.protocol in (3, "3") else value
        with self._cond:
            self._queue.append(item)
            self._cond.notify_all()

    # ----------------------------------------------------------- reading
    def can_read(self, timeout: float = 0) -> bool:
        if self._session is None:
            self.connect()
        if self._queue:
            return True
        if not timeout:
            return False
        with self._cond:
            if not self._queue:
                self._cond.wait(timeout)
            return bool(self._queue)

    def read_response(self, disable_decoding=False, *, timeout=_SENTINEL,
                      disconnect_on_error=True, push_request=False):
        q = self._queue
        while True:
            try:
                item = q.popleft()
            except IndexError:
                item = self._wait_item(timeout, disconnect_on_error)
            t = type(item)
            if t is _PushFrame:
                handled = self._parser.handle_push_response(item.value)
                if push_request:
                    return handled
                continue
            if t is _Deferred or (_Blocked is not None and t is _Blocked):
                item = self._resolve(item, disconnect_on_error)
                if item is _SENTINEL:
                    continue
            if disable_decoding and self.encoder.decode_responses:
                item = _reencode(item, self.encoder)
            if isinstance(item, Exception):
                if isinstance(item, _ConnError):
                    raise item
                try:
                    raise item
                finally:
                    del item
            return item

    def _wait_item(self, timeout, disconnect_on_error):
        if self._session is None:
            raise _ConnError(_CLOSED)
        if timeout is _SENTINEL:
            timeout = self.socket_timeout
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while not self._queue:
                if self._session is None:
                    raise _ConnError(_CLOSED)
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    if disconnect_on_error:
                        self._cond.release()
                        try:
                            self.disconnect()
                        finally:
                            self._cond.acquire()
                    raise _TimeoutError("Timeout reading from socket")
                self._cond.wait(left)
            return self._queue.popleft()

    def _resolve(self, item, disconnect_on_error):
        """Answer a Blocked reply (waiting as long as socket_timeout allows) or run a
        command that was queued behind one."""
        self._waiting -= 1
        if type(item) is _Deferred:
            reply = self.engine.execute(self._session, item.argv)
            if _Blocked is None or type(reply) is not _Blocked:
                before = len(self._queue)
                self._enqueue(reply)
                # _enqueue appended at the tail; this reply belongs at the head
                self._queue.rotate(len(self._queue) - before)
                return _SENTINEL
            item = reply
        try:
            reply = item.wait(self.socket_timeout)
        except TimeoutError:
            # still parked after socket_timeout: a socket read would have timed out,
            # and redis-py drops such a connection (its session unblocks with it)
            item.cancel()
            if disconnect_on_error:
                self.disconnect()
            raise _TimeoutError("Timeout reading from socket") from None
        return self._convert(reply)


def _reencode(v, encoder):
    """NEVER_DECODE replies on a decode_responses client: give the raw bytes back."""
    if isinstance(v, str):
        return v.encode(encoder.encoding, encoder.encoding_errors)
    if isinstance(v, list):
        return [_reencode(x, encoder) for x in v]
    if isinstance(v, dict):
        return {_reencode(k, encoder): _reencode(x, encoder) for k, x in v.items()}
    return v


def _parse_raw(data) -> list:
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


class EngineConnectionPool(ConnectionPool):
    """redis-py's pool handing out EngineConnections; lean get/release on the hot path."""

    def __init__(self, engine: Engine | None = None, **kwargs):
        kwargs.pop("connection_class", None)
        if MaintNotificationsConfig is not None:
            kwargs["maint_notifications_config"] = MaintNotificationsConfig(enabled=False)
        self.engine = engine if engine is not None else Engine()
        super().__init__(connection_class=EngineConnection, engine=self.engine, **kwargs)

    def get_connection(self, command_name=None, *keys, **options):
        with self._lock:
            try:
                conn = self._available_connections.pop()
            except IndexError:
                conn = self.make_connection()
            self._in_use_connections.add(conn)
        try:
            if conn._session is None:
                conn.connect()
            elif conn._queue:
                # leftovers from an abandoned exchange: start a fresh session, as a
                # real pool reconnects a socket that still has data
                conn.disconnect()
                conn.connect()
        except BaseException:
            self.release(conn)
            raise
        return conn

    def release(self, connection) -> None:
        with self._lock:
            try:
                self._in_use_connections.remove(connection)
            except KeyError:
                return
            if connection.should_reconnect():
                connection.disconnect()
            self._available_connections.append(connection)

    def make_connection(self):
        if self._created_connections >= self.max_connections:
            raise redis.exceptions.MaxConnectionsError("Too many connections")
        self._created_connections += 1
        return self.connection_class(**self.connection_kwargs)


# Redis() keywords that configure connections (the rest configure the client itself).
_POOL_KWARGS = _CONN_KWARGS | {"max_connections", "lib_name", "lib_version"}
_CLIENT_KWARGS = {"single_connection_client", "event_dispatcher"}


def _split_kwargs(kwargs: dict) -> tuple[dict, dict]:
    pool_kw, client_kw = {}, {}
    for k, v in kwargs.items():
        if k in _CLIENT_KWARGS:
            client_kw[k] = v
        elif k in _POOL_KWARGS:
            pool_kw[k] = v
    if "retry_on_error" in pool_kw and not pool_kw["retry_on_error"]:
        pool_kw.pop("retry_on_error")
    return pool_kw, client_kw


class Redis(redis.Redis):
    """A ``redis.Redis`` talking to an in-process engine instead of a server.

    ``Redis()`` gets a fresh Engine; ``Redis(engine)`` shares one (several clients,
    several threads). Other keyword arguments are redis-py's; socket ones are ignored.
    """

    def __init__(self, engine: Engine | None = None, **kwargs):
        pool = kwargs.pop("connection_pool", None)
        pool_kw, client_kw = _split_kwargs(kwargs)
        own_pool = pool is None
        if own_pool:
            pool = EngineConnectionPool(engine, **pool_kw)
        super().__init__(connection_pool=pool, **client_kw)
        self.auto_close_connection_pool = own_pool

    @property
    def engine(self) -> Engine:
        return self.connection_pool.engine

    @classmethod
    def from_url(cls, url: str = "redis://localhost:6379/0", engine: Engine | None = None, **kwargs):
        """Accept a redis:// URL for its db, credentials and query options."""
        opts = redis.connection.parse_url(url)
        opts.update(kwargs)
        return cls(engine, **opts)

    def execute_command(self, *args, **options):
        # redis-py's version adds retries, metrics and tracing around a socket; none
        # of that applies in-process, and it would cost more than the command itself.
        pool = self.connection_pool
        conn = self.connection
        if conn is not None:
            with self.single_connection_lock:
                conn.send_command(*args)
                return self.parse_response(conn, args[0], **options)
        conn = pool.get_connection()
        try:
            conn.send_command(*args)
            return self.parse_response(conn, args[0], **options)
        finally:
            pool.release(conn)

    def parse_response(self, connection, command_name, **options):
        if (type(connection) is EngineConnection and connection._queue
                and _NEVER_DECODE not in options and _EMPTY_RESPONSE not in options):
            # fast path: the reply is already converted and waiting (errors, pushes
            # and blocked replies take redis-py's ordinary path below)
            q = connection._queue
            response = q[0]
            t = type(response)
            if t is bytes or t is int or response is None or t is list or t is str or t is dict:
                q.popleft()
                options.pop("keys", None)
                cb = self.response_callbacks.get(command_name)
                return cb(response, **options) if cb is not None else response
        return super().parse_response(connection, command_name, **options)


StrictRedis = Redis
