"""BF.* and CF.*: real filters (measured false-positive rates), replies and errors."""
import pytest
import redis

ERR = redis.exceptions.ResponseError


def test_reserve_add_exists(x):
    assert x("BF.RESERVE", "bf", 0.01, 1000) == "OK"
    assert x("BF.ADD", "bf", "a") == 1
    assert x("BF.ADD", "bf", "a") == 0
    assert x("BF.MADD", "bf", "a", "b", "c") == [0, 1, 1]
    assert x("BF.EXISTS", "bf", "b") == 1 and x("BF.EXISTS", "nokey", "b") == 0
    assert x("BF.MEXISTS", "bf", "a", "zzz") == [1, 0]
    assert x("BF.CARD", "bf") == 3 and x("BF.CARD", "nokey") == 0
    with pytest.raises(ERR, match="item exists"):
        x("BF.RESERVE", "bf", 0.01, 10)


def test_default_filter_info(x, c3):
    x("BF.ADD", "bf1", "observation1")
    assert x("BF.INFO", "bf1") == ["Capacity", 100, "Size", 240, "Number of filters", 1,
                                   "Number of items inserted", 1, "Expansion rate", 2]
    assert x("BF.INFO", "bf1", "CAPACITY") == [100]
    assert x("BF.INFO", "bf1", "items") == [1]
    assert c3.execute_command("BF.INFO", "bf1")["Number of filters"] == 1
    with pytest.raises(ERR, match="not found"):
        x("BF.INFO", "nokey")


def test_false_positive_rate_is_near_the_error_rate(x):
    x("BF.RESERVE", "bf", 0.01, 2000)
    x("BF.MADD", "bf", *[f"in:{i}" for i in range(2000)])
    assert all(x("BF.MEXISTS", "bf", *[f"in:{i}" for i in range(2000)]))   # no false negatives
    probes = [f"out:{i}" for i in range(20000)]
    fp = sum(x("BF.MEXISTS", "bf", *probes)) / len(probes)
    assert 0.003 < fp < 0.02, fp


def test_scaling_adds_sub_filters_and_keeps_the_rate(x):
    x("BF.RESERVE", "bf", 0.01, 500, "EXPANSION", 2)
    x("BF.MADD", "bf", *[f"in:{i}" for i in range(3000)])
    info = dict(zip(*[iter(x("BF.INFO", "bf"))] * 2))
    assert info["Number of filters"] == 3                     # 500 + 1000 + 2000
    assert info["Capacity"] == 3500
    probes = [f"out:{i}" for i in range(20000)]
    fp = sum(x("BF.MEXISTS", "bf", *probes)) / len(probes)
    assert fp < 0.03, fp


def test_nonscaling_filter_fills_up(c, x):
    x("BF.RESERVE", "bf", 0.01, 3, "NONSCALING")
    r = c.execute_command("BF.MADD", "bf", "a", "b", "c", "d")
    assert r[:3] == [1, 1, 1] and isinstance(r[3], ERR) and "non scaling filter is full" in str(r[3])
    with pytest.raises(ERR, match="non scaling filter is full"):
        x("BF.ADD", "bf", "e")
    assert x("BF.INFO", "bf", "EXPANSION") == [None]


@pytest.mark.parametrize("args, msg", [
    (("x", 10), "bad error rate"),
    ((1.5, 10), r"\(0 < error rate range < 1\)"),
    ((0.1, "x"), "bad capacity"),
    ((0.1, 0), r"\(capacity should be larger than 0\)"),
    ((0.1, 10, "EXPANSION", "x"), "bad expansion"),
    ((0.1, 10, "EXPANSION", 0), "expansion should be greater or equal to 1"),
    ((0.1, 10, "EXPANSION", 2, "NONSCALING"), "Nonscaling filters cannot expand"),
    ((0.1, 10, "WHAT"), "syntax error"),
])
def test_reserve_errors(x, args, msg):
    with pytest.raises(ERR, match=msg):
        x("BF.RESERVE", "bf", *args)


def test_insert(x):
    assert x("BF.INSERT", "bf", "CAPACITY", 1000, "ERROR", 0.001, "ITEMS", "a", "b", "a") == [1, 1, 0]
    assert x("BF.INFO", "bf", "CAPACITY") == [1000]
    with pytest.raises(ERR, match="not found"):
        x("BF.INSERT", "nokey", "NOCREATE", "ITEMS", "a")
    with pytest.raises(ERR, match="wrong number of arguments"):
        x("BF.INSERT", "bf", "ITEMS")
    with pytest.raises(ERR, match="wrong number of arguments"):
        x("BF.ADD", "bf")


def test_redis_py_bf_helpers(c):
    bf = c.bf()
    assert bf.create("h", 0.01, 100)
    assert bf.add("h", "x") == 1
    assert bf.madd("h", "x", "y") == [0, 1]
    assert bf.exists("h", "y") == 1
    assert bf.info("h").capacity == 100
    assert bf.card("h") == 2


def test_wrong_type(x):
    x("SET", "s", "v")
    for cmd in (("BF.ADD", "s", "a"), ("BF.EXISTS", "s", "a"), ("CF.ADD", "s", "a"), ("CF.COUNT", "s", "a")):
        with pytest.raises(ERR, match="WRONGTYPE"):
            x(*cmd)


def test_keyspace_integration(c, x, engine):
    x("BF.ADD", "b", "a")
    x("CF.ADD", "f", "a")
    assert x("TYPE", "b") == "MBbloom--" and x("TYPE", "f") == "MBbloomCF"
    assert x("OBJECT", "ENCODING", "b") == "raw"
    assert x("COPY", "b", "b2") == 1
    x("BF.ADD", "b2", "z")
    assert x("BF.EXISTS", "b", "z") == 0 and x("BF.EXISTS", "b2", "z") == 1
    assert x("MEMORY", "USAGE", "b") > 0
    x("EXPIRE", "b2", 1)
    engine.clock.advance(2)
    assert x("EXISTS", "b2") == 0
    p = c.pipeline(transaction=True)
    p.execute_command("BF.ADD", "b", "q")
    p.execute_command("BF.EXISTS", "b", "q")
    p.execute_command("CF.DEL", "f", "a")
    assert p.execute() == [1, 1, 1]
    assert x("DEL", "b", "f") == 2


# ------------------------------------------------------------------ cuckoo

def test_cuckoo_basics(x):
    assert x("CF.RESERVE", "cf", 1000) == "OK"
    assert x("CF.ADD", "cf", "a") == 1
    assert x("CF.ADD", "cf", "a") == 1                    # duplicates are allowed
    assert x("CF.COUNT", "cf", "a") == 2
    assert x("CF.ADDNX", "cf", "a") == 0 and x("CF.ADDNX", "cf", "b") == 1
    assert x("CF.EXISTS", "cf", "b") == 1 and x("CF.MEXISTS", "cf", "a", "zz") == [1, 0]
    assert x("CF.DEL", "cf", "a") == 1 and x("CF.COUNT", "cf", "a") == 1
    assert x("CF.DEL", "cf", "nothere") == 0
    assert x("CF.INFO", "cf") == ["Size", 1080, "Number of buckets", 512, "Number of filters", 1,
                                  "Number of items inserted", 2, "Number of items deleted", 1,
                                  "Bucket size", 2, "Expansion rate", 1, "Max iterations", 20]
    with pytest.raises(ERR, match="Not found"):
        x("CF.DEL", "nokey", "a")
    assert x("CF.COUNT", "nokey", "a") == 0 and x("CF.EXISTS", "nokey", "a") == 0
    with pytest.raises(ERR, match="not found"):
        x("CF.INFO", "nokey")
    with pytest.raises(ERR, match="item exists"):
        x("CF.RESERVE", "cf", 100)


def test_cuckoo_no_false_negatives_and_low_false_positives(x):
    x("CF.RESERVE", "cf", 4000, "BUCKETSIZE", 4)
    items = [f"in:{i}" for i in range(3000)]
    assert x("CF.INSERT", "cf", "ITEMS", *items) == [1] * 3000
    assert all(x("CF.MEXISTS", "cf", *items))
    probes = [f"out:{i}" for i in range(10000)]
    fp = sum(x("CF.MEXISTS", "cf", *probes)) / len(probes)
    assert fp < 0.06, fp          # 8-bit fingerprints, two buckets of 4: about 8/255 at most


def test_cuckoo_full_and_growth(c, x):
    x("CF.RESERVE", "small", 4, "BUCKETSIZE", 2, "MAXITERATIONS", 5, "EXPANSION", 0)
    r = x("CF.INSERT", "small", "ITEMS", *[f"i{n}" for n in range(40)])
    assert r[:4] == [1, 1, 1, 1] and r[-1] == -1
    with pytest.raises(ERR, match="Filter is full"):
        for n in range(40, 80):
            x("CF.ADD", "small", f"i{n}")
    x("CF.RESERVE", "grow", 4, "EXPANSION", 2)
    x("CF.INSERT", "grow", "ITEMS", *[f"i{n}" for n in range(64)])
    info = dict(zip(*[iter(x("CF.INFO", "grow"))] * 2))
    assert info["Number of filters"] > 1 and info["Number of items inserted"] == 64


def test_cuckoo_insertnx_and_errors(x):
    assert x("CF.INSERTNX", "cf", "CAPACITY", 100, "ITEMS", "a", "a", "b") == [1, 0, 1]
    with pytest.raises(ERR, match="not found"):
        x("CF.INSERT", "nokey", "NOCREATE", "ITEMS", "a")
    with pytest.raises(ERR, match="Bad capacity"):
        x("CF.RESERVE", "c2", "x")
    with pytest.raises(ERR, match="Capacity must be at least"):
        x("CF.RESERVE", "c2", 1)
    with pytest.raises(ERR, match="Bad bucket size"):
        x("CF.RESERVE", "c2", 100, "BUCKETSIZE", "x")
    with pytest.raises(ERR, match="wrong number of arguments"):
        x("CF.ADD", "cf")


def test_redis_py_cf_helpers(c):
    cf = c.cf()
    assert cf.create("k", 100)
    assert cf.add("k", "a") == 1
    assert cf.exists("k", "a") == 1
    assert cf.info("k").bucketSize == 2


def test_watch_sees_filter_writes(c, engine):
    import redislab
    c.execute_command("BF.ADD", "w", "a")
    other = redislab.Redis(engine, protocol=2, decode_responses=True)
    with c.pipeline() as p:
        p.watch("w")
        other.execute_command("BF.ADD", "w", "b")
        p.multi()
        p.execute_command("BF.ADD", "w", "c")
        with pytest.raises(redis.exceptions.WatchError):
            p.execute()


def test_resp3_yes_no_answers_are_booleans(c3):
    x3 = c3.execute_command
    assert x3("BF.ADD", "b", "a") is True and x3("BF.ADD", "b", "a") is False
    assert x3("BF.MADD", "b", "a", "z") == [False, True]
    assert x3("BF.EXISTS", "b", "a") is True and x3("BF.MEXISTS", "b", "q") == [False]
    assert x3("CF.ADD", "c", "a") is True and x3("CF.ADDNX", "c", "a") is False
    assert x3("CF.EXISTS", "c", "a") is True and x3("CF.DEL", "c", "a") is True
    assert x3("CF.INSERT", "c", "ITEMS", "q") == [1]          # 1 / -1: stays an integer
    assert x3("CF.COUNT", "c", "q") == 1
