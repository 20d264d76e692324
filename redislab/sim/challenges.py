"""Graded challenges: a scenario, the knobs the learner may turn, and a goal.

A challenge runs its scenario with exactly one strategy (the learner's choice among
``strategies``), the learner's allowed parameters, and the challenge's fixed ones;
then each goal is checked against that strategy's metrics. The report shows every
goal with the measured number, so a failure says how far off it was.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass, field

from .scenarios import get

_OPS = {"<=": operator.le, ">=": operator.ge, "==": operator.eq, "<": operator.lt, ">": operator.gt}


@dataclass(frozen=True)
class Goal:
    metric: str
    op: str
    value: float

    def check(self, metrics: dict) -> tuple[bool, object]:
        got = metrics.get(self.metric)
        return (got is not None and _OPS[self.op](got, self.value)), got

    def __str__(self) -> str:
        return f"{self.metric} {self.op} {self.value:g}"


@dataclass(frozen=True)
class Challenge:
    id: str
    title: str
    scenario: str
    strategies: tuple                   # the learner picks one with strategies=NAME
    goals: tuple                        # all must hold
    allowed: dict = field(default_factory=dict)   # param -> (lo, hi) or None (any value)
    fixed: dict = field(default_factory=dict)     # params the learner cannot change
    metric_key: str | None = None       # eviction: which column the goal's "hit_ratio" reads
    hint: str = ""

    def params(self, learner: dict) -> dict:
        """Validate the learner's parameters; return the overrides to run with."""
        scenario = get(self.scenario)
        out = dict(self.fixed)
        strategy = learner.get("strategies", self.strategies[0])
        if strategy not in self.strategies:
            raise ValueError(f"challenge {self.id}: choose strategies= one of {', '.join(self.strategies)}")
        out["strategies"] = strategy
        for name, text in learner.items():
            if name == "strategies":
                continue
            if name not in self.allowed:
                may = ", ".join(["strategies"] + list(self.allowed)) or "strategies"
                raise ValueError(f"challenge {self.id}: you may set only {may}")
            value = scenario.param(name).parse(text) if isinstance(text, str) else text
            bounds = self.allowed[name]
            if bounds is not None:
                lo, hi = bounds
                if not (lo <= float(value) <= hi):
                    raise ValueError(f"challenge {self.id}: {name} must be between {lo:g} and {hi:g}")
            out[name] = value
        return out

    def grade(self, learner: dict | None = None, seed: int = 1) -> dict:
        overrides = self.params(learner or {})
        result = get(self.scenario).execute(overrides, seed)
        strategy = overrides["strategies"]
        metrics = dict(result["results"][strategy])
        if self.metric_key:
            metrics["hit_ratio"] = metrics.get(self.metric_key)
        checks = []
        for g in self.goals:
            ok, got = g.check(metrics)
            checks.append({"goal": str(g), "value": got, "passed": ok})
        return {
            "challenge": self.id,
            "title": self.title,
            "scenario": self.scenario,
            "strategy": strategy,
            "params": {k: v for k, v in overrides.items() if k != "strategies"},
            "seed": seed,
            "checks": checks,
            "passed": all(c["passed"] for c in checks),
        }


CHALLENGES = {c.id: c for c in (
    Challenge(
        "calm-the-herd", "Keep DB queries under 50/s while the hot keys expire",
        "thundering-herd", ("naive", "lock", "jitter", "xfetch"),
        goals=(Goal("db_qps_peak", "<=", 50), Goal("p99_ms", "<=", 250)),
        allowed={"jitter": (0, 30), "retry_sleep": (0.01, 1.0), "beta": (0.1, 10.0)},
        hint="which strategy stops the herd at one query per key, and what does the wait cost?",
    ),
    Challenge(
        "never-twice-the-limit", "Never allow more than the limit in any window, even at a boundary",
        "rate-limit", ("fixed-window", "sliding-log", "token-bucket"),
        goals=(Goal("max_in_window", "<=", 100), Goal("allowed", ">=", 100)),
        hint="a counter per window resets at the boundary; a log of timestamps does not",
    ),
    Challenge(
        "small-cache-big-hits", "Reach 90 % hits with maxmemory at most 20 % of the data",
        "eviction", ("allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-ttl"),
        goals=(Goal("hit_ratio", ">=", 0.9), Goal("evicted", ">", 0)),
        allowed={"sizes": None},
        fixed={"workloads": "zipf", "zipf_s": 1.3},
        hint="the hot keys must survive; which policy counts how often a key is used?",
    ),
    Challenge(
        "fast-and-safe-writes", "Writes under 5 ms at p99 and at most 10 lost writes in the crash",
        "write-patterns", ("write-through", "write-behind", "invalidate-on-write"),
        goals=(Goal("write_p99_ms", "<=", 5), Goal("lost_writes", "<=", 10)),
        allowed={"flush_interval": (0.05, 5.0)},
        hint="write-behind loses what it had not flushed yet: how long is that window?",
    ),
    Challenge(
        "fence-the-pause", "No stale write may reach storage after a GC pause",
        "lock", ("single", "single+fencing", "redlock", "redlock+fencing"),
        goals=(Goal("stale_writes_accepted", "==", 0),),
        fixed={"fault": "pause"},
        hint="more Redis instances do not help a paused client; the storage must check",
    ),
    Challenge(
        "stay-logged-in", "No active user is logged out by the TTL, with sessions expiring within 2 min idle",
        "session-store", ("sliding", "fixed"),
        goals=(Goal("ttl_logouts", "==", 0),),
        allowed={"ttl": (10, 120)},
        hint="should a session's TTL start at login or at the last request?",
    ),
    Challenge(
        "fresh-within-a-second", "Readers never see data more than 1 s old, with 70 % hits",
        "invalidation", ("ttl", "event-delete", "versioned"),
        goals=(Goal("max_stale_s", "<=", 1.0), Goal("hit_ratio", ">=", 0.7)),
        allowed={"ttl": (1, 60)},
        hint="a short TTL bounds staleness but costs hits; an event on write does not",
    ),
)}


def grade(challenge_id: str, learner: dict | None = None, seed: int = 1) -> dict:
    if challenge_id not in CHALLENGES:
        raise KeyError(f"unknown challenge {challenge_id!r}; try: {', '.join(CHALLENGES)}")
    ch = CHALLENGES[challenge_id]
    learner = dict(learner or {})
    if ch.scenario == "eviction":
        # One size per attempt, capped at 20 %: the goal reads that size's column.
        size = str(learner.get("sizes", "20")).strip()
        if "," in size or not size.isdigit() or not 1 <= int(size) <= 20:
            raise ValueError("challenge small-cache-big-hits: sizes must be one whole percentage, 1..20")
        learner["sizes"] = size
        ch = Challenge(**{**ch.__dict__, "metric_key": f"zipf@{size}%"})
    return ch.grade(learner, seed)
