"""Pipelined reads whose plain commands run through Engine.execute_batch, mixed with
commands that change the connection's state: the bytes must equal redis-server's."""
from __future__ import annotations

import pytest

from redislab.protocol.resp import encode_command
from tests.server.conftest import exchange


def _chunk(*cmds) -> bytes:
    return b"".join(encode_command(*c) for c in cmds)


CASES = {
    "plain_run": [("SET", "a", "1"), ("INCR", "a"), ("GET", "a"), ("DEL", "a"), ("EXISTS", "a")],
    "errors_inside_a_run": [("SET", "s", "x"), ("INCR", "s"), ("GET", "s", "extra"),
                            ("NOSUCH", "x"), ("LPUSH", "s", "v"), ("GET", "s")],
    "multi_in_the_middle": [("SET", "a", "1"), ("MULTI",), ("INCR", "a"), ("GET", "a"),
                            ("EXEC",), ("GET", "a")],
    "multi_error_then_exec": [("MULTI",), ("SET", "a"), ("INCR", "a"), ("EXEC",), ("GET", "a")],
    "client_reply_off_and_on": [("SET", "a", "1"), ("CLIENT", "REPLY", "OFF"), ("INCR", "a"),
                                ("INCR", "a"), ("CLIENT", "REPLY", "ON"), ("GET", "a")],
    "client_reply_skip": [("CLIENT", "REPLY", "SKIP"), ("SET", "a", "1"), ("GET", "a")],
    "quit_stops_the_run": [("SET", "a", "1"), ("QUIT",), ("SET", "a", "2"), ("GET", "a")],
    "select_between": [("SET", "k", "db0"), ("SELECT", "1"), ("GET", "k"), ("SET", "k", "db1"),
                       ("SELECT", "0"), ("GET", "k")],
    "blpop_with_data": [("RPUSH", "l", "x"), ("BLPOP", "l", "0"), ("LLEN", "l")],
    "subscribe_then_data_command": [("SET", "a", "1"), ("SUBSCRIBE", "ch"), ("GET", "a"), ("PING",)],
    "hello3_switches_shapes": [("HSET", "h", "f", "1"), ("HGETALL", "h"), ("HELLO", "3"),
                               ("HGETALL", "h"), ("ZADD", "z", "1.5", "m"), ("ZSCORE", "z", "m")],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_pipelined_run_same_bytes_as_redis(served, real, name):
    data = _chunk(("FLUSHALL",), *CASES[name])   # the real server is shared by the module
    mine, mine_closed = exchange(served.port, data)
    theirs, their_closed = exchange(real.port, data)
    if name.startswith("hello3"):
        # HELLO's map carries the server's version, client id and (here, built in) the
        # Stack modules: compare around it, up to the reply that follows it.
        cut = lambda b: b[:b.index(b"%7\r\n")] + b[b.index(b"%1\r\n$1\r\nf\r\n", b.index(b"modules")):]  # noqa: E731
        mine, theirs = cut(mine), cut(theirs)
    assert (mine, mine_closed) == (theirs, their_closed)
