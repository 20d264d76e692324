from tests.support.realredis import decode


def test_config_same(oracle):
    oracle.same("CONFIG", "GET")
    oracle.same("CONFIG", "GET", "maxmemory", "hz", unordered=True)
    oracle.same("CONFIG", "GET", "maxmemory", "maxmemory")
    oracle.same("CONFIG", "GET", "max*policy")
    oracle.same("CONFIG", "GET", "nosuch")
    oracle.same("CONFIG", "GET", "HZ")
    oracle.same("CONFIG", "SET", "foo", "bar")
    oracle.same("CONFIG", "SET", "hz")
    oracle.same("CONFIG", "SET", "hz", "10", "hz", "11")
    oracle.same("CONFIG", "SET", "hz", "abc")
    oracle.same("CONFIG", "SET", "hz", "-1")
    oracle.same("CONFIG", "SET", "hz", "5", "maxmemory", "x")
    oracle.same("CONFIG", "SET", "maxmemory", "-1")
    oracle.same("CONFIG", "SET", "maxmemory-policy", "foo")
    oracle.same("CONFIG", "SET", "databases", "3")
    oracle.same("CONFIG", "SET", "appendonly", "maybe")
    oracle.same("CONFIG", "SET", "slowlog-log-slower-than", "-5")
    oracle.same("CONFIG", "SET", "slowlog-max-len", "1.5")
    oracle.same("CONFIG", "SET", "hz", "10", "foo", "bar")
    oracle.same("CONFIG", "SET", "maxmemory", "1gb")
    oracle.same("CONFIG", "GET", "maxmemory")
    oracle.same("CONFIG", "SET", "maxmemory-policy", "ALLKEYS-LRU")
    oracle.same("CONFIG", "GET", "maxmemory-policy")
    oracle.same("CONFIG", "SET", "hz", "100000")
    oracle.same("CONFIG", "GET", "hz")
    oracle.same("CONFIG", "SET", "hz", "10")
    oracle.same("CONFIG", "REWRITE")
    oracle.same("CONFIG", "RESETSTAT")
    oracle.same("CONFIG", "FOO")


def test_server_misc_same(oracle):
    oracle.same("DBSIZE")
    oracle.same("SET", "a", "1")
    oracle.same("DBSIZE")
    oracle.same("SLOWLOG", "GET", "x")
    oracle.same("SLOWLOG", "GET", "-2")
    oracle.same("SLOWLOG", "RESET")
    oracle.same("SLOWLOG", "FOO")
    oracle.same("FLUSHDB", "x")
    oracle.same("FLUSHALL", "a", "b")
    oracle.same("SWAPDB", "0", "1")
    oracle.same("SWAPDB", "0", "x")
    oracle.same("SWAPDB", "x", "0")
    oracle.same("SWAPDB", "0", "99")
    oracle.same("SWAPDB", "-1", "0")
    oracle.same("SELECT", "1")
    oracle.same("GET", "a")
    oracle.same("FLUSHDB", "ASYNC")
    oracle.same("FLUSHALL", "SYNC")
    oracle.same("DBSIZE")
    oracle.same("BGSAVE", "x")
    oracle.same("DEBUG", "SLEEP", "0")
    oracle.same("DEBUG", "SET-ACTIVE-EXPIRE", "1")
    oracle.same("DEBUG", "foo")
    oracle.same("TIME", "x")


def test_time_shape(oracle):
    mine, theirs = oracle.run("TIME")
    a, b = decode(mine), decode(theirs)
    assert len(a) == len(b) == 2 and all(x.isdigit() for x in a)
    assert abs(int(a[0]) - int(b[0])) <= 2


def test_info_structure(oracle):
    oracle.same("CONFIG", "RESETSTAT")
    oracle.same("SET", "k", "v")
    oracle.same("GET", "k")
    for args in (("INFO",), ("INFO", "everything"), ("INFO", "server", "keyspace"), ("INFO", "foo")):
        mine, theirs = oracle.run(*args)
        a, b = decode(mine).decode(), decode(theirs).decode()
        heads = lambda t: [l for l in t.split("\r\n") if l.startswith("# ")]  # noqa: E731
        assert [h for h in heads(a) if h != "# Latencystats"] == [h for h in heads(b) if h != "# Latencystats"]
        assert a.endswith("\r\n") == b.endswith("\r\n")
    mine, theirs = oracle.run("INFO", "keyspace")
    ka = decode(mine).decode().split("\r\n")[1]
    kb = decode(theirs).decode().split("\r\n")[1]
    assert ka.startswith(kb)    # 7.4 appends ",subexpiry=0"
    mine, theirs = oracle.run("INFO", "commandstats")
    la = [l.split(":")[0] for l in decode(mine).decode().split("\r\n")[1:] if l]
    lb = [l.split(":")[0] for l in decode(theirs).decode().split("\r\n")[1:] if l]
    assert sorted(la) == sorted(lb)


def test_slowlog_entry_shape(oracle):
    oracle.same("CONFIG", "SET", "slowlog-log-slower-than", "0")
    oracle.same("SET", "k", "v")
    mine, theirs = oracle.run("SLOWLOG", "GET", "1")
    a, b = decode(mine)[0], decode(theirs)[0]
    assert [type(x) for x in a] == [type(x) for x in b]
    assert a[3] == b[3] == [b"SET", b"k", b"v"]


def test_commandstats_count_rejected_and_failed_calls(oracle):
    # A refusal after the command was looked up (arity, wrong subcommand arity) counts as
    # rejected_calls; an error from the handler itself as failed_calls.
    oracle.same("CONFIG", "RESETSTAT")
    oracle.same("GET", "a", "b")
    oracle.same("CONFIG", "GET")
    oracle.same("SET", "s", "x")
    oracle.same("INCR", "s")
    oracle.same("CLIENT", "NOSUCH")
    mine, theirs = oracle.run("INFO", "commandstats")

    def counts(raw):
        out = {}
        for line in decode(raw).decode().split("\r\n")[1:]:
            if line:
                name, fields = line.split(":", 1)
                f = dict(kv.split("=") for kv in fields.split(","))
                out[name] = (f["calls"], f["rejected_calls"], f["failed_calls"])
        return out

    a, b = counts(mine), counts(theirs)
    for name in ("cmdstat_get", "cmdstat_config|get", "cmdstat_incr", "cmdstat_set"):
        assert a[name] == b[name], name
