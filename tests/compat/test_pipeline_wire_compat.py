"""Pipelined runs over the wire, byte for byte against redis-server: the server encodes
a run of bulk strings or OKs at once and writes every connection's replies at the end
of the loop's turn, so the bytes and their order must still be exactly Redis's."""
from __future__ import annotations

import socket

import pytest

from redislab.engine import Engine
from redislab.server.server import ServerThread
from tests.support.realredis import RawConn


def _request(*args) -> bytes:
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


def _exchange(port: int, cmds: list) -> bytes:
    """Send ``cmds`` in one write, then read until the closing ECHO's reply (or the
    server hangs up, after a QUIT)."""
    end = _request("ECHO", "end-of-pipeline-7f3a")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"".join(_request(*c) for c in cmds) + end)
        buf = b""
        while not buf.endswith(b"$20\r\nend-of-pipeline-7f3a\r\n"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            buf += chunk
    return buf


@pytest.fixture
def both(real_redis):
    probe = RawConn(real_redis.port)
    probe.command("FLUSHALL")
    probe.close()
    t = ServerThread(Engine(), port=0).start()
    yield t.port, real_redis.port
    t.stop()


CASES = {
    "sets then gets": [("SET", f"k{i}", f"v{i}") for i in range(16)] + [("GET", f"k{i}") for i in range(16)],
    "gets with misses": [("SET", "a", "1")] + [("GET", k) for k in ["a", "nope"] * 8],
    "a big value in a run": [("SET", "big", "x" * 5000)] + [("GET", k) for k in ["big", "a"] * 8],
    "a wrong type in a run": [("RPUSH", "l", "x")] + [("GET", k) for k in ["l", "a", "l", "a"] * 4],
    "same key many times": [("SET", "k", f"v{i}") for i in range(20)] + [("GET", "k")] * 5,
    "mixed": [c for i in range(12) for c in (("SET", f"m{i}", i), ("GET", f"m{i}"), ("INCR", "n"))],
    "reply off mid-run": [("SET", "a", "1")] * 3 + [("CLIENT", "REPLY", "OFF")] + [("GET", "a")] * 6
                         + [("CLIENT", "REPLY", "ON")] + [("GET", "a")] * 6,
    "quit ends it": [("SET", "q", "1"), ("GET", "q"), ("GET", "q"), ("GET", "q"), ("GET", "q"),
                     ("QUIT",), ("GET", "q")],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_pipelined_runs_are_byte_identical(both, case):
    ours, theirs = both
    cmds = CASES[case]
    assert _exchange(ours, cmds) == _exchange(theirs, cmds)


def test_a_pipeline_of_gets_only(both):
    # Only GETs before the closing ECHO: the whole run is encoded at once.
    for port in both:
        _exchange(port, [("SET", f"g{i}", "v" * i) for i in range(20)])
    gets = [("GET", f"g{i}") for i in range(20)] + [("GET", "missing")]
    ours, theirs = both
    assert _exchange(ours, gets[:-1]) == _exchange(theirs, gets[:-1])
    assert _exchange(ours, gets) == _exchange(theirs, gets)


def test_replies_to_many_clients_in_one_turn(both):
    """Several connections readable at once: each gets its own replies, whole."""
    ours, _ = both
    socks = [socket.create_connection(("127.0.0.1", ours), timeout=10) for _ in range(20)]
    try:
        for i, s in enumerate(socks):
            s.sendall(b"".join(_request("SET", f"c{i}", f"val{i}") for _ in range(16))
                      + b"".join(_request("GET", f"c{i}") for _ in range(16)))
        for i, s in enumerate(socks):
            want = b"+OK\r\n" * 16 + (b"$%d\r\nval%d\r\n" % (len(f"val{i}"), i)) * 16
            buf = b""
            while len(buf) < len(want):
                chunk = s.recv(65536)
                assert chunk
                buf += chunk
            assert buf == want
    finally:
        for s in socks:
            s.close()


def test_resp3_misses_in_a_run(both):
    # HELLO's own reply differs (server version, modules, client id): compare what follows.
    cmds = [("HELLO", "3"), ("SET", "a", "1")] + [("GET", k) for k in ["a", "none"] * 6]
    tail = b"+OK\r\n" + b"$1\r\n1\r\n_\r\n" * 6 + b"$20\r\nend-of-pipeline-7f3a\r\n"
    for port in both:
        assert _exchange(port, cmds).endswith(tail)
