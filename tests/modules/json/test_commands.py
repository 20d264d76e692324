"""Every JSON.* command through a real redis-py client on an in-process engine:
raw ``execute_command`` (reply shapes as RedisJSON documents them) and redis-py's
``r.json()`` helper. ``r`` speaks RESP2, ``r3`` RESP3."""
import pytest
import redis

import redislab


class _Clients:
    """Raw clients and the helper on one engine. redis-py's ``r.json()`` installs its
    reply decoders on the client it wraps, so the helper gets a client of its own and
    ``execute_command`` keeps showing the wire replies."""

    def __init__(self):
        self.raw = redislab.Redis(protocol=2)
        engine = self.raw.connection_pool.connection_kwargs["engine"]
        self.execute_command = self.raw.execute_command
        self._helper = redislab.Redis(engine, protocol=2)
        self.r3 = redislab.Redis(engine, protocol=3)

    def json(self):
        return self._helper.json()


@pytest.fixture
def clients():
    return _Clients()


@pytest.fixture
def r(clients):
    return clients


@pytest.fixture
def r3(clients):
    return clients.r3


def err(fn, *args) -> str:
    with pytest.raises(redis.ResponseError) as e:
        fn(*args)
    return str(e.value)


DOC = '{"a":"b","b":[{"a":2},{"a":5},{"a":"c"}]}'


# ------------------------------------------------------------ SET / GET

def test_set_get_root_and_paths(r):
    e = r.execute_command
    assert e("JSON.SET", "doc", "$", '{"a":2}') == b"OK"
    assert e("JSON.SET", "doc", "$.a", "3") == b"OK"
    assert e("JSON.GET", "doc", "$") == b'[{"a":3}]'
    assert e("JSON.GET", "doc") == b'{"a":3}'                       # RESP2 default: legacy root
    assert e("JSON.GET", "doc", ".a") == b"3"
    assert e("JSON.GET", "doc", "a") == b"3"
    assert e("JSON.GET", "doc", "$.a") == b"[3]"
    assert e("JSON.GET", "doc", "$.nope") == b"[]"
    assert e("JSON.GET", "missing") is None
    assert "Path '.nope' does not exist" in err(e, "JSON.GET", "doc", ".nope")


def test_set_adds_members_only_where_the_parent_exists(r):
    e = r.execute_command
    e("JSON.SET", "doc", "$", '{"a":{}, "arr":[1]}')
    assert e("JSON.SET", "doc", "$.a.b", '"new"') == b"OK"          # new member of an existing object
    assert e("JSON.SET", "doc", "$.x.y", "1") is None               # parent missing
    assert "array index out of range" in err(e, "JSON.SET", "doc", "$.arr[5]", "1")   # arrays never grow
    assert e("JSON.SET", "doc", "$.arr[0]", "1", "NX") is None      # the element exists: NX fails
    assert e("JSON.SET", "doc", ".arr[-1]", "7") == b"OK"
    assert e("JSON.GET", "doc") == b'{"a":{"b":"new"},"arr":[7]}'
    assert "new objects must be created at the root" in err(e, "JSON.SET", "other", "$.a", "1")
    assert "wrong static path" in err(e, "JSON.SET", "doc", "$.arr[*].q", "1")
    assert "wrong static path" in err(e, "JSON.SET", "doc", "$..q", "1")


def test_set_nx_xx(r):
    e = r.execute_command
    assert e("JSON.SET", "k", "$", "1", "XX") is None
    assert e("JSON.SET", "k", "$", "1", "NX") == b"OK"
    assert e("JSON.SET", "k", "$", "2", "NX") is None
    assert e("JSON.SET", "k", "$", "2", "xx") == b"OK"
    e("JSON.SET", "o", "$", '{"a":1}')
    assert e("JSON.SET", "o", "$.a", "5", "NX") is None
    assert e("JSON.SET", "o", "$.b", "5", "XX") is None
    assert e("JSON.SET", "o", "$.b", "5", "NX") == b"OK"
    assert e("JSON.SET", "o", "$.a", "6", "XX") == b"OK"
    assert e("JSON.GET", "o") == b'{"a":6,"b":5}'
    assert "syntax error" in err(e, "JSON.SET", "o", "$", "1", "YY")
    assert "syntax error" in err(e, "JSON.SET", "o", "$", "1", "NX", "XX")


def test_set_replaces_every_match(r):
    e = r.execute_command
    e("JSON.SET", "k", "$", '{"a":{"a":1,"b":{"a":2}}}')
    assert e("JSON.SET", "k", "$..a", "0") == b"OK"
    assert e("JSON.GET", "k") == b'{"a":0}'
    e("JSON.SET", "k", "$", '{"x":[1,2,3]}')
    assert e("JSON.SET", "k", "$.x[*]", '"z"') == b"OK"
    assert e("JSON.GET", "k") == b'{"x":["z","z","z"]}'


def test_get_several_paths_and_formatting(r):
    e = r.execute_command
    e("JSON.SET", "k", "$", '{"a":1,"b":{"c":[true,null]}}')
    assert e("JSON.GET", "k", ".a", ".b") == b'{".a":1,".b":{"c":[true,null]}}'
    assert e("JSON.GET", "k", "$.a", ".b.c") == b'{"$.a":[1],".b.c":[[true,null]]}'
    assert e("JSON.GET", "k", "INDENT", "  ", "NEWLINE", "\n", "SPACE", " ", "$.b") == (
        b'[\n  {\n    "c": [\n      true,\n      null\n    ]\n  }\n]')
    assert e("JSON.GET", "k", "indent", "\t", ".a") == b"1"
    assert e("JSON.GET", "k", "NOESCAPE", ".a") == b"1"
    assert r.json().get("k", "$.a", ".b.c") == {"$.a": [1], ".b.c": [[True, None]]}


def test_numbers_print_as_stored(r):
    e = r.execute_command
    e("JSON.SET", "n", "$", "[1, 1.0, 2.50, 1e3, -0, 0.00001, 1.5e300]")
    assert e("JSON.GET", "n") == b"[1,1.0,2.5,1000.0,-0.0,0.00001,1.5e300]"
    e("JSON.SET", "s", "$", '"caf\\u00e9 \\"q\\" \\t"')
    assert e("JSON.GET", "s") == '"café \\"q\\" \\t"'.encode()


def test_mget_mset(r):
    e = r.execute_command
    assert e("JSON.MSET", "a", "$", '{"x":1}', "b", "$", '{"x":2}') == b"OK"
    assert e("JSON.MSET", "a", "$.x", "10", "b", "$.y", "3") == b"OK"
    e("SET", "str", "v")
    assert e("JSON.MGET", "a", "b", "str", "none", "$.x") == [b"[10]", b"[2]", None, None]
    assert e("JSON.MGET", "a", "b", ".y") == [None, b"3"]
    assert r.json().mget(["a", "b"], "$.x") == [[10], [2]]
    assert "wrong number of arguments" in err(e, "JSON.MSET", "a", "$", "1", "b")
    # all or nothing: the bad second triplet leaves the first key alone
    assert "new objects must be created at the root" in err(e, "JSON.MSET", "a", "$", "5", "c", "$.x", "1")
    assert e("JSON.GET", "a", "$.x") == b"[10]"
    assert r.json().mset([("m1", "$", {"q": 1}), ("m2", "$", [1])]) is True


# ----------------------------------------------------------- DEL, TYPE

def test_del_and_forget(r):
    e = r.execute_command
    e("JSON.SET", "k", "$", '{"a":1,"nested":{"a":2,"b":3}}')
    assert e("JSON.DEL", "k", "$..a") == 2
    assert e("JSON.GET", "k") == b'{"nested":{"b":3}}'
    assert e("JSON.DEL", "k", ".nope") == 0
    assert e("JSON.FORGET", "k", "$.nested.b") == 1
    assert e("JSON.DEL", "k") == 1
    assert e("EXISTS", "k") == 0
    assert e("JSON.DEL", "k") == 0
    e("JSON.SET", "arr", "$", "[0,1,2,3,4]")
    assert e("JSON.DEL", "arr", "$[1,3]") == 2
    assert e("JSON.GET", "arr") == b"[0,2,4]"
    assert r.json().delete("arr", "$[0]") == 1


def test_type(r, r3):
    e = r.execute_command
    e("JSON.SET", "k", "$", '{"a":2, "nested": {"a": true}, "foo": "bar", "f": 1.5, "n": null, "l": []}')
    assert e("JSON.TYPE", "k", "$..a") == [b"integer", b"boolean"]
    assert e("JSON.TYPE", "k", "$..foo") == [b"string"]
    assert e("JSON.TYPE", "k", "$.*") == [b"integer", b"object", b"string", b"number", b"null", b"array"]
    assert e("JSON.TYPE", "k") == b"object"
    assert e("JSON.TYPE", "k", ".f") == b"number"
    assert e("JSON.TYPE", "k", ".nope") is None
    assert e("JSON.TYPE", "missing") is None
    assert r3.execute_command("JSON.TYPE", "k", "$.a") == [[b"integer"]]
    assert r3.execute_command("JSON.TYPE", "k") == [[b"object"]]


# ------------------------------------------------------- numbers, bools

def test_numincrby_nummultby(r):
    e = r.execute_command
    e("JSON.SET", "doc", ".", DOC)
    assert e("JSON.NUMINCRBY", "doc", "$.a", "2") == b"[null]"
    assert e("JSON.NUMINCRBY", "doc", "$..a", "2") == b"[null,4,7,null]"
    assert e("JSON.NUMMULTBY", "doc", "$..a", "2") == b"[null,8,14,null]"
    assert e("JSON.NUMINCRBY", "doc", ".b[0].a", "0.5") == b"8.5"
    assert e("JSON.NUMMULTBY", "doc", ".b[1].a", "1.5") == b"21.0"
    assert e("JSON.GET", "doc", "$..a") == b'["b",8.5,21.0,"c"]'
    assert "expected number but found string" in err(e, "JSON.NUMINCRBY", "doc", ".a", "1")
    assert "Path '.zz' does not exist" in err(e, "JSON.NUMINCRBY", "doc", ".zz", "1")
    assert "expected value" in err(e, "JSON.NUMINCRBY", "doc", "$..a", "x")
    assert "expected number" in err(e, "JSON.NUMINCRBY", "doc", "$..a", '"x"')
    assert "key that doesn't exist" in err(e, "JSON.NUMINCRBY", "missing", "$", "1")
    assert "is not a number" in err(e, "JSON.NUMMULTBY", "doc", ".b[1].a", "1e308")
    assert e("JSON.GET", "doc", ".b[1].a") == b"21.0"               # unchanged after the error
    e("JSON.SET", "big", "$", "9223372036854775807")
    assert e("JSON.NUMINCRBY", "big", "$", "1") == b"[9.223372036854776e18]"
    assert r.json().numincrby("doc", "$.b[0].a", 1) == [9.5]


def test_toggle(r):
    e = r.execute_command
    e("JSON.SET", "k", "$", '{"bool":true,"n":1,"x":{"bool":false}}')
    assert e("JSON.TOGGLE", "k", "$..bool") == [0, 1]
    assert e("JSON.TOGGLE", "k", "$.n") == [None]
    assert e("JSON.TOGGLE", "k", ".bool") == b"true"
    assert e("JSON.GET", "k") == b'{"bool":true,"n":1,"x":{"bool":true}}'
    assert "expected boolean but found integer" in err(e, "JSON.TOGGLE", "k", ".n")
    assert "key that doesn't exist" in err(e, "JSON.TOGGLE", "nokey", "$")
    assert r.json().toggle("k", "$.bool") == [0]


def test_clear(r):
    e = r.execute_command
    e("JSON.SET", "doc", "$", '{"obj":{"a":1, "b":2}, "arr":[1,2,3], "str": "foo", "bool": true, '
                              '"int": 42, "float": 3.14}')
    assert e("JSON.CLEAR", "doc", "$.*") == 4
    assert e("JSON.GET", "doc", "$") == b'[{"obj":{},"arr":[],"str":"foo","bool":true,"int":0,"float":0}]'
    assert e("JSON.CLEAR", "doc", "$.*") == 0                      # nothing left to clear
    assert e("JSON.CLEAR", "doc") == 1
    assert e("JSON.GET", "doc") == b"{}"
    assert r.json().clear("doc") == 0


# -------------------------------------------------------------- strings

def test_strappend_strlen(r):
    e = r.execute_command
    e("JSON.SET", "k", "$", '{"a":"foo", "nested": {"a": "hello"}, "nested2": {"a": 31}}')
    assert e("JSON.STRAPPEND", "k", "$..a", '"baz"') == [6, 8, None]
    assert e("JSON.STRLEN", "k", "$..a") == [6, 8, None]
    assert e("JSON.STRAPPEND", "k", ".a", '"!"') == 7
    assert e("JSON.STRLEN", "k", ".a") == 7
    assert e("JSON.GET", "k", "$..a") == b'["foobaz!","hellobaz",31]'
    e("JSON.SET", "s", "$", '"x"')
    assert e("JSON.STRAPPEND", "s", '"yz"') == 3                   # path defaults to the root
    assert e("JSON.STRLEN", "s") == 3
    assert e("JSON.STRLEN", "missing") is None
    e("JSON.SET", "u", "$", '"caf\u00e9"')
    assert e("JSON.STRLEN", "u") == 5                                # UTF-8 bytes, as RedisJSON counts
    assert "key that doesn't exist" in err(e, "JSON.STRLEN", "missing", "$")
    assert "expected string but found integer" in err(e, "JSON.STRAPPEND", "k", ".nested2.a", '"x"')
    assert "expected string" in err(e, "JSON.STRAPPEND", "k", ".a", "1")
    assert r.json().strappend("k", "?", "$.a") == [8]
    assert r.json().strlen("k", "$.a") == [8]


# --------------------------------------------------------------- arrays

def test_arrappend_arrlen(r):
    e = r.execute_command
    e("JSON.SET", "k", "$", '{"a":[1], "nested": {"a": [1,2]}, "nested2": {"a": 42}}')
    assert e("JSON.ARRAPPEND", "k", "$..a", "3", '"x"') == [3, 4, None]
    assert e("JSON.ARRAPPEND", "k", ".a", '{"o":1}') == 4
    assert e("JSON.GET", "k", ".a") == b'[1,3,"x",{"o":1}]'
    assert e("JSON.ARRLEN", "k", "$..a") == [4, 4, None]
    assert e("JSON.ARRLEN", "k", ".a") == 4
    assert e("JSON.ARRLEN", "missing", ".") is None
    assert "key that doesn't exist" in err(e, "JSON.ARRLEN", "missing", "$")
    assert "expected array but found integer" in err(e, "JSON.ARRAPPEND", "k", ".nested2.a", "1")
    assert "key that doesn't exist" in err(e, "JSON.ARRAPPEND", "missing", "$", "1")
    assert "expected value" in err(e, "JSON.ARRAPPEND", "k", "$.a", "nope")
    assert r.json().arrappend("k", "$.a", 5, [6]) == [6]
    assert r.json().arrlen("k", "$.a") == [6]


def test_arrindex(r):
    e = r.execute_command
    e("JSON.SET", "k", "$", '{"a":[1,2,3,2], "nested": {"a": [3,4]}, "x": 5}')
    assert e("JSON.ARRINDEX", "k", "$..a", "2") == [1, -1]
    assert e("JSON.ARRINDEX", "k", "$..a", "3") == [2, 0]
    assert e("JSON.ARRINDEX", "k", "$.x", "3") == [None]
    assert e("JSON.ARRINDEX", "k", ".a", "2", "2") == 3
    assert e("JSON.ARRINDEX", "k", ".a", "2", "0", "3") == 1
    assert e("JSON.ARRINDEX", "k", ".a", "2", "-1") == 3
    assert e("JSON.ARRINDEX", "k", ".a", "2", "2", "-1") == -1      # stop is exclusive
    assert e("JSON.ARRINDEX", "k", ".a", "2", "3", "1") == -1
    assert e("JSON.ARRINDEX", "k", ".a", "2.0") == 1                 # 2 and 2.0 are the same number
    assert e("JSON.ARRINDEX", "k", ".a", '"2"') == -1
    assert "not an integer" in err(e, "JSON.ARRINDEX", "k", ".a", "2", "x")
    assert "syntax error" in err(e, "JSON.ARRINDEX", "k", ".a", "2", "0", "1", "9")
    assert e("JSON.ARRINDEX", "missing", ".a", "1") is None
    assert "key that doesn't exist" in err(e, "JSON.ARRINDEX", "missing", "$.a", "1")
    assert r.json().arrindex("k", "$.a", 3) == [2]


def test_arrinsert(r):
    e = r.execute_command
    e("JSON.SET", "k", "$", '{"a":[1,2,3]}')
    assert e("JSON.ARRINSERT", "k", "$.a", "0", "0", '"x"') == [5]
    assert e("JSON.ARRINSERT", "k", ".a", "-1", "9") == 6
    assert e("JSON.ARRINSERT", "k", ".a", "6", "10") == 7          # at the end
    assert e("JSON.GET", "k", ".a") == b'[0,"x",1,2,9,3,10]'
    assert "index out of bounds" in err(e, "JSON.ARRINSERT", "k", ".a", "99", "1")
    assert "index out of bounds" in err(e, "JSON.ARRINSERT", "k", ".a", "-99", "1")
    assert r.json().arrinsert("k", "$.a", 1, "y") == [8]


def test_arrpop(r):
    e = r.execute_command
    e("JSON.SET", "k", "$", '{"a":[1,{"o":[2]},3.0], "nested": {"a": []}, "s":"x"}')
    assert e("JSON.ARRPOP", "k", "$..a") == [b"3.0", None]
    assert e("JSON.ARRPOP", "k", ".a", "0") == b"1"
    assert e("JSON.ARRPOP", "k", ".a", "99") == b'{"o":[2]}'         # out of range: the last one
    assert e("JSON.ARRPOP", "k", ".a") is None                       # empty array
    assert e("JSON.ARRPOP", "k", "$.s") == [None]
    e("JSON.SET", "l", "$", "[1,2,3]")
    assert e("JSON.ARRPOP", "l") == b"3"                             # default: root, last element
    assert e("JSON.ARRPOP", "l", ".", "-99") == b"1"
    assert "key that doesn't exist" in err(e, "JSON.ARRPOP", "missing")
    assert r.json().arrpop("l", "$") == ["2"]          # redis-py leaves popped JSON text as text


def test_arrtrim(r):
    e = r.execute_command
    e("JSON.SET", "k", "$", '{"a":[0,1,2,3,4,5], "b": 1}')
    assert e("JSON.ARRTRIM", "k", "$.a", "1", "3") == [3]
    assert e("JSON.GET", "k", ".a") == b"[1,2,3]"
    assert e("JSON.ARRTRIM", "k", ".a", "-2", "-1") == 2
    assert e("JSON.GET", "k", ".a") == b"[2,3]"
    assert e("JSON.ARRTRIM", "k", ".a", "0", "99") == 2
    assert e("JSON.ARRTRIM", "k", ".a", "5", "9") == 0               # start past the end: emptied
    assert e("JSON.ARRTRIM", "k", "$.b", "0", "1") == [None]
    assert "wrong number of arguments" in err(e, "JSON.ARRTRIM", "k", ".a", "0")
    e("JSON.SET", "k", "$.a", "[1,2,3]")
    assert r.json().arrtrim("k", "$.a", 1, 1) == [1]


# -------------------------------------------------------------- objects

def test_objkeys_objlen(r):
    e = r.execute_command
    e("JSON.SET", "k", "$", '{"a":[3], "nested": {"a": {"b":2, "c": 1}}}')
    assert e("JSON.OBJKEYS", "k", "$..a") == [None, [b"b", b"c"]]
    assert e("JSON.OBJKEYS", "k") == [b"a", b"nested"]
    assert e("JSON.OBJLEN", "k", "$..a") == [None, 2]
    assert e("JSON.OBJLEN", "k", ".nested") == 1
    assert e("JSON.OBJLEN", "missing") is None                        # legacy path: nil
    assert e("JSON.OBJKEYS", "missing", ".") is None
    assert "key that doesn't exist" in err(e, "JSON.OBJKEYS", "missing", "$")
    assert "key that doesn't exist" in err(e, "JSON.OBJLEN", "missing", "$")
    assert "expected object but found array" in err(e, "JSON.OBJLEN", "k", ".a")
    assert r.json().objkeys("k", "$.nested.a") == [[b"b", b"c"]]
    assert r.json().objlen("k", "$.nested.a") == [2]


# -------------------------------------------------------------- MERGE

def test_merge(r):
    e = r.execute_command
    e("JSON.SET", "doc", "$", '{"a":2}')
    assert e("JSON.MERGE", "doc", "$.a", "3") == b"OK"
    assert e("JSON.MERGE", "doc", "$.b", "8") == b"OK"               # new member
    assert e("JSON.GET", "doc") == b'{"a":3,"b":8}'
    assert e("JSON.MERGE", "doc", "$.a", "null") == b"OK"            # null deletes
    assert e("JSON.GET", "doc") == b'{"b":8}'
    e("JSON.SET", "doc", "$", '{"f":{"a":1,"b":2},"g":[1]}')
    assert e("JSON.MERGE", "doc", "$", '{"f":{"a":null,"c":{"x":null,"y":1}},"g":{"z":1}}') == b"OK"
    assert e("JSON.GET", "doc") == b'{"f":{"b":2,"c":{"y":1}},"g":{"z":1}}'
    assert e("JSON.MERGE", "new", "$", '{"a":1,"b":null}') == b"OK"
    assert e("JSON.GET", "new") == b'{"a":1}'
    assert "new objects must be created at the root" in err(e, "JSON.MERGE", "new2", "$.a", "1")
    assert r.json().merge("doc", "$", {"f": None}) is True
    assert r.json().get("doc") == {"g": {"z": 1}}


# --------------------------------------------------------- RESP, DEBUG

def test_resp(r):
    e = r.execute_command
    e("JSON.SET", "k", "$", '{"name":"x","n":[1,2.5,true,null],"o":{}}')
    assert e("JSON.RESP", "k") == [b"{", b"name", b"x", b"n", [b"[", 1, b"2.5", b"true", None], b"o", [b"{"]]
    assert e("JSON.RESP", "k", "$.n") == [[b"[", 1, b"2.5", b"true", None]]
    assert e("JSON.RESP", "k", ".name") == b"x"
    assert e("JSON.RESP", "missing") is None


def test_debug(r):
    e = r.execute_command
    e("JSON.SET", "k", "$", '{"a":[1,2,3],"s":"text"}')
    whole = e("JSON.DEBUG", "MEMORY", "k")
    assert isinstance(whole, int) and whole > 0
    sizes = e("JSON.DEBUG", "MEMORY", "k", "$.*")
    assert len(sizes) == 2 and all(n > 0 for n in sizes)
    assert e("JSON.DEBUG", "MEMORY", "missing") == 0
    assert e("JSON.DEBUG", "MEMORY", "missing", "$") == []
    assert e("JSON.DEBUG", "HELP")[0].startswith(b"MEMORY <key> [path]")
    assert "unknown subcommand" in err(e, "JSON.DEBUG", "NOPE")
    assert r.json().debug("MEMORY", "k") == whole


# ----------------------------------------------------------------- RESP3

def test_resp3_defaults_to_jsonpath_and_answers_numbers(r3):
    e = r3.execute_command
    e("JSON.SET", "k", "$", '{"a":[1,2],"n":1.5,"s":"x"}')
    assert e("JSON.GET", "k") == b'[{"a":[1,2],"n":1.5,"s":"x"}]'   # default path is $
    assert e("JSON.NUMINCRBY", "k", "$.n", "1") == [2.5]
    assert e("JSON.NUMINCRBY", "k", ".n", "1") == 3.5
    assert e("JSON.NUMINCRBY", "k", "$.a[0]", "1") == [2]
    assert e("JSON.ARRLEN", "k") == [None]
    assert e("JSON.OBJLEN", "k") == [3]
    assert e("JSON.STRLEN", "k", ".s") == 1
    assert r3.json().get("k", "$.s") == ["x"]
    assert r3.json().arrappend("k", "$.a", 3) == [3]
