"""Blocking commands park the caller, never the engine (house rule 6).

How it fits together (Redis 7.2+ model, where a woken command is run again):

1. A blocking handler (BLPOP, BZPOPMIN, XREAD BLOCK, ...) first tries its
   ``attempt()`` (a no-argument callable giving the reply, or None while there is
   nothing to serve). If that gives None it calls :func:`block`, which records a
   :class:`Blocked` in a FIFO per (db, key) and returns it as the handler's reply. ``Engine.execute`` hands it to the front end,
   which waits on it with :meth:`Blocked.wait` (threads) or
   :meth:`Blocked.wait_async` (asyncio); the engine lock is not held meanwhile.
2. Every write ends in ``Db.modified(key)``; when someone blocks on that key the
   keyspace calls :meth:`BlockingManager.signal`, which queues the key once on
   ``engine.ready_keys``.
3. After the command (after the whole EXEC or script, as in Redis) ``Engine.call``
   runs :meth:`BlockingManager.serve_ready`: for each ready key, the clients blocked
   on it are retried in arrival order, but only if the key now holds the type they
   wait for. A retry runs ``attempt()`` again (Redis 7.2+ re-runs the command); if it
   still gives None the client goes to the back of the queues with its original
   deadline. Writes done by a retry
   (BLMOVE's push) make further keys ready and are served in the same pass.
4. Deadlines run on the engine clock: a cron hook times clients out (so a
   VirtualClock advance delivers the timeout reply), and with a real clock the
   waiting thread or coroutine also times itself out.
"""
from __future__ import annotations

import asyncio
import heapq
import itertools
import math
import re
import threading
import time

from .. import errors
from ..errors import RedisError
from .args import INT64_MAX, to_float, to_int
from .keyspace import type_name

_seq = itertools.count()
_HEX_FLOAT = re.compile(rb"[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?")


# ------------------------------------------------------------------ timeouts

def _parse_seconds(raw: bytes) -> float:
    # Redis reads the timeout with strtold, which also takes C99 hex floats ("0x10").
    try:
        return to_float(raw, errors.TIMEOUT_NOT_FLOAT)
    except RedisError:
        if _HEX_FLOAT.fullmatch(raw) is None:
            raise
        body = raw.lstrip(b"+-")
        v = float.fromhex(body.decode())
        return -v if raw[:1] == b"-" else v


def parse_timeout(raw: bytes, s=None, unit_ms: bool = False) -> float:
    """Seconds to wait (0.0 = forever) for a timeout argument, with Redis 7.4's errors.
    Seconds are a double rounded up to whole ms (Redis 7.2+); ``unit_ms`` reads an
    integer number of milliseconds (XREAD/XREADGROUP BLOCK). With the session ``s``
    the deadline overflow check ("timeout is out of range") is made too."""
    now = s.engine.clock.time_ms() if s is not None else 0
    if unit_ms:
        ms = to_int(raw, errors.TIMEOUT_NOT_INT)
    else:
        ms = _parse_seconds(raw) * 1000.0
        if ms > INT64_MAX:
            raise RedisError(errors.TIMEOUT_OUT_OF_RANGE)
        ms = -1 if ms == -math.inf else math.ceil(ms)
    if ms < 0:
        raise RedisError(errors.TIMEOUT_NEGATIVE)
    if ms and ms > INT64_MAX - now:
        raise RedisError(errors.TIMEOUT_OUT_OF_RANGE)
    return ms / 1000.0


# ------------------------------------------------------------------- Blocked

class Blocked:
    """A command waiting for data. The front end that got it waits on it; any thread
    may resolve it. ``reply`` holds the final reply once ``done``."""

    __slots__ = ("manager", "session", "db", "keys", "btype", "deadline", "timeout_reply",
                 "attempt", "unblock_on_nokey", "seq", "reply", "done", "cancelled",
                 "argv", "_event", "_lock", "_callbacks")

    def __init__(self, manager, s, keys, deadline, timeout_reply, attempt, btype, nokey):
        self.manager = manager
        self.session = s
        self.db = s.db
        self.keys = list(dict.fromkeys(keys))     # BLPOP k k waits once per key
        self.btype = btype
        self.deadline = deadline
        self.timeout_reply = timeout_reply
        self.attempt = attempt
        self.unblock_on_nokey = nokey
        self.seq = next(_seq)
        self.reply = None
        self.done = False
        self.cancelled = False
        self.argv = None          # a command held by CLIENT PAUSE (engine/pause.py): run it at the deadline
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks = []

    def __repr__(self):
        state = "done" if self.done else "waiting"
        return f"<Blocked {state} client={self.session.id} keys={self.keys!r}>"

    def become(self, other: "Blocked") -> None:
        """Take over what ``other`` waits for (a held command that, run at last,
        blocked on keys): whoever waits on this one goes on waiting, for that."""
        for name in ("db", "keys", "btype", "deadline", "timeout_reply", "attempt",
                     "unblock_on_nokey", "argv"):
            setattr(self, name, getattr(other, name))
        other.done = True         # its heap entry, if any, is skipped

    def _finish(self, reply, cancelled: bool = False) -> None:
        with self._lock:
            if self.done:
                return
            self.reply = reply
            self.cancelled = cancelled
            self.done = True
            callbacks, self._callbacks = self._callbacks, []
        self._event.set()
        for cb in callbacks:
            cb()

    def _self_timed(self) -> bool:
        # A virtual clock only moves when told to; its advance times clients out via cron.
        return bool(self.deadline) and not getattr(self.manager.engine.clock, "virtual", False)

    def _seconds_left(self) -> float:
        return (self.deadline - self.manager.engine.clock.time_ms()) / 1000.0

    def wait(self, timeout: float | None = None):
        """Block this thread until the reply is there and return it (None if cancelled).
        ``timeout`` bounds the real time spent here: TimeoutError when it runs out
        (the command stays blocked; call again or cancel)."""
        end = None if timeout is None else time.monotonic() + timeout
        while not self._event.is_set():
            slice_ = None
            if self._self_timed():
                left = self._seconds_left()
                if left <= 0:
                    self.manager.expire_if_due(self)
                    continue
                slice_ = left
            if end is not None:
                rest = end - time.monotonic()
                if rest <= 0:
                    raise TimeoutError("still blocked")
                slice_ = rest if slice_ is None else min(slice_, rest)
            self._event.wait(slice_)
        return self.reply

    async def wait_async(self, timeout: float | None = None):
        """Await the reply without blocking the event loop (None if cancelled)."""
        loop = asyncio.get_running_loop()
        fut = loop.create_future()

        def settle():
            if not fut.done():
                fut.set_result(None)

        def deliver():
            loop.call_soon_threadsafe(settle)

        with self._lock:
            if not self.done:
                self._callbacks.append(deliver)
        if self.done:
            return self.reply
        end = None if timeout is None else loop.time() + timeout
        try:
            while not fut.done():
                slice_ = None
                if self._self_timed():
                    left = self._seconds_left()
                    if left <= 0:
                        self.manager.expire_if_due(self)
                        await asyncio.sleep(0)
                        continue
                    slice_ = left
                if end is not None:
                    rest = end - loop.time()
                    if rest <= 0:
                        raise TimeoutError("still blocked")
                    slice_ = rest if slice_ is None else min(slice_, rest)
                try:
                    await asyncio.wait_for(asyncio.shield(fut), slice_)
                except asyncio.TimeoutError:
                    pass
        finally:
            with self._lock:
                if deliver in self._callbacks:
                    self._callbacks.remove(deliver)
        return self.reply

    def cancel(self) -> bool:
        """Stop waiting (client gone, caller gave up). False if the reply already came."""
        return self.manager.cancel(self)


# ------------------------------------------------------------------- manager

class BlockingManager:
    """Per-engine registry of blocked clients. All methods run under the engine lock
    except where noted."""

    def __init__(self, engine):
        self.engine = engine
        ks = engine.keyspace
        self.waiting: dict = ks.blocked_keys          # (dbid, key) -> [Blocked, ...] FIFO
        self.by_client: dict = {}                     # session id -> Blocked
        self._ready: set = set()                      # (dbid, key) already on engine.ready_keys
        self._deadlines: list = []                    # heap of (deadline, seq, Blocked)
        ks.on_key_ready = self.signal
        engine.extensions.setdefault("cron", []).append(self.cron)
        engine.extensions.setdefault("on_close", []).append(self.on_close)

    # ------------------------------------------------------------ parking
    def add(self, b: Blocked, requeue: bool = False) -> None:
        dbid = b.db.id
        for key in b.keys:
            q = self.waiting.get((dbid, key))
            if q is None:
                self.waiting[(dbid, key)] = [b]
            else:
                q.append(b)
        self.by_client[b.session.id] = b
        b.session.blocked = b
        if b.deadline and not requeue:    # a re-queued client keeps its heap entry
            heapq.heappush(self._deadlines, (b.deadline, b.seq, b))

    def _detach(self, b: Blocked) -> None:
        dbid = b.db.id
        for key in b.keys:
            q = self.waiting.get((dbid, key))
            if q is not None:
                try:
                    q.remove(b)
                except ValueError:
                    pass
                if not q:
                    del self.waiting[(dbid, key)]
        if self.by_client.get(b.session.id) is b:
            del self.by_client[b.session.id]
        if b.session.blocked is b:
            b.session.blocked = None

    # ------------------------------------------------------------ waking
    def signal(self, db, key) -> None:
        """A key someone waits on was written (called from Db.modified)."""
        k = (db.id, key)
        if k in self.waiting and k not in self._ready:
            self._ready.add(k)
            self.engine.ready_keys.append((db, key))

    signal_ready = signal      # explicit wake-up for writers that bypass Db.modified

    def signal_db(self, db) -> None:
        """Every waited-on key of ``db`` may have changed (SWAPDB, FLUSHDB)."""
        for dbid, key in list(self.waiting):
            if dbid == db.id:
                self.signal(db, key)

    def serve_ready(self) -> None:
        eng = self.engine
        with eng.lock:
            while eng.ready_keys:
                batch, eng.ready_keys = eng.ready_keys, []
                for db, key in batch:
                    self._ready.discard((db.id, key))
                    self._serve_key(db, key)

    def _serve_key(self, db, key) -> None:
        q = self.waiting.get((db.id, key))
        if not q:
            return
        # Only those waiting now: a retry that blocks again joins the back of the queue.
        for b in list(q):
            if b.done or b.session.blocked is not b:
                continue
            v = db.data.get(key)
            if v is not None:
                when = db.expires.get(key)
                if when is not None and when < db.ks.now_ms():
                    v = None
            if (v is not None and (b.btype is None or type_name(v) == b.btype)) or b.unblock_on_nokey:
                self._retry(b)

    def _retry(self, b: Blocked) -> None:
        self._detach(b)
        try:
            reply = b.attempt()
        except RedisError as e:
            reply = e
        if reply is None:        # still nothing: back of the queues, same deadline
            self.add(b, requeue=True)
            return
        b._finish(reply)

    # ----------------------------------------------------------- timeouts
    def cron(self, now_ms: int) -> None:
        h = self._deadlines
        while h and h[0][0] <= now_ms:
            _, _, b = heapq.heappop(h)
            # A held command that blocked later has a new deadline (Blocked.become).
            if not b.done and b.deadline and b.deadline <= now_ms:
                self._time_out(b)

    def _time_out(self, b: Blocked) -> None:
        if b.argv is not None:
            from .pause import current

            current(self.engine)        # ends a pause that is due: every held command runs, oldest first
            if not b.done:
                self.run_parked(b)      # the pause was extended: run it and be held again
            return
        self._detach(b)
        b._finish(b.timeout_reply)

    def run_parked(self, b: Blocked) -> None:
        """Run a command CLIENT PAUSE held, through the whole pipeline (under the lock)."""
        if b.done:
            return
        self._detach(b)
        reply = self.engine.execute_held(b.session, b.argv)
        if type(reply) is Blocked:          # held again, or a BLPOP now waiting for its key
            self._detach(reply)
            b.become(reply)
            self.add(b)
        else:
            b._finish(reply)

    def expire_if_due(self, b: Blocked) -> None:
        """Time out ``b`` if its deadline passed (waiting threads call this; takes the lock)."""
        with self.engine.lock:
            if not b.done and b.deadline and self.engine.clock.time_ms() >= b.deadline:
                self._time_out(b)

    # ------------------------------------------------------------ leaving
    def cancel(self, b: Blocked) -> bool:
        with self.engine.lock:
            if b.done:
                return False
            self._detach(b)
            b._finish(None, cancelled=True)
            return True

    def on_close(self, s) -> None:
        b = self.by_client.get(s.id)
        if b is not None:
            self.cancel(b)

    def unblock(self, client_id: int, error: bool = False) -> bool:
        """CLIENT UNBLOCK: answer the timeout reply, or the UNBLOCKED error."""
        with self.engine.lock:
            b = self.by_client.get(client_id)
            if b is None or b.done or b.argv is not None:     # CLIENT PAUSE's hold is not a block
                return False
            self._detach(b)
            b._finish(RedisError(errors.UNBLOCKED) if error else b.timeout_reply)
            return True

    # -------------------------------------------------------------- stats
    def info(self) -> dict:
        nokey = sum(1 for q in self.waiting.values() if any(b.unblock_on_nokey for b in q))
        return {"blocked_clients": len(self.by_client), "total_blocking_keys": len(self.waiting),
                "total_blocking_keys_on_nokey": nokey}


# ------------------------------------------------------------------ handler API

def manager(engine) -> BlockingManager:
    m = engine.blocking
    if m is None:
        with engine.lock:
            if engine.blocking is None:
                engine.blocking = BlockingManager(engine)
            m = engine.blocking
    return m


def must_answer_now(s) -> bool:
    """Inside MULTI/EXEC and scripts a blocking command answers its timeout reply at once."""
    return s.no_block or s.in_exec or s.in_script


def block(s, keys, timeout: float, attempt, timeout_reply, *, btype: str | None = None,
          unblock_on_nokey: bool = False) -> Blocked:
    """Park ``s`` on ``keys`` and return the Blocked the handler must return.

    ``timeout`` is in seconds (0 = forever, see :func:`parse_timeout`); ``attempt()``
    is retried when a key gets data and gives the reply, or None to keep waiting;
    ``timeout_reply`` answers when time runs out. ``btype`` ("list", "zset",
    "stream") retries only when the key holds that type, as Redis does (None: any
    type); ``unblock_on_nokey`` also retries when the key is deleted (XREADGROUP)."""
    m = manager(s.engine)
    deadline = s.engine.clock.time_ms() + round(timeout * 1000) if timeout > 0 else 0
    b = Blocked(m, s, keys, deadline, timeout_reply, attempt, btype, unblock_on_nokey)
    with s.engine.lock:
        m.add(b)
    return b


def info(engine) -> dict:
    """Fields for INFO clients (zeros before anyone ever blocked)."""
    m = engine.blocking
    if m is None:
        return {"blocked_clients": 0, "total_blocking_keys": 0, "total_blocking_keys_on_nokey": 0}
    return m.info()
