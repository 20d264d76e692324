"""XREAD / XREADGROUP (with and without BLOCK) and XINFO against a real redis-server.

A blocked call is sent raw on a second connection to the server, and run on the
engine where it returns a Blocked; after the waking XADD both replies are compared.
Behaviour new in 7.2/7.4 (XREAD '+', XINFO CONSUMERS 'inactive', unbalanced-list
texts) is unit-tested in tests/engine/commands/test_streams_read.py instead."""
import time

from redislab.protocol.resp import encode
from tests.support.realredis import decode


def fill(o, key="s", n=5):
    for i in range(1, n + 1):
        o.same("XADD", key, f"{i}-0", "n", str(i))


def test_xread_forms(oracle):
    o = oracle
    fill(o)
    fill(o, "t", 2)
    o.same("XREAD", "STREAMS", "s", "0")
    o.same("XREAD", "COUNT", "2", "STREAMS", "s", "0")
    o.same("XREAD", "COUNT", "2", "STREAMS", "s", "t", "2-0", "0-0")
    o.same("XREAD", "STREAMS", "s", "t", "nokey", "$", "1", "0")
    o.same("XREAD", "STREAMS", "s", "5")
    o.same("XREAD", "STREAMS", "s", "$")
    o.same("XREAD", "STREAMS", "nokey", "$")
    o.same("XREAD", "STREAMS", "s", "s", "3", "1")
    o.same("XREAD", "COUNT", "0", "STREAMS", "s", "3")
    o.same("XREAD", "COUNT", "-1", "STREAMS", "s", "3")
    o.same("XREAD", "count", "1", "count", "3", "streams", "s", "0")
    o.same("XREAD", "STREAMS", "s", "4-18446744073709551615")
    o.same("XREAD", "STREAMS", "s", "18446744073709551615-18446744073709551615")
    o.same("XDEL", "s", "5-0")
    o.same("XREAD", "STREAMS", "s", "4")
    o.same("XREAD", "STREAMS", "s", "3")


def test_xread_errors(oracle):
    o = oracle
    fill(o)
    for args in (("COUNT", "x", "STREAMS", "s", "0"), ("BLOCK", "-1", "STREAMS", "s", "0"),
                 ("BLOCK", "x", "STREAMS", "s", "0"), ("BLOCK", "1.5", "STREAMS", "s", "0"),
                 ("GROUP", "g", "c", "STREAMS", "s", "0"), ("NOACK", "STREAMS", "s", "0"),
                 ("FOO", "STREAMS", "s", "0"), ("STREAMS", "s", ">"), ("STREAMS", "s", "bad"),
                 ("STREAMS", "s", "-"), ("COUNT", "1", "BLOCK", "0"), ("COUNT", "1", "s", "0"),
                 ("STREAMS", "nokey", "bad")):
        o.same("XREAD", *args)
    o.same("SET", "str", "x")
    o.same("XREAD", "STREAMS", "str", "0")
    o.same("XREAD", "STREAMS", "s", "str", "0", "0")


def _blocked(o, side, *args):
    """Send a blocking command on ``side`` to both; returns the engine's Blocked."""
    argv = [a if isinstance(a, bytes) else str(a).encode() for a in args]
    b = o.engine.execute(side.session, argv)
    before = _server_blocked(o)
    side.conn.send(*argv)
    assert type(b).__name__ == "Blocked", b
    deadline = time.time() + 5
    while _server_blocked(o) <= before:     # the server must have parked it before we go on
        assert time.time() < deadline, "redis-server did not block the client"
        time.sleep(0.005)
    return b


def _server_blocked(o) -> int:
    info = o.conn.command("INFO", "clients").decode()
    return int(info.split("blocked_clients:")[1].split("\r\n")[0])


def _answer(side, b):
    theirs = side.conn.read_reply()
    assert b.done
    assert encode(b.reply, side.session.resp) == theirs, (b.reply, theirs)
    return decode(theirs)


def test_xread_block_woken_by_xadd(oracle):
    o = oracle
    fill(o, n=2)
    c = o.client()
    b = _blocked(o, c, "XREAD", "BLOCK", "0", "STREAMS", "s", "$")
    o.same("XADD", "other", "1-0", "f", "v")
    assert not b.done
    o.same("XADD", "s", "3-0", "n", "3")
    assert _answer(c, b) == [[b"s", [[b"3-0", [b"n", b"3"]]]]]
    c.same("PING")


def test_xread_block_on_missing_key_and_several_streams(oracle):
    o = oracle
    c = o.client()
    b = _blocked(o, c, "XREAD", "COUNT", "1", "BLOCK", "0", "STREAMS", "a", "b", "$", "$")
    o.same("XADD", "b", "5-0", "f", "v")
    _answer(c, b)
    b = _blocked(o, c, "XREAD", "BLOCK", "0", "STREAMS", "b", "5-0")
    o.same("MULTI")
    o.same("XADD", "b", "6-0", "f", "v")
    o.same("XADD", "b", "7-0", "f", "v")
    o.same("EXEC")
    _answer(c, b)


def test_xreadgroup_block_fifo_between_consumers(oracle):
    o = oracle
    o.same("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
    c1, c2 = o.client(), o.client()
    b1 = _blocked(o, c1, "XREADGROUP", "GROUP", "g", "one", "BLOCK", "0", "STREAMS", "s", ">")
    b2 = _blocked(o, c2, "XREADGROUP", "GROUP", "g", "two", "BLOCK", "0", "STREAMS", "s", ">")
    o.same("XADD", "s", "1-0", "f", "v")
    _answer(c1, b1)
    assert not b2.done
    o.same("XADD", "s", "2-0", "f", "v")
    _answer(c2, b2)
    o.same("XPENDING", "s", "g")
    o.same("XINFO", "GROUPS", "s")


def test_blocking_reads_inside_multi_answer_at_once(oracle):
    o = oracle
    o.same("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
    o.same("MULTI")
    o.same("XREAD", "BLOCK", "0", "STREAMS", "s", "$")
    o.same("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">")
    o.same("XREAD", "BLOCK", "0", "STREAMS", "s", "0")
    o.same("EXEC")


def test_xinfo_stream_and_groups(oracle):
    o = oracle
    o.same("XINFO", "STREAM", "nokey")
    o.same("XINFO", "GROUPS", "nokey")
    o.same("XINFO", "CONSUMERS", "nokey", "g")
    o.same("XINFO", "STREAM", "nokey", "FOO")
    fill(o, n=3)
    o.same("XINFO", "STREAM", "s")
    o.same("XINFO", "GROUPS", "s")
    o.same("XINFO", "CONSUMERS", "s", "nog")
    o.same("XINFO", "STREAM", "s", "FOO")
    o.same("XINFO", "STREAM", "s", "FULL", "COUNT")
    o.same("XINFO", "STREAM", "s", "FULL", "COUNT", "x")
    o.same("XINFO", "STREAM", "s", "FULL", "LIMIT", "1")
    o.same("XINFO", "STREAM", "s", "FULL", "COUNT", "1", "x")
    o.same("XINFO", "FOO", "s")
    o.same("XINFO", "STREAM")
    o.same("XINFO", "GROUPS", "s", "x")
    o.same("XINFO", "HELP", "x")
    o.same("XGROUP", "CREATE", "s", "b", "0")
    o.same("XGROUP", "CREATE", "s", "a", "$")
    o.same("XINFO", "GROUPS", "s")
    o.same("XINFO", "STREAM", "s")
    # FULL without consumers holds no clock values yet
    o.same("XINFO", "STREAM", "s", "FULL")
    o.same("XINFO", "STREAM", "s", "FULL", "COUNT", "1")
    o.same("XINFO", "STREAM", "s", "FULL", "COUNT", "0")
    o.same("XINFO", "STREAM", "s", "FULL", "COUNT", "-1")
    o.same("SET", "str", "x")
    o.same("XINFO", "STREAM", "str")
    o.same("XINFO", "GROUPS", "str")
    o.same("XINFO", "CONSUMERS", "str", "g")


def _normalize_times(v, drop_active=False):
    """Clock values (unix ms) become a marker; 7.2's active-time pair is dropped."""
    if isinstance(v, list):
        out, i = [], 0
        while i < len(v):
            if drop_active and v[i] == b"active-time":
                i += 2
                continue
            out.append(_normalize_times(v[i], drop_active))
            i += 1
        return out
    if isinstance(v, int) and v >= 1_000_000_000_000:
        return "<ms>"
    return v


def test_xinfo_stream_full_layout(oracle):
    o = oracle
    for i in range(1, 6):
        o.same("XADD", "s", f"{i}-0", "n", str(i))
    o.same("XGROUP", "CREATE", "s", "g", "0")
    o.same("XGROUP", "CREATE", "s", "h", "3-0")
    o.same("XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">")
    o.same("XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", ">")
    o.same("XREADGROUP", "GROUP", "h", "carol", "STREAMS", "s", ">")
    o.same("XDEL", "s", "4-0")
    for extra in ((), ("COUNT", "1"), ("COUNT", "0")):
        mine, theirs = o.run("XINFO", "STREAM", "s", "FULL", *extra)
        assert _normalize_times(decode(mine), drop_active=True) == _normalize_times(decode(theirs))
