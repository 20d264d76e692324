"""FT.SEARCH options and reply shapes (RESP2 and RESP3), and redis-py's search helper."""
import pytest
import redis
from redis.commands.search.query import NumericFilter, Query

import redislab
from redislab.errors import RedisError

from .conftest import keys_in_order


def test_reply_shape_resp2(books):
    out = books("FT.SEARCH", "idx", "@tags:{lang}")
    assert out[0] == 1 and out[1] == b"book:2"
    fields = dict(zip(out[2][::2], out[2][1::2]))
    assert fields[b"title"] == b"Python Cookbook" and fields[b"price"] == b"38"


def test_nocontent_return_and_alias(books):
    assert books("FT.SEARCH", "idx", "@tags:{lang}", "NOCONTENT") == [1, b"book:2"]
    assert books("FT.SEARCH", "idx", "@tags:{lang}", "RETURN", "1", "price") == [1, b"book:2", [b"price", b"38"]]
    assert books("FT.SEARCH", "idx", "@tags:{lang}", "RETURN", "3", "price", "AS", "p") == \
        [1, b"book:2", [b"p", b"38"]]
    assert books("FT.SEARCH", "idx", "@tags:{lang}", "RETURN", "0") == [1, b"book:2"]
    assert books("FT.SEARCH", "idx", "@tags:{lang}", "RETURN", "1", "missing") == [1, b"book:2", []]


def test_sortby_and_limit(books):
    out = books("FT.SEARCH", "idx", "*", "SORTBY", "price", "NOCONTENT")
    assert keys_in_order(out) == ["book:4", "book:3", "book:2", "book:1"]
    out = books("FT.SEARCH", "idx", "*", "SORTBY", "price", "DESC", "LIMIT", "1", "2", "NOCONTENT")
    assert out == [4, b"book:2", b"book:3"]
    out = books("FT.SEARCH", "idx", "*", "SORTBY", "title", "ASC", "NOCONTENT")
    assert keys_in_order(out) == ["book:3", "book:4", "book:2", "book:1"]
    assert books("FT.SEARCH", "idx", "*", "LIMIT", "0", "0") == [4]
    assert books("FT.SEARCH", "idx", "*", "SORTBY", "nope") == RedisError("Property `nope` not loaded nor in schema")
    assert books("FT.SEARCH", "idx", "*", "LIMIT", "0").message.startswith("Bad arguments for LIMIT")


def test_default_limit_is_ten(r):
    r("FT.CREATE", "i", "SCHEMA", "n", "NUMERIC")
    for k in range(15):
        r("HSET", f"d{k}", "n", k)
    out = r("FT.SEARCH", "i", "*", "NOCONTENT")
    assert out[0] == 15 and len(out) == 11


def test_withscores_and_sortkeys(books):
    out = books("FT.SEARCH", "idx", "redis", "WITHSCORES", "NOCONTENT")
    assert out[0] == 2 and out[1] == b"book:1"        # "redis" in the title (weight 5) wins
    assert float(out[2]) > float(out[4]) > 0
    out = books("FT.SEARCH", "idx", "@tags:{lang}", "SORTBY", "price", "WITHSORTKEYS", "NOCONTENT")
    assert out == [1, b"book:2", b"#38"]


def test_inkeys_infields_filter(books):
    out = books("FT.SEARCH", "idx", "redis", "INKEYS", "2", "book:3", "book:4", "NOCONTENT")
    assert out == [1, b"book:3"]
    out = books("FT.SEARCH", "idx", "redis", "INFIELDS", "1", "title", "NOCONTENT")
    assert out == [1, b"book:1"]
    out = books("FT.SEARCH", "idx", "*", "FILTER", "price", "(20", "40", "NOCONTENT")
    assert out == [1, b"book:2"]
    assert books("FT.SEARCH", "idx", "*", "FILTER", "price", "x", "40").message == "Bad lower range: x"


def test_accepted_options(books):
    out = books("FT.SEARCH", "idx", "redis", "NOCONTENT", "DIALECT", "2", "TIMEOUT", "100",
                "LANGUAGE", "english", "SCORER", "TFIDF", "NOSTOPWORDS")
    assert out[0] == 2
    assert books("FT.SEARCH", "idx", "redis", "BOGUS").message.startswith("Unknown argument `BOGUS`")
    assert books("FT.SEARCH", "idx", "redis", "DIALECT", "9").message.startswith("DIALECT requires")


def test_unknown_index_and_arity(r):
    assert r("FT.SEARCH", "nope", "*") == RedisError("nope: no such index")
    assert r("FT.SEARCH", "nope") == RedisError("ERR wrong number of arguments for 'ft.search' command")
    assert r("FT.AGGREGATE", "nope", "*") == RedisError("nope: no such index")


def test_resp3_map(books):
    books("HELLO", "3")
    out = books("FT.SEARCH", "idx", "@tags:{lang}", "WITHSCORES")
    assert out[b"total_results"] == 1
    (res,) = out[b"results"]
    assert res[b"id"] == b"book:2" and isinstance(res[b"score"], float)
    assert res[b"extra_attributes"][b"price"] == b"38"


@pytest.mark.parametrize("protocol", [2, 3])
def test_redis_py_search_helper(protocol):
    r = redislab.Redis(protocol=protocol, decode_responses=True)
    r.execute_command("FT.CREATE", "idx", "ON", "HASH", "PREFIX", "1", "u:", "SCHEMA",
                      "name", "TEXT", "SORTABLE", "age", "NUMERIC", "SORTABLE", "city", "TAG")
    r.hset("u:1", mapping={"name": "Alice Smith", "age": 30, "city": "Seoul"})
    r.hset("u:2", mapping={"name": "Bob Smith", "age": 25, "city": "Busan"})
    r.hset("u:3", mapping={"name": "Carol Jones", "age": 41, "city": "Seoul"})
    res = r.ft("idx").search(Query("smith").sort_by("age").paging(0, 10))
    if protocol == 2:
        assert res.total == 2 and [d.id for d in res.docs] == ["u:2", "u:1"]
        assert res.docs[0].name == "Bob Smith"
    else:
        assert res["total_results"] == 2
        assert [d["id"] for d in res["results"]] == ["u:2", "u:1"]
    res = r.ft("idx").search(Query("@city:{Seoul}").add_filter(NumericFilter("age", 35, 50)).no_content())
    ids = [d.id for d in res.docs] if protocol == 2 else [d["id"] for d in res["results"]]
    assert ids == ["u:3"]
    with pytest.raises(redis.ResponseError, match="Syntax error at offset"):
        r.ft("idx").search(Query("(smith"))
    with pytest.raises(redis.ResponseError, match="no such index"):
        r.ft("nope").search(Query("*"))


@pytest.mark.parametrize("protocol", [2, 3])
def test_redis_py_create_info_aggregate_drop(protocol):
    from redis.commands.search import reducers
    from redis.commands.search.aggregation import AggregateRequest
    from redis.commands.search.field import NumericField, TagField, TextField
    from redis.commands.search.index_definition import IndexDefinition, IndexType

    r = redislab.Redis(protocol=protocol, decode_responses=True)
    r.ft("idx").create_index([TextField("name", weight=2), NumericField("age", sortable=True), TagField("city")],
                             definition=IndexDefinition(prefix=["u:"], index_type=IndexType.HASH))
    r.hset("u:1", mapping={"name": "Alice", "age": 30, "city": "Seoul"})
    r.hset("u:2", mapping={"name": "Bob", "age": 25, "city": "Seoul"})
    assert int(r.ft("idx").info()["num_docs"]) == 2
    res = r.ft("idx").aggregate(AggregateRequest("*").group_by(
        "@city", reducers.count().alias("n"), reducers.avg("@age").alias("avg")))
    rows = res.rows if protocol == 2 else [
        [x for kv in row["extra_attributes"].items() for x in kv] for row in res["results"]]
    assert rows == [["city", "Seoul", "n", "2", "avg", "27.5"]]
    r.ft("idx").dropindex(delete_documents=True)
    assert r.keys() == []
