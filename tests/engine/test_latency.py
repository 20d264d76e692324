"""The latency monitor and histograms (engine/latency.py, commands/latency_cmds.py)."""
from redislab.engine.latency import LatencyMonitor
from redislab.errors import RedisError


def test_no_hook_while_threshold_is_zero(r):
    mon = LatencyMonitor.of(r.engine)
    assert mon._after_call not in r.engine.after_call
    r("CONFIG", "SET", "latency-monitor-threshold", "10")
    assert mon._after_call in r.engine.after_call
    r("CONFIG", "SET", "latency-monitor-threshold", "0")
    assert mon._after_call not in r.engine.after_call


def test_samples_per_second_keep_the_worst(r):
    r("CONFIG", "SET", "latency-monitor-threshold", "5")
    mon = LatencyMonitor.of(r.engine)
    mon.add_sample("command", 7)
    mon.add_sample("command", 30)
    mon.add_sample("command", 9)
    mon.add_sample("fast-command", 2)                 # below the threshold
    now = r.engine.clock.time_ms() // 1000
    assert r("LATENCY", "LATEST") == [[b"command", now, 30, 30]]
    r.engine.clock.advance(2)
    mon.add_sample("command", 6)
    assert r("LATENCY", "HISTORY", "command") == [[now, 30], [now + 2, 6]]
    assert r("LATENCY", "LATEST") == [[b"command", now + 2, 6, 30]]
    assert r("LATENCY", "GRAPH", "command").startswith("command - high 30 ms, low 6 ms (all time high 30 ms)")
    assert "command: 2 spikes" in r("LATENCY", "DOCTOR")
    assert r("LATENCY", "RESET", "command", "nosuch") == 1
    assert r("LATENCY", "LATEST") == []


def test_series_is_bounded(r):
    r("CONFIG", "SET", "latency-monitor-threshold", "1")
    mon = LatencyMonitor.of(r.engine)
    for _ in range(200):
        mon.add_sample("command", 5)
        r.engine.clock.advance(1)
    assert len(r("LATENCY", "HISTORY", "command")) == 160


def test_real_commands_are_measured():
    from redislab.engine import Engine

    e = Engine()                                      # real clock: DEBUG SLEEP really sleeps
    e.run("CONFIG", "SET", "latency-monitor-threshold", "2")
    e.run("DEBUG", "SLEEP", "0.004")
    e.run("PING")
    latest = e.run("LATENCY", "LATEST")
    assert [x[0] for x in latest] == [b"command"] and latest[0][2] >= 4


def test_histogram(r):
    r("CONFIG", "RESETSTAT")                          # command stats are shared by every engine
    r("SET", "a", "b")                                # before monitoring: placed at the mean
    r("CONFIG", "SET", "latency-monitor-threshold", "100")
    r("SET", "a", "c")
    h = r("LATENCY", "HISTOGRAM", "set", "get", "config|set", "nosuch")
    assert set(h) == {b"set", b"config|set"}
    assert h[b"set"][b"calls"] == 2
    assert list(h[b"set"][b"histogram_usec"].values())[-1] == 2
    assert b"set" in r("LATENCY", "HISTOGRAM")


def test_errors(r):
    e = r("LATENCY", "GRAPH", "nosuch")
    assert isinstance(e, RedisError) and e.message == "ERR No samples available for event 'nosuch'"
    assert r("LATENCY", "HISTORY", "nosuch") == []
    assert r("LATENCY", "DOCTOR").startswith("Latency monitoring is off")
    assert r("LATENCY", "HELP")[0].startswith("LATENCY <subcommand>")
