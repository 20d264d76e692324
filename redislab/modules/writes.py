"""How the Stack modules record their writes: the keyspace event, the WATCH/tracking
invalidation, and the "create a new key or refuse" step of their RESERVE/CREATE
commands. Shared so that every module writes in the same order."""
from __future__ import annotations

from ..engine.replies import OK
from ..errors import RedisError


def notify(db, event: str, key) -> None:
    """A keyspace event of class 'd', the class Redis gives every module event."""
    db.ks.notify("d", event, key, db.id)


def changed(db, key, event: str) -> None:
    """A value was changed in place: invalidate WATCHes and tracking (Db.set does that
    itself for a new value), then emit the module's event."""
    db.modified(key)
    notify(db, event, key)


def create(db, key, make, exists_error: str, event: str):
    """BF/CF/TOPK.RESERVE, CMS.INITBY*, TS.CREATE: store ``make()`` at a key that must
    not exist yet (any type counts), emit the event, answer OK. ``make`` runs only after
    the check, so an existing key is refused before a large structure is allocated."""
    if db.exists(key):
        raise RedisError(exists_error)
    db.set(key, make())
    notify(db, event, key)
    return OK
