"""The asyncio RESP2/RESP3 server behind ``redislab serve``.

``Server`` listens and owns the per-connection protocols; it also runs the engine's
periodic work (active expiry, at ``hz`` times a second, like Redis's serverCron) and
hangs up on clients that CLIENT KILL closed or that idled past ``timeout``.
``ServerThread`` runs a Server on its own event loop in a background thread, so a
program (or a test) can serve the same Engine over TCP and use it in-process at once.
"""
from __future__ import annotations

import asyncio
import gc
import logging
import threading

from ..engine import Engine
from .connection import Connection

log = logging.getLogger("redislab.server")


class Server:
    def __init__(self, engine: Engine | None = None, host: str = "127.0.0.1", port: int = 6379):
        self.engine = engine if engine is not None else Engine()
        self.host = host
        self.port = port
        self.loop: asyncio.AbstractEventLoop | None = None
        self.thread_id: int | None = None
        self.dirty: list = []               # connections with replies queued this turn
        self.conns: dict[int, Connection] = {}    # session id -> connection
        self._srv = None
        self._cron_handle = None
        self.stopping = False

    # ----------------------------------------------------------- lifecycle
    async def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.thread_id = threading.get_ident()
        self._srv = await self.loop.create_server(
            lambda: Connection(self), self.host, self.port, reuse_address=True, backlog=511)
        self.port = self._srv.sockets[0].getsockname()[1]
        # CONFIG GET port, INFO's tcp_port and REPLICAOF's REPLCONF listening-port say
        # where this engine is served, as redis-server's do.
        self.engine.config.values["port"] = self.port
        hooks = self.engine.extensions.get("on_close")
        if hooks is None:
            hooks = self.engine.extensions["on_close"] = []
        hooks.append(self._on_session_close)
        self._schedule_cron()

    async def stop(self) -> None:
        if self._srv is None:
            return
        self.stopping = True
        if self._cron_handle is not None:
            self._cron_handle.cancel()
            self._cron_handle = None
        # Stop accepting first, and let connections accepted a moment ago finish their
        # setup (they are hung up in _attach): asyncio leaks a socket that is accepted
        # but not yet wrapped in a transport when Server.close() runs.
        for sock in self._srv.sockets:
            self.loop.remove_reader(sock.fileno())
        for _ in range(3):
            await asyncio.sleep(0.01)
            for conn in list(self.conns.values()):
                conn.hangup()
        self._srv.close()
        await asyncio.sleep(0)
        await self._srv.wait_closed()
        hooks = self.engine.extensions.get("on_close")
        if hooks and self._on_session_close in hooks:
            hooks.remove(self._on_session_close)
        self._srv = None
        self.stopping = False

    async def serve_forever(self) -> None:
        if self._srv is None:
            await self.start()
        try:
            await self._srv.serve_forever()
        finally:
            await self.stop()

    # ----------------------------------------------------------- clients
    def flush(self) -> None:
        """Write what each connection queued this turn (see ``Connection._send``)."""
        dirty, self.dirty = self.dirty, []
        for conn in dirty:
            if conn.transport is not None and not conn.transport.is_closing():
                conn._flush()
            else:
                conn.pending = None

    def _attach(self, conn: Connection) -> None:
        self.conns[conn.session.id] = conn
        if self.stopping:
            conn.hangup()

    def _detach(self, conn: Connection) -> None:
        self.conns.pop(conn.session.id, None)

    def _on_session_close(self, s) -> None:
        # engine.close_session hook: CLIENT KILL (from any thread) ends the TCP side too.
        conn = self.conns.get(s.id)
        if conn is None or self.loop is None:
            return
        if threading.get_ident() == self.thread_id:
            conn.hangup()
        else:
            self.loop.call_soon_threadsafe(conn.hangup)

    # -------------------------------------------------------------- cron
    def _schedule_cron(self) -> None:
        hz = max(1, min(500, int(self.engine.config.values.get("hz", 10))))
        self._cron_handle = self.loop.call_later(1.0 / hz, self._cron)

    def _cron(self) -> None:
        try:
            self.engine.cron(wait=False)
            self._reap()
        except Exception:                   # the server outlives any bug in periodic work
            log.exception("engine cron failed")
        if self._srv is not None:
            self._schedule_cron()

    def _reap(self) -> None:
        timeout_s = self.engine.config.values.get("timeout", 0)
        now = self.engine.clock.time_ms() if timeout_s else 0
        for conn in list(self.conns.values()):
            s = conn.session
            if s.closed:
                conn.hangup()
            elif timeout_s and conn.parked is None and not s.subscriptions and not s.monitor \
                    and now - s.last_ms > timeout_s * 1000:
                conn.hangup()


class ServerThread:
    """A Server on its own loop in a daemon thread: ``with ServerThread(engine) as st: st.port``."""

    def __init__(self, engine: Engine | None = None, host: str = "127.0.0.1", port: int = 0):
        self.server = Server(engine, host, port)
        self.engine = self.server.engine
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._stop_event: asyncio.Event | None = None

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def host(self) -> str:
        return self.server.host

    def start(self, timeout: float = 10.0) -> "ServerThread":
        self._thread = threading.Thread(target=self._main, name="redislab-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise RuntimeError("redislab server did not start")
        if self._error is not None:
            raise self._error
        return self

    def _main(self) -> None:
        try:
            asyncio.run(self._amain())
        except BaseException as e:          # reported to start() if it failed early
            self._error = e
            self._ready.set()

    async def _amain(self) -> None:
        self._stop_event = asyncio.Event()
        await self.server.start()
        self._ready.set()
        try:
            await self._stop_event.wait()
        finally:
            await self.server.stop()

    def stop(self, timeout: float = 10.0) -> None:
        loop = self.server.loop
        if self._thread is None:
            return
        if loop is not None and self._stop_event is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self._stop_event.set)
            except RuntimeError:
                pass                        # loop already gone
        self._thread.join(timeout)
        self._thread = None

    def __enter__(self) -> "ServerThread":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def serve(engine: Engine | None = None, host: str = "127.0.0.1", port: int = 6379,
          on_ready=None) -> bool:
    """Serve ``engine`` over RESP until interrupted (Ctrl-C) or told to SHUTDOWN (then
    True). ``on_ready(server)`` is called once the port is listening (the CLI prints
    its banner there)."""

    async def main() -> None:
        server = Server(engine, host, port)
        await server.start()
        # SHUTDOWN ends this process's serving, as it ends redis-server.
        stopped = asyncio.Event()
        server.engine.extensions["shutdown"] = lambda: server.loop.call_soon_threadsafe(stopped.set)
        # Everything loaded so far (commands, modules, config) lives as long as the
        # process: keep it out of the collector's generations so full collections
        # triggered by client traffic do not walk it again and again.
        gc.collect()
        gc.freeze()
        if on_ready is not None:
            on_ready(server)
        forever = asyncio.ensure_future(server.serve_forever())
        waiter = asyncio.ensure_future(stopped.wait())
        await asyncio.wait({forever, waiter}, return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        forever.cancel()
        try:
            await forever
        except asyncio.CancelledError:
            pass
        await server.stop()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        return False
    return True
