"""Set commands compared byte for byte with a real redis-server (7.0).

Integer-only sets are intsets in both versions and come back sorted, so they are
compared exactly; string sets are hashtables in 7.0 (listpack in 7.4), compared as
multisets."""


def test_basic_intset(oracle):
    o = oracle
    o.same("SADD", "s", "5", "-3", "10", "5", "0")
    o.same("SMEMBERS", "s")
    o.same("OBJECT", "ENCODING", "s")
    o.same("SADD", "s", "-0", "+1", "01")     # not canonical integers: converts
    o.same("SMEMBERS", "s", unordered=True)
    o.same("SCARD", "s")
    o.same("SISMEMBER", "s", "5")
    o.same("SISMEMBER", "s", "6")
    o.same("SISMEMBER", "nokey", "6")
    o.same("SMISMEMBER", "s", "5", "6", "-0")
    o.same("SMISMEMBER", "nokey", "5", "6")
    o.same("SMEMBERS", "nokey")
    o.same("SCARD", "nokey")


def test_srem_and_removal(oracle):
    o = oracle
    o.same("SADD", "s", "1", "2", "3")
    o.same("SREM", "s", "2", "9", "2")
    o.same("SMEMBERS", "s")
    o.same("SREM", "nokey", "1")
    o.same("SREM", "s", "1", "3")
    o.same("EXISTS", "s")


def test_wrongtype_and_arity(oracle):
    o = oracle
    o.same("SET", "str", "v")
    o.same("SADD", "s", "a")
    for cmd in (("SADD", "str", "a"), ("SREM", "str", "a"), ("SMEMBERS", "str"),
                ("SISMEMBER", "str", "a"), ("SMISMEMBER", "str", "a"), ("SCARD", "str"),
                ("SPOP", "str"), ("SPOP", "str", "0"), ("SRANDMEMBER", "str"),
                ("SRANDMEMBER", "str", "0"), ("SMOVE", "str", "s", "a"), ("SMOVE", "s", "str", "a"),
                ("SINTER", "s", "str"), ("SINTER", "nokey", "str"), ("SUNION", "s", "str"),
                ("SDIFF", "nokey", "str"), ("SINTERSTORE", "d", "s", "str"),
                ("SUNIONSTORE", "d", "str"), ("SDIFFSTORE", "d", "s", "str"),
                ("SINTERCARD", "2", "s", "str"), ("SSCAN", "str", "0"),
                ("SADD", "s"), ("SREM", "s"), ("SMISMEMBER", "s"), ("SINTERSTORE", "d"),
                ("SMOVE", "s", "d"), ("SPOP", "s", "1", "2"), ("SRANDMEMBER", "s", "1", "2")):
        o.same(*cmd)
    o.same("SMOVE", "nokey", "str", "a")        # missing source wins over a bad destination


def test_spop(oracle):
    o = oracle
    o.same("SPOP", "nokey")
    o.same("SPOP", "nokey", "3")
    o.same("SADD", "s", "1", "2", "3", "4")
    o.same("SPOP", "s", "0")
    o.same("SPOP", "s", "-1")
    o.same("SPOP", "s", "x")
    o.same("SPOP", "s", "10")            # whole intset, sorted, key removed
    o.same("EXISTS", "s")
    o.same("SADD", "s", "1", "2", "3", "4", "5")
    mine, theirs = o.run("SPOP", "s", "2")
    assert mine.startswith(b"*2\r\n") and theirs.startswith(b"*2\r\n")
    o.same("SCARD", "s")
    mine, theirs = o.run("SPOP", "s")
    assert mine.startswith(b"$1\r\n") and theirs.startswith(b"$1\r\n")
    o.same("SCARD", "s")


def test_spop_resp3(oracle):
    o = oracle
    o.session.resp = 3
    o.conn.command("HELLO", "3")
    o.same("SPOP", "nokey", "2")
    o.same("SADD", "s", "1", "2")
    o.same("SPOP", "s", "0")
    o.same("SMEMBERS", "s")
    o.same("SINTER", "s", "s")
    o.same("SUNION", "s", "nokey")
    o.same("SDIFF", "s", "nokey")
    o.same("SDIFF", "nokey", "s")
    o.same("SPOP", "s", "5")
    o.same("SMEMBERS", "nokey")


def test_srandmember(oracle):
    o = oracle
    o.same("SRANDMEMBER", "nokey")
    o.same("SRANDMEMBER", "nokey", "3")
    o.same("SRANDMEMBER", "nokey", "-3")
    o.same("SADD", "s", "3", "1", "2")
    o.same("SRANDMEMBER", "s", "0")
    o.same("SRANDMEMBER", "s", "3")      # whole intset, sorted
    o.same("SRANDMEMBER", "s", "100")
    o.same("SRANDMEMBER", "s", "x")
    o.same("SRANDMEMBER", "s", "-9223372036854775808")
    # A negative count returns exactly |count| picks, repeats allowed, even past the size.
    mine, theirs = o.run("SRANDMEMBER", "s", "-10")
    assert mine.startswith(b"*10\r\n") and theirs.startswith(b"*10\r\n")
    mine, theirs = o.run("SRANDMEMBER", "s", "2")
    assert mine.startswith(b"*2\r\n") and theirs.startswith(b"*2\r\n")
    o.same("SCARD", "s")


def test_smove(oracle):
    o = oracle
    o.same("SADD", "a", "1", "2")
    o.same("SADD", "b", "x")
    o.same("SMOVE", "a", "b", "1")
    o.same("SMOVE", "a", "b", "9")
    o.same("SMOVE", "a", "a", "2")
    o.same("SMOVE", "a", "a", "9")
    o.same("SMOVE", "a", "c", "2")
    o.same("EXISTS", "a")
    o.same("SMEMBERS", "c")
    o.same("OBJECT", "ENCODING", "c")
    o.same("SMEMBERS", "b", unordered=True)
    o.same("SMOVE", "b", "c", "1")
    o.same("SMEMBERS", "c")


def test_algebra_ints(oracle):
    o = oracle
    o.same("SADD", "a", "1", "2", "3", "4", "5")
    o.same("SADD", "b", "4", "5", "6")
    o.same("SADD", "c", "5", "7", "1")
    o.same("SINTER", "a", "b")
    o.same("SINTER", "a", "b", "c")
    o.same("SINTER", "a", "nokey")
    o.same("SINTER", "a")
    o.same("SUNION", "a", "b", "c")
    o.same("SUNION", "nokey")
    o.same("SDIFF", "a", "b", "c")
    o.same("SDIFF", "a", "nokey")
    o.same("SDIFF", "nokey", "a")
    o.same("SINTERSTORE", "d", "a", "b")
    o.same("SMEMBERS", "d")
    o.same("OBJECT", "ENCODING", "d")
    o.same("SUNIONSTORE", "d", "a", "b", "c")
    o.same("SMEMBERS", "d")
    o.same("SDIFFSTORE", "d", "a", "c")
    o.same("SMEMBERS", "d")
    o.same("SET", "d2", "string")
    o.same("EXPIRE", "d2", "100")
    o.same("SINTERSTORE", "d2", "a", "c")
    o.same("TTL", "d2")                  # a stored result replaces the key and its TTL
    o.same("SINTERSTORE", "d", "a", "nokey")
    o.same("EXISTS", "d")
    o.same("SUNIONSTORE", "d", "a")
    o.same("SDIFFSTORE", "d", "a", "a")  # empty result deletes the destination
    o.same("EXISTS", "d")
    o.same("SINTERSTORE", "a", "a", "b")  # destination may be a source
    o.same("SMEMBERS", "a")


def test_algebra_strings(oracle):
    o = oracle
    o.same("SADD", "a", "x", "y", "z", "1")
    o.same("SADD", "b", "y", "z", "w")
    o.same("SINTER", "a", "b", unordered=True)
    o.same("SUNION", "a", "b", unordered=True)
    o.same("SDIFF", "a", "b", unordered=True)
    o.same("SUNIONSTORE", "u", "a", "b")
    o.same("SCARD", "u")


def test_sintercard(oracle):
    o = oracle
    o.same("SADD", "a", "1", "2", "3", "4")
    o.same("SADD", "b", "2", "3", "4", "5")
    o.same("SINTERCARD", "2", "a", "b")
    o.same("SINTERCARD", "2", "a", "b", "LIMIT", "2")
    o.same("SINTERCARD", "2", "a", "b", "limit", "0")
    o.same("SINTERCARD", "2", "a", "b", "LIMIT", "10")
    o.same("SINTERCARD", "1", "a")
    o.same("SINTERCARD", "2", "a", "nokey")
    for bad in (("0", "a"), ("-1", "a"), ("x", "a"), ("3", "a", "b"),
                ("2", "a", "b", "LIMIT"), ("2", "a", "b", "LIMIT", "-1"),
                ("2", "a", "b", "LIMIT", "x"), ("2", "a", "b", "FOO", "1"), ("1", "a", "b"),
                ("9223372036854775808", "a")):
        o.same("SINTERCARD", *bad)


def test_sscan(oracle):
    o = oracle
    o.same("SSCAN", "nokey", "0")
    o.same("SSCAN", "nokey", "0", "COUNT", "0")
    o.same("SADD", "s", "30", "10", "20", "11")
    o.same("SSCAN", "s", "0")
    o.same("SSCAN", "s", "0", "MATCH", "1*")
    o.same("SSCAN", "s", "0", "COUNT", "1")
    o.same("SSCAN", "s", "0", "COUNT", "0")
    o.same("SSCAN", "s", "0", "COUNT", "x")
    o.same("SSCAN", "s", "0", "MATCH")
    o.same("SSCAN", "s", "zz")
    o.same("SSCAN", "s", "0", "TYPE", "set")
    for i in range(600):
        o.engine.run("SADD", "big", f"m{i}")
    seen = set()
    cursor = b"0"
    for _ in range(1000):
        cursor, items = o.engine.run("SSCAN", "big", cursor, "COUNT", "50")
        seen.update(items)
        if cursor == b"0":
            break
    assert len(seen) == 600


def test_intset_encoding_limits(oracle):
    o = oracle
    o.same("SADD", "s", *[str(i) for i in range(512)])
    o.same("OBJECT", "ENCODING", "s")
    o.same("SADD", "s", "512")
    o.same("OBJECT", "ENCODING", "s")
    o.same("SREM", "s", "512")
    o.same("OBJECT", "ENCODING", "s")
    o.same("SADD", "t", *[str(i) for i in range(513)])
    o.same("OBJECT", "ENCODING", "t")
    o.same("CONFIG", "SET", "set-max-intset-entries", "3")
    o.same("SADD", "u", "1", "2", "3")
    o.same("OBJECT", "ENCODING", "u")
    o.same("SADD", "u", "4")
    o.same("OBJECT", "ENCODING", "u")
    o.same("SADD", "v", "9223372036854775807", "-9223372036854775808")
    o.same("SMEMBERS", "v")
    o.same("SADD", "w", "9223372036854775808")
    o.same("SMEMBERS", "w")
