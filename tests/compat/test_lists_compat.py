"""List commands against the real redis-server: replies and error texts byte for byte."""
import pytest

from redislab.protocol.resp import encode

LIST_COMMANDS = ("lpush", "rpush", "lpushx", "rpushx", "lpop", "rpop", "llen", "lrange", "lindex",
                 "lset", "linsert", "lrem", "ltrim", "lpos", "lmove", "rpoplpush", "lmpop",
                 "blpop", "brpop", "brpoplpush", "blmove", "blmpop")


@pytest.mark.parametrize("name", LIST_COMMANDS)
def test_command_info(oracle, name):
    oracle.same("COMMAND", "INFO", name)


def test_push_and_range(oracle):
    oracle.same("LPUSH", "l", "a", "b", "c")
    oracle.same("RPUSH", "l", "d", "e", "1", "-7", "12345678901")
    for a, b in [(0, -1), (1, 2), (-3, -1), (-100, 100), (5, 2), (100, 200), (-1, -1), (0, 0), (2, -8)]:
        oracle.same("LRANGE", "l", a, b)
    oracle.same("LLEN", "l")
    oracle.same("LPUSHX", "nokey", "a")
    oracle.same("RPUSHX", "nokey", "a", "b")
    oracle.same("EXISTS", "nokey")
    oracle.same("LPUSHX", "l", "x", "y")
    oracle.same("RPUSHX", "l", "z")
    oracle.same("LRANGE", "l", 0, -1)
    oracle.same("LRANGE", "nokey", 0, -1)
    oracle.same("LLEN", "nokey")
    oracle.same("TYPE", "l")


def test_wrong_type_and_arity(oracle):
    oracle.same("SET", "s", "x")
    for cmd in (("LPUSH", "s", "a"), ("RPUSH", "s", "a"), ("LPUSHX", "s", "a"), ("RPUSHX", "s", "a"),
                ("LPOP", "s"), ("RPOP", "s", 2), ("LLEN", "s"), ("LRANGE", "s", 0, 1),
                ("LINDEX", "s", 0), ("LINDEX", "s", "x"), ("LSET", "s", 0, "v"), ("LINSERT", "s", "BEFORE", "a", "b"),
                ("LREM", "s", 0, "a"), ("LTRIM", "s", 0, 1), ("LPOS", "s", "a"), ("LMOVE", "s", "d", "LEFT", "LEFT"),
                ("RPOPLPUSH", "s", "d"), ("LMPOP", 1, "s", "LEFT"), ("BLPOP", "s", 0), ("BRPOP", "s", 0),
                ("BLMOVE", "s", "d", "LEFT", "RIGHT", 0), ("BRPOPLPUSH", "s", "d", 0), ("BLMPOP", 0, 1, "s", "LEFT")):
        oracle.same(*cmd)
    for cmd in (("LPUSH", "k"), ("LPOP",), ("LPOP", "k", 1, 2), ("RPOP", "k", 1, 2), ("LLEN",), ("LRANGE", "k", 0),
                ("LINDEX", "k"), ("LSET", "k", 0), ("LINSERT", "k", "BEFORE", "a"), ("LREM", "k", 0),
                ("LTRIM", "k", 0), ("LPOS", "k"), ("LMOVE", "a", "b", "LEFT"), ("RPOPLPUSH", "a"),
                ("LMPOP", 1, "a"), ("BLPOP", "k"), ("BLMOVE", "a", "b", "LEFT", "LEFT"), ("BRPOPLPUSH", "a", "b"),
                ("BLMPOP", 0, 1, "a")):
        oracle.same(*cmd)


def test_pops(oracle):
    oracle.same("RPUSH", "l", *"abcdefg")
    oracle.same("LPOP", "l")
    oracle.same("RPOP", "l")
    oracle.same("LPOP", "l", 2)
    oracle.same("RPOP", "l", 2)
    oracle.same("LPOP", "l", 0)
    oracle.same("RPOP", "l", 0)
    oracle.same("LPOP", "l", 10)
    oracle.same("EXISTS", "l")
    for cmd in (("LPOP", "l"), ("RPOP", "l"), ("LPOP", "l", 1), ("RPOP", "l", 0), ("LPOP", "l", -1),
                ("LPOP", "l", "x"), ("RPOP", "l", "1.5"), ("LPOP", "l", "99999999999999999999")):
        oracle.same(*cmd)
    oracle.same("RPUSH", "l", "a")
    oracle.same("LPOP", "l", -1)
    oracle.same("RPOP", "l", 5)
    oracle.same("EXISTS", "l")


def test_lindex_lset(oracle):
    oracle.same("RPUSH", "l", "a", "b", "c")
    for i in (0, 1, 2, 3, -1, -3, -4, "x", "1.0"):
        oracle.same("LINDEX", "l", i)
    oracle.same("LINDEX", "nokey", "x")
    oracle.same("LSET", "l", 0, "A")
    oracle.same("LSET", "l", -1, "C")
    oracle.same("LSET", "l", 3, "X")
    oracle.same("LSET", "l", -4, "X")
    oracle.same("LSET", "l", "x", "X")
    oracle.same("LSET", "nokey", 0, "X")
    oracle.same("LSET", "nokey", "x", "X")
    oracle.same("LRANGE", "l", 0, -1)


def test_linsert(oracle):
    oracle.same("RPUSH", "l", "a", "b", "a")
    oracle.same("LINSERT", "l", "BEFORE", "a", "x")
    oracle.same("LINSERT", "l", "after", "a", "y")
    oracle.same("LINSERT", "l", "After", "b", "z")
    oracle.same("LINSERT", "l", "BEFORE", "nope", "z")
    oracle.same("LINSERT", "l", "MIDDLE", "a", "z")
    oracle.same("LINSERT", "nokey", "BEFORE", "a", "z")
    oracle.same("LINSERT", "nokey", "MIDDLE", "a", "z")
    oracle.same("LRANGE", "l", 0, -1)


def test_lrem(oracle):
    oracle.same("RPUSH", "l", *"abacadaa")
    oracle.same("LREM", "l", 2, "a")
    oracle.same("LRANGE", "l", 0, -1)
    oracle.same("LREM", "l", -1, "a")
    oracle.same("LRANGE", "l", 0, -1)
    oracle.same("LREM", "l", 0, "a")
    oracle.same("LRANGE", "l", 0, -1)
    oracle.same("LREM", "l", 0, "zz")
    oracle.same("LREM", "l", "x", "a")
    oracle.same("LREM", "nokey", "x", "a")
    oracle.same("LREM", "nokey", 1, "a")
    oracle.same("LREM", "l", 0, "b")
    oracle.same("LREM", "l", -5, "c")
    oracle.same("LREM", "l", 100, "d")
    oracle.same("EXISTS", "l")


def test_ltrim(oracle):
    for a, b in [(1, -2), (0, 100), (-2, -1), (5, 1), (-100, 0), (100, 200), (0, 0)]:
        oracle.same("DEL", "l")
        oracle.same("RPUSH", "l", *"abcdefgh")
        oracle.same("LTRIM", "l", a, b)
        oracle.same("LRANGE", "l", 0, -1)
        oracle.same("EXISTS", "l")
    oracle.same("LTRIM", "nokey", 0, 1)
    oracle.same("LTRIM", "nokey", "x", 1)
    oracle.same("LTRIM", "l", 0, "y")


def test_lpos(oracle):
    oracle.same("RPUSH", "l", *"abcabcab")
    cases = [("a",), ("c",), ("z",), ("a", "RANK", 2), ("a", "RANK", -1), ("a", "RANK", -3), ("a", "RANK", 4),
             ("a", "COUNT", 0), ("a", "COUNT", 2), ("b", "RANK", -1, "COUNT", 2), ("b", "COUNT", 0, "MAXLEN", 4),
             ("c", "MAXLEN", 2), ("c", "MAXLEN", 3), ("a", "RANK", -1, "MAXLEN", 1), ("a", "RANK", 2, "COUNT", 1),
             ("z", "COUNT", 1), ("a", "RANK", 0), ("a", "COUNT", -1), ("a", "MAXLEN", -1), ("a", "RANK"),
             ("a", "COUNT"), ("a", "RANK", "x"), ("a", "COUNT", "x"), ("a", "MAXLEN", "x"), ("a", "FOO", 1),
             ("a", "rank", 1, "count", 1, "maxlen", 0), ("a", "RANK", 9223372036854775807),
             ("a", "RANK", 1, "RANK", -1)]
    for c in cases:
        oracle.same("LPOS", "l", *c)
    oracle.same("LPOS", "nokey", "a")
    oracle.same("LPOS", "nokey", "a", "COUNT", 3)
    oracle.same("LPOS", "nokey", "a", "RANK", 0)


def test_lmove_and_rpoplpush(oracle):
    oracle.same("RPUSH", "src", "a", "b", "c")
    for w1 in ("LEFT", "RIGHT"):
        for w2 in ("left", "right"):
            oracle.same("LMOVE", "src", "dst", w1, w2)
    oracle.same("LRANGE", "dst", 0, -1)
    oracle.same("EXISTS", "src")
    oracle.same("RPOPLPUSH", "dst", "dst")          # rotation of the same list
    oracle.same("LRANGE", "dst", 0, -1)
    oracle.same("LMOVE", "dst", "dst", "LEFT", "RIGHT")
    oracle.same("LRANGE", "dst", 0, -1)
    oracle.same("RPOPLPUSH", "nokey", "dst")
    oracle.same("LMOVE", "nokey", "dst", "LEFT", "LEFT")
    oracle.same("LMOVE", "dst", "x", "UP", "LEFT")
    oracle.same("LMOVE", "dst", "x", "LEFT", "DOWN")
    oracle.same("SET", "str", "v")
    oracle.same("LMOVE", "dst", "str", "LEFT", "LEFT")
    oracle.same("RPOPLPUSH", "dst", "str")
    oracle.same("RPOPLPUSH", "nokey", "str")
    oracle.same("LRANGE", "dst", 0, -1)
    oracle.same("DEL", "one")
    oracle.same("RPUSH", "one", "x")
    oracle.same("RPOPLPUSH", "one", "one")
    oracle.same("LRANGE", "one", 0, -1)
    oracle.same("RPOPLPUSH", "one", "two")
    oracle.same("EXISTS", "one")


def test_lmpop(oracle):
    oracle.same("RPUSH", "a", "1", "2", "3")
    oracle.same("RPUSH", "b", "x")
    oracle.same("LMPOP", 2, "nokey", "a", "LEFT")
    oracle.same("LMPOP", 2, "nokey", "a", "right", "COUNT", 10)
    oracle.same("LMPOP", 2, "a", "b", "LEFT", "count", 5)
    oracle.same("LMPOP", 1, "nokey", "LEFT")
    oracle.same("LMPOP", 1, "nokey", "LEFT", "COUNT", 2)
    for bad in (("0", "a", "LEFT"), ("-1", "a", "LEFT"), ("x", "a", "LEFT"), ("5", "a", "LEFT"),
                ("1", "a", "MIDDLE"), ("1", "a", "LEFT", "COUNT", 0), ("1", "a", "LEFT", "COUNT", -1),
                ("1", "a", "LEFT", "COUNT", "x"), ("1", "a", "LEFT", "COUNT", 1, "COUNT", 1),
                ("1", "a", "LEFT", "COUNT"), ("1", "a", "LEFT", "FOO"), ("2", "a", "LEFT"),
                ("99999999999999999999", "a", "LEFT")):
        oracle.same("LMPOP", *bad)
    oracle.same("COMMAND", "GETKEYS", "LMPOP", 2, "a", "b", "LEFT")
    oracle.same("COMMAND", "GETKEYS", "BLMPOP", 0, 2, "a", "b", "LEFT")


def test_blocking_commands_with_data_answer_at_once(oracle):
    oracle.same("RPUSH", "a", "1", "2", "3")
    oracle.same("BLPOP", "nokey", "a", 0)
    oracle.same("BRPOP", "nokey", "a", "0.5")
    oracle.same("BLMOVE", "a", "b", "LEFT", "RIGHT", 0)
    oracle.same("BRPOPLPUSH", "b", "a", 1)
    oracle.same("BLMPOP", 0, 2, "nokey", "a", "RIGHT", "COUNT", 5)
    oracle.same("EXISTS", "a", "b")


@pytest.mark.parametrize("t", ["-1", "abc", "nan", " 1", "1e3x", "-inf", "0x", "", "1 "])
def test_timeout_errors(oracle, t):
    oracle.same("BLPOP", "k", t)
    oracle.same("BRPOP", "k", t)
    oracle.same("BLMOVE", "k", "d", "LEFT", "LEFT", t)
    oracle.same("BRPOPLPUSH", "k", "d", t)
    oracle.same("BLMPOP", t, 1, "k", "LEFT")


def test_blocking_argument_errors_order(oracle):
    oracle.same("SET", "s", "x")
    oracle.same("BLPOP", "s", "abc")                # timeout is checked before the key type
    oracle.same("BLMOVE", "a", "b", "UP", "LEFT", "abc")
    oracle.same("BLMOVE", "a", "b", "LEFT", "LEFT", "-1")
    oracle.same("BLMPOP", "abc", 0, "a", "LEFT")      # numkeys first, then the timeout
    oracle.same("BLMPOP", "abc", 1, "a", "LEFT")
    oracle.same("BLMPOP", "-1", 1, "a", "MIDDLE")
    oracle.same("BLMPOP", "0", 1, "a", "LEFT", "COUNT", 0)
    oracle.same("BLMPOP", "0", 2, "a", "LEFT")
    oracle.same("BLMPOP", "0.01", 2, "a", "s", "LEFT")


def test_blocking_inside_multi_answers_at_once(oracle):
    oracle.same("MULTI")
    oracle.same("BLPOP", "k", 0)
    oracle.same("BRPOP", "k", 0)
    oracle.same("BLMOVE", "k", "d", "LEFT", "LEFT", 0)
    oracle.same("BRPOPLPUSH", "k", "d", 0)
    oracle.same("BLMPOP", 0, 1, "k", "LEFT")
    oracle.same("EXEC")


def test_multi_push_then_pop_serves_nobody_else(oracle):
    oracle.same("MULTI")
    oracle.same("LPUSH", "k", "a")
    oracle.same("LPOP", "k")
    oracle.same("EXEC")


def test_keyspace_events(oracle):
    sub = oracle.client()
    frames = []
    sub.session.push = frames.append
    oracle.same("CONFIG", "SET", "notify-keyspace-events", "KEA")
    mine = encode(oracle.engine.execute(sub.session, [b"PSUBSCRIBE", b"__keyevent@0__:*"]))
    sub.conn.send("PSUBSCRIBE", "__keyevent@0__:*")
    assert mine == sub.conn.read_reply()
    cmds = [("RPUSH", "l", "a", "b", "c"), ("LPUSH", "l", "z"), ("LPOP", "l"), ("RPOP", "l", 1),
            ("LSET", "l", 0, "q"), ("LINSERT", "l", "AFTER", "q", "r"), ("LREM", "l", 1, "r"),
            ("LREM", "l", 1, "nothing"), ("LTRIM", "l", 0, 0), ("LMOVE", "l", "m", "LEFT", "RIGHT"),
            ("RPUSH", "x", "1"), ("LMPOP", 1, "x", "LEFT"), ("RPUSH", "y", "1", "2"), ("LTRIM", "y", 5, 6),
            ("RPUSH", "r", "1"), ("RPOPLPUSH", "r", "r"), ("LPUSHX", "none", "a"), ("LPOP", "none"),
            ("BLPOP", "r", 0), ("RPUSH", "r", "1", "2"), ("BLMPOP", 0, 1, "r", "RIGHT", "COUNT", 5)]
    for c in cmds:
        oracle.same(*c)
    mine = [encode(f) for f in frames]
    assert len(mine) >= 25
    theirs = [sub.conn.read_reply() for _ in mine]
    assert mine == theirs
    oracle.same("PING")
