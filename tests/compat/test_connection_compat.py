from tests.support.realredis import decode


def test_hello_errors_same(oracle):
    oracle.same("HELLO", "4")
    oracle.same("HELLO", "x")
    oracle.same("HELLO", "2", "foo")
    oracle.same("HELLO", "2", "AUTH", "a")
    oracle.same("HELLO", "2", "AUTH", "a", "b")
    oracle.same("HELLO", "2", "SETNAME", "a b")


def test_hello_reply_structure(oracle):
    for args in (("HELLO",), ("HELLO", "3"), ("HELLO", "2", "SETNAME", "x")):
        mine, theirs = oracle.run(*args)
        a, b = decode(mine), decode(theirs)
        if isinstance(a, list):
            a, b = dict(zip(a[::2], a[1::2])), dict(zip(b[::2], b[1::2]))
        assert a.keys() == b.keys()
        for k in (b"server", b"proto", b"mode", b"role"):
            assert a[k] == b[k]
        assert a[b"version"] == b"7.4.0"
        # The Stack modules are built in (MODULE LIST names them); a stock 7.0 has none.
        assert b[b"modules"] == []
        assert sorted(m[b"name"] if isinstance(m, dict) else m[1] for m in a[b"modules"]) == \
            sorted(name.encode() for name, _ in __import__("redislab.modules", fromlist=["LOADED"]).LOADED)


def test_auth_same(oracle):
    oracle.same("AUTH", "x")
    oracle.same("AUTH", "a", "b")
    oracle.same("AUTH", "default", "x")
    oracle.same("AUTH", "a", "b", "c")


def test_auth_with_requirepass_same(oracle):
    oracle.same("CONFIG", "SET", "requirepass", "pw")
    try:
        oracle.same("AUTH", "nope")
        oracle.same("AUTH", "pw")
        oracle.same("AUTH", "default", "pw")
        c2 = oracle.client()
        c2.same("GET", "k")
        c2.same("HELLO", "3")
        c2.same("AUTH", "pw")
        c2.same("GET", "k")
    finally:
        # The fixture's own clean-up connection could not log in, so undo it here.
        oracle.same("CONFIG", "SET", "requirepass", "")


def test_client_simple_same(oracle):
    oracle.same("CLIENT", "SETNAME", "a b")
    oracle.same("CLIENT", "SETNAME", "")
    oracle.same("CLIENT", "GETNAME")
    oracle.same("CLIENT", "SETNAME", "foo")
    oracle.same("CLIENT", "GETNAME")
    oracle.same("CLIENT", "LIST", "TYPE", "foo")
    oracle.same("CLIENT", "LIST", "ID", "abc")
    oracle.same("CLIENT", "LIST", "ID")
    oracle.same("CLIENT", "LIST", "ID", "999999")
    oracle.same("CLIENT", "KILL", "1.2.3.4:5")
    oracle.same("CLIENT", "KILL", "ID", "999999")
    oracle.same("CLIENT", "KILL", "ID", "abc")
    oracle.same("CLIENT", "KILL", "foo", "bar")
    oracle.same("CLIENT", "KILL", "TYPE", "foo")
    oracle.same("CLIENT", "KILL", "SKIPME", "x")
    oracle.same("CLIENT", "KILL", "USER", "nobody")
    oracle.same("CLIENT", "KILL", "ADDR", "1.1.1.1:1")
    oracle.same("CLIENT", "NO-EVICT", "x")
    oracle.same("CLIENT", "NO-EVICT", "on")
    oracle.same("CLIENT", "NO-EVICT", "off")
    oracle.same("CLIENT", "REPLY", "foo")
    oracle.same("CLIENT", "REPLY", "ON")
    oracle.same("CLIENT", "PAUSE")
    oracle.same("CLIENT", "PAUSE", "x")
    oracle.same("CLIENT", "PAUSE", "-1")
    oracle.same("CLIENT", "PAUSE", "10", "foo")
    oracle.same("CLIENT", "PAUSE", "0", "WRITE")
    oracle.same("CLIENT", "UNPAUSE")
    oracle.same("CLIENT", "FOO")
    oracle.same("CLIENT")


def test_client_list_fields(oracle):
    mine, theirs = oracle.run("CLIENT", "INFO")
    a = [kv.split(b"=")[0] for kv in decode(mine).split()]
    b = [kv.split(b"=")[0] for kv in decode(theirs).split()]
    # 7.4 adds watch= (7.4) and lib-name= / lib-ver= (7.2) to the 7.0 line.
    assert [f for f in a if f not in (b"watch", b"lib-name", b"lib-ver")] == b
    assert a[-2:] == [b"lib-name", b"lib-ver"] and a[a.index(b"multi") + 1] == b"watch"


def test_reset_same(oracle):
    oracle.same("SELECT", "2")
    oracle.same("MULTI")
    oracle.same("RESET")
    oracle.same("EXEC")
    oracle.same("CLIENT", "GETNAME")
    oracle.same("PING")
