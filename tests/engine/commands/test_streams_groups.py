"""Consumer groups on a VirtualClock: idle times, min-idle claims, and the 7.2+
consumer bookkeeping (seen/active times, XINFO CONSUMERS 'inactive')."""
from redislab.engine.replies import MapReply


def as_dict(m):
    assert isinstance(m, MapReply), m
    return dict(m)


def setup(r, n=4):
    for i in range(1, n + 1):
        r("XADD", "s", f"{i}-0", "n", str(i))
    r("XGROUP", "CREATE", "s", "g", "0")


def test_crashed_consumer_with_real_idle_times(r):
    setup(r)
    t0 = r.engine.clock.time_ms()
    assert len(r("XREADGROUP", "GROUP", "g", "consumer-1", "STREAMS", "s", ">")[0][1]) == 4
    r.engine.clock.advance(60)
    rows = r("XPENDING", "s", "g", "-", "+", "10")
    assert rows == [[b"%d-0" % i, b"consumer-1", 60000, 1] for i in range(1, 5)]
    assert r("XPENDING", "s", "g", "IDLE", "61000", "-", "+", "10") == []
    # not idle long enough yet: nothing moves
    assert r("XCLAIM", "s", "g", "consumer-2", "120000", "1-0") == []
    assert r("XCLAIM", "s", "g", "consumer-2", "30000", "1-0", "2-0") == [
        [b"1-0", [b"n", b"1"]], [b"2-0", [b"n", b"2"]]]
    r.engine.clock.advance(1)
    rows = r("XPENDING", "s", "g", "-", "+", "10")
    assert rows[0] == [b"1-0", b"consumer-2", 1000, 2]
    assert rows[2] == [b"3-0", b"consumer-1", 61000, 1]
    cursor, claimed, deleted = r("XAUTOCLAIM", "s", "g", "consumer-2", "30000", "0", "JUSTID")
    assert (cursor, claimed, deleted) == (b"0-0", [b"3-0", b"4-0"], [])
    consumers = [as_dict(c) for c in r("XINFO", "CONSUMERS", "s", "g")]
    assert consumers[0] == {b"name": b"consumer-1", b"pending": 0, b"idle": 61000, b"inactive": 61000}
    assert consumers[1] == {b"name": b"consumer-2", b"pending": 4, b"idle": 0, b"inactive": 0}
    assert t0 + 61000 == r.engine.clock.time_ms()


def test_xclaim_idle_time_and_retrycount(r):
    setup(r, 2)
    r("XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", ">")
    now = r.engine.clock.time_ms()
    r("XCLAIM", "s", "g", "b", "0", "1-0", "IDLE", "5000", "RETRYCOUNT", "9")
    r("XCLAIM", "s", "g", "b", "0", "2-0", "TIME", str(now - 7000), "JUSTID")
    assert r("XPENDING", "s", "g", "-", "+", "10") == [[b"1-0", b"b", 5000, 9], [b"2-0", b"b", 7000, 1]]
    # a delivery time in the future is taken as "now"
    r("XCLAIM", "s", "g", "b", "0", "1-0", "TIME", str(now + 10**9))
    assert r("XPENDING", "s", "g", "-", "+", "1") == [[b"1-0", b"b", 0, 10]]


def test_xclaim_and_xautoclaim_create_the_consumer_since_72(r):
    setup(r, 1)
    assert r("XCLAIM", "s", "g", "ghost", "0", "1-0") == []
    assert r("XAUTOCLAIM", "s", "g", "phantom", "0", "0") == [b"0-0", [], []]
    names = [as_dict(c)[b"name"] for c in r("XINFO", "CONSUMERS", "s", "g")]
    assert names == [b"ghost", b"phantom"]
    assert [as_dict(c)[b"inactive"] for c in r("XINFO", "CONSUMERS", "s", "g")] == [-1, -1]


def test_seen_and_active_times(r):
    setup(r, 2)
    t0 = r.engine.clock.time_ms()
    r("XGROUP", "CREATECONSUMER", "s", "g", "c")
    r.engine.clock.advance(2)
    r("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", ">")
    r.engine.clock.advance(3)
    r("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "9-0")     # history, nothing: seen only
    r.engine.clock.advance(1)
    c = as_dict(r("XINFO", "CONSUMERS", "s", "g")[0])
    assert c[b"idle"] == 1000 and c[b"inactive"] == 4000
    full = as_dict(r("XINFO", "STREAM", "s", "FULL"))
    grp = as_dict(full[b"groups"][0])
    cons = as_dict(grp[b"consumers"][0])
    assert cons[b"seen-time"] == t0 + 5000
    assert cons[b"active-time"] == t0 + 2000
    assert cons[b"pending"] == [[b"1-0", t0 + 2000, 1]]
    assert grp[b"pending"] == [[b"1-0", b"c", t0 + 2000, 1]]
    assert list(cons) == [b"name", b"seen-time", b"active-time", b"pel-count", b"pending"]


def test_xreadgroup_creates_the_consumer_even_without_entries(r):
    r("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
    assert r("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">") is not None
    assert as_dict(r("XINFO", "GROUPS", "s")[0])[b"consumers"] == 1


def test_delconsumer_and_destroy(r):
    setup(r, 3)
    r("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")
    assert r("XGROUP", "DELCONSUMER", "s", "g", "c") == 3
    assert r("XPENDING", "s", "g")[0] == 0
    assert r("XGROUP", "DESTROY", "s", "g") == 1
    assert r("XINFO", "GROUPS", "s") == []


def test_help_texts(r):
    lines = r("XGROUP", "HELP")
    assert lines[0].startswith("XGROUP <subcommand>") and any("DESTROY" in x for x in lines)
    assert r("XINFO", "HELP")[0].startswith("XINFO <subcommand>")
