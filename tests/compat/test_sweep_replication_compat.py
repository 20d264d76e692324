"""WAIT and ROLE against redis-server 7.0, which like the engine is a primary with no
replicas: WAIT's argument errors, its immediate answers (numreplicas <= 0, inside
MULTI), a WAIT that times out, one ended by CLIENT UNBLOCK, and ROLE's reply."""
from __future__ import annotations

import time

import pytest

from redislab.engine.blocking import Blocked
from redislab.protocol.resp import encode
from tests.support.realredis import decode


@pytest.mark.parametrize("args", [
    (), ("0",), ("0", "0", "0"), ("abc", "0"), ("0", "abc"), ("0", "-1"), ("0", "1.5"),
    ("1.5", "0"), ("9223372036854775808", "0"), ("0", "9223372036854775808"),
    ("0", "0"), ("-1", "0"), ("-9223372036854775808", "100"), ("0", "100"),
    ("1", "-1"), ("1", "abc"),
], ids=lambda a: " ".join(a) or "none")
def test_wait_arguments_and_immediate_answers(oracle, args):
    oracle.same("WAIT", *args)


def test_wait_inside_multi_answers_at_once(oracle):
    oracle.same("SET", "k", "v")
    oracle.same("MULTI")
    oracle.same("WAIT", "1", "0")
    oracle.same("WAIT", "5", "100")
    oracle.same("EXEC")


def test_wait_is_refused_in_scripts(oracle):
    oracle.same("EVAL", "return redis.call('wait', 0, 0)", "0")
    oracle.same("EVAL", "return redis.pcall('wait', 1, 10)", "0")


def _real_blocked(oracle) -> int:
    for line in oracle.conn.command("INFO", "clients").decode().split("\r\n"):
        if line.startswith("blocked_clients:"):
            return int(line.split(":")[1])
    return 0


def _park(oracle, side, *args):
    before = _real_blocked(oracle)
    argv = [a.encode() for a in args]
    side.conn.send(*argv)
    mine = side.engine.execute(side.session, argv)
    assert isinstance(mine, Blocked), mine
    deadline = time.time() + 5
    while _real_blocked(oracle) <= before and time.time() < deadline:
        time.sleep(0.005)
    return mine


def test_wait_without_replicas_times_out_with_zero(oracle):
    c = oracle.client()
    c.same("SET", "k", "v")
    mine = _park(oracle, c, "WAIT", "1", "50")
    assert encode(mine.wait(5), c.session.resp) == c.conn.read_reply() == b":0\r\n"


def test_client_unblock_ends_a_wait(oracle):
    c = oracle.client()
    ids = (c.engine.execute(c.session, [b"CLIENT", b"ID"]), decode(c.conn.command("CLIENT", "ID")))
    mine = _park(oracle, c, "WAIT", "1", "0")
    a = oracle.engine.execute(oracle.session, [b"CLIENT", b"UNBLOCK", str(ids[0]).encode()])
    b = oracle.conn.command("CLIENT", "UNBLOCK", str(ids[1]))
    assert encode(a, 2) == b == b":1\r\n"
    assert encode(mine.wait(5), c.session.resp) == c.conn.read_reply()


def test_role_of_a_primary(oracle):
    oracle.same("ROLE")
    oracle.same("ROLE", "x")
    oracle.same("EVAL", "return redis.call('role')", "0")
    oracle.same("MULTI")
    oracle.same("ROLE")
    oracle.same("EXEC")


def test_command_info_and_getkeys(oracle):
    oracle.same("COMMAND", "INFO", "wait", "role")
    oracle.same("COMMAND", "GETKEYS", "WAIT", "0", "0")
    oracle.same("COMMAND", "GETKEYS", "ROLE")
