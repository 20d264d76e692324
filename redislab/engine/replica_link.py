"""REPLICAOF: this engine as a replica of a Redis primary (a redis-server, or anything
that speaks the replication protocol).

A thread keeps the link, as a replica's replication cron does: it connects, does the
handshake (PING, AUTH with ``masterauth``, REPLCONF listening-port and capa, then
``PSYNC ? -1``), takes the full resynchronisation's RDB file (sized or, as a diskless
primary sends it, delimited by an EOF mark) and loads it in place of the data, then
applies the stream of commands the primary sends, counting its bytes as the
replication offset, answering REPLCONF GETACK and acknowledging every second. When
the link drops it reconnects every second and syncs again in full (no partial
resynchronisation). Like ``migrate_link`` it is the I/O behind a command: the
REPLICAOF handler only starts and stops it.
"""
from __future__ import annotations

import logging
import socket
import threading
import time

import hiredis

from ..protocol.resp import encode_command

log = logging.getLogger("redislab.replication")
READONLY = "READONLY You can't write against a read only replica."


class LinkError(Exception):
    pass


class ReplicaLink:
    def __init__(self, engine, host: str, port: int):
        self.engine = engine
        self.host, self.port = host, port
        self.state = "connect"          # connect, connecting, handshake, sync, connected
        self.offset = -1                # primary's offset of the last byte applied
        self.replid = "?"
        self.last_io = 0.0
        self.down_since = time.monotonic()
        self._stop = threading.Event()
        self._sock = None
        self._thread = threading.Thread(target=self._run, name=f"replica-of-{host}:{port}", daemon=True)

    # ------------------------------------------------------------- control
    def start(self) -> None:
        self._thread.start()

    def stop(self, wait: bool = True) -> None:
        """End the link. Called under the engine lock (REPLICAOF), nothing the primary
        sent is applied after this returns: ``_apply`` checks under that lock."""
        self._stop.set()
        sock = self._sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if wait and threading.current_thread() is not self._thread:
            self._thread.join(5)

    @property
    def up(self) -> bool:
        return self.state == "connected"

    # --------------------------------------------------------------- loop
    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._sync_and_follow()
            except (OSError, LinkError, ValueError, hiredis.ProtocolError) as e:
                if not self._stop.is_set():
                    log.info("replication link to %s:%s: %s", self.host, self.port, e)
            finally:
                if self._sock is not None:
                    self._sock.close()
                    self._sock = None
                if self.state == "connected":
                    self.down_since = time.monotonic()
                self.state = "connect"
            self._stop.wait(1.0)

    def _sync_and_follow(self) -> None:
        self.state = "connecting"
        sock = self._sock = socket.create_connection((self.host, self.port), timeout=10)
        reader = hiredis.Reader(notEnoughData=False)
        self.state = "handshake"
        cfg = self.engine.config.values
        if cfg.get("masterauth"):
            auth = [b"AUTH"] + ([cfg["masteruser"].encode()] if cfg.get("masteruser") else []) \
                + [cfg["masterauth"].encode()]
            self._ask(reader, auth)
        self._ask(reader, [b"PING"])
        self._ask(reader, [b"REPLCONF", b"listening-port", str(cfg.get("port", 6379)).encode()])
        self._ask(reader, [b"REPLCONF", b"capa", b"eof", b"capa", b"psync2"])
        sock.sendall(encode_command(b"PSYNC", b"?", b"-1"))
        line = self._line(sock, b"")
        rest = line[1]
        head = line[0]
        if not head.startswith(b"+FULLRESYNC "):
            raise LinkError(f"PSYNC answered {head[:80]!r}")
        _, replid, offset = head.split(b" ")
        self.state = "sync"
        rdb, rest = self._payload(sock, rest)
        from .persistence import restore

        restore(self.engine, rdb)
        self.replid, self.offset = replid.decode(), int(offset)
        self.state = "connected"
        self.last_io = time.monotonic()
        self._follow(sock, reader, rest)

    def _ask(self, reader, argv) -> None:
        self._sock.sendall(encode_command(*argv))
        reply = self._reply(reader)
        if isinstance(reply, hiredis.ReplyError) and not str(reply).startswith("NOAUTH"):
            raise LinkError(f"{argv[0].decode()} answered {reply}")

    def _reply(self, reader):
        while True:
            item = reader.gets()
            if item is not False:
                return item
            chunk = self._sock.recv(65536)
            if not chunk:
                raise LinkError("the primary closed the connection")
            reader.feed(chunk)

    def _line(self, sock, buf: bytes) -> tuple[bytes, bytes]:
        # The primary may send newlines as keep-alives before the RDB header.
        while True:
            while buf.startswith(b"\n"):
                buf = buf[1:]
            if b"\r\n" in buf:
                line, rest = buf.split(b"\r\n", 1)
                return line, rest
            chunk = sock.recv(65536)
            if not chunk:
                raise LinkError("the primary closed the connection during the handshake")
            buf += chunk

    def _payload(self, sock, buf: bytes) -> tuple[bytes, bytes]:
        header, buf = self._line(sock, buf)
        if not header.startswith(b"$"):
            raise LinkError(f"expected the RDB file, got {header[:40]!r}")
        if header.startswith(b"$EOF:"):
            mark = header[5:]
            while True:
                i = buf.find(mark)
                if i >= 0:
                    return buf[:i], buf[i + len(mark):]
                chunk = sock.recv(1 << 20)
                if not chunk:
                    raise LinkError("the primary closed the connection during the transfer")
                buf += chunk
        size = int(header[1:])
        while len(buf) < size:
            chunk = sock.recv(1 << 20)
            if not chunk:
                raise LinkError("the primary closed the connection during the transfer")
            buf += chunk
        return buf[:size], buf[size:]

    # ------------------------------------------------------------ streaming
    def _follow(self, sock, reader, rest: bytes) -> None:
        s = self.engine.session("replication", addr=f"{self.host}:{self.port}")
        try:
            if rest:
                reader.feed(rest)
            sock.settimeout(1.0)
            # At once: a diskless primary holds the stream until the first ACK.
            self._ack(sock)
            acked = time.monotonic()
            while not self._stop.is_set():
                item = reader.gets()
                while item is not False:
                    self._apply(s, item)
                    item = reader.gets()
                now = time.monotonic()
                if now - acked >= 1.0:            # a replica acknowledges once a second
                    self._ack(sock)
                    acked = now
                try:
                    chunk = sock.recv(65536)
                except socket.timeout:
                    continue
                if not chunk:
                    raise LinkError("the primary closed the connection")
                self.last_io = time.monotonic()
                reader.feed(chunk)
        finally:
            s.close()

    def _apply(self, s, argv) -> None:
        if not isinstance(argv, list) or not argv:
            raise LinkError(f"unexpected data in the replication stream: {argv!r}")
        name = argv[0].upper()
        if name == b"REPLCONF" and len(argv) > 1 and argv[1].upper() == b"GETACK":
            self._ack(self._sock)             # answered with the offset before this command
        elif name != b"PING":
            with self.engine.lock:
                if self._stop.is_set():
                    return
                self.engine.execute_held(s, argv)
        self.offset += len(encode_command(*argv))

    def _ack(self, sock) -> None:
        sock.sendall(encode_command(b"REPLCONF", b"ACK", str(self.offset).encode()))


def link_of(engine) -> ReplicaLink | None:
    return engine.extensions.get("replica_link")
