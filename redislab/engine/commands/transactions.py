"""MULTI / EXEC / DISCARD / WATCH / UNWATCH.

Queueing itself happens in Engine.execute (a generic check); EXEC replays the
queue through Engine.call under the engine lock, so nothing interleaves.
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..registry import Key, command
from ..replies import NULL_ARRAY, OK


@command("MULTI", arity=1, flags="noscript loading stale fast allow_busy", group="transactions",
         summary="Start a transaction: later commands are queued until EXEC runs them all at once.",
         complexity="O(1)", since="1.2.0")
def multi(s, argv):
    if s.multi is not None:
        raise RedisError(errors.MULTI_NESTED)
    s.multi = []
    s.multi_error = False
    return OK


def _end(s) -> None:
    s.multi = None
    s.multi_error = False
    s.engine.unwatch(s)


@command("EXEC", arity=1, flags="noscript loading stale skip_slowlog", group="transactions",
         summary="Run every queued command of the transaction atomically and return their replies.",
         complexity="Depends on commands in the transaction", since="1.2.0")
def exec_(s, argv):
    if s.multi is None:
        raise RedisError(errors.EXEC_WITHOUT_MULTI)
    queue = s.multi
    if s.multi_error:
        _end(s)
        raise RedisError(errors.EXECABORT)
    engine = s.engine
    if engine.watch_failed(s):
        _end(s)
        return NULL_ARRAY
    s.multi = None
    s.multi_error = False
    # Blocking commands inside a transaction answer at once, as in Redis.
    was_no_block, s.no_block, s.in_exec = s.no_block, True, True
    try:
        replies = [engine.call(s, spec, argv) for spec, argv in queue]
    finally:
        s.no_block, s.in_exec = was_no_block, False
    engine.unwatch(s)
    return replies


@command("DISCARD", arity=1, flags="noscript loading stale fast allow_busy", group="transactions",
         summary="Drop the queued commands and leave the transaction.",
         complexity="O(N), when N is the number of queued commands", since="2.0.0")
def discard(s, argv):
    if s.multi is None:
        raise RedisError(errors.DISCARD_WITHOUT_MULTI)
    _end(s)
    return OK


@command("WATCH", arity=-2, flags="noscript loading stale fast allow_busy", keys=(1, -1, 1),
         group="transactions",
         summary="Make the next EXEC fail if any of these keys changes before it runs (optimistic locking).",
         complexity="O(1) for every key.", since="2.2.0", args=(Key(multiple=True),),
         key_flags="RO")
def watch(s, argv):
    if s.multi is not None:
        raise RedisError(errors.WATCH_IN_MULTI)
    for key in argv[1:]:
        s.engine.watch(s, key)
    return OK


@command("UNWATCH", arity=1, flags="noscript loading stale fast allow_busy", group="transactions",
         summary="Forget every key this connection WATCHes.", complexity="O(1)", since="2.2.0")
def unwatch(s, argv):
    s.engine.unwatch(s)
    return OK
