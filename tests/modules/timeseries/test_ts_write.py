"""TS.CREATE / ALTER / ADD / MADD / INCRBY / DECRBY / DEL / INFO, and these keys in the keyspace."""
import pytest
import redis

ERR = redis.exceptions.ResponseError


def test_create_and_info(x):
    assert x("TS.CREATE", "t", "RETENTION", 5000, "ENCODING", "UNCOMPRESSED", "CHUNK_SIZE", 128,
             "DUPLICATE_POLICY", "max", "IGNORE", 10, 0.5, "LABELS", "room", "study", "type", "temp") == "OK"
    info = x("TS.INFO", "t")
    d = dict(zip(info[::2], info[1::2]))
    assert d["totalSamples"] == 0 and d["firstTimestamp"] == 0 and d["lastTimestamp"] == 0
    assert d["retentionTime"] == 5000 and d["chunkSize"] == 128 and d["chunkType"] == "uncompressed"
    assert d["duplicatePolicy"] == "max" and d["labels"] == [["room", "study"], ["type", "temp"]]
    assert d["sourceKey"] is None and d["rules"] == [] and d["chunkCount"] == 1
    assert d["ignoreMaxTimeDiff"] == 10 and float(d["ignoreMaxValDiff"]) == 0.5
    with pytest.raises(ERR, match="TSDB: key already exists"):
        x("TS.CREATE", "t")


def test_info_debug_and_resp3(c3):
    c3.execute_command("TS.ADD", "t", 10, 1, "LABELS", "a", "b")
    info = c3.execute_command("TS.INFO", "t", "DEBUG")
    assert isinstance(info, dict) and info["labels"] == {"a": "b"} and info["totalSamples"] == 1
    assert info["keySelfName"] == "t" and info["Chunks"][0]["samples"] == 1
    assert c3.ts().info("t")["totalSamples"] == 1


@pytest.mark.parametrize("args, msg", [
    (("RETENTION", "-1"), "Couldn't parse RETENTION"),
    (("RETENTION", "x"), "Couldn't parse RETENTION"),
    (("CHUNK_SIZE", "100"), "CHUNK_SIZE value must be a multiple of 8"),
    (("DUPLICATE_POLICY", "nope"), "Unknown DUPLICATE_POLICY"),
    (("ENCODING", "zip"), "unknown ENCODING parameter"),
    (("LABELS", "a"), "Couldn't parse LABELS"),
    (("BOGUS",), "TSDB: wrong arguments"),
])
def test_create_bad_options(x, args, msg):
    with pytest.raises(ERR, match=msg):
        x("TS.CREATE", "t", *args)
    assert x("EXISTS", "t") == 0


def test_add_star_uses_engine_clock(c, engine):
    now = engine.clock.time_ms()
    assert c.execute_command("TS.ADD", "t", "*", 1) == now
    engine.clock.advance(ms=5)
    assert c.ts().add("t", "*", 2) == now + 5
    assert c.ts().get("t") == (now + 5, 2.0)


def test_add_creates_with_options_and_ignores_them_later(x):
    assert x("TS.ADD", "t", 100, 1.5, "RETENTION", 1000, "LABELS", "k", "v") == 100
    assert x("TS.ADD", "t", 200, 2, "RETENTION", 7, "LABELS", "z", "z") == 200
    d = dict(zip(*[iter(x("TS.INFO", "t"))] * 2))
    assert d["retentionTime"] == 1000 and d["labels"] == [["k", "v"]]


def test_add_bad_input(x):
    with pytest.raises(ERR, match="invalid timestamp, must be a nonnegative integer"):
        x("TS.ADD", "t", -1, 1)
    with pytest.raises(ERR, match="TSDB: invalid value"):
        x("TS.ADD", "t", 1, "abc")
    with pytest.raises(ERR, match="TSDB: invalid value"):
        x("TS.ADD", "t", 1, "nan")
    with pytest.raises(ERR, match="wrong number of arguments"):
        x("TS.ADD", "t", 1)
    x("SET", "s", "v")
    with pytest.raises(ERR, match="the key is not a TSDB key"):
        x("TS.ADD", "s", 1, 1)
    with pytest.raises(redis.exceptions.ResponseError, match="WRONGTYPE"):
        x("TS.RANGE", "s", "-", "+")


@pytest.mark.parametrize("policy, expected", [("FIRST", 1), ("LAST", 5), ("MIN", 1), ("MAX", 5), ("SUM", 6)])
def test_duplicate_policies(x, policy, expected):
    x("TS.CREATE", "t", "DUPLICATE_POLICY", policy)
    x("TS.ADD", "t", 10, 1)
    x("TS.ADD", "t", 10, 5)
    assert x("TS.GET", "t") == [10, str(expected)]


def test_block_is_the_default_and_on_duplicate_overrides(x):
    x("TS.ADD", "t", 10, 1)
    with pytest.raises(ERR, match="update is not supported when DUPLICATE_POLICY is set to BLOCK"):
        x("TS.ADD", "t", 10, 2)
    assert x("TS.ADD", "t", 10, 3, "ON_DUPLICATE", "SUM") == 10
    assert x("TS.GET", "t") == [10, "4"]


def test_ignore_drops_near_duplicates_under_last(x):
    x("TS.CREATE", "t", "DUPLICATE_POLICY", "LAST", "IGNORE", 100, 1.0)
    assert x("TS.ADD", "t", 1000, 10) == 1000
    assert x("TS.ADD", "t", 1050, 10.5) == 1000       # ignored: the reply is the latest timestamp
    assert x("TS.ADD", "t", 1200, 10.5) == 1200
    assert x("TS.RANGE", "t", "-", "+") == [[1000, "10"], [1200, "10.5"]]


def test_retention_is_relative_to_the_newest_sample(x):
    x("TS.CREATE", "t", "RETENTION", 100)
    for ts in (1000, 1050, 1100, 1150):
        x("TS.ADD", "t", ts, ts)
    assert [p[0] for p in x("TS.RANGE", "t", "-", "+")] == [1050, 1100, 1150]
    with pytest.raises(ERR, match="Timestamp is older than retention"):
        x("TS.ADD", "t", 1000, 1)
    x("TS.ADD", "t", 1060, 5)                           # late but inside the window
    assert x("TS.RANGE", "t", 1055, 1065) == [[1060, "5"]]


def test_madd_reports_per_sample(c, x):
    x("TS.CREATE", "a")
    r = c.execute_command("TS.MADD", "a", 1, 10, "missing", 1, 1, "a", 2, "x")
    assert r[0] == 1
    assert isinstance(r[1], ERR) and "the key does not exist" in str(r[1])
    assert isinstance(r[2], ERR) and "invalid value" in str(r[2])
    with pytest.raises(ERR, match="wrong number of arguments for 'ts.madd'"):
        x("TS.MADD", "a", 1, 2, "b")
    assert c.ts().madd([("a", 3, 30), ("a", 4, 40)]) == [3, 4]


def test_incrby_decrby(x, engine):
    now = engine.clock.time_ms()
    assert x("TS.INCRBY", "cnt", 5) == now
    assert x("TS.INCRBY", "cnt", 2) == now                # same ms: the latest sample grows
    assert x("TS.GET", "cnt") == [now, "7"]
    assert x("TS.DECRBY", "cnt", 10, "TIMESTAMP", now + 10) == now + 10
    assert x("TS.GET", "cnt") == [now + 10, "-3"]
    with pytest.raises(ERR, match="timestamp must be equal to or higher than the maximum existing timestamp"):
        x("TS.INCRBY", "cnt", 1, "TIMESTAMP", now)
    with pytest.raises(ERR, match="invalid increase/decrease value"):
        x("TS.INCRBY", "cnt", "x")
    assert x("TS.INCRBY", "new", 1, "TIMESTAMP", 50, "LABELS", "k", "v") == 50
    assert x("TS.QUERYINDEX", "k=v") == ["new"]


def test_alter(x):
    x("TS.CREATE", "t", "LABELS", "a", "1")
    assert x("TS.ALTER", "t", "RETENTION", 10, "DUPLICATE_POLICY", "LAST", "LABELS", "b", "2") == "OK"
    d = dict(zip(*[iter(x("TS.INFO", "t"))] * 2))
    assert d["retentionTime"] == 10 and d["duplicatePolicy"] == "last" and d["labels"] == [["b", "2"]]
    with pytest.raises(ERR, match="the key does not exist"):
        x("TS.ALTER", "nope", "RETENTION", 1)


def test_del_range(x):
    for ts in range(10, 60, 10):
        x("TS.ADD", "t", ts, ts)
    assert x("TS.DEL", "t", 20, 40) == 3
    assert x("TS.RANGE", "t", "-", "+") == [[10, "10"], [50, "50"]]
    with pytest.raises(ERR, match="the key does not exist"):
        x("TS.DEL", "nope", 0, 1)
    with pytest.raises(ERR, match="wrong fromTimestamp"):
        x("TS.DEL", "t", "a", 1)


def test_get_missing_and_empty(x):
    with pytest.raises(ERR, match="TSDB: the key does not exist"):
        x("TS.GET", "nope")
    x("TS.CREATE", "e")
    assert x("TS.GET", "e") == []


def test_keyspace_integration(c, x, engine):
    x("TS.ADD", "t", 1, 1, "LABELS", "a", "b")
    assert x("TYPE", "t") == "TSDB-TYPE"
    assert x("OBJECT", "ENCODING", "t") == "raw"
    assert x("COPY", "t", "t2") == 1
    x("TS.ADD", "t2", 2, 2)
    assert len(x("TS.RANGE", "t", "-", "+")) == 1 and len(x("TS.RANGE", "t2", "-", "+")) == 2
    assert x("MEMORY", "USAGE", "t") > 0
    assert x("EXPIRE", "t2", 10) == 1
    engine.clock.advance(11)
    assert x("EXISTS", "t2") == 0
    assert x("TS.QUERYINDEX", "a=b") == ["t"]
    assert x("DEL", "t") == 1
    assert x("TS.QUERYINDEX", "a=b") == []


def test_scan_type(c, x):
    x("TS.CREATE", "t")
    x("SET", "s", "v")
    x("BF.ADD", "b", "a")
    assert c.scan(0, _type="TSDB-TYPE")[1] == ["t"]
    assert c.scan(0, _type="tsdb-type")[1] == ["t"]
    assert c.scan(0, _type="MBbloom--")[1] == ["b"]


def test_multi_exec(c):
    p = c.pipeline(transaction=True)
    p.execute_command("TS.CREATE", "t")
    p.execute_command("TS.ADD", "t", 1, 1)
    p.execute_command("TS.ADD", "t", 1, 2)           # BLOCK: an error inside EXEC, others run
    p.execute_command("TS.GET", "t")
    res = p.execute(raise_on_error=False)
    assert res[0] in (True, "OK") and res[1] == 1 and isinstance(res[2], ERR) and res[3] == [1, "1"]


def test_keyspace_notification(c, engine):
    c.config_set("notify-keyspace-events", "Ed")
    ps = c.pubsub()
    ps.subscribe("__keyevent@0__:ts.add")
    ps.get_message(timeout=0)
    c.execute_command("TS.ADD", "t", 1, 1)
    msg = ps.get_message(timeout=0)
    assert msg and msg["data"] == "t"


def test_watch_sees_series_writes(c, engine):
    import redislab
    c.execute_command("TS.ADD", "w", 1, 1)
    other = redislab.Redis(engine, protocol=2, decode_responses=True)
    with c.pipeline() as p:
        p.watch("w")
        other.execute_command("TS.ADD", "w", 2, 2)
        p.multi()
        p.execute_command("TS.ADD", "w", 3, 3)
        with pytest.raises(redis.exceptions.WatchError):
            p.execute()
