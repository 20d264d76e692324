"""FT.CREATE, FT.INFO, FT._LIST, FT.DROPINDEX, FT.ALTER, FT.TAGVALS and where indexes live."""
from redislab.errors import RedisError


def info(r, name="idx"):
    flat = r("FT.INFO", name)
    return dict(zip(flat[::2], flat[1::2]))


def test_create_every_field_type_and_info(books):
    d = info(books)
    assert d[b"index_name"] == b"idx"
    definition = dict(zip(d[b"index_definition"][::2], d[b"index_definition"][1::2]))
    assert definition[b"key_type"] == b"HASH" and definition[b"prefixes"] == [b"book:"]
    attrs = {a[3]: a for a in d[b"attributes"]}
    assert attrs[b"title"][:6] == [b"identifier", b"title", b"attribute", b"title", b"type", b"TEXT"]
    assert b"WEIGHT" in attrs[b"title"] and attrs[b"title"][attrs[b"title"].index(b"WEIGHT") + 1] == b"5"
    assert b"SORTABLE" in attrs[b"title"] and b"NOSTEM" in attrs[b"code"]
    assert attrs[b"price"][5] == b"NUMERIC"
    assert attrs[b"kind"][1] == b"genre" and b"CASESENSITIVE" in attrs[b"kind"]
    assert attrs[b"kind"][attrs[b"kind"].index(b"SEPARATOR") + 1] == b";"
    assert d[b"num_docs"] == 4          # other:1 is outside the prefix
    assert d[b"hash_indexing_failures"] == 0


def test_list_and_drop(books):
    books("FT.CREATE", "second", "SCHEMA", "x", "TEXT")
    assert sorted(books("FT._LIST")) == [b"idx", b"second"]
    assert books("FT.DROPINDEX", "second") == "OK"
    assert list(books("FT._LIST")) == [b"idx"]
    assert books("EXISTS", "book:1") == 1
    assert books("FT.DROPINDEX", "idx", "DD") == "OK"
    assert books("EXISTS", "book:1", "book:2", "book:3", "book:4") == 0
    assert books("EXISTS", "other:1") == 1
    assert books("FT.DROPINDEX", "idx") == RedisError("Unknown Index name")


def test_index_is_not_a_key(books):
    assert books("EXISTS", "idx") == 0
    assert b"idx" not in books("KEYS", "*")


def test_errors_of_create(r):
    assert r("FT.CREATE", "i", "SCHEMA", "t", "TEXT") == "OK"
    assert r("FT.CREATE", "i", "SCHEMA", "t", "TEXT") == RedisError("Index already exists")
    assert r("FT.CREATE", "j", "SCHEMA", "t", "BLOB") == RedisError("Invalid field type for field `t`")
    assert r("FT.CREATE", "j", "ON", "HASH") == RedisError("No schema found")
    assert r("FT.CREATE", "j", "SCHEMA") == RedisError("Fields arguments are missing")
    assert r("FT.CREATE", "j", "SCHEMA", "t", "TEXT", "t", "TAG") == RedisError("Duplicate field in schema - t")
    assert r("FT.CREATE", "j", "ON", "LIST", "SCHEMA", "t", "TEXT").message.startswith("Invalid rule type")
    assert r("FT.CREATE", "j", "PREFIX", "3", "a") == RedisError(
        "Bad arguments for PREFIX: Expected 3 arguments, but 1 provided")
    assert r("FT.CREATE", "j", "BOGUS", "SCHEMA", "t", "TEXT") == RedisError("Unknown argument `BOGUS`")
    assert r("FT.CREATE", "j") == RedisError("No schema found")
    assert r("FT.CREATE") == RedisError("ERR wrong number of arguments for 'ft.create' command")


def test_language_stopwords_score_accepted(r):
    assert r("FT.CREATE", "i", "ON", "HASH", "LANGUAGE", "english", "SCORE", "0.5",
             "STOPWORDS", "2", "foo", "bar", "SCHEMA", "t", "TEXT") == "OK"
    r("HSET", "d", "t", "foo the")
    assert r("FT.SEARCH", "i", "foo", "NOCONTENT") == [0]     # foo is a stop word here
    assert r("FT.SEARCH", "i", "the", "NOCONTENT") == [1, b"d"]  # and "the" is not
    assert r("FT.CREATE", "k", "SCORE", "2", "SCHEMA", "t", "TEXT") == RedisError("Invalid score")


def test_create_only_on_db0(r):
    r("SELECT", "1")
    assert r("FT.CREATE", "i", "SCHEMA", "t", "TEXT") == RedisError("Cannot create index on db != 0")


def test_flush_drops_indexes(books):
    # RediSearch drops every index when the data is flushed (FLUSHDB or FLUSHALL).
    books("FLUSHALL")
    assert books("FT._LIST") == []
    assert books("FT.SEARCH", "idx", "*") == RedisError("idx: no such index")
    assert books("FT.CREATE", "idx", "SCHEMA", "t", "TEXT") == "OK"


def test_alter_adds_a_field(books):
    books("HSET", "book:1", "year", "2011")
    assert books("FT.SEARCH", "idx", "@year:[2000 2020]") == RedisError("Unknown field at offset 0 near year")
    assert books("FT.ALTER", "idx", "SCHEMA", "ADD", "year", "NUMERIC") == "OK"
    assert books("FT.SEARCH", "idx", "@year:[2000 2020]", "NOCONTENT") == [1, b"book:1"]


def test_tagvals(books):
    assert sorted(books("FT.TAGVALS", "idx", "tags")) == [b"db", b"garden", b"home", b"lang", b"nosql"]


def test_indexing_failure_is_counted(books):
    books("HSET", "book:9", "title", "Bad price", "price", "cheap")
    d = info(books)
    assert d[b"num_docs"] == 4 and d[b"hash_indexing_failures"] == 1
    assert books("FT.INFO", "nope") == RedisError("Unknown index name")


def test_explain(books):
    out = books("FT.EXPLAIN", "idx", "redis @price:[10 (20]").decode()
    assert "INTERSECT" in out and "NUMERIC {10 <= @price < 20}" in out


def test_command_info_for_ft_commands(r):
    (entry,) = r("COMMAND", "INFO", "ft.search")
    assert entry[0] == b"ft.search" and entry[1] == -3
    assert "module" in list(entry[2]) and "readonly" in list(entry[2])
    assert (entry[3], entry[4], entry[5]) == (0, 0, 0)     # an index name is not a key
    docs = r("COMMAND", "DOCS", "ft.create")
    name, doc = docs[0]
    assert name == b"ft.create" and doc[b"group"] == b"module"


def test_flushdb_of_another_db_drops_them_too_and_resetstat_does_not(books):
    books("CONFIG", "RESETSTAT")
    assert list(books("FT._LIST")) == [b"idx"]
    books("SELECT", "3")
    books("FLUSHDB")              # RediSearch drops its indexes on any flush
    books("SELECT", "0")
    assert books("FT._LIST") == []


def test_from_lua_and_multi(books):
    out = books("EVAL", "return redis.call('FT.SEARCH', 'idx', '@tags:{lang}', 'NOCONTENT')", "0")
    assert out == [1, b"book:2"]
    books("MULTI")
    assert books("FT.SEARCH", "idx", "*", "LIMIT", "0", "0") == "QUEUED"
    assert books("EXEC") == [[4]]


def test_flushes_are_per_engine_and_must_succeed(books):
    from redislab.engine import Engine

    other = Engine()
    other.run("FLUSHALL")
    books("FLUSHALL", "BOGUS")               # a syntax error flushes nothing
    assert list(books("FT._LIST")) == [b"idx"]
    books("MULTI")
    books("FLUSHDB")
    books("EXEC")
    assert books("FT._LIST") == []
