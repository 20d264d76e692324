"""TS.RANGE / REVRANGE / MRANGE / MREVRANGE / MGET / QUERYINDEX and compaction rules.
Aggregates are checked against values worked out by hand."""
import math

import pytest
import redis

ERR = redis.exceptions.ResponseError
DATA = [(0, 1), (10, 2), (20, 4), (30, 8), (45, 3), (60, 5)]


@pytest.fixture
def t(x):
    for ts, v in DATA:
        x("TS.ADD", "t", ts, v)
    return x


def agg(x, name, bucket=30, *extra):
    return [(ts, float(v)) for ts, v in x("TS.RANGE", "t", "-", "+", *extra, "AGGREGATION", name, bucket)]


# Buckets of 30 ms: [1, 2, 4] at 0, [8, 3] at 30, [5] at 60.
@pytest.mark.parametrize("name, expected", [
    ("avg", [7 / 3, 5.5, 5]),
    ("sum", [7, 11, 5]),
    ("min", [1, 3, 5]),
    ("max", [4, 8, 5]),
    ("range", [3, 5, 0]),
    ("count", [3, 2, 1]),
    ("first", [1, 8, 5]),
    ("last", [4, 3, 5]),
    ("var.p", [14 / 9, 6.25, 0]),            # mean 7/3: ((4/3)^2 + (1/3)^2 + (5/3)^2) / 3
    ("var.s", [7 / 3, 12.5, 0]),
    ("std.p", [math.sqrt(14 / 9), 2.5, 0]),
    ("std.s", [math.sqrt(7 / 3), math.sqrt(12.5), 0]),
])
def test_aggregators(t, name, expected):
    got = agg(t, name)
    assert [ts for ts, _ in got] == [0, 30, 60]
    assert [v for _, v in got] == pytest.approx(expected)


def test_twa_by_hand(t):
    # Bucket [0, 30): the line through (0,1) (10,2) (20,4), extended to 30 towards the
    # next sample (30,8); area 10*1.5 + 10*3 + 10*6 = 105 over 30 ms.
    assert agg(t, "twa")[0] == (0, pytest.approx(3.5))


def test_bucket_timestamp_count_and_reverse(t):
    assert [ts for ts, _ in agg(t, "sum", 30, "COUNT", 2)] == [0, 30]
    r = t("TS.RANGE", "t", "-", "+", "AGGREGATION", "sum", 30, "BUCKETTIMESTAMP", "+")
    assert [p[0] for p in r] == [30, 60, 90]
    r = t("TS.RANGE", "t", "-", "+", "AGGREGATION", "sum", 30, "BUCKETTIMESTAMP", "mid")
    assert [p[0] for p in r] == [15, 45, 75]
    r = t("TS.REVRANGE", "t", "-", "+", "COUNT", 2, "AGGREGATION", "sum", 30)
    assert r == [[60, "5"], [30, "11"]]
    assert t("TS.REVRANGE", "t", 10, 30) == [[30, "8"], [20, "4"], [10, "2"]]


def test_align(t):
    r = t("TS.RANGE", "t", "-", "+", "ALIGN", 10, "AGGREGATION", "count", 30)
    assert r == [[0, "1"], [10, "3"], [40, "2"]]              # the bucket from -20 is reported at 0
    r = t("TS.RANGE", "t", 5, 65, "ALIGN", "start", "AGGREGATION", "count", 30)
    assert [p[0] for p in r] == [5, 35]
    with pytest.raises(ERR, match="start alignment can only be used with explicit start timestamp"):
        t("TS.RANGE", "t", "-", "+", "ALIGN", "-", "AGGREGATION", "count", 30)


def test_filters(t):
    assert t("TS.RANGE", "t", "-", "+", "FILTER_BY_VALUE", 3, 5) == [[20, "4"], [45, "3"], [60, "5"]]
    assert t("TS.RANGE", "t", "-", "+", "FILTER_BY_TS", 10, 45, 999) == [[10, "2"], [45, "3"]]
    # filters apply before aggregation
    assert t("TS.RANGE", "t", "-", "+", "FILTER_BY_VALUE", 2, 4, "AGGREGATION", "sum", 100) == [[0, "9"]]


def test_empty_buckets(x):
    x("TS.ADD", "e", 0, 1)
    x("TS.ADD", "e", 30, 8)
    assert x("TS.RANGE", "e", "-", "+", "AGGREGATION", "sum", 10, "EMPTY") == [[0, "1"], [10, "0"], [20, "0"], [30, "8"]]
    assert x("TS.RANGE", "e", "-", "+", "AGGREGATION", "last", 10, "EMPTY")[1] == [10, "1"]
    assert x("TS.RANGE", "e", "-", "+", "AGGREGATION", "min", 10, "EMPTY")[1] == [10, "nan"]
    assert x("TS.RANGE", "e", "-", "+", "AGGREGATION", "sum", 10) == [[0, "1"], [30, "8"]]


@pytest.mark.parametrize("args, msg", [
    (("a", "+"), "wrong fromTimestamp"),
    (("-", "b"), "wrong toTimestamp"),
    (("-", "+", "AGGREGATION", "median", 10), "Unknown aggregation type"),
    (("-", "+", "AGGREGATION", "avg", 0), "bucketDuration must be greater than zero"),
    (("-", "+", "AGGREGATION", "avg", "x"), "Couldn't parse AGGREGATION"),
    (("-", "+", "COUNT", "x"), "Couldn't parse COUNT"),
    (("-", "+", "FILTER_BY_VALUE", "a", 1), "Couldn't parse MIN"),
    (("-", "+", "ALIGN", 5), "ALIGN parameter can only be used with AGGREGATION"),
    (("-", "+", "NOPE"), "TSDB: wrong arguments"),
])
def test_range_errors(t, args, msg):
    with pytest.raises(ERR, match=msg):
        t("TS.RANGE", "t", *args)


def test_range_missing_key(x):
    with pytest.raises(ERR, match="the key does not exist"):
        x("TS.RANGE", "nope", "-", "+")
    with pytest.raises(ERR, match="wrong number of arguments"):
        x("TS.RANGE", "nope", "-")


@pytest.fixture
def stocks(x):
    x("TS.CREATE", "stock:A", "LABELS", "type", "stock", "name", "A")
    x("TS.CREATE", "stock:B", "LABELS", "type", "stock", "name", "B")
    x("TS.CREATE", "other", "LABELS", "type", "bond")
    x("TS.MADD", "stock:A", 1000, 100, "stock:A", 1010, 110, "stock:A", 1020, 120)
    x("TS.MADD", "stock:B", 1000, 120, "stock:B", 1010, 110, "stock:B", 1020, 100)
    return x


def test_mrange_groupby(stocks):
    r = stocks("TS.MRANGE", "-", "+", "WITHLABELS", "FILTER", "type=stock", "GROUPBY", "type", "REDUCE", "max")
    assert r == [["type=stock", [["type", "stock"], ["__reducer__", "max"], ["__source__", "stock:A,stock:B"]],
                  [[1000, "120"], [1010, "110"], [1020, "120"]]]]
    r = stocks("TS.MRANGE", "-", "+", "FILTER", "type=stock", "GROUPBY", "type", "REDUCE", "sum")
    assert r[0][2] == [[1000, "220"], [1010, "220"], [1020, "220"]]


def test_mrange_labels_and_filters(stocks):
    r = stocks("TS.MRANGE", "-", "+", "SELECTED_LABELS", "name", "nope", "FILTER", "type=stock")
    assert [row[0] for row in r] == ["stock:A", "stock:B"]
    assert r[0][1] == [["name", "A"], ["nope", None]]
    r = stocks("TS.MREVRANGE", "-", "+", "COUNT", 1, "FILTER", "type=(stock,bond)", "name!=B")
    assert r == [["other", [], []], ["stock:A", [], [[1020, "120"]]]]
    assert stocks("TS.QUERYINDEX", "type=stock", "name=") == []
    assert stocks("TS.QUERYINDEX", "type!=", "type=(stock)") == ["stock:A", "stock:B"]
    assert stocks("TS.QUERYINDEX", "type=bond", "name=") == ["other"]
    assert stocks("TS.QUERYINDEX", "type=(stock,bond)", "name!=(A,B)") == ["other"]
    with pytest.raises(ERR, match="please provide at least one matcher"):
        stocks("TS.QUERYINDEX", "type!=stock")
    with pytest.raises(ERR, match="failed parsing labels"):
        stocks("TS.QUERYINDEX", "garbage")
    with pytest.raises(ERR, match="missing FILTER"):
        stocks("TS.MRANGE", "-", "+", "COUNT", 1)


def test_mget(stocks):
    r = stocks("TS.MGET", "WITHLABELS", "FILTER", "type=stock")
    assert r == [["stock:A", [["type", "stock"], ["name", "A"]], [1020, "120"]],
                 ["stock:B", [["type", "stock"], ["name", "B"]], [1020, "100"]]]
    assert stocks("TS.MGET", "FILTER", "type=bond") == [["other", [], []]]


def test_resp3_shapes(stocks, c3):
    r = c3.execute_command("TS.MRANGE", "-", "+", "WITHLABELS", "AGGREGATION", "max", 100, "FILTER", "type=stock")
    assert r["stock:A"] == [{"type": "stock", "name": "A"}, {"aggregators": ["max"]}, [[1000, 120.0]]]
    r = c3.execute_command("TS.MGET", "FILTER", "name=B")
    assert r == {"stock:B": [{}, [1020, 100.0]]}
    assert c3.execute_command("TS.RANGE", "stock:A", 1010, 1010) == [[1010, 110.0]]


def test_redis_py_helpers(stocks, c):
    ts = c.ts()
    assert [list(p) for p in ts.range("stock:A", "-", "+", aggregation_type="avg", bucket_size_msec=100)] == [[1000, 110.0]]
    assert [list(p) for p in ts.revrange("stock:B", 1000, 1010)] == [[1010, 110.0], [1000, 120.0]]
    got = ts.mget(["type=stock"], with_labels=True)
    assert got[0] == {"stock:A": [{"type": "stock", "name": "A"}, 1020, 120.0]}
    mr = ts.mrange("-", "+", ["type=stock"], groupby="type", reduce="min")
    assert "type=stock" in str(mr)
    assert ts.queryindex(["type=stock"]) == ["stock:A", "stock:B"]


# ------------------------------------------------------------- compaction

def test_guide_section_7_3(x, engine):
    t0 = engine.clock.time_ms()
    key = "sensor:temperature:1"
    assert x("TS.CREATE", key, "RETENTION", 86400000, "LABELS", "sensor_id", 1, "type", "temperature") == "OK"
    for v in (23.5, 24.1, 22.8):
        x("TS.ADD", key, "*", v)
        engine.clock.advance(1)             # a virtual clock only moves when told to
    assert x("TS.RANGE", key, "-", "+", "COUNT", 10) == [[t0, "23.5"], [t0 + 1000, "24.1"], [t0 + 2000, "22.8"]]
    start = t0 - t0 % 300000
    r = x("TS.RANGE", key, "-", "+", "AGGREGATION", "avg", 300000)
    assert r[0][0] == start and float(r[0][1]) == pytest.approx((23.5 + 24.1 + 22.8) / 3)
    # The guide creates the rule straight away; the destination must exist first.
    with pytest.raises(ERR, match="TSDB: the key does not exist"):
        x("TS.CREATERULE", key, key + ":avg", "AGGREGATION", "avg", 300000)
    assert x("TS.CREATE", key + ":avg", "LABELS", "sensor_id", 1, "type", "temperature_avg") == "OK"
    assert x("TS.CREATERULE", key, key + ":avg", "AGGREGATION", "avg", 300000) == "OK"
    info = dict(zip(*[iter(x("TS.INFO", key))] * 2))
    assert info["rules"] == [[key + ":avg", 300000, "AVG", 0]]
    dinfo = dict(zip(*[iter(x("TS.INFO", key + ":avg"))] * 2))
    assert dinfo["sourceKey"] == key
    # New samples: two in the next 5-minute bucket, then one that opens the bucket after.
    b1 = start + 300000
    x("TS.ADD", key, b1 + 10, 20)
    x("TS.ADD", key, b1 + 20, 30)
    assert x("TS.RANGE", key + ":avg", "-", "+") == []          # bucket still open
    assert x("TS.GET", key + ":avg", "LATEST") == [b1, "25"]
    x("TS.ADD", key, b1 + 300000, 99)
    assert x("TS.RANGE", key + ":avg", "-", "+") == [[b1, "25"]]
    assert x("TS.RANGE", key + ":avg", "-", "+", "LATEST") == [[b1, "25"], [b1 + 300000, "99"]]
    # A late sample in a closed bucket rewrites that bucket from the raw samples.
    x("TS.ADD", key, b1 + 30, 40)
    assert x("TS.RANGE", key + ":avg", "-", "+") == [[b1, "30"]]


def test_rule_errors_and_deleterule(x):
    x("TS.CREATE", "src")
    x("TS.CREATE", "dst")
    x("TS.CREATE", "dst2")
    with pytest.raises(ERR, match="source key and destination key should be different"):
        x("TS.CREATERULE", "src", "src", "AGGREGATION", "avg", 10)
    with pytest.raises(ERR, match="Unknown aggregation type"):
        x("TS.CREATERULE", "src", "dst", "AGGREGATION", "mean", 10)
    with pytest.raises(ERR, match="bucketDuration must be greater than zero"):
        x("TS.CREATERULE", "src", "dst", "AGGREGATION", "avg", -5)
    assert x("TS.CREATERULE", "src", "dst", "AGGREGATION", "sum", 10, 5) == "OK"
    with pytest.raises(ERR, match="the destination key already has a src rule"):
        x("TS.CREATERULE", "src", "dst", "AGGREGATION", "avg", 10)
    with pytest.raises(ERR, match="the source key already has a source rule"):
        x("TS.CREATERULE", "dst", "dst2", "AGGREGATION", "avg", 10)
    with pytest.raises(ERR, match="the destination key already has a dst rule"):
        x("TS.CREATERULE", "dst2", "src", "AGGREGATION", "avg", 10)
    for ts in (5, 6, 15):
        x("TS.ADD", "src", ts, 1)
    assert x("TS.RANGE", "dst", "-", "+") == [[5, "2"]]              # aligned to 5
    assert x("TS.DELETERULE", "src", "dst") == "OK"
    with pytest.raises(ERR, match="compaction rule does not exist"):
        x("TS.DELETERULE", "src", "dst")
    x("TS.ADD", "src", 40, 1)
    assert x("TS.RANGE", "dst", "-", "+") == [[5, "2"]]


def test_deleting_the_destination_drops_the_rule(x):
    x("TS.CREATE", "src")
    x("TS.CREATE", "dst")
    x("TS.CREATERULE", "src", "dst", "AGGREGATION", "count", 10)
    x("DEL", "dst")
    x("TS.ADD", "src", 1, 1)
    x("TS.ADD", "src", 20, 1)
    assert dict(zip(*[iter(x("TS.INFO", "src"))] * 2))["rules"] == []
    assert x("EXISTS", "dst") == 0


def test_del_rebuilds_compacted_buckets(x):
    x("TS.CREATE", "src")
    x("TS.CREATE", "dst")
    x("TS.CREATERULE", "src", "dst", "AGGREGATION", "sum", 10)
    for ts in (1, 2, 11, 12, 21, 31):
        x("TS.ADD", "src", ts, ts)
    assert x("TS.RANGE", "dst", "-", "+") == [[0, "3"], [10, "23"], [20, "21"]]
    assert x("TS.DEL", "src", 2, 11) == 2
    assert x("TS.RANGE", "dst", "-", "+") == [[0, "1"], [10, "12"], [20, "21"]]
    assert x("TS.DEL", "src", "-", "+") == 4              # a whole-range delete stays quick
    assert x("TS.RANGE", "dst", "-", "+") == []


def test_empty_guard_and_resp3_nan(x, c3):
    x("TS.ADD", "g", 0, 1)
    x("TS.ADD", "g", 10**12, 1)
    try:
        x("TS.RANGE", "g", "-", "+", "AGGREGATION", "sum", 1, "EMPTY")
        raise AssertionError("expected an error")
    except ERR as e:
        assert "bucketDuration" in str(e)
    r = c3.execute_command("TS.RANGE", "g", "-", "+", "AGGREGATION", "max", 5 * 10**11, "EMPTY")
    assert [p[0] for p in r] == [0, 5 * 10**11, 10**12] and math.isnan(float(r[1][1]))


@pytest.fixture
def sevens(c):
    for i in range(100):
        c.ts().add("s", i, i % 7)
        c.ts().add("s", i + 200, i % 7)
    return c.ts()


def test_alignment_and_twa_like_the_module(sevens):
    # Answers a RedisTimeSeries server gives for this data (redis-py's own test suite).
    rng = lambda **kw: [list(p) for p in sevens.range("s", 0, 10, **kw)]   # noqa: E731
    assert rng(aggregation_type="count", bucket_size_msec=10, align="+") == [[0, 10.0], [10, 1.0]]
    assert rng(aggregation_type="count", bucket_size_msec=10, align=5) == [[0, 5.0], [5, 6.0]]
    # twa looks only at the samples in the queried range: the bucket at 10 holds one sample
    assert rng(aggregation_type="twa", bucket_size_msec=10) == [[0, 2.55], [10, 3.0]]
    rev = [list(p) for p in sevens.revrange("s", 0, 10, aggregation_type="count", bucket_size_msec=10, align=1)]
    assert rev == [[1, 10.0], [0, 1.0]]
    assert len(sevens.range("s", 0, 500, aggregation_type="avg", bucket_size_msec=10)) == 20
    assert len(sevens.range("s", 0, 500, filter_by_ts=list(range(10, 20)),
                            filter_by_min_value=1, filter_by_max_value=2)) == 2


def test_latest_like_the_module(c):
    ts = c.ts()
    ts.create("t1")
    ts.create("t2", labels={"is_compaction": "true"})
    ts.createrule("t1", "t2", aggregation_type="sum", bucket_size_msec=10)
    for t, v in ((1, 1), (2, 3), (11, 7), (13, 1)):
        ts.add("t1", t, v)
    assert [list(p) for p in ts.range("t2", 0, 10)] == [[0, 4.0]]
    assert [list(p) for p in ts.range("t2", 0, 10, latest=True)] == [[0, 4.0], [10, 8.0]]
    assert [list(p) for p in ts.range("t2", 0, 9, latest=True)] == [[0, 4.0]]
    assert list(ts.get("t2")) == [0, 4.0] and list(ts.get("t2", latest=True)) == [10, 8.0]
    assert ts.mget(filters=["is_compaction=true"], latest=True) == [{"t2": [{}, 10, 8.0]}]


def test_insertion_filters_on_counters_and_madd(c):
    ts = c.ts()
    assert ts.incrby("k", 1.0, timestamp=1000, duplicate_policy="last",
                     ignore_max_time_diff=5, ignore_max_val_diff=10.0) == 1000
    assert ts.incrby("k", 3.0, timestamp=1000) == 1000            # 4.0 is within 10 of 1.0: ignored
    assert [list(p) for p in ts.range("k", "-", "+")] == [[1000, 1.0]]
    assert ts.incrby("k", 10.1, timestamp=1000) == 1000
    assert [list(p) for p in ts.range("k", "-", "+")] == [[1000, 11.1]]
    ts.create("m", duplicate_policy="last", ignore_max_time_diff=5, ignore_max_val_diff=10.0)
    ts.add("m", 1010, 1.0)
    assert ts.madd([("m", 1011, 11.0), ("m", 1013, 10.0), ("m", 1020, 2.0), ("m", 1021, 22.0)]) == [1010, 1010, 1020, 1021]
    assert [list(p) for p in ts.range("m", "-", "+")] == [[1010, 1.0], [1020, 2.0], [1021, 22.0]]
