"""Sorted sets against a real redis-server: writes, point reads, pops, ZRANDMEMBER, ZSCAN."""
import pytest


def run_all(o, cmds, floats=True):
    for c in cmds:
        o.same(*c.split(" ") if isinstance(c, str) else c, floats=floats)


def test_zadd_basic_and_errors(oracle):
    run_all(oracle, [
        "ZADD z 1 a 2 b 3 c", "ZADD z 1 a", "ZADD z 5 a", "ZRANGE z 0 -1 WITHSCORES",
        "ZADD z 1 a 2", "ZADD z", "ZADD z NX", "ZADD z NX XX 1 a", "ZADD z NX XX",
        "ZADD z GT LT 1 a", "ZADD z GT NX 1 a", "ZADD z LT NX 1 a",
        "ZADD z INCR 1 a 2 b", "ZADD z x a", "ZADD z nan a", "ZADD z 1e400 a", "ZADD z 1e-400 a",
        "ZADD z 0x10 hex", "ZADD z 1.5e3 e3", "ZADD z -inf lo +inf hi", "ZADD z .5 half", "ZADD z 5. five",
        "ZADD z INFINITY big", "ZADD z 1 a x", "ZADD z 1 a 1", "ZADD z nx 1",
        "ZRANGE z 0 -1 WITHSCORES", "ZCARD z",
    ])
    oracle.same("ZADD", "z", " 1", "sp")
    oracle.same("ZADD", "z", "1 ", "sp")
    oracle.same("ZADD", "z", "", "empty")
    oracle.same("SET", "s", "x")
    oracle.same("ZADD", "s", "1", "a")
    oracle.same("ZADD", "s", "x", "a")      # score errors come before WRONGTYPE
    oracle.same("ZADD", "s", "XX", "1", "a")


def test_zadd_options(oracle):
    run_all(oracle, [
        "ZADD z XX 1 a", "EXISTS z", "ZADD z XX INCR 1 a", "ZADD z NX 1 a 2 b", "ZADD z NX 5 a 3 c",
        "ZADD z XX CH 10 a 20 zz", "ZADD z CH 10 a 11 b 12 new", "ZADD z GT 5 a", "ZADD z GT CH 50 a",
        "ZADD z LT CH 50 a 1 b", "ZADD z LT 100 newlt", "ZADD z GT 100 newgt",
        "ZADD z INCR 5 a", "ZADD z NX INCR 5 a", "ZADD z XX INCR 5 nope", "ZADD z GT INCR -1 a",
        "ZADD z LT INCR -1 a", "ZADD z GT INCR 0 a", "ZADD z CH INCR 0 a",
        "ZADD z incr ch xx 1 a", "ZRANGE z 0 -1 WITHSCORES",
        "ZADD z INCR +inf a", "ZADD z INCR -inf a", "ZSCORE z a", "ZADD z INCR inf a",
        "ZADD z ch 0 a", "ZADD z -0 zero", "ZSCORE z zero", "ZADD z 0 zero", "ZSCORE z zero",
    ])


def test_zincrby(oracle):
    run_all(oracle, [
        "ZINCRBY z 1 a", "ZINCRBY z 2.5 a", "ZINCRBY z -10 b", "ZINCRBY z x a", "ZINCRBY z 1",
        "ZINCRBY z inf a", "ZINCRBY z -inf a", "ZSCORE z a", "ZINCRBY z 0.1 c", "ZINCRBY z 0.2 c",
        "ZRANGE z 0 -1 WITHSCORES",
    ])
    oracle.same("SET", "s", "v")
    oracle.same("ZINCRBY", "s", "1", "a")


def test_point_reads(oracle):
    run_all(oracle, [
        "ZADD z 1 a 2 b 2 c 3.5 d", "ZSCORE z a", "ZSCORE z d", "ZSCORE z none", "ZSCORE nokey a",
        "ZMSCORE z a d none", "ZMSCORE nokey a b", "ZMSCORE z", "ZCARD z", "ZCARD nokey",
        "ZRANK z a", "ZRANK z c", "ZRANK z none", "ZRANK nokey a", "ZREVRANK z a", "ZREVRANK z d",
        "ZREVRANK z none", "ZSCORE z", "ZCARD z x",
    ])
    oracle.same("SET", "s", "v")
    for c in ("ZSCORE", "ZRANK", "ZREVRANK", "ZMSCORE"):
        oracle.same(c, "s", "a")
    oracle.same("ZCARD", "s")


def test_zrem(oracle):
    run_all(oracle, [
        "ZADD z 1 a 2 b 3 c", "ZREM z a x", "ZREM z x", "ZREM nokey a", "ZREM z b c d", "EXISTS z", "ZREM z",
        "ZADD z 1 a", "ZREM z a a",
    ])
    oracle.same("SET", "s", "v")
    oracle.same("ZREM", "s", "a")


def test_pops(oracle):
    run_all(oracle, [
        "ZADD z 1 a 2 b 3 c 4 d 5 e 6 f", "ZPOPMIN z", "ZPOPMAX z", "ZPOPMIN z 2", "ZPOPMAX z 1",
        "ZPOPMIN z 0", "ZPOPMIN z -1", "ZPOPMIN z abc", "ZPOPMIN z 1 2", "ZPOPMIN nokey", "ZPOPMIN nokey 3",
        "ZPOPMAX z 10", "EXISTS z", "ZPOPMAX z",
    ])
    oracle.same("SET", "s", "v")
    oracle.same("ZPOPMIN", "s")
    oracle.same("ZPOPMIN", "s", "-1")


def test_zmpop(oracle):
    run_all(oracle, [
        "ZADD z1 1 a 2 b 3 c", "ZADD z2 10 x", "ZMPOP 1 nokey MIN", "ZMPOP 2 nokey z1 MIN",
        "ZMPOP 2 z2 z1 MAX COUNT 5", "ZMPOP 2 z2 z1 max count 2", "ZMPOP 0 z1 MIN", "ZMPOP -1 z1 MIN",
        "ZMPOP x z1 MIN", "ZMPOP 2 z1 MIN", "ZMPOP 1 z1 FOO", "ZMPOP 1 z1 MIN COUNT 0",
        "ZMPOP 1 z1 MIN COUNT x", "ZMPOP 1 z1 MIN COUNT", "ZMPOP 1 z1 MIN COUNT 1 COUNT 1",
        "ZMPOP 1 z1 MIN junk", "ZMPOP 1 z1 MIN", "EXISTS z1",
    ])
    oracle.same("SET", "s", "v")
    oracle.same("ZMPOP", "2", "nokey", "s", "MIN")


def test_blocking_pops_when_data_is_there(oracle):
    run_all(oracle, [
        "ZADD z 1 a 2 b 3 c", "BZPOPMIN nokey z 0", "BZPOPMAX z 0", "BZMPOP 0 2 nokey z MIN COUNT 5",
        "BZPOPMIN z -1", "BZPOPMIN z x", "BZPOPMIN z 1x", "BZMPOP x 1 z MIN", "BZMPOP 0 0 z MIN",
        "BZMPOP 0 1 z MIN COUNT 0", "BZMPOP -1 1 z MIN",
    ])


def test_blocking_in_multi_times_out(oracle):
    run_all(oracle, ["MULTI", "BZPOPMIN nokey 0", "BZMPOP 0 1 nokey MIN", "EXEC"])


def test_zrandmember(oracle):
    run_all(oracle, [
        "ZADD z 1 a 2 b 3 c", "ZRANDMEMBER nokey", "ZRANDMEMBER nokey 5", "ZRANDMEMBER nokey 5 WITHSCORES",
        "ZRANDMEMBER z 0", "ZRANDMEMBER z 3", "ZRANDMEMBER z 10 WITHSCORES", "ZRANDMEMBER z abc",
        "ZRANDMEMBER z 1 WITHSCORES x", "ZRANDMEMBER z 1 FOO", "ZRANDMEMBER z 9223372036854775807 WITHSCORES",
        "ZRANDMEMBER z -9223372036854775807 WITHSCORES", "ZRANDMEMBER z -9223372036854775808",
        "ZRANDMEMBER z 4611686018427387903 WITHSCORES", "ZRANDMEMBER z 4611686018427387904 WITHSCORES",
    ])
    oracle.same("SET", "s", "v")
    oracle.same("ZRANDMEMBER", "s")
    oracle.same("ZRANDMEMBER", "s", "0")
    # Random picks: compare shapes and membership only.
    for args in (("ZRANDMEMBER", "z"), ("ZRANDMEMBER", "z", "2"), ("ZRANDMEMBER", "z", "-5"),
                 ("ZRANDMEMBER", "z", "-5", "WITHSCORES"), ("ZRANDMEMBER", "z", "2", "WITHSCORES")):
        mine, theirs = oracle.run(*args)
        from tests.support.realredis import decode
        a, b = decode(mine), decode(theirs)
        assert type(a) is type(b)
        if isinstance(a, list):
            assert len(a) == len(b)
            members = {b"a", b"b", b"c", b"1", b"2", b"3"}
            assert set(a) <= members
            if "2" in args and "WITHSCORES" not in args:
                assert len(set(a)) == 2


def test_zscan(oracle):
    run_all(oracle, [
        "ZADD z 1 a 2 b 3 c 1.5 ab", "ZSCAN z 0", "ZSCAN z 0 MATCH a*", "ZSCAN z 0 COUNT 1",
        "ZSCAN z 0 COUNT 0", "ZSCAN z 0 COUNT x", "ZSCAN z 0 MATCH", "ZSCAN z 0 FOO bar",
        "ZSCAN z x", "ZSCAN z -1", "ZSCAN nokey 0", "ZSCAN nokey 0 junk", "ZSCAN z 0 match * count 100",
    ])
    oracle.same("ZADD", "z", "5", "")
    oracle.same("ZSCAN", "z", "0", "MATCH", "*")
    oracle.same("SET", "s", "v")
    oracle.same("ZSCAN", "s", "0")


def test_zscan_big_set_visits_everything(oracle):
    members = [f"m{i}" for i in range(300)]
    args = ["ZADD", "big"]
    for i, m in enumerate(members):
        args += [str(i), m]
    oracle.same(*args)
    oracle.same("OBJECT", "ENCODING", "big")
    e = oracle.engine
    s = oracle.session
    seen, cursor = {}, b"0"
    while True:
        cursor, batch = e.execute(s, [b"ZSCAN", b"big", cursor, b"COUNT", b"37"])
        for m, sc in zip(batch[::2], batch[1::2]):
            seen[m] = float(sc)
        if cursor == b"0":
            break
    assert seen == {m.encode(): float(i) for i, m in enumerate(members)}


def test_encodings(oracle):
    run_all(oracle, [
        "ZADD z 1 a", "OBJECT ENCODING z", "CONFIG SET zset-max-listpack-entries 2", "ZADD z 2 b",
        "OBJECT ENCODING z", "ZADD z 3 c", "OBJECT ENCODING z", "ZREM z c b", "OBJECT ENCODING z",
        "ZADD y 1 a 2 b 3 c", "OBJECT ENCODING y", "ZRANGESTORE d y 0 0", "OBJECT ENCODING d",
        "ZUNIONSTORE u 1 y", "OBJECT ENCODING u", "CONFIG SET zset-max-listpack-entries 128",
    ])
    oracle.same("ZADD", "long", "1", "x" * 65)
    oracle.same("OBJECT", "ENCODING", "long")
    oracle.same("ZADD", "long2", "1", "x" * 64)
    oracle.same("OBJECT", "ENCODING", "long2")


@pytest.mark.parametrize("resp", [2, 3])
def test_reply_shapes(oracle, resp):
    oracle.run("HELLO", str(resp))
    run_all(oracle, [
        "ZADD z 1 a 2 b 3 c 4 d 5 e 6 f 7 g", "ZSCORE z a", "ZSCORE z none", "ZMSCORE z a none",
        "ZRANGE z 0 -1 WITHSCORES", "ZRANGE z 0 1", "ZREVRANGE z 0 1 WITHSCORES",
        "ZRANGEBYSCORE z 1 2 WITHSCORES", "ZINCRBY z 1 a", "ZADD z INCR 1 a", "ZADD z NX INCR 1 a",
        "ZPOPMIN z", "ZPOPMIN z 1", "ZPOPMAX z 2", "ZMPOP 1 z MIN COUNT 2", "ZMPOP 1 nokey MIN",
        "ZUNION 1 z WITHSCORES", "ZINTER 1 z WITHSCORES", "ZDIFF 1 z WITHSCORES",
        "ZRANDMEMBER z 100 WITHSCORES", "ZRANDMEMBER nokey", "ZSCAN z 0", "BZPOPMIN z 0",
        "ZRANK nokey a", "ZPOPMIN nokey",
    ])
