"""cliformat prints replies exactly as redis-cli does on a terminal."""
import shutil
import subprocess

import pytest

from redislab.cliformat import format_exception, format_reply, is_raw_command, quote
from redislab.engine.replies import NULL_ARRAY, OK, BigNumber, MapReply, Push, SetReply, Status, Verbatim
from redislab.errors import RedisError


@pytest.mark.parametrize("value, text", [
    (b"a", '"a"'),
    (b"", '""'),
    (b"b\n", '"b\\n"'),
    (b"\xff", '"\\xff"'),
    ('é'.encode(), '"\\xc3\\xa9"'),
    (b'a"b\\c\t\r\x01\x07\x08', '"a\\"b\\\\c\\t\\r\\x01\\a\\b"'),
    (b"~ok!", '"~ok!"'),
])
def test_quote_like_sdscatrepr(value, text):
    assert quote(value) == text


@pytest.mark.parametrize("reply, text", [
    (1, "(integer) 1\n"),
    (-7, "(integer) -7\n"),
    (b"a", '"a"\n'),
    (None, "(nil)\n"),
    (NULL_ARRAY, "(nil)\n"),
    (OK, "OK\n"),
    (Status("PONG"), "PONG\n"),
    (RedisError("ERR unknown command 'x'"), "(error) ERR unknown command 'x'\n"),
    (RedisError("WRONGTYPE Operation against a key holding the wrong kind of value"),
     "(error) WRONGTYPE Operation against a key holding the wrong kind of value\n"),
    ([], "(empty array)\n"),
    (1.5, "(double) 1.5\n"),
    (3.0, "(double) 3\n"),
    (True, "(true)\n"),
    (False, "(false)\n"),
    ({}, "(empty hash)\n"),
    (SetReply(), "(empty set)\n"),
    (Verbatim("line one\nline two"), "line one\nline two\n"),
    (BigNumber(12345678901234567890), "(big number) 12345678901234567890\n"),
])
def test_scalars(reply, text):
    assert format_reply(reply) == text


def test_flat_and_nested_arrays():
    assert format_reply([b"a", b"b\n"]) == '1) "a"\n2) "b\\n"\n'
    nested = [1, [2, [3, b"a"]], [], b"b"]
    assert format_reply(nested) == (
        '1) (integer) 1\n'
        '2) 1) (integer) 2\n'
        '   2) 1) (integer) 3\n'
        '      2) "a"\n'
        '3) (empty array)\n'
        '4) "b"\n')


def test_index_width_pads_and_indents():
    reply = list(range(1, 11)) + [[1]]
    lines = format_reply(reply).splitlines()
    assert lines[0] == " 1) (integer) 1"
    assert lines[9] == "10) (integer) 10"
    assert lines[10] == "11) 1) (integer) 1"
    deep = [[b"x"] * 10]
    assert format_reply(deep).splitlines()[1] == '    2) "x"'


def test_resp3_aggregates():
    assert format_reply({b"f1": b"v1", b"f2": b"v2"}) == '1# "f1" => "v1"\n2# "f2" => "v2"\n'
    assert format_reply(MapReply([(0, False), (1, True)])) == "1# (integer) 0 => (false)\n2# (integer) 1 => (true)\n"
    assert format_reply(SetReply([b"y", b"x"])) == '1~ "y"\n2~ "x"\n'
    assert format_reply([[b"m", 1.5]]) == '1) 1) "m"\n   2) (double) 1.5\n'
    hello = {b"proto": 3, b"modules": []}
    assert format_reply(hello) == '1# "proto" => (integer) 3\n2# "modules" => (empty array)\n'
    assert format_reply(Push([b"message", b"ch", b"hi"])) == '1) "message"\n2) "ch"\n3) "hi"\n'


def test_errors_inside_arrays_and_exceptions():
    assert format_reply([OK, RedisError("ERR boom")]) == "1) OK\n2) (error) ERR boom\n"
    import redis
    e = redis.exceptions.NoScriptError("No matching script.", status_code="NOSCRIPT")
    assert format_exception(e) == "(error) NOSCRIPT No matching script.\n"


def test_raw_commands_print_text_as_is():
    assert is_raw_command([b"INFO"]) and is_raw_command([b"client", b"LIST"])
    assert not is_raw_command([b"GET", b"k"])
    assert format_reply(b"# Server\r\nredis_version:7.4\r\n", [b"INFO"]) == "# Server\r\nredis_version:7.4\r\n"
    assert format_reply(b"id=3 addr=x", [b"CLIENT", b"LIST"]) == "id=3 addr=x\n"


@pytest.fixture(scope="module")
def cli_server():
    if shutil.which("redis-server") is None or shutil.which("redis-cli") is None:
        pytest.skip("redis-server / redis-cli not installed")
    from tests.support.realredis import RealRedis
    srv = RealRedis()
    yield srv
    srv.stop()


def test_matches_real_redis_cli(cli_server):
    """`redis-cli --no-raw` forces the human format even without a TTY."""
    from tests.support.realredis import RawConn, decode

    conn = RawConn(cli_server.port)

    def both(*args, proto=2):
        extra = ["-3"] if proto == 3 else []
        out = subprocess.run(["redis-cli", "-p", str(cli_server.port), "--no-raw", *extra, *args],
                             capture_output=True, timeout=10).stdout.decode("utf-8", "replace")
        conn.command("HELLO", proto)
        raw = conn.command(*args)
        return out, _typed(raw)

    conn.command("FLUSHALL")
    conn.command("RPUSH", "l", "a", "b\n", "\xff")
    conn.command("HSET", "h", "f1", "v1")
    conn.command("SADD", "s", "x")
    conn.command("SET", "n", "5")
    conn.command("ZADD", "z", "1.5", "m")
    cases = [
        ("EVAL", "return {1,{2,{3,'a'}},{}, 'b'}", "0"),   # nested array with empty array
        ("GET", "nokey"), ("EXISTS", "n"), ("LRANGE", "l", "0", "-1"), ("LRANGE", "nokey", "0", "-1"),
        ("LPUSH", "h", "x"), ("SET", "k", "v"), ("ECHO", 'a"b\\c\t\r\x01'),
        ("EVAL", "return {1,2,3,4,5,6,7,8,9,10,{1}}", "0"),
    ]
    for args in cases:
        out, reply = both(*args)
        assert format_reply(reply, [a.encode() for a in args]) == out, args
    for args in [("HGETALL", "h"), ("HGETALL", "nokey"), ("SMEMBERS", "s"), ("SMEMBERS", "nokey"),
                 ("ZRANGE", "z", "0", "-1", "WITHSCORES"), ("ZSCORE", "z", "m"),
                 ("DEBUG", "PROTOCOL", "true"), ("DEBUG", "PROTOCOL", "verbatim")]:
        out, reply = both(*args, proto=3)
        assert format_reply(reply, [a.encode() for a in args]) == out, args
    conn.close()


def _typed(raw: bytes):
    """Decode a RESP frame keeping reply types, as the remote console does."""
    from redislab.repl.backends import RemoteBackend

    b = RemoteBackend.__new__(RemoteBackend)
    b._buf = raw
    b.conn = None
    return b._read()
