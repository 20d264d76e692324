"""The scheduler, database, workload and metrics the scenarios stand on."""
import random

import pytest

from redislab.sim.core import Future, Sim, Truth, encode_value, parse_versioned
from redislab.sim.database import Database
from redislab.sim.metrics import Metrics, max_in_span, per_second, percentile
from redislab.sim.workload import KeyChooser, Workload


def test_events_run_in_time_order_then_insertion_order():
    sim, seen = Sim(1), []
    sim.at(2.0, seen.append, "c")
    sim.at(1.0, seen.append, "a")
    sim.at(1.0, seen.append, "b")
    sim.run()
    assert seen == ["a", "b", "c"]
    assert sim.now == 2.0


def test_processes_sleep_on_virtual_time_and_wait_for_futures():
    sim, log = Sim(1), []
    fut = Future()

    def waiter():
        v = yield fut
        log.append((sim.now, v))

    def sleeper():
        yield 0.25
        fut.resolve("done")
        return 7

    sim.spawn(waiter())
    ret = sim.spawn(sleeper())
    sim.run()
    assert log == [(0.25, "done")]
    assert ret.done and ret.value == 7


def test_run_until_stops_and_moves_clocks():
    sim = Sim(1)
    e = sim.new_engine()
    e.run("SET", "k", "v", "EX", "2")
    sim.at(5.0, lambda: None)
    sim.run(until=1.5)
    assert e.run("GET", "k") == b"v"
    assert e.clock.time_ms() - sim.clocks[0].time_ms() == 0
    sim.run(until=2.5)
    assert e.run("GET", "k") is None


def test_clock_jump_on_one_engine_persists():
    sim = Sim(1)
    a, b = sim.new_engine(), sim.new_engine()
    b.clock.set_ms(b.clock.time_ms() + 10_000)
    sim.run(until=1.0)
    assert b.clock.time_ms() - a.clock.time_ms() == 10_000


def test_database_queues_when_connections_are_busy():
    sim = Sim(1)
    db = Database(sim, latency_ms=100, connections=1, jitter=0)
    done = []
    for i in range(3):
        db.read(f"k{i}").then(lambda v, i=i: done.append((i, round(sim.now, 3))))
    sim.run()
    assert done == [(0, 0.1), (1, 0.2), (2, 0.3)]
    assert db.max_queue == 2
    assert len(db.query_times) == 3


def test_database_read_sees_row_when_it_runs():
    sim = Sim(1)
    db = Database(sim, latency_ms=10, connections=4, jitter=0)
    got = []
    db.read("k").then(got.append)
    db.write("k", 5)
    sim.run()
    assert got == [1] and db.rows["k"] == 5 and ("k", 5) in db.applied


def test_truth_staleness():
    t = Truth()
    v2 = t.new_version("k")
    v3 = t.new_version("k")
    assert (v2, v3) == (2, 3)
    t.ack("k", v2, 1.0)
    t.ack("k", v3, 2.0)
    assert t.staleness("k", 3, 5.0) is None
    assert t.staleness("k", 2, 5.0) == 3.0
    assert t.staleness("k", 1, 5.0) == 4.0
    assert t.staleness("other", 1, 5.0) is None
    assert parse_versioned(encode_value("k", 12)) == 12


def test_metrics_helpers():
    assert percentile([], 99) == 0.0
    assert percentile(list(range(1, 101)), 50) == 50
    assert percentile(list(range(1, 101)), 99) == 99
    assert per_second([0.1, 0.2, 1.5, 9.0], 3) == [2, 1, 0]
    assert max_in_span([0, 1, 2, 10, 10.5, 11], 10) == 4
    m = Metrics(2)
    m.read(0.001, True, None)
    m.read(0.002, False, 0.5)
    s = m.summary(window=(0, 1))
    assert s["hit_ratio"] == 0.5 and s["stale_reads"] == 1 and s["max_stale_s"] == 0.5


def test_workload_is_deterministic_and_zipf_is_skewed():
    wl = Workload(keys=100, rate=1000, duration=2)
    a, b = wl.requests(3), wl.requests(3)
    assert a == b and a != wl.requests(4)
    assert 1800 < len(a) < 2200
    top = sum(1 for r in a if r.key == "item:0")
    assert top > len(a) * 0.1       # rank 1 of Zipf(1) over 100 keys gets ~19 %
    u = KeyChooser(100, "uniform")
    rng = random.Random(1)
    assert max(u(rng) for _ in range(1000)) == 99


def test_unknown_distribution_is_refused():
    with pytest.raises(ValueError):
        KeyChooser(10, "pareto")
