"""session-store: sliding expiry vs fixed TTL, and a restart without persistence.

``users`` users alternate between active periods (a request every ``think_time`` s
on average) and idle periods. Sessions are hashes (guide 10.1): HSET + EXPIRE ttl at
login; ``get_session`` is HGETALL, and for ``sliding`` also EXPIRE again (refresh on
access), while ``fixed`` leaves the TTL that login set.

* ``ttl_logouts``: a user who was active within the last ``ttl`` seconds found no
  session: a fixed TTL logs people out in the middle of their work.
* ``idle_expired``: the session had been idle longer than ``ttl``: expected.
* At ``restart_at`` Redis restarts with no persistence (no RDB, no AOF): every
  session is gone at once (``sessions_lost_at_restart``) and every active user is
  sent back to the login page (``restart_logouts``).
"""
from __future__ import annotations

import random

from ..core import Sim
from .base import Param, Scenario


class SessionWorld:
    def __init__(self, seed: int, p: dict, strategy: str):
        self.p, self.sliding = p, strategy == "sliding"
        self.sim = Sim(seed)
        self.rng = random.Random(f"sessions:{seed}")       # user behaviour: same for both
        self.sid_rng = random.Random(f"session-ids:{seed}")
        self._connect()
        self.cookie: dict = {}          # user -> session id the browser holds
        self.last_seen: dict = {}       # user -> time of the previous request
        self.restarted_at = None
        self.c = dict(requests=0, logins=0, ttl_logouts=0, idle_expired=0, restart_logouts=0,
                      sessions_lost_at_restart=0, peak_sessions=0)

    def _connect(self) -> None:
        import redislab

        self.engine = self.sim.new_engine()
        self.r = redislab.Redis(engine=self.engine, decode_responses=True)

    # ---------------------------------------------------- the guide's code
    def create_session(self, user: int) -> str:
        sid = f"{self.sid_rng.getrandbits(64):016x}"
        key = f"session:{sid}"
        self.r.hset(key, mapping={"user_id": str(user), "created_at": f"{self.sim.now:.3f}"})
        self.r.expire(key, self.p["ttl"])
        return sid

    def get_session(self, sid: str) -> dict | None:
        data = self.r.hgetall(f"session:{sid}")
        if not data:
            return None
        if self.sliding:
            self.r.expire(f"session:{sid}", self.p["ttl"])   # refresh TTL on access
        return data

    # ------------------------------------------------------------- driving
    def request(self, user: int) -> None:
        c, now = self.c, self.sim.now
        c["requests"] += 1
        sid = self.cookie.get(user)
        if sid is None or self.get_session(sid) is None:
            if sid is not None:
                last = self.last_seen[user]
                recent = now - last < self.p["ttl"]
                if recent and self.restarted_at is not None and last < self.restarted_at <= now:
                    c["restart_logouts"] += 1
                elif recent:
                    c["ttl_logouts"] += 1
                else:
                    c["idle_expired"] += 1
            self.cookie[user] = self.create_session(user)
            c["logins"] += 1
        self.last_seen[user] = now

    def user(self, u: int):
        p, rng = self.p, self.rng
        yield rng.random() * p["think_time"]
        while self.sim.now < p["duration"]:
            end = self.sim.now + rng.expovariate(1 / p["active_mean"])
            while self.sim.now < min(end, p["duration"]):
                self.request(u)
                yield rng.expovariate(1 / p["think_time"])
            yield rng.expovariate(1 / p["idle_mean"])

    def restart(self) -> None:
        # Memory is all there is without persistence: a new process starts empty.
        self.c["sessions_lost_at_restart"] = self.r.dbsize()
        self.sim.drop_clock(self.engine.clock)
        self._connect()
        self.restarted_at = self.sim.now

    def sample(self) -> None:
        self.c["peak_sessions"] = max(self.c["peak_sessions"], self.r.dbsize())
        if self.sim.now + 1 <= self.p["duration"]:
            self.sim.after(1.0, self.sample)

    def run(self) -> dict:
        for u in range(self.p["users"]):
            self.sim.spawn(self.user(u))
        if self.p["restart_at"] >= 0:
            self.sim.at(self.p["restart_at"], self.restart)
        self.sim.at(0, self.sample)
        self.sim.run(until=self.p["duration"])
        return dict(self.c, sessions_at_end=self.r.dbsize())


STRATEGIES = ("sliding", "fixed")


def run(p: dict, seed: int, strategy: str) -> dict:
    return SessionWorld(seed, p, strategy).run()


def notes(results: dict, p: dict) -> list[str]:
    out = [f"{n}: {r['ttl_logouts']} users logged out while active, {r['idle_expired']} idle sessions "
           f"expired as intended, {r['restart_logouts']} sent to login by the restart"
           for n, r in results.items()]
    if p["restart_at"] >= 0:
        out.append(f"the restart at t={p['restart_at']:g}s without persistence dropped every session; "
                   f"enable AOF/RDB or accept forced logins")
    return out


SCENARIO = Scenario(
    name="session-store",
    summary="sliding expiry vs fixed TTL for sessions, and a restart without persistence",
    strategies=STRATEGIES,
    params=(
        Param("users", 100, "simulated users"),
        Param("ttl", 60, "session TTL in seconds (EXPIRE)"),
        Param("duration", 600.0, "seconds of virtual time"),
        Param("think_time", 5.0, "mean seconds between a user's requests while active", minimum=0.1),
        Param("active_mean", 120.0, "mean length of an active period (s)", minimum=0.1),
        Param("idle_mean", 120.0, "mean length of an idle period (s)"),
        Param("restart_at", 400.0, "when Redis restarts without persistence (-1: never)"),
    ),
    run=run,
    notes=notes,
    columns=("requests", "logins", "ttl_logouts", "idle_expired", "restart_logouts",
             "sessions_lost_at_restart", "peak_sessions", "sessions_at_end"),
    doc=__doc__,
)
