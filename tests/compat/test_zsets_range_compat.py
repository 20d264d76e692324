"""ZRANGE and friends, counts and ZREMRANGEBY* against a real redis-server."""
import pytest

SETUP = "ZADD z 1 a 2 b 2 c 3 d 4 e 5 f -inf lo +inf hi"
LEX = "ZADD l 0 a 0 b 0 c 0 d 0 e 0 f 0 g 0 aa 0 ab"


def run_all(o, cmds):
    for c in cmds:
        o.same(*c.split(" "), floats=True)


RANK = ["ZRANGE z 0 -1", "ZRANGE z 0 -1 WITHSCORES", "ZRANGE z 2 3", "ZRANGE z -3 -1", "ZRANGE z 5 2",
        "ZRANGE z -100 100", "ZRANGE z 100 200", "ZRANGE z 0 -100", "ZRANGE z 0 -1 REV",
        "ZRANGE z 0 1 REV WITHSCORES", "ZREVRANGE z 0 2", "ZREVRANGE z -2 -1 WITHSCORES", "ZRANGE z a 1",
        "ZRANGE z 0 b", "ZRANGE z 0 -1 LIMIT 0 -1", "ZRANGE z 0 -1 LIMIT 5 -1", "ZRANGE z 0 -1 LIMIT 0 1",
        "ZREVRANGE z 0 -1 LIMIT 0 1", "ZRANGE z 0 1 withscores withscores", "ZRANGE z 0 1 REV REV",
        "ZRANGE nokey 0 -1", "ZREVRANGE z 0 1 REV", "ZRANGE z 0 1 LIMIT 0", "ZRANGE z 0 1 FOO"]

SCORE = ["ZRANGE z 1 2 BYSCORE", "ZRANGE z (1 2 BYSCORE WITHSCORES", "ZRANGE z 1 (2 BYSCORE",
         "ZRANGE z (1 (2 BYSCORE", "ZRANGE z -inf +inf BYSCORE WITHSCORES", "ZRANGE z (-inf (+inf BYSCORE",
         "ZRANGE z (inf +inf BYSCORE", "ZRANGE z -inf (-inf BYSCORE", "ZRANGE z 5 1 BYSCORE",
         "ZRANGE z 5 1 BYSCORE REV", "ZRANGE z (5 (1 BYSCORE REV WITHSCORES", "ZRANGE z +inf -inf BYSCORE REV",
         "ZRANGE z 0 10 BYSCORE LIMIT 1 2", "ZRANGE z 0 10 BYSCORE LIMIT 1 -1", "ZRANGE z 0 10 BYSCORE LIMIT -1 2",
         "ZRANGE z 0 10 BYSCORE LIMIT 0 0", "ZRANGE z 0 10 BYSCORE LIMIT 100 1", "ZRANGE z 10 0 BYSCORE REV LIMIT 1 2",
         "ZRANGE z 0 10 BYSCORE LIMIT x 1", "ZRANGE z 0 10 BYSCORE LIMIT 1 x", "ZRANGE z x 1 BYSCORE",
         "ZRANGE z 1 x BYSCORE", "ZRANGE z ((1 2 BYSCORE", "ZRANGE z nan 2 BYSCORE", "ZRANGE z ( (3 BYSCORE",
         "ZRANGE z 0x1 0x3 BYSCORE", "ZRANGE z 1e0 3e0 BYSCORE", "ZRANGE z 1 2 BYSCORE BYLEX",
         "ZRANGE z 1 2 BYSCORE BYSCORE", "ZRANGEBYSCORE z 1 3", "ZRANGEBYSCORE z 1 3 WITHSCORES LIMIT 1 1",
         "ZRANGEBYSCORE z (1 3 LIMIT 0 1 WITHSCORES", "ZRANGEBYSCORE z 1 3 REV", "ZRANGEBYSCORE z 1 3 BYSCORE",
         "ZREVRANGEBYSCORE z 3 1", "ZREVRANGEBYSCORE z (3 (1 WITHSCORES", "ZREVRANGEBYSCORE z +inf -inf LIMIT 2 3",
         "ZREVRANGEBYSCORE z 1 3", "ZRANGEBYSCORE z x 3", "ZRANGEBYSCORE nokey 1 3", "ZRANGEBYSCORE z 1 3 LIMIT 1"]

LEXR = ["ZRANGE l - + BYLEX", "ZRANGE l [a [c BYLEX", "ZRANGE l (a (c BYLEX", "ZRANGE l [aa (b BYLEX",
        "ZRANGE l + - BYLEX", "ZRANGE l - - BYLEX", "ZRANGE l + + BYLEX", "ZRANGE l [c [a BYLEX",
        "ZRANGE l + - BYLEX REV", "ZRANGE l [c [a BYLEX REV", "ZRANGE l (g - BYLEX REV LIMIT 1 2",
        "ZRANGE l - + BYLEX LIMIT 2 3", "ZRANGE l - + BYLEX LIMIT -1 3", "ZRANGE l - + BYLEX WITHSCORES",
        "ZRANGE l a c BYLEX", "ZRANGE l [a c BYLEX", "ZRANGE l -a + BYLEX", "ZRANGE l - +a BYLEX",
        "ZRANGE l [ + BYLEX", "ZRANGE l ( + BYLEX", "ZRANGEBYLEX l - +", "ZRANGEBYLEX l [b [d LIMIT 1 1",
        "ZREVRANGEBYLEX l + -", "ZREVRANGEBYLEX l [d [b", "ZREVRANGEBYLEX l - +", "ZRANGEBYLEX l [b [d WITHSCORES",
        "ZRANGEBYLEX nokey - +", "ZRANGEBYLEX l x +"]


def test_rank_ranges(oracle):
    oracle.same(*SETUP.split())
    run_all(oracle, RANK)


def test_score_ranges(oracle):
    oracle.same(*SETUP.split())
    run_all(oracle, SCORE)
    oracle.same("ZRANGE", "z", "", "3", "BYSCORE")
    oracle.same("ZRANGE", "z", " 1", "3", "BYSCORE")
    oracle.same("ZRANGE", "z", "1 ", "3", "BYSCORE")
    oracle.same("ZRANGE", "z", "(", "3", "BYSCORE")


def test_lex_ranges(oracle):
    oracle.same(*LEX.split())
    run_all(oracle, LEXR)
    oracle.same("ZRANGE", "l", "[", "(", "BYLEX")
    oracle.same("ZRANGE", "l", "", "+", "BYLEX")


def test_lex_ranges_with_mixed_scores_small_set(oracle):
    oracle.same("ZADD", "m", "1", "d", "2", "a", "3", "c", "4", "b", "5", "e")
    run_all(oracle, ["ZRANGE m [b [d BYLEX", "ZRANGE m [d [b BYLEX REV", "ZRANGE m - [c BYLEX",
                     "ZRANGE m [c + BYLEX REV", "ZLEXCOUNT m [b [d", "ZLEXCOUNT m - +",
                     "ZREMRANGEBYLEX m [a [c", "ZRANGE m 0 -1"])


def test_wrongtype_comes_after_syntax(oracle):
    oracle.same("SET", "s", "v")
    run_all(oracle, ["ZRANGE s 0 1", "ZRANGE s x 1", "ZRANGE s 0 1 FOO", "ZRANGE s a b BYLEX",
                     "ZRANGE s [a [b BYLEX", "ZRANGEBYSCORE s 0 1", "ZCOUNT s 0 1", "ZCOUNT s x 1",
                     "ZLEXCOUNT s - +", "ZLEXCOUNT s x +", "ZRANGESTORE d s 0 1", "ZREMRANGEBYRANK s 0 1",
                     "ZREMRANGEBYSCORE s x 1", "ZREMRANGEBYLEX s - +"])


def test_counts(oracle):
    oracle.same(*SETUP.split())
    oracle.same(*LEX.split())
    run_all(oracle, ["ZCOUNT z 1 2", "ZCOUNT z (1 2", "ZCOUNT z -inf +inf", "ZCOUNT z (-inf (+inf", "ZCOUNT z 3 1",
                     "ZCOUNT z x 1", "ZCOUNT z 1 (", "ZCOUNT nokey 0 1", "ZCOUNT z", "ZLEXCOUNT l - +",
                     "ZLEXCOUNT l [a (b", "ZLEXCOUNT l (a [b", "ZLEXCOUNT l + -", "ZLEXCOUNT l a b",
                     "ZLEXCOUNT nokey - +", "ZLEXCOUNT l [b [a"])


def test_zrangestore(oracle):
    oracle.same(*SETUP.split())
    oracle.same(*LEX.split())
    run_all(oracle, ["ZRANGESTORE d z 0 2", "ZRANGE d 0 -1 WITHSCORES", "ZRANGESTORE d z 1 3 BYSCORE LIMIT 1 1",
                     "ZRANGE d 0 -1 WITHSCORES", "ZRANGESTORE d z 5 1 BYSCORE REV", "ZRANGE d 0 -1 WITHSCORES",
                     "ZRANGESTORE d l [b [d BYLEX", "ZRANGE d 0 -1", "ZRANGESTORE d z 0 1 WITHSCORES",
                     "ZRANGESTORE d z 100 200", "EXISTS d", "ZRANGESTORE d nokey 0 -1", "SET d x", "EXPIRE d 100",
                     "ZRANGESTORE d z 0 0", "TTL d", "TYPE d", "ZRANGESTORE d z 0", "ZRANGESTORE d z 0 1 LIMIT 0 1",
                     "ZRANGESTORE z z 0 0", "ZRANGE z 0 -1"])


def test_zremrange(oracle):
    def fill():
        oracle.same("DEL", "z", "l")
        oracle.same(*SETUP.split())
        oracle.same(*LEX.split())
    fill()
    run_all(oracle, ["ZREMRANGEBYRANK z 0 1", "ZRANGE z 0 -1", "ZREMRANGEBYRANK z -2 -1", "ZREMRANGEBYRANK z 5 1",
                     "ZREMRANGEBYRANK z 100 200", "ZREMRANGEBYRANK z x 1", "ZREMRANGEBYRANK nokey 0 1",
                     "ZREMRANGEBYRANK z 0 -1", "EXISTS z"])
    fill()
    run_all(oracle, ["ZREMRANGEBYSCORE z (1 2", "ZRANGE z 0 -1", "ZREMRANGEBYSCORE z -inf (-inf",
                     "ZREMRANGEBYSCORE z x 1", "ZREMRANGEBYSCORE z 5 1", "ZREMRANGEBYSCORE z -inf +inf", "EXISTS z"])
    run_all(oracle, ["ZREMRANGEBYLEX l [b (d", "ZRANGE l 0 -1", "ZREMRANGEBYLEX l a b", "ZREMRANGEBYLEX l + -",
                     "ZREMRANGEBYLEX l - +", "EXISTS l", "ZREMRANGEBYLEX nokey - +"])


def test_big_set_ranges(oracle):
    """Skiplist-encoded sets answer the same as listpack ones."""
    args = ["ZADD", "big"]
    for i in range(400):
        args += [str(i % 37), f"m{i:03d}"]
    oracle.same(*args)
    oracle.same("OBJECT", "ENCODING", "big")
    run_all(oracle, ["ZRANGE big 100 120 WITHSCORES", "ZRANGE big 5 7 BYSCORE LIMIT 3 10",
                     "ZRANGE big (30 +inf BYSCORE REV LIMIT 2 5 WITHSCORES", "ZCOUNT big 3 (9",
                     "ZRANK big m200", "ZREVRANK big m200", "ZREMRANGEBYSCORE big 10 11", "ZCARD big",
                     "ZREMRANGEBYRANK big 10 300", "ZRANGE big 0 -1 WITHSCORES"])


@pytest.mark.parametrize("resp", [2, 3])
def test_resp3_ranges(oracle, resp):
    oracle.run("HELLO", str(resp))
    oracle.same(*SETUP.split())
    run_all(oracle, ["ZRANGE z 0 -1 WITHSCORES", "ZRANGEBYSCORE z 1 2 WITHSCORES",
                     "ZREVRANGEBYSCORE z 2 1 WITHSCORES LIMIT 0 1", "ZRANGE nokey 0 -1 WITHSCORES"])
