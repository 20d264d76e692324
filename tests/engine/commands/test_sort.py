"""SORT on the engine alone: rules the oracle tests cannot reach easily."""
from redislab.errors import RedisError


def test_sort_sorted_set_numeric_and_alpha(r):
    r("ZADD", "z", "1", "10", "2", "9", "3", "100")
    assert r("SORT", "z") == [b"9", b"10", b"100"]
    assert r("SORT", "z", "ALPHA") == [b"10", b"100", b"9"]
    assert r("SORT", "z", "BY", "nosort", "DESC") == [b"100", b"9", b"10"]
    assert r("OBJECT", "ENCODING", "z") == b"skiplist"     # SORT converts, as Redis does


def test_set_unsorted_in_a_script_is_sorted_alphabetically(r):
    r("SADD", "s", "b", "c", "a")
    r.session.in_script = True
    try:
        assert r("SORT", "s", "BY", "nosort") == [b"a", b"b", b"c"]
    finally:
        r.session.in_script = False


def test_numeric_ties_break_on_element_bytes(r):
    r("SADD", "s", "b", "a", "c")
    r("MSET", "w_a", "1", "w_b", "1", "w_c", "0")
    assert r("SORT", "s", "BY", "w_*") == [b"c", b"a", b"b"]
    assert r("SORT", "s", "BY", "w_*", "DESC") == [b"b", b"a", b"c"]


def test_hash_fields_and_gets(r):
    r("SADD", "ids", "1", "2")
    r("HSET", "u:1", "age", "30", "name", "ann")
    r("HSET", "u:2", "age", "20", "name", "bob")
    assert r("SORT", "ids", "BY", "u:*->age", "GET", "u:*->name", "GET", "#") == [b"bob", b"2", b"ann", b"1"]
    assert r("SORT", "ids", "GET", "u:*->nope") == [None, None]


def test_errors(r):
    r("SET", "str", "v")
    assert r("SORT", "str") == RedisError("WRONGTYPE Operation against a key holding the wrong kind of value")
    assert r("SORT_RO", "str", "STORE", "x") == RedisError("ERR syntax error")
    r("SADD", "s", "1", "x")
    assert r("SORT", "s") == RedisError("ERR One or more scores can't be converted into double")
    assert r("SORT", "s", "ALPHA") == [b"1", b"x"]
