"""The query language, one form at a time, on the hash index of conftest."""
from redislab.errors import RedisError

from .conftest import ids


def q(r, query, *opts):
    return ids(r("FT.SEARCH", "idx", query, "NOCONTENT", *opts))


def test_terms_are_anded(books):
    assert q(books, "redis") == {"book:1", "book:3"}
    assert q(books, "redis guide") == {"book:1", "book:3"}     # "guides" stems to "guide"
    assert q(books, "redis python") == set()


def test_or_not_and_grouping(books):
    assert q(books, "python|tomatoes") == {"book:2", "book:4"}
    assert q(books, "redis -postgres") == {"book:1"}
    assert q(books, "-redis") == {"book:2", "book:4"}
    assert q(books, "(python|garden) -cookbook") == {"book:4"}
    assert q(books, "redis (action|friends)") == {"book:1", "book:3"}


def test_exact_phrase(books):
    assert q(books, '"complete guide"') == {"book:1"}
    assert q(books, '"guide complete"') == set()
    assert q(books, '"redis postgres"') == {"book:3"}


def test_prefix(books):
    assert q(books, "pyth*") == {"book:2"}
    assert q(books, "data*") == {"book:1", "book:3"}


def test_field_restriction(books):
    assert q(books, "@title:redis") == {"book:1"}
    assert q(books, "@body:redis") == {"book:1", "book:3"}
    assert q(books, "@title:(python|gardening)") == {"book:2", "book:4"}
    assert q(books, "@title:(redis action)") == {"book:1"}
    assert q(books, "@title|body:postgres") == {"book:3"}
    assert q(books, '@body:"complete guide"') == {"book:1"}


def test_tags(books):
    assert q(books, "@tags:{db}") == {"book:1", "book:3"}
    assert q(books, "@tags:{lang | garden}") == {"book:2", "book:4"}
    assert q(books, "@tags:{DB}") == {"book:1", "book:3"}       # not CASESENSITIVE
    assert q(books, "@kind:{Tech}") == {"book:1", "book:2"}    # the alias, ';' separator
    assert q(books, "@kind:{tech}") == set()                   # CASESENSITIVE
    assert q(books, "@kind:{Dat*}") == {"book:1"}
    assert q(books, "@tags:{db} @price:[40 50]") == {"book:1"}


def test_numeric_ranges(books):
    assert q(books, "@price:[20 40]") == {"book:2", "book:3"}
    assert q(books, "@price:[(20 40]") == {"book:2"}
    assert q(books, "@price:[20 (38]") == {"book:3"}
    assert q(books, "@price:[-inf 20]") == {"book:3", "book:4"}
    assert q(books, "@price:[40 +inf]") == {"book:1"}
    assert q(books, "@price:[(45 inf]") == set()
    assert q(books, "-@price:[0 30]") == {"book:1", "book:2"}


def test_wildcard_and_stopwords(books):
    assert q(books, "*") == {"book:1", "book:2", "book:3", "book:4"}
    assert q(books, "the redis") == {"book:1", "book:3"}      # "the" is a stop word
    assert q(books, "the") == set()


def test_stemming_and_verbatim_and_nostem(books):
    assert q(books, "guides") == {"book:1", "book:3"}
    assert q(books, "guides", "VERBATIM") == {"book:3"}
    assert q(books, "@code:run") == {"book:2"}                 # NOSTEM: "running" is not "run"
    assert q(books, "recipe") == {"book:2"}


def test_weights_order_results(books):
    books("HSET", "book:5", "title", "Plain", "body", "cookbook")
    out = books("FT.SEARCH", "idx", "cookbook", "NOCONTENT")
    assert out[1:] == [b"book:2", b"book:5"]                   # the title weighs 5


def test_syntax_errors_never_crash(books):
    for bad, offset in (("(redis", 0), ("redis)", 5), ("@tags:{db", 6), ("@price:[1]", 7),
                        ("@price:[a 2]", 7), ('"open', 0), ("|", 0), ("redis |", 6)):
        e = books("FT.SEARCH", "idx", bad)
        assert isinstance(e, RedisError), bad
        assert e.message.startswith(f"Syntax error at offset {offset} near"), (bad, e.message)
    assert books("FT.SEARCH", "idx", "@nope:x") == RedisError("Unknown field at offset 0 near nope")
    assert isinstance(books("FT.SEARCH", "idx", "@title:{x}"), RedisError)
    assert isinstance(books("FT.SEARCH", "idx", "@tags:[1 2]"), RedisError)


def test_params(books):
    assert q(books, "@price:[$lo $hi]", "PARAMS", "4", "lo", "30", "hi", "40", "DIALECT", "2") == {"book:2"}
    assert q(books, "$word", "PARAMS", "2", "word", "python", "DIALECT", "2") == {"book:2"}


def test_deep_nesting_is_an_error_not_a_crash(books):
    for bad in ("(" * 3000 + "a" + ")" * 3000, "-" * 3000 + "a", "@title:" * 2000 + "a", "~" * 3000 + "a"):
        e = books("FT.SEARCH", "idx", bad)
        assert isinstance(e, RedisError) and e.message.startswith("Syntax error at offset")
    e = books("FT.AGGREGATE", "idx", "*", "APPLY", "(" * 3000 + "1" + ")" * 3000, "AS", "x")
    assert isinstance(e, RedisError)
    assert q(books, "(" * 40 + "python" + ")" * 40) == {"book:2"}
