"""FUNCTION / FCALL against a real redis-server."""
import pytest


@pytest.fixture(autouse=True)
def _no_libraries(oracle):
    # FLUSHALL (the oracle fixture's reset) keeps function libraries; start clean.
    oracle.run("FUNCTION", "FLUSH")
    yield
    oracle.run("FUNCTION", "FLUSH")

LIB = ("#!lua name=mylib\n"
       "redis.register_function('myfunc', function(keys, args) return args[1] end)\n"
       "redis.register_function{function_name='ro', callback=function(keys, args) "
       "return redis.call('get', keys[1]) end, flags={'no-writes'}, description='read one'}\n")

RT = ("#!lua name=rt\n"
      "local function helper(x) return type(x) end\n"
      "redis.register_function('t1', function(keys, args) return {helper(1), string.rep('a', 2), "
      "redis.call('ping'), tostring(#keys)} end)\n"
      "redis.register_function('t2', function(keys, args) return x end)\n"
      "redis.register_function('t3', function(keys, args) y = 1 end)\n"
      "redis.register_function('t4', function(keys, args) return redis.call('set', keys[1], args[1]) end)\n"
      "redis.register_function{function_name='t5', callback=function(keys, args) "
      "return redis.call('set', keys[1], args[1]) end, flags={'no-writes'}}\n"
      "redis.register_function('t6', function(keys, args) error('boom') end)\n"
      "redis.register_function('t7', function(keys, args) return redis.call('nosuch') end)\n"
      "redis.register_function('t8', function(keys, args) return {keys[1], args[1], #keys, #args} end)\n"
      "redis.register_function('t9', function(keys, args) return KEYS end)\n"
      "redis.register_function('t10', function(keys, args) return redis.register_function end)\n"
      "redis.register_function('t11', function(keys, args) redis.setresp(3) return redis.call('hgetall', keys[1]) end)\n")

def same_list(oracle, *args):
    """FUNCTION LIST: Redis orders libraries and functions by its hash tables (random
    per process), so compare with both orders normalised."""
    from tests.support.realredis import decode

    def norm(v):
        if isinstance(v, list):
            v = [norm(x) for x in v]
            if v and all(isinstance(x, list) for x in v):
                return sorted(v, key=repr)
        return v

    mine, theirs = oracle.run("FUNCTION", "LIST", *args)
    assert norm(decode(mine)) == norm(decode(theirs)), (args, mine, theirs)


BAD_LIBS = [
    "return 1", "#!lua", "#!lua\nx", "#!lua name=\nx", "#! name=x\nx", "#!js name=x\nx",
    "#!lua name=bad-name\nredis.register_function('f', function() end)", "#!lua name=e\n",
    "#!lua name=c\nreturn +", "#!lua name=c2\nredis.register_function('f', function() end) x = 1",
    "#!lua name=c3\nlocal x = y", "#!lua name=c4\nredis.register_function('a-b', function() end)",
    "#!lua name=c5\nredis.register_function('f')", "#!lua name=c6\nredis.register_function()",
    "#!lua name=c7\nredis.register_function{function_name='f', callback=function() end, flags={'bad'}}",
    "#!lua name=c8\nredis.register_function{function_name='f', callback=function() end, foo=1}",
    "#!lua name=c9\nredis.register_function('f', 'x')", "#!lua name=c11\nredis.call('ping')",
    "#!lua name=c12\nredis.register_function('f', function() end) redis.register_function('f', function() end)",
    "#!lua name=c13 foo=bar\nx", "#!lua name=c14 name=c15\nredis.register_function('f14', function() end)",
    "#!lua name=c16\nreturn redis.log(redis.LOG_WARNING, 'x')", "#!lua name=c17\nerror('boom')",
    "#!lua name=c18\nredis.register_function{function_name='f', callback=function() end, flags='no-writes'}",
    "#!lua name=c19\nredis.register_function('x', function() end, 1)", "#!lua name=c20\nredis.setresp(3)",
    "#!lua name=c21\nreturn math.random()", "#!lua name=c22\nredis.register_function{callback=function() end}",
    "#!lua name=c23\nredis.register_function{function_name='f'}",
    "#!lua name=c24\nredis.register_function('f', function() end, {})",
    "#!lua name=c25\nredis.register_function({'f', function() end})",
    "#!lua name=c27\nlocal v = redis.REDIS_VERSION_NUM > 0 and type",
]


@pytest.mark.parametrize("code", BAD_LIBS)
def test_bad_libraries(oracle, code):
    oracle.same("FUNCTION", "LOAD", code)
    oracle.same("FUNCTION", "LIST")


def test_load_list_call_delete(oracle):
    oracle.same("FUNCTION", "LOAD", LIB)
    oracle.same("FUNCTION", "LOAD", LIB)
    oracle.same("FUNCTION", "LOAD", "#!lua name=other\nredis.register_function('myfunc', function() end)")
    oracle.same("FUNCTION", "LOAD", "REPLACE", LIB)
    oracle.same("FUNCTION", "LOAD", "replace", "replace", LIB)
    oracle.same("FUNCTION", "LOAD", "foo", LIB)
    same_list(oracle)
    same_list(oracle, "WITHCODE")
    same_list(oracle, "LIBRARYNAME", "my*", "WITHCODE")
    oracle.same("FUNCTION", "LIST", "LIBRARYNAME", "nomatch*")
    oracle.same("FUNCTION", "LIST", "LIBRARYNAME")
    oracle.same("FUNCTION", "LIST", "foo")
    oracle.same("FUNCTION", "LIST", "withcode", "withcode")
    oracle.same("FUNCTION", "LIST", "libraryname", "a", "libraryname", "b")
    oracle.same("FCALL", "myfunc", 0, "hi")
    oracle.same("SET", "k", "v")
    oracle.same("FCALL", "ro", 1, "k")
    oracle.same("FCALL_RO", "ro", 1, "k")
    oracle.same("FCALL_RO", "myfunc", 0, "x")
    oracle.same("FCALL", "nosuch", 0)
    oracle.same("FCALL", "nosuch", "x")
    oracle.same("FCALL", "myfunc", "x")
    oracle.same("FCALL", "myfunc", "-1")
    oracle.same("FCALL", "myfunc", "5", "a")
    oracle.same("FCALL")
    oracle.same("FUNCTION", "STATS")
    oracle.same("FUNCTION", "DELETE", "nosuch")
    oracle.same("FUNCTION", "DELETE", "mylib")
    oracle.same("FCALL", "myfunc", 0, "hi")
    oracle.same("FUNCTION", "LIST")
    oracle.same("FUNCTION", "LOAD", LIB)
    oracle.same("FUNCTION", "FLUSH", "bad")
    oracle.same("FUNCTION", "FLUSH", "ASYNC")
    oracle.same("FUNCTION", "FLUSH")
    oracle.same("FUNCTION", "FLUSH", "sync")
    oracle.same("FUNCTION", "LIST")
    oracle.same("FUNCTION", "STATS")
    oracle.same("FUNCTION", "KILL")
    oracle.same("FUNCTION")
    oracle.same("FUNCTION", "foo")
    oracle.same("FUNCTION", "DELETE")
    oracle.same("FUNCTION", "RESTORE", "xyz")
    oracle.same("FUNCTION", "RESTORE", "xyz", "badpolicy")


@pytest.mark.parametrize("call", [
    ("FCALL", "t1", 1, "k"), ("FCALL", "t2", 0), ("FCALL", "t3", 0), ("FCALL", "t4", 1, "k", "v"),
    ("FCALL", "t5", 1, "k", "v"), ("FCALL_RO", "t4", 1, "k", "v"), ("FCALL_RO", "t5", 1, "k", "v"),
    ("FCALL", "t6", 0), ("FCALL", "t7", 0), ("FCALL", "t8", 2, "a", "b", "c"), ("FCALL", "t9", 0),
    ("FCALL", "t10", 0), ("FCALL", "t11", 1, "h"),
])
def test_function_runtime(oracle, call):
    oracle.same("HSET", "h", "f", "v")
    oracle.same("FUNCTION", "LOAD", RT)
    oracle.same(*call)


def test_library_list_flags(oracle):
    code = ("#!lua name=fl\nredis.register_function{function_name='f', callback=function() return 1 end,"
            " flags={'allow-stale', 'no-writes', 'allow-oom', 'no-cluster', 'allow-cross-slot-keys'}}")
    oracle.same("FUNCTION", "LOAD", code)
    oracle.same("FUNCTION", "LIST", "WITHCODE")
    oracle.same("FCALL_RO", "f", 0)
    oracle.run("HELLO", "3")
    oracle.same("FUNCTION", "LIST")
    oracle.same("FUNCTION", "STATS")


def test_load_timeout(oracle):
    oracle.same("FUNCTION", "LOAD", "#!lua name=inf\nlocal i = 0 while true do i = i + 1 end")


def test_dump_restore_round_trip(oracle):
    # The payload format is our own; each side restores its own dump.
    oracle.same("FUNCTION", "LOAD", LIB)
    c = oracle.client()
    mine = oracle.engine.execute(oracle.session, [b"FUNCTION", b"DUMP"])
    theirs = c.conn.command("FUNCTION", "DUMP")
    payload = theirs[theirs.index(b"\r\n") + 2:-2]

    def both(*args):
        a = oracle.engine.execute(oracle.session, [x if isinstance(x, bytes) else str(x).encode() for x in args[:2]]
                                  + [mine] + [x.encode() for x in args[2:]])
        b = oracle.conn.command(*args[:2], payload, *args[2:])
        from redislab.protocol.resp import encode
        assert encode(a) == b, (args, a, b)

    both("FUNCTION", "RESTORE")
    both("FUNCTION", "RESTORE", "REPLACE")
    oracle.same("FUNCTION", "DELETE", "mylib")
    oracle.same("FUNCTION", "LOAD", "#!lua name=x\nredis.register_function('myfunc', function() end)")
    both("FUNCTION", "RESTORE", "APPEND")
    both("FUNCTION", "RESTORE", "FLUSH")
    oracle.same("FCALL", "myfunc", 0, "back")
    same_list(oracle)
