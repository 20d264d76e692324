"""CMS.* and TOPK.*."""
import pytest
import redis

ERR = redis.exceptions.ResponseError


def test_cms_counts(x):
    assert x("CMS.INITBYDIM", "m", 2000, 5) == "OK"
    assert x("CMS.INCRBY", "m", "a", 5, "b", 3) == [5, 3]
    assert x("CMS.INCRBY", "m", "a", 1) == [6]
    assert x("CMS.QUERY", "m", "a", "b", "c") == [6, 3, 0]
    assert x("CMS.INFO", "m") == ["width", 2000, "depth", 5, "count", 9]


def test_cms_initbyprob_dimensions(x):
    x("CMS.INITBYPROB", "p", 0.001, 0.01)
    # width = ceil(2 / 0.001), depth = ceil(log(0.01) / log(0.5))
    assert x("CMS.INFO", "p") == ["width", 2000, "depth", 7, "count", 0]


def test_cms_never_undercounts(x):
    x("CMS.INITBYDIM", "m", 20, 3)          # tiny: collisions are certain
    truth = {f"k{i}": i % 7 + 1 for i in range(100)}
    for k, n in truth.items():
        x("CMS.INCRBY", "m", k, n)
    got = x("CMS.QUERY", "m", *truth)
    assert all(g >= t for g, t in zip(got, truth.values()))
    assert any(g > t for g, t in zip(got, truth.values()))


def test_cms_merge(x):
    for k in ("a", "b", "d"):
        x("CMS.INITBYDIM", k, 100, 4)
    x("CMS.INCRBY", "a", "x", 2)
    x("CMS.INCRBY", "b", "x", 3, "y", 1)
    assert x("CMS.MERGE", "d", 2, "a", "b") == "OK"
    assert x("CMS.QUERY", "d", "x", "y") == [5, 1]
    assert x("CMS.MERGE", "d", 2, "a", "b", "WEIGHTS", 2, 3) == "OK"
    assert x("CMS.QUERY", "d", "x", "y") == [13, 3]
    assert x("CMS.INFO", "d")[-1] == 2 * 2 + 3 * 4
    x("CMS.INITBYDIM", "other", 10, 4)
    with pytest.raises(ERR, match="width/depth is not equal"):
        x("CMS.MERGE", "d", 1, "other")
    with pytest.raises(ERR, match="CMS: key does not exist"):
        x("CMS.MERGE", "d", 1, "nokey")


@pytest.mark.parametrize("cmd, msg", [
    (("CMS.INITBYDIM", "m", 0, 5), "CMS: invalid width"),
    (("CMS.INITBYDIM", "m", 5, "x"), "CMS: invalid depth"),
    (("CMS.INITBYPROB", "m", 2, 0.1), "CMS: invalid overestimation value"),
    (("CMS.INITBYPROB", "m", 0.1, 0), "CMS: invalid prob value"),
    (("CMS.QUERY", "nokey", "a"), "CMS: key does not exist"),
    (("CMS.INCRBY", "nokey", "a", 1), "CMS: key does not exist"),
    (("CMS.INFO", "nokey"), "CMS: key does not exist"),
])
def test_cms_errors(x, cmd, msg):
    with pytest.raises(ERR, match=msg):
        x(*cmd)


def test_cms_bad_increment_and_existing(x):
    x("CMS.INITBYDIM", "m", 10, 2)
    with pytest.raises(ERR, match="CMS: Cannot parse number"):
        x("CMS.INCRBY", "m", "a", "x")
    with pytest.raises(ERR, match="CMS: key already exists"):
        x("CMS.INITBYDIM", "m", 10, 2)
    with pytest.raises(ERR, match="wrong number of arguments"):
        x("CMS.INCRBY", "m", "a", 1, "b")


def test_redis_py_cms_helpers(c):
    cms = c.cms()
    assert cms.initbydim("h", 100, 4)
    assert cms.incrby("h", ["a", "b"], [3, 4]) == [3, 4]
    assert cms.query("h", "a") == [3]
    assert cms.info("h").width == 100


def test_topk(x):
    assert x("TOPK.RESERVE", "t", 3, 50, 4, 0.9) == "OK"
    stream = ["a"] * 50 + ["b"] * 30 + ["c"] * 20 + [f"rare{i}" for i in range(30)]
    for item in stream:
        x("TOPK.ADD", "t", item)
    assert x("TOPK.LIST", "t") == ["a", "b", "c"]
    assert x("TOPK.LIST", "t", "WITHCOUNT") == ["a", 50, "b", 30, "c", 20]
    assert x("TOPK.QUERY", "t", "a", "rare1") == [1, 0]
    assert x("TOPK.COUNT", "t", "a")[0] == 50
    assert x("TOPK.INFO", "t") == ["k", 3, "width", 50, "depth", 4, "decay", "0.90000000000000002"]


def test_topk_expels_and_incrby(x):
    x("TOPK.RESERVE", "t", 1)
    assert x("TOPK.ADD", "t", "a") == [None]
    assert x("TOPK.INCRBY", "t", "b", 10) == ["a"]               # b pushes a out
    assert x("TOPK.LIST", "t") == ["b"]


@pytest.mark.parametrize("cmd, msg", [
    (("TOPK.RESERVE", "t", 0), "TopK: invalid k"),
    (("TOPK.RESERVE", "t", 2, 0, 5, 0.9), "TopK: invalid width"),
    (("TOPK.RESERVE", "t", 2, 10, 0, 0.9), "TopK: invalid depth"),
    (("TOPK.RESERVE", "t", 2, 10, 5, 1.5), "TopK: invalid decay value"),
    (("TOPK.ADD", "nokey", "x"), "TopK: key does not exist"),
    (("TOPK.LIST", "nokey"), "TopK: key does not exist"),
    (("TOPK.INFO", "nokey"), "TopK: key does not exist"),
    (("TOPK.RESERVE", "t", 2, 10), "wrong number of arguments"),
])
def test_topk_errors(x, cmd, msg):
    with pytest.raises(ERR, match=msg):
        x(*cmd)


def test_topk_resp3_info_and_helpers(c, c3):
    tk = c.topk()
    assert tk.reserve("h", 2, 8, 7, 0.9)
    assert tk.add("h", "x", "y") == [None, None]
    assert c3.execute_command("TOPK.INFO", "h")["decay"] == 0.9
    assert tk.info("h").k == 2
    assert c.execute_command("TYPE", "h") == "TopK-TYPE"
    c.execute_command("CMS.INITBYDIM", "m", 5, 5)
    assert c.execute_command("TYPE", "m") == "CMSk-TYPE"
    assert c.execute_command("COPY", "h", "h2") == 1 and c.execute_command("TOPK.LIST", "h2") == ["x", "y"]


@pytest.mark.parametrize("cmd", [
    ("BF.RESERVE", "big", 0.0000001, 9223372036854775807),
    ("CF.RESERVE", "big", 9223372036854775807),
    ("CMS.INITBYDIM", "big", 4294967295, 4294967295),
    ("CMS.INITBYPROB", "big", 1e-12, 0.5),
    ("TOPK.RESERVE", "big", 10, 4294967295, 4294967295, 0.9),
])
def test_oversized_structures_are_refused(x, cmd):
    with pytest.raises(ERR, match="more than 64 MB"):
        x(*cmd)
    assert x("EXISTS", "big") == 0


def test_topk_matches_the_module_on_a_known_stream(c):
    # The stream and the answers a RedisBloom server gives for it (k=3, width 50,
    # depth 4, decay 0.9): which leader each addition expels, the final counts.
    tk = c.topk()
    tk.reserve("topk", 3, 50, 4, 0.9)
    stream = ["A", "B", "C", "D", "E", "A", "A", "B", "C", "G", "D", "B", "D", "A", "E", "E", 1]
    assert tk.add("topk", *stream) == [None, None, None, "A", "C", "D", None, None, "E", None,
                                       "B", "C", None, None, None, "D", None]
    assert tk.query("topk", "A", "B", "C", "D", "E", "F", "G") == [1, 1, 0, 0, 1, 0, 0]
    assert c.execute_command("TOPK.COUNT", "topk", "A", "B", "C", "D", "E", "F", "G") == [4, 3, 2, 3, 3, 0, 1]
    tk.reserve("topklist", 3, 50, 3, 0.9)
    tk.add("topklist", *stream[:-1])
    assert tk.list("topklist", withcount=True) == ["A", 4, "B", 3, "E", 3]
    tk.reserve("inc", 3, 10, 3, 1)
    assert tk.incrby("inc", ["bar", "baz", "42"], [3, 6, 2]) == [None, None, None]
    assert tk.incrby("inc", ["42", "xyzzy"], [8, 4]) == [None, "bar"]
    assert c.execute_command("TOPK.COUNT", "inc", "bar", "baz", "42", "xyzzy", 4) == [3, 6, 10, 4, 0]


def test_cms_like_the_module(c):
    cms = c.cms()
    for k in ("A", "B", "C"):
        cms.initbydim(k, 1000, 5)
    cms.incrby("A", ["foo", "bar", "baz"], [5, 3, 9])
    cms.incrby("B", ["foo", "bar", "baz"], [2, 3, 1])
    assert cms.merge("C", 2, ["A", "B"], ["2", "3"])
    assert cms.query("C", "foo", "bar", "baz") == [16, 15, 21]
