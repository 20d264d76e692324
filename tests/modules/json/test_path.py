"""The JSONPath / legacy path engine and the document's parsing and printing, on
their own (no engine)."""
import pytest

from redislab.errors import RedisError
from redislab.modules.json import path as P
from redislab.modules.json.document import (JsonDoc, JsonSyntaxError, dumps, format_float, parse,
                                            type_name)

STORE = {
    "store": {
        "book": [
            {"category": "reference", "author": "Rees", "title": "Sayings", "price": 8.95},
            {"category": "fiction", "author": "Waugh", "price": 12.99, "isbn": "0-553"},
            {"category": "fiction", "author": "Tolkien", "price": 22.99, "isbn": "0-395"},
        ],
        "bicycle": {"color": "red", "price": 19.95},
    },
    "a": {"a": {"a": 1}},
}


def vals(path, doc=STORE):
    return [v for _, v in P.find(doc, P.parse(path))]


def locs(path, doc=STORE):
    return [loc for loc, _ in P.find(doc, P.parse(path))]


# ----------------------------------------------------------------- legacy

@pytest.mark.parametrize("text", [".", "", "$"])
def test_root_paths(text):
    p = P.parse(text)
    assert p.is_root and p.legacy == (text != "$")
    assert vals(text) == [STORE]


@pytest.mark.parametrize("text,legacy", [
    (".store.bicycle.color", True), ("store.bicycle.color", True),
    ('["store"]["bicycle"].color', True), ("$.store.bicycle.color", False),
    ("$['store']['bicycle']['color']", False),
])
def test_legacy_and_jsonpath_forms_reach_the_same_value(text, legacy):
    assert P.parse(text).legacy is legacy
    assert vals(text) == ["red"]


def test_legacy_index_and_static_flag():
    assert vals(".store.book[0].author") == ["Rees"]
    assert vals("store.book[-1].author") == ["Tolkien"]
    assert P.parse(".a.b[2]").is_static
    assert not P.parse("$..a").is_static
    assert not P.parse("$.a[*]").is_static


# --------------------------------------------------------------- JSONPath

def test_children_wildcards_and_descent():
    assert vals("$.store.book[*].author") == ["Rees", "Waugh", "Tolkien"]
    assert vals("$..author") == ["Rees", "Waugh", "Tolkien"]
    assert vals("$.store..price") == [8.95, 12.99, 22.99, 19.95]
    assert len(vals("$.store.*")) == 2
    assert vals("$..a") == [{"a": {"a": 1}}, {"a": 1}, 1]          # parents before children
    assert vals("$..book[2].author") == ["Tolkien"]
    assert 1 in vals("$..*") and "red" in vals("$..*")


def test_indexes_unions_and_slices():
    assert vals("$.store.book[-1].author") == ["Tolkien"]
    assert vals("$.store.book[5]") == []
    assert vals("$.store.book[0,2].author") == ["Rees", "Tolkien"]
    assert vals("$.store.bicycle['color','price']") == ["red", 19.95]
    assert vals("$.store.book[:2].author") == ["Rees", "Waugh"]
    assert vals("$.store.book[1:].author") == ["Waugh", "Tolkien"]
    assert vals("$.store.book[::2].author") == ["Rees", "Tolkien"]
    assert vals("$.store.book[-2:].author") == ["Waugh", "Tolkien"]
    assert vals("$.store.book[0:3:0]") == []


def test_filters():
    assert vals("$..book[?(@.isbn)].author") == ["Waugh", "Tolkien"]
    assert vals("$..book[?(@.price < 10)].title") == ["Sayings"]
    assert vals("$..book[?(@.price<=12.99)].author") == ["Rees", "Waugh"]
    assert vals('$..book[?(@.price > 10 && @.category == "fiction")].author') == ["Waugh", "Tolkien"]
    assert vals("$..book[?(@.price < 9 || @.price > 20)].author") == ["Rees", "Tolkien"]
    assert vals("$..book[?(@.category != 'fiction')].author") == ["Rees"]
    assert vals('$..book[?(@.author =~ "(?i)^t")].author') == ["Tolkien"]
    assert vals("$..book[?(@.price > $.store.bicycle.price)].author") == ["Tolkien"]
    assert vals("$..book[?(!(@.price < 10) && (@.isbn == '0-553' || @.isbn == '0-395'))].author") == ["Waugh", "Tolkien"]
    assert vals("$.store.book[?(@.price >= 22.99)].price") == [22.99]
    # a filter on an object tests its member values
    assert vals("$.store[?(@.color == 'red')].price") == [19.95]


def test_filter_comparisons_between_types():
    doc = {"xs": [1, 2.5, "2", True, None, [1], {"a": 1}]}
    assert vals("$.xs[?(@ > 1)]", doc) == [2.5]
    assert vals("$.xs[?(@ == 1)]", doc) == [1]                     # true is not 1
    assert vals("$.xs[?(@ == true)]", doc) == [True]
    assert vals("$.xs[?(@ == null)]", doc) == [None]
    assert vals("$.xs[?(@ == '2')]", doc) == ["2"]


def test_locations_lead_to_parents():
    assert locs("$.store.book[*].price") == [("store", "book", 0, "price"), ("store", "book", 1, "price"),
                                             ("store", "book", 2, "price")]


@pytest.mark.parametrize("bad,pos", [("$.a[$]", 4), ("$.", 2), ("$[", 2), ("$.a[?(@.x<)]", 10),
                                     ("a b", 1), ("$.a]", 3), ("$['a", 4)])
def test_malformed_paths_point_at_the_error(bad, pos):
    with pytest.raises(RedisError) as e:
        P.parse(bad)
    msg = e.value.message
    assert msg.startswith(f"Error occurred on position {pos}, ")
    assert " ---->>>> " in msg


def test_delete_all_prefers_ancestors_and_keeps_indexes_valid():
    doc = {"a": [0, 1, 2, 3], "b": {"a": [9]}}
    found = P.find(doc, P.parse("$.a[0,2,3]"))
    assert P.delete_all(doc, [loc for loc, _ in found]) == 3
    assert doc["a"] == [1]
    doc = {"x": {"x": {"x": 1}}}
    assert P.delete_all(doc, [loc for loc, _ in P.find(doc, P.parse("$..x"))]) == 1
    assert doc == {}


# --------------------------------------------------------------- document

def test_numbers_keep_integers_and_doubles_apart():
    v = parse('[1, 1.0, 1e2, -0, 18446744073709551615, 18446744073709551616]')
    assert [type(x) for x in v] == [int, float, float, float, int, float]
    assert dumps(v) == "[1,1.0,100.0,-0.0,18446744073709551615,1.8446744073709552e19]"
    assert [type_name(x) for x in (1, 1.0, True, None, "s", [], {})] == [
        "integer", "number", "boolean", "null", "string", "array", "object"]


@pytest.mark.parametrize("d,text", [(3.0, "3.0"), (0.1, "0.1"), (1e15, "1000000000000000.0"),
                                    (1e16, "1e16"), (1e-5, "0.00001"), (1e-6, "1e-6"),
                                    (1.5e-7, "1.5e-7"), (-2.5, "-2.5"), (1.2345e20, "1.2345e20"),
                                    (123456.789, "123456.789")])
def test_doubles_print_as_redisjson_prints_them(d, text):
    assert format_float(d) == text


def test_compact_and_pretty_printing():
    v = {"a": [1, "x\n\"é"], "b": {}, "c": []}
    assert dumps(v) == '{"a":[1,"x\\n\\"é"],"b":{},"c":[]}'
    assert dumps(v, indent="\t", newline="\n", space=" ") == (
        '{\n\t"a": [\n\t\t1,\n\t\t"x\\n\\"é"\n\t],\n\t"b": {},\n\t"c": []\n}')
    assert dumps(v, space=" ") == '{"a": [1,"x\\n\\"é"],"b": {},"c": []}'


@pytest.mark.parametrize("bad,msg", [
    ("", "EOF while parsing a value at line 1 column 0"),
    ("{", "EOF while parsing a value at line 1 column 2"),
    ("abc", "expected value at line 1 column 1"),
    ("[1 2]", "expected `,` or `]` at line 1 column 4"),
    ('{"a":1 "b":2}', "expected `,` or `}` at line 1 column 8"),
    ("1 2", "trailing characters at line 1 column 3"),
    ("NaN", "expected value at line 1 column 1"),
    ("1e400", "number out of range at line 1 column 5"),
])
def test_malformed_json_is_refused(bad, msg):
    with pytest.raises(JsonSyntaxError) as e:
        parse(bad)
    assert e.value.message == msg


def test_jsondoc_container_contract():
    d = JsonDoc({})
    assert d.TYPE == "ReJSON-RL" and bool(d) and d.encoding(None) == "raw"
    c = JsonDoc({"a": [1]}).copy()
    c2 = c.copy()
    c2.value["a"].append(2)
    assert c.value == {"a": [1]}
    assert JsonDoc([1, "abc", {"k": 2.5}]).memory_usage() > JsonDoc([]).memory_usage()
    with pytest.raises(RedisError):
        JsonDoc.from_json(b"{")
