"""Snapshot and restore one database: its values, TTLs and "raw" string marks.

The lab uses this for a lesson's *undo* (the state before the learner's last
command) and *reset* (the state an exercise started from). A snapshot is a deep
copy, so later writes to the live database never leak into it: strings are
immutable ``bytes`` and are shared; every container copies itself with its own
``copy()`` (the same independent copy COPY makes). A snapshot can be restored any
number of times, because ``restore`` copies again instead of handing its own
objects to the database.

Restoring goes through ``Db.modified`` for every key that existed before or after,
so WATCH is invalidated, clients blocked on a key that reappears wake up, and the
lab's live views redraw, exactly as after an ordinary write.
"""
from __future__ import annotations

import copy as _copy
from dataclasses import dataclass


def _dup(value):
    if type(value) is bytes:
        return value
    dup = getattr(value, "copy", None)
    # A type without copy() (a module's container, say) is still copied deeply:
    # sharing it would let the learner's next edit rewrite history.
    return dup() if callable(dup) else _copy.deepcopy(value)


@dataclass(frozen=True)
class DbSnapshot:
    dbid: int
    data: dict           # key -> value (private copies)
    expires: dict        # key -> absolute expiry time in ms
    raw: frozenset       # string keys whose encoding reads "raw"
    taken_ms: int        # engine time when the snapshot was taken

    def __len__(self) -> int:
        return len(self.data)


def take(db) -> DbSnapshot:
    """A private copy of ``db`` as it is now (expired-but-not-yet-reaped keys included:
    restoring them brings back exactly the state seen, and lazy expiry still applies)."""
    data = {k: _dup(v) for k, v in db.data.items()}
    expires = {k: t for k, t in db.expires.items() if k in data}
    return DbSnapshot(db.id, data, expires, frozenset(k for k in db.raw if k in data), db.ks.now_ms())


def restore(db, snap: DbSnapshot) -> None:
    """Make ``db`` hold what ``snap`` held. TTLs keep their absolute times: a key due
    to expire while the learner typed is as close to expiring as it was."""
    touched = set(db.data) | set(snap.data)
    db.data = {k: _dup(v) for k, v in snap.data.items()}
    db.expires = dict(snap.expires)
    db.ttl_keys = list(snap.expires)
    db.rnd = None             # RANDOMKEY's array named the old keys: rebuilt on the next pick
    lru = db.ks.lru_clock
    db.atime = {k: lru for k in db.data}
    db.raw = set(snap.raw)
    db.scans = {}             # cursors of an interrupted SCAN refer to the old names
    # After the swap, so a client blocked on a key that comes back finds its data;
    # every name that existed on either side counts as changed (as FLUSHDB does).
    for key in touched:
        db.modified(key)


def restore_into(keyspace, snap: DbSnapshot) -> None:
    """Restore into the database the snapshot was taken from."""
    restore(keyspace.dbs[snap.dbid], snap)
