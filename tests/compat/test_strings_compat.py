"""SET/GET families and MSET/MGET against a real redis-server."""
import pytest

from redislab.engine import registry


class _FakeHash:
    TYPE = "hash"


def nonstring(o, key="h"):
    """Make ``key`` hold a hash on both sides (any non-string does for WRONGTYPE)."""
    if registry.lookup("hset") is not None:
        o.same("HSET", key, "f", "v")
    else:
        o.engine.keyspace.dbs[0].data[key.encode()] = _FakeHash()
        o.conn.command("HSET", key, "f", "v")


def ttl(o, key):
    """TTL on both sides, when the engine has it (another module provides TTL)."""
    if registry.lookup("ttl") is None:
        pytest.skip("TTL not in the engine yet")
    return o.same("TTL", key)


# ------------------------------------------------------------------ SET options

SET_OPTION_CASES = [
    (), ("NX",), ("XX",), ("GET",), ("NX", "GET"), ("XX", "GET"), ("nx",), ("get",),
    ("NX", "XX"), ("XX", "NX"), ("NX", "NX"), ("XX", "XX"), ("GET", "GET"),
    ("EX", "100"), ("PX", "100000"), ("ex", "100"), ("KEEPTTL",), ("keepttl",),
    ("EX", "10", "PX", "10"), ("PX", "10", "EX", "10"), ("EX", "10", "EX", "100"),
    ("KEEPTTL", "EX", "10"), ("EX", "10", "KEEPTTL"), ("KEEPTTL", "KEEPTTL"),
    ("EXAT", "10", "PXAT", "10"), ("EX", "10", "EXAT", "99999999999"),
    ("EX",), ("PX",), ("EXAT",), ("PXAT",), ("EX", "10", "EX"),
    ("EX", "0"), ("EX", "-1"), ("PX", "0"), ("PX", "-5"), ("EXAT", "0"), ("PXAT", "0"),
    ("EX", "abc"), ("EX", "1.5"), ("EX", " 1"), ("EX", "+1"), ("EX", "01"),
    ("EX", "abc", "EX", "100"), ("EX", "0", "FOO"), ("EX", "abc", "NX", "XX"),
    ("EX", "9223372036854775807"), ("EX", "9223372036854775"), ("EX", "9223372036854776"),
    ("PX", "9223372036854775807"), ("PX", "9223372036854775808"),
    ("EXAT", "9223372036854775"), ("EXAT", "9223372036854776"), ("PXAT", "9223372036854775807"),
    ("FOO",), ("NX", "FOO"), ("PERSIST",), ("GET", "KEEPTTL", "XX"),
    ("NX", "GET", "EX", "100"), ("XX", "KEEPTTL", "GET"), ("NXX",), ("N",), ("",),
    ("GE",), ("GETT",), ("EXX", "1"), ("KEEPTTLX",),
]


@pytest.mark.parametrize("opts", SET_OPTION_CASES, ids=lambda t: " ".join(t) or "none")
@pytest.mark.parametrize("existing", [None, "old", "hash"])
def test_set_option_matrix(oracle, opts, existing):
    if existing == "old":
        oracle.same("SET", "k", "old")
    elif existing == "hash":
        nonstring(oracle, "k")
    oracle.same("SET", "k", "new", *opts)
    oracle.same("GET", "k")


def test_set_keepttl_and_ttl_drop(oracle):
    oracle.same("SET", "k", "v", "EX", "100")
    oracle.same("SET", "k", "w", "KEEPTTL")
    ttl(oracle, "k")
    oracle.same("SET", "k", "x")
    ttl(oracle, "k")
    oracle.same("SET", "k", "v", "PX", "100000", "GET")
    ttl(oracle, "k")
    oracle.same("SET", "k", "v", "EXAT", "99999999999", "XX", "GET")
    ttl(oracle, "k")
    oracle.same("SET", "k", "v", "PXAT", "99999999999000")
    ttl(oracle, "k")


def test_set_past_absolute_time_expires(oracle):
    oracle.same("SET", "k", "v", "EXAT", "1")
    oracle.same("GET", "k")
    oracle.same("SET", "k", "v", "PXAT", "1", "GET")
    oracle.same("SET", "k", "v", "EXAT", "1", "GET")


def test_set_binary_and_empty(oracle):
    oracle.same("SET", b"k\x00\xff", b"\x00\r\n\xff")
    oracle.same("GET", b"k\x00\xff")
    oracle.same("SET", "", "")
    oracle.same("GET", "")
    oracle.same("SET", "k", "v", b"NX\x00junk")


def test_get(oracle):
    oracle.same("GET", "missing")
    oracle.same("SET", "n", "123")
    oracle.same("GET", "n")
    nonstring(oracle)
    oracle.same("GET", "h")
    oracle.same("GET")
    oracle.same("GET", "a", "b")
    oracle.same("get", "n")


def test_set_arity(oracle):
    oracle.same("SET")
    oracle.same("SET", "k")


# ---------------------------------------------------------------- SETNX/SETEX

def test_setnx(oracle):
    oracle.same("SETNX", "k", "1")
    oracle.same("SETNX", "k", "2")
    oracle.same("GET", "k")
    nonstring(oracle)
    oracle.same("SETNX", "h", "x")
    oracle.same("SETNX", "k")


@pytest.mark.parametrize("cmd", ["SETEX", "PSETEX"])
@pytest.mark.parametrize("t", ["100000", "0", "-1", "abc", "1.5", "9223372036854775807",
                               "9223372036854776", "9223372036854775"])
def test_setex_psetex(oracle, cmd, t):
    oracle.same(cmd, "k", t, "v")
    oracle.same("GET", "k")


def test_setex_replaces_other_types(oracle):
    nonstring(oracle)
    oracle.same("SETEX", "h", "100", "v")
    oracle.same("GET", "h")
    ttl(oracle, "h")
    oracle.same("SETEX", "h", "100")


# ---------------------------------------------------------- GETSET/GETDEL/GETEX

def test_getset(oracle):
    oracle.same("GETSET", "k", "a")
    oracle.same("GETSET", "k", "b")
    oracle.same("SET", "k", "c", "EX", "100")
    oracle.same("GETSET", "k", "d")
    ttl(oracle, "k")
    nonstring(oracle)
    oracle.same("GETSET", "h", "x")
    oracle.same("GETSET", "k")


def test_getdel(oracle):
    oracle.same("GETDEL", "k")
    oracle.same("SET", "k", "v")
    oracle.same("GETDEL", "k")
    oracle.same("GETDEL", "k")
    oracle.same("GET", "k")
    nonstring(oracle)
    oracle.same("GETDEL", "h")
    oracle.same("GETDEL", "h", "x")


GETEX_CASES = [
    (), ("EX", "100"), ("PX", "100000"), ("EXAT", "99999999999"), ("PXAT", "99999999999000"),
    ("PERSIST",), ("persist",), ("ex", "100"),
    ("EX", "0"), ("EX", "-1"), ("PX", "0"), ("EX", "abc"), ("EX",), ("PERSIST", "EX", "10"),
    ("EX", "10", "PERSIST"), ("EX", "10", "PX", "10"), ("EX", "10", "EX", "100"),
    ("PERSIST", "PERSIST"), ("NX",), ("XX",), ("GET",), ("KEEPTTL",), ("FOO",),
    ("EX", "9223372036854776"), ("PX", "9223372036854775807"), ("EXAT", "1"), ("PXAT", "1"),
    ("EXAT", "0"), ("EX", "abc", "EX", "5"),
]


@pytest.mark.parametrize("opts", GETEX_CASES, ids=lambda t: " ".join(t) or "none")
@pytest.mark.parametrize("existing", [None, "ttl", "plain", "hash"])
def test_getex_matrix(oracle, opts, existing):
    if existing == "ttl":
        oracle.same("SET", "k", "v", "EX", "500")
    elif existing == "plain":
        oracle.same("SET", "k", "v")
    elif existing == "hash":
        nonstring(oracle, "k")
    oracle.same("GETEX", "k", *opts)
    if existing in ("ttl", "plain"):
        oracle.same("GET", "k")
        ttl(oracle, "k")


def test_getex_arity(oracle):
    oracle.same("GETEX")


# ----------------------------------------------------------------- MSET/MGET

def test_mset_mget(oracle):
    oracle.same("MSET", "a", "1", "b", "2", "a", "3")
    oracle.same("MGET", "a", "b", "c")
    nonstring(oracle)
    oracle.same("MGET", "h", "a", "h")
    oracle.same("MSET", "a")
    oracle.same("MSET", "a", "1", "b")
    oracle.same("MSET")
    oracle.same("MGET")
    oracle.same("SET", "t", "v", "EX", "100")
    oracle.same("MSET", "t", "w", "h", "x")
    ttl(oracle, "t")
    oracle.same("MGET", "t", "h")


def test_msetnx(oracle):
    oracle.same("MSETNX", "a", "1", "b", "2")
    oracle.same("MSETNX", "b", "3", "c", "4")
    oracle.same("MGET", "a", "b", "c")
    oracle.same("MSETNX", "x", "1", "x", "2")
    oracle.same("GET", "x")
    nonstring(oracle)
    oracle.same("MSETNX", "h", "1", "y", "2")
    oracle.same("MGET", "y")
    oracle.same("MSETNX", "a", "1", "b")
    oracle.same("MSETNX", "a")


def resp3(o):
    """Switch both sides to RESP3 (HELLO's own reply differs: version, client id)."""
    o.run("HELLO", "3")


def test_resp3_replies(oracle):
    resp3(oracle)
    oracle.same("GET", "missing")
    oracle.same("SET", "k", "v", "XX")
    oracle.same("MGET", "k", "missing")
    oracle.same("GETEX", "missing")
    oracle.same("SET", "k", "v", "GET")
