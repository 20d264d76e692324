"""Redis Stack's modules, built into the engine: RedisJSON (``json/``), RediSearch
(``search/``), RedisTimeSeries (``timeseries/``) and RedisBloom (``bloom/``).

Each sub-package declares its commands with the same ``@command`` as the core, so
COMMAND, help, hints, ACL categories and the lab's console know them like any other.
``registry.load_all()`` calls ``register()`` once. A sub-package that is missing is
skipped: the command table is what is implemented, never a promise.

What each module answers follows the documented behaviour of Redis Stack 7.4 (the
Debian redis-server used as the oracle has no modules); differences are listed in
docs/COMPATIBILITY.md.
"""
from __future__ import annotations

import importlib

# (package, module name as MODULE LIST reports it, version as MODULE LIST reports it)
PACKAGES = (
    ("json", "ReJSON", 20612),
    ("search", "search", 20814),
    ("timeseries", "timeseries", 11011),
    ("bloom", "bf", 20612),
)

LOADED: list = []


def register() -> None:
    from . import module_cmd  # noqa: F401 - MODULE exists with or without modules

    from ..engine.registry import COMMANDS

    for pkg, name, ver in PACKAGES:
        before = set(COMMANDS)
        try:
            importlib.import_module(f"{__name__}.{pkg}")
        except ModuleNotFoundError as e:
            if e.name != f"{__name__}.{pkg}":
                raise
            continue
        # What this package declared belongs to the module (COMMAND LIST FILTERBY MODULE).
        for cmd in set(COMMANDS) - before:
            spec = COMMANDS[cmd]
            spec.module = name
            for sub in spec.subcommands.values():
                sub.module = name
        LOADED.append((name, ver))


def entries() -> list:
    """The loaded modules as MODULE LIST and HELLO describe each one."""
    return [{b"name": name.encode(), b"ver": ver, b"path": b"(built into redislab)", b"args": []}
            for name, ver in LOADED]
