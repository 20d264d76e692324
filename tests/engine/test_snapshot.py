"""Snapshot/restore of one database, for every type (the lab's undo and reset)."""
import pytest

from redislab.engine import Engine, VirtualClock
from redislab.engine.snapshot import restore, restore_into, take


@pytest.fixture
def eng():
    return Engine(clock=VirtualClock(start_ms=1_700_000_000_000, seed=0))


def run(eng, s, *cmds):
    out = []
    for c in cmds:
        out.append(eng.execute(s, [a.encode() for a in c.split()]))
    return out


# type -> (commands that build it, a command that edits it in place, a read)
TYPES = {
    "string": (["SET s hello", "SETRANGE s 0 J"], "APPEND s !", "GET s"),
    "int": (["SET n 41"], "INCR n", "GET n"),
    "list": (["RPUSH l a b c"], "LPOP l", "LRANGE l 0 -1"),
    "set": (["SADD st x y z"], "SREM st y", "SMEMBERS st"),
    "zset": (["ZADD z 1 a 2 b 3 c"], "ZINCRBY z 10 a", "ZRANGE z 0 -1 WITHSCORES"),
    "hash": (["HSET h f1 v1 f2 v2"], "HDEL h f1", "HGETALL h"),
    "stream": (["XADD x 1-1 a 1", "XADD x 2-1 b 2", "XGROUP CREATE x g 0",
                "XREADGROUP GROUP g c1 COUNT 1 STREAMS x >"],
               "XACK x g 1-1", "XPENDING x g"),
    "hll": (["PFADD hl a b c"], "PFADD hl d e f g", "PFCOUNT hl"),
    "bitmap": (["SETBIT bm 7 1"], "SETBIT bm 100 1", "BITCOUNT bm"),
    "geo": (["GEOADD g 13.361389 38.115556 Palermo"], "GEOADD g 15.087269 37.502669 Catania",
            "ZRANGE g 0 -1"),
}


def _norm(reply):
    # Sets answer in hash order; compare them as sets.
    return sorted(map(str, reply)) if isinstance(reply, (list, set)) else reply


@pytest.mark.parametrize("kind", sorted(TYPES))
def test_restore_undoes_in_place_edits(eng, kind):
    build, edit, read = TYPES[kind]
    s = eng.session("t")
    run(eng, s, *build)
    before = run(eng, s, read)[0]
    snap = take(eng.keyspace.dbs[0])
    run(eng, s, edit)
    assert run(eng, s, read)[0] != before
    restore(eng.keyspace.dbs[0], snap)
    assert _norm(run(eng, s, read)[0]) == _norm(before)
    # The snapshot is reusable: edit again, restore again.
    run(eng, s, edit)
    restore(eng.keyspace.dbs[0], snap)
    assert _norm(run(eng, s, read)[0]) == _norm(before)


def test_restore_brings_back_deleted_keys_and_drops_new_ones(eng):
    s = eng.session("t")
    run(eng, s, "SET a 1", "RPUSH l x")
    snap = take(eng.keyspace.dbs[0])
    run(eng, s, "DEL a l", "SET b 2")
    restore(eng.keyspace.dbs[0], snap)
    assert run(eng, s, "EXISTS a", "EXISTS l", "EXISTS b") == [1, 1, 0]


def test_ttls_keep_absolute_times(eng):
    s = eng.session("t")
    run(eng, s, "SET k v EX 100", "SET p v")
    snap = take(eng.keyspace.dbs[0])
    run(eng, s, "PERSIST k", "EXPIRE p 5")
    eng.clock.advance(10)
    restore(eng.keyspace.dbs[0], snap)
    assert run(eng, s, "TTL k", "TTL p") == [90, -1]
    eng.clock.advance(95)
    assert run(eng, s, "EXISTS k") == [0]


def test_hash_field_ttls_and_raw_encoding_survive(eng):
    s = eng.session("t")
    run(eng, s, "HSET h a 1 b 2", "HEXPIRE h 50 FIELDS 1 a", "SET r 12345", "APPEND r x")
    enc = run(eng, s, "OBJECT ENCODING r")[0]
    snap = take(eng.keyspace.dbs[0])
    run(eng, s, "HPERSIST h FIELDS 1 a", "DEL r", "SET r short")
    restore(eng.keyspace.dbs[0], snap)
    assert run(eng, s, "HTTL h FIELDS 1 a") == [[50]]
    assert run(eng, s, "OBJECT ENCODING r")[0] == enc == b"raw"


def test_restore_invalidates_watch(eng):
    s, other = eng.session("t"), eng.session("u")
    run(eng, s, "SET w 1")
    snap = take(eng.keyspace.dbs[0])
    run(eng, other, "WATCH w")
    restore(eng.keyspace.dbs[0], snap)
    from redislab.engine.replies import NULL_ARRAY
    assert run(eng, other, "MULTI", "GET w", "EXEC")[-1] is NULL_ARRAY   # EXEC aborted


def test_restore_into_other_db_and_keeps_others_alone(eng):
    s = eng.session("t")
    run(eng, s, "SELECT 3", "SET only3 x")
    snap = take(eng.keyspace.dbs[3])
    run(eng, s, "FLUSHDB", "SELECT 0", "SET zero y")
    restore_into(eng.keyspace, snap)
    assert run(eng, s, "GET zero") == [b"y"]
    run(eng, s, "SELECT 3")
    assert run(eng, s, "GET only3") == [b"x"]
