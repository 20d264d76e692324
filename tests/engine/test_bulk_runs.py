"""A pipelined run of GETs or plain SETs done at once (``CommandSpec.bulk``, used by
``Engine.execute_batch``) leaves the engine and the replies exactly as running the
commands one by one does, or steps aside."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from redislab.engine import Engine, VirtualClock
from redislab.engine.registry import lookup

KEYS = [b"a", b"b", b"c", b"list", b"ttl"]


def _prepare(e: Engine, with_ttl: bool, with_list: bool) -> None:
    e.run("SET", "a", "1")
    e.run("SET", "b", "x" * 50)
    if with_list:
        e.run("RPUSH", "list", "v")
    if with_ttl:
        e.run("SET", "ttl", "t", "PX", "5")


def _state(e: Engine) -> dict:
    db = e.keyspace.dbs[0]
    return {"data": dict(db.data), "expires": dict(db.expires), "atime": set(db.atime),
            "stats": {n: e.command_stats(lookup(n))[:1] + e.command_stats(lookup(n))[2:]
                      for n in ("get", "set")}}


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from([b"GET", b"SET", b"get"]),
       keys=st.lists(st.sampled_from(KEYS), min_size=4, max_size=20),
       with_ttl=st.booleans(), with_list=st.booleans(), advance=st.booleans())
def test_a_run_equals_one_command_at_a_time(name, keys, with_ttl, with_list, advance):
    if name.upper() == b"GET":
        cmds = [[name, k] for k in keys]
    else:
        cmds = [[name, k, b"v%d" % i] for i, k in enumerate(keys)]
    sides = []
    for bulk in (True, False):
        clock = VirtualClock()
        e = Engine(clock=clock)
        _prepare(e, with_ttl, with_list)
        if advance:
            clock.advance(10)          # the TTL key is now past its deadline
        s = e.session("tcp")
        replies: list = []
        if bulk:
            with e.lock:
                done = e.execute_batch(s, cmds, 0, replies)
            assert done == len(cmds)
        else:
            replies = [e.execute(s, argv) for argv in cmds]
        sides.append((replies, _state(e)))
    assert sides[0] == sides[1]


@settings(max_examples=150, deadline=None)
@given(cmds=st.lists(st.one_of(
    st.tuples(st.just(b"GET"), st.sampled_from(KEYS)),
    st.tuples(st.just(b"SET"), st.sampled_from(KEYS), st.sampled_from([b"1", b"x", b"10"])),
    st.tuples(st.just(b"INCR"), st.sampled_from(KEYS)),
    st.tuples(st.just(b"SET"), st.sampled_from(KEYS), st.just(b"v"), st.just(b"NX"))),
    min_size=4, max_size=40), with_ttl=st.booleans())
def test_mixed_pipelines_equal_one_command_at_a_time(cmds, with_ttl):
    # Runs of GET or plain SET inside a mixed pipeline go the bulk way; the rest not.
    cmds = [list(c) for c in cmds]
    sides = []
    for bulk in (True, False):
        e = Engine(clock=VirtualClock())
        _prepare(e, with_ttl, True)
        s = e.session("tcp")
        if bulk:
            replies: list = []
            i = 0
            with e.lock:
                while i < len(cmds):
                    i = e.execute_batch(s, cmds, i, replies)
                    if i < len(cmds):          # not batch-safe: the server runs it alone
                        replies.append(e.execute(s, cmds[i]))
                        i += 1
        else:
            replies = [e.execute(s, argv) for argv in cmds]
        sides.append((replies, _state(e)))
    assert sides[0] == sides[1]


def test_bulk_steps_aside_for_a_type_error_and_under_a_low_slowlog_threshold():
    e = Engine()
    e.run("RPUSH", "l", "x")
    s = e.session("tcp")
    replies: list = []
    with e.lock:
        e.execute_batch(s, [[b"GET", b"l"]] * 5, 0, replies)
    assert [r.message for r in replies] == [
        "WRONGTYPE Operation against a key holding the wrong kind of value"] * 5
    e.run("CONFIG", "SET", "slowlog-log-slower-than", "0")
    with e.lock:
        e.execute_batch(s, [[b"SET", b"k%d" % i, b"v"] for i in range(6)], 0, [])
    assert e.run("SLOWLOG", "LEN") >= 6          # each command timed and logged on its own


def test_a_run_counts_every_call(monkeypatch):
    used = []
    for name in ("get", "set"):
        spec = lookup(name)

        def spy(s, cmds, i, replies, real=spec.bulk):
            j = real(s, cmds, i, replies)
            used.append(j - i)
            return j

        monkeypatch.setattr(spec, "bulk", spy)
    e = Engine()
    s = e.session("tcp")
    with e.lock:
        e.execute_batch(s, [[b"SET", b"k%d" % i, b"v"] for i in range(10)], 0, [])
        e.execute_batch(s, [[b"GET", b"k%d" % i] for i in range(7)], 0, [])
    info = e.run("INFO", "commandstats")
    assert "cmdstat_set:calls=10," in info and "cmdstat_get:calls=7," in info
    assert e.run("DBSIZE") == 10
    assert used == [10, 7]                      # both runs went the bulk way, whole
