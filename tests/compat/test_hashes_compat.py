"""Hash commands compared byte for byte with a real redis-server (7.0)."""
import pytest


def test_hset_hget_family(oracle):
    o = oracle
    o.same("HSET", "h", "a", "1", "b", "2", "c", "3")
    o.same("HSET", "h", "a", "9", "d", "4")
    o.same("HGETALL", "h")            # listpack: insertion order, update in place
    o.same("HKEYS", "h")
    o.same("HVALS", "h")
    o.same("HGET", "h", "a")
    o.same("HGET", "h", "zz")
    o.same("HGET", "nokey", "a")
    o.same("HMGET", "h", "a", "zz", "b")
    o.same("HMGET", "nokey", "a", "b")
    o.same("HMSET", "h", "e", "5")
    o.same("HMSET", "h", "e")
    o.same("HSET", "h", "a")
    o.same("HSET", "h", "a", "1", "b")
    o.same("HSETNX", "h", "a", "x")
    o.same("HSETNX", "h", "new", "x")
    o.same("HSETNX", "h2", "f", "v")
    o.same("HEXISTS", "h", "a")
    o.same("HEXISTS", "h", "zz")
    o.same("HEXISTS", "nokey", "zz")
    o.same("HLEN", "h")
    o.same("HLEN", "nokey")
    o.same("HSTRLEN", "h", "a")
    o.same("HSTRLEN", "h", "zz")
    o.same("HSTRLEN", "nokey", "zz")
    o.same("HGETALL", "nokey")
    o.same("HKEYS", "nokey")
    o.same("HVALS", "nokey")
    o.same("HGETALL", "h")


def test_hdel_removes_key(oracle):
    o = oracle
    o.same("HSET", "h", "a", "1", "b", "2")
    o.same("HDEL", "h", "a", "a", "zz")
    o.same("HDEL", "nokey", "a")
    o.same("HDEL", "h", "b", "c")
    o.same("EXISTS", "h")
    o.same("HDEL", "h")


def test_wrongtype(oracle):
    o = oracle
    o.same("SET", "s", "v")
    for cmd in (("HSET", "s", "a", "1"), ("HSETNX", "s", "a", "1"), ("HGET", "s", "a"),
                ("HMGET", "s", "a"), ("HMSET", "s", "a", "1"), ("HGETALL", "s"), ("HDEL", "s", "a"),
                ("HEXISTS", "s", "a"), ("HLEN", "s"), ("HKEYS", "s"), ("HVALS", "s"),
                ("HSTRLEN", "s", "a"), ("HINCRBY", "s", "a", "1"), ("HINCRBYFLOAT", "s", "a", "1"),
                ("HRANDFIELD", "s"), ("HRANDFIELD", "s", "2"), ("HSCAN", "s", "0")):
        o.same(*cmd)
    # argument errors come before the type check for the counters
    o.same("HINCRBY", "s", "a", "x")
    o.same("HINCRBYFLOAT", "s", "a", "x")
    o.same("HSCAN", "s", "x")


def test_hincrby(oracle):
    o = oracle
    o.same("HINCRBY", "h", "n", "5")
    o.same("HINCRBY", "h", "n", "-7")
    o.same("HINCRBY", "h", "n", "x")
    o.same("HINCRBY", "h", "n", "1.5")
    o.same("HINCRBY", "h", "n", "")
    o.same("HSET", "h", "s", "abc", "big", "9223372036854775807", "sp", " 1", "f", "1.0")
    o.same("HINCRBY", "h", "s", "1")
    o.same("HINCRBY", "h", "sp", "1")
    o.same("HINCRBY", "h", "f", "1")
    o.same("HINCRBY", "h", "big", "1")
    o.same("HINCRBY", "h", "big", "0")
    o.same("HINCRBY", "h", "big", "-1")
    o.same("HSET", "h", "small", "-9223372036854775808")
    o.same("HINCRBY", "h", "small", "-1")
    o.same("HINCRBY", "h", "n", "9223372036854775808")
    o.same("HGETALL", "h")


@pytest.mark.parametrize("start,incr", [
    ("10.5", "0.1"), ("0", "0.1"), ("3", "-3"), ("1.1", "2.2"), ("5.0e3", "2.0e2"),
    ("-0.1", "0.1"), ("1e20", "1"), ("123456789012345678", "1"), ("0.3", "-0.1"),
    ("7", "1e-30"), ("1", "0"), ("-5", "-0.000001"), ("3.0000000000000001", "0"),
])
def test_hincrbyfloat_values(oracle, start, incr):
    oracle.same("HSET", "h", "f", start)
    oracle.same("HINCRBYFLOAT", "h", "f", incr)
    oracle.same("HGET", "h", "f")


def test_hincrbyfloat_errors(oracle):
    o = oracle
    o.same("HINCRBYFLOAT", "h", "f", "1.5")
    o.same("HINCRBYFLOAT", "h", "new", "-2")
    for bad in ("abc", "", " 1", "1 ", "nan", "1e5000", "0x10"):
        o.same("HINCRBYFLOAT", "h", "f", bad)
    o.same("HINCRBYFLOAT", "h", "f", "inf")
    o.same("HINCRBYFLOAT", "h", "f", "-inf")
    o.same("HSET", "h", "s", "abc", "i", "inf", "big", "1e4932")
    o.same("HINCRBYFLOAT", "h", "s", "1")
    o.same("HINCRBYFLOAT", "h", "i", "1")
    o.same("HINCRBYFLOAT", "h", "big", "1e4932")
    o.same("HINCRBYFLOAT", "h", "f", "1e300")
    o.same("OBJECT", "ENCODING", "h")       # a 301-byte value made it a hashtable
    o.same("HGETALL", "h", unordered=True)


def test_hincrbyfloat_parses_like_incrbyfloat(oracle):
    # Both counters read their operands with the same strtold rules: the 5120-char
    # limit, hex floats, and hex values that underflow to zero (refused) or are zero.
    o = oracle
    long_one = "0" * 5118 + "1"
    too_long = "0" * 5119 + "1"
    for start, incr in (("1", long_one), ("1", too_long), ("1", "0x1p-16446"), ("1", "0x0p99999"),
                        ("1", "0x1p-16445"), ("1", "0x1.8p3"), (long_one, "1"), (too_long, "1"),
                        ("0x1p-16446", "1"), ("0x0p99999", "1")):
        o.same("SET", "s", start)
        o.same("HSET", "h", "f", start)
        o.same("INCRBYFLOAT", "s", incr)
        o.same("HINCRBYFLOAT", "h", "f", incr)


def test_hrandfield(oracle):
    o = oracle
    o.same("HRANDFIELD", "nokey")
    o.same("HRANDFIELD", "nokey", "5")
    o.same("HRANDFIELD", "nokey", "-5", "WITHVALUES")
    o.same("HSET", "h", "a", "1", "b", "2", "c", "3")
    o.same("HRANDFIELD", "h", "0")
    o.same("HRANDFIELD", "h", "0", "WITHVALUES")
    o.same("HRANDFIELD", "h", "3")              # whole hash, listpack order
    o.same("HRANDFIELD", "h", "10", "withvalues")
    o.same("HRANDFIELD", "h", "1", "WITHVALUE")
    o.same("HRANDFIELD", "h", "1", "WITHVALUES", "x")
    o.same("HRANDFIELD", "h", "x")
    o.same("HRANDFIELD", "h", "-9223372036854775808")
    o.same("HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES")
    o.same("HRANDFIELD", "h", "4611686018427387904", "WITHVALUES")
    mine, theirs = o.run("HRANDFIELD", "h", "-7")
    assert mine.count(b"\r\n$1\r\n") == 7 == theirs.count(b"\r\n$1\r\n")
    mine, theirs = o.run("HRANDFIELD", "h", "-5", "WITHVALUES")
    assert mine.startswith(b"*10\r\n") and theirs.startswith(b"*10\r\n")
    mine, theirs = o.run("HRANDFIELD", "h", "2")
    assert mine.startswith(b"*2\r\n") and theirs.startswith(b"*2\r\n")


def test_hrandfield_resp3(oracle):
    o = oracle
    o.session.resp = 3
    o.conn.command("HELLO", "3")
    o.same("HSET", "h", "a", "1", "b", "2")
    o.same("HRANDFIELD", "h", "5", "WITHVALUES")
    o.same("HRANDFIELD", "h", "2")
    o.same("HGETALL", "h")
    o.same("HGETALL", "nokey")
    o.same("HRANDFIELD", "nokey", "3", "WITHVALUES")
    mine, theirs = o.run("HRANDFIELD", "h", "-3", "WITHVALUES")
    assert mine.startswith(b"*3\r\n*2\r\n") and theirs.startswith(b"*3\r\n*2\r\n")


def test_hscan_small(oracle):
    o = oracle
    o.same("HSCAN", "nokey", "0")
    o.same("HSCAN", "nokey", "0", "COUNT", "0")     # missing key: options never parsed
    o.same("HSET", "h", "a1", "1", "b1", "2", "a2", "3")
    o.same("HSCAN", "h", "0")
    o.same("HSCAN", "h", "0", "MATCH", "a*")
    o.same("HSCAN", "h", "0", "MATCH", "*", "COUNT", "1")
    o.same("HSCAN", "h", "17", "COUNT", "1")
    o.same("HSCAN", "h", "0", "COUNT", "0")
    o.same("HSCAN", "h", "0", "COUNT", "-1")
    o.same("HSCAN", "h", "0", "COUNT", "x")
    o.same("HSCAN", "h", "0", "COUNT")
    o.same("HSCAN", "h", "0", "MATCH")
    o.same("HSCAN", "h", "0", "TYPE", "hash")
    o.same("HSCAN", "h", "abc")
    o.same("HSCAN", "h", "-1")


def test_hscan_big_complete(oracle):
    o = oracle
    args = []
    for i in range(300):
        args += [f"f{i}", f"v{i}"]
    o.same("HSET", "h", *args)
    seen = {}
    cursor = b"0"
    for _ in range(1000):
        cursor, items = o.engine.run("HSCAN", "h", cursor, "COUNT", "25")
        seen.update(zip(items[::2], items[1::2]))
        if cursor == b"0":
            break
    assert len(seen) == 300 and seen[b"f7"] == b"v7"


def test_encodings(oracle):
    o = oracle
    o.same("HSET", "h", "a", "1")
    o.same("OBJECT", "ENCODING", "h")
    o.same("HSET", "h", "long", "x" * 65)
    o.same("OBJECT", "ENCODING", "h")
    o.same("HDEL", "h", "long")
    o.same("OBJECT", "ENCODING", "h")        # conversion is one way
    o.same("HSET", "h2", "a", "x" * 64)
    o.same("OBJECT", "ENCODING", "h2")
    args = []
    for i in range(129):
        args += [f"f{i}", "v"]
    o.same("HSET", "h3", *args[:256])
    o.same("OBJECT", "ENCODING", "h3")
    o.same("HSET", "h3", *args[256:])
    o.same("OBJECT", "ENCODING", "h3")
    o.same("CONFIG", "SET", "hash-max-listpack-entries", "2")
    o.same("HSET", "h5", "a", "1", "b", "2")
    o.same("OBJECT", "ENCODING", "h5")
    o.same("HINCRBY", "h5", "c", "1")
    o.same("OBJECT", "ENCODING", "h5")
    o.same("HSET", "h6", "k", "1")
    o.same("HINCRBYFLOAT", "h6", "x" * 70, "1")
    o.same("OBJECT", "ENCODING", "h6")
