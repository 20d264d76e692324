"""rate-limit: fixed window vs sliding log vs token bucket at a window boundary.

One client sends a light background load (``background_rate``/s) and, around a
window boundary, a burst: ``burst`` requests in the ``burst_span`` seconds before
the boundary and ``burst`` more in the ``burst_span`` seconds after it.

* fixed-window (guide 10.2): INCR rate:USER:<now // window> + EXPIRE in a pipeline.
  The counter resets at the boundary, so the end of one window and the start of the
  next each allow ``limit``: about 2 x limit inside one window-length span.
* sliding-log (guide 8.2, the Lua script via EVALSHA): ZREMRANGEBYSCORE the old
  entries, ZCARD, ZADD when under the limit. Never more than ``limit`` in any
  window-length span.
* token-bucket (Lua): ``limit`` tokens, refilled at limit/window per second. Allows a
  burst of ``limit`` plus what refills meanwhile; smooth afterwards.

Read ``max_in_window`` (most requests allowed in any ``window`` seconds, the number a
limiter promises to keep <= ``limit``) and ``max_in_1s`` (how bursty it lets traffic be).
"""
from __future__ import annotations

import random

from ..core import Sim
from ..metrics import max_in_span
from .base import Param, Scenario

RATE_LIMIT_SCRIPT = """
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
-- Remove old requests outside window
redis.call('ZREMRANGEBYSCORE', key, 0, now - window)
-- Check current request count
local count = redis.call('ZCARD', key)
if count < limit then
  -- Allow: add new request
  redis.call('ZADD', key, now, now .. ':' .. math.random())
  redis.call('EXPIRE', key, window)
  return 1
else
  -- Deny
  return 0
end
"""

TOKEN_BUCKET_SCRIPT = """
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1]) or capacity
local ts = tonumber(b[2]) or now
tokens = math.min(capacity, tokens + (now - ts) * per_ms)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / per_ms))
return allowed
"""


class Limiters:
    def __init__(self, sim: Sim, p: dict):
        import redislab

        self.sim, self.p = sim, p
        self.r = redislab.Redis(engine=sim.new_engine(), decode_responses=True)
        self.sliding_sha = self.r.script_load(RATE_LIMIT_SCRIPT)
        self.bucket_sha = self.r.script_load(TOKEN_BUCKET_SCRIPT)

    def fixed_window(self, user: str) -> bool:
        limit, window = self.p["limit"], self.p["window"]
        # The app server's own clock, like the guide's int(time.time()).
        key = f"rate:{user}:{self.sim.epoch_ms() // 1000 // window}"
        pipe = self.r.pipeline()
        pipe.incr(key)
        pipe.expire(key, window)
        count, _ = pipe.execute()
        return count <= limit

    def sliding_log(self, user: str) -> bool:
        key = f"ratelimit:{user}"
        now = self.sim.epoch_ms()
        return bool(self.r.evalsha(self.sliding_sha, 1, key, self.p["limit"], self.p["window"] * 1000, now))

    def token_bucket(self, user: str) -> bool:
        per_ms = self.p["limit"] / (self.p["window"] * 1000)
        return bool(self.r.evalsha(self.bucket_sha, 1, f"bucket:{user}", self.p["limit"], repr(per_ms),
                                   self.sim.epoch_ms()))


STRATEGIES = {"fixed-window": "fixed_window", "sliding-log": "sliding_log", "token-bucket": "token_bucket"}


def boundary_of(p: dict) -> float:
    """Sim time of the first window boundary (on the app clock) at or after 2 windows."""
    from ..core import START_MS

    w_ms = p["window"] * 1000
    t_ms = 2 * w_ms
    return ((START_MS + t_ms + w_ms - 1) // w_ms * w_ms - START_MS) / 1000


def arrivals(p: dict, seed: int) -> list[float]:
    rng = random.Random(f"ratelimit:{seed}")
    times, t = [], 0.0
    while p["background_rate"] > 0:
        t += rng.expovariate(p["background_rate"])
        if t >= p["duration"]:
            break
        times.append(t)
    b, span = boundary_of(p), p["burst_span"]
    times += [b - span + rng.random() * span for _ in range(p["burst"])]
    times += [b + rng.random() * span for _ in range(p["burst"])]
    return sorted(times)


def run(p: dict, seed: int, strategy: str) -> dict:
    sim = Sim(seed)
    lim = Limiters(sim, p)
    check = getattr(lim, STRATEGIES[strategy])
    allowed: list[float] = []
    denied = [0]

    def request():
        if check("user:1"):
            allowed.append(sim.now)
        else:
            denied[0] += 1

    for t in arrivals(p, seed):
        sim.at(t, request)
    sim.run(until=p["duration"])
    return {
        "requests": len(allowed) + denied[0],
        "allowed": len(allowed),
        "denied": denied[0],
        "limit": p["limit"],
        "max_in_window": max_in_span(allowed, p["window"]),
        "max_in_1s": max_in_span(allowed, 1.0),
    }


def notes(results: dict, p: dict) -> list[str]:
    out = [f"burst of {2 * p['burst']} requests around the window boundary at t={boundary_of(p):g}s; "
           f"limit {p['limit']} per {p['window']} s"]
    for n, r in results.items():
        ratio = r["max_in_window"] / p["limit"]
        out.append(f"{n}: at most {r['max_in_window']} allowed in one {p['window']} s span "
                   f"({ratio:.2f} x the limit), {r['max_in_1s']} in one second")
    return out


SCENARIO = Scenario(
    name="rate-limit",
    summary="fixed window vs sliding log (Lua) vs token bucket: the double burst at a window boundary",
    strategies=tuple(STRATEGIES),
    params=(
        Param("limit", 100, "requests allowed per window", minimum=1),
        Param("window", 10, "window length in seconds", minimum=1),
        Param("background_rate", 1.0, "steady requests per second"),
        Param("burst", 150, "requests sent just before and again just after the boundary"),
        Param("burst_span", 0.5, "seconds each half of the burst is spread over"),
        Param("duration", 40.0, "seconds of virtual time"),
    ),
    run=run,
    notes=notes,
    columns=("allowed", "denied", "limit", "max_in_window", "max_in_1s"),
    doc=__doc__,
)
