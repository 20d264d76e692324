"""JSON keys among the rest of the engine: the guide's section 7.1, generic key
commands, transactions, WATCH, Lua, keyspace events, COMMAND metadata, and bad input
that must get an error reply, never a crash."""
import pytest
import redis
from hypothesis import given
from hypothesis import strategies as st

import redislab
from redislab.engine import registry
from redislab.engine.replies import NULL_ARRAY
from redislab.errors import RedisError

JSON_COMMANDS = ("json.set", "json.get", "json.mget", "json.mset", "json.del", "json.forget",
                 "json.type", "json.clear", "json.toggle", "json.numincrby", "json.nummultby",
                 "json.strappend", "json.strlen", "json.arrappend", "json.arrindex",
                 "json.arrinsert", "json.arrlen", "json.arrpop", "json.arrtrim", "json.objkeys",
                 "json.objlen", "json.merge", "json.resp", "json.debug")


@pytest.fixture
def c():
    return redislab.Redis(protocol=2)


def test_guide_section_7_1(c):
    e = c.execute_command
    assert e("JSON.SET", "user:1", "$", '{"name":"Alice","age":30,"address":{"city":"Seoul","zip":"06000"},'
                                        '"tags":["python","redis"]}') == b"OK"
    assert e("JSON.GET", "user:1", "$.name") == b'["Alice"]'
    assert e("JSON.GET", "user:1", "$.address.city") == b'["Seoul"]'
    assert e("JSON.SET", "user:1", "$.age", "31") == b"OK"
    assert e("JSON.ARRAPPEND", "user:1", "$.tags", '"fastapi"') == [3]
    assert e("JSON.NUMINCRBY", "user:1", "$.age", "1") == b"[32]"
    assert e("JSON.GET", "user:1") == (b'{"name":"Alice","age":32,"address":{"city":"Seoul","zip":"06000"},'
                                       b'"tags":["python","redis","fastapi"]}')


def test_guide_section_7_1_with_the_redis_py_helper():
    j = redislab.Redis(decode_responses=True).json()
    assert j.set("user:1", "$", {"name": "Alice", "age": 30, "tags": ["python", "redis"]})
    assert j.get("user:1", "$.name") == ["Alice"]
    assert j.set("user:1", "$.age", 31)
    assert j.arrappend("user:1", "$.tags", "fastapi") == [3]
    assert j.numincrby("user:1", "$.age", 1) == [32]
    assert j.get("user:1") == {"name": "Alice", "age": 32, "tags": ["python", "redis", "fastapi"]}


def test_generic_key_commands(c):
    e = c.execute_command
    e("JSON.SET", "doc", "$", '{"a":[1,2]}')
    assert e("TYPE", "doc") == b"ReJSON-RL"
    assert e("OBJECT", "ENCODING", "doc") == b"raw"
    assert e("COPY", "doc", "copy") == 1
    e("JSON.ARRAPPEND", "copy", "$.a", "3")
    assert e("JSON.GET", "doc") == b'{"a":[1,2]}'                   # the copy is deep
    assert e("JSON.GET", "copy") == b'{"a":[1,2,3]}'
    assert e("RENAME", "copy", "moved") is True                    # redis-py turns OK into True
    assert e("JSON.GET", "moved", "$.a[2]") == b"[3]"
    assert e("EXPIRE", "moved", "100") == 1
    assert 0 < e("TTL", "moved") <= 100
    e("JSON.SET", "moved", "$.a", "[]")                              # a sub-path write keeps the TTL
    assert e("TTL", "moved") > 0
    e("JSON.SET", "moved", "$", "{}")                                # so does replacing the root
    assert e("TTL", "moved") > 0
    assert e("EXISTS", "moved") == 1                                 # an empty document is a key
    assert isinstance(e("MEMORY", "USAGE", "doc"), int)
    assert e("DEL", "doc", "moved") == 2
    assert e("JSON.GET", "doc") is None
    e("JSON.SET", "x", "$", "1")
    e("SET", "s", "v")
    assert "WRONGTYPE" in str(pytest.raises(redis.ResponseError, e, "JSON.GET", "s").value)
    assert "WRONGTYPE" in str(pytest.raises(redis.ResponseError, e, "GET", "x").value)
    assert "WRONGTYPE" in str(pytest.raises(redis.ResponseError, e, "JSON.ARRAPPEND", "s", "$", "1").value)


def test_scan_type_finds_json_keys(c):
    e = c.execute_command
    e("JSON.SET", "j1", "$", "1")
    e("JSON.SET", "j2", "$", "[]")
    e("SET", "s", "v")
    assert sorted(c.scan_iter(_type="ReJSON-RL")) == [b"j1", b"j2"]


def test_multi_exec_and_watch(c):
    e = c.execute_command
    p = c.pipeline(transaction=True)
    p.execute_command("JSON.SET", "t", "$", '{"n":1}')
    p.execute_command("JSON.NUMINCRBY", "t", "$.n", "2")
    p.execute_command("JSON.GET", "t")
    assert p.execute() == [b"OK", b"[3]", b'{"n":3}']
    # a JSON write invalidates a WATCH on the key
    engine = c.connection_pool.connection_kwargs["engine"]
    watcher = engine.session()
    engine.execute(watcher, [b"WATCH", b"t"])
    engine.execute(watcher, [b"MULTI"])
    engine.execute(watcher, [b"JSON.GET", b"t"])
    e("JSON.ARRAPPEND", "t", "$", "1")                              # type mismatch: nothing written
    e("JSON.SET", "t", "$.n", "5")
    assert engine.execute(watcher, [b"EXEC"]) is NULL_ARRAY


def test_watch_survives_a_failed_write(c):
    engine = c.connection_pool.connection_kwargs["engine"]
    c.execute_command("JSON.SET", "t", "$", '{"n":1}')
    watcher = engine.session()
    engine.execute(watcher, [b"WATCH", b"t"])
    engine.execute(watcher, [b"MULTI"])
    engine.execute(watcher, [b"JSON.GET", b"t"])
    c.execute_command("JSON.SET", "t", "$.n", "5", "NX")            # NX fails: no change
    c.execute_command("JSON.GET", "t")
    assert engine.execute(watcher, [b"EXEC"]) == [b'{"n":1}']


def test_lua_scripts_call_json_commands(c):
    e = c.execute_command
    e("JSON.SET", "doc", "$", '{"a":[1,2],"n":1}')
    assert e("EVAL", "return redis.call('JSON.GET', KEYS[1], '$.a')", 1, "doc") == b"[[1,2]]"
    assert e("EVAL", "return redis.call('JSON.ARRAPPEND', KEYS[1], '$.a', '3')", 1, "doc") == [3]
    assert e("EVAL", "return redis.call('JSON.TYPE', KEYS[1], '.n')", 1, "doc") == b"integer"
    script = "local ok = redis.pcall('JSON.SET', KEYS[1], '$', '{') return ok['err']"
    assert e("EVAL", script, 1, "doc") == b"ERR EOF while parsing a value at line 1 column 2"


def test_keyspace_events(r):
    r("CONFIG", "SET", "notify-keyspace-events", "KEd")
    e = r.engine
    sub = e.session()
    got = []
    sub.push = got.append
    e.execute(sub, [b"PSUBSCRIBE", b"__keyevent@0__:*"])
    r("JSON.SET", "k", "$", '{"a":[1],"n":1,"s":"x","b":true}')
    r("JSON.ARRAPPEND", "k", "$.a", "2")
    r("JSON.NUMINCRBY", "k", "$.n", "1")
    r("JSON.STRAPPEND", "k", "$.s", '"y"')
    r("JSON.TOGGLE", "k", "$.b")
    r("JSON.ARRPOP", "k", "$.a")
    r("JSON.GET", "k")                                               # reads are silent
    r("JSON.SET", "k", "$.zz.q", "1")                                # nothing written: silent
    r("JSON.DEL", "k", "$.a")
    events = [m[2] for m in got if list(m)[:1] == [b"pmessage"]]
    assert events == [b"__keyevent@0__:json.set", b"__keyevent@0__:json.arrappend",
                      b"__keyevent@0__:json.numincrby", b"__keyevent@0__:json.strappend",
                      b"__keyevent@0__:json.toggle", b"__keyevent@0__:json.arrpop",
                      b"__keyevent@0__:json.del"]


def test_command_table_knows_every_json_command(r):
    for name in JSON_COMMANDS:
        spec = registry.lookup(name)
        assert spec is not None and "module" in spec.flags, name
        assert spec.summary and spec.since
    info = r("COMMAND", "INFO", "JSON.SET")[0]
    assert info[0] == b"json.set" and info[1] == -4
    assert r("COMMAND", "GETKEYS", "JSON.MSET", "a", "$", "1", "b", "$", "2") == [b"a", b"b"]
    assert r("COMMAND", "GETKEYS", "JSON.MGET", "a", "b", "$") == [b"a", b"b"]
    docs = r("COMMAND", "DOCS", "JSON.GET")
    assert docs and docs[0][0] == b"json.get"


@pytest.mark.parametrize("argv", [
    ("JSON.SET", "k", "$"), ("JSON.GET",), ("JSON.MGET", "k"), ("JSON.MSET", "k", "$"),
    ("JSON.DEL",), ("JSON.TYPE",), ("JSON.CLEAR",), ("JSON.TOGGLE", "k"),
    ("JSON.NUMINCRBY", "k", "$"), ("JSON.NUMMULTBY", "k", "$"), ("JSON.STRAPPEND", "k"),
    ("JSON.STRLEN",), ("JSON.ARRAPPEND", "k", "$"), ("JSON.ARRINDEX", "k", "$"),
    ("JSON.ARRINSERT", "k", "$", "0"), ("JSON.ARRLEN",), ("JSON.ARRPOP",),
    ("JSON.ARRTRIM", "k", "$", "0"), ("JSON.OBJKEYS",), ("JSON.OBJLEN",),
    ("JSON.MERGE", "k", "$"), ("JSON.RESP",), ("JSON.DEBUG", "MEMORY"), ("JSON.FORGET",),
])
def test_wrong_arity(r, argv):
    reply = r(*argv)
    assert isinstance(reply, RedisError)
    assert reply.message.startswith("ERR wrong number of arguments for '")


@pytest.mark.parametrize("argv,text", [
    (("JSON.SET", "k", "$", "{bad"), "ERR key must be a string at line 1 column 2"),
    (("JSON.SET", "k", "$", "[1,]"), "ERR expected value at line 1 column 4"),
    (("JSON.SET", "k", "$", ""), "ERR EOF while parsing a value at line 1 column 0"),
    (("JSON.SET", "k", "$", "\xff"), "ERR expected value at line 1 column 1"),
    (("JSON.GET", "k", "$["), 'Error occurred on position 2, "$[ ---->>>> "'),
    (("JSON.SET", "k", "$..[", "1"), "Error occurred on position 4"),
])
def test_bad_input_gets_a_clear_error(r, argv, text):
    reply = r(*argv)
    assert isinstance(reply, RedisError), reply
    assert reply.message.startswith(text)


def test_nesting_is_limited_so_documents_stay_readable(r):
    deep = "[" * 100 + "]" * 100
    assert r("JSON.SET", "k", "$", "[" * 129 + "]" * 129).message == (
        "ERR recursion limit exceeded at line 1 column 129")
    assert r("JSON.SET", "k", "$", deep) == "OK"
    inner = "$" + "[0]" * 99
    for argv in (("JSON.SET", "k", inner, deep), ("JSON.ARRAPPEND", "k", inner, deep),
                 ("JSON.MERGE", "k", inner, deep), ("JSON.ARRINSERT", "k", inner, "0", deep)):
        assert r(*argv).message == "ERR recursion limit exceeded"
    assert r("JSON.SET", "k", "$" + "[0]" * 27, "[[1]]") == "OK"       # 100 levels in all: fine
    assert r("COPY", "k", "k2") == 1 and isinstance(r("MEMORY", "USAGE", "k"), int)


_path_chars = st.sampled_from(list("$.[]*?()@'\"=<>!&|~:,-0123456789abc "))
_json_chars = st.sampled_from(list('{}[]",:0123456789.eE-+truefalsn \\u'))


@given(path=st.text(_path_chars, max_size=16), value=st.text(_json_chars, max_size=16))
def test_arbitrary_paths_and_values_never_crash(path, value):
    from redislab.engine import Engine
    e = Engine()
    s = e.session()
    e.execute(s, [b"JSON.SET", b"k", b"$", b'{"a":[1,{"b":"c"}],"n":2.5,"t":true}'])
    for cmd in ([b"JSON.GET", b"k", path.encode()], [b"JSON.SET", b"k", path.encode(), value.encode()],
                [b"JSON.DEL", b"k", path.encode()], [b"JSON.ARRAPPEND", b"k", path.encode(), value.encode()],
                [b"JSON.NUMINCRBY", b"k", path.encode(), value.encode()],
                [b"JSON.MERGE", b"k", path.encode(), value.encode()],
                [b"JSON.TYPE", b"k", path.encode()], [b"JSON.OBJKEYS", b"k", path.encode()]):
        reply = e.execute(s, cmd)
        assert reply is None or isinstance(reply, (bytes, int, list, str, RedisError)), (cmd, reply)
