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


def test_serve_says_when_it_is_ready():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    p = subprocess.Popen([sys.executable, "-m", "redislab", "serve", "--port", str(port)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = p.stdout.readline()
        assert f"ready to accept connections on 127.0.0.1:{port}" in line
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
