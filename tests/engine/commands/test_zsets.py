"""Sorted-set commands on the engine alone: Redis 7.4 behaviour the 7.0 oracle lacks,
notifications, key positions and the visualizer's read API."""
import pytest

from redislab.engine import registry
from redislab.engine.replies import NULL_ARRAY
from redislab.errors import RedisError


@pytest.fixture
def events(r):
    got = []
    r.engine.keyspace.notifier = lambda cls, ev, key, db: cls == 'm' or got.append((cls, ev, key))
    return got


def test_zrank_withscore_is_7_2_plus(r):
    r("ZADD", "z", "1", "a", "2.5", "b")
    assert r("ZRANK", "z", "b", "WITHSCORE") == [1, 2.5]
    assert r("ZREVRANK", "z", "b", "withscore") == [0, 2.5]
    assert r("ZRANK", "z", "nope", "WITHSCORE") is NULL_ARRAY
    assert r("ZRANK", "nokey", "a", "WITHSCORE") is NULL_ARRAY
    assert r("ZRANK", "z", "nope") is None
    assert r("ZRANK", "z", "a", "WITHSCORES") == RedisError("ERR syntax error")
    assert r("ZRANK", "z", "a", "WITHSCORE", "x") == RedisError("ERR wrong number of arguments for 'zrank' command")


def test_blocking_timeout_errors(r):
    assert r("BZPOPMIN", "z", "inf") == RedisError("ERR timeout is out of range")
    assert r("BZPOPMIN", "z", "1e300") == RedisError("ERR timeout is out of range")
    assert r("BZPOPMIN", "z", "-0.5") == RedisError("ERR timeout is negative")
    assert r("BZMPOP", "abc", "1", "z", "MIN") == RedisError("ERR timeout is not a float or out of range")


def test_blocking_pops_answer_at_once_when_data_is_there(r):
    r("ZADD", "z", "1", "a", "2", "b")
    assert r("BZPOPMAX", "nokey", "z", "0") == [b"z", b"b", 2.0]
    assert r("BZMPOP", "0", "1", "z", "MIN") == [b"z", [[b"a", 1.0]]]
    assert r("EXISTS", "z") == 0


def test_blocking_inside_multi_returns_the_timeout_reply(r):
    r("MULTI")
    r("BZPOPMIN", "nokey", "0")
    assert r("EXEC") == [NULL_ARRAY]


def test_notifications(r, events):
    r("ZADD", "z", "1", "a", "2", "b", "3", "c")
    r("ZADD", "z", "1", "a")                 # no change, no event
    r("ZINCRBY", "z", "1", "a")
    r("ZREM", "z", "nope")
    r("ZREM", "z", "a")
    r("ZPOPMIN", "z")
    r("ZPOPMAX", "z")
    assert events == [("z", "zadd", b"z"), ("z", "zincr", b"z"), ("z", "zrem", b"z"),
                      ("z", "zpopmin", b"z"), ("z", "zpopmax", b"z"), ("g", "del", b"z")]
    events.clear()
    r("ZADD", "z", "1", "a", "2", "b")
    r("ZRANGESTORE", "d", "z", "0", "-1")
    r("ZREMRANGEBYSCORE", "z", "1", "1")
    r("ZREMRANGEBYRANK", "z", "0", "-1")
    r("ZUNIONSTORE", "d", "1", "nokey")
    assert events == [("z", "zadd", b"z"), ("z", "zrangestore", b"d"), ("z", "zremrangebyscore", b"z"),
                      ("z", "zremrangebyrank", b"z"), ("g", "del", b"z"), ("g", "del", b"d")]


def test_watch_is_invalidated_by_in_place_changes(r, engine):
    r("ZADD", "z", "1", "a")
    other = engine.session()
    r("WATCH", "z")
    engine.execute(other, [b"ZINCRBY", b"z", b"1", b"a"])
    r("MULTI")
    r("ZCARD", "z")
    assert r("EXEC") is NULL_ARRAY


def test_key_positions():
    registry.load_all()
    spec = registry.lookup("ZUNIONSTORE")
    assert spec.key_indexes([b"ZUNIONSTORE", b"d", b"2", b"a", b"b", b"WEIGHTS", b"1", b"2"]) == [1, 3, 4]
    assert registry.lookup("ZUNION").key_indexes([b"ZUNION", b"2", b"a", b"b"]) == [2, 3]
    assert registry.lookup("BZMPOP").key_indexes([b"BZMPOP", b"0", b"2", b"a", b"b", b"MIN"]) == [3, 4]
    assert registry.lookup("BZPOPMIN").key_indexes([b"BZPOPMIN", b"a", b"b", b"0"]) == [1, 2]
    assert registry.lookup("ZRANGESTORE").key_indexes([b"ZRANGESTORE", b"d", b"s", b"0", b"1"]) == [1, 2]
    assert registry.lookup("SORT").key_indexes([b"SORT", b"k", b"LIMIT", b"0", b"1", b"STORE", b"d"]) == [1, 6]
    assert registry.lookup("SORT").key_indexes([b"SORT", b"k", b"GET", b"STORE"]) == [1]
    assert "movablekeys" in registry.lookup("SORT_RO").flags


def test_zrandmember_is_reproducible_from_the_clock_seed():
    from redislab.engine import Engine, VirtualClock

    def picks():
        e = Engine(clock=VirtualClock(seed=42))
        e.run("ZADD", "z", *[x for i in range(50) for x in (str(i), f"m{i}")])
        return [e.run("ZRANDMEMBER", "z", "5"), e.run("ZRANDMEMBER", "z", "-5", "WITHSCORES")]
    a, b = picks(), picks()
    assert a == b
    assert len(a[0]) == 5 and len(set(a[0])) == 5
    assert len(a[1]) == 10


def test_zscan_big_set_with_match(r):
    r("ZADD", "z", *[x for i in range(500) for x in (str(i), f"m{i}")])
    seen, cursor = set(), b"0"
    while True:
        cursor, batch = r("ZSCAN", "z", cursor, "MATCH", "m1*", "COUNT", "50")
        seen.update(batch[::2])
        if cursor == b"0":
            break
    assert seen == {f"m{i}".encode() for i in range(500) if str(i).startswith("1")}


def test_visualizer_api(r, engine):
    from redislab.engine.datatypes.zset import ZSet

    r("ZADD", "z", "3", "c", "1", "a", "2", "b")
    z = engine.keyspace.dbs[0].data[b"z"]
    assert isinstance(z, ZSet)
    assert z.rank(b"c") == 2
    assert z.window(0, 1) == [(b"a", 1.0), (b"b", 2.0)]
    assert z.window(0, 0, reverse=True) == [(b"c", 3.0)]
    assert all(1 <= z.level(m) <= 32 for m in (b"a", b"b", b"c"))


def test_large_counts_and_ranges(r):
    r("ZADD", "z", *[x for i in range(1000) for x in (str(i), f"m{i:04d}")])
    assert r("OBJECT", "ENCODING", "z") == b"skiplist"
    assert r("ZCOUNT", "z", "(10", "20") == 10
    assert r("ZRANK", "z", "m0500") == 500
    assert r("ZRANGE", "z", "(997", "+inf", "BYSCORE") == [b"m0998", b"m0999"]
    assert r("ZREMRANGEBYRANK", "z", "0", "899") == 900
    assert r("ZCARD", "z") == 100
