"""Graded challenges and the `redislab simulate` command."""
import json

import pytest

from redislab.cli import main
from redislab.sim.challenges import CHALLENGES, grade
from redislab.sim.scenarios import all_scenarios


def test_every_challenge_names_a_real_scenario_and_knobs():
    table = all_scenarios()
    for ch in CHALLENGES.values():
        sc = table[ch.scenario]
        assert set(ch.strategies) <= set(sc.strategies)
        for name in list(ch.allowed) + list(ch.fixed):
            sc.param(name)


@pytest.mark.parametrize("cid,params,passed", [
    ("calm-the-herd", {"strategies": "lock"}, True),
    ("calm-the-herd", {"strategies": "naive"}, False),
    ("never-twice-the-limit", {"strategies": "sliding-log"}, True),
    ("never-twice-the-limit", {"strategies": "fixed-window"}, False),
    ("fast-and-safe-writes", {"strategies": "write-behind", "flush_interval": "0.1"}, True),
    ("fast-and-safe-writes", {"strategies": "write-behind"}, False),
    ("fast-and-safe-writes", {"strategies": "write-through"}, False),
    ("fence-the-pause", {"strategies": "redlock"}, False),
    ("fence-the-pause", {"strategies": "single+fencing"}, True),
    ("stay-logged-in", {"strategies": "sliding", "ttl": "60"}, True),
    ("stay-logged-in", {"strategies": "fixed", "ttl": "120"}, False),
    ("fresh-within-a-second", {"strategies": "ttl"}, False),
    ("fresh-within-a-second", {"strategies": "event-delete"}, True),
])
def test_grading(cid, params, passed):
    g = grade(cid, params, seed=1)
    assert g["passed"] is passed
    assert all("value" in c and "goal" in c for c in g["checks"])


def test_small_cache_challenge_reads_the_chosen_size():
    lfu = grade("small-cache-big-hits", {"strategies": "allkeys-lfu", "sizes": "20"})
    lru = grade("small-cache-big-hits", {"strategies": "allkeys-lru", "sizes": "20"})
    small = grade("small-cache-big-hits", {"strategies": "allkeys-lfu", "sizes": "5"})
    assert lfu["passed"] and not lru["passed"] and not small["passed"]
    assert lfu["checks"][0]["goal"] == "hit_ratio >= 0.9"
    assert lru["checks"][0]["value"] < 0.9 <= lfu["checks"][0]["value"]
    with pytest.raises(ValueError, match="1..20"):
        grade("small-cache-big-hits", {"sizes": "60"})
    with pytest.raises(ValueError, match="you may set only"):
        grade("small-cache-big-hits", {"zipf_s": "2"})


def test_learner_may_only_turn_the_allowed_knobs():
    with pytest.raises(ValueError, match="you may set only"):
        grade("calm-the-herd", {"strategies": "lock", "hot_keys": "1"})
    with pytest.raises(ValueError, match="between"):
        grade("calm-the-herd", {"strategies": "lock", "jitter": "1000"})
    with pytest.raises(ValueError, match="choose strategies="):
        grade("fence-the-pause", {"strategies": "paxos"})
    with pytest.raises(KeyError):
        grade("no-such-challenge")


def test_cli_list(capsys):
    assert main(["simulate", "--list"]) == 0
    out = capsys.readouterr().out
    for name in all_scenarios():
        assert name in out
    assert "calm-the-herd" in out and "retry_sleep=0.1" in out


def test_cli_table(capsys):
    assert main(["simulate", "rate-limit", "--param", "burst=120"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("metric"))
    assert header.split() == ["metric", "fixed-window", "sliding-log", "token-bucket"]
    assert any(line.startswith("max_in_window") for line in lines)
    assert "burst=120" in out


def test_cli_json_is_the_same_twice(capsys):
    args = ["simulate", "lock", "-p", "fault=clock-jump", "--seed", "3", "--json"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert main(args) == 0
    assert capsys.readouterr().out == first
    data = json.loads(first)
    assert data["seed"] == 3 and data["params"]["fault"] == "clock-jump"
    assert set(data["results"]) == {"single", "single+fencing", "redlock", "redlock+fencing"}


def test_cli_challenge_exit_codes(capsys):
    assert main(["simulate", "lock", "--challenge", "fence-the-pause", "-p", "strategies=redlock+fencing"]) == 0
    assert "PASSED" in capsys.readouterr().out
    assert main(["simulate", "lock", "--challenge", "fence-the-pause", "-p", "strategies=redlock"]) == 1
    out = capsys.readouterr().out
    assert "[FAIL] stale_writes_accepted == 0: got 1" in out


def test_cli_errors(capsys):
    assert main(["simulate", "nosuch"]) == 2
    assert "unknown scenario" in capsys.readouterr().err
    assert main(["simulate", "lock", "-p", "fault"]) == 2
    assert "NAME=VALUE" in capsys.readouterr().err
    assert main(["simulate", "lock", "-p", "ttl_ms=x"]) == 2
    assert main(["simulate", "lock", "--challenge", "calm-the-herd"]) == 2
    assert "no challenge" in capsys.readouterr().err
    assert main(["simulate"]) == 2
