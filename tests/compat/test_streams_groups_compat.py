"""Consumer groups against a real redis-server: XGROUP, XREADGROUP, XACK, XPENDING,
XCLAIM, XAUTOCLAIM and XINFO GROUPS. Idle times depend on the wall clock, so the
extended XPENDING form is compared on its stable fields (ID, consumer, deliveries);
claims use min-idle-time 0 so nothing has to wait."""
import pytest

from tests.support.realredis import decode


def stable_pending(o, *args):
    """XPENDING extended form on both sides, compared without the idle column."""
    mine, theirs = o.run("XPENDING", *args)
    a, b = decode(mine), decode(theirs)

    def strip(rows):
        return [[r[0], r[1], r[3]] for r in rows] if isinstance(rows, list) else rows

    assert strip(a) == strip(b), (args, mine, theirs)
    return strip(a)


def fill(o, key="s", n=5):
    for i in range(1, n + 1):
        o.same("XADD", key, f"{i}-0", "n", str(i))


def test_guide_flow(oracle):
    """The guide's example: group with $ MKSTREAM, XADD, XREADGROUP >, XACK, XPENDING."""
    o = oracle
    o.same("XGROUP", "CREATE", "events", "analytics-group", "$", "MKSTREAM")
    o.same("XADD", "events", "1679000000000-0", "type", "order", "user_id", "123", "amount", "50000")
    o.same("XADD", "events", "1679000000001-0", "type", "payment", "user_id", "123", "status", "completed")
    o.same("XRANGE", "events", "-", "+", "COUNT", "10")
    o.same("XREADGROUP", "GROUP", "analytics-group", "consumer-1", "COUNT", "5", "BLOCK", "2000",
           "STREAMS", "events", ">")
    o.same("XPENDING", "events", "analytics-group")
    o.same("XACK", "events", "analytics-group", "1679000000000-0")
    o.same("XPENDING", "events", "analytics-group")
    stable_pending(o, "events", "analytics-group", "-", "+", "10")
    o.same("XINFO", "GROUPS", "events")
    o.same("XREADGROUP", "GROUP", "analytics-group", "consumer-1", "STREAMS", "events", ">")
    o.same("XREADGROUP", "GROUP", "analytics-group", "consumer-1", "STREAMS", "events", "0")


def test_crashed_consumer_is_taken_over(oracle):
    o = oracle
    fill(o, n=6)
    o.same("XGROUP", "CREATE", "s", "g", "0")
    o.same("XREADGROUP", "GROUP", "g", "consumer-1", "COUNT", "4", "STREAMS", "s", ">")
    o.same("XREADGROUP", "GROUP", "g", "consumer-3", "STREAMS", "s", ">")
    # consumer-1 never acks; consumer-2 claims part of it explicitly ...
    o.same("XCLAIM", "s", "g", "consumer-2", "0", "1-0", "2-0")
    stable_pending(o, "s", "g", "-", "+", "10")
    o.same("XPENDING", "s", "g")
    # ... and sweeps the rest with XAUTOCLAIM, a page at a time
    o.same("XAUTOCLAIM", "s", "g", "consumer-2", "0", "0", "COUNT", "1")
    o.same("XAUTOCLAIM", "s", "g", "consumer-2", "0", "2-0", "COUNT", "2")
    o.same("XAUTOCLAIM", "s", "g", "consumer-2", "0", "(4-0", "COUNT", "2", "JUSTID")
    o.same("XAUTOCLAIM", "s", "g", "consumer-2", "0", "0")
    stable_pending(o, "s", "g", "-", "+", "10")
    stable_pending(o, "s", "g", "-", "+", "10", "consumer-1")
    stable_pending(o, "s", "g", "-", "+", "10", "consumer-2")
    o.same("XPENDING", "s", "g")
    o.same("XREADGROUP", "GROUP", "g", "consumer-1", "STREAMS", "s", "0")
    o.same("XACK", "s", "g", "1-0", "2-0", "3-0", "9-0")
    o.same("XPENDING", "s", "g")
    o.same("XINFO", "GROUPS", "s")


def test_xgroup_errors_and_lifecycle(oracle):
    o = oracle
    for sub in ("CREATE", "SETID"):
        o.same("XGROUP", sub, "nokey", "g", "$")
    o.same("XGROUP", "DESTROY", "nokey", "g")
    o.same("XGROUP", "CREATECONSUMER", "nokey", "g", "c")
    o.same("XGROUP", "DELCONSUMER", "nokey", "g", "c")
    o.same("XGROUP", "CREATE", "nokey", "g", "$", "FOO")
    o.same("XGROUP", "create", "nokey", "g", "$", "foo")
    o.same("XGROUP", "CREATE", "nokey", "g", "$", "MKSTREAM", "ENTRIESREAD", "-2")
    o.same("XGROUP", "CREATE", "nokey", "g", "$", "MKSTREAM", "ENTRIESREAD", "x")
    o.same("XGROUP", "CREATE", "nokey", "g", "bad", "MKSTREAM")
    o.same("EXISTS", "nokey")
    o.same("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM", "MKSTREAM", "ENTRIESREAD", "1", "ENTRIESREAD", "2")
    o.same("EXISTS", "s")
    o.same("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM", "ENTRIESREAD", "5")
    o.same("XGROUP", "CREATE", "s", "g", "$")
    o.same("XGROUP", "CREATE", "s", "g2", "-")
    o.same("XGROUP", "CREATE", "s", "g3", "+")
    o.same("XGROUP", "CREATE", "s", "g4", "7")
    o.same("XGROUP", "CREATE", "s", "g5", "0", "ENTRIESREAD", "-1")
    o.same("XINFO", "GROUPS", "s")
    o.same("XGROUP", "SETID", "s", "g", "bad")
    o.same("XGROUP", "SETID", "s", "g", "5", "ENTRIESREAD")
    o.same("XGROUP", "SETID", "s", "g", "5", "MKSTREAM")
    o.same("XGROUP", "SETID", "s", "nog", "5")
    o.same("XGROUP", "SETID", "s", "g", "-", "ENTRIESREAD", "3")
    o.same("XGROUP", "SETID", "s", "g2", "+")
    o.same("XGROUP", "SETID", "s", "g3", "$", "ENTRIESREAD", "-1")
    o.same("XGROUP", "SETID", "s", "g4", "5")
    o.same("XINFO", "GROUPS", "s")
    o.same("XGROUP", "CREATECONSUMER", "s", "g", "c")
    o.same("XGROUP", "CREATECONSUMER", "s", "g", "c")
    o.same("XGROUP", "CREATECONSUMER", "s", "nog", "c")
    o.same("XGROUP", "DELCONSUMER", "s", "g", "c")
    o.same("XGROUP", "DELCONSUMER", "s", "g", "zz")
    o.same("XGROUP", "DELCONSUMER", "s", "nog", "zz")
    o.same("XGROUP", "DESTROY", "s", "zz")
    o.same("XGROUP", "DESTROY", "s", "g")
    o.same("XGROUP", "DESTROY", "s", "g")
    o.same("XGROUP", "FOO", "s", "g")
    o.same("XGROUP", "CREATE", "s", "g")
    o.same("XGROUP", "DESTROY", "s", "g", "x")
    o.same("XGROUP", "CREATECONSUMER", "s", "g")
    o.same("XGROUP", "HELP", "x")
    o.same("XGROUP")
    o.same("SET", "str", "x")
    o.same("XGROUP", "CREATE", "str", "g", "$", "MKSTREAM")
    o.same("XGROUP", "DESTROY", "str", "g")
    o.same("XINFO", "GROUPS", "s")


def test_delconsumer_drops_its_pending(oracle):
    o = oracle
    fill(o)
    o.same("XGROUP", "CREATE", "s", "g", "0")
    o.same("XREADGROUP", "GROUP", "g", "a", "COUNT", "2", "STREAMS", "s", ">")
    o.same("XREADGROUP", "GROUP", "g", "b", "COUNT", "2", "STREAMS", "s", ">")
    o.same("XPENDING", "s", "g")
    o.same("XGROUP", "DELCONSUMER", "s", "g", "a")
    o.same("XPENDING", "s", "g")
    o.same("XINFO", "GROUPS", "s")


def test_xreadgroup_history_noack_and_deleted(oracle):
    o = oracle
    fill(o, n=6)
    o.same("XGROUP", "CREATE", "s", "g", "0")
    o.same("XREADGROUP", "GROUP", "g", "c", "NOACK", "COUNT", "1", "STREAMS", "s", ">")
    o.same("XREADGROUP", "GROUP", "g", "c", "COUNT", "3", "STREAMS", "s", ">")
    o.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "0")
    o.same("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", "2-0")
    o.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "4-0")
    o.same("XDEL", "s", "3-0")
    o.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "0")
    o.same("XREADGROUP", "GROUP", "g", "other", "STREAMS", "s", "0")
    stable_pending(o, "s", "g", "-", "+", "10")
    o.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "18446744073709551615-18446744073709551615")
    o.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")
    o.same("XINFO", "GROUPS", "s")
    # XGROUP SETID backwards re-delivers entries, moving them between consumers
    o.same("XGROUP", "SETID", "s", "g", "0")
    o.same("XREADGROUP", "GROUP", "g", "d", "COUNT", "2", "STREAMS", "s", ">")
    stable_pending(o, "s", "g", "-", "+", "10")
    o.same("XPENDING", "s", "g")
    o.same("XINFO", "GROUPS", "s")


def test_xreadgroup_errors(oracle):
    o = oracle
    o.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "0")
    o.same("XREADGROUP", "STREAMS", "s", "0", "x", "y")
    o.same("XREADGROUP", "GROUP", "g", "STREAMS", "s", ">")
    o.same("XADD", "s", "1-0", "f", "v")
    o.same("XGROUP", "CREATE", "s", "g", "0")
    o.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "$")
    o.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "bad")
    o.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "+")
    o.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "-")
    o.same("XREADGROUP", "GROUP", "nog", "c", "STREAMS", "s", ">")
    o.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "nokey", ">", ">")
    o.same("XREADGROUP", "GROUP", "g", "c", "COUNT", "x", "STREAMS", "s", ">")
    o.same("XREADGROUP", "GROUP", "g", "c", "BLOCK", "x", "STREAMS", "s", ">")
    o.same("XREADGROUP", "GROUP", "g", "c", "BLOCK", "-1", "STREAMS", "s", ">")
    o.same("XREADGROUP", "GROUP", "g", "c", "FOO", "STREAMS", "s", ">")
    o.same("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "NOACK", "x", "y")
    o.same("SET", "str", "x")
    o.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "str", ">")
    o.same("XREADGROUP", "GROUP", "g", "c", "COUNT", "-5", "STREAMS", "s", ">")
    o.same("XREADGROUP", "GROUP", "g", "c", "COUNT", "0", "STREAMS", "s", "0")


def test_xack(oracle):
    o = oracle
    fill(o)
    o.same("XACK", "nokey", "g", "bad")
    o.same("XACK", "s", "nog", "bad")
    o.same("XGROUP", "CREATE", "s", "g", "0")
    o.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")
    o.same("XACK", "s", "g", "1-0", "bad")
    o.same("XACK", "s", "g", "1-0", "1-0", "2", "9-9")
    o.same("XACK", "s", "g", "-")
    o.same("XPENDING", "s", "g")
    o.same("SET", "str", "x")
    o.same("XACK", "str", "g", "1-0")


def test_xpending_forms_and_errors(oracle):
    o = oracle
    fill(o, n=8)
    o.same("XGROUP", "CREATE", "s", "g", "0")
    o.same("XPENDING", "s", "g")
    o.same("XREADGROUP", "GROUP", "g", "b", "COUNT", "3", "STREAMS", "s", ">")
    o.same("XREADGROUP", "GROUP", "g", "a", "COUNT", "3", "STREAMS", "s", ">")
    o.same("XPENDING", "s", "g")
    for args in (("-", "+", "10"), ("-", "+", "2"), ("2", "5", "10"), ("(2-0", "(5-0", "10"),
                 ("-", "+", "0"), ("-", "+", "-3"), ("5", "2", "10"), ("-", "+", "10", "a"),
                 ("-", "+", "10", "nobody"), ("IDLE", "0", "-", "+", "10"),
                 ("IDLE", "0", "-", "+", "10", "b"), ("IDLE", "100000000", "-", "+", "10"),
                 ("idle", "-5", "-", "+", "10"), ("-", "+", "10", "a", "x")):
        stable_pending(o, "s", "g", *args)
    for args in (("-", "+"), ("IDLE", "5", "-", "+"),
                 ("IDLE", "x", "-", "+", "10"), ("x", "+", "10"), ("-", "x", "10"), ("-", "+", "x"),
                 ("(18446744073709551615-18446744073709551615", "+", "1"), ("-", "(0-0", "1"),
                 ("-",), ("IDLE", "1", "-", "+", "10", "a", "b")):
        o.same("XPENDING", "s", "g", *args)
    o.same("XPENDING", "nokey", "g", "-", "+", "x")
    o.same("XPENDING", "nokey", "g", "-", "+", "10")
    o.same("XPENDING", "s", "nog")
    o.same("SET", "str", "x")
    o.same("XPENDING", "str", "g")


def test_xclaim_options(oracle):
    o = oracle
    fill(o, n=6)
    o.same("XGROUP", "CREATE", "s", "g", "0")
    o.same("XREADGROUP", "GROUP", "g", "a", "COUNT", "4", "STREAMS", "s", ">")
    o.same("XCLAIM", "s", "g", "b", "0", "1-0", "JUSTID")
    o.same("XCLAIM", "s", "g", "b", "0", "2-0", "RETRYCOUNT", "7")
    o.same("XCLAIM", "s", "g", "b", "0", "3-0", "IDLE", "5000")
    o.same("XCLAIM", "s", "g", "b", "0", "4-0", "TIME", "1000")
    o.same("XCLAIM", "s", "g", "b", "100000000", "1-0", "2-0")       # not idle long enough
    o.same("XCLAIM", "s", "g", "b", "0", "5-0", "6-0")               # not pending: skipped
    o.same("XCLAIM", "s", "g", "b", "0", "5-0", "FORCE")             # FORCE creates it
    o.same("XCLAIM", "s", "g", "b", "0", "9-0", "FORCE")             # no such entry
    o.same("XCLAIM", "s", "g", "c", "0", "1-0", "2-0", "3-0", "JUSTID", "RETRYCOUNT", "1")
    o.same("XCLAIM", "s", "g", "c", "0", "FORCE")
    o.same("XCLAIM", "s", "g", "c", "0", "6-0", "LASTID", "6-0", "FORCE", "JUSTID")
    o.same("XINFO", "GROUPS", "s")
    stable_pending(o, "s", "g", "-", "+", "10")
    o.same("XPENDING", "s", "g")
    # a pending entry deleted from the stream is dropped from the PEL by XCLAIM
    o.same("XDEL", "s", "2-0")
    o.same("XCLAIM", "s", "g", "d", "0", "2-0", "3-0")
    o.same("XPENDING", "s", "g")
    for args in (("x", "1-0"), ("0", "1-0", "FOO"), ("0", "1-0", "IDLE", "x"), ("0", "1-0", "TIME", "x"),
                 ("0", "1-0", "RETRYCOUNT", "x"), ("0", "1-0", "LASTID", "x"), ("0", "1-0", "IDLE"),
                 ("0", "bad", "1-0"), ("-5", "1-0", "JUSTID")):
        o.same("XCLAIM", "s", "g", "d", *args)
    o.same("XCLAIM", "s", "nog", "c", "0", "1-0")
    o.same("XCLAIM", "nokey", "g", "c", "x", "1-0")
    o.same("SET", "str", "x")
    o.same("XCLAIM", "str", "g", "c", "0", "1-0")


def test_xautoclaim_cursor_deleted_and_errors(oracle):
    o = oracle
    fill(o, n=10)
    o.same("XGROUP", "CREATE", "s", "g", "0")
    o.same("XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", ">")
    o.same("XDEL", "s", "2-0", "3-0", "7-0")
    o.same("XAUTOCLAIM", "s", "g", "b", "0", "0", "COUNT", "2")
    o.same("XAUTOCLAIM", "s", "g", "b", "0", "4-0", "COUNT", "1", "JUSTID")
    o.same("XAUTOCLAIM", "s", "g", "b", "100000000", "0")
    o.same("XAUTOCLAIM", "s", "g", "b", "0", "(5-0", "COUNT", "3")
    o.same("XAUTOCLAIM", "s", "g", "b", "0", "-")
    o.same("XAUTOCLAIM", "s", "g", "b", "0", "+")
    stable_pending(o, "s", "g", "-", "+", "100")
    o.same("XPENDING", "s", "g")
    for args in (("x", "0"), ("0", "x"), ("0", "0", "COUNT", "0"), ("0", "0", "COUNT", "x"),
                 ("0", "0", "COUNT", "-1"), ("0", "0", "FOO"), ("0", "0", "COUNT"),
                 ("0", "(18446744073709551615-18446744073709551615"),
                 ("0", "0", "COUNT", "576460752303423488"), ("-1", "0", "COUNT", "1000")):
        o.same("XAUTOCLAIM", "s", "g", "b", *args)
    o.same("XAUTOCLAIM", "nokey", "g", "c", "0", "0")
    o.same("XAUTOCLAIM", "s", "nog", "c", "0", "0")
    o.same("SET", "str", "x")
    o.same("XAUTOCLAIM", "str", "g", "c", "0", "0")


def test_xautoclaim_attempts_bound_the_scan(oracle):
    o = oracle
    fill(o, n=30)
    o.same("XGROUP", "CREATE", "s", "g", "0")
    o.same("XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", ">")
    o.same("XDEL", "s", *[f"{i}-0" for i in range(1, 30, 2)])
    o.same("XAUTOCLAIM", "s", "g", "b", "0", "0", "COUNT", "1")
    o.same("XAUTOCLAIM", "s", "g", "b", "0", "0", "COUNT", "3")
    o.same("XAUTOCLAIM", "s", "g", "b", "0", "0", "COUNT", "100")


def test_lag_and_entries_read(oracle):
    o = oracle
    fill(o, n=5)
    o.same("XGROUP", "CREATE", "s", "g", "0")
    o.same("XGROUP", "CREATE", "s", "mid", "3-0")
    o.same("XGROUP", "CREATE", "s", "end", "$")
    o.same("XINFO", "GROUPS", "s")
    o.same("XREADGROUP", "GROUP", "g", "c", "COUNT", "2", "STREAMS", "s", ">")
    o.same("XINFO", "GROUPS", "s")
    o.same("XDEL", "s", "4-0")
    o.same("XINFO", "GROUPS", "s")
    o.same("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", ">")
    o.same("XREADGROUP", "GROUP", "mid", "c", "STREAMS", "s", ">")
    o.same("XINFO", "GROUPS", "s")
    o.same("XDEL", "s", "1-0")
    o.same("XINFO", "GROUPS", "s")
    o.same("XADD", "s", "6-0", "n", "6")
    o.same("XINFO", "GROUPS", "s")
    o.same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")
    o.same("XINFO", "GROUPS", "s")
    o.same("XTRIM", "s", "MAXLEN", "1")
    o.same("XINFO", "GROUPS", "s")
    o.same("XGROUP", "SETID", "s", "mid", "0")
    o.same("XINFO", "GROUPS", "s")
    o.same("XSETID", "s", "9-0", "ENTRIESADDED", "20")
    o.same("XINFO", "GROUPS", "s")
    o.same("XINFO", "STREAM", "s")


def test_watch_is_not_touched_by_group_commands(oracle):
    o = oracle
    fill(o, n=3)
    o.same("XGROUP", "CREATE", "s", "g", "0")
    for cmd in (("XGROUP", "CREATECONSUMER", "s", "g", "c2"),
                ("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"),
                ("XACK", "s", "g", "1-0"), ("XGROUP", "SETID", "s", "g", "0"),
                ("XCLAIM", "s", "g", "c", "0", "2-0", "FORCE"),
                ("XGROUP", "DELCONSUMER", "s", "g", "c2"), ("XGROUP", "CREATE", "s", "g9", "0"),
                ("XGROUP", "DESTROY", "s", "g9"), ("XSETID", "s", "5-5"),
                ("XADD", "s", "6-0", "f", "v"), ("XDEL", "s", "6-0"), ("XTRIM", "s", "MAXLEN", "1")):
        o.same("WATCH", "s")
        o.same(*cmd)
        o.same("MULTI")
        o.same("PING")
        o.same("EXEC")


def _groups_without_consumer_counts(o):
    # 7.2+ creates consumers on XCLAIM/XAUTOCLAIM/blocked reads that 7.0 did not
    mine, theirs = o.run("XINFO", "GROUPS", "s")
    a, b = decode(mine), decode(theirs)

    def strip(gs):
        return [[x for i, x in enumerate(g) if i not in (2, 3)] for g in gs] if isinstance(gs, list) else gs

    assert strip(a) == strip(b), (mine, theirs)


@pytest.mark.parametrize("seed", [11, 23, 101, 2024])
def test_random_group_histories_match(oracle, seed):
    """Seeded random mixes of XADD, XDEL, XTRIM, XREADGROUP, XACK, XCLAIM, XAUTOCLAIM and
    XGROUP SETID: replies, pending lists, entries-read and lag all agree."""
    import random

    o = oracle
    rnd = random.Random(seed)
    o.same("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
    o.same("XGROUP", "CREATE", "s", "h", "0")
    nxt = 1
    people = ["a", "b", "c"]
    for _ in range(300):
        op = rnd.random()
        grp = rnd.choice(["g", "h"])
        if op < 0.3:
            o.same("XADD", "s", f"{nxt}-0", "n", str(nxt))
            nxt += 1
        elif op < 0.4:
            o.same("XDEL", "s", f"{rnd.randint(1, nxt)}-0")
        elif op < 0.55:
            o.same("XREADGROUP", "GROUP", grp, rnd.choice(people), "COUNT", str(rnd.randint(0, 3)),
                   *(["NOACK"] if rnd.random() < 0.1 else []), "STREAMS", "s", ">")
        elif op < 0.6:
            o.same("XREADGROUP", "GROUP", grp, rnd.choice(people), "STREAMS", "s", str(rnd.randint(0, nxt)))
        elif op < 0.7:
            o.same("XACK", "s", grp, *[f"{rnd.randint(1, nxt)}-0" for _ in range(rnd.randint(1, 3))])
        elif op < 0.8:
            o.same("XCLAIM", "s", grp, rnd.choice(people), "0", f"{rnd.randint(1, nxt)}-0",
                   *rnd.choice([[], ["JUSTID"], ["FORCE"], ["RETRYCOUNT", "3"]]))
        elif op < 0.88:
            o.same("XAUTOCLAIM", "s", grp, rnd.choice(people), "0", f"{rnd.randint(0, nxt)}",
                   "COUNT", str(rnd.randint(1, 4)))
        elif op < 0.92:
            o.same("XTRIM", "s", "MAXLEN", str(rnd.randint(3, 20)))
        elif op < 0.95:
            o.same("XGROUP", "SETID", "s", grp, str(rnd.randint(0, nxt)))
        else:
            _groups_without_consumer_counts(o)
            o.same("XPENDING", "s", grp)
    _groups_without_consumer_counts(o)
    stable_pending(o, "s", "g", "-", "+", "1000")
    stable_pending(o, "s", "h", "-", "+", "1000")
