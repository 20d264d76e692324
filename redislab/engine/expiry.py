"""Active expiry: Redis's activeExpireCycle, on the injectable clock.

Lazy expiry (a key checked when touched) lives in keyspace.Db.lookup. This cycle
finds keys nobody touches: for each db it samples keys that carry a TTL, deletes
the expired ones, and samples again while more than the acceptable share of the
sample was stale (10 % at active-expire-effort 1, as in Redis 6+/7), within a time
budget of 25 % of a cron tick.
"""
from __future__ import annotations

import time

KEYS_PER_LOOP = 20           # ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP
SLOW_TIME_PERC = 25          # ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC
ACCEPTABLE_STALE = 10        # ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE


def active_expire_cycle(engine, now_ms: int) -> int:
    """One slow cycle over all dbs. Returns how many keys it expired."""
    if not engine.extensions.get("active_expire_enabled", True):
        return 0  # DEBUG SET-ACTIVE-EXPIRE 0: only lazy expiry, as lessons may want to show
    if engine.keyspace.expire_paused:
        from .pause import current

        if current(engine) is not None:
            return 0  # CLIENT PAUSE keeps the data set still
    effort = engine.config.values["active-expire-effort"] - 1
    per_loop = KEYS_PER_LOOP + KEYS_PER_LOOP // 4 * effort
    stale_ok = ACCEPTABLE_STALE - effort
    hz = max(1, engine.config.values["hz"])
    budget_s = SLOW_TIME_PERC / 100 / hz
    start = time.perf_counter()
    rng = engine.clock.rng
    total = 0
    sampled_all = expired_all = 0
    for db in engine.keyspace.dbs:
        exp = db.expires
        while exp:
            keys = db.ttl_keys
            # The sampling array may hold names whose TTL is gone; shrink it when it bloats.
            if len(keys) > 2 * len(exp) + 64:
                keys[:] = list(exp)
            sampled = expired = 0
            for _ in range(min(per_loop, len(keys))):
                if not keys:
                    break
                i = rng.randrange(len(keys))
                key = keys[i]
                when = exp.get(key)
                if when is None:
                    keys[i] = keys[-1]
                    keys.pop()
                    continue
                sampled += 1
                if when < now_ms:
                    keys[i] = keys[-1]
                    keys.pop()
                    db.expire_now(key)
                    expired += 1
            total += expired
            sampled_all += sampled
            expired_all += expired
            if sampled == 0 or expired * 100 // sampled <= stale_ok:
                break
            if time.perf_counter() - start > budget_s:
                engine.stats["expired_time_cap_reached_count"] += 1
                break
    if sampled_all:
        # Redis smooths the stale ratio as 95% old + 5% new.
        cur = expired_all / sampled_all
        engine.stats["expired_stale_perc"] = engine.stats["expired_stale_perc"] * 0.95 + cur * 0.05
    return total
