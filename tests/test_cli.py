"""The `redislab` command: subcommand table, console entry, python -m."""
import subprocess
import sys

import pytest

from redislab import cli


def test_subcommand_table_has_serve_and_repl():
    assert {"serve", "repl"} <= set(cli.SUBCOMMANDS)
    args = cli.build_parser().parse_args(["serve", "--port", "7000"])
    assert args.port == 7000 and args.host == "127.0.0.1" and callable(args.handler)
    args = cli.build_parser().parse_args(["repl", "--url", "redis://x:1/0"])
    assert args.url == "redis://x:1/0"


def test_new_subcommands_register_with_a_small_function():
    @cli.subcommand("hello-test", "a test subcommand")
    def _hello(p):
        p.add_argument("--name", default="x")
        return lambda args: 7 if args.name == "y" else 0

    try:
        assert cli.main(["hello-test", "--name", "y"]) == 7
    finally:
        del cli.SUBCOMMANDS["hello-test"]


def test_no_subcommand_uses_default_action(monkeypatch):
    seen = []
    monkeypatch.setattr(cli, "default_action", lambda args: seen.append(args) or 3)
    assert cli.main([]) == 3 and seen


def test_repl_subcommand_runs_the_console(monkeypatch):
    import redislab.repl.console as console
    monkeypatch.setattr(console, "main", lambda url=None, engine=None: 5 if url == "redis://h:1" else 0)
    assert cli.main(["repl", "--url", "redis://h:1"]) == 5


def test_python_dash_m_help():
    out = subprocess.run([sys.executable, "-m", "redislab", "--help"], capture_output=True, text=True,
                         cwd=str(__import__("pathlib").Path(__file__).resolve().parents[1]), timeout=60)
    assert out.returncode == 0 and "serve" in out.stdout and "repl" in out.stdout
    assert "no command to open the lab" in " ".join(out.stdout.split())


def test_public_api():
    import redislab
    assert set(redislab.__all__) >= {"Engine", "VirtualClock", "Clock", "Redis", "serve"}
    assert redislab.Redis is redislab.client.Redis
    with pytest.raises(AttributeError):
        redislab.NoSuchThing


def test_asyncio_client_after_a_plain_import():
    # The README writes `redislab.asyncio.Redis()` after `import redislab` alone.
    code = ("import asyncio, redislab\n"
            "async def go():\n"
            "    r = redislab.asyncio.Redis()\n"
            "    await r.set('k', 'v')\n"
            "    print((await r.get('k')).decode())\n"
            "asyncio.run(go())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "v"


def test_serve_says_when_it_is_ready(tmp_path):
    import socket

    # In a directory of its own: like redis-server, serve saves dump.rdb where it runs.
    p, port, lines = _start_serve(tmp_path)
    try:
        assert f"ready to accept connections on 127.0.0.1:{port}" in lines[-1]
        with socket.create_connection(("127.0.0.1", port), timeout=5) as c:
            c.sendall(b"PING\r\n")
            assert c.recv(16) == b"+PONG\r\n"
    finally:
        p.terminate()
        p.wait(timeout=10)


def test_a_closed_pipe_is_not_a_traceback():
    # `redislab simulate --list | head -1`: the reader may leave before we write. Here
    # it has left before we start, so the first write meets a closed pipe every time.
    import os

    r, w = os.pipe()
    os.close(r)
    try:
        p = subprocess.run([sys.executable, "-m", "redislab", "simulate", "--list"],
                           stdout=w, stderr=subprocess.PIPE, timeout=60)
    finally:
        os.close(w)
    err = p.stderr.decode()
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def _start_serve(cwd):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    p = subprocess.Popen([sys.executable, "-m", "redislab", "serve", "--port", str(port)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd)
    lines = []
    while True:
        line = p.stdout.readline()
        lines.append(line)
        if "ready to accept connections" in line or not line:
            return p, port, lines


def test_serve_keeps_its_data_in_dump_rdb_across_restarts(tmp_path):
    import redis

    p, port, _ = _start_serve(tmp_path)
    try:
        r = redis.Redis(port=port)
        r.set("greeting", "hello")
        r.rpush("jobs", "a", "b")
    finally:
        p.terminate()                                   # SIGTERM: a final save, as redis-server
        out, _ = p.communicate(timeout=20)
    assert "saved" in out and (tmp_path / "dump.rdb").exists()
    p, port, lines = _start_serve(tmp_path)
    try:
        assert "loaded 2 keys" in "".join(lines)
        r = redis.Redis(port=port)
        assert r.get("greeting") == b"hello" and r.lrange("jobs", 0, -1) == [b"a", b"b"]
        r.delete("greeting")
        try:
            r.shutdown(nosave=True)                     # the file keeps the old data
        except redis.ConnectionError:
            pass
        assert p.wait(timeout=20) == 0
    finally:
        if p.poll() is None:
            p.kill()
    p, port, lines = _start_serve(tmp_path)
    try:
        assert redis.Redis(port=port).get("greeting") == b"hello"
    finally:
        p.terminate()
        p.communicate(timeout=20)


def test_serve_refuses_a_damaged_dump_rdb_and_leaves_it(tmp_path):
    (tmp_path / "dump.rdb").write_bytes(b"REDIS0010garbage")
    p = subprocess.run([sys.executable, "-m", "redislab", "serve", "--port", "0"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 1
    assert "cannot load" in p.stderr and "dump.rdb" in p.stderr
    assert (tmp_path / "dump.rdb").read_bytes() == b"REDIS0010garbage"
