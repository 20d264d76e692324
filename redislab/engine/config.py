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
    kind: str            # int | memory | mempct | bool | enum | str | save | obuf | host | port | special
    default: object
    choices: tuple = ()
    lo: int | None = None
    hi: int | None = None
    alias: str | None = None
    immutable: bool = False
    clamp: tuple | None = None   # accepted range is wider than the stored one (hz: 1..500)
    protected: bool = False      # refused while enable-protected-configs is 'no' (its default)
    refuse: str | None = None    # a setting the engine cannot move off its default: the error


INT_MAX = 2147483647
UINT_MAX = 4294967295
LLONG_MAX = 9223372036854775807
ULLONG_MAX = 18446744073709551615

_P = Param
# The parameters the engine acts on. Ranges follow Redis 7.0's C types: size_t and long
# long settings reach LLONG_MAX, int ones INT_MAX, so the range in an error text matches.
PARAMS = [
    _P("hz", "int", 10, lo=0, hi=INT_MAX, clamp=(1, 500)),
    _P("databases", "int", 16, lo=1, immutable=True),
    _P("port", "port", 6379, lo=0, hi=65535),
    _P("bind", "str", "127.0.0.1", immutable=True),
    _P("timeout", "int", 0, lo=0),
    _P("tcp-keepalive", "int", 300, lo=0),
    _P("maxclients", "int", 10000, lo=1, hi=UINT_MAX),
    _P("maxmemory", "memory", 0, lo=0, hi=ULLONG_MAX),
    _P("maxmemory-clients", "mempct", 0),
    _P("maxmemory-policy", "enum", "noeviction", choices=(
        "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
        "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction")),
    _P("maxmemory-samples", "int", 5, lo=1, hi=INT_MAX),
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
    _P("slowlog-max-len", "int", 128, lo=0, hi=LLONG_MAX),
    _P("latency-monitor-threshold", "int", 0, lo=0, hi=LLONG_MAX),
    _P("notify-keyspace-events", "special", ""),
    _P("requirepass", "str", ""),
    # quicklist clamps a fill below -5 to -5 when it uses it; the stored value is kept.
    _P("list-max-listpack-size", "int", -2, lo=-INT_MAX - 1, alias="list-max-ziplist-size"),
    _P("list-compress-depth", "int", 0, lo=0),
    _P("hash-max-listpack-entries", "int", 128, lo=0, hi=LLONG_MAX, alias="hash-max-ziplist-entries"),
    _P("hash-max-listpack-value", "memory", 64, lo=0, alias="hash-max-ziplist-value"),
    _P("set-max-intset-entries", "int", 512, lo=0, hi=LLONG_MAX),
    # 7.2's listpack sets (the engine follows 7.4's data types); not known to 7.0.
    _P("set-max-listpack-entries", "int", 128, lo=0, hi=LLONG_MAX),
    _P("set-max-listpack-value", "memory", 64, lo=0),
    _P("zset-max-listpack-entries", "int", 128, lo=0, hi=LLONG_MAX, alias="zset-max-ziplist-entries"),
    _P("zset-max-listpack-value", "memory", 64, lo=0, alias="zset-max-ziplist-value"),
    _P("hll-sparse-max-bytes", "memory", 3000, lo=0),
    _P("stream-node-max-bytes", "memory", 4096, lo=0),
    _P("stream-node-max-entries", "int", 100, lo=0, hi=LLONG_MAX),
    _P("busy-reply-threshold", "int", 5000, lo=0, hi=LLONG_MAX, alias="lua-time-limit"),
    _P("proto-max-bulk-len", "memory", 512 * 1024 * 1024, lo=1024 * 1024),
    _P("client-query-buffer-limit", "memory", 1024 * 1024 * 1024, lo=1024 * 1024),
    _P("appendonly", "bool", False),
    _P("appendfsync", "enum", "everysec", choices=("everysec", "always", "no")),
    # An engine without a disk takes no snapshots, so no save points are configured (the
    # oracle runs with --save '' too); `redislab serve` has a disk and sets Redis's
    # default points (persistence.install). CONFIG SET save validates like Redis.
    _P("save", "save", ""),
    _P("dir", "str", "/tmp", protected=True),
    _P("dbfilename", "str", "dump.rdb", protected=True),
    _P("loglevel", "enum", "notice", choices=("debug", "verbose", "notice", "warning")),
    _P("protected-mode", "bool", True),
    _P("tracking-table-max-keys", "int", 1000000, lo=0, hi=LLONG_MAX),
    _P("acllog-max-len", "int", 128, lo=0, hi=LLONG_MAX),
    _P("cluster-enabled", "bool", False, immutable=True),
    _P("enable-debug-command", "enum", "local", choices=("no", "yes", "local"), immutable=True),
    _P("enable-module-command", "enum", "no", choices=("no", "yes", "local"), immutable=True),
    _P("client-output-buffer-limit", "obuf", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"),
    _P("cluster-announce-hostname", "host", ""),
    _P("oom-score-adj-values", "oom", "0 200 800"),
    _P("latency-tracking-info-percentiles", "pct", "50 99 99.9"),
    # Redis refuses these switches when it lacks the support (no defrag-capable
    # allocator, no TLS listener); so does the engine, with the same words.
    _P("activedefrag", "bool", False, refuse=("Active defragmentation cannot be enabled: it requires a Redis "
                                              "server compiled with a modified Jemalloc like the one shipped by "
                                              "default with the Redis source distribution")),
    _P("tls-cluster", "bool", False, refuse="Unable to update TLS configuration. Check server logs."),
    _P("tls-replication", "bool", False, refuse="Unable to update TLS configuration. Check server logs."),
    _P("tls-port", "int", 0, lo=0, hi=65535, refuse="Unable to update TLS configuration. Check server logs."),
    _P("repl-backlog-size", "memory", 1 << 20, lo=1, hi=LLONG_MAX, clamp=(16384, LLONG_MAX)),
]


def _more(kind, spec, **kw):
    """Declare a batch of parameters of one kind: ``spec`` maps name -> default, or
    name -> (default, lo, hi) for numbers, or name -> (default, choices) for enums."""
    for name, d in spec.items():
        extra = dict(kw)
        if kind in ("int", "memory") and isinstance(d, tuple):
            d, extra["lo"], extra["hi"] = d
        elif kind == "enum":
            d, extra["choices"] = d
        alias = None
        if "|" in name:
            name, alias = name.split("|")
        PARAMS.append(Param(name, kind, d, alias=alias, **extra))


# What else Redis 7.0 knows. Nothing here has an effect in the engine (there is no disk,
# replica, TLS or cluster bus to steer), but the values are validated and kept as Redis
# does, so CONFIG GET/SET teach the real parameter set and its replies.
_more("str", {k: "" for k in (
    "aclfile", "aof_rewrite_cpulist", "bgsave_cpulist", "bio_cpulist", "logfile", "pidfile",
    "server_cpulist", "unixsocket", "replicaof|slaveof")} | {
    "appenddirname": "appendonlydir", "appendfilename": "appendonly.aof",
    "cluster-config-file": "nodes.conf", "syslog-facility": "local0", "syslog-ident": "redis"},
    immutable=True)
_more("bool", {"always-show-logo": False, "daemonize": False, "disable-thp": True,
               "enable-protected-configs": False, "io-threads-do-reads": False, "rdbchecksum": True,
               "set-proc-title": True, "syslog-enabled": False}, immutable=True)
_more("int", {"cluster-port": 0, "io-threads": 1, "socket-mark-id": 0, "tcp-backlog": 511,
              "unixsocketperm": 0}, immutable=True)
_more("enum", {"supervised": ("no", ("upstart", "systemd", "auto", "no"))}, immutable=True)
_more("str", {k: "" for k in (
    "bind-source-addr", "cluster-announce-ip", "ignore-warnings", "masterauth", "masteruser",
    "replica-announce-ip|slave-announce-ip", "tls-ca-cert-dir", "tls-ca-cert-file", "tls-cert-file",
    "tls-ciphers", "tls-ciphersuites", "tls-client-cert-file", "tls-client-key-file",
    "tls-client-key-file-pass", "tls-dh-params-file", "tls-key-file", "tls-key-file-pass",
    "tls-protocols")} | {"proc-title-template": "{title} {listen-addr} {server-mode}"})
_more("bool", {
    "activerehashing": True, "aof-disable-auto-gc": False,
    "aof-load-truncated": True, "aof-rewrite-incremental-fsync": True, "aof-timestamp-enabled": False,
    "aof-use-rdb-preamble": True, "cluster-allow-pubsubshard-when-down": True,
    "cluster-allow-reads-when-down": False, "cluster-allow-replica-migration": True,
    "cluster-replica-no-failover|cluster-slave-no-failover": False,
    "cluster-require-full-coverage": True, "crash-log-enabled": True, "crash-memcheck-enabled": True,
    "dynamic-hz": True, "jemalloc-bg-thread": True, "latency-tracking": True,
    "no-appendfsync-on-rewrite": False, "rdb-del-sync-files": False, "rdb-save-incremental-fsync": True,
    "rdbcompression": True, "repl-disable-tcp-nodelay": False, "repl-diskless-sync": True,
    "replica-announced": True, "replica-ignore-disk-write-errors": False,
    "replica-ignore-maxmemory|slave-ignore-maxmemory": True, "replica-lazy-flush|slave-lazy-flush": False,
    "replica-read-only|slave-read-only": True, "replica-serve-stale-data|slave-serve-stale-data": True,
    "stop-writes-on-bgsave-error": True, "tls-prefer-server-ciphers": False, "tls-session-caching": True})
_more("int", {
    "active-defrag-cycle-max": (25, 1, 99), "active-defrag-cycle-min": (1, 1, 99),
    "active-defrag-max-scan-fields": (1000, 1, LLONG_MAX), "active-defrag-threshold-lower": (10, 0, 1000),
    "active-defrag-threshold-upper": (100, 0, 1000), "auto-aof-rewrite-percentage": (100, 0, INT_MAX),
    "cluster-announce-bus-port": (0, 0, 65535), "cluster-announce-port": (0, 0, 65535),
    "cluster-announce-tls-port": (0, 0, 65535), "cluster-migration-barrier": (1, 0, INT_MAX),
    "cluster-node-timeout": (15000, 0, LLONG_MAX),
    "cluster-replica-validity-factor|cluster-slave-validity-factor": (10, 0, INT_MAX),
    "min-replicas-max-lag|min-slaves-max-lag": (10, 0, INT_MAX),
    "min-replicas-to-write|min-slaves-to-write": (0, 0, INT_MAX),
    "repl-backlog-ttl": (3600, 0, LLONG_MAX), "repl-diskless-sync-delay": (5, 0, INT_MAX),
    "repl-diskless-sync-max-replicas": (0, 0, INT_MAX),
    "repl-ping-replica-period|repl-ping-slave-period": (10, 1, INT_MAX), "repl-timeout": (60, 1, INT_MAX),
    "replica-announce-port|slave-announce-port": (0, 0, 65535),
    "replica-priority|slave-priority": (100, 0, INT_MAX), "shutdown-timeout": (10, 0, INT_MAX),
    "tls-session-cache-size": (20480, 0, INT_MAX),
    "tls-session-cache-timeout": (300, 0, INT_MAX)})
_more("memory", {
    "active-defrag-ignore-bytes": (100 << 20, 1, LLONG_MAX), "auto-aof-rewrite-min-size": (64 << 20, 0, LLONG_MAX),
    "cluster-link-sendbuf-limit": (0, 0, ULLONG_MAX)})
_more("enum", {
    "acl-pubsub-default": ("resetchannels", ("allchannels", "resetchannels")),
    "cluster-preferred-endpoint-type": ("ip", ("ip", "hostname", "unknown-endpoint")),
    "oom-score-adj": ("no", ("no", "yes", "relative", "absolute")),
    "propagation-error-behavior": ("ignore", ("ignore", "panic", "panic-on-replicas")),
    "repl-diskless-load": ("disabled", ("disabled", "on-empty-db", "swapdb")),
    "sanitize-dump-payload": ("no", ("no", "yes", "clients")),
    "shutdown-on-sigint": ("default", ("default", "save", "nosave", "now", "force")),
    "shutdown-on-sigterm": ("default", ("default", "save", "nosave", "now", "force")),
    "tls-auth-clients": ("yes", ("no", "yes", "optional"))})

_UNITS = {b"": 1, b"b": 1, b"k": 1000, b"kb": 1024, b"m": 1000 ** 2, b"mb": 1024 ** 2,
          b"g": 1000 ** 3, b"gb": 1024 ** 3}
_MEMORY = re.compile(rb"([0-9]*)([a-zA-Z]*)")
_INT64 = re.compile(rb"-?[1-9][0-9]*|0")
_SAVE_NUM = re.compile(rb"[ \t\n\v\f\r]*([+-]?[0-9]+)")
_OBUF_CLASSES = {b"normal": "normal", b"slave": "slave", b"replica": "slave", b"pubsub": "pubsub"}


def parse_memory(v: bytes) -> int | None:
    """A byte count with an optional unit (1k = 1000, 1kb = 1024, ...), as Redis reads
    memory settings: digits only (no sign), an empty number is 0, and like the C
    conversion it saturates at 2**64-1 and wraps when the unit overflows."""
    m = _MEMORY.fullmatch(v)
    if m is None:
        return None
    mul = _UNITS.get(m.group(2).lower())
    if mul is None:
        return None
    n = min(int(m.group(1) or b"0"), ULLONG_MAX)
    return (n * mul) & ULLONG_MAX


def parse_int64(v: bytes) -> int | None:
    """Redis's strict integer reading: no sign but '-', no leading zeros, within int64."""
    if len(v) > 20 or not _INT64.fullmatch(v):
        return None
    n = int(v)
    return n if -LLONG_MAX - 1 <= n <= LLONG_MAX else None


def _save_number(tok: bytes) -> int | None:
    """C's strtoll as Redis uses it for save points: junk is refused, overflow saturates."""
    if tok == b"":
        return 0
    m = _SAVE_NUM.fullmatch(tok)
    if m is None:
        return None
    return max(min(int(m.group(1)), LLONG_MAX), -LLONG_MAX - 1)


def parse_save(v: bytes) -> str | None:
    """'seconds changes [seconds changes ...]' -> the canonical text, None if invalid."""
    if v == b"":
        return ""
    toks = v.split(b" ")
    if len(toks) % 2:
        return None
    nums = [_save_number(t) for t in toks]
    for i, n in enumerate(nums):
        # a save point needs at least one second; the change count may be zero
        if n is None or n < (1 if i % 2 == 0 else 0):
            return None
    return " ".join(map(str, nums))


def parse_obuf(v: bytes, current: str) -> str:
    """client-output-buffer-limit: '<class> <hard> <soft> <seconds>' groups merged into
    the current limits; raises ValueError with Redis's message."""
    toks = v.split()
    if len(toks) % 4:
        raise ValueError("Wrong number of arguments in buffer limit configuration.")
    cur = current.split()
    limits = {cur[i]: cur[i + 1:i + 4] for i in range(0, len(cur), 4)}
    for i in range(0, len(toks), 4):
        cls = _OBUF_CLASSES.get(toks[i].lower())
        if cls is None:
            raise ValueError("Invalid client class specified in buffer limit configuration.")
        hard, soft = parse_memory(toks[i + 1]), parse_memory(toks[i + 2])
        secs = _save_number(toks[i + 3]) if toks[i + 3] else None
        if hard is None or soft is None or secs is None or secs < 0:
            raise ValueError("Error in hard, soft or soft_seconds setting in buffer limit configuration.")
        limits[cls] = [str(hard), str(soft), str(secs)]
    return " ".join(" ".join([c] + limits[c]) for c in ("normal", "slave", "pubsub"))


def parse_oom(v: bytes) -> str:
    """oom-score-adj-values: three integers in -2000..2000 (any order)."""
    toks = v.split(b" ") if v else []
    if len(toks) != 3:
        raise ValueError("wrong number of arguments")
    nums = [_save_number(t) if t else None for t in toks]
    if any(n is None or not -2000 <= n <= 2000 for n in nums):
        raise ValueError("Invalid oom-score-adj-values, elements must be between -2000 and 2000.")
    return " ".join(map(str, nums))


def parse_percentiles(v: bytes) -> str:
    """latency-tracking-info-percentiles: space-separated doubles in 0..100, shown back
    in short fixed-point form (0.1234567 -> 0.123457, 1e1 -> 10)."""
    out = []
    for tok in (v.split(b" ") if v else []):
        try:
            if not tok or tok[:1].isspace() or tok[-1:].isspace():
                raise ValueError
            s = tok.decode()
            low = s.lower().lstrip("+-")
            x = float.fromhex(s) if low.startswith("0x") else float(s)
        except (ValueError, UnicodeDecodeError):
            x = None
        if x is None or x != x:
            raise ValueError("Invalid latency-tracking-info-percentiles parameters")
        if not 0.0 <= x <= 100.0:
            raise ValueError("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]")
        out.append(f"{x:f}".rstrip("0").rstrip("."))
    return " ".join(out)


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
        if p.protected:
            raise RedisError(f"{prefix}can't set protected config")
        kind = p.kind
        if kind == "bool":
            low = raw.lower()
            if low not in (b"yes", b"no"):
                raise RedisError(f"{prefix}argument must be 'yes' or 'no'")
            v = low == b"yes"
            if p.refuse and v != p.default:
                raise RedisError(prefix + p.refuse)
            return v
        if kind in ("int", "memory", "port"):
            if kind == "memory":
                v = parse_memory(raw)
                if v is None:
                    raise RedisError(f"{prefix}argument must be a memory value")
            else:
                v = parse_int64(raw)
                if v is None:
                    raise RedisError(f"{prefix}argument couldn't be parsed into an integer")
            hi = p.hi if p.hi is not None else (LLONG_MAX if kind == "memory" else INT_MAX)
            if (p.lo is not None and v < p.lo) or v > hi:
                raise RedisError(f"{prefix}argument must be between {p.lo} and {hi} inclusive")
            if p.clamp is not None:
                v = min(max(v, p.clamp[0]), p.clamp[1])
            if p.refuse and v != p.default:
                raise RedisError(prefix + p.refuse)
            if kind == "port" and v != self.values[name]:
                # Redis would move its listener; the engine cannot rebind the lab's server,
                # so a new port is refused the way Redis refuses one it cannot listen on.
                raise RedisError(f"{prefix}Unable to listen on this port")
            return v
        if kind == "mempct":
            return self._mempct(raw, prefix)
        if kind == "enum":
            low = shown.lower()
            if low not in p.choices:
                raise RedisError(f"{prefix}argument(s) must be one of the following: {', '.join(p.choices)}")
            return low
        if kind == "save":
            v = parse_save(raw)
            if v is None:
                raise RedisError(f"{prefix}Invalid save parameters")
            return v
        if kind == "obuf":
            try:
                return parse_obuf(raw, self.values[name])
            except ValueError as exc:
                raise RedisError(f"{prefix}{exc}") from None
        if kind in ("oom", "pct"):
            try:
                return (parse_oom if kind == "oom" else parse_percentiles)(raw)
            except ValueError as exc:
                raise RedisError(f"{prefix}{exc}") from None
        if kind == "host" and not re.fullmatch(r"[A-Za-z0-9.-]*", shown):
            raise RedisError(f"{prefix}Hostnames may only contain alphanumeric characters, hyphens or dots")
        if kind == "special" and name == "notify-keyspace-events":
            allowed = set("KEg$lshzxetmdnA")
            if any(c not in allowed for c in shown):
                raise RedisError(f"{prefix}Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")
            from .notify import flags_to_string, parse_flags

            # Redis stores the canonical spelling: "KEA" reads back as "AKE".
            return flags_to_string(parse_flags(shown))
        return shown

    @staticmethod
    def _mempct(raw: bytes, prefix: str):
        """maxmemory-clients: a byte count, or a share of maxmemory written 'N%' (kept as
        text so CONFIG GET shows it back; 0% is just 0)."""
        bad = f"{prefix}argument must be a memory or percent value"
        if raw.endswith(b"%"):
            pct = parse_int64(raw[:-1])
            if pct is None or pct < 0:
                raise RedisError(bad)
            if pct > 100:
                raise RedisError(f"{prefix}percentage argument must be less or equal to 100")
            return f"{pct}%" if pct else 0
        v = parse_memory(raw)
        if v is None:
            raise RedisError(bad)
        if v > LLONG_MAX:
            # Redis keeps percentages as negative numbers, so a byte count past LLONG_MAX
            # reads as one and meets the percentage check.
            raise RedisError(f"{prefix}percentage argument must be less or equal to 100")
        return v

    def set(self, name: str, value) -> None:
        old = self.values.get(name)
        self.values[name] = value
        for fn in self.listeners.get(name, ()):
            fn(value, old)
