"""ON JSON indexes, and the guide's section 7.2 sequence."""
import importlib

import pytest

from redislab.errors import RedisError

from .conftest import ids, keys_in_order

P1 = '{"name":"Redis in Action","description":"Complete guide to Redis","price":45000,"category":"book"}'
P2 = '{"name":"Python Cookbook","description":"Python recipes and patterns","price":38000,"category":"book"}'


class StandIn:
    """A minimal JSON document, used only while RedisJSON is not in the engine."""

    TYPE = "ReJSON-RL"

    def __init__(self, value):
        self.value = value


def json_set(r, key, text):
    if r("COMMAND", "INFO", "json.set")[0] is not None:
        assert r("JSON.SET", key, "$", text) == "OK"
        return
    import json

    r.session.db.set(key.encode(), StandIn(json.loads(text)))


@pytest.fixture
def guide(r):
    assert r("FT.CREATE", "idx:products", "ON", "JSON", "PREFIX", "1", "product:", "SCHEMA",
             "$.name", "AS", "name", "TEXT", "WEIGHT", "5.0",
             "$.description", "AS", "description", "TEXT",
             "$.price", "AS", "price", "NUMERIC", "SORTABLE",
             "$.category", "AS", "category", "TAG") == "OK"
    json_set(r, "product:1", P1)
    json_set(r, "product:2", P2)
    return r


def test_guide_first_query_needs_both_words(guide):
    out = guide("FT.SEARCH", "idx:products", "Redis guide")
    assert out[0] == 1 and out[1] == b"product:1"
    assert out[2][0] == b"$"
    import json

    assert json.loads(out[2][1]) == json.loads(P1)


def test_guide_second_query_tag_and_range(guide):
    out = guide("FT.SEARCH", "idx:products", "@category:{book} @price:[30000 50000]")
    assert ids([out[0], *out[1::2]]) == {"product:1", "product:2"}


def test_guide_third_query_sorted(guide):
    out = guide("FT.SEARCH", "idx:products", "@name:(Python)", "SORTBY", "price", "ASC")
    assert out[0] == 1 and out[1] == b"product:2"
    json_set(guide, "product:3", '{"name":"Python Crash Course","description":"x","price":30000,"category":"book"}')
    out = guide("FT.SEARCH", "idx:products", "@name:(Python)", "SORTBY", "price", "ASC", "NOCONTENT")
    assert keys_in_order(out) == ["product:3", "product:2"]


def test_json_return_and_info(guide):
    out = guide("FT.SEARCH", "idx:products", "@price:[40000 +inf]", "RETURN", "2", "name", "price")
    assert out == [1, b"product:1", [b"name", b"Redis in Action", b"price", b"45000"]]
    flat = guide("FT.INFO", "idx:products")
    d = dict(zip(flat[::2], flat[1::2]))
    assert d["num_docs"] == 2
    assert d["index_definition"][:2] == ["key_type", "JSON"]     # simple strings (Status)
    assert d["attributes"][0][:4] == ["identifier", "$.name", "attribute", "name"]


def test_json_arrays_and_nested_paths(r):
    r("FT.CREATE", "u", "ON", "JSON", "PREFIX", "1", "user:", "SCHEMA",
      "$.tags[*]", "AS", "tags", "TAG", "$.address.city", "AS", "city", "TEXT", "$.age", "AS", "age", "NUMERIC")
    json_set(r, "user:1", '{"name":"Alice","age":30,"address":{"city":"Seoul"},"tags":["python","redis"]}')
    json_set(r, "user:2", '{"name":"Bob","age":"old","address":{"city":"Busan"},"tags":["go"]}')
    assert ids(r("FT.SEARCH", "u", "@tags:{redis}", "NOCONTENT")) == {"user:1"}
    assert ids(r("FT.SEARCH", "u", "@city:seoul", "NOCONTENT")) == {"user:1"}
    # user:2's age is not a number: not indexed, counted as a failure
    flat = r("FT.INFO", "u")
    d = dict(zip(flat[::2], flat[1::2]))
    assert d["num_docs"] == 1 and d["hash_indexing_failures"] == 1


def test_json_index_ignores_hashes(guide):
    guide("HSET", "product:9", "name", "Redis hash")
    assert ids(guide("FT.SEARCH", "idx:products", "redis", "NOCONTENT")) == {"product:1"}


def test_real_json_module_is_used_when_present(r):
    try:
        importlib.import_module("redislab.modules.json.document")
    except ImportError:
        pytest.skip("RedisJSON not in this engine yet")
    assert r("COMMAND", "INFO", "json.set")[0] is not None
    assert not isinstance(r("JSON.SET", "x", "$", "{}"), RedisError)
