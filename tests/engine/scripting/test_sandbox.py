"""Escape attempts: every one must fail cleanly with an error reply, and leave the
sandbox intact for the next script."""
import pytest

from redislab.errors import RedisError

ESCAPES = [
    "return io.open('/etc/passwd'):read('*a')",
    "return os.execute('true')",
    "return os.getenv('HOME')",
    "return require('os')",
    "return package.loaded.os",
    "return debug.getinfo(1)",
    "return dofile('/etc/passwd')",
    "return loadfile('/etc/passwd')",
    "return python.eval('1+1')",
    "return python.builtins.open",
    "return loadstring('return os')()",
    "return loadstring('return python')()",
    "return loadstring(string.dump(function() return 1 end))",
    "return load(function() return nil end)",
    "return setfenv(1, {})",
    "return getfenv(0)",
    "return newproxy(true)",
    "return module('x')",
    "x = 1",
    "_G.x = 1",
    "rawset(_G, 'x', 1)",
    "setmetatable(_G, nil)",
    "getmetatable(_G).__newindex = nil",
    "getmetatable('').__index.upper = nil",
    "rawset(getmetatable('').__index, 'upper', nil)",
    "string.upper = nil",
    "redis.call = nil",
    "rawset(redis, 'call', nil)",
    "return redis.call.__class__",
    "return redis.call.__globals__",
    "return getmetatable(redis.call).__index(redis.call, '__class__')",
    "return cjson.null.__class__",
    "local ok, e = xpcall(function() return redis.call.__class__ end, function(e) return e end) "
    "return e.__traceback__",
    "local ok, e = pcall(redis.call, 'nosuch') return e.__class__",
    "return coroutine.create(redis.call)",
    "local _, t = pairs(_G) t.x = 1",
    "local _, t = pairs(string) t.upper = nil",
    "local _, t = pairs(redis) t.call = nil",
    "local f, t = pairs(_G) rawset(t, 'x', 1)",
]


@pytest.mark.parametrize("script", ESCAPES)
def test_escape_fails_safely(r, script):
    reply = r("EVAL", script, 0)
    assert reply is None or isinstance(reply, (RedisError, list, int)), reply
    if not isinstance(reply, RedisError):
        assert reply in (None, [], 0) or reply == [1]
    # The sandbox still works afterwards.
    assert r("EVAL", "return {string.upper('a'), type(redis.call), tostring(rawget(_G, 'x'))}", 0) == \
        [b"A", b"function", b"nil"]
    assert r("EVAL", "return x", 0).message.startswith(
        "ERR user_script:1: Script attempted to access nonexistent global variable 'x'")


def test_python_objects_have_no_attributes(r):
    reply = r("EVAL", "local ok, e = pcall(function() return redis.call.__class__ end) return e", 0)
    assert isinstance(reply, bytes) and b"AttributeError" in reply


def test_binary_chunks_refused(r):
    assert r("EVAL", "local f, e = loadstring(string.dump(function() return 1 end)) return e", 0) == \
        b"binary chunks are not allowed"


def test_loadstring_chunks_share_the_sandbox(r):
    assert r("EVAL", "return loadstring('return ARGV[1]')()", 0, "a") == b"a"
    reply = r("EVAL", "return loadstring('return os')()", 0)
    assert "nonexistent global variable 'os'" in reply.message


def test_kill_hook_survives_coroutines(r):
    # A coroutine gets the count hook too: a runaway loop inside one stays killable.
    assert r("EVAL", "local co = coroutine.wrap(function(a) coroutine.yield(a * 2) end) return co(21)", 0) == 42


def test_math_random_uses_engine_rng(engine):
    s = engine.session()
    engine.clock.rng.seed(1234)
    first = engine.execute(s, [b"EVAL", b"return {math.random(1000), math.random(1000)}", b"0"])
    engine.clock.rng.seed(1234)
    again = engine.execute(s, [b"EVAL", b"return {math.random(1000), math.random(1000)}", b"0"])
    assert first == again and all(1 <= x <= 1000 for x in first)
    assert engine.execute(s, [b"EVAL", b"math.randomseed(5) local a = math.random(10) "
                                       b"math.randomseed(5) return a == math.random(10)", b"0"]) == 1


def test_memory_bomb_fails_the_script_not_the_process(r):
    reply = r("EVAL", "return #string.rep('x', 2^30 + 1)", 0)
    assert isinstance(reply, RedisError) and "not enough memory" in reply.message
    assert r("EVAL", "return #string.rep('x', 1000)", 0) == 1000
