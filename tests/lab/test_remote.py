"""`redislab --url`: the lab console on a real redis-server, and `redislab --lessons DIR`."""
import shutil
import time

import pytest

from redislab import cli
from redislab.cliformat import format_reply
from redislab.engine.replies import Multi
from redislab.lab import syllabus
from redislab.lab.app import RedisLab
from redislab.lab.widgets.backend import EmbeddedBackend, connect
from redislab.lab.widgets.console import Console
from redislab.lab.widgets.remote import Parked, RemoteBackend, RemotePlaygroundScreen
from tests.support.realredis import RawConn, RealRedis, free_port

from .helpers import open_free_play, type_line


@pytest.fixture(scope="module")
def server():
    try:
        srv = RealRedis()
    except FileNotFoundError:
        pytest.skip("redis-server is not installed")
    yield srv
    srv.stop()


@pytest.fixture
def url(server):
    conn = RawConn(server.port)
    conn.command("FLUSHALL")
    conn.close()
    return f"redis://127.0.0.1:{server.port}/0"


@pytest.fixture
def remote(url):
    b = RemoteBackend(url)
    yield b
    b.close()


# Replies that must print the same whichever side answered them.
SAME = [
    "SET greeting hello", "GET greeting", "GET nothing", "INCR n", "INCRBYFLOAT f 1.5",
    "RPUSH l a b c", "LRANGE l 0 -1", "HSET h f1 v1 f2 v2", "HLEN h", "SADD s x",
    "SCARD s", "ZADD z 1 a 2 b", "ZRANGE z 0 -1", "TYPE z", "EXISTS greeting nothing",
    "LPOP l 0", "GET", "NOSUCHCOMMAND x", "SET n x XX GET", "MULTI", "INCR n", "GET greeting",
    "EXEC", "EXPIRE greeting 100", "TTL greeting", "DEL greeting h",
]


def test_replies_print_exactly_as_the_embedded_engines(remote, lab_engine):
    from redislab.repl.tokenize import split_args

    local = EmbeddedBackend(lab_engine)
    for line in SAME:
        argv = split_args(line)
        want = format_reply(local.execute(argv), argv)
        got = format_reply(remote.execute(argv), argv)
        assert got == want, line
    assert remote.label == f"127.0.0.1:{remote.wire.port}"


def test_typed_replies_print_as_redis_cli_shows_them(remote):
    """The connection speaks RESP2, redis-cli's default, so a map prints as the flat
    array redis-cli shows against that server (the repl's --url console agrees)."""
    from redislab.repl.backends import RemoteBackend as ReplRemote

    remote.execute([b"HSET", b"h", b"f1", b"v1"])
    remote.execute([b"ZADD", b"z", b"1.5", b"a"])
    repl = ReplRemote(remote.url)
    try:
        for argv in ([b"HGETALL", b"h"], [b"ZRANGE", b"z", b"0", b"-1", b"WITHSCORES"], [b"ZSCORE", b"z", b"a"]):
            assert format_reply(remote.execute(argv), argv) == format_reply(repl.execute(argv), argv)
        assert format_reply(remote.execute([b"HGETALL", b"h"])) == '1) "f1"\n2) "v1"\n'
        assert format_reply(remote.execute([b"ZSCORE", b"z", b"a"])) == '"1.5"\n'
    finally:
        repl.close()


def test_prompt_state_follows_select_and_multi(remote):
    remote.execute([b"SELECT", b"2"])
    assert remote.db == 2
    remote.execute([b"MULTI"])
    remote.execute([b"SET", b"a", b"1"])
    assert remote.queued == 1
    remote.execute([b"DISCARD"])
    assert remote.queued is None
    remote.execute([b"SET", b"user:1", b"x"])
    remote.execute([b"SET", b"user:2", b"y"])
    assert remote.keys("user:") == ["user:1", "user:2"]


def test_subscribe_several_channels_then_messages_then_back(remote, server):
    got = []
    remote.on_push = got.append
    reply = remote.execute([b"SUBSCRIBE", b"news", b"sport"])
    assert type(reply) is Multi and len(reply) == 2
    assert format_reply(reply).splitlines()[-3:] == ['1) "subscribe"', '2) "sport"', "3) (integer) 2"]
    other = RawConn(server.port)
    assert other.command("PUBLISH", "news", "hi") == b":1\r\n"
    deadline = time.time() + 5
    while not got and time.time() < deadline:
        time.sleep(0.01)
    assert got == [[b"message", b"news", b"hi"]]
    assert remote.keys("x") == []                      # no SCAN while subscribed
    assert remote.execute([b"PING"]) == [b"pong", b""]
    bye = remote.execute([b"UNSUBSCRIBE"])
    assert type(bye) is Multi and bye[-1][2] == 0 and not remote.subscribed
    assert remote.execute([b"SET", b"k", b"v"]) == "OK"
    assert remote.execute([b"GET", b"k"]) == b"v"
    other.close()


def test_blocking_command_is_parked_not_frozen(remote, server):
    t0 = time.time()
    reply = remote.execute([b"BLPOP", b"jobs", b"0"])
    assert isinstance(reply, Parked) and time.time() - t0 < 2
    other = RawConn(server.port)
    other.command("RPUSH", "jobs", "j1")
    assert reply.wait() == [b"jobs", b"j1"]
    assert remote.execute([b"PING"]) == "PONG"        # the connection is back in step
    other.close()


def test_monitor_is_refused_with_a_note(remote):
    assert "redis-cli" in format_reply(remote.execute([b"MONITOR"]))
    assert remote.execute([b"PING"]) == "PONG"


def test_connect_picks_the_remote_backend(url, lab_engine):
    b = connect(lab_engine, url=url)
    try:
        assert isinstance(b, RemoteBackend)
    finally:
        b.close()
    with pytest.raises(ConnectionError):
        RemoteBackend(f"redis://127.0.0.1:{free_port()}/0")


async def test_lab_console_runs_on_the_server(url, server, lab_engine):
    app = RedisLab(lab_engine, first_run=False, url=url)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_free_play(pilot)
        assert isinstance(app.screen, RemotePlaygroundScreen)
        console = app.screen.query_one(Console)
        await type_line(pilot, "SET lab:key hello")
        await type_line(pilot, "HSET lab:h a 1")
        await type_line(pilot, "HGETALL lab:h")
        assert console.transcript[-2:] == ['1) "a"', '2) "1"']
        assert console.transcript[-6] == "OK"
        assert console.prompt == f"127.0.0.1:{server.port}> "
        note = str(app.screen.query_one("#remote-note").render())
        assert "real server" in note and "off here" in note
        assert not app.screen.query("KeyBrowser") and not app.screen.query("KeyPanel")
        await pilot.press("f5")                          # no clock to move: a note, no crash
        await pilot.pause()
        await type_line(pilot, "BLPOP jobs 0")           # waits off the UI thread
        assert console.transcript[-1].startswith("(blocked")
        RawConn(server.port).command("RPUSH", "jobs", "j1")
        for _ in range(100):
            await pilot.pause(0.02)
            if console.transcript[-1] == '2) "j1"':
                break
        assert console.transcript[-2:] == ['1) "jobs"', '2) "j1"']
        await type_line(pilot, "SUBSCRIBE lab:chan")
        RawConn(server.port).command("PUBLISH", "lab:chan", "ping!")
        for _ in range(100):
            await pilot.pause(0.02)
            if console.transcript[-1] == '3) "ping!"':
                break
        assert console.transcript[-3:] == ['1) "message"', '2) "lab:chan"', '3) "ping!"']
        await pilot.press("escape")
        await pilot.pause()
    assert RawConn(server.port).command("GET", "lab:key") == b"$5\r\nhello\r\n"
    assert lab_engine.run("EXISTS", "lab:key") == 0   # the embedded engine was not touched


def test_url_flag_opens_the_lab_on_the_server(url, monkeypatch):
    seen = []
    monkeypatch.setattr(RedisLab, "run", lambda self, *a, **k: seen.append(self))
    assert cli.main(["--url", url]) == 0
    assert seen[0].url == url and seen[0].lessons_dir is None
    assert cli.main(["--url", f"redis://127.0.0.1:{free_port()}/0"]) == 1


async def test_lessons_flag_points_the_lab_at_a_folder(tmp_path, monkeypatch, lab_engine):
    folder = tmp_path / "my-lessons"
    folder.mkdir()
    shutil.copy(syllabus.Path(__file__).resolve().parents[2] / "lessons" / "01-overview.yaml", folder)
    seen = []
    monkeypatch.setattr(RedisLab, "run", lambda self, *a, **k: seen.append(self))
    assert cli.main(["--lessons", str(folder)]) == 0
    assert seen[0].lessons_dir == folder and seen[0].url is None
    assert cli.main(["--lessons", str(tmp_path / "missing")]) == 2
    listed = [e for e in syllabus.entries(seen[0].lessons_dir) if e.kind == syllabus.LESSON]
    assert [e.id for e in listed] == ["01-overview"]
    app = RedisLab(lab_engine, first_run=False, lessons_dir=folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.lessons_dir == folder
