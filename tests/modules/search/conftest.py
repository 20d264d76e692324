import pytest


@pytest.fixture
def books(r):
    """An index over hashes with every field type, and four documents."""
    assert r("FT.CREATE", "idx", "ON", "HASH", "PREFIX", "1", "book:", "SCHEMA",
             "title", "TEXT", "WEIGHT", "5", "SORTABLE",
             "body", "TEXT",
             "code", "TEXT", "NOSTEM",
             "price", "NUMERIC", "SORTABLE",
             "tags", "TAG", "SORTABLE",
             "genre", "AS", "kind", "TAG", "SEPARATOR", ";", "CASESENSITIVE") == "OK"
    r("HSET", "book:1", "title", "Redis in Action", "body", "A complete guide to Redis data structures",
      "code", "running", "price", "45", "tags", "db,nosql", "genre", "Tech;Data")
    r("HSET", "book:2", "title", "Python Cookbook", "body", "Python recipes and patterns",
      "code", "run", "price", "38", "tags", "lang", "genre", "Tech")
    r("HSET", "book:3", "title", "Databases guides", "body", "Redis, Postgres and friends",
      "price", "20", "tags", "db", "genre", "data")
    r("HSET", "book:4", "title", "Gardening", "body", "Growing tomatoes in the garden",
      "price", "12.5", "tags", "home, garden", "genre", "Hobby")
    r("HSET", "other:1", "title", "Redis outside the prefix")
    return r


def ids(reply):
    """The keys of a NOCONTENT reply, as a set of str."""
    return {k.decode() for k in reply[1:]}


def keys_in_order(reply):
    return [k.decode() for k in reply[1:]]
