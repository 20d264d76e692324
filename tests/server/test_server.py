"""The RESP server end to end: redis-py, raw sockets, redis-cli, pushes, front-end duties."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time

import pytest
import redis

from redislab.engine import Engine
from redislab.protocol.resp import encode_command
from redislab.server import ServerThread
from tests.server.conftest import exchange, read_until
from tests.support.realredis import RawConn, free_port


def _conn(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=5)


# ------------------------------------------------------------------ redis-py

def test_redis_py_basics(served):
    r = redis.Redis(port=served.port, protocol=2)
    assert r.ping() is True
    assert r.set("a", "b") is True
    assert r.get("a") == b"b"
    assert r.get("missing") is None
    assert r.incr("n") == 1
    r.close()


def test_redis_py_pipeline_and_transaction(served):
    r = redis.Redis(port=served.port, protocol=2)
    p = r.pipeline(transaction=False)
    for i in range(200):
        p.set(f"k{i}", i)
    p.get("k199")
    assert p.execute()[-1] == b"199"
    p = r.pipeline(transaction=True)
    p.incr("c").incr("c").get("c")
    assert p.execute() == [1, 2, b"2"]
    r.close()


def test_redis_py_resp3(served):
    r = redis.Redis(port=served.port, protocol=3)
    r.hset("h", mapping={"f": "v"})
    assert r.hgetall("h") == {b"f": b"v"}
    assert r.get("nope") is None
    r.close()


def test_big_value_round_trip(served):
    r = redis.Redis(port=served.port, protocol=2)
    big = bytes(range(256)) * 8192          # 2 MiB, arrives in many reads
    r.set("big", big)
    assert r.get("big") == big
    r.close()


def test_in_process_and_tcp_share_the_engine(served):
    served.engine.run("SET", "shared", "1")
    r = redis.Redis(port=served.port, protocol=2)
    assert r.get("shared") == b"1"
    r.set("shared", "2")
    assert served.engine.run("GET", "shared") == b"2"
    r.close()


def test_fifty_concurrent_clients(served):
    errors = []

    def worker(n: int) -> None:
        try:
            r = redis.Redis(port=served.port, protocol=2)
            for i in range(50):
                r.set(f"c{n}:{i}", i)
                assert r.get(f"c{n}:{i}") == str(i).encode()
            r.close()
        except Exception as e:              # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    assert served.engine.run("DBSIZE") == 50 * 50


# ----------------------------------------------------------------- raw wire

def test_pipeline_of_1000_in_one_write(served):
    data = b"".join(encode_command("SET", f"k{i}", "v") for i in range(1000)) + encode_command("GET", "k999")
    expected = b"+OK\r\n" * 1000 + b"$1\r\nv\r\n"
    s = _conn(served.port)
    s.sendall(data)
    assert read_until(s, len(expected)) == expected
    s.close()


def test_split_packets_one_byte_at_a_time(served):
    data = encode_command("SET", "k", "hello\r\nworld") + encode_command("GET", "k") + b"ECHO \"x y\"\r\n"
    expected = b"+OK\r\n$12\r\nhello\r\nworld\r\n$3\r\nx y\r\n"
    got, closed = exchange(served.port, data, chunks=[data[i:i + 1] for i in range(len(data))])
    assert (got, closed) == (expected, False)


def test_inline_commands(served):
    got, _ = exchange(served.port, b"set greeting \"hi there\"\r\nGET greeting\r\nping\n")
    assert got == b"+OK\r\n$8\r\nhi there\r\n+PONG\r\n"


def test_hello3_switches_protocol_mid_connection(served):
    c = RawConn(served.port)
    assert c.command("GET", "nope") == b"$-1\r\n"
    assert c.command("HELLO", "3").startswith(b"%7\r\n")
    assert c.command("GET", "nope") == b"_\r\n"
    assert c.command("HELLO", "2").startswith(b"*14\r\n")
    assert c.command("GET", "nope") == b"$-1\r\n"
    c.close()


@pytest.mark.parametrize("script", [
    [("QUIT",), ("PING",)],
    [("CLIENT", "REPLY", "OFF"), ("PING",), ("CLIENT", "REPLY", "ON"), ("PING",)],
    [("CLIENT", "REPLY", "SKIP"), ("PING",), ("ECHO", "a")],
    [("CLIENT", "REPLY", "SKIP"), ("CLIENT", "REPLY", "SKIP"), ("ECHO", "a"), ("ECHO", "b")],
    [("CLIENT", "REPLY", "SKIP"), ("CLIENT", "REPLY", "ON"), ("ECHO", "b")],
    [("CLIENT", "REPLY", "OFF"), ("CLIENT", "REPLY", "SKIP"), ("ECHO", "a"), ("CLIENT", "REPLY", "ON")],
    [("MULTI",), ("SET", "k", "v"), ("QUIT",), ("PING",)],
    [("SUBSCRIBE", "ch"), ("GET", "k"), ("PING",), ("UNSUBSCRIBE",), ("PING",)],
])
def test_front_end_duties_like_redis(served, real, script):
    data = b"".join(encode_command(*c) for c in script)
    for pipelined in (True, False):
        chunks = [data] if pipelined else [encode_command(*c) for c in script]
        assert exchange(served.port, data, chunks=chunks) == exchange(real.port, data, chunks=chunks)


def test_client_kill_hangs_up_the_victim(served):
    victim = _conn(served.port)
    victim.sendall(encode_command("CLIENT", "ID"))
    vid = int(read_until(victim, b"\r\n")[1:-2])
    killer = redis.Redis(port=served.port, protocol=2)
    assert killer.execute_command("CLIENT", "KILL", "ID", vid) == 1
    victim.settimeout(5)
    assert victim.recv(100) == b""
    killer.close()
    victim.close()


def test_client_kill_self_replies_then_closes(served):
    s = _conn(served.port)
    s.sendall(encode_command("CLIENT", "ID"))
    cid = int(read_until(s, b"\r\n")[1:-2])
    s.sendall(encode_command("CLIENT", "KILL", "ID", cid, "SKIPME", "no") + encode_command("PING"))
    assert read_until(s, b"never") == b":1\r\n"        # the reply, then the connection ends
    s.close()


# ------------------------------------------------------------------- pushes

def test_pubsub_messages_from_tcp_and_other_threads(served):
    sub = _conn(served.port)
    sub.sendall(encode_command("SUBSCRIBE", "news"))
    assert read_until(sub, b"news\r\n:1\r\n") == b"*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n"
    pub = redis.Redis(port=served.port, protocol=2)
    assert pub.publish("news", "one") == 1
    assert read_until(sub, b"one\r\n") == b"*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$3\r\none\r\n"
    # An in-process publisher in another thread: delivery hops onto the server's loop.
    t = threading.Thread(target=lambda: served.engine.run("PUBLISH", "news", "two"))
    t.start()
    t.join(5)
    assert read_until(sub, b"two\r\n") == b"*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$3\r\ntwo\r\n"
    pub.close()
    sub.close()


def test_resp3_pushes(served):
    sub = RawConn(served.port)
    sub.command("HELLO", "3")
    assert sub.command("SUBSCRIBE", "c") == b">3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n"
    served.engine.run("PUBLISH", "c", "x")
    assert sub.read_reply() == b">3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nx\r\n"
    sub.close()


def test_monitor_lines(served):
    mon = _conn(served.port)
    mon.sendall(encode_command("MONITOR"))
    assert read_until(mon, b"\r\n") == b"+OK\r\n"
    r = redis.Redis(port=served.port, protocol=2)
    r.set("k", "v")
    line = read_until(mon, b'"v"\r\n')
    assert line.startswith(b"+") and line.endswith(b'"SET" "k" "v"\r\n') and b"[0 127.0.0.1:" in line
    r.close()
    mon.close()


# ---------------------------------------------------------- robustness, cron

class _BoomEngine(Engine):
    # The server runs what its batch path does not through execute_held (it holds the lock).
    def execute_held(self, s, argv):
        if argv[0] == b"BOOM":
            raise ZeroDivisionError("kaboom")
        return super().execute_held(s, argv)


def test_handler_exception_is_one_error_reply():
    with ServerThread(_BoomEngine()) as st:
        got, closed = exchange(st.port, encode_command("BOOM") + encode_command("PING"))
        assert got.startswith(b"-ERR internal error in 'BOOM': ZeroDivisionError: kaboom\r\n")
        assert got.endswith(b"+PONG\r\n") and not closed
        assert exchange(st.port, b"PING\r\n")[0] == b"+PONG\r\n"


def test_handler_bug_inside_a_pipelined_batch_costs_one_reply(monkeypatch):
    # GET runs on the batch path (Engine.execute_batch): a bug in its handler must
    # answer that one request with an error and leave the requests around it alone.
    from redislab.engine import registry

    spec = registry.lookup(b"GET")
    assert spec.batch_safe
    real = spec.fn

    def get(s, argv):
        if argv[1] == b"boom":
            raise ZeroDivisionError("kaboom")
        return real(s, argv)

    monkeypatch.setattr(spec, "fn", get)
    monkeypatch.setattr(spec, "bulk", None)        # a run of GETs would not call spec.fn
    with ServerThread(Engine()) as st:
        got, closed = exchange(st.port, encode_command("SET", "a", "1") + encode_command("GET", "boom")
                               + encode_command("GET", "a"))
        assert got == (b"+OK\r\n-ERR internal error in 'GET': ZeroDivisionError: kaboom\r\n"
                       b"$1\r\n1\r\n") and not closed


class _FakeBlocked:
    """Stands in for engine.blocking.Blocked: answered from another thread."""

    def __init__(self):
        self.answer = None
        self.event = threading.Event()
        self.cancelled = threading.Event()

    async def wait_async(self):
        import asyncio

        for _ in range(500):                # bounded: at most ~5 s
            if self.event.is_set():
                return self.answer
            await asyncio.sleep(0.01)
        return None

    def cancel(self):
        self.cancelled.set()


class _BlockingEngine(Engine):
    def __init__(self):
        super().__init__()
        self.parked = []

    def execute_held(self, s, argv):
        if argv[0] == b"WAITFOR":
            b = _FakeBlocked()
            self.parked.append(b)
            return b
        return super().execute_held(s, argv)


def test_blocked_client_waits_in_order_and_others_go_on():
    engine = _BlockingEngine()
    with ServerThread(engine) as st:
        s = _conn(st.port)
        s.sendall(encode_command("WAITFOR") + encode_command("PING"))
        s.settimeout(0.3)
        with pytest.raises(socket.timeout):
            s.recv(100)                     # PING waits behind the blocked command
        assert exchange(st.port, b"PING\r\n")[0] == b"+PONG\r\n"   # the loop is free
        blocked = engine.parked[0]
        blocked.answer = [b"list", b"item"]
        blocked.event.set()
        assert read_until(s, b"PONG\r\n") == b"*2\r\n$4\r\nlist\r\n$4\r\nitem\r\n+PONG\r\n"
        # A client that hangs up while blocked gets its wait cancelled.
        s2 = _conn(st.port)
        s2.sendall(encode_command("WAITFOR"))
        deadline = time.time() + 5
        while len(engine.parked) < 2 and time.time() < deadline:
            time.sleep(0.01)
        s2.close()
        assert engine.parked[1].cancelled.wait(5)
        s.close()


def test_cron_expires_keys_without_being_asked(served):
    r = redis.Redis(port=served.port, protocol=2)
    r.set("short", "v", px=50)
    deadline = time.time() + 5
    db = served.engine.keyspace.dbs[0]
    while "short" not in () and b"short" in db.data and time.time() < deadline:
        time.sleep(0.05)
    assert b"short" not in db.data
    r.close()


def test_stop_closes_clients_and_port():
    st = ServerThread(Engine()).start()
    s = _conn(st.port)
    st.stop()
    s.settimeout(5)
    assert s.recv(10) == b""
    with pytest.raises(OSError):
        _conn(st.port).close()


# ------------------------------------------------------------ real clients

@pytest.mark.skipif(shutil.which("redis-cli") is None, reason="redis-cli is not installed")
def test_redis_cli(served):
    def cli(*args):
        out = subprocess.run(["redis-cli", "-p", str(served.port), *args],
                             capture_output=True, text=True, timeout=10)
        return out.stdout.strip()

    assert cli("ping") == "PONG"
    assert cli("set", "a", "b") == "OK"
    assert cli("get", "a") == "b"


def test_serve_entry_point_runs_until_interrupted():
    import signal

    port = free_port()
    code = f"from redislab.server import serve; serve(port={port})"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 15
        while time.time() < deadline:
            try:
                _conn(port).close()
                break
            except OSError:
                time.sleep(0.05)
        assert exchange(port, b"PING\r\n")[0] == b"+PONG\r\n"
        proc.send_signal(signal.SIGINT)
        assert proc.wait(10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_huge_multibulk_count_does_not_stall_the_server():
    # hiredis would allocate the whole array at its header; the server must keep
    # answering (Redis just waits for the elements) and reject what Redis rejects.
    with ServerThread(Engine()) as st:
        s = _conn(st.port)
        s.sendall(b"*2147483647\r\n")
        t = time.time()
        assert exchange(st.port, b"PING\r\n")[0] == b"+PONG\r\n"
        got, closed = exchange(st.port, b"*2147483648\r\n")
        assert got == b"-ERR Protocol error: invalid multibulk length\r\n" and closed
        for kind in b"~>":     # RESP3 set / push headers: hiredis preallocates these too
            got, closed = exchange(st.port, b"*1\r\n%c2147483647\r\n" % kind)
            assert got == b"-ERR Protocol error: expected '$', got '%c'\r\n" % kind and closed
        assert time.time() - t < 2
        s.close()
