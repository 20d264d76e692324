"""Start Debian's redis-server on a free loopback port, and talk raw RESP to it."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RealRedis:
    """A throwaway redis-server process (no persistence) on 127.0.0.1."""

    def __init__(self, *extra: str):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise FileNotFoundError("redis-server")
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="redislab-oracle-")
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.dir, "--enable-debug-command", "yes",
             "--protected-mode", "no", *extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.02)
        self.stop()
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


class RawConn:
    """One raw RESP connection: send a command, read exactly one reply as bytes."""

    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buf = b""

    def close(self) -> None:
        self.sock.close()

    def send(self, *args) -> None:
        parts = [b"*%d\r\n" % len(args)]
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            parts.append(b"$%d\r\n%s\r\n" % (len(a), a))
        self.sock.sendall(b"".join(parts))

    def send_raw(self, data: bytes) -> None:
        self.sock.sendall(data)

    def command(self, *args) -> bytes:
        self.send(*args)
        return self.read_reply()

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        self.buf += chunk

    def _line(self, pos: int) -> tuple[bytes, int]:
        while True:
            i = self.buf.find(b"\r\n", pos)
            if i >= 0:
                return self.buf[pos:i], i + 2
            self._fill()

    def _skip(self, pos: int) -> int:
        """Position just after one complete reply starting at ``pos``."""
        line, pos = self._line(pos)
        t = line[:1]
        if t in (b"+", b"-", b":", b"_", b",", b"#", b"("):
            return pos
        if t in (b"$", b"=", b"!"):
            n = int(line[1:])
            if n < 0:
                return pos
            while len(self.buf) < pos + n + 2:
                self._fill()
            return pos + n + 2
        if t in (b"*", b"~", b">", b"%", b"|"):
            n = int(line[1:])
            if n < 0:
                return pos
            if t in (b"%", b"|"):
                n *= 2
            for _ in range(n):
                pos = self._skip(pos)
            return pos
        raise ValueError(f"bad RESP type {line!r}")

    def read_reply(self) -> bytes:
        end = self._skip(0)
        out, self.buf = self.buf[:end], self.buf[end:]
        return out


def decode(data: bytes):
    """Parse one RESP reply into Python values (errors as ('ERR', text) tuples)."""
    val, _ = _dec(data, 0)
    return val


def _dec(d: bytes, pos: int):
    i = d.index(b"\r\n", pos)
    line, pos = d[pos:i], i + 2
    t, rest = line[:1], line[1:]
    if t == b"+":
        return rest.decode(), pos
    if t == b"-":
        return ("ERR", rest.decode()), pos
    if t == b":":
        return int(rest), pos
    if t == b"_":
        return None, pos
    if t in (b",",):
        return float(rest), pos
    if t == b"#":
        return rest == b"t", pos
    if t == b"(":
        return int(rest), pos
    if t in (b"$", b"=", b"!"):
        n = int(rest)
        if n < 0:
            return None, pos
        return d[pos:pos + n], pos + n + 2
    if t in (b"*", b"~", b">"):
        n = int(rest)
        if n < 0:
            return None, pos
        out = []
        for _ in range(n):
            v, pos = _dec(d, pos)
            out.append(v)
        return out, pos
    if t in (b"%", b"|"):
        n = int(rest)
        out = {}
        for _ in range(n):
            k, pos = _dec(d, pos)
            v, pos = _dec(d, pos)
            out[k if not isinstance(k, list) else tuple(k)] = v
        return out, pos
    raise ValueError(line)
