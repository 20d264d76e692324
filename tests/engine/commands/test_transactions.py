from redislab.engine.replies import NULL_ARRAY, QUEUED


def test_watch_aborts_when_watched_key_expires(r):
    r("SET", "k", "v", "PX", "100")
    assert r("WATCH", "k") == "OK"
    r.engine.clock.advance(0.2)  # expires; nobody touched it through a command
    r("MULTI")
    assert r("GET", "other") == QUEUED
    assert r("EXEC") is NULL_ARRAY


def test_exec_replies_in_order(r):
    r("MULTI")
    r("SET", "a", "1")
    r("GET", "a")
    assert r("EXEC") == ["OK", b"1"]


def test_discard_unwatches(r):
    r("WATCH", "k")
    r("MULTI")
    r("DISCARD")
    assert r.engine.keyspace.dbs[0].watchers == {}
