"""The scenario table: one module per scenario, each exporting ``SCENARIO``."""
from __future__ import annotations

import importlib

from .base import Param, Scenario

_MODULES = ("read_patterns", "write_patterns", "invalidation", "thundering_herd",
            "eviction", "rate_limit", "lock", "session_store")


def all_scenarios() -> dict[str, Scenario]:
    out = {}
    for mod in _MODULES:
        try:
            sc = importlib.import_module(f"{__name__}.{mod}").SCENARIO
        except ModuleNotFoundError as e:
            if e.name != f"{__name__}.{mod}":   # a real import error inside a scenario
                raise
            continue
        out[sc.name] = sc
    return out


def get(name: str) -> Scenario:
    table = all_scenarios()
    if name not in table:
        raise KeyError(f"unknown scenario {name!r}; try: {', '.join(table)}")
    return table[name]


__all__ = ["Param", "Scenario", "all_scenarios", "get"]
