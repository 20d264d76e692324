"""GET and plain SET over a pipelined run at once, for ``Engine.execute_batch``.

A pipeline of one simple command (what redis-benchmark sends, and what a client
loading or reading many keys sends) costs a Python server mostly per-command
overhead: looking the command up, checking its arity, timing it, counting it. A run
function does the commands from ``cmds[i]`` on while they are the same command in
its plain form, in one tight loop, and returns the index of the first one it did
not do. It does exactly what the handler does (``strings.get`` / ``Db.get_string``,
``strings.set_``'s plain path), and only while the database is in the state where
that is little: no TTLs, no watchers, no keyspace events, no tracking. Otherwise it
does nothing and the commands run one by one.

(C-level iteration - ``map``, ``dict.update`` - was measured too: on runs of 16 it
is no faster than this loop once the run has to be found and checked.)
"""
from __future__ import annotations

from ..registry import lookup
from ..replies import OK
from . import strings as _strings    # noqa: F401  (GET and SET are registered first)


def get_run(s, cmds: list, i: int, replies: list) -> int:
    """``GET key`` for ``cmds[i]``, ``cmds[i + 1]``... while they are GETs."""
    db = s.db
    atime = db.atime
    if db.expires or type(atime) is not dict:
        return i                    # TTLs to check, or the approximate LRU table
    ks = db.ks
    if ks.notifier is not None:
        return i                    # a miss would fire "keymiss"
    get = db.data.get
    clock = ks.lru_clock
    append = replies.append
    name = cmds[i][0]
    n = len(cmds)
    start = i
    misses = 0
    while i < n:
        argv = cmds[i]
        if len(argv) != 2 or argv[0] != name:
            break
        key = argv[1]
        v = get(key)
        if v is None:
            misses += 1
        else:
            if type(v) is not bytes:
                break               # WRONGTYPE: GET itself answers it (and counts the hit)
            atime[key] = clock
        append(v)
        i += 1
    ks.misses += misses
    ks.hits += i - start - misses
    return i


def set_run(s, cmds: list, i: int, replies: list) -> int:
    """``SET key value`` (no options) for ``cmds[i]``... while they are such SETs."""
    db = s.db
    ks = db.ks
    atime = db.atime
    if (db.expires or db.rnd is not None or db.watchers or ks.on_modified is not None
            or ks.notifier is not None or type(atime) is not dict):
        return i
    data = db.data
    raw = db.raw
    clock = ks.lru_clock
    append = replies.append
    name = cmds[i][0]
    n = len(cmds)
    while i < n:
        argv = cmds[i]
        if len(argv) != 3 or argv[0] != name:
            break
        key = argv[1]
        data[key] = argv[2]
        if raw:
            raw.discard(key)
        atime[key] = clock
        append(OK)
        i += 1
    return i


lookup("get").bulk = get_run
lookup("set").bulk = set_run
