"""INFO: the server's report, section by section, in Redis's ``field:value`` layout.

Clients (redis-cli, redis-py's ``info()``, monitoring tools, the lab's dashboards)
parse this text, so names and layout follow Redis 7.4. Figures the engine cannot know
the way a C process does (RSS, allocator, fork stats) are given the values an idle
server without persistence shows. ``used_memory`` is an estimate, see ``used_memory``.
"""
from __future__ import annotations

import os
import resource
import sys

from . import persistence, registry

REDIS_VERSION = "7.4.0"

DEFAULT_SECTIONS = ("server", "clients", "memory", "persistence", "stats", "replication", "cpu",
                    "modules", "errorstats", "cluster", "keyspace")
ALL_SECTIONS = DEFAULT_SECTIONS[:-3] + ("commandstats", "errorstats", "latencystats") + DEFAULT_SECTIONS[-2:]
_BASE_MEMORY = 900_000      # what an empty redis-server reports, roughly
_SAMPLE = 256


def human_bytes(n: int) -> str:
    """Redis's bytesToHuman: 1.28M, 32.00K, 200B."""
    if n < 1024:
        return f"{n}B"
    for unit, exp in (("K", 1), ("M", 2), ("G", 3), ("T", 4), ("P", 5)):
        if n < 1024 ** (exp + 1) or unit == "P":
            return "%.2f%s" % (n / 1024 ** exp, unit)
    return f"{n}B"  # pragma: no cover


def _value_size(v) -> int:
    size = sys.getsizeof(v)
    # Containers: add a sample of their elements, so a big hash weighs more than an empty one.
    try:
        n = len(v)
    except TypeError:
        return size
    if type(v) is bytes or n == 0:
        return size
    try:
        items = list(v.items())[:16] if hasattr(v, "items") else list(v)[:16]
    except Exception:   # exotic containers: the shallow size will do
        return size
    per = sum(sys.getsizeof(x) if not isinstance(x, tuple) else sum(map(sys.getsizeof, x)) for x in items)
    return size + per * n // max(1, len(items))


def used_memory(engine) -> int:
    """Estimated bytes used by the data set: ``sys.getsizeof`` of a random sample of keys
    and values per database, scaled to its size. Good enough for INFO and the lab's
    eviction lessons; an exact MEMORY module may install ``extensions['used_memory']``."""
    hook = engine.extensions.get("used_memory")
    if hook is not None:
        return hook()
    total = _BASE_MEMORY
    rng = engine.clock.rng
    for db in engine.keyspace.dbs:
        n = len(db.data)
        if not n:
            continue
        keys = list(db.data) if n <= _SAMPLE else rng.sample(list(db.data), _SAMPLE)
        sampled = sum(sys.getsizeof(k) + _value_size(db.data[k]) + 48 for k in keys)
        total += sampled * n // len(keys) + 40 * len(db.expires)
    return total


def _ids(engine) -> dict:
    ids = engine.extensions.get("info_ids")
    if ids is None:
        rng = engine.clock.rng
        ids = {"run_id": "%040x" % rng.getrandbits(160), "replid": "%040x" % rng.getrandbits(160)}
        engine.extensions["info_ids"] = ids
    return ids


def commands_processed(engine) -> int:
    fn = getattr(engine, "commands_processed", None)
    return fn() if fn is not None else engine.stats["total_commands_processed"]


def _ops_sampler(engine):
    """Install (once) a cron hook sampling total_commands_processed, for
    instantaneous_ops_per_sec; the first INFO of an engine therefore shows 0."""
    st = engine.extensions.get("ops_sampler")
    if st is None:
        st = {"last_ms": engine.clock.time_ms(), "last_total": commands_processed(engine),
              "rate": 0}

        def hook(now_ms):
            dt = now_ms - st["last_ms"]
            if dt >= 100:
                total = commands_processed(engine)
                st["rate"] = (total - st["last_total"]) * 1000 // dt
                st["last_ms"], st["last_total"] = now_ms, total

        engine.extensions.setdefault("cron", []).append(hook)
        engine.extensions["ops_sampler"] = st
    return st["rate"]


def _server(e):
    u = os.uname()
    up = e.uptime_s()
    hz = e.config.values["hz"]
    port = e.config.values["port"]
    return [
        ("redis_version", REDIS_VERSION), ("redis_git_sha1", "00000000"), ("redis_git_dirty", 0),
        ("redis_build_id", "0"), ("redis_mode", "cluster" if e.config.get("cluster-enabled") else "standalone"),
        ("os", f"{u.sysname} {u.release} {u.machine}"), ("arch_bits", 64 if sys.maxsize > 2 ** 32 else 32),
        ("monotonic_clock", "POSIX clock_gettime"), ("multiplexing_api", "asyncio"),
        ("atomicvar_api", "c11-builtin"), ("gcc_version", "0.0.0"), ("process_id", os.getpid()),
        ("process_supervised", "no"), ("run_id", _ids(e)["run_id"]), ("tcp_port", port),
        ("server_time_usec", e.clock.time_us()), ("uptime_in_seconds", up), ("uptime_in_days", up // 86400),
        ("hz", hz), ("configured_hz", hz), ("lru_clock", (e.clock.time_ms() // 1000) & ((1 << 24) - 1)),
        ("executable", sys.executable), ("config_file", ""), ("io_threads_active", 0),
        ("listener0", f"name=tcp,bind={e.config.values['bind']},port={port}"),
    ]


def _clients(e):
    from .blocking import info as blocking_info

    cs = [c for c in e.clients.values() if c.kind != "lua"]
    blk = blocking_info(e)
    return [
        ("connected_clients", len(cs)), ("cluster_connections", 0),
        ("maxclients", e.config.values["maxclients"]), ("client_recent_max_input_buffer", 0),
        ("client_recent_max_output_buffer", 0),
        ("blocked_clients", blk["blocked_clients"]),
        ("tracking_clients", sum(1 for c in cs if c.tracking)),
        ("pubsub_clients", sum(1 for c in cs if c.subscriptions)),
        ("watching_clients", sum(1 for c in cs if c.watched)),
        ("clients_in_timeout_table", blk["blocked_clients"]),
        ("total_watched_keys", sum(len(db.watchers) for db in e.keyspace.dbs)),
        ("total_blocking_keys", blk["total_blocking_keys"]),
        ("total_blocking_keys_on_nokey", blk["total_blocking_keys_on_nokey"]),
    ]


def _memory(e):
    hook = e.extensions.get("info_memory")     # engine/memory.py's accounting
    if hook is not None:
        return hook()
    used = used_memory(e)
    peak = max(used, e.extensions.get("used_memory_peak", 0))
    e.extensions["used_memory_peak"] = peak
    maxmem = e.config.values["maxmemory"]
    return [
        ("used_memory", used), ("used_memory_human", human_bytes(used)),
        ("used_memory_rss", used), ("used_memory_rss_human", human_bytes(used)),
        ("used_memory_peak", peak), ("used_memory_peak_human", human_bytes(peak)),
        ("used_memory_peak_perc", "%.2f%%" % (used * 100 / peak)),
        ("used_memory_overhead", _BASE_MEMORY), ("used_memory_startup", _BASE_MEMORY),
        ("used_memory_dataset", used - _BASE_MEMORY),
        ("used_memory_dataset_perc", "%.2f%%" % ((used - _BASE_MEMORY) * 100 / used)),
        ("maxmemory", maxmem), ("maxmemory_human", human_bytes(maxmem)),
        ("maxmemory_policy", e.config.values["maxmemory-policy"]),
        ("mem_fragmentation_ratio", "1.00"), ("mem_fragmentation_bytes", 0),
        ("mem_not_counted_for_evict", 0), ("mem_clients_normal", 0), ("mem_allocator", "python"),
        ("lazyfree_pending_objects", 0), ("lazyfreed_objects", 0),
    ]


def _persistence(e):
    # The engine never forks: every fork and copy-on-write figure is an idle server's.
    # Saves and loads are real when a front end gave it a disk (persistence.py).
    loaded, expired = e.extensions.get("rdb_last_load", (0, 0))
    return [
        ("loading", 0), ("async_loading", 0), ("current_cow_peak", 0), ("current_cow_size", 0),
        ("current_cow_size_age", 0), ("current_fork_perc", "0.00"), ("current_save_keys_processed", 0),
        ("current_save_keys_total", 0), ("rdb_changes_since_last_save", persistence.dirty(e)),
        ("rdb_bgsave_in_progress", 0), ("rdb_last_save_time", e.lastsave),
        ("rdb_last_bgsave_status", e.extensions.get("rdb_last_bgsave_status", "ok")),
        ("rdb_last_bgsave_time_sec", -1),
        ("rdb_current_bgsave_time_sec", -1), ("rdb_saves", e.extensions.get("rdb_saves", 0)),
        ("rdb_last_cow_size", 0), ("rdb_last_load_keys_expired", expired), ("rdb_last_load_keys_loaded", loaded),
        ("aof_enabled", 1 if e.config.values["appendonly"] else 0), ("aof_rewrite_in_progress", 0),
        ("aof_rewrite_scheduled", 0), ("aof_last_rewrite_time_sec", -1),
        ("aof_current_rewrite_time_sec", -1), ("aof_last_bgrewrite_status", "ok"), ("aof_rewrites", 0),
        ("aof_rewrites_consecutive_failures", 0), ("aof_last_write_status", "ok"), ("aof_last_cow_size", 0),
        ("module_fork_in_progress", 0), ("module_fork_last_cow_size", 0),
    ]


def _stats(e):
    st = e.stats
    ext = e.extensions
    pubsub = ext.get("pubsub")
    tracking = ext.get("tracking")
    table = tracking.table if tracking is not None else {}
    # No replication link, fork, defragmenter, MIGRATE socket or I/O thread exists
    # here, so their counters stay 0; tracking and shard channels are counted.
    return [
        ("total_connections_received", st["total_connections_received"]),
        ("total_commands_processed", commands_processed(e)),
        ("instantaneous_ops_per_sec", _ops_sampler(e)),
        ("total_net_input_bytes", st["total_net_input_bytes"]),
        ("total_net_output_bytes", st["total_net_output_bytes"]),
        ("total_net_repl_input_bytes", 0), ("total_net_repl_output_bytes", 0),
        ("instantaneous_input_kbps", "0.00"), ("instantaneous_output_kbps", "0.00"),
        ("instantaneous_input_repl_kbps", "0.00"), ("instantaneous_output_repl_kbps", "0.00"),
        ("rejected_connections", 0), ("sync_full", 0), ("sync_partial_ok", 0), ("sync_partial_err", 0),
        ("expired_keys", e.keyspace.stats_expired),
        ("expired_stale_perc", "%.2f" % st["expired_stale_perc"]),
        ("expired_time_cap_reached_count", st["expired_time_cap_reached_count"]),
        ("expire_cycle_cpu_milliseconds", int(st.get("expire_cycle_cpu_milliseconds", 0))),
        ("evicted_keys", st["evicted_keys"]), ("evicted_clients", 0),
        ("total_eviction_exceeded_time", 0), ("current_eviction_exceeded_time", 0),
        ("keyspace_hits", e.keyspace.hits), ("keyspace_misses", e.keyspace.misses),
        ("pubsub_channels", len(getattr(pubsub, "channels", ()) or ())),
        ("pubsub_patterns", len(getattr(pubsub, "patterns", ()) or ())),
        ("pubsubshard_channels", len(getattr(pubsub, "shard_channels", ()) or ())),
        ("latest_fork_usec", 0), ("total_forks", 0), ("migrate_cached_sockets", 0),
        ("slave_expires_tracked_keys", 0),
        ("active_defrag_hits", 0), ("active_defrag_misses", 0), ("active_defrag_key_hits", 0),
        ("active_defrag_key_misses", 0), ("total_active_defrag_time", 0), ("current_active_defrag_time", 0),
        ("tracking_total_keys", len(table)), ("tracking_total_items", sum(map(len, table.values()))),
        ("tracking_total_prefixes", len(tracking.prefixes) if tracking is not None else 0),
        ("unexpected_error_replies", 0),
        ("total_error_replies", sum(e.errorstats.values())),
        ("dump_payload_sanitizations", 0),
        ("total_reads_processed", commands_processed(e)),
        ("total_writes_processed", commands_processed(e)),
        ("io_threaded_reads_processed", 0), ("io_threaded_writes_processed", 0),
        ("reply_buffer_shrinks", 0), ("reply_buffer_expands", 0),
    ]


def _replication(e):
    from ..cluster.cluster import replication_of

    link = e.extensions.get("replica_link")
    if link is not None:
        return _replica_fields(e, link)
    rep = replication_of(e)
    tail = [
        ("master_failover_state", "no-failover"),
        ("master_replid", _ids(e)["replid"]), ("master_replid2", "0" * 40), ("master_repl_offset", 0),
        ("second_repl_offset", -1), ("repl_backlog_active", 0), ("repl_backlog_size", 1048576),
        ("repl_backlog_first_byte_offset", 0), ("repl_backlog_histlen", 0),
    ]
    if rep is not None and rep[0] is not None:
        # A replica in a simulated cluster: the fields a client or a lesson reads first.
        p = rep[0]
        return [("role", "slave"), ("master_host", p.host or "127.0.0.1"), ("master_port", p.port),
                ("master_link_status", "up"), ("master_last_io_seconds_ago", 0),
                ("master_sync_in_progress", 0), ("slave_read_repl_offset", 0), ("slave_repl_offset", 0),
                ("slave_priority", 100), ("slave_read_only", 1), ("replica_announced", 1),
                ("connected_slaves", 0)] + tail
    replicas = rep[1] if rep is not None else []
    lines = [("role", "master"), ("connected_slaves", len(replicas))]
    lines += [(f"slave{i}", f"ip={r.host or '127.0.0.1'},port={r.port},state=online,offset=0,lag=0")
              for i, r in enumerate(replicas)]
    return lines + tail


def _replica_fields(e, link):
    """REPLICAOF's link (replica_link.py), as a 7.0 replica reports it."""
    import time

    now = time.monotonic()
    up = link.up
    offset = max(0, link.offset)
    lines = [("role", "slave"), ("master_host", link.host), ("master_port", link.port),
             ("master_link_status", "up" if up else "down"),
             ("master_last_io_seconds_ago", int(now - link.last_io) if up else -1),
             ("master_sync_in_progress", 1 if link.state == "sync" else 0),
             ("slave_read_repl_offset", offset), ("slave_repl_offset", offset)]
    if not up:
        lines.append(("master_link_down_since_seconds", int(now - link.down_since)))
    return lines + [
        ("slave_priority", e.config.values.get("replica-priority", 100)),
        ("slave_read_only", 1 if e.config.values["replica-read-only"] else 0), ("replica_announced", 1),
        ("connected_slaves", 0), ("master_failover_state", "no-failover"),
        ("master_replid", link.replid if up else _ids(e)["replid"]), ("master_replid2", "0" * 40),
        ("master_repl_offset", offset), ("second_repl_offset", -1), ("repl_backlog_active", 1 if up else 0),
        ("repl_backlog_size", 1048576), ("repl_backlog_first_byte_offset", 1 if up else 0),
        ("repl_backlog_histlen", 0)]


def _cpu(e):
    self_ = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return [
        ("used_cpu_sys", "%.6f" % self_.ru_stime), ("used_cpu_user", "%.6f" % self_.ru_utime),
        ("used_cpu_sys_children", "%.6f" % kids.ru_stime), ("used_cpu_user_children", "%.6f" % kids.ru_utime),
        ("used_cpu_sys_main_thread", "%.6f" % self_.ru_stime),
        ("used_cpu_user_main_thread", "%.6f" % self_.ru_utime),
    ]


def _modules(e):
    hook = e.extensions.get("info_modules")
    return list(hook()) if hook else []


def _commandstats(e):
    out = []
    for spec in registry.all_specs():
        calls, usec, rejected, failed = e.command_stats(spec)
        if calls or rejected or failed:
            per = usec / calls if calls else 0.0
            out.append((f"cmdstat_{spec.name}",
                        f"calls={calls},usec={usec},usec_per_call={per:.2f},"
                        f"rejected_calls={rejected},failed_calls={failed}"))
    return out


def _errorstats(e):
    # Redis keeps these in a radix tree, so they come out sorted by code.
    return [(f"errorstat_{code}", f"count={n}") for code, n in sorted(e.errorstats.items())]


def _cluster(e):
    return [("cluster_enabled", 1 if e.config.get("cluster-enabled") else 0)]


def _keyspace(e):
    out = []
    now = e.clock.time_ms()
    for db in e.keyspace.dbs:
        if db.data:
            ttls = [w - now for w in db.expires.values() if w > now]
            avg = sum(ttls) // len(ttls) if ttls else 0
            out.append((f"db{db.id}", f"keys={len(db.data)},expires={len(db.expires)},avg_ttl={avg},subexpiry=0"))
    return out


SECTIONS = {
    "server": ("Server", _server), "clients": ("Clients", _clients), "memory": ("Memory", _memory),
    "persistence": ("Persistence", _persistence), "stats": ("Stats", _stats),
    "replication": ("Replication", _replication), "cpu": ("CPU", _cpu), "modules": ("Modules", _modules),
    "commandstats": ("Commandstats", _commandstats), "errorstats": ("Errorstats", _errorstats),
    "latencystats": ("Latencystats", lambda e: []), "cluster": ("Cluster", _cluster),
    "keyspace": ("Keyspace", _keyspace),
}


def wanted_sections(names: list[str]) -> list[str]:
    """Expand INFO's arguments (default, all, everything, section names) in Redis's order."""
    if not names:
        names = ["default"]
    want = set()
    for n in names:
        n = n.lower()
        if n == "default":
            want.update(DEFAULT_SECTIONS)
        elif n in ("all", "everything"):
            want.update(ALL_SECTIONS)
        elif n in SECTIONS:
            want.add(n)
    return [s for s in ALL_SECTIONS if s in want]


def info_text(engine, names: list[str]) -> str:
    parts = []
    for sec in wanted_sections(names):
        title, fn = SECTIONS[sec]
        lines = [f"# {title}\r\n"] + [f"{k}:{v}\r\n" for k, v in fn(engine)]
        parts.append("".join(lines))
    return "\r\n".join(parts)


def reset_stats(engine) -> None:
    """CONFIG RESETSTAT: counters, command and error stats back to zero."""
    for k, v in engine.stats.items():
        engine.stats[k] = 0.0 if isinstance(v, float) else 0
    engine.errorstats.clear()
    engine.keyspace.stats_expired = 0
    engine.keyspace.hits = engine.keyspace.misses = 0
    engine.reset_command_stats()
    for hook in engine.extensions.get("on_resetstat", ()):   # e.g. latency histograms
        hook()
