"""EVAL / SCRIPT / FUNCTION / FCALL at unit level (oracle comparisons are in tests/compat)."""
import hashlib
import threading

from redislab.engine.scripting import scripting
from redislab.engine.scripting.state import parse_shebang
from redislab.errors import RedisError


def test_eval_caches_the_script(r):
    assert r("EVAL", "return 42", 0) == 42
    sha = r("SCRIPT", "LOAD", "return 42")
    assert r("SCRIPT", "EXISTS", sha, "nope") == [1, 0]
    assert r("EVALSHA", sha.upper(), 0) == 42
    assert r("SCRIPT", "FLUSH") == "OK"
    assert r("EVALSHA", sha, 0) == RedisError("NOSCRIPT No matching script. Please use EVAL.")


def test_script_runs_on_the_callers_db_and_select_does_not_leak(r):
    r("SELECT", "2")
    r("SET", "k", "in2")
    assert r("EVAL", "local v = redis.call('get', 'k') redis.call('select', 5) "
                     "redis.call('set', 'k', 'in5') return v", 0) == b"in2"
    assert r("GET", "k") == b"in2"
    r("SELECT", "5")
    assert r("GET", "k") == b"in5"


def test_scripts_are_atomic_between_threads(engine):
    script = "local v = tonumber(redis.call('get', KEYS[1]) or '0') redis.call('set', KEYS[1], v + 1) return v"
    sessions = [engine.session() for _ in range(4)]

    def worker(s):
        for _ in range(200):
            engine.execute(s, [b"EVAL", script.encode(), b"1", b"counter"])

    threads = [threading.Thread(target=worker, args=(s,)) for s in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert engine.run("GET", "counter") == b"800"


def test_redis_log_is_kept_for_the_lab(r):
    r("EVAL", "redis.log(redis.LOG_WARNING, 'hello', 'world')", 0)
    assert scripting(r.engine).logs[-1] == (3, b"hello world")


def test_lua_session_is_not_a_client(r):
    r("EVAL", "return redis.call('ping')", 0)
    assert all(s.kind != "lua" for s in r.engine.clients.values())


def test_script_errors_count_in_errorstats(r):
    r("EVAL", "return redis.call('nosuch')", 0)
    assert r.engine.errorstats.get("ERR", 0) >= 1


def test_shebang_parsing():
    assert parse_shebang(b"return 1") == (None, b"return 1")
    assert parse_shebang(b"#!lua flags=no-writes,allow-oom\nreturn 1") == (
        frozenset({"no-writes", "allow-oom"}), b"\nreturn 1")


def test_guide_rate_limiter_with_virtual_clock(r):
    script = ("redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, ARGV[1] - ARGV[2]) "
              "if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then "
              "redis.call('ZADD', KEYS[1], ARGV[1], ARGV[1] .. '-' .. math.random()) "
              "redis.call('EXPIRE', KEYS[1], ARGV[2]) return 1 end return 0")
    got = [r("EVAL", script, 1, "rl", now, 10, 2) for now in (100, 101, 102, 111, 112, 113)]
    assert got == [1, 1, 0, 1, 1, 0]
    assert r("TTL", "rl") == 10
    r.engine.clock.advance(11_000)
    assert r("EXISTS", "rl") == 0


def test_functions_dump_restore_round_trip(r):
    lib = "#!lua name=lib\nredis.register_function('hello', function(keys, args) return 'hi ' .. args[1] end)"
    assert r("FUNCTION", "LOAD", lib) == b"lib"
    payload = r("FUNCTION", "DUMP")
    assert payload.startswith(b"redislab-functions/1\n")
    assert r("FUNCTION", "FLUSH") == "OK"
    assert r("FCALL", "hello", 0, "x") == RedisError("ERR Function not found")
    assert r("FUNCTION", "RESTORE", payload) == "OK"
    assert r("FCALL", "hello", 0, "you") == b"hi you"
    assert r("FUNCTION", "RESTORE", payload) == RedisError("ERR Library lib already exists")
    assert r("FUNCTION", "RESTORE", payload, "REPLACE") == "OK"
    assert r("FUNCTION", "RESTORE", payload[:-1] + b"x") == RedisError(
        "ERR DUMP payload version or checksum are wrong")
    stats = r("FUNCTION", "STATS")
    assert stats[b"engines"][b"LUA"] == {b"libraries_count": 1, b"functions_count": 1}


def test_function_replace_and_cross_library_names(r):
    r("FUNCTION", "LOAD", "#!lua name=a\nredis.register_function('f', function() return 1 end)")
    assert r("FUNCTION", "LOAD", "#!lua name=b\nredis.register_function('f', function() return 2 end)") == \
        RedisError("ERR Function f already exists")
    assert r("FUNCTION", "LOAD", "REPLACE", "#!lua name=a\nredis.register_function('f', function() return 3 end)") == b"a"
    assert r("FCALL", "f", 0) == 3
    assert r("FUNCTION", "DELETE", "a") == "OK"
    assert r("FUNCTION", "LIST") == []


def test_function_flags_make_fcall_ro_possible(r):
    r("FUNCTION", "LOAD", "#!lua name=a\nredis.register_function{function_name='get', "
                          "callback=function(keys) return redis.call('get', keys[1]) end, flags={'no-writes'}}")
    r("SET", "k", "v")
    assert r("FCALL_RO", "get", 1, "k") == b"v"


def test_monitor_shows_the_script_then_its_commands(engine):
    lines = []
    mon = engine.session()
    mon.push = lines.append
    engine.execute(mon, [b"MONITOR"])
    s = engine.session()
    engine.execute(s, [b"EVAL", b"redis.call('set', 'a', '1') return 1", b"0"])
    text = [str(x) for x in lines]
    assert any('"EVAL" "redis.call' in t for t in text)
    assert any('[0 lua] "set" "a" "1"' in t for t in text)
    assert [i for i, t in enumerate(text) if "EVAL" in t][0] < [i for i, t in enumerate(text) if "lua" in t][0]


def test_eval_scripts_are_evicted_lru_beyond_500(r):
    def sha(body):
        return hashlib.sha1(body.encode()).hexdigest().encode()

    st = scripting(r.engine)
    kept = r("SCRIPT", "LOAD", "return 'kept'")          # SCRIPT LOAD: never evicted
    r("EVAL", "return 'oldest'", 0)
    for i in range(499):
        r("EVAL", f"return {i}", 0)
    assert r("EVALSHA", sha("return 0"), 0) == 0          # a use: now the most recent
    r("EVAL", "return 'one more'", 0)                      # evicts 'oldest'
    r("EVAL", "return 'and another'", 0)                   # evicts 'return 1'
    assert st.evicted_scripts == 2 and st.info()["evicted_scripts"] == 2
    assert r("SCRIPT", "EXISTS", kept, sha("return 0"), sha("return 'oldest'"),
             sha("return 1"), sha("return 2")) == [1, 1, 0, 0, 1]


def test_blocked_clients_are_served_after_the_script_not_during(engine):
    waiter = engine.session()
    blocked = engine.execute(waiter, [b"BLPOP", b"q", b"0"])
    assert hasattr(blocked, "wait")               # parked, not answered
    s = engine.session()
    # Inside the script the pushed element is still there: nobody is served mid-script.
    assert engine.execute(s, [b"EVAL", b"redis.call('rpush', 'q', 'x') return redis.call('llen', 'q')", b"0"]) == 1
    assert blocked.wait(5) == [b"q", b"x"]
    assert engine.execute(s, [b"LLEN", b"q"]) == 0
