"""The index always answers from the keyspace as it is now: writes, deletes, TTLs, renames."""
from .conftest import ids


def found(r, query="*"):
    return ids(r("FT.SEARCH", "idx", query, "NOCONTENT"))


def test_hset_del_rename(books):
    books("HSET", "book:5", "title", "Redis again", "price", "5")
    assert "book:5" in found(books, "@title:redis")
    books("HSET", "book:5", "title", "Something else")
    assert "book:5" not in found(books, "@title:redis")
    books("DEL", "book:5")
    assert "book:5" not in found(books)
    books("RENAME", "book:4", "gone:4")
    assert "book:4" not in found(books)
    books("RENAME", "other:1", "book:9")
    assert "book:9" in found(books, "@title:redis")
    books("HDEL", "book:2", "tags")
    assert found(books, "@tags:{lang}") == set()


def test_expire(books, engine):
    books("EXPIRE", "book:1", "10")
    assert "book:1" in found(books)
    engine.clock.advance(11_000)
    assert "book:1" not in found(books)
    assert books("FT.SEARCH", "idx", "*", "LIMIT", "0", "0") == [3]


def test_hash_field_ttl(books, engine):
    books("HEXPIRE", "book:2", "5", "FIELDS", "1", "tags")
    assert "book:2" in found(books, "@tags:{lang}")
    engine.clock.advance(6_000)
    assert "book:2" not in found(books, "@tags:{lang}")


def test_other_types_and_dbs_are_ignored(books):
    books("SET", "book:str", "redis")
    books("LPUSH", "book:list", "redis")
    books("SELECT", "1")
    books("HSET", "book:db1", "title", "redis")
    books("SELECT", "0")
    assert found(books, "redis") == {"book:1", "book:3"}


def test_index_over_existing_keys(r):
    r("HSET", "p:1", "t", "hello world")
    r("FT.CREATE", "idx", "PREFIX", "1", "p:", "SCHEMA", "t", "TEXT")
    assert found(r, "hello") == {"p:1"}


def test_no_prefix_means_every_hash(r):
    r("HSET", "a", "t", "hello")
    r("HSET", "b", "t", "hello")
    r("FT.CREATE", "idx", "SCHEMA", "t", "TEXT")
    assert found(r, "hello") == {"a", "b"}


def test_multiple_prefixes_and_filter(r):
    r("FT.CREATE", "idx", "PREFIX", "2", "a:", "b:", "FILTER", "@n > 5", "SCHEMA", "n", "NUMERIC")
    r("HSET", "a:1", "n", "10")
    r("HSET", "b:1", "n", "7")
    r("HSET", "b:2", "n", "1")
    r("HSET", "c:1", "n", "10")
    assert found(r) == {"a:1", "b:1"}
