"""Deterministic simulations of cache and distributed-systems patterns.

Each scenario runs its strategies side by side on the same seeded workload, each on
its own embedded engine driven by a virtual clock (see docs/SIMULATIONS.md)::

    from redislab.sim import run
    result = run("thundering-herd", {"hot_keys": 10}, seed=1)
"""
from __future__ import annotations


def run(name: str, params: dict | None = None, seed: int = 1) -> dict:
    """Run scenario ``name`` with ``params`` overrides; returns the JSON-able result."""
    from .scenarios import get

    return get(name).execute(params, seed)


def all_scenarios() -> dict:
    """name -> Scenario. (Not called ``scenarios``: that is the subpackage's name.)"""
    from .scenarios import all_scenarios as table

    return table()


__all__ = ["run", "all_scenarios"]
