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

import threading
import time
from collections import deque

import redis
from redis.connection import AbstractConnection, ConnectionPool
from redis.exceptions import ConnectionError as _ConnError
from redis.exceptions import TimeoutError as _TimeoutError

from .engine import Engine
from .inproc import (CLOSED as _CLOSED, CONN_KWARGS as _CONN_KWARGS, Blocked as _Blocked,
                     Deferred as _Deferred, EngineClientMixin, EngineConnectionMixin, EngineConnectionPoolMixin, Packed as _Packed,
                     PushFrame as _PushFrame, parse_raw as _parse_raw, reencode as _reencode)

_SENTINEL = object()
_NEVER_DECODE = getattr(redis.client, "NEVER_DECODE", "NEVER_DECODE")
_EMPTY_RESPONSE = getattr(redis.client, "EMPTY_RESPONSE", "EMPTY_RESPONSE")


class EngineConnection(EngineConnectionMixin, AbstractConnection):
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

    def _connect(self):  # pragma: no cover - connect() below never opens a socket
        return self

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
    def send_command(self, *args, **kwargs):
        if self._session is None:
            self.connect()
        self._submit(self._argv(args))

    def send_packed_command(self, command, check_health=True):
        if self._session is None:
            self.connect()
        if isinstance(command, _Packed):
            if len(command) > 1:
                self._submit_many(command)
            else:
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

    def _enqueue_blocked(self, reply) -> None:
        self._queue.append(reply)
        self._waiting += 1

    def _on_push(self, msg) -> None:
        """session.push: an out-of-band message, possibly from another thread."""
        item = self._push_item(msg)
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


class EngineConnectionPool(EngineConnectionPoolMixin, ConnectionPool):
    """redis-py's pool handing out EngineConnections; lean get/release on the hot path."""

    engine_connection = EngineConnection

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


class Redis(EngineClientMixin, redis.Redis):
    """A ``redis.Redis`` talking to an in-process engine instead of a server.

    ``Redis()`` gets a fresh Engine; ``Redis(engine)`` shares one (several clients,
    several threads). Other keyword arguments are redis-py's; socket ones are ignored.
    """

    engine_pool = EngineConnectionPool

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
