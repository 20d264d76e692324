"""Each scenario's qualitative result, for seed 1 with its default parameters."""
import json

import pytest

from redislab.sim import all_scenarios, run

_CACHE: dict = {}


def result(name, **params):
    key = (name, tuple(sorted(params.items())))
    if key not in _CACHE:
        _CACHE[key] = run(name, {k: str(v) for k, v in params.items()}, seed=1)
    return _CACHE[key]["results"]


def test_every_scenario_is_listed():
    assert set(all_scenarios()) == {"read-patterns", "write-patterns", "invalidation", "thundering-herd",
                                "eviction", "rate-limit", "lock", "session-store"}


# Small parameters keep the double runs quick; determinism does not depend on size.
SMALL = {
    "read-patterns": {"duration": "3"},
    "write-patterns": {"duration": "3", "crash_at": "1.5"},
    "invalidation": {"duration": "3"},
    "thundering-herd": {"duration": "6", "rate": "300"},
    "eviction": {"requests": "2000", "keys": "300", "sizes": "20"},
    "rate-limit": {},
    "lock": {"fault": "clock-jump"},
    "session-store": {"users": "20", "duration": "200", "restart_at": "150"},
}


@pytest.mark.parametrize("name", sorted(SMALL))
def test_same_seed_same_json(name):
    a = json.dumps(run(name, SMALL[name], seed=7), sort_keys=True)
    b = json.dumps(run(name, SMALL[name], seed=7), sort_keys=True)
    assert a == b


def test_other_seed_other_numbers():
    a = run("read-patterns", SMALL["read-patterns"], seed=1)["results"]
    b = run("read-patterns", SMALL["read-patterns"], seed=2)["results"]
    assert a != b


def test_read_patterns():
    r = result("read-patterns")
    ca, rt = r["cache-aside"], r["read-through"]
    assert ca["requests"] == rt["requests"]          # the same workload for both
    assert 0.6 < ca["hit_ratio"] < 0.9
    assert rt["db_queries"] < ca["db_queries"]       # the loader coalesces concurrent misses
    assert rt["p99_ms"] < ca["p99_ms"]


def test_write_behind_loses_writes_on_crash_write_through_does_not():
    r = result("write-patterns")
    wt, wb, inv = r["write-through"], r["write-behind"], r["invalidate-on-write"]
    assert wt["lost_writes"] == 0 and inv["lost_writes"] == 0
    assert wb["lost_writes"] > 20
    assert wb["lost_writes"] == wb["lost_in_queue_at_crash"]
    assert wb["write_p99_ms"] < 1 < wt["write_p50_ms"]          # the price of safety
    assert wb["max_stale_s"] > 5 > wt["max_stale_s"]            # lost rows come back old
    assert wb["db_queries"] < wt["db_queries"]                  # batching


def test_write_behind_without_crash_loses_nothing():
    r = result("write-patterns", crash_at=-1, strategies="write-behind")
    assert r["write-behind"]["lost_writes"] == 0


def test_invalidation_windows():
    r = result("invalidation")
    ttl, ev, ver = r["ttl"], r["event-delete"], r["versioned"]
    assert ttl["stale_reads"] > 10 * ev["stale_reads"]
    assert ttl["max_stale_s"] > 5                     # up to the TTL
    assert ev["max_stale_s"] < 1 and ver["max_stale_s"] < 1
    assert ver["p50_ms"] > ev["p50_ms"]               # one more round trip per read
    assert ver["cached_keys"] > ev["cached_keys"]     # old versions linger until their TTL


def test_thundering_herd():
    r = result("thundering-herd")
    naive, lock, jitter, xf = r["naive"], r["lock"], r["jitter"], r["xfetch"]
    assert naive["db_queries_in_window"] > 10 * 20       # a herd per hot key
    assert lock["db_queries_in_window"] == 20            # one per hot key
    assert naive["db_qps_peak"] > 4 * jitter["db_qps_peak"]
    assert naive["p99_ms"] > 1000 and lock["p99_ms"] < 200
    assert xf["hit_ratio"] > naive["hit_ratio"]
    assert xf["db_queries_in_window"] < naive["db_queries_in_window"]


def test_xfetch_with_higher_beta_refreshes_once_early():
    xf = result("thundering-herd", beta=3, strategies="xfetch")["xfetch"]
    assert xf["db_queries"] <= 40 and xf["p99_ms"] < 5


def test_eviction_policies_differ_and_bigger_caches_hit_more():
    r = result("eviction")
    for policy, row in r.items():
        assert row["evicted"] > 0, policy
        assert row["zipf@10%"] < row["zipf@25%"] < row["zipf@50%"] < 1
    lru, lfu, rnd, vttl = r["allkeys-lru"], r["allkeys-lfu"], r["allkeys-random"], r["volatile-ttl"]
    assert lfu["zipf@10%"] > lru["zipf@10%"] and lfu["zipf@10%"] > rnd["zipf@10%"]
    assert lfu["scan@10%"] > lru["scan@10%"]          # the sweep pushes hot keys out of LRU
    assert vttl["zipf@10%"] < rnd["zipf@10%"]         # TTL says nothing about popularity


def test_rate_limit_double_burst():
    r = result("rate-limit")
    fixed, sliding, bucket = r["fixed-window"], r["sliding-log"], r["token-bucket"]
    assert fixed["max_in_window"] >= 1.8 * fixed["limit"]    # ~2x across the boundary
    assert sliding["max_in_window"] <= sliding["limit"]
    assert bucket["max_in_window"] < 1.5 * bucket["limit"]
    assert fixed["max_in_1s"] > 1.5 * fixed["limit"]


@pytest.mark.parametrize("fault", ["pause", "clock-jump"])
def test_lock_two_holders_and_fencing(fault):
    r = result("lock", fault=fault)
    for name in ("single", "redlock"):
        assert r[name]["max_holders"] == 2, name
        assert r[name]["stale_writes_accepted"] == 1, name
        fenced = r[name + "+fencing"]
        assert fenced["max_holders"] == 2                  # fencing does not stop belief...
        assert fenced["stale_writes_accepted"] == 0        # ...it stops the damage
        assert fenced["stale_writes_rejected"] == 1
    assert any("rejected" in line for line in r["redlock+fencing"]["timeline"])


def test_lock_without_fault_is_safe():
    r = result("lock", fault="none")
    for name, row in r.items():
        assert row["max_holders"] == 1 and row["stale_writes_accepted"] == 0, name


def test_session_store():
    r = result("session-store")
    sl, fx = r["sliding"], r["fixed"]
    assert sl["requests"] == fx["requests"]
    assert sl["ttl_logouts"] == 0 and fx["ttl_logouts"] > 100
    assert sl["idle_expired"] > 0
    assert sl["sessions_lost_at_restart"] > 0 and sl["restart_logouts"] > 0
    assert fx["logins"] > 2 * sl["logins"]


def test_session_store_without_restart():
    r = result("session-store", restart_at=-1, strategies="sliding")
    assert r["sliding"]["restart_logouts"] == 0 and r["sliding"]["sessions_lost_at_restart"] == 0


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError, match="no parameter"):
        run("lock", {"nope": "1"})
    with pytest.raises(ValueError, match="not a int"):
        run("lock", {"ttl_ms": "soon"})
    with pytest.raises(ValueError, match="choose one of"):
        run("lock", {"fault": "meteor"})
    with pytest.raises(ValueError, match="unknown strategy"):
        run("lock", {"strategies": "paxos"})


@pytest.mark.parametrize("scenario,knob", [("read-patterns", "keys"), ("read-patterns", "rate"),
                                           ("write-patterns", "clients"), ("read-patterns", "ttl"),
                                           ("invalidation", "ttl")])
def test_knobs_below_what_the_model_runs_with_are_refused_by_name(scenario, knob):
    # 0 keys / 0 clients / rate 0 crashed inside the run (IndexError, ZeroDivisionError,
    # "empty range for randrange()"); ttl 0 failed in SET EX itself.
    with pytest.raises(ValueError, match=f"parameter {knob}: at least 1"):
        run(scenario, {knob: "0"})
    with pytest.raises(ValueError, match=f"parameter {knob}: at least 1"):
        all_scenarios()[scenario].resolve({knob: 0})          # typed values too (the lab, JSON)
