"""Random command sequences on a couple of sorted sets, engine vs real redis-server."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

KEYS = st.sampled_from(["k1", "k2"])
MEMBERS = st.sampled_from(["a", "b", "c", "d", "e", "aa", "ab", ""])
SCORES = st.one_of(st.sampled_from(["1", "-1", "0", "-0", "2.5", "inf", "-inf", "+inf", "1e3", "0.1", "0.2",
                                    "3", "x", "1e400"]),
                   st.integers(-5, 5).map(str))
BOUNDS = st.one_of(SCORES, SCORES.map(lambda s: "(" + s))
LEX = st.one_of(st.sampled_from(["-", "+"]), MEMBERS.map(lambda m: "[" + m), MEMBERS.map(lambda m: "(" + m))
OPTS = st.lists(st.sampled_from(["NX", "XX", "GT", "LT", "CH", "INCR"]), max_size=3, unique=True)

zadd = st.builds(lambda k, o, pairs: ["ZADD", k, *o, *[x for p in pairs for x in p]],
                 KEYS, OPTS, st.lists(st.tuples(SCORES, MEMBERS), min_size=1, max_size=3))
zincrby = st.builds(lambda k, sc, m: ["ZINCRBY", k, sc, m], KEYS, SCORES, MEMBERS)
zrem = st.builds(lambda k, ms: ["ZREM", k, *ms], KEYS, st.lists(MEMBERS, min_size=1, max_size=3))
rank_range = st.builds(lambda k, a, b, rev, ws: ["ZRANGE", k, str(a), str(b)] + rev + ws,
                       KEYS, st.integers(-6, 6), st.integers(-6, 6), st.sampled_from([[], ["REV"]]),
                       st.sampled_from([[], ["WITHSCORES"]]))
score_range = st.builds(lambda k, a, b, rev, lim, ws: ["ZRANGE", k, a, b, "BYSCORE"] + rev + lim + ws,
                        KEYS, BOUNDS, BOUNDS, st.sampled_from([[], ["REV"]]),
                        st.sampled_from([[], ["LIMIT", "1", "2"], ["LIMIT", "0", "-1"]]),
                        st.sampled_from([[], ["WITHSCORES"]]))
lex_range = st.builds(lambda k, a, b, rev: ["ZRANGE", k, a, b, "BYLEX"] + rev, KEYS, LEX, LEX,
                      st.sampled_from([[], ["REV"]]))
zrank = st.builds(lambda c, k, m: [c, k, m], st.sampled_from(["ZRANK", "ZREVRANK"]), KEYS, MEMBERS)
zcount = st.builds(lambda k, a, b: ["ZCOUNT", k, a, b], KEYS, BOUNDS, BOUNDS)
zlexcount = st.builds(lambda k, a, b: ["ZLEXCOUNT", k, a, b], KEYS, LEX, LEX)
zpop = st.builds(lambda c, k, n: [c, k] + n, st.sampled_from(["ZPOPMIN", "ZPOPMAX"]), KEYS,
                 st.sampled_from([[], ["1"], ["2"], ["0"]]))
misc = st.builds(lambda c, k: [c, k], st.sampled_from(["ZCARD", "OBJECT ENCODING"]), KEYS).map(
    lambda a: a[0].split() + a[1:])
store = st.builds(lambda c, w: [c, "k2", "2", "k1", "k2"] + w,
                  st.sampled_from(["ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"]), st.sampled_from([[], ["AGGREGATE", "MAX"]]))

COMMANDS = st.one_of(zadd, zadd, zincrby, zrem, rank_range, score_range, lex_range, zrank, zcount,
                     zlexcount, zpop, misc, store)


def _same_scores(oracle, key) -> bool:
    scores = oracle.engine.run("ZRANGE", key, "0", "-1", "WITHSCORES")[1::2]
    return len(set(scores)) <= 1


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(COMMANDS, min_size=1, max_size=25))
def test_random_sequences(oracle, cmds):
    oracle.run("FLUSHALL")
    oracle.engine.keyspace.dbs[0].flush()
    for cmd in cmds:
        if cmd[0] == "ZDIFFSTORE" and "AGGREGATE" in cmd:
            cmd = cmd[:5]
        if ("BYLEX" in cmd or cmd[0] == "ZLEXCOUNT") and not _same_scores(oracle, cmd[1]):
            # Redis leaves lex ranges over unequal scores unspecified: run, don't compare.
            oracle.run(*cmd)
            continue
        oracle.same(*cmd, floats=True)
    oracle.same("ZRANGE", "k1", "0", "-1", "WITHSCORES", floats=True)
    oracle.same("ZRANGE", "k2", "0", "-1", "WITHSCORES", floats=True)
