"""FT.AGGREGATE pipelines."""
from redislab.errors import RedisError


def rows(reply):
    return [dict(zip(r[::2], r[1::2])) for r in reply[1:]]


def test_groupby_reducers(books):
    out = books("FT.AGGREGATE", "idx", "*", "GROUPBY", "1", "@kind",
                "REDUCE", "COUNT", "0", "AS", "n",
                "REDUCE", "SUM", "1", "@price", "AS", "total",
                "REDUCE", "AVG", "1", "@price", "AS", "avg",
                "REDUCE", "MIN", "1", "@price", "AS", "lo",
                "REDUCE", "MAX", "1", "@price", "AS", "hi",
                "REDUCE", "COUNT_DISTINCT", "1", "@tags", "AS", "distinct",
                "SORTBY", "2", "@n", "DESC")
    got = {r[b"kind"]: r for r in rows(out)}
    assert out[0] == 4
    assert got[b"Tech"][b"n"] == b"1" and got[b"Tech;Data"][b"total"] == b"45"
    assert got[b"Hobby"][b"avg"] == b"12.5"


def test_groupby_tag_values_sorted_and_limited(books):
    out = books("FT.AGGREGATE", "idx", "@price:[0 40]", "GROUPBY", "1", "@tags", "REDUCE", "COUNT", "0",
                "SORTBY", "2", "@tags", "ASC", "LIMIT", "0", "2")
    assert rows(out) == [{b"tags": b"db", b"__generated_aliascount": b"1"},
                         {b"tags": b"home, garden", b"__generated_aliascount": b"1"}]


def test_load_apply_filter(books):
    out = books("FT.AGGREGATE", "idx", "redis", "LOAD", "1", "@price",
                "APPLY", "@price * 2", "AS", "double", "FILTER", "@double > 50",
                "SORTBY", "2", "@double", "DESC")
    assert rows(out) == [{b"price": b"45", b"double": b"90"}]


def test_aggregate_errors(books):
    assert isinstance(books("FT.AGGREGATE", "idx", "*", "GROUPBY", "1", "kind"), RedisError)
    assert isinstance(books("FT.AGGREGATE", "idx", "*", "GROUPBY", "1", "@kind", "REDUCE", "NOPE", "0"), RedisError)
    assert isinstance(books("FT.AGGREGATE", "idx", "*", "APPLY", "@price +", "AS", "x"), RedisError)
    assert isinstance(books("FT.AGGREGATE", "idx", "(", "LIMIT", "0", "1"), RedisError)


def test_unknown_properties(books):
    assert books("FT.AGGREGATE", "idx", "*", "SORTBY", "1", "@nope") == \
        RedisError("Property `nope` not loaded nor in schema")
    assert books("FT.AGGREGATE", "idx", "*", "GROUPBY", "1", "@nope") == RedisError("No such property `nope`")
    # after a GROUPBY only its own names exist
    out = books("FT.AGGREGATE", "idx", "*", "GROUPBY", "1", "@tags", "SORTBY", "2", "@price", "ASC")
    assert out == RedisError("Property `price` not loaded nor in schema")
    out = books("FT.AGGREGATE", "idx", "*", "LOAD", "3", "@genre", "AS", "g", "SORTBY", "2", "@g", "ASC")
    assert out[0] == 4
