"""Server configuration: the parameters CONFIG GET/SET know, typed and validated.

Each parameter is declared once with its kind, default and (for enums) choices;
CONFIG GET globs over names and aliases, CONFIG SET validates like Redis and applies
all pairs or none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import RedisError


@dataclass
class Param:
    name: str
    kind: str            # int | memory | bool | enum | str | float | special
    default: object
    choices: tuple = ()
    lo: int | None = None
    hi: int | None = None
    alias: str | None = None
    immutable: bool = False
    clamp: tuple | None = None   # accepted range is wider than the stored one (hz: 1..500)


INT_MAX = 2147483647
LLONG_MAX = 9223372036854775807

_P = Param
PARAMS = [
    _P("hz", "int", 10, lo=0, hi=INT_MAX, clamp=(1, 500)),
    _P("databases", "int", 16, lo=1, immutable=True),
    _P("port", "int", 6379, lo=0, hi=65535, immutable=True),
    _P("bind", "str", "127.0.0.1", immutable=True),
    _P("timeout", "int", 0, lo=0),
    _P("tcp-keepalive", "int", 300, lo=0),
    _P("maxclients", "int", 10000, lo=1),
    _P("maxmemory", "memory", 0, lo=0),
    _P("maxmemory-policy", "enum", "noeviction", choices=(
        "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
        "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction")),
    _P("maxmemory-samples", "int", 5, lo=1, hi=64),
    _P("maxmemory-eviction-tenacity", "int", 10, lo=0, hi=100),
    _P("lfu-log-factor", "int", 10, lo=0),
    _P("lfu-decay-time", "int", 1, lo=0),
    _P("active-expire-effort", "int", 1, lo=1, hi=10),
    _P("lazyfree-lazy-eviction", "bool", False),
    _P("lazyfree-lazy-expire", "bool", False),
    _P("lazyfree-lazy-server-del", "bool", False),
    _P("lazyfree-lazy-user-del", "bool", False),
    _P("lazyfree-lazy-user-flush", "bool", False),
    _P("slowlog-log-slower-than", "int", 10000, lo=-1, hi=LLONG_MAX),
    _P("slowlog-max-len", "int", 128, lo=0),
    _P("latency-monitor-threshold", "int", 0, lo=0, hi=LLONG_MAX),
    _P("notify-keyspace-events", "special", ""),
    _P("requirepass", "str", ""),
    _P("list-max-listpack-size", "int", -2, lo=-5, alias="list-max-ziplist-size"),
    _P("list-compress-depth", "int", 0, lo=0),
    _P("hash-max-listpack-entries", "int", 128, lo=0, alias="hash-max-ziplist-entries"),
    _P("hash-max-listpack-value", "int", 64, lo=0, alias="hash-max-ziplist-value"),
    _P("set-max-intset-entries", "int", 512, lo=0),
    _P("set-max-listpack-entries", "int", 128, lo=0),
    _P("set-max-listpack-value", "int", 64, lo=0),
    _P("zset-max-listpack-entries", "int", 128, lo=0, alias="zset-max-ziplist-entries"),
    _P("zset-max-listpack-value", "int", 64, lo=0, alias="zset-max-ziplist-value"),
    _P("hll-sparse-max-bytes", "memory", 3000, lo=0),
    _P("stream-node-max-bytes", "memory", 4096, lo=0),
    _P("stream-node-max-entries", "int", 100, lo=0),
    _P("busy-reply-threshold", "int", 5000, lo=0, hi=LLONG_MAX, alias="lua-time-limit"),
    _P("proto-max-bulk-len", "memory", 512 * 1024 * 1024, lo=1024 * 1024),
    _P("client-query-buffer-limit", "memory", 1024 * 1024 * 1024, lo=1024 * 1024),
    _P("appendonly", "bool", False),
    _P("appendfsync", "enum", "everysec", choices=("always", "everysec", "no")),
    _P("save", "str", "3600 1 300 100 60 10000"),
    _P("dir", "str", "/tmp"),
    _P("dbfilename", "str", "dump.rdb"),
    _P("loglevel", "enum", "notice", choices=("debug", "verbose", "notice", "warning")),
    _P("protected-mode", "bool", True),
    _P("tracking-table-max-keys", "int", 1000000, lo=0, hi=LLONG_MAX),
    _P("acllog-max-len", "int", 128, lo=0),
    _P("cluster-enabled", "bool", False, immutable=True),
    _P("lua-replicate-commands", "bool", True),
    _P("enable-debug-command", "enum", "local", choices=("no", "yes", "local"), immutable=True),
    _P("enable-module-command", "enum", "no", choices=("no", "yes", "local"), immutable=True),
]

_UNITS = {b"k": 1000, b"kb": 1024, b"m": 1000 ** 2, b"mb": 1024 ** 2, b"g": 1000 ** 3, b"gb": 1024 ** 3}


def parse_memory(v: bytes) -> int | None:
    low = v.lower()
    for u in ("gb", "mb", "kb", "g", "m", "k"):
        ub = u.encode()
        if low.endswith(ub) and low[: -len(ub)].isdigit():
            return int(low[: -len(ub)]) * _UNITS[ub]
    if low.lstrip(b"-").isdigit():
        return int(low)
    return None


class Config:
    """Live configuration values, with change listeners for the engine's parts."""

    def __init__(self, overrides: dict | None = None):
        self.params = {p.name: p for p in PARAMS}
        self.aliases = {p.alias: p.name for p in PARAMS if p.alias}
        self.values = {p.name: p.default for p in PARAMS}
        self.listeners = {}
        for k, v in (overrides or {}).items():
            self.values[self.aliases.get(k, k)] = v

    def __getitem__(self, name: str):
        return self.values[name]

    def get(self, name: str, default=None):
        return self.values.get(self.aliases.get(name, name), default)

    def on_change(self, name: str, fn) -> None:
        self.listeners.setdefault(name, []).append(fn)

    def render(self, name: str) -> bytes:
        """The text CONFIG GET shows for a parameter."""
        p = self.params[name]
        v = self.values[name]
        if p.kind == "bool":
            return b"yes" if v else b"no"
        if isinstance(v, bytes):
            return v
        return str(v).encode()

    def parse(self, name: str, raw: bytes, shown: str | None = None):
        """Validate ``raw`` for parameter ``name``; raise with Redis's CONFIG SET text
        (which names the parameter as the client spelled it, ``shown``)."""
        p = self.params[name]
        prefix = f"ERR CONFIG SET failed (possibly related to argument '{shown or name}') - "
        shown = raw.decode("utf-8", "replace")
        if p.immutable:
            raise RedisError(f"{prefix}can't set immutable config")
        if p.kind == "bool":
            low = raw.lower()
            if low not in (b"yes", b"no"):
                raise RedisError(f"{prefix}argument must be 'yes' or 'no'")
            return low == b"yes"
        if p.kind in ("int", "memory"):
            if p.kind == "memory":
                v = parse_memory(raw)
                if v is None or v < 0:
                    raise RedisError(f"{prefix}argument must be a memory value")
            else:
                v = int(raw) if re.fullmatch(rb"-?[0-9]+", raw) else None
                if v is None:
                    raise RedisError(f"{prefix}argument couldn't be parsed into an integer")
            hi = p.hi if p.hi is not None else (LLONG_MAX if p.kind == "memory" else INT_MAX)
            if (p.lo is not None and v < p.lo) or v > hi:
                raise RedisError(f"{prefix}argument must be between {p.lo} and {hi} inclusive")
            if p.clamp is not None:
                v = min(max(v, p.clamp[0]), p.clamp[1])
            return v
        if p.kind == "enum":
            low = shown.lower()
            if low not in p.choices:
                raise RedisError(f"{prefix}argument(s) must be one of the following: {', '.join(p.choices)}")
            return low
        if p.kind == "special" and name == "notify-keyspace-events":
            allowed = set("KEg$lshzxetmdnA")
            if any(c not in allowed for c in shown):
                raise RedisError(f"{prefix}Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")
            from .notify import flags_to_string, parse_flags

            # Redis stores the canonical spelling: "KEA" reads back as "AKE".
            return flags_to_string(parse_flags(shown))
        return shown

    def set(self, name: str, value) -> None:
        old = self.values.get(name)
        self.values[name] = value
        for fn in self.listeners.get(name, ()):
            fn(value, old)
