from redislab.engine.info import human_bytes, wanted_sections
from redislab.errors import RedisError


def _info(r, *sections):
    text = str(r("INFO", *sections))
    return dict(line.split(":", 1) for line in text.split("\r\n") if line and not line.startswith("#"))


def test_info_default_sections_and_fields(r):
    r("SET", "a", "1")
    r("SET", "b", "1", "EX", "100")
    text = str(r("INFO"))
    heads = [l for l in text.split("\r\n") if l.startswith("# ")]
    assert heads == ["# Server", "# Clients", "# Memory", "# Persistence", "# Stats", "# Replication",
                     "# CPU", "# Modules", "# Errorstats", "# Cluster", "# Keyspace"]
    f = _info(r)
    assert f["redis_version"] == "7.4.0" and f["role"] == "master" and f["redis_mode"] == "standalone"
    assert int(f["used_memory"]) > 0 and f["maxmemory_policy"] == "noeviction"
    assert f["db0"].startswith("keys=2,expires=1,avg_ttl=")
    assert int(f["total_commands_processed"]) >= 3


def test_info_sections_selection(r):
    assert str(r("INFO", "nosuch")) == ""
    assert str(r("INFO", "server", "CLIENTS")).count("# ") == 2
    assert "# Commandstats" in str(r("INFO", "all"))
    assert "# Commandstats" in str(r("INFO", "everything"))
    assert wanted_sections(["keyspace", "server"]) == ["server", "keyspace"]


def test_commandstats_and_errorstats(r):
    r("CONFIG", "RESETSTAT")    # command stats live on the shared command table
    r("SET", "k", "v")
    r("GET", "k")
    r("SET", "k", "v", "EX", "0")
    r("NOSUCH")
    f = _info(r, "commandstats", "errorstats")
    assert f["cmdstat_set"].startswith("calls=2,usec=")
    assert f["cmdstat_set"].endswith("failed_calls=1")
    assert f["errorstat_ERR"] == "count=2"
    assert r("CONFIG", "RESETSTAT") == "OK"
    f = _info(r, "commandstats", "errorstats")
    assert "cmdstat_set" not in f and "errorstat_ERR" not in f


def test_human_bytes():
    assert human_bytes(200) == "200B"
    assert human_bytes(32768) == "32.00K"
    assert human_bytes(1342177) == "1.28M"


def test_config_get_set(r):
    assert r("CONFIG", "GET", "maxmemory", "hz") == {b"maxmemory": b"0", b"hz": b"10"}
    assert r("CONFIG", "GET", "HZ") == {b"HZ": b"10"}
    assert r("CONFIG", "GET", "nosuch") == {}
    assert b"hash-max-ziplist-entries" in r("CONFIG", "GET", "*ziplist-entries")
    assert r("CONFIG", "SET", "hz", "20", "maxmemory", "1mb") == "OK"
    assert r("CONFIG", "GET", "hz", "maxmemory") == {b"hz": b"20", b"maxmemory": b"1048576"}
    assert r("CONFIG", "SET", "hz", "100000") == "OK"
    assert r("CONFIG", "GET", "hz") == {b"hz": b"500"}


def test_config_set_is_atomic_with_redis_errors(r):
    assert r("CONFIG", "SET", "hz", "5", "maxmemory", "x") == RedisError(
        "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value")
    assert r("CONFIG", "GET", "hz") == {b"hz": b"10"}
    assert r("CONFIG", "SET", "foo", "bar") == RedisError(
        "ERR Unknown option or number of arguments for CONFIG SET - 'foo'")
    assert r("CONFIG", "SET", "hz", "1", "HZ", "2") == RedisError(
        "ERR CONFIG SET failed (possibly related to argument 'HZ') - duplicate parameter")
    assert r("CONFIG", "SET", "hz", "1", "x") == RedisError("ERR wrong number of arguments for 'config|set' command")
    assert r("CONFIG", "REWRITE") == RedisError("ERR The server is running without a config file")


def test_time_dbsize_lastsave(r):
    now_us = r.engine.clock.time_us()
    assert r("TIME") == [b"%d" % (now_us // 10**6), b"%d" % (now_us % 10**6)]
    assert r("DBSIZE") == 0
    r("SET", "a", "1")
    assert r("DBSIZE") == 1
    before = r("LASTSAVE")
    r.engine.clock.advance(5)
    assert r("SAVE") == "OK"
    assert r("LASTSAVE") == before + 5
    assert r("BGSAVE") == "Background saving started"
    assert r("BGSAVE", "x") == RedisError("ERR syntax error")


def test_flush_and_swapdb(r):
    r("SET", "a", "1")
    r("SELECT", "1")
    r("SET", "b", "1")
    assert r("SWAPDB", "0", "1") == "OK"
    assert r("GET", "a") == b"1"
    assert r("SWAPDB", "0", "x") == RedisError("ERR invalid second DB index")
    assert r("SWAPDB", "y", "0") == RedisError("ERR invalid first DB index")
    assert r("SWAPDB", "0", "99") == RedisError("ERR DB index is out of range")
    assert r("FLUSHDB", "x") == RedisError("ERR syntax error")
    assert r("FLUSHDB", "ASYNC") == "OK" and r("DBSIZE") == 0
    r("SELECT", "0")
    assert r("DBSIZE") == 1
    assert r("FLUSHALL", "SYNC") == "OK" and r("DBSIZE") == 0


def test_slowlog(r):
    r("CONFIG", "SET", "slowlog-log-slower-than", "0")
    r("SET", "k", "v")
    entries = r("SLOWLOG", "GET")
    assert entries and entries[0][3][0] in (b"SET", b"CONFIG")
    eid, ts, dur, args, addr, name = entries[-1]
    assert isinstance(eid, int) and ts == r.engine.clock.time_ms() // 1000
    assert r("SLOWLOG", "LEN") >= 2
    assert len(r("SLOWLOG", "GET", "1")) == 1
    assert r("SLOWLOG", "GET", "-2") == RedisError("ERR count should be greater than or equal to -1")
    assert r("SLOWLOG", "RESET") == "OK"
    assert r("SLOWLOG", "LEN") <= 1


def test_monitor_receives_commands(r):
    seen = []
    r.session.push = seen.append
    assert r("MONITOR") == "OK"
    other = r.engine.session()
    r.engine.execute(other, [b"SET", b"k", b"v"])
    assert seen and '"SET" "k" "v"' in str(seen[-1])


def test_debug_sleep_advances_virtual_clock(r):
    t0 = r.engine.clock.time_ms()
    assert r("DEBUG", "SLEEP", "1.5") == "OK"
    assert r.engine.clock.time_ms() - t0 == 1500
    assert r("DEBUG", "SLEEP", "x") == "OK"
    assert r("DEBUG", "SET-ACTIVE-EXPIRE", "0") == "OK"
    assert r.engine.extensions["active_expire_enabled"] is False
    assert r("DEBUG", "foo") == RedisError(
        "ERR unknown subcommand or wrong number of arguments for 'foo'. Try DEBUG HELP.")


def test_help_replies(r):
    for cmd in ("CONFIG", "SLOWLOG"):
        lines = r(cmd, "HELP")
        assert lines[0].startswith(f"{cmd} <subcommand>") and lines[-2] == "HELP"
