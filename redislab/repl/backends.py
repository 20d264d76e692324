"""Where the console's commands go: the embedded engine, or a real server.

Both return engine reply values (engine/replies.py) so cliformat prints them the
same way; the remote side therefore decodes RESP itself, keeping the distinction
between simple and bulk strings, maps, sets, doubles that redis-py's parser erases.
"""
from __future__ import annotations

from ..engine.replies import NULL_ARRAY, BigNumber, MapReply, Push, SetReply, Status, Verbatim, as_resp2
from ..errors import RedisError


class EngineBackend:
    """A console session on an in-process engine (a fresh one unless given)."""

    def __init__(self, engine=None, on_push=None):
        if engine is None:
            from ..engine import Engine

            engine = Engine()
        self.engine = engine
        self.session = engine.session("lab")
        self.session.push = on_push
        self.label = "redislab"

    def execute(self, argv: list[bytes]):
        reply = self.engine.execute(self.session, argv)
        wait = getattr(reply, "wait", None)
        if wait is not None and callable(wait):      # a blocking command parked us
            reply = wait()
        # Shown as redis-cli shows it: RESP2 shapes unless HELLO 3 switched the session.
        return as_resp2(reply) if self.session.resp == 2 else reply

    @property
    def db(self) -> int:
        return self.session.dbnum

    @property
    def queued(self) -> int | None:
        """Commands queued in MULTI, or None outside a transaction."""
        m = self.session.multi
        return None if m is None else len(m)

    def scan_keys(self, prefix: str, limit: int = 200) -> list[str]:
        pattern = _glob_escape(prefix) + "*"
        reply = self.execute([b"SCAN", b"0", b"MATCH", pattern.encode(), b"COUNT", b"1000"])
        if isinstance(reply, list) and len(reply) == 2:
            return sorted(k.decode("utf-8", "replace") for k in reply[1])[:limit]
        # SCAN not available: read the keyspace directly (completion only, no side effects)
        keys = (k.decode("utf-8", "replace") for k in list(self.session.db.data))
        return sorted(k for k in keys if k.startswith(prefix))[:limit]

    def close(self) -> None:
        self.session.close()


def _glob_escape(s: str) -> str:
    return "".join("\\" + c if c in "*?[]\\" else c for c in s)


class RemoteBackend:
    """A console session on a real server, through a redis-py connection (RESP2 like
    redis-cli by default); replies are decoded here into typed values."""

    def __init__(self, url: str = "redis://127.0.0.1:6379", protocol: int = 2):
        import redis

        opts = redis.connection.parse_url(url)
        opts.setdefault("protocol", protocol)
        cls = redis.UnixDomainSocketConnection if "path" in opts else redis.Connection
        opts.pop("connection_class", None)
        self.conn = cls(**opts)
        self.conn.connect()
        self._buf = b""
        self.host = opts.get("host", "127.0.0.1")
        self.port = opts.get("port", 6379)
        self.label = opts.get("path") or f"{self.host}:{self.port}"
        self.db = int(opts.get("db", 0) or 0)
        self.queued = None

    def execute(self, argv: list[bytes]):
        self.conn.send_packed_command(self.conn.pack_command(*argv))
        reply = self._read()
        self._track(argv, reply)
        return reply

    def _track(self, argv, reply) -> None:
        """Follow SELECT/MULTI/EXEC from the replies to keep the prompt right."""
        name = argv[0].lower() if argv else b""
        if isinstance(reply, RedisError):
            if name == b"exec":
                self.queued = None
            return
        if name == b"select" and reply == "OK":
            self.db = int(argv[1])
        elif name == b"multi":
            self.queued = 0
        elif name in (b"exec", b"discard"):
            self.queued = None
        elif name == b"reset":
            self.db, self.queued = 0, None
        elif reply == "QUEUED" and self.queued is not None:
            self.queued += 1

    def scan_keys(self, prefix: str, limit: int = 200) -> list[str]:
        reply = self.execute([b"SCAN", b"0", b"MATCH", (_glob_escape(prefix) + "*").encode(), b"COUNT", b"1000"])
        if isinstance(reply, list) and len(reply) == 2:
            return sorted(k.decode("utf-8", "replace") for k in reply[1])[:limit]
        return []

    def close(self) -> None:
        self.conn.disconnect()

    # ------------------------------------------------------ RESP decoding
    def _fill(self) -> None:
        chunk = self.conn._sock.recv(65536)
        if not chunk:
            raise ConnectionError("Server closed the connection")
        self._buf += chunk

    def _line(self) -> bytes:
        while True:
            i = self._buf.find(b"\r\n")
            if i >= 0:
                line, self._buf = self._buf[:i], self._buf[i + 2:]
                return line
            self._fill()

    def _bulk(self, n: int) -> bytes:
        while len(self._buf) < n + 2:
            self._fill()
        data, self._buf = self._buf[:n], self._buf[n + 2:]
        return data

    def _read(self):
        line = self._line()
        t, rest = line[:1], line[1:]
        if t == b"+":
            return Status(rest.decode("utf-8", "replace"))
        if t == b"-":
            return RedisError(rest.decode("utf-8", "replace"))
        if t == b":":
            return int(rest)
        if t == b"$":
            n = int(rest)
            return None if n < 0 else self._bulk(n)
        if t in (b"*", b"~", b">"):
            n = int(rest)
            if n < 0:
                return NULL_ARRAY
            items = [self._read() for _ in range(n)]
            return items if t == b"*" else (SetReply(items) if t == b"~" else Push(items))
        if t == b"%":
            return MapReply((self._read(), self._read()) for _ in range(int(rest)))
        if t == b"_":
            return None
        if t == b",":
            return float(rest)
        if t == b"#":
            return rest == b"t"
        if t == b"(":
            return BigNumber(int(rest))
        if t == b"=":
            data = self._bulk(int(rest))
            return Verbatim(data[4:].decode("utf-8", "replace"), data[:3].decode())
        if t == b"|":  # attributes precede the real reply; redis-cli does not show them
            for _ in range(2 * int(rest)):
                self._read()
            return self._read()
        raise ValueError(f"protocol error: {line!r}")
