"""Guide Q5 as a hands-on task graded on the thundering-herd simulation.

The learner does not type Redis commands here but a small plan, one directive per
line (case-insensitive, ``#`` comments allowed)::

    strategy lock                 # naive, lock, jitter or xfetch
    param retry_sleep=0.05        # optional; jitter, retry_sleep or beta

The grader runs ``thundering-herd`` with that strategy for seed 1 and the default
workload (20 hot keys warmed together, 1000 reads/s, TTL 5 s, a 10-connection DB at
100 ms a query) and reads the DB queries issued around the synchronized expiry.
The ideal is one query per hot key; naive cache-aside issues over ten times that.
"""
from __future__ import annotations

from functools import lru_cache

from .grading import Result
from .tasks import Task, TaskRun, register

SEED = 1
STRATEGIES = ("naive", "lock", "jitter", "xfetch")
# jitter stops at 3 s because the run lasts 8 s with TTL 5: a larger jitter would push
# expiries past the end of the run and "win" by hiding the herd, not by preventing it.
ALLOWED = {"jitter": (0, 3), "retry_sleep": (0.01, 1.0), "beta": (0.1, 10.0)}
MAX_QUERIES = 40        # twice the 20 hot keys: a spike this small the DB pool absorbs
MAX_P99_MS = 250        # the waiting (lock retries, queued queries) must stay bearable


@lru_cache(maxsize=32)
def simulate(strategy: str, params: tuple = ()) -> dict:
    """Metrics of one strategy; cached because naive is run on every grading."""
    from ..sim.scenarios import get

    overrides = dict(params, strategies=strategy)
    return get("thundering-herd").execute(overrides, SEED)["results"][strategy]


def parse_plan(t: TaskRun) -> tuple[str | None, dict, list[str]]:
    """(strategy, params, problems) from the learner's directive lines."""
    from ..sim.scenarios import get

    problems, params = [], {}
    strategies = [s.split()[0].lower() for s in t.said("STRATEGY") if s.split()]
    strategy = strategies[-1] if strategies else None
    if strategy and strategy not in STRATEGIES:
        problems.append(f"unknown strategy {strategy!r}: one of {', '.join(STRATEGIES)}")
        strategy = None
    scenario = get("thundering-herd")
    for raw in t.said("PARAM"):
        name, eq, text = raw.partition("=")
        name, text = name.strip(), text.strip()
        if not eq or name not in ALLOWED:
            problems.append(f"param {raw!r}: write name=value with name one of {', '.join(ALLOWED)}")
            continue
        try:
            value = scenario.param(name).parse(text)
        except ValueError as e:
            problems.append(str(e))
            continue
        lo, hi = ALLOWED[name]
        if not lo <= float(value) <= hi:
            problems.append(f"param {name} must be between {lo:g} and {hi:g}")
            continue
        params[name] = value
    return strategy, params, problems


def _herd_check(t: TaskRun) -> Result:
    r = Result("", "task", 0.0)
    strategy, params, problems = parse_plan(t)
    r.feedback.extend(problems)
    if t.mine():
        r.feedback.append("Redis commands are not graded here; write 'strategy ...' and 'param ...' lines")
    if strategy is None:
        r.missing.append("choose a strategy: a line 'strategy lock|jitter|xfetch' (naive is the problem)")
        return r
    if problems:
        # Running with the bad line dropped would grade a plan the learner did not write.
        r.missing.append("fix the plan's lines; nothing was simulated")
        return r
    naive = simulate("naive")["db_queries_in_window"]
    got = simulate(strategy, tuple(sorted(params.items())))
    q, p99 = got["db_queries_in_window"], got["p99_ms"]
    shown = " ".join(f"{k}={v}" for k, v in sorted(params.items()))
    r.note = f"{strategy}{' ' + shown if shown else ''}: {q} DB queries around the expiry (naive: {naive}), p99 {p99} ms"
    if q <= MAX_QUERIES:
        r.score += 0.6
        r.feedback.append(f"{q} DB queries in the spike for 20 hot keys, against {naive} for naive cache-aside")
    elif q <= naive / 2:
        r.score += 0.3
        r.missing.append(f"{q} DB queries in the spike is better than {naive} but above {MAX_QUERIES}: "
                         "tune the parameters or pick a stronger strategy")
    else:
        r.missing.append(f"{q} DB queries in the spike: the herd is still there (threshold {MAX_QUERIES})")
    if r.score and p99 <= MAX_P99_MS:
        r.score += 0.4
        r.feedback.append(f"p99 {p99} ms: the requests that waited were not held up for long")
    elif r.score:
        r.missing.append(f"p99 {p99} ms is above {MAX_P99_MS} ms: the waiting costs too much (e.g. a long retry sleep)")
    return r


register(
    Task("herd", "Calm the thundering herd",
         "20 hot keys expire together under 1000 reads/s. Choose how the application refills them, one line "
         "each: 'strategy naive|lock|jitter|xfetch' and optional 'param NAME=VALUE' (jitter 0-3 s, "
         "retry_sleep 0.01-1 s, beta 0.1-10). The grader runs the thundering-herd simulation (seed 1): at most "
         f"{MAX_QUERIES} DB queries around the expiry and p99 at most {MAX_P99_MS} ms.",
         lambda run: None, _herd_check, directives=("STRATEGY", "PARAM")),
)
