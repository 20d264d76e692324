"""Big databases keep LRU clocks per hash slot (engine/lru_table.py): cheap, never idler
than the truth, exact again once the database is small."""
from array import array

import pytest

from redislab.engine import Engine, VirtualClock, lru_table
from redislab.engine.lru_table import BIG, SMALL, LruTable


def fill(r, n: int, prefix: str = "key:") -> None:
    s, ex = r.session, r.engine.execute
    for i in range(n):
        ex(s, [b"SET", b"%s%d" % (prefix.encode(), i), b"v"])


def idle(r, key) -> int:
    return r("OBJECT", "IDLETIME", key)


def test_small_databases_keep_an_exact_dict(r):
    fill(r, 1000)
    r.engine.clock.advance(1)           # cron runs
    assert type(r.session.db.atime) is dict


def test_a_big_database_switches_to_a_table_and_keeps_idle_times(r):
    fill(r, BIG + 10)
    r.engine.clock.advance(30)
    at = r.session.db.atime
    assert type(at) is LruTable
    assert at.mask + 1 >= 2 * (BIG + 10)
    # Every key was written 30 s ago; nothing has touched them since.
    assert {idle(r, f"key:{i}") for i in range(0, BIG, 997)} == {30}
    r("GET", "key:5")
    assert idle(r, "key:5") == 0
    r.engine.clock.advance(4)
    assert idle(r, "key:5") == 4


def test_shared_slots_only_ever_under_report():
    t = LruTable({}, 0, now=1000)
    mask = t.mask
    a = b"a"
    b = next(k for k in (b"b%d" % i for i in range(10 ** 6)) if hash(k) & mask == hash(a) & mask)
    t[a] = 1000
    t[b] = 1050
    assert t.get(a) == 1050 and t.get(b) == 1050       # a looks fresher, never staler
    other = next(k for k in (b"c%d" % i for i in range(10 ** 6)) if hash(k) & mask != hash(a) & mask)
    assert t.get(other, "default") == "default" and other not in t


def test_conversion_keeps_the_newest_clock_of_a_shared_slot():
    mask = 2 * BIG - 1
    a = b"a"
    b = next(k for k in (b"b%d" % i for i in range(10 ** 6)) if hash(k) & mask == hash(a) & mask)
    for order in ((a, 5), (b, 9)), ((b, 9), (a, 5)):
        t = LruTable(dict(order), 2, now=7)
        assert t.get(a) == 9


def test_growing_keeps_every_clock():
    clocks = {b"k%d" % i: 100 + i % 50 for i in range(5000)}
    t = LruTable(clocks, len(clocks), now=120)
    before = {k: t.get(k) for k in clocks}
    t.fit(10 * BIG)
    assert t.mask + 1 >= 20 * BIG
    assert {k: t.get(k) for k in clocks} == before
    assert all(t.get(k) >= v for k, v in clocks.items())


def test_clocks_decades_apart_start_the_table_again():
    t = LruTable({}, 0, now=0)
    t[b"x"] = 2 ** 31 + 5                       # does not fit 32 bits from the base
    assert t.get(b"x") == 2 ** 31 + 5


def test_a_shrunk_database_goes_back_to_an_exact_dict(r):
    fill(r, BIG + 10)
    r.engine.clock.advance(1)
    assert type(r.session.db.atime) is LruTable
    s, ex = r.session, r.engine.execute
    for i in range(BIG + 10 - SMALL + 1):
        ex(s, [b"DEL", b"key:%d" % i])
    r.engine.clock.advance(5)
    at = r.session.db.atime
    assert type(at) is dict and set(at) == set(r.session.db.data)
    assert idle(r, f"key:{BIG}") == 6


def test_flush_and_swapdb_carry_the_right_kind(r):
    fill(r, BIG + 10)
    r.engine.clock.advance(1)
    r("SWAPDB", "0", "1")
    assert type(r.engine.keyspace.dbs[1].atime) is LruTable
    assert type(r.engine.keyspace.dbs[0].atime) is dict
    r("SELECT", "1")
    r.engine.clock.advance(2)
    assert idle(r, "key:7") == 3
    r("FLUSHDB")
    assert type(r.session.db.atime) is dict


def test_lfu_policy_starts_from_every_key(r):
    fill(r, BIG + 10)
    r.engine.clock.advance(1)
    r("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu")
    at = r.session.db.atime
    assert len(at) == BIG + 10
    assert r("OBJECT", "FREQ", "key:3") == 5
    r.engine.clock.advance(1)                  # cron leaves LFU's dict alone
    assert r.session.db.atime is at


def test_lru_eviction_on_a_big_database_evicts_idle_keys():
    e = Engine(clock=VirtualClock(seed=4))
    s = e.session()

    def r(*a):
        return e.execute(s, [x if isinstance(x, bytes) else str(x).encode() for x in a])

    r.engine, r.session = e, s
    fill(r, BIG + 1000, "old:")
    e.clock.advance(100)
    fill(r, 1000, "new:")
    assert type(s.db.atime) is LruTable
    from redislab.engine import memory
    r("CONFIG", "SET", "maxmemory-policy", "allkeys-lru")
    r("CONFIG", "SET", "maxmemory", memory.used_memory(e) - 200_000)
    r("SET", "trigger", "x")
    assert e.stats["evicted_keys"] > 0
    # The newest keys survive: they are 100 s fresher than any old key.
    assert sum(r("EXISTS", f"new:{i}") for i in range(1000)) == 1000


def test_the_table_is_a_quarter_of_the_dict_it_replaces():
    import sys

    n = 200_000
    d = {b"key:%d" % i: 1 for i in range(n)}
    t = LruTable(d, n, now=1)
    assert t.memory() <= sys.getsizeof(d) / 4
    assert isinstance(t.arr, array) and t.arr.itemsize == 4


@pytest.mark.parametrize("kind", ["dict", "table"])
def test_debug_object_reads_either_kind(r, kind):
    fill(r, BIG + 10 if kind == "table" else 10)
    r.engine.clock.advance(7)
    assert type(r.session.db.atime).__name__ == ("LruTable" if kind == "table" else "dict")
    assert "lru_seconds_idle:7" in r("DEBUG", "OBJECT", "key:1")


def test_resize_is_a_noop_for_an_empty_engine():
    e = Engine(clock=VirtualClock())
    for db in e.keyspace.dbs:
        lru_table.resize(db)
        assert type(db.atime) is dict
