"""The console loop, fed through prompt-toolkit's pipe input (no terminal needed)."""
import io

import pytest
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from redislab.engine import Engine
from redislab.repl.backends import EngineBackend
from redislab.repl.console import Console, prompt_text


def run_console(text: str, engine=None):
    buf = io.StringIO()
    with create_pipe_input() as inp:
        console = Console(EngineBackend(engine), write=buf.write, history=InMemoryHistory(),
                          input=inp, output=DummyOutput())
        inp.send_text(text)
        inp.close()            # end of input: the prompt gets EOF after the lines
        console.run()
    return buf.getvalue(), console


def test_prompt_text():
    assert prompt_text("127.0.0.1:6379") == "127.0.0.1:6379> "
    assert prompt_text("redislab", 3) == "redislab[3]> "
    assert prompt_text("redislab", 0, 0) == "redislab(TX)> "
    assert prompt_text("redislab", 1, 2) == "redislab[1](TX:2)> "


def test_loop_runs_commands_and_formats_like_redis_cli():
    out, console = run_console('SET k "a b\\n"\rGET k\rGET nope\rSELECT 2\rnosuch x\r"unbalanced\rquit\r')
    assert out == ('OK\n'
                   '"a b\\n"\n'
                   '(nil)\n'
                   'OK\n'
                   "(error) ERR unknown command 'nosuch', with args beginning with: 'x' \n"
                   'Invalid argument(s)\n')
    assert console.prompt() == "redislab[2]> "
    assert not console.running


def test_help_is_local_and_eof_ends_the_loop():
    out, _ = run_console("HELP SET\r")          # no quit: end of input ends the loop
    assert "  SET key value" in out and "group: string" in out


def test_shared_engine_sees_console_writes():
    e = Engine()
    run_console("SET shared 1\r", e)
    assert e.run("GET", "shared") == b"1"


def test_multi_prompt_tracks_queue():
    e = Engine()
    backend = EngineBackend(e)
    console = Console(backend, write=lambda s: None)
    console.handle_line("MULTI")
    if backend.queued is None:
        pytest.skip("MULTI not implemented yet")
    assert console.prompt() == "redislab(TX)> "
    console.handle_line("SET a 1")
    assert console.prompt() == "redislab(TX:1)> "
    console.handle_line("EXEC")
    assert console.prompt() == "redislab> "


def test_key_completion_from_engine():
    backend = EngineBackend()
    backend.execute([b"SET", b"user:1", b"x"])
    backend.execute([b"SET", b"user:2", b"x"])
    backend.execute([b"SET", b"other", b"x"])
    assert backend.scan_keys("user:") == ["user:1", "user:2"]


def test_remote_backend_against_real_server():
    import shutil
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server not installed")
    from redislab.repl.backends import RemoteBackend
    from tests.support.realredis import RealRedis

    srv = RealRedis()
    try:
        buf = io.StringIO()
        backend = RemoteBackend(f"redis://127.0.0.1:{srv.port}/0")
        console = Console(backend, write=buf.write)
        assert console.prompt() == f"127.0.0.1:{srv.port}> "
        for line in ("SET k v", "GET k", "RPUSH l a b", "LRANGE l 0 -1", "SELECT 1", "MULTI", "INCR c"):
            console.handle_line(line)
        assert console.prompt() == f"127.0.0.1:{srv.port}[1](TX:1)> "
        console.handle_line("EXEC")
        assert buf.getvalue() == 'OK\n"v"\n(integer) 2\n1) "a"\n2) "b"\nOK\nOK\nQUEUED\n1) (integer) 1\n'
        assert backend.scan_keys("") == ["c"]
        backend.close()
    finally:
        srv.stop()
