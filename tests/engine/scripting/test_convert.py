"""Lua <-> reply conversions, unit level."""
import math

import pytest
from lupa import lua51

from redislab.engine.replies import NULL_ARRAY, BigNumber, MapReply, SetReply, Status, Verbatim
from redislab.engine.scripting import convert
from redislab.errors import RedisError


@pytest.fixture(scope="module")
def lua():
    return lua51.LuaRuntime(encoding=None, register_eval=False, register_builtins=False)


@pytest.mark.parametrize("n, want", [
    (3.99, 3), (-3.99, -3), (0.0, 0), (2 ** 62, 2 ** 62), (1e300, -(1 << 63)),
    (math.nan, -(1 << 63)), (math.inf, -(1 << 63)), (-math.inf, -(1 << 63)), (7, 7),
])
def test_number_truncation(n, want):
    assert convert.lua_number_to_int(n) == want


@pytest.mark.parametrize("n, want", [(3, b"3"), (0.1, b"0.10000000000000001"), (1e20, b"1e+20"),
                                     (math.inf, b"inf"), (-2.5, b"-2.5")])
def test_number_arguments(n, want):
    assert convert.number_arg(n) == want


@pytest.mark.parametrize("raw, want", [
    (b"-FOO bar", "FOO bar"), (b"-xx", "ERR xx"), (b"plain text", "ERR plain text"),
    (b"-", "ERR "), (b"-ERR trailing\r\n", "ERR trailing"),
])
def test_error_text(raw, want):
    assert convert.error_text(raw) == want


def test_reply_to_lua_resp2(lua):
    t = convert.reply_to_lua(lua, [1, b"a", None, Status("OK"), RedisError("ERR x"), 1.5, True,
                                   {b"k": b"v"}, SetReply([b"m"]), NULL_ARRAY, BigNumber(12),
                                   Verbatim("hi")], 2)
    assert t[1] == 1 and t[2] == b"a" and t[3] is False
    assert t[4][b"ok"] == b"OK" and t[5][b"err"] == b"ERR x"
    assert t[6] == b"1.5" and t[7] == 1
    assert list(t[8].values()) == [b"k", b"v"]
    assert t[9][1] == b"m" and t[10] is False and t[11] == b"12" and t[12] == b"hi"


def test_reply_to_lua_resp3(lua):
    t = convert.reply_to_lua(lua, [None, True, 2.5, {b"k": 1}, SetReply([b"m"]), BigNumber(5),
                                   Verbatim("hi", "txt")], 3)
    assert t[1] is None and t[2] is True and t[3][b"double"] == 2.5
    assert t[4][b"map"][b"k"] == 1 and t[5][b"set"][b"m"] is True
    assert t[6][b"big_number"] == b"5"
    assert t[7][b"verbatim_string"][b"format"] == b"txt"


def test_lua_to_reply(lua):
    v = lua.eval("{1, 2.9, 'x', true, false, {ok='S'}, {err='E x'}, {double=1.5}, nil, 9}")
    assert convert.lua_to_reply(v, 2) == [1, 2, b"x", 1, None, Status("S"), RedisError("E x"), 1.5]
    assert convert.lua_to_reply(lua.eval("{true, false}"), 3) == [True, False]
    m = convert.lua_to_reply(lua.eval("{map={a=1}}"), 2)
    assert isinstance(m, MapReply) and list(m) == [(b"a", 1)]
    s = convert.lua_to_reply(lua.eval("{set={a=true}}"), 2)
    assert isinstance(s, SetReply) and s == [b"a"]
    assert convert.lua_to_reply(lua.eval("{big_number='123'}"), 2) == BigNumber(123)
    vs = convert.lua_to_reply(lua.eval("{verbatim_string={format='mkd', string='# t'}}"), 2)
    assert isinstance(vs, Verbatim) and vs.fmt == "mkd" and vs == "# t"
    assert convert.lua_to_reply(lua.eval("function() end"), 2) is None


def test_self_referencing_table_does_not_recurse_forever(lua):
    t = lua.eval("(function() local t = {} t[1] = t return t end)()")
    out = convert.lua_to_reply(t, 2)
    depth = 0
    while isinstance(out, list):
        out = out[0]
        depth += 1
    assert isinstance(out, RedisError) and depth > 10
