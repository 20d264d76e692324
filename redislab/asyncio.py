"""``redislab.asyncio.Redis()``: a real ``redis.asyncio.Redis`` on an in-process engine.

Same idea as redislab/client.py (argv straight to Engine.execute, replies queued
already converted; the shared parts are in redislab/inproc.py), with the waits made
awaitable: pushes from other threads wake the loop through call_soon_threadsafe,
and a blocked command (BLPOP...) is waited for in a worker thread so the event
loop keeps running.
"""
from __future__ import annotations

import asyncio
import inspect
import math
from collections import deque

import redis.asyncio as aredis
from redis.asyncio.connection import AbstractConnection, ConnectionPool
from redis.exceptions import ConnectionError as _ConnError
from redis.exceptions import TimeoutError as _TimeoutError

from .engine import Engine
from .inproc import (CLOSED as _CLOSED, Blocked as _Blocked, Deferred as _Deferred, EngineClientMixin,
                     EngineConnectionMixin,
                     EngineConnectionPoolMixin, Packed as _Packed, PushFrame as _PushFrame,
                     parse_raw as _parse_raw, reencode as _reencode)

_CONN_KWARGS = set(inspect.signature(AbstractConnection.__init__).parameters) - {"self"}
# Queue items read_response cannot just hand back: they need the slow path (_next).
_SLOW_ITEMS = frozenset(t for t in (_PushFrame, _Deferred, _Blocked) if t is not None)
_NOTHING = object()


class EngineConnection(EngineConnectionMixin, AbstractConnection):
    """An asyncio connection = one engine Session."""

    def __init__(self, engine: Engine | None = None, **kwargs):
        self.engine = engine if engine is not None else Engine()
        kwargs = {k: v for k, v in kwargs.items() if k in _CONN_KWARGS}
        self._session = None
        self._queue: deque = deque()
        self._waiting = 0            # Blocked or Deferred items in the queue
        self._loop = None
        self._arrived: asyncio.Event | None = None
        super().__init__(**kwargs)
        self._setup_converter()

    @property
    def is_connected(self):
        return self._session is not None

    async def _connect(self):  # pragma: no cover - connect() below opens no socket
        pass

    async def connect(self):
        await self.connect_check_health()

    async def connect_check_health(self, check_health: bool = True, retry_socket_connect: bool = True):
        if self._session is not None:
            return
        self._loop = asyncio.get_running_loop()
        self._arrived = asyncio.Event()
        s = self.engine.session("inproc", addr="127.0.0.1:0", laddr="127.0.0.1:6379")
        s.push = self._on_push
        self._session = s
        try:
            if self.redis_connect_func is None:
                await self.on_connect_check_health(check_health=False)
            else:
                await self.redis_connect_func(self)
        except aredis.RedisError:
            await self.disconnect()
            raise
        for ref in list(self._connect_callbacks):
            cb = ref()
            if cb is not None:
                res = cb(self)
                if inspect.isawaitable(res):
                    await res

    async def on_connect_check_health(self, check_health: bool = True) -> None:
        # the parser's on_connect expects a stream; ours only needs the encoder
        self._parser.on_connect = lambda conn: setattr(self._parser, "encoder", conn.encoder)
        await super().on_connect_check_health(check_health=check_health)

    async def disconnect(self, nowait: bool = False, **kwargs) -> None:
        s, self._session = self._session, None
        self._queue.clear()
        self._waiting = 0
        if self._arrived is not None:
            self._arrived.set()
        if s is not None:
            s.push = None
            s.close()

    def _close(self):
        s, self._session = self._session, None
        if s is not None:
            s.close()

    async def check_health(self):
        pass

    # ----------------------------------------------------------- sending
    async def send_command(self, *args, **kwargs) -> None:
        if self._session is None:
            await self.connect()
        self._submit(self._argv(args))

    async def send_packed_command(self, command, check_health: bool = True) -> None:
        if self._session is None:
            await self.connect()
        if isinstance(command, _Packed) and len(command) > 1:
            self._submit_many(command)     # a pipeline or transaction: one engine hold
            return
        for argv in (command if isinstance(command, _Packed) else _parse_raw(command)):
            self._submit(argv)

    def _submit(self, argv) -> None:
        if self._waiting:
            # Behind a blocked command, as a server holds it in the input buffer.
            self._queue.append(_Deferred(argv))
            self._waiting += 1
            return
        reply = self.engine.execute(self._session, argv)
        self._enqueue(reply)

    def _enqueue_blocked(self, reply) -> None:
        self._queue.append(reply)
        self._waiting += 1

    def _on_push(self, msg) -> None:
        self._queue.append(self._push_item(msg))
        loop, ev = self._loop, self._arrived
        if loop is not None and ev is not None and not loop.is_closed():
            loop.call_soon_threadsafe(ev.set)

    # ----------------------------------------------------------- reading
    async def can_read_destructive(self) -> bool:
        return bool(self._queue)

    async def can_read(self) -> bool:
        return bool(self._queue)

    async def read_response(self, disable_decoding: bool = False, timeout: float | None = None, *,
                            disconnect_on_error: bool = True, push_request: bool | None = False):
        q = self._queue
        if q and type(q[0]) not in _SLOW_ITEMS:
            # A reply already queued (every reply of a pipeline but a blocked one's):
            # no wait_for, whose task and timer cost far more than the command did.
            item = q.popleft()
        else:
            item = await self._wait_response(timeout, disconnect_on_error, push_request)
            if item is _NOTHING:
                return None
        if disable_decoding and self.encoder.decode_responses:
            item = _reencode(item, self.encoder)
        if isinstance(item, Exception):
            raise item from None
        return item

    async def _wait_response(self, timeout, disconnect_on_error, push_request):
        if timeout == math.inf:
            limit = None
        else:
            limit = timeout if timeout is not None else self.socket_timeout
        try:
            if limit is None:
                return await self._next(push_request)
            return await asyncio.wait_for(self._next(push_request), limit)
        except asyncio.TimeoutError:
            if timeout is not None:
                return _NOTHING    # a caller-chosen timeout just means "nothing yet"
            if disconnect_on_error:
                await self.disconnect()
            raise _TimeoutError("Timeout reading from socket") from None

    async def _next(self, push_request):
        q = self._queue
        while True:
            while not q:
                if self._session is None:
                    raise _ConnError(_CLOSED)
                self._arrived.clear()
                if q:
                    break
                await self._arrived.wait()
            item = q.popleft()
            t = type(item)
            if t is _PushFrame:
                handled = await self._parser.handle_push_response(item.value)
                if push_request:
                    return handled
                continue
            if t is _Deferred:
                self._waiting -= 1
                reply = self.engine.execute(self._session, item.argv)
                before = len(q)
                self._enqueue(reply)
                q.rotate(len(q) - before)      # its reply (or its block) comes next
                continue
            if _Blocked is not None and t is _Blocked:
                self._waiting -= 1
                try:
                    reply = await item.wait_async(self.socket_timeout)
                except TimeoutError:
                    item.cancel()
                    await self.disconnect()
                    raise _TimeoutError("Timeout reading from socket") from None
                return self._convert(reply)
            return item


class EngineConnectionPool(EngineConnectionPoolMixin, ConnectionPool):
    engine_connection = EngineConnection


class Redis(EngineClientMixin, aredis.Redis):
    """A ``redis.asyncio.Redis`` on an in-process engine (fresh unless given)."""

    engine_pool = EngineConnectionPool


StrictRedis = Redis
