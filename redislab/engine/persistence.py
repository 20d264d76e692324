"""SAVE, BGSAVE and loading at start: the engine's data as a real dump.rdb.

``snapshot(engine)`` and ``restore(engine, data)`` turn every database (and the
Functions libraries) into the bytes of an RDB file and back, the format in
``datatypes/rdb/file.py`` that redis-server 7.0 writes and loads. Files are touched
only by a ``Disk`` that a front end installs (``redislab serve`` does, in its working
directory, as redis-server does): an in-process engine or the lab has no disk, and
SAVE there only records that a save happened.

BGSAVE writes at once, holding the engine, where Redis forks and writes in a child:
the file is the same, the wait is not. Values of Stack modules have no RDB form
here and are left out of the file (``rdb_last_save_skipped_keys`` in INFO
persistence counts them).
"""
from __future__ import annotations

import os

from ..errors import RedisError
from .datatypes.rdb import file as rdbfile
from .datatypes.rdb.wire import BadFormat


def snapshot(engine) -> tuple[bytes, int]:
    """(the RDB file's bytes, how many module-typed keys were left out)."""
    from .commands.dump_restore import CORE_TYPES, rdb_form
    from .info import REDIS_VERSION

    now = engine.clock.time_ms()
    contents = rdbfile.Contents(aux={
        b"redis-ver": REDIS_VERSION.encode(), b"redis-bits": b"64",
        b"ctime": b"%d" % (now // 1000), b"used-mem": b"%d" % _used(engine), b"aof-base": b"0"})
    fns = getattr(engine.extensions.get("scripting"), "_functions", None)
    if fns is not None:
        contents.functions = [lib.code for lib in fns.libraries.values()]
    skipped = 0
    for db in engine.keyspace.dbs:
        entries = []
        for key, v in list(db.data.items()):
            when = db.expires.get(key)
            if when is not None and when < now:
                continue                     # expired: Redis does not save it either
            if getattr(v, "TYPE", "string") not in CORE_TYPES:
                skipped += 1
                continue
            small, nodes = rdb_form(engine, db, key, v)
            entries.append(rdbfile.Entry(key, v, when, small, tuple(nodes)))
        if entries:
            contents.dbs[db.id] = entries
    cfg = engine.config.values
    return rdbfile.write(contents, bool(cfg["rdbcompression"]), bool(cfg["rdbchecksum"])), skipped


def _used(engine) -> int:
    from .memory import used_memory

    try:
        return used_memory(engine)
    except Exception:          # informational only: a file must not fail on it
        return 0


def restore(engine, data: bytes, flush: bool = True, merge: bool = False) -> tuple[int, int]:
    """Replace every database with the file's contents: (keys loaded, keys skipped as
    already expired). Raises RedisError naming what is wrong with a damaged file; the
    engine is left as it was then. Without ``flush`` the file is loaded over what is
    there: a key present on both sides is an error unless ``merge`` (the file's wins),
    as DEBUG RELOAD NOFLUSH [MERGE] does."""
    now = engine.clock.time_ms()
    try:
        contents = rdbfile.read(data, engine.config.values, now)
    except (BadFormat, ValueError, IndexError) as e:
        raise RedisError(f"ERR Bad RDB file: {e}") from None
    ndb = len(engine.keyspace.dbs)
    if any(dbid >= ndb for dbid in contents.dbs):
        raise RedisError("ERR Bad RDB file: a database number above 'databases'")
    if not flush and not merge and any(e.key in engine.keyspace.dbs[dbid].data
                                       for dbid, entries in contents.dbs.items() for e in entries):
        # Redis stops the server on a duplicated key; here nothing is changed.
        raise RedisError("ERR Bad RDB file: a key that is already in the database")
    loaded = expired = 0
    with engine.lock:
        if flush:
            for db in engine.keyspace.dbs:
                db.flush()
        for dbid, entries in contents.dbs.items():
            db = engine.keyspace.dbs[dbid]
            for e in entries:
                if e.expire_ms is not None and e.expire_ms < now:
                    expired += 1             # as a primary loading its file
                    continue
                if not flush and e.key in db.data:
                    db.delete(e.key)
                db.set(e.key, e.value)
                if e.expire_ms is not None:
                    db.set_expire(e.key, e.expire_ms)
                loaded += 1
        if contents.functions:
            from .scripting.state import scripting

            fns = scripting(engine).functions
            for code in contents.functions:
                fns.load(code, replace=True)
    engine.extensions["rdb_last_load"] = (loaded, expired)
    return loaded, expired


class Disk:
    """The file SAVE writes: CONFIG's ``dir`` and ``dbfilename``, written to a temporary
    file first and renamed over the old one, as Redis does, so a failed save never
    leaves half a file."""

    def __init__(self, engine):
        self.engine = engine

    @property
    def path(self) -> str:
        v = self.engine.config.values
        return os.path.join(v["dir"], v["dbfilename"])

    def save(self) -> None:
        data, skipped = snapshot(self.engine)
        path = self.path
        tmp = os.path.join(os.path.dirname(path) or ".", "temp-%d.rdb" % os.getpid())
        try:
            with open(tmp, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except OSError:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        self.engine.extensions["rdb_last_save_skipped_keys"] = skipped

    def load(self) -> tuple[int, int] | None:
        """Load the file if there is one: (loaded, expired), or None without a file."""
        try:
            with open(self.path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            return None
        return restore(self.engine, data)


REDIS_SAVE_POINTS = "3600 1 300 100 60 10000"      # redis-server's default `save`
_RETRY_MS = 5000                                    # after a failed save, as Redis waits


def install(engine, directory: str | None = None) -> Disk:
    """Give ``engine`` a disk (``redislab serve``): SAVE and BGSAVE write there, and
    with a disk the save points of ``save`` (redis-server's default) are honoured."""
    if directory is not None:
        engine.config.values["dir"] = os.path.abspath(directory)
    engine.config.values["save"] = REDIS_SAVE_POINTS
    disk = engine.extensions["persistence"] = Disk(engine)
    engine.extensions["dirty_base"] = _writes(engine)
    engine.extensions.setdefault("cron", []).append(lambda now_ms: _save_points(engine, now_ms))
    return disk


def _writes(engine) -> int:
    from . import registry

    stats = engine.cmd_stats
    return sum(stats[sp.sid].calls for sp in registry.all_specs() if sp.write)


def dirty(engine) -> int:
    """Changes since the last save (INFO's rdb_changes_since_last_save). Counted as
    write commands run, where Redis counts the changes they made (a SET NX that set
    nothing counts here), which keeps the hot path free of a counter."""
    return max(0, _writes(engine) - engine.extensions.get("dirty_base", 0))


def _save_points(engine, now_ms: int) -> None:
    # serverCron's check: any "seconds changes" point met starts a (here: blocking) BGSAVE.
    points = engine.config.values["save"].split()
    if not points or "persistence" not in engine.extensions:
        return
    since = now_ms // 1000 - engine.lastsave
    if engine.extensions.get("rdb_last_bgsave_status") == "err" \
            and now_ms - engine.extensions.get("rdb_last_try_ms", 0) < _RETRY_MS:
        return
    changes = dirty(engine)
    for i in range(0, len(points), 2):
        if changes >= int(points[i + 1]) and since >= int(points[i]) and changes:
            engine.extensions["rdb_last_try_ms"] = now_ms
            try:
                save(engine)
            except OSError:
                engine.extensions["rdb_last_bgsave_status"] = "err"
            return


def save(engine) -> None:
    """What SAVE and BGSAVE do: write the file when there is a disk (OSError if it
    cannot be written), and record the save."""
    disk = engine.extensions.get("persistence")
    if disk is not None:
        disk.save()
    engine.extensions["rdb_last_bgsave_status"] = "ok"
    engine.lastsave = engine.clock.time_ms() // 1000
    engine.extensions["rdb_saves"] = engine.extensions.get("rdb_saves", 0) + 1
    engine.extensions["dirty_base"] = _writes(engine)


def reload(engine, save_first: bool = True, flush: bool = True, merge: bool = False) -> None:
    """DEBUG RELOAD: save the file (unless NOSAVE), then load it back, emptying the
    databases first (unless NOFLUSH). Without a disk (in process, the lab) the file is
    kept in memory: the last one DEBUG RELOAD made is what NOSAVE loads."""
    disk = engine.extensions.get("persistence")
    if save_first:
        if disk is not None:
            save(engine)
        else:
            engine.extensions["rdb_image"] = snapshot(engine)[0]
    if disk is not None:
        try:
            with open(disk.path, "rb") as f:
                data = f.read()
        except OSError:
            data = None
    else:
        data = engine.extensions.get("rdb_image")
    if data is None:
        raise RedisError("ERR Error trying to load the RDB dump, check server logs.")
    try:
        restore(engine, data, flush, merge)
    except RedisError:
        raise RedisError("ERR Error trying to load the RDB dump, check server logs.") from None
