"""Sorted sets of thousands of members against a real redis-server.

The other zset compat tests use small sets, which the engine keeps in one block of its
ScoreList; these cross many blocks (and split, merge and drop them), including runs
of equal scores and of equal-score lex ranges that span blocks, and long runs of
reads or of writes (which switch the rank index the engine keeps).
"""
import random

import pytest

from redislab.engine.datatypes import scorelist


def _fill(oracle, key, pairs):
    for i in range(0, len(pairs), 500):
        oracle.same("ZADD", key, *[x for sc, m in pairs[i:i + 500] for x in (sc, m)])


def _random_command(rnd, key, members, lex_key):
    """One read or write on ``key`` (mixed scores) or ``lex_key`` (all scores 0)."""
    m = rnd.choice(members)
    k = rnd.randrange(-50, 6000)
    kind = rnd.randrange(16)
    if kind == 0:
        return ["ZADD", key, str(rnd.choice([rnd.randrange(300), rnd.random() * 300, 7])), m]
    if kind == 1:
        return ["ZREM", key, m, rnd.choice(members)]
    if kind == 2:
        return ["ZINCRBY", key, str(rnd.randrange(-3, 4)), m]
    if kind == 3:
        return [rnd.choice(["ZRANK", "ZREVRANK"]), key, m]      # (WITHSCORE: the test server may predate 7.2)
    if kind == 4:
        return ["ZRANGE", key, str(k), str(k + rnd.randrange(0, 40))] + rnd.choice([[], ["REV"], ["WITHSCORES"]])
    if kind == 5:
        lo = rnd.randrange(-5, 300)
        return ["ZRANGE", key, "(%d" % lo, str(lo + rnd.randrange(0, 4)), "BYSCORE", "LIMIT",
                str(rnd.randrange(0, 5)), str(rnd.randrange(1, 30))] + rnd.choice([[], ["WITHSCORES"]])
    if kind == 6:
        lo = rnd.randrange(-5, 300)
        return ["ZRANGE", key, str(lo + 3), "(%d" % lo, "BYSCORE", "REV", "LIMIT", "0", "20"]
    if kind == 7:
        return ["ZCOUNT", key, str(rnd.randrange(0, 300)), "(%d" % rnd.randrange(0, 300)]
    if kind == 8:
        a, b = sorted([rnd.choice(members), rnd.choice(members)])
        return ["ZRANGE", lex_key, "[" + a, "(" + b, "BYLEX", "LIMIT", "0", str(rnd.randrange(1, 50))]
    if kind == 9:
        a, b = sorted([rnd.choice(members), rnd.choice(members)])
        return ["ZRANGE", lex_key, "[" + b, "(" + a, "BYLEX", "REV", "LIMIT", "1", "30"]
    if kind == 10:
        a, b = sorted([rnd.choice(members), rnd.choice(members)])
        return ["ZLEXCOUNT", lex_key, "(" + a, "[" + b]
    if kind == 11:
        return [rnd.choice(["ZRANK", "ZREVRANK"]), lex_key, m]
    if kind == 12:
        return [rnd.choice(["ZPOPMIN", "ZPOPMAX"]), rnd.choice([key, lex_key]), str(rnd.randrange(1, 4))]
    if kind == 13:
        return ["ZADD", lex_key, "0", m + rnd.choice(["", "x", "\x00"])]
    if kind == 14:
        return ["ZREMRANGEBYRANK", key, str(k), str(k + rnd.randrange(0, 3))]
    return ["ZMSCORE", key, m, rnd.choice(members)]


@pytest.mark.parametrize("seed,load", [(1, None), (2, None), (3, 8)])
def test_thousands_of_members_random_commands(oracle, monkeypatch, seed, load):
    if load:        # tiny blocks: thousands of splits, merges and index rebuilds
        monkeypatch.setattr(scorelist, "LOAD", load)
    rnd = random.Random(seed)
    members = ["m%05d" % i for i in range(6000)]
    # Scores from a small range: long runs of equal scores, some spanning blocks.
    pairs = [(str(rnd.randrange(300)), m) for m in members]
    _fill(oracle, "z", pairs)
    _fill(oracle, "lex", [("0", m) for m in members])
    oracle.same("OBJECT", "ENCODING", "z")
    for _ in range(600):
        oracle.same(*_random_command(rnd, "z", members, "lex"), floats=True)
    # Long runs of one kind: many rank reads, then many writes, then reads again.
    for m in rnd.sample(members, 400):
        oracle.same("ZRANK", "z", m)
    for m in rnd.sample(members, 400):
        oracle.same("ZADD", "z", str(rnd.randrange(300)), m)
    for m in rnd.sample(members, 300):
        oracle.same("ZREVRANK", "z", m)
        oracle.same("ZRANGE", "z", str(rnd.randrange(6000)), str(rnd.randrange(6000)))
    oracle.same("ZRANGE", "z", "0", "-1", "WITHSCORES", floats=True)
    oracle.same("ZRANGE", "lex", "0", "-1")


def test_big_removals_and_rebuilds(oracle):
    rnd = random.Random(7)
    members = ["m%05d" % i for i in range(5000)]
    _fill(oracle, "z", [(str(i // 3), m) for i, m in enumerate(members)])
    for cmd in (["ZREMRANGEBYRANK", "z", "100", "180"], ["ZREMRANGEBYSCORE", "z", "500", "(900"],
                ["ZREMRANGEBYRANK", "z", "1000", "3500"],           # most of the set: rebuilt
                ["ZREMRANGEBYSCORE", "z", "-inf", "(10"], ["ZREMRANGEBYRANK", "z", "-50", "-1"]):
        oracle.same(*cmd)
        oracle.same("ZCARD", "z")
        for m in rnd.sample(members, 40):
            oracle.same("ZRANK", "z", m)
    _fill(oracle, "lex", [("0", m) for m in members])
    oracle.same("ZREMRANGEBYLEX", "lex", "[m01000", "(m04000")
    oracle.same("ZRANGE", "lex", "990", "1010")
    oracle.same("ZRANGE", "z", "0", "-1", "WITHSCORES", floats=True)
    # Pop everything from both ends, a few at a time.
    while oracle.same("ZCARD", "z"):
        oracle.same(rnd.choice(["ZPOPMIN", "ZPOPMAX"]), "z", str(rnd.randrange(1, 200)), floats=True)
    oracle.same("EXISTS", "z")
