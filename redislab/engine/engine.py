"""Engine.execute(session, argv) -> reply: THE one dispatch pipeline.

All generic checks live here and only here (house rule 1): unknown command and
subcommand, arity, authentication, MULTI queueing, the RESP2 subscribed-mode
restriction, OOM, busy scripts. Handlers then run under the engine lock, so each
command is atomic whichever way in (lab console, in-process client threads, RESP
server, Lua) called it.
"""
from __future__ import annotations

import threading
import time
from collections import deque

import logging

from .. import errors
from ..errors import RedisError
from . import registry
from .clock import Clock
from .config import Config
from .keyspace import Keyspace
from .registry import CommandSpec
from .replies import QUEUED
from .session import Session

_BY_BYTES = registry._BY_BYTES
_BATCH = registry._BATCH
_NEVER = 1 << 62              # a slowlog threshold no command reaches
_BULK_SLOWLOG = 1000          # µs: the lowest slowlog threshold a bulk run is timed under

_BYPASS_MULTI = {"exec", "discard", "multi", "watch", "quit", "reset"}
_EXEC_PLAIN = {"EXECABORT", "MOVED", "ASK", "CROSSSLOT", "TRYAGAIN", "CLUSTERDOWN"}
_perf_ns = time.perf_counter_ns



_log = logging.getLogger("redislab.engine")


def _bug(argv, exc: Exception) -> RedisError:
    # A handler bug: logged with its traceback, answered as an error reply, so an
    # in-process client, a lab console or a script sees a reply, not a crash.
    _log.exception("command %r failed", argv[:1])
    return errors.internal_error(argv, exc)

class CmdStat:
    """One command's INFO commandstats counters on one engine."""

    __slots__ = ("calls", "usec", "rejected", "failed")

    def __init__(self):
        self.calls = self.usec = self.rejected = self.failed = 0


class Engine:
    """A complete in-process Redis. Thread-safe; share one between many sessions."""

    def __init__(self, clock: Clock | None = None, config: dict | None = None, seed: int | None = None):
        registry.load_all()
        self.clock = clock or Clock(seed)
        self.config = Config(config)
        self.keyspace = Keyspace(self.clock, int(self.config["databases"]))
        self.keyspace.config = self.config
        self.lock = threading.RLock()
        self.clients: dict[int, Session] = {}
        self.monitors: set[Session] = set()
        self.started_ms = self.clock.time_ms()
        self.started_mono = time.monotonic()
        self.stats = {
            "total_connections_received": 0, "total_commands_processed": 0,
            "rejected_calls": 0, "failed_calls": 0,
            "expired_stale_perc": 0.0, "expired_time_cap_reached_count": 0,
            "evicted_keys": 0, "total_net_input_bytes": 0, "total_net_output_bytes": 0,
        }
        self.errorstats: dict[str, int] = {}
        # INFO commandstats, one CmdStat per CommandSpec.sid (the table is shared by every
        # engine in the process, the counts are not).
        self.cmd_stats = [CmdStat() for _ in range(registry.spec_count())]
        self.slowlog: deque = deque()
        self.slowlog_next_id = 0
        self.ready_keys: list = []          # keys that got data while clients block on them
        self.blocking = None                # set by engine.blocking when first used
        self.busy_script = None             # the running script while it is past busy-reply-threshold
        self.lastsave = self.clock.time_ms() // 1000
        self.extensions: dict = {}          # per-feature state (pubsub, scripting, acl, ...)
        self._next_cron_ms = 0
        self._countdown = 0
        self.now_ms = self.clock.time_ms()    # cached command time, refreshed every 64 calls and by cron
        self.gates: list = []               # extra checks (ACL, OOM, busy script): fn(s, spec, argv) -> error|None
        self.after_call: list = []          # fn(s, spec, argv, dur_us) after each handler (tracking, latency); empty = free
        self.slowlog_threshold = self.config["slowlog-log-slower-than"]
        self.config.on_change("slowlog-log-slower-than", self._set_slowlog_threshold)
        if getattr(self.clock, "virtual", False):
            self.clock.on_advance(self._on_clock_advance)
        from . import memory, notify

        notify.install(self)
        from .latency import LatencyMonitor

        LatencyMonitor.install(self)     # listens to latency-monitor-threshold; hooks calls only when > 0
        memory.install(self)                # used_memory, LFU counters, maxmemory gate
        from ..cluster import enable_if_configured

        enable_if_configured(self)          # cluster-enabled: a one-node cluster, CROSSSLOT/MOVED gate

    # ------------------------------------------------------------- sessions
    def session(self, kind: str = "inproc", addr: str = "", laddr: str = "") -> Session:
        s = Session(self, kind, addr, laddr)
        nopass = self.extensions.get("default_nopass")   # the ACL module's view of the default user
        if kind != "lua" and (not nopass() if nopass is not None else self.config.values.get("requirepass")):
            s.authenticated = False     # with requirepass set, new connections must AUTH first
        # No engine lock here: a client must be able to connect while a long script
        # holds the engine (it then gets BUSY); a dict store is atomic under the GIL.
        self.clients[s.id] = s
        self.stats["total_connections_received"] += 1
        return s

    def close_session(self, s: Session) -> None:
        with self.lock:
            if s.closed:
                return
            s.closed = True
            self.unwatch(s)
            self.clients.pop(s.id, None)
            self.monitors.discard(s)
            for hook in self.extensions.get("on_close", ()):
                hook(s)

    # ------------------------------------------------------------ pipeline
    def execute(self, s: Session, argv):
        """Run one command for ``s`` and return its reply (errors are returned, not raised)."""
        lock = self.lock
        if lock.acquire(False):
            try:
                return self.execute_held(s, argv)
            finally:
                lock.release()
        return self._execute_contended(s, argv)

    def execute_held(self, s: Session, argv):
        """``execute`` for a caller that already holds ``self.lock`` (the RESP server
        takes it once per read and runs the whole batch under it)."""
        spec = _BY_BYTES.get(argv[0]) if type(argv[0]) is bytes else None
        if spec is None or spec.subcommands:
            spec = self._resolve(s, argv, spec)
            if type(spec) is not CommandSpec:
                return spec                 # the error reply
        n = spec.arity
        if (n > 0 and len(argv) != n) or len(argv) < -n:
            return self._reject(s, errors.wrong_arity(spec.name), spec=spec)
        if s.special:
            # Rare states checked in one place so the common path pays a single test.
            if not s.authenticated and "no_auth" not in spec.flags:
                return self._reject(s, RedisError(errors.NOAUTH), flag=False, spec=spec)
            if s.multi is not None and spec.name not in _BYPASS_MULTI:
                if "no_multi" in spec.flags:
                    return self._reject(s, errors.err("Command not allowed inside a transaction"), spec=spec)
                for check in self.gates:     # ACL, OOM...: Redis refuses at queue time (EXECABORT)
                    e = check(s, spec, argv)
                    if e is not None:
                        return self._reject(s, e, spec=spec) if isinstance(e, RedisError) else e
                s.multi.append((spec, argv))
                return QUEUED
            if s.resp == 2 and (s.channels or s.patterns or s.shard_channels) and not spec.pubsub_ok:
                return self._reject(s, errors.err(
                    f"Can't execute '{spec.name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"), flag=False, spec=spec)
        if self.gates:
            for check in self.gates:
                e = check(s, spec, argv)
                if e is not None:
                    # A refusal, or the command held for later (CLIENT PAUSE: pause.py).
                    return self._reject(s, e, spec=spec) if isinstance(e, RedisError) else e
        if self.monitors and "skip_monitor" not in spec.flags:
            self._feed_monitors(s, argv)
        return self.call(s, spec, argv)

    def _resolve(self, s: Session, argv, spec):
        """The spec for a name the fast table misses, or a parent's subcommand; an
        error reply when there is none."""
        if spec is None:
            spec = registry.lookup(argv[0])
            if spec is None:
                return self._reject(s, errors.unknown_command(argv[0], argv[1:]))
        # A parent with its own handler (COMMAND) also runs bare, without a subcommand.
        if spec.subcommands and (len(argv) > 1 or spec.fn is None):
            if len(argv) < 2:
                return self._reject(s, errors.wrong_arity(spec.name), spec=spec)
            sub = registry.lookup_sub(spec, argv[1])
            if sub is None:
                return self._reject(s, errors.unknown_subcommand(argv[1], spec.name))
            spec = sub
        return spec

    def _execute_contended(self, s: Session, argv):
        """Another thread holds the engine (a long script, DEBUG SLEEP). Wait for it,
        but keep asking the gates: once a script passes busy-reply-threshold they
        answer BUSY, and SCRIPT KILL must get through, as in Redis."""
        spec = _BY_BYTES.get(argv[0]) if type(argv[0]) is bytes else None
        if spec is None or spec.subcommands:
            spec = self._resolve(s, argv, spec)
        n = spec.arity if type(spec) is CommandSpec else 0
        if (type(spec) is not CommandSpec or (n > 0 and len(argv) != n) or len(argv) < -n
                or (s.multi is not None and spec.name not in _BYPASS_MULTI)):
            # Refused or queued: Redis answers these at once, and neither runs a
            # handler, so they need not wait for the engine.
            return spec if type(spec) is not CommandSpec else self.execute_held(s, argv)
        lock = self.lock
        while not lock.acquire(timeout=0.01):
            for check in self.gates:
                if getattr(check, "locked_only", False):
                    continue
                e = check(s, spec, argv)
                if e is not None:
                    return self._reject(s, e, spec=spec)
            if self.busy_script is not None and "allow_busy" in spec.flags:
                # Redis serves these (HELLO, AUTH, CLIENT SETNAME/SETINFO, MULTI...)
                # while a script is busy; they touch the connection, not the data,
                # so a reconnecting client can get as far as SCRIPT KILL.
                return self.call(s, spec, argv)
        try:
            return self.execute_held(s, argv)
        finally:
            lock.release()

    def call(self, s: Session, spec, argv):
        """Run a handler with no generic checks (EXEC and Lua come in here). Caller holds the lock."""
        self._countdown -= 1
        if self._countdown <= 0:
            self._tick()
        ks = self.keyspace
        ks.reading = spec.reads
        t0 = _perf_ns()
        try:
            reply = spec.fn(s, argv)
        except RedisError as e:
            reply = self._failed(spec, e)
        except Exception as e:      # (free while nothing is raised)
            reply = self._failed(spec, _bug(argv, e))
        # Lookups between commands (graders, cron, the lab's pictures) are not reads.
        ks.reading = False
        dur_us = (_perf_ns() - t0) // 1000
        st = self.cmd_stats[spec.sid]
        st.calls += 1
        st.usec += dur_us
        s.last_ms = self.now_ms
        s.last_cmd = spec.name
        if dur_us >= self.slowlog_threshold >= 0 or self.after_call or self.ready_keys:
            self._after_call(s, spec, argv, dur_us)
        return reply

    def execute_batch(self, s: Session, cmds: list, i: int, replies: list) -> int:
        """Run ``cmds[i:]`` for ``s`` in order while each is plain, appending the
        replies; return the index of the first command not run. The RESP server's
        pipelined fast path: the caller holds ``self.lock`` and every entry is a
        non-empty list of bytes.

        A command is plain when ``execute_held`` would do nothing but ``call`` it,
        and it is a data command (``spec.batch_safe``: no subcommands, not blocking,
        not long-running, in a data group), which cannot change the session's state,
        the gates or the monitors: so those are tested once per batch, not per
        command. The batch stops before anything else (the caller runs it through
        ``execute_held``, or moves a long-running one off its thread). It does what
        ``call`` does for each command, with one clock read per command instead of
        two and no call frames in between: per-command overhead is what bounds a
        Python server's pipelined throughput."""
        if s.special or s.flags or self.gates or self.monitors:
            return i
        n = len(cmds)
        self._countdown -= n - i
        if self._countdown <= 0:
            self._tick()
        batch = _BATCH
        append = replies.append
        threshold = self.slowlog_threshold      # only CONFIG SET moves it: not a data command
        if threshold < 0:
            threshold = _NEVER
        after_call = self.after_call
        stats = self.cmd_stats
        ran = None
        # Runs of one simple command (GET, plain SET) may be done in one loop, timed
        # together: with the slowlog threshold at 1 ms or more, a run of O(1)
        # commands cannot have one over it. Once a run function steps aside (the
        # database is not in its plain state), it is not asked again this batch.
        bulk_ok = threshold >= _BULK_SLOWLOG and not after_call
        ks = self.keyspace
        t0 = _perf_ns()
        while i < n:
            argv = cmds[i]
            spec = batch.get(argv[0])
            if spec is None:
                break
            if bulk_ok and spec.bulk is not None and i + 1 < n and cmds[i + 1][0] == argv[0]:
                j = spec.bulk(s, cmds, i, replies)
                if j > i:
                    st = stats[spec.sid]
                    st.calls += j - i
                    t1 = _perf_ns()
                    st.usec += (t1 - t0) // 1000
                    t0 = t1
                    i, ran = j, spec
                    if self.ready_keys:
                        self._after_call(s, spec, cmds[j - 1], 0)
                    continue
                bulk_ok = False
            argc = len(argv)
            arity = spec.arity
            if argc != arity and (arity > 0 or argc < -arity):
                break
            i += 1
            ks.reading = spec.reads
            try:
                reply = spec.fn(s, argv)
            except RedisError as e:
                reply = self._failed(spec, e)
            except Exception as e:
                reply = self._failed(spec, _bug(argv, e))
            t1 = _perf_ns()
            dur_us = (t1 - t0) // 1000
            t0 = t1
            st = stats[spec.sid]
            st.calls += 1
            st.usec += dur_us
            if dur_us >= threshold or after_call or self.ready_keys:
                self._after_call(s, spec, argv, dur_us)
            append(reply)
            ran = spec
        ks.reading = False
        if ran is not None:
            s.last_ms = self.now_ms
            s.last_cmd = ran.name
        return i

    def _tick(self) -> None:
        # Every 64 commands: refresh the cached command time and run cron when due.
        self._countdown = 64
        now = self.clock.time_ms()
        self.now_ms = now
        if now >= self._next_cron_ms:
            self.cron(now)

    def _failed(self, spec, e: RedisError) -> RedisError:
        self.cmd_stats[spec.sid].failed += 1
        code = e.code
        self.errorstats[code] = self.errorstats.get(code, 0) + 1
        return e

    def _after_call(self, s: Session, spec, argv, dur_us: int) -> None:
        """The rarely needed part of a call: slowlog, hooks, blocked clients."""
        if dur_us >= self.slowlog_threshold >= 0 and "skip_slowlog" not in spec.flags:
            self._slowlog_add(s, argv, dur_us, self.now_ms)
        if self.after_call:
            for hook in self.after_call:
                hook(s, spec, argv, dur_us)
        # Blocked clients are served after the whole EXEC or script, as in Redis.
        if self.ready_keys and self.blocking is not None and not (s.in_exec or s.in_script):
            self.blocking.serve_ready()

    def commands_processed(self) -> int:
        """Derived from per-command stats rather than counted again on the hot path."""
        return sum(st.calls for st in self.cmd_stats)

    def command_stats(self, spec) -> tuple[int, int, int, int]:
        """(calls, usec, rejected calls, failed calls) of ``spec`` on this engine."""
        st = self.cmd_stats[spec.sid]
        return st.calls, st.usec, st.rejected, st.failed

    def reset_command_stats(self) -> None:
        for st in self.cmd_stats:
            st.calls = st.usec = st.rejected = st.failed = 0

    def _reject(self, s: Session, e: RedisError, flag: bool = True, spec=None):
        # Redis counts a refusal against the command once it has been looked up.
        if spec is not None:
            self.cmd_stats[spec.sid].rejected += 1
            if spec.name == "exec":
                e = self._exec_abort(s, e)
        if s.multi is not None and flag:
            s.multi_error = True
        self.stats["rejected_calls"] += 1
        self.errorstats[e.code] = self.errorstats.get(e.code, 0) + 1
        return e

    def _exec_abort(self, s: Session, e: RedisError) -> RedisError:
        """A refused EXEC (wrong arity, subscribed mode, NOAUTH, ACL...) still ends the
        transaction, in or out of MULTI: the client asked for the queue to run and it
        cannot, so Redis drops it with any WATCH and answers EXECABORT naming the
        refusal (its text without a plain ERR code)."""
        s.multi = None
        s.multi_error = False
        self.unwatch(s)
        if e.code in _EXEC_PLAIN:
            # The OOM gate words its own abort; a cluster redirection is answered
            # as itself so the client can follow it (the queue is dropped all the same).
            return e
        text = e.message[4:] if e.message.startswith("ERR ") else e.message
        return RedisError("EXECABORT Transaction discarded because of: " + text)

    # -------------------------------------------------------------- WATCH
    def watch(self, s: Session, key) -> None:
        db = s.db
        for d, k, _ in s.watched:
            if d is db and k == key:
                return
        s.watched.append((db, key, db.exists(key)))
        db.watchers.setdefault(key, set()).add(s)

    def unwatch(self, s: Session) -> None:
        for db, key, _ in s.watched:
            w = db.watchers.get(key)
            if w is not None:
                w.discard(s)
                if not w:
                    del db.watchers[key]
        s.watched = []
        s.dirty_cas = False

    def watch_failed(self, s: Session) -> bool:
        """True when EXEC must abort: a watched key was touched, or expired since WATCH."""
        if s.dirty_cas:
            return True
        now = self.clock.time_ms()
        for db, key, existed in s.watched:
            if existed and key in db.data:
                when = db.expires.get(key)
                if when is not None and when < now:
                    return True
        return False

    # -------------------------------------------------------------- timers
    def cron(self, now_ms: int | None = None, wait: bool = True) -> None:
        """Periodic work (Redis's serverCron at ``hz``): LRU clock, active expiry, timeouts.
        Runs from any command when due, from the server's timer, and from a virtual
        clock's advance, so keys expire even when nobody asks for them. With
        ``wait=False`` (an event loop's timer) it skips a tick while another thread
        holds the engine rather than freezing the loop behind a long script."""
        from . import expiry, lru_table

        if not self.lock.acquire(wait):
            return
        try:
            now = self.clock.time_ms() if now_ms is None else now_ms
            hz = max(1, int(self.config.values["hz"]))
            self._next_cron_ms = now + 1000 // hz
            self.now_ms = now
            self.keyspace.tick_lru()
            for db in self.keyspace.dbs:        # big databases keep hashed LRU clocks
                lru_table.resize(db)
            expiry.active_expire_cycle(self, now)
            for hook in self.extensions.get("cron", ()):
                hook(now)
        finally:
            self.lock.release()

    def _set_slowlog_threshold(self, value, old) -> None:
        self.slowlog_threshold = value

    def _on_clock_advance(self, now_ms: int) -> None:
        self.cron(now_ms)

    # ---------------------------------------------------- slowlog, monitor
    def _slowlog_add(self, s: Session, argv, dur_us: int, now_ms: int) -> None:
        shown = []
        argc = len(argv)
        for i, a in enumerate(argv[:32]):
            if i == 31 and argc > 32:
                shown.append(b"... (%d more arguments)" % (argc - 31))
                break
            b = a if isinstance(a, bytes) else str(a).encode()
            if len(b) > 128:
                b = b[:128] + b"... (%d more bytes)" % (len(b) - 128)
            shown.append(b)
        self.slowlog.appendleft((self.slowlog_next_id, now_ms // 1000, dur_us, shown,
                                 (s.addr or "").encode(), (s.name or "").encode()))
        self.slowlog_next_id += 1
        maxlen = self.config.values["slowlog-max-len"]
        while len(self.slowlog) > maxlen:
            self.slowlog.pop()

    def _feed_monitors(self, s: Session, argv) -> None:
        from .monitor import format_monitor_line

        line = format_monitor_line(self.clock.time_us(), s, argv)
        for m in list(self.monitors):
            if m is not s:
                m.send_push(line)

    # --------------------------------------------------------- conveniences
    def run(self, *args, session: Session | None = None):
        """Execute one command given as Python values; for tests, lessons and scripts."""
        from .args import as_bytes

        if session is None:
            session = self._default_session()
        return self.execute(session, [as_bytes(a) for a in args])

    def _default_session(self) -> Session:
        s = self.extensions.get("default_session")
        if s is None or s.closed:
            s = self.session("lab")
            self.extensions["default_session"] = s
        return s

    def uptime_s(self) -> int:
        return (self.clock.time_ms() - self.started_ms) // 1000
