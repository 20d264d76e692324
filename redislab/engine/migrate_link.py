"""Where MIGRATE sends its RESTOREs: another node of the same simulated cluster, in
process, or any Redis over a socket.

MIGRATE is the one command whose meaning is I/O: Redis itself blocks while it talks
to the target. The handler stays free of sockets (house rule 2) by handing its
requests to ``deliver``. A target that is a node of this engine's simulated cluster
(every `redislab serve --cluster` node lives in one process, often on one event
loop) is reached by calling its engine directly, since a socket to it could only be
answered once this command returned; anything else gets a blocking socket with the
command's timeout, as Redis does. The server runs MIGRATE on a worker thread
(registry.LONG_RUNNING), so the event loop keeps serving meanwhile.
"""
from __future__ import annotations

import socket

from ..errors import RedisError
from ..protocol.resp import encode_command

IO_WRITE = "IOERR error or timeout writing to target instance"
IO_READ = "IOERR error or timeout reading to target instance"


def deliver(engine, host: bytes, port: bytes, timeout_ms: int, requests: list) -> list:
    """Send ``requests`` (argv lists) to host:port in order; their replies, each a
    value or a RedisError. Raises RedisError(IOERR ...) when the target cannot be
    reached or does not answer within ``timeout_ms``."""
    node = _cluster_node(engine, host, port)
    if node is not None:
        return _in_process(node.engine, timeout_ms, requests)
    return _over_socket(host, port, timeout_ms, requests)


def _cluster_node(engine, host: bytes, port: bytes):
    from ..cluster.cluster import view_of

    view = view_of(engine)
    if view is None:
        return None
    h = host.decode("latin-1")
    for n in view.topology.nodes:
        if str(n.port).encode() == port and n.host in (h, "") and n.engine is not engine \
                and n.engine is not None and not n.failed:
            return n
    return None


def _in_process(target, timeout_ms: int, requests: list) -> list:
    # A bounded wait, so two nodes migrating to each other at once cannot deadlock.
    if not target.lock.acquire(timeout=timeout_ms / 1000):
        raise RedisError(IO_WRITE)
    try:
        s = target.session("tcp", addr="127.0.0.1:0")
        try:
            return [target.execute_held(s, list(argv)) for argv in requests]
        finally:
            s.close()
    finally:
        target.lock.release()


def _over_socket(host: bytes, port: bytes, timeout_ms: int, requests: list) -> list:
    try:
        p = int(port)
    except ValueError:
        p = 0                           # Redis reads the port with atoi: garbage is 0
    t = timeout_ms / 1000
    try:
        sock = socket.create_connection((host.decode("latin-1"), p), timeout=t)
    except (OSError, OverflowError, UnicodeError):
        raise RedisError(IO_WRITE) from None   # Redis connects without waiting; the write reports it
    try:
        try:
            sock.sendall(b"".join(encode_command(*argv) for argv in requests))
        except OSError:
            raise RedisError(IO_WRITE) from None
        reader = _Replies(sock)
        try:
            return [reader.next() for _ in requests]
        except (OSError, ValueError):
            raise RedisError(IO_READ) from None
    finally:
        sock.close()


class _Replies:
    """Just enough of RESP2 to read what RESTORE, SELECT and AUTH answer."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def _line(self) -> bytes:
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ValueError("closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def next(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode("utf-8", "replace")
        if kind == b"-":
            return RedisError(rest.decode("utf-8", "replace"))
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            while len(self.buf) < n + 2:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise ValueError("closed")
                self.buf += chunk
            data, self.buf = self.buf[:n], self.buf[n + 2:]
            return data
        raise ValueError(f"unexpected reply {line[:20]!r}")
