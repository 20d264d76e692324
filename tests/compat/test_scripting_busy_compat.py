"""Busy scripts against a real redis-server: BUSY texts, SCRIPT/FUNCTION KILL, UNKILLABLE.

Both sides get the same script from one connection while a second connection
probes; busy-reply-threshold is lowered so each test takes a fraction of a second.
"""
import threading
import time

import pytest

from redislab.engine.scripting import scripting
from redislab.protocol.resp import encode
from tests.support.realredis import RawConn

SPIN = "local i = 0 while true do i = i + 1 end"


@pytest.fixture
def busy(oracle):
    oracle.same("CONFIG", "SET", "busy-reply-threshold", "100")
    probe = oracle.client()          # the second connection on both sides, made before any script
    scripting(oracle.engine)         # likewise: creating the scripting state takes the engine lock
    yield oracle, probe
    # Never leave the shared real server busy for the tests that follow, even on failure.
    rescue = RawConn(oracle.port)
    for cmd in (("SCRIPT", "KILL"), ("FUNCTION", "KILL"), ("CONFIG", "SET", "busy-reply-threshold", "5000")):
        rescue.command(*cmd)
    rescue.close()
    for kind in ("eval", "function"):
        scripting(oracle.engine).kill(kind)


def _start(oracle, *cmd):
    """Send ``cmd`` on the first connection of both sides; returns a join() -> (mine, theirs)."""
    argv = [a if isinstance(a, bytes) else str(a).encode() for a in cmd]
    box = {}

    def mine():
        box["mine"] = encode(oracle.engine.execute(oracle.session, argv), oracle.session.resp)

    t = threading.Thread(target=mine, daemon=True)
    t.start()
    oracle.conn.send(*argv)

    def join():
        theirs = oracle.conn.read_reply()
        t.join(10)
        return box["mine"], theirs

    return join


def _wait_busy(oracle, probe):
    deadline = time.monotonic() + 10
    while oracle.engine.busy_script is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(0.25)          # the real server needs the threshold to pass as well


def test_busy_eval_and_script_kill(busy):
    oracle, probe = busy
    join = _start(oracle, "EVAL", SPIN, 0)
    _wait_busy(oracle, probe)
    probe.same("GET", "x")
    probe.same("FUNCTION", "KILL")
    probe.same("FUNCTION", "STATS")
    probe.same("SCRIPT", "KILL")
    mine, theirs = join()
    assert mine == theirs
    probe.same("SCRIPT", "KILL")
    probe.same("PING")


def test_busy_function_and_function_kill(busy):
    oracle, probe = busy
    oracle.same("FUNCTION", "LOAD", "REPLACE", "#!lua name=spinlib\n"
                "redis.register_function('spin', function() " + SPIN + " end)")
    try:
        join = _start(oracle, "FCALL", "spin", 0)
        _wait_busy(oracle, probe)
        probe.same("GET", "x")
        probe.same("SCRIPT", "KILL")
        probe.same("FUNCTION", "KILL")
        mine, theirs = join()
        assert mine == theirs
        probe.same("FUNCTION", "KILL")
    finally:
        oracle.run("FUNCTION", "DELETE", "spinlib")


def test_kill_reaches_a_script_that_pcalls(busy):
    oracle, probe = busy
    join = _start(oracle, "EVAL", "while true do pcall(function() " + SPIN + " end) end", 0)
    _wait_busy(oracle, probe)
    probe.same("SCRIPT", "KILL")
    mine, theirs = join()
    assert mine == theirs
