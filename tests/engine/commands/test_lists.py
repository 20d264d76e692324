"""List commands: Redis 7.4 behaviour the 7.0 oracle cannot show, and the hooks."""
from redislab.engine.replies import NULL_ARRAY
from redislab.errors import RedisError


def test_basic_flow(r):
    assert r("RPUSH", "l", "a", "b", "c") == 3
    assert r("LPUSH", "l", "z", "y") == 5
    assert r("LRANGE", "l", 0, -1) == [b"y", b"z", b"a", b"b", b"c"]
    assert r("LPOP", "l", 2) == [b"y", b"z"]
    assert r("RPOP", "l", 5) == [b"c", b"b", b"a"]
    assert r("EXISTS", "l") == 0
    assert r("LPOP", "l", 1) is NULL_ARRAY and r("LPOP", "l") is None


def test_object_encoding_listpack_then_quicklist_and_back(r):
    r("CONFIG", "SET", "list-max-listpack-size", "4")
    r("RPUSH", "l", "1", "2", "3", "4")
    assert r("OBJECT", "ENCODING", "l") == b"listpack"            # 7.0 said quicklist
    r("RPUSH", "l", "5")
    assert r("OBJECT", "ENCODING", "l") == b"quicklist"
    r("RPOP", "l", 2)
    assert r("OBJECT", "ENCODING", "l") == b"quicklist"           # 3 > half of 4
    r("RPOP", "l")
    assert r("OBJECT", "ENCODING", "l") == b"listpack"


def test_object_encoding_byte_limit(r):
    r("CONFIG", "SET", "list-max-listpack-size", "-1")          # 4 KB
    r("RPUSH", "l", "x" * 4000)
    assert r("OBJECT", "ENCODING", "l") == b"listpack"
    r("RPUSH", "l", "y" * 200)
    assert r("OBJECT", "ENCODING", "l") == b"quicklist"
    r("LTRIM", "l", 1, 1)
    assert r("OBJECT", "ENCODING", "l") == b"listpack"
    r("LSET", "l", 0, "z" * 5000)
    assert r("OBJECT", "ENCODING", "l") == b"quicklist"
    r("LSET", "l", 0, "small")
    assert r("OBJECT", "ENCODING", "l") == b"listpack"


def test_lpos_rank_llong_min_is_refused_like_72(r):
    r("RPUSH", "l", "a")
    assert r("LPOS", "l", "a", "RANK", "-9223372036854775808") == RedisError(
        "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807")
    assert r("LPOS", "l", "a", "RANK", "-9223372036854775807") is None


def test_lmove_same_key_rotation(r):
    r("RPUSH", "l", "a", "b", "c")
    assert r("LMOVE", "l", "l", "LEFT", "RIGHT") == b"a"
    assert r("RPOPLPUSH", "l", "l") == b"a"
    assert r("LRANGE", "l", 0, -1) == [b"a", b"b", b"c"]


def test_watch_is_invalidated_by_list_writes(r, engine):
    other = engine.session()
    r("RPUSH", "l", "a")
    for cmd in (("LPUSH", "l", "x"), ("LPOP", "l"), ("LSET", "l", 0, "q"), ("LTRIM", "l", 0, 0),
                ("LREM", "l", 0, "q"), ("RPUSHX", "l", "z")):
        r("RPUSH", "l", "a")
        r("WATCH", "l")
        r("MULTI")
        r("PING")
        engine.execute(other, [c if isinstance(c, bytes) else str(c).encode() for c in cmd])
        assert r("EXEC") is NULL_ARRAY, cmd


def test_keyspace_notifications(r, engine):
    seen = []
    engine.keyspace.notifier = lambda cls, ev, key, dbid: cls == 'm' or seen.append((cls, ev, key))
    r("RPUSH", "l", "a")
    r("LMOVE", "l", "m", "LEFT", "RIGHT")
    assert seen == [("l", "rpush", b"l"), ("l", "rpush", b"m"), ("l", "lpop", b"l"), ("g", "del", b"l")]


def test_lpop_extra_args_arity_error(r):
    assert r("LPOP", "l", 1, 2) == RedisError("ERR wrong number of arguments for 'lpop' command")
