"""INFO commandstats belong to one engine: the command table is shared by every engine
in the process (lessons, simulations, in-process clients), the counts are not."""
from redislab.engine import Engine, VirtualClock


def stats_line(e, s, name: str) -> str | None:
    info = e.execute(s, [b"INFO", b"commandstats"])
    for line in info.split("\r\n"):
        if line.startswith(f"cmdstat_{name}:"):
            return line
    return None


def test_two_engines_count_their_own_calls():
    a, b = Engine(clock=VirtualClock()), Engine(clock=VirtualClock())
    sa, sb = a.session(), b.session()
    for _ in range(3):
        a.execute(sa, [b"SET", b"k", b"v"])
    b.execute(sb, [b"SET", b"k", b"v"])
    b.execute(sb, [b"INCR", b"k"])                  # fails: not an integer
    assert stats_line(a, sa, "set").startswith("cmdstat_set:calls=3,")
    assert stats_line(b, sb, "set").startswith("cmdstat_set:calls=1,")
    assert stats_line(a, sa, "incr") is None
    assert stats_line(b, sb, "incr").endswith("rejected_calls=0,failed_calls=1")
    assert a.commands_processed() == 3 + 2          # the two INFO calls count as well


def test_batches_subcommands_refusals_and_resetstat_stay_per_engine():
    a, b = Engine(clock=VirtualClock()), Engine(clock=VirtualClock())
    sa, sb = a.session(), b.session()
    with a.lock:
        a.execute_batch(sa, [[b"SET", b"x", b"1"], [b"GET", b"x"]], 0, [])
    a.execute(sa, [b"CONFIG", b"GET", b"maxmemory"])
    a.execute(sa, [b"GET"])                          # wrong arity: rejected
    assert stats_line(a, sa, "get").endswith("rejected_calls=1,failed_calls=0")
    assert stats_line(a, sa, "config|get").startswith("cmdstat_config|get:calls=1,")
    assert stats_line(b, sb, "get") is None and stats_line(b, sb, "config|get") is None
    b.execute(sb, [b"CONFIG", b"RESETSTAT"])
    assert stats_line(a, sa, "get") is not None     # b's reset leaves a alone
    a.execute(sa, [b"CONFIG", b"RESETSTAT"])
    assert stats_line(a, sa, "get") is None


def test_script_failures_count_on_the_engine_that_ran_them():
    a, b = Engine(clock=VirtualClock()), Engine(clock=VirtualClock())
    sa, sb = a.session(), b.session()
    a.execute(sa, [b"EVAL", b"return redis.call('INCR', 'nope', 'x')", b"0"])
    assert "failed_calls=1" in stats_line(a, sa, "eval")
    assert stats_line(b, sb, "eval") is None
