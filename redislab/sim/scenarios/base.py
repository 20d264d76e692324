"""What every scenario shares: typed parameters, the Scenario record, and the cache
harness (one app + cache + database world per strategy) the cache scenarios use.

The strategies run the guide's code shapes on a real redis-py client. The guide's
``r.setex(key, ttl, value)`` is written ``r.set(key, value, ex=ttl)``: the same
SET ... EX on the server, without recent redis-py's deprecation warning for setex.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..core import Sim, Truth
from ..database import Database
from ..metrics import Metrics


@dataclass(frozen=True)
class Param:
    name: str
    default: object
    help: str
    choices: tuple = ()
    # The smallest value the model can run with. 0 keys, 0 clients or a rate of 0
    # crashed the run with an IndexError or ZeroDivisionError, and a TTL of 0 is
    # refused by SET EX itself: say so up front, in the knob's own words.
    minimum: float | None = None

    def parse(self, text: str):
        """Convert ``--param name=text`` to the default's type, refusing nonsense."""
        kind = type(self.default)
        try:
            if kind is bool:
                if text.lower() not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                    raise ValueError(text)
                value = text.lower() in ("1", "true", "yes", "on")
            else:
                value = kind(text)
        except ValueError:
            raise ValueError(f"parameter {self.name}: {text!r} is not a {kind.__name__}") from None
        if self.choices and value not in self.choices:
            raise ValueError(f"parameter {self.name}: choose one of {', '.join(map(str, self.choices))}")
        return self.check(value)

    def check(self, value):
        if (self.minimum is not None and isinstance(value, (int, float)) and not isinstance(value, bool)
                and value < self.minimum):
            raise ValueError(f"parameter {self.name}: at least {self.minimum:g}")
        return value


@dataclass
class Scenario:
    name: str
    summary: str
    strategies: tuple
    params: tuple                       # of Param
    run: Callable                       # run(params: dict, seed, strategy) -> summary dict
    notes: Callable | None = None       # notes(results, params) -> [str] (what to look at)
    columns: tuple = ()                 # preferred column order for the table
    doc: str = ""

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def resolve(self, overrides: dict | None = None) -> dict:
        values = {p.name: p.default for p in self.params}
        values["strategies"] = ",".join(self.strategies)
        for k, v in (overrides or {}).items():
            if k == "strategies":
                wanted = [s.strip() for s in str(v).split(",") if s.strip()]
                bad = [s for s in wanted if s not in self.strategies]
                if bad or not wanted:
                    raise ValueError(f"unknown strategy {','.join(bad) or '(none)'}; "
                                     f"{self.name} has {', '.join(self.strategies)}")
                values[k] = ",".join(wanted)
                continue
            try:
                p = self.param(k)
            except KeyError:
                known = ", ".join(["strategies"] + [p.name for p in self.params])
                raise ValueError(f"{self.name} has no parameter {k!r} (known: {known})") from None
            values[k] = p.parse(v) if isinstance(v, str) else p.check(v)
        return values

    def execute(self, overrides: dict | None = None, seed: int = 1) -> dict:
        """Run every selected strategy on the same workload and seed."""
        params = self.resolve(overrides)
        results = {}
        for strategy in params["strategies"].split(","):
            results[strategy] = self.run(params, seed, strategy)
        return {
            "scenario": self.name,
            "seed": seed,
            "params": params,
            "results": results,
            "notes": self.notes(results, params) if self.notes else [],
        }


# --------------------------------------------------------------- cache harness
CACHE_PARAMS = (
    Param("keys", 1000, "distinct keys (rows) in the workload", minimum=1),
    Param("dist", "zipf", "key popularity: zipf, uniform", ("zipf", "uniform")),
    Param("zipf_s", 1.0, "Zipf exponent (higher = hotter hot keys)"),
    Param("rate", 400.0, "requests per second, all clients", minimum=1),
    Param("duration", 20.0, "seconds of virtual time the workload runs"),
    Param("clients", 8, "app instances sending the requests", minimum=1),
    Param("db_latency_ms", 20.0, "database service time per query"),
    Param("db_connections", 8, "database connection pool size (more queries queue)"),
    Param("cache_rtt_ms", 0.5, "network round trip to Redis"),
)


def cache_params(**defaults) -> tuple:
    """CACHE_PARAMS with some defaults changed for one scenario."""
    return tuple(Param(p.name, defaults.get(p.name, p.default), p.help, p.choices, p.minimum) for p in CACHE_PARAMS)


class CacheWorld:
    """One strategy's world: sim, engine (the cache), a real redis-py client on it,
    the database, the truth ledger and the metrics."""

    def __init__(self, seed: int, p: dict):
        import redislab

        self.p = p
        self.sim = Sim(seed)
        self.engine = self.sim.new_engine()
        self.r = redislab.Redis(engine=self.engine, decode_responses=True)
        self.db = Database(self.sim, p["db_latency_ms"], p["db_connections"])
        self.truth = Truth()
        self.m = Metrics(p["duration"])
        self.rtt = p["cache_rtt_ms"] / 1000
        self.state: dict = {}       # per-strategy extras (write-behind queue, loaders, ...)

    def drive(self, requests, read, write=None, drain: float = 5.0) -> None:
        """Replay ``requests``: ``read(world, key, client)`` is a generator returning
        ``(version, hit)``; ``write(world, key, version)`` returns when the caller
        is told "saved" (the acknowledgement)."""
        for req in requests:
            is_write = req.op == "write" and write is not None
            self.sim.at(req.t, self._start, req, write if is_write else read, is_write)
        self.sim.run(until=self.p["duration"] + drain)

    def _start(self, req, fn, is_write) -> None:
        self.sim.spawn(self._request(req, fn, is_write))

    def _request(self, req, fn, is_write):
        t0 = self.sim.now
        if is_write:
            version = self.truth.new_version(req.key)
            yield from fn(self, req.key, version)
            self.truth.ack(req.key, version, self.sim.now)
            self.m.write(self.sim.now - t0)
            return
        version, hit = yield from fn(self, req.key, req.client)
        self.m.read(self.sim.now - t0, hit, self.truth.staleness(req.key, version, self.sim.now))

    def finish(self, **extra) -> dict:
        """Summarise: lost writes are acknowledged writes the database never got."""
        self.m.db_times = self.db.query_times
        self.m.lost_writes = len(self.truth.acked - self.db.applied)
        self.m.extra.update(extra)
        return self.m.summary()
