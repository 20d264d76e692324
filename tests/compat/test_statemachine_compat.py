"""Hypothesis state machine: random command sequences on the engine and on a real
redis-server, every reply compared. A short run is part of the normal suite; a
long run is marked slow and runs in CI's separate step."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test

from tests.compat.conftest import Oracle
from tests.support.realredis import RawConn

KEYS = st.sampled_from([b"k1", b"k2", b"k3", b"{t}a"])
VALUES = st.sampled_from([b"0", b"1", b"-7", b"42", b"3.5", b"abc", b"", b"x" * 50, b"9223372036854775807", b"1e3"])
INTS = st.sampled_from([b"0", b"1", b"-1", b"2", b"-3", b"10", b"abc", b"99999999999999999999"])
SCORES = st.sampled_from([b"0", b"1", b"-1", b"2.5", b"-inf", b"+inf", b"1e2", b"x"])
MEMBERS = st.sampled_from([b"a", b"b", b"c", b"1", b"2", b"10"])


def make_machine(port: int):
    class Machine(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            probe = RawConn(port)
            probe.command("FLUSHALL")
            probe.close()
            self.o = Oracle(port)

        def teardown(self):
            self.o.close()

        def same(self, *cmd, **kw):
            self.o.same(*cmd, **kw)

        # strings and keys
        @rule(k=KEYS, v=VALUES, opt=st.sampled_from([(), (b"NX",), (b"XX",), (b"GET",), (b"KEEPTTL",)]))
        def set(self, k, v, opt):
            self.same(b"SET", k, v, *opt)

        @rule(k=KEYS)
        def get(self, k):
            self.same(b"GET", k)

        @rule(k=KEYS, cmd=st.sampled_from([b"INCR", b"DECR", b"STRLEN", b"TYPE", b"EXISTS", b"DEL", b"PERSIST", b"LLEN", b"SCARD", b"ZCARD", b"HLEN"]))
        def one_key(self, k, cmd):
            self.same(cmd, k)

        @rule(k=KEYS, n=INTS)
        def incrby(self, k, n):
            self.same(b"INCRBY", k, n)

        @rule(k=KEYS, v=VALUES)
        def append(self, k, v):
            self.same(b"APPEND", k, v)

        @rule(k=KEYS, a=st.integers(-5, 5), b=st.integers(-5, 5))
        def getrange(self, k, a, b):
            self.same(b"GETRANGE", k, str(a).encode(), str(b).encode())

        @rule(a=KEYS, b=KEYS)
        def rename(self, a, b):
            self.same(b"RENAME", a, b)

        @rule(ks=st.lists(KEYS, min_size=1, max_size=3))
        def mget(self, ks):
            self.same(b"MGET", *ks)

        # lists
        @rule(k=KEYS, cmd=st.sampled_from([b"LPUSH", b"RPUSH"]), vs=st.lists(MEMBERS, min_size=1, max_size=3))
        def push(self, k, cmd, vs):
            self.same(cmd, k, *vs)

        @rule(k=KEYS, cmd=st.sampled_from([b"LPOP", b"RPOP"]), count=st.sampled_from([(), (b"0",), (b"2",), (b"-1",)]))
        def pop(self, k, cmd, count):
            self.same(cmd, k, *count)

        @rule(k=KEYS, a=st.integers(-4, 4), b=st.integers(-4, 4))
        def lrange(self, k, a, b):
            self.same(b"LRANGE", k, str(a).encode(), str(b).encode())

        @rule(k=KEYS, n=st.integers(-3, 3), v=MEMBERS)
        def lrem(self, k, n, v):
            self.same(b"LREM", k, str(n).encode(), v)

        # hashes
        @rule(k=KEYS, f=MEMBERS, v=VALUES)
        def hset(self, k, f, v):
            self.same(b"HSET", k, f, v)

        @rule(k=KEYS, f=MEMBERS, n=INTS)
        def hincrby(self, k, f, n):
            self.same(b"HINCRBY", k, f, n)

        @rule(k=KEYS, f=MEMBERS, cmd=st.sampled_from([b"HGET", b"HDEL", b"HEXISTS", b"HSTRLEN"]))
        def hfield(self, k, f, cmd):
            self.same(cmd, k, f)

        @rule(k=KEYS)
        def hgetall(self, k):
            self.same(b"HGETALL", k)

        # sets
        @rule(k=KEYS, cmd=st.sampled_from([b"SADD", b"SREM"]), ms=st.lists(MEMBERS, min_size=1, max_size=3))
        def sadd(self, k, cmd, ms):
            self.same(cmd, k, *ms)

        @rule(a=KEYS, b=KEYS, cmd=st.sampled_from([b"SINTER", b"SUNION", b"SDIFF"]))
        def salgebra(self, a, b, cmd):
            self.same(cmd, a, b, unordered=True)

        @rule(k=KEYS)
        def smembers(self, k):
            self.same(b"SMEMBERS", k, unordered=True)

        # sorted sets
        @rule(k=KEYS, opt=st.sampled_from([(), (b"NX",), (b"XX",), (b"GT",), (b"LT", b"CH"), (b"INCR",)]), sc=SCORES, m=MEMBERS)
        def zadd(self, k, opt, sc, m):
            self.same(b"ZADD", k, *opt, sc, m, floats=True)

        @rule(k=KEYS, sc=SCORES, m=MEMBERS)
        def zincrby(self, k, sc, m):
            self.same(b"ZINCRBY", k, sc, m, floats=True)

        @rule(k=KEYS, a=st.integers(-3, 3), b=st.integers(-3, 3))
        def zrange(self, k, a, b):
            self.same(b"ZRANGE", k, str(a).encode(), str(b).encode(), b"WITHSCORES", floats=True)

        @rule(k=KEYS, m=MEMBERS, cmd=st.sampled_from([b"ZSCORE", b"ZRANK", b"ZREVRANK", b"ZREM"]))
        def zmember(self, k, m, cmd):
            self.same(cmd, k, m, floats=True)

        @rule(k=KEYS, lo=SCORES, hi=SCORES)
        def zcount(self, k, lo, hi):
            self.same(b"ZCOUNT", k, lo, hi)

    return Machine


def _run(port: int, examples: int, steps: int) -> None:
    machine = make_machine(port)
    run_state_machine_as_test(machine, settings=settings(
        max_examples=examples, stateful_step_count=steps, deadline=None,
        suppress_health_check=list(HealthCheck)))


def test_random_command_sequences(real_redis):
    _run(real_redis.port, examples=25, steps=25)


@pytest.mark.slow
def test_random_command_sequences_long(real_redis):
    _run(real_redis.port, examples=400, steps=60)
