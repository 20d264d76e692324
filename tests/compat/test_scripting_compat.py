"""EVAL / EVALSHA / SCRIPT against a real redis-server: replies and error texts byte for byte."""
import pytest

SCRIPTS = [
    # conversions Lua -> reply
    "return 1", "return 3.99", "return -3.99", "return 1e300", "return 0/0", "return -1/0",
    "return 'hello'", "return true", "return false", "return nil", "return {}",
    "return {1,2,nil,4}", "return {1,2,3,'ciao',{1,2}}", "return {true,false,'a',{ok='s'}}",
    "return {ok='FINE'}", "return {err='bad'}", "return {err='-X y'}", "return {err='x\\ny'}",
    "return {1, {err='x'}, {ok='y'}}", "return redis.status_reply('a\\nb')", "return 'a\\nb'",
    "return {double=3.5}", "return {double='3.5'}", "return {big_number='123'}",
    "return {verbatim_string={format='txt', string='hi'}}", "return {map={a=1}}",
    "return {set={a=true}}", "return {map={a=1}, 1}", "return {1, 2, foo='bar'}",
    "return 2^53", "return -0.5", "return {0.5, 1.5}", "return print",
    # redis.* helpers
    "return redis.error_reply('xx')", "return redis.error_reply('FOO bar')",
    "return redis.error_reply('-FOO bar')", "return redis.error_reply('')",
    "return redis.error_reply()", "return redis.status_reply(1)",
    "return redis.status_reply('FINE')", "return redis.sha1hex('')", "return redis.sha1hex('abc')",
    "return redis.sha1hex(1.5)", "return redis.sha1hex()", "return redis.log(redis.LOG_WARNING, 'hi')",
    "return redis.log()", "return redis.log(99, 'x')", "return redis.log('a', 'x')",
    "return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING, redis.REPL_NONE,"
    " redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL}",
    "return redis.set_repl(redis.REPL_ALL)", "return redis.set_repl(77)", "return redis.set_repl()",
    "return redis.replicate_commands()", "return redis.breakpoint()", "return redis.debug('x')",
    "return redis.setresp(4)", "return redis.setresp()", "return redis.setresp('x')",
    "return redis.acl_check_cmd('get','x')", "return redis.acl_check_cmd('nosuch')",
    "return type(redis.call)", "return type(redis.REDIS_VERSION_NUM)",
    # redis.call errors
    "return redis.call('nosuch')", "return redis.call('get')", "return redis.call('set','a')",
    "return redis.call()", "return redis.call({})", "return redis.call('get',{})",
    "return redis.call('config','nosuch')", "return redis.call('config')",
    "return redis.call('multi')", "return redis.call('eval', 'return 1', 0)",
    "return redis.pcall('nosuch', 's')", "return redis.pcall()",
    "redis.call('set','s','abc'); return redis.call('incr','s')",
    "redis.call('set','s','abc'); return redis.pcall('incr','s')",
    "redis.call('set','s','abc'); return {1, redis.pcall('incr','s')}",
    "redis.call('set','s','abc'); local ok, e = pcall(redis.call, 'incr', 's'); return e",
    "redis.call('set','s','abc'); local t = redis.pcall('incr','s'); "
    "return {type(t), t.err, tostring(t.source), tostring(t.line)}",
    "local ok, e = pcall(error, {err='x'}); return type(e)",
    "local ok, e = xpcall(function() error({err='x'}) end, function(e) return e end); return type(e)",
    # runtime errors and their locations
    "error('boom')", "error({err='MY boom'})", "error()", "error(nil)", "error(12)",
    "local x = 1\nlocal y = 2\nerror('third')", "local t = nil; return t.x",
    "return #nil", "return ('x'):bad()", "local function f() error('inner') end\nf()",
    # arguments
    "redis.call('set','k',0.1); redis.call('set','k2',1e20); redis.call('set','k3', 3);"
    " redis.call('set','k4', 1/3); return {redis.call('get','k'),redis.call('get','k2'),"
    "redis.call('get','k3'),redis.call('get','k4')}",
    "return redis.call('set', 'k', 1/0)", "return redis.call('ping')", "return redis.call('PING','x')",
    "return redis.call('get','nokey')", "local t = redis.call('get','nokey'); return type(t)",
    "return redis.call('hgetall','nokey')", "return redis.call('mget','a','b')",
    "return redis.call('del','a')",
    "redis.call('zadd','z',1.5,'a',2,'b') return redis.call('zrange','z',0,-1,'withscores')",
    "redis.call('zadd','z',1.5,'a') return redis.call('zscore','z','a')",
    "redis.call('zadd','z',1.5,'a') return {redis.call('zincrby','z',1,'a')}",
    "redis.call('hset','h','f','v') return redis.call('hgetall','h')",
    "redis.call('set','k','v') return redis.call('type','k')",
    "redis.call('set','k','v') local t = redis.call('type','k') return t.ok",
    "redis.call('set','k','v') return redis.call('object','encoding','k')",
    "return redis.call('incrbyfloat','f','1.5')", "return redis.call('exists','a','b')",
    "return redis.call('hmget','h','a','b')", "return redis.call('set','k','v','get')",
    "return redis.call('set','k','v','nx','xx')", "return redis.call('get', 'a', 'b')",
    "return redis.call('SeT', 'mixed', 'case')", "return redis.call('echo', 'x\0y')",
    "return redis.call('keys', '*')",
    "return redis.call('blpop', 'l', 0)", "return redis.call('bzpopmin', 'z', 0)",
    "return redis.call('brpoplpush', 'a', 'b', 0)", "return redis.pcall('blmove', 'a', 'b', 'left', 'left', 0)",
    "redis.call('rpush', 'q', 'x') return {redis.call('llen', 'q'), redis.call('lpop', 'q')}",
    # compile errors
    "return 1 +", "return (", "x = = 1", "local",
    # shebang
    "#!lua\nreturn 1", "#!lua flags=no-writes\nreturn redis.call('set','a','b')",
    "#!lua flags=bad\nreturn 1", "#!luax\nreturn 1", "#!lua foo=bar\nreturn 1",
    "#!lua name=x\nreturn 1", "#!lua flags=no-writes,allow-oom\nreturn 1", "#!lua\nreturn x",
    "#!lua flags=\nreturn 2",
]


@pytest.mark.parametrize("script", SCRIPTS)
def test_eval_script(oracle, script):
    oracle.same("EVAL", script, 0)


RESP3_SCRIPTS = [
    "return true", "return false", "return nil", "return {double=3.5}", "return {double=3}",
    "return {big_number='123'}", "return {verbatim_string={format='txt', string='hi'}}",
    "return {map={a=1}}", "return {set={a=true}}",
    "redis.setresp(3); return true", "redis.setresp(3); return false",
    "redis.setresp(3); return {true, false}",
    "redis.setresp(3); return redis.call('hgetall','h')",
    "redis.setresp(3); return redis.call('get','nokey')",
    "redis.setresp(3); local t = redis.call('hgetall','h'); return {type(t), type(t.map), t.map.a}",
    "redis.setresp(3); local t = redis.call('zscore','z', 'a'); return {type(t), t.double}",
    "redis.setresp(3); return redis.call('zscore','z', 'a')",
    "redis.setresp(3); local t = redis.call('smembers','st'); return {type(t.set), tostring(t.set.a)}",
    "redis.setresp(3); return redis.call('smembers','st')",
    "redis.setresp(3); return redis.call('exists','st')",
    "redis.setresp(3); local t = redis.call('get','nokey'); return type(t)",
]


@pytest.mark.parametrize("proto", ["2", "3"])
@pytest.mark.parametrize("script", RESP3_SCRIPTS)
def test_eval_resp3(oracle, script, proto):
    oracle.same("HSET", "h", "a", "1")
    oracle.same("ZADD", "z", "1.5", "a")
    oracle.same("SADD", "st", "a")
    oracle.run("HELLO", proto)
    oracle.same("EVAL", script, 0)


def test_keys_and_argv(oracle):
    oracle.same("EVAL", "return {KEYS[1], KEYS[2], ARGV[1], ARGV[2], #KEYS, #ARGV}", 2, "k1", "k2", "a1", "a2")
    oracle.same("EVAL", "return {#KEYS, #ARGV}", 0)
    oracle.same("EVAL", "return {#KEYS, #ARGV}", 0, "x", "y")
    oracle.same("EVAL", "return KEYS", 3, "a", "b", "c")


@pytest.mark.parametrize("numkeys", ["-1", "2", "x", "1.5", "", "99999999999999999999"])
def test_numkeys_errors(oracle, numkeys):
    oracle.same("EVAL", "return 1", numkeys, "a")
    oracle.same("EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", numkeys, "a")


def test_arity(oracle):
    oracle.same("EVAL", "return 1")
    oracle.same("EVALSHA", "abc")
    oracle.same("EVAL_RO", "return 1")
    oracle.same("SCRIPT")
    oracle.same("SCRIPT", "LOAD")
    oracle.same("SCRIPT", "EXISTS")
    oracle.same("SCRIPT", "nosuch")
    oracle.same("SCRIPT", "KILL", "x")


def test_script_load_exists_evalsha(oracle):
    sha = oracle.same("SCRIPT", "LOAD", "return ARGV[1]")
    oracle.same("EVALSHA", sha, 0, "hi")
    oracle.same("EVALSHA", sha.upper(), 0, "hi")
    oracle.same("EVALSHA_RO", sha, 0, "hi")
    oracle.same("SCRIPT", "EXISTS", sha, sha.upper(), "nope", "0" * 40)
    oracle.same("EVALSHA", "0" * 40, 0)
    oracle.same("EVALSHA", "short", 0)
    oracle.same("SCRIPT", "LOAD", "return +")
    oracle.same("SCRIPT", "FLUSH")
    oracle.same("SCRIPT", "EXISTS", sha)
    oracle.same("EVALSHA", sha, 0, "hi")
    oracle.same("EVAL", "return 7", 0)
    oracle.same("SCRIPT", "EXISTS", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db")
    oracle.same("SCRIPT", "FLUSH", "ASYNC")
    oracle.same("SCRIPT", "FLUSH", "sync")
    oracle.same("SCRIPT", "FLUSH", "bad")
    oracle.same("SCRIPT", "FLUSH", "SYNC", "ASYNC")
    oracle.same("SCRIPT", "KILL")


def test_eval_ro(oracle):
    oracle.same("SET", "a", "1")
    oracle.same("EVAL_RO", "return redis.call('get', KEYS[1])", 1, "a")
    oracle.same("EVAL_RO", "return redis.call('set', KEYS[1], 'x')", 1, "a")
    oracle.same("EVAL_RO", "return redis.pcall('del', KEYS[1])", 1, "a")
    sha = oracle.same("SCRIPT", "LOAD", "return redis.call('incr', KEYS[1])")
    oracle.same("EVALSHA_RO", sha, 1, "a")
    oracle.same("EVALSHA", sha, 1, "a")
    oracle.same("GET", "a")


def test_select_inside_script_does_not_leak(oracle):
    oracle.same("EVAL", "redis.call('select', 3); redis.call('set', 'x', 'in3'); return redis.call('get','x')", 0)
    oracle.same("GET", "x")
    oracle.same("SELECT", "3")
    oracle.same("GET", "x")
    oracle.same("EVAL", "return redis.call('get','x')", 0)


def test_eval_inside_multi(oracle):
    oracle.same("MULTI")
    oracle.same("EVAL", "return redis.call('incr', KEYS[1])", 1, "c")
    oracle.same("EVAL", "return redis.call('nosuch')", 0)
    oracle.same("EXEC")


def test_script_errors_are_counted(oracle):
    oracle.same("EVAL", "return redis.call('incr', 'x', 'y')", 0)
    oracle.same("SET", "k", "v")
    oracle.same("EVAL", "return redis.call('lpush', 'k', 'y')", 0)


SANDBOX = [
    "return type(os)", "return type(io)", "return type(require)", "return type(debug)",
    "return type(package)", "return type(dofile)", "return type(loadfile)", "return type(print)",
    "return type(setfenv)", "return type(getfenv)", "return type(newproxy)", "return type(module)",
    "return type(python)", "return type(load)", "return type(loadstring)", "return type(string.dump)",
    "return type(coroutine)", "return type(collectgarbage)", "return type(gcinfo)", "return type(_G)",
    "return type(unpack)", "return type(bit)", "return type(struct)", "return type(cjson)",
    "return type(cmsgpack)", "return type(math.random)", "return type(getmetatable(''))",
    "x = 1", "_G.x = 1", "return _G.nosuch", "return rawset(_G,'x',1)", "return setmetatable(_G,nil)",
    "string.foo = 1", "string.rep = nil", "redis.call = nil", "math.pi = 3", "table.insert = nil",
    "cjson.encode = nil", "bit.band = nil", "getmetatable('').__index.rep = nil",
    "return getmetatable('').__index.rep('ab', 3)", "return ('ab'):rep(2)",
    "return loadstring('return 1')()", "return loadstring('return os')()",
    "return loadstring('x = 1')()", "local f = loadstring('return KEYS'); return type(f())",
    "local t = {} setmetatable(t, {__index = function() return 5 end}) return t.x",
    "local t = {} rawset(t, 'a', 1) return rawget(t, 'a')", "return rawget(_G, 'nosuch')",
    "local n = 0 for k in pairs(string) do n = n + 1 end return n > 10",
    "local f = function() return 1 end; return pcall(f)", "return pcall(error, 'x')",
    "return {pcall(function() local x = nosuch end)}",
    "local co = coroutine.create(function(a) coroutine.yield(a + 1) return 9 end)"
    " local _, v = coroutine.resume(co, 1) local _, w = coroutine.resume(co) return {v, w}",
    "return select('#', 1, 2, 3)", "return tonumber('0x10')", "return tostring(12)",
    "return string.format('%d-%s', 5, 'x')", "return table.concat({'a','b'}, ',')",
    "return math.floor(3.7)", "return {math.max(1, 5), math.min(2, 3)}", "return unpack({1, 2})",
    "return type(getmetatable(_G))", "return type(getmetatable(string))",
    "return type(getmetatable(redis.call))", "return type(getmetatable(cjson.null))",
    "return type(getmetatable(redis))", "return type(cjson.null)",
    "local mt = getmetatable(_G); return {type(mt.__index), type(mt.__newindex), tostring(mt.__metatable)}",
    "getmetatable(_G).__index = nil", "getmetatable(_G).__newindex = function() end",
    "return type(getmetatable('').__index)", "return tostring(string.dump ~= nil)",
    "return assert(false, 'why')", "return assert(1)", "return math.random(1,2,3)",
    "return math.random(0)", "return math.random('a')", "return math.random(5, 1)",
]


@pytest.mark.parametrize("script", SANDBOX)
def test_sandbox(oracle, script):
    oracle.same("EVAL", script, 0)


LIBS = [
    "return bit.band(7, 3)", "return bit.bor(1, 2, 4)", "return bit.bxor(5, 3)", "return bit.bnot(0)",
    "return bit.lshift(1, 31)", "return bit.rshift(-1, 28)", "return bit.arshift(-256, 4)",
    "return bit.rol(0x12345678, 8)", "return bit.ror(0x12345678, 8)", "return bit.tohex(255)",
    "return bit.tohex(-1, -4)", "return bit.tobit(2^32 + 5)", "return bit.bswap(0x12345678)",
    "return bit.band('7', 3)", "return bit.band()",
    "return cjson.encode({1, 2, {a = 1}})", "return cjson.encode({})", "return cjson.encode('a/b\"c')",
    "return cjson.encode({a = {b = {true, false}}})", "return cjson.encode(3.25)",
    "return cjson.encode(1e100)", "return cjson.encode({[1] = 1, [3] = 3})",
    "return cjson.encode({[1] = 1, [100] = 3})", "return cjson.encode(cjson.null)",
    "return cjson.encode({x = cjson.null})", "return cjson.encode(function() end)",
    "return cjson.decode('[1,2,3]')", "return cjson.decode('{\"a\":[1,{\"b\":2}]}').a[2].b",
    "return type(cjson.decode('null'))", "return cjson.decode('\"x\"')", "return cjson.decode('[1,')",
    "return cjson.decode('3.5') * 2",
    "return cmsgpack.unpack(cmsgpack.pack(1, 'a', {1, 2}))", "return cmsgpack.pack({1, 2, 3})",
    "return cmsgpack.pack({a = 1})", "return cmsgpack.pack(1.5)", "return cmsgpack.pack(-1, 300, -300, 70000)",
    "return cmsgpack.pack('abc', true, false, nil)",
    "return struct.pack('>I2', 258)", "return struct.pack('<i4', -2)", "return {struct.unpack('>I2', 'AB')}",
    "return struct.size('>i4I2b')", "return {struct.unpack('<bB', '\\255\\255')}",
    "return struct.pack('s', 'hi')", "return {struct.unpack('c2', 'hello')}",
]


@pytest.mark.parametrize("script", LIBS)
def test_libraries(oracle, script):
    oracle.same("EVAL", script, 0)


# The guide's scripts (section 8), as the guide writes them.
GUIDE_RMW = """
local current = redis.call('GET', KEYS[1])
if current then
local new_val = tonumber(current) + tonumber(ARGV[1])
redis.call('SET', KEYS[1], new_val)
return new_val
end
return nil
"""

GUIDE_RATE_LIMIT = """
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
-- Remove old requests outside window
redis.call('ZREMRANGEBYSCORE', key, 0, now - window)
-- Check current request count
local count = redis.call('ZCARD', key)
if count < limit then
-- Allow: add new request
redis.call('ZADD', key, now, now .. ':' .. math.random())
redis.call('EXPIRE', key, window)
return 1
else
-- Deny
return 0
end
"""

GUIDE_UNLOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
return redis.call('DEL', KEYS[1])
end
return 0
"""


def test_guide_atomic_read_modify_write(oracle):
    oracle.same("EVAL", GUIDE_RMW, 1, "counter", "5")
    oracle.same("SET", "counter", "10")
    for _ in range(3):
        oracle.same("EVAL", GUIDE_RMW, 1, "counter", "5")
    oracle.same("GET", "counter")
    oracle.same("EVAL", GUIDE_RMW, 1, "counter", "2.5")
    oracle.same("SET", "counter", "abc")
    oracle.same("EVAL", GUIDE_RMW, 1, "counter", "5")


def test_guide_safe_lock_release(oracle):
    oracle.same("SET", "lock:res", "token-1", "NX", "PX", "30000")
    oracle.same("EVAL", GUIDE_UNLOCK, 1, "lock:res", "token-2")
    oracle.same("GET", "lock:res")
    oracle.same("EVAL", GUIDE_UNLOCK, 1, "lock:res", "token-1")
    oracle.same("EXISTS", "lock:res")
    oracle.same("EVAL", GUIDE_UNLOCK, 1, "lock:res", "token-1")


def test_guide_sliding_window_rate_limiter(oracle):
    sha = oracle.same("SCRIPT", "LOAD", GUIDE_RATE_LIMIT)
    window = 60_000
    for now in (1_000_000, 1_000_001, 1_000_002, 1_000_003, 1_000_004, 1_060_001, 1_060_002):
        oracle.same("EVALSHA", sha, 1, "ratelimit:alice", 3, window, now)
    oracle.same("ZCARD", "ratelimit:alice")
    oracle.same("TTL", "ratelimit:alice")


@pytest.mark.parametrize("script", [
    "return redis.call('incr', 's')", "return redis.pcall('incr', 's')", "error('x')",
    "return redis.call('nosuch')", "return {err='MINE x'}", "return redis.error_reply('E y')",
    "return {1, redis.pcall('incr', 's')}", "local ok = pcall(redis.call, 'incr', 's') return 1",
])
def test_script_errors_in_errorstats(oracle, script):
    oracle.same("SET", "s", "abc")
    oracle.run("CONFIG", "RESETSTAT")
    oracle.same("EVAL", script, 0)
    oracle.same("INFO", "errorstats")


def test_acl_inside_scripts(oracle):
    oracle.same("ACL", "SETUSER", "scriptuser", "on", "nopass", "+eval", "+get", "~k*")
    try:
        oracle.same("AUTH", "scriptuser", "x")
        oracle.same("EVAL", "return redis.call('set','a','b')", 0)
        oracle.same("EVAL", "return redis.call('get','zz')", 0)
        oracle.same("EVAL", "return redis.call('get','k1')", 0)
        oracle.same("EVAL", "return redis.pcall('set','a','b')", 0)
        oracle.same("EVAL", "return {redis.acl_check_cmd('get', 'k1'), redis.acl_check_cmd('set', 'k1', 'v')}", 0)
    finally:
        oracle.run("AUTH", "default", "x")
        oracle.run("ACL", "DELUSER", "scriptuser")


def test_commands_inside_scripts_in_slowlog(oracle):
    oracle.same("CONFIG", "SET", "slowlog-log-slower-than", "0")
    oracle.same("SLOWLOG", "RESET")
    oracle.same("EVAL", "redis.call('set','a','b') return 1", 0)
    oracle.same("CONFIG", "SET", "slowlog-log-slower-than", "10000")
    mine, theirs = oracle.run("SLOWLOG", "GET", "10")
    from tests.support.realredis import decode

    def inner(entries):
        # the command the script ran: same arguments, the script client's "?:0" address
        return [(e[3], e[4], e[5]) for e in entries if e[3][0] == b"set"]
    assert inner(decode(mine)) == inner(decode(theirs)) == [([b"set", b"a", b"b"], b"?:0", b"")]
