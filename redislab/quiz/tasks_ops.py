"""Hands-on tasks on operations: transactions, locks, eviction, cluster slots, the slow
log and the single thread.

Registered into ``tasks.TASKS`` on import; the protocol (``TaskRun``, hooks) is in
``tasks.py``.
"""
from __future__ import annotations

import threading
import time

from ..cluster.slots import key_slot
from ..engine.commands.server_admin import _atof
from ..errors import RedisError
from .grading import Result
from .tasks import Hook, Task, TaskRun, _int, credit, is_null, register


# ------------------------------------------------------------ quiz Q4: WATCH retry
def _watched(steps) -> bool:
    return any(s.name == "WATCH" for s in steps)


def _watch_check(t: TaskRun) -> Result:
    r = Result("", "task", 0.0)
    mine = t.mine()
    execs = [s for s in mine if s.name == "EXEC"]
    w = next((i for i, s in enumerate(mine) if s.name == "WATCH"), None)
    m = next((i for i, s in enumerate(mine) if s.name == "MULTI"), None)
    credit(r, w is not None and m is not None and w < m, 0.2, todo="WATCH balance before MULTI")
    aborted = [s for s in execs if is_null(s.reply)]
    credit(r, aborted, 0.3, "EXEC answered nil: another client changed balance after WATCH, so nothing ran",
           "see EXEC fail (nil) because of the other client's write")
    ok = [s for s in execs if isinstance(s.reply, list) and aborted and mine.index(s) > mine.index(aborted[0])]
    if credit(r, ok, 0.3, "retried and the second EXEC went through",
              "retry the WATCH/GET/MULTI/EXEC loop until EXEC succeeds"):
        i_ok = mine.index(ok[-1])
        w2 = max((i for i, s in enumerate(mine[:i_ok]) if s.name == "WATCH"), default=-1)
        credit(r, w2 > mine.index(aborted[0]) and any(s.name == "GET" and s.reply == b"150" for s in mine[w2:i_ok]),
               0.2, "re-read balance (150) under a fresh WATCH before writing: no lost update",
               "on retry, WATCH again and re-read balance before computing the new value")
    return r


# ------------------------------------------------------------ guide Q9: safe unlock
def _lock_check(t: TaskRun) -> Result:
    r = Result("", "task", 0.0)
    scripts = t.calls("EVAL", "EVALSHA", "FCALL")
    cad = [s for s in t.calls("EVAL") if "get" in s.arg(1).lower() and "del" in s.arg(1).lower()]
    credit(r, scripts, 0.25)
    credit(r, cad, 0.25, "compare-and-delete ran as one Lua script: nobody can slip in between GET and DEL",
           "release with EVAL: GET the lock, DEL only if it holds your token")
    if t.admin_run("GET", "lock:order:7") == b"token-b":
        credit(r, scripts, 0.5, "worker B's lock survived: your token did not match")
    else:
        r.feedback.append("you deleted worker B's lock: two workers may now run the critical section")
        r.missing.append("leave a lock you do not own alone")
    return r


# ------------------------------------------------------------ guide Q8: eviction
def _evict_setup(run):
    for i in range(5000):
        run("SET", f"page:{i}", "x" * 1000)


def _evict_check(t: TaskRun) -> Result:
    r = Result("", "task", 0.0)
    mine = t.mine()
    oom = [i for i, s in enumerate(mine) if isinstance(s.reply, RedisError) and s.reply.message.startswith("OOM")]
    pol = [i for i, s in enumerate(mine) if s.name == "CONFIG" and s.arg(1).upper() == "SET"
           and s.arg(2).lower() == "maxmemory-policy" and s.reply == "OK"]
    credit(r, oom, 0.3, "under noeviction the write was refused with OOM: nothing may be dropped",
           "set maxmemory below the data size and see a write refused (OOM)")
    good = [i for i in pol if mine[i].arg(3).lower() in ("allkeys-lru", "allkeys-lfu")]
    if good:
        r.score += 0.3
        r.feedback.append(f"{mine[good[-1]].arg(3)} may evict any key: right for a pure cache")
    elif pol:
        r.score += 0.1
        r.missing.append("these keys have no TTL: a volatile-* policy finds nothing to evict; use allkeys-lru/lfu")
    else:
        r.missing.append("switch maxmemory-policy to allkeys-lru or allkeys-lfu")
    after = [s for s in mine[good[-1] + 1:]] if good else []
    credit(r, any(s.name == "SET" and s.reply == "OK" for s in after), 0.2,
           todo="write again after changing the policy")
    seen = any((s.name == "INFO" and isinstance(s.reply, str) and "evicted_keys:0" not in s.reply
                and "evicted_keys:" in s.reply) or (s.name == "DBSIZE" and _int(s.reply, 5000) < 5000) for s in after)
    credit(r, seen, 0.2, "saw keys evicted to make room (evicted_keys / DBSIZE)",
           "show the eviction: INFO stats (evicted_keys) or DBSIZE")
    return r


# ------------------------------------------------------------ guide Q4: CROSSSLOT
USERS = {"user:1": b"alice", "user:2": b"bob"}


def _xslot_setup(run):
    for k, v in USERS.items():
        run("SET", k, v)


def _xslot_check(t: TaskRun) -> Result:
    r = Result("", "task", 0.0)
    mgets = t.calls("MGET")
    credit(r, any(isinstance(s.reply, RedisError) and s.reply.message.startswith("CROSSSLOT") for s in mgets), 0.4,
           "MGET user:1 user:2 answered CROSSSLOT: the two keys hash to different slots",
           "MGET user:1 user:2 and read the CROSSSLOT error")
    # A success only teaches the fix if it read several keys pinned to one slot by a tag.
    tagged = [s for s in mgets if isinstance(s.reply, list) and len(s.argv) > 2
              and all(b"{" in a and b"}" in a for a in s.argv[1:])
              and len({key_slot(a) for a in s.argv[1:]}) == 1]
    full = [s for s in tagged if sorted(v for v in s.reply if v is not None) == sorted(USERS.values())]
    if full:
        r.score += 0.4
        r.feedback.append(f"{full[-1].line}: one slot ({key_slot(full[-1].argv[1])}), both values back")
    elif tagged:
        r.score += 0.2
        r.missing.append("store alice and bob under the tagged keys first (e.g. MSET {user}:1 alice {user}:2 bob), "
                         "then MGET them")
    else:
        r.missing.append("MGET keys sharing a {hash tag}, e.g. {user}:1 {user}:2")
    # The final state, read on the engine itself: the data really moved under one tag.
    keys = [a for s in (full or tagged)[-1:] for a in s.argv[1:]]
    if keys and sorted(v for v in (t.admin_run("GET", k) for k in keys) if v) == sorted(USERS.values()):
        r.score += 0.2
        r.feedback.append("alice and bob now live in one slot: any multi-key command over them works")
    elif full or tagged:
        r.missing.append("the tagged keys must hold alice and bob at the end")
    return r


# ------------------------------------------------------------ guide Q14: slow log
def _slow_setup(run):
    # Build the big sets with the slow log off, so the log holds only the "traffic".
    run("CONFIG", "SET", "slowlog-log-slower-than", "-1")
    for i in range(0, 50_000, 5000):
        run("SADD", "users:web", *[f"u{j}" for j in range(i, i + 5000)])
        run("SADD", "users:app", *[f"u{j}" for j in range(i + 25_000, i + 30_000)])
    run("SET", "page:home", "<html>")
    run("CONFIG", "SET", "slowlog-log-slower-than", "0")     # 0 µs: every command is logged
    run("SLOWLOG", "RESET")
    for args in (("GET", "page:home"), ("INCR", "hits"), ("SET", "session:9", "x"), ("LPUSH", "jobs", "j1"),
                 ("SUNIONSTORE", "users:all", "users:web", "users:app"),
                 ("HSET", "user:7", "name", "ann"), ("GET", "page:home"), ("INCR", "hits"), ("EXPIRE", "session:9", "60")):
        run(*args)


def _slowest(entries) -> str:
    # Entries are (id, time, duration µs, argv, addr, name); durations are real perf time.
    e = max(entries, key=lambda x: x[2])
    return e[3][0].decode(errors="replace").upper()


def _slow_check(t: TaskRun) -> Result:
    r = Result("", "task", 0.0)
    truth = _slowest(t.slowlog_at_start)
    gets = [s for s in t.mine() if s.name == "SLOWLOG" and s.arg(1).upper() == "GET" and s.reply]
    credit(r, gets, 0.3, todo="read the log with SLOWLOG GET (without a count it returns 10 entries)")
    named = t.said("ANSWER")
    said = named[-1].split()[0].upper() if named and named[-1].split() else ""
    if said == truth:
        r.score += 0.4
        r.feedback.append(f"{truth} took the longest: the slow log orders by time of arrival, "
                          "so you had to compare the durations (third field)")
    elif said:
        r.missing.append(f"name the slowest command: {said} was not it")
    else:
        r.missing.append("name the slowest command on a last line: ANSWER <command>")
    resets = [i for i, s in enumerate(t.mine()) if s.name == "SLOWLOG" and s.arg(1).upper() == "RESET" and s.reply == "OK"]
    first_get = t.mine().index(gets[0]) if gets else None
    setup_ids = {e[0] for e in t.slowlog_at_start}
    if resets and first_get is not None and resets[-1] > first_get and not setup_ids & {e[0] for e in t.engine.slowlog}:
        r.score += 0.3
        r.feedback.append("SLOWLOG RESET after reading: the next look shows only new slow commands")
    elif resets:
        r.score += 0.1
        r.missing.append("reset only after you have read the entries")
    else:
        r.missing.append("clear the log with SLOWLOG RESET once you have read it")
    r.note = f"the slowest entry in the log was {truth}"
    return r


# ------------------------------------------------------------ guide Q1: one thread
STALL_MS = 200          # the other client must wait at least this long for full marks
MAX_SLEEP = 1.0         # the grader refuses longer DEBUG SLEEPs, so an attempt stays short


def _watch_other_client(t: TaskRun, argv, do):
    """Run the learner's command while a second client PINGs from a thread.

    The engine runs one command at a time under its lock (as Redis's main thread
    does), so a PING sent during a long command waits for it to end. The thread's
    longest PING is the stall everyone else felt. A script that runs past
    busy-reply-threshold gets killed by the thread, keeping each attempt bounded.
    """
    # Parsed as the command parses it (C atof), so "5x" cannot slip past as 5 seconds.
    if argv[0].upper() == b"DEBUG" and len(argv) > 2 and argv[1].upper() == b"SLEEP" and _atof(argv[2]) > MAX_SLEEP:
        return RedisError(f"ERR this task allows DEBUG SLEEP up to {MAX_SLEEP:g} s"), {}
    other = t.engine.session()
    started, done, lat = threading.Event(), threading.Event(), [0.0]

    def probe():
        while not done.is_set():
            t0 = time.perf_counter()
            reply = t.engine.execute(other, [b"PING"])
            lat[0] = max(lat[0], time.perf_counter() - t0)
            if isinstance(reply, RedisError) and reply.message.startswith("BUSY"):
                t.engine.execute(other, [b"SCRIPT", b"KILL"])
            started.set()
            time.sleep(0.001)       # leave the lock free for the learner's command

    th = threading.Thread(target=probe, daemon=True)
    th.start()
    started.wait(1.0)
    try:
        reply = do()
    finally:
        done.set()
        th.join(2.0)
        t.engine.close_session(other)
    return reply, {"ping_ms": round(lat[0] * 1000, 1)}


def _stall_check(t: TaskRun) -> Result:
    r = Result("", "task", 0.0)
    mine = t.mine()
    worst = max(mine, key=lambda s: s.extra.get("ping_ms", 0), default=None)
    ms = worst.extra.get("ping_ms", 0) if worst else 0
    r.note = f"longest PING of the other client: {ms:g} ms"
    if ms >= STALL_MS:
        r.score += 0.6
        r.feedback.append(f"while {worst.line} ran, the other client's PING waited {ms:g} ms: "
                          "one thread runs one command at a time, so everyone queues behind it")
    elif ms >= STALL_MS / 2:
        r.score += 0.3
        r.missing.append(f"the other client waited only {ms:g} ms; stall it for at least {STALL_MS} ms")
    else:
        r.missing.append(f"run one command that keeps the server busy for {STALL_MS} ms or more "
                         "(DEBUG SLEEP 0.3, or a long EVAL loop)")
    if ms >= STALL_MS / 2:
        cmd = worst.argv[0].upper()
        later = mine[mine.index(worst) + 1:]
        found = [s for s in later if s.name == "SLOWLOG" and s.arg(1).upper() == "GET" and isinstance(s.reply, list)
                 and any(isinstance(e, list) and len(e) > 3 and e[3] and e[3][0].upper() == cmd for e in s.reply)]
        credit(r, found, 0.4, "SLOWLOG GET shows the culprit: execution time is what the slow log measures",
               "find the culprit afterwards with SLOWLOG GET")
    return r


register(
    Task("watch_retry", "Optimistic locking that fails on purpose",
         "balance is 100. Spend 20 with WATCH/GET/MULTI/SET/EXEC. Another client will change balance "
         "right after your first MULTI: see EXEC fail, then retry correctly.",
         lambda run: run("SET", "balance", "100"), _watch_check,
         hooks=[Hook(("MULTI",), other=["INCRBY balance 50"], when=_watched,
                     note="(meanwhile another client ran INCRBY balance 50)")]),
    Task("lock_release", "Release a lock you may no longer hold",
         "Your lock lock:order:7 had token token-a, but it expired and worker B now holds it with token-b. "
         "Release your lock the safe way.", lambda run: run("SET", "lock:order:7", "token-b"), _lock_check),
    Task("eviction", "From noeviction to an LRU cache",
         "page:* entries take about 6.5 MB. CONFIG SET maxmemory 4mb and try a SET under the default policy; "
         "then pick a policy that may evict any key by recency or frequency, SET again, and show what was evicted.",
         _evict_setup, _evict_check),
    Task("crossslot", "MGET across slots",
         "This engine is a one-node cluster. user:1 holds alice and user:2 holds bob. MGET them both and read "
         "the error; then store the two values under keys sharing a {hash tag} and MGET those.",
         _xslot_setup, _xslot_check, config={"cluster-enabled": True}),
    Task("slowlog", "Find the slow command",
         "Traffic has run with slowlog-log-slower-than 0 (every command logged). Read the slow log, find the "
         "command that took the longest, clear the log, and end with a line ANSWER <command>.",
         _slow_setup, _slow_check, directives=("ANSWER",)),
    Task("stall", "One slow command stalls everyone",
         "A second client PINGs the server all the time. Run one command that keeps the server busy for at "
         "least 0.2 s (DEBUG SLEEP up to 1 s, or a long EVAL loop) so that client waits, then find the "
         "culprit in the slow log.", lambda run: None, _stall_check, real_clock=True, around=_watch_other_client,
         # A runaway script answers BUSY after 0.5 s and the watching client kills it.
         config={"busy-reply-threshold": 500}),
)
