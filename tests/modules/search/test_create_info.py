"""FT.CREATE, FT.INFO, FT._LIST, FT.DROPINDEX, FT.ALTER, FT.TAGVALS and where indexes live."""
from redislab.engine.replies import Status
from redislab.errors import RedisError
from redislab.protocol.resp import encode


def info(r, name="idx"):
    # Names and most values are simple strings (a Status, a str), numbers bulk bytes.
    flat = r("FT.INFO", name)
    return dict(zip(flat[::2], flat[1::2]))


def test_create_every_field_type_and_info(books):
    d = info(books)
    assert d["index_name"] == "idx" and type(d["index_name"]) is Status
    assert all(type(k) is Status for k in d)
    definition = dict(zip(d["index_definition"][::2], d["index_definition"][1::2]))
    assert definition["key_type"] == "HASH" and type(definition["key_type"]) is Status
    assert definition["prefixes"] == ["book:"]
    # default_score always shows (a bulk number); default_language only when not english
    assert definition["default_score"] == b"1" and "default_language" not in definition
    attrs = {a[3]: a for a in d["attributes"]}
    assert attrs["title"][:6] == ["identifier", "title", "attribute", "title", "type", "TEXT"]
    assert all(type(x) is Status for x in attrs["title"][:6])
    assert "WEIGHT" in attrs["title"] and attrs["title"][attrs["title"].index("WEIGHT") + 1] == b"5"
    assert "SORTABLE" in attrs["title"] and "NOSTEM" in attrs["code"]
    assert "UNF" not in attrs["title"]
    assert attrs["price"][5:] == ["NUMERIC", "SORTABLE", "UNF"]     # numbers are never normalized
    assert attrs["kind"][1] == "genre" and "CASESENSITIVE" in attrs["kind"]
    assert attrs["kind"][attrs["kind"].index("SEPARATOR") + 1] == ";"
    assert d["num_docs"] == 4          # other:1 is outside the prefix
    assert d["hash_indexing_failures"] == 0


def test_info_on_the_wire(books):
    # RESP2 as redis-cli reads it: names, key type, index name and prefixes are
    # simple strings (shown unquoted), default_score and WEIGHT bulk strings.
    wire = encode(books("FT.INFO", "idx"), 2)
    assert wire.startswith(b"*26\r\n+index_name\r\n+idx\r\n+index_options\r\n*0\r\n"
                           b"+index_definition\r\n*6\r\n+key_type\r\n+HASH\r\n+prefixes\r\n"
                           b"*1\r\n+book:\r\n+default_score\r\n$1\r\n1\r\n+attributes\r\n")
    assert b"+identifier\r\n+title\r\n+attribute\r\n+title\r\n+type\r\n+TEXT\r\n" \
           b"+WEIGHT\r\n$1\r\n5\r\n+SORTABLE\r\n" in wire
    assert b"+num_docs\r\n:4\r\n" in wire
    books("HELLO", "3")
    d = books("FT.INFO", "idx")
    assert d["index_definition"] == {"key_type": "HASH", "prefixes": ["book:"], "default_score": b"1"}


def test_info_language_filter_and_odd_names(r):
    assert r("FT.CREATE", "i", "ON", "HASH", "PREFIX", "2", "a:", b"b\r\n", "FILTER", "@t=='x'",
             "LANGUAGE", "German", "SCHEMA", "t", "TEXT") == "OK"
    d = info(r, "i")
    definition = dict(zip(d["index_definition"][::2], d["index_definition"][1::2]))
    # a prefix a simple string cannot carry stays a bulk string
    assert definition["prefixes"] == ["a:", b"b\r\n"]
    assert definition["filter"] == b"@t=='x'"
    assert definition["default_language"] == b"german" and definition["default_score"] == b"1"


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
    assert d["num_docs"] == 4 and d["hash_indexing_failures"] == 1
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
