"""scan.scan: cursor parsing, batching and Redis's completeness guarantee."""
import random

import pytest

from redislab.engine import Engine, VirtualClock, scan as scanmod
from redislab.engine.scan import parse_cursor, scan
from redislab.errors import RedisError


@pytest.fixture
def db():
    return Engine(clock=VirtualClock()).keyspace.dbs[0]


def test_parse_cursor_like_strtoul():
    assert parse_cursor(b"0") == 0
    assert parse_cursor(b"") == 0
    assert parse_cursor(b"+7") == 7
    assert parse_cursor(b"-1") == (1 << 64) - 1
    assert parse_cursor(b"18446744073709551615") == (1 << 64) - 1
    for bad in (b" 1", b"1 ", b"x", b"1.5", b"0x10", b"-", b"18446744073709551616", b"--1"):
        with pytest.raises(RedisError, match="ERR invalid cursor"):
            parse_cursor(bad)


def _drain(db, owner, count, snap, mutate=None):
    seen, cursor, calls = [], 0, 0
    while True:
        cursor, batch = scan(db, owner, cursor, count, snap)
        seen += batch
        calls += 1
        if mutate:
            mutate(calls)
        if cursor == 0:
            return seen, calls


def test_small_collection_in_one_call(db):
    items = [b"a", b"b"]
    assert scan(db, "o", 0, 10, lambda: list(items)) == (0, items)
    assert not db.scans


def test_batches_of_count_and_cleanup(db):
    items = [b"k%d" % i for i in range(95)]
    seen, calls = _drain(db, "o", 10, lambda: list(items))
    assert seen == items and calls == 10
    assert not db.scans  # the parked snapshot is released when the scan completes


def test_guarantee_while_growing_and_shrinking(db):
    rng = random.Random(1)
    data = {b"k%d" % i: 1 for i in range(500)}
    stable = set(list(data)[::3])   # never deleted: must all come back

    def mutate(_):
        for _ in range(20):
            data[b"new%d" % rng.randrange(10**9)] = 1
        victims = [k for k in list(data)[:40] if k not in stable][:10]
        for k in victims:
            del data[k]

    seen, _ = _drain(db, db, 7, lambda: list(data), mutate)
    assert stable <= set(seen)


def test_unknown_cursor_restarts_from_the_beginning(db):
    items = [b"k%d" % i for i in range(30)]
    cursor, batch = scan(db, "o", 123456789, 10, lambda: list(items))
    assert batch == items[:10] and cursor != 0


def test_cursor_of_another_owner_is_not_reused(db):
    a = [b"a%d" % i for i in range(30)]
    b = [b"b%d" % i for i in range(30)]
    cursor, _ = scan(db, "A", 0, 10, lambda: list(a))
    _, batch = scan(db, "B", cursor, 10, lambda: list(b))
    assert batch == b[:10]


def test_live_snapshots_are_capped_and_evicted_scans_still_complete(db):
    items = [b"k%d" % i for i in range(50)]
    first, _ = scan(db, "o", 0, 10, lambda: list(items))
    for _ in range(scanmod.MAX_SNAPSHOTS + 5):
        scan(db, "o", 0, 10, lambda: list(items))
    assert len(db.scans) <= scanmod.MAX_SNAPSHOTS
    # the first scan was evicted: continuing restarts, so nothing is missed
    seen = []
    cursor = first
    while True:
        cursor, batch = scan(db, "o", cursor, 10, lambda: list(items))
        seen += batch
        if cursor == 0:
            break
    assert set(items) <= set(seen)


def test_scan_command_drops_keys_deleted_meanwhile(r):
    for i in range(40):
        r("SET", f"k{i}", "v")
    cursor, first = r("SCAN", "0", "COUNT", "10")
    r("DEL", *[f"k{i}" for i in range(40)])
    out = []
    while cursor != b"0":
        cursor, batch = r("SCAN", cursor, "COUNT", "10")
        out += batch
    assert out == []


def test_scan_filters_expired_keys(r):
    for i in range(5):
        r("SET", f"k{i}", "v", "PX", "100")
    r("SET", "keep", "v")
    # Move time without the 100 ms cron steps, so only lazy expiry can act.
    r.engine.clock._now_us += 200_000
    assert r("SCAN", "0") == [b"0", [b"keep"]]


def test_flushdb_style_reset_drops_cursors(r):
    for i in range(30):
        r("SET", f"k{i}", "v")
    cursor, _ = r("SCAN", "0", "COUNT", "5")
    r.engine.keyspace.dbs[0].flush()
    assert r("SCAN", cursor) == [b"0", []]
