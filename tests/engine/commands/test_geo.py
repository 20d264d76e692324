"""Geo commands on the engine alone (the oracle comparisons live in tests/compat)."""
import pytest

from redislab.engine.commands.geo_search import _by_dist, _by_dist_desc, partial_sort
from redislab.engine.replies import NULL_ARRAY
from redislab.errors import RedisError

SEOUL = ("126.9784", "37.5665", "gangnam-store", "127.0276", "37.4979", "samsung-store",
         "126.9316", "37.5563", "hongdae-store")


@pytest.fixture
def seoul(r):
    assert r("GEOADD", "stores", *SEOUL) == 3
    return r


def test_guide_distance_is_4_2794_km_not_5_2(seoul):
    assert seoul("GEODIST", "stores", "gangnam-store", "hongdae-store", "km") == b"4.2794"
    assert seoul("GEODIST", "stores", "gangnam-store", "hongdae-store") == b"4279.3605"
    assert seoul("GEODIST", "stores", "gangnam-store", "samsung-store", "MI") == b"5.4542"


def test_guide_search_and_positions(seoul):
    assert seoul("GEOSEARCH", "stores", "FROMLONLAT", "126.9784", "37.5665", "BYRADIUS", "10", "km",
                 "ASC", "COUNT", "5") == [b"gangnam-store", b"hongdae-store", b"samsung-store"]
    assert seoul("GEOHASH", "stores", "gangnam-store", "nope") == [b"wydm9qybep0", None]
    assert seoul("GEOPOS", "stores", "hongdae-store", "nope") == [
        [b"126.93160146474838257", b"37.55630058834207574"], NULL_ARRAY]
    # the index is a plain sorted set scored by geohash
    assert seoul("ZSCORE", "stores", "gangnam-store") == 4077564854920134.0
    assert seoul("TYPE", "stores").lower() == "zset"


def test_search_options_shape(seoul):
    out = seoul("GEOSEARCH", "stores", "FROMMEMBER", "gangnam-store", "BYBOX", "20", "20", "km",
                "ASC", "WITHDIST", "WITHHASH", "WITHCOORD")
    assert out[0] == [b"gangnam-store", b"0.0000", 4077564854920134,
                      [b"126.97840064764022827", b"37.56650030628724579"]]
    assert [x[0] for x in out] == [b"gangnam-store", b"hongdae-store", b"samsung-store"]
    assert seoul("GEOSEARCH", "stores", "FROMMEMBER", "gangnam-store", "BYRADIUS", "5", "km",
                 "DESC", "WITHDIST") == [[b"hongdae-store", b"4.2794"], [b"gangnam-store", b"0.0000"]]


def test_geoadd_options(r):
    assert r("GEOADD", "g", "1", "2", "a") == 1
    assert r("GEOADD", "g", "XX", "3", "4", "a", "5", "6", "b") == 0
    assert r("GEOPOS", "g", "b") == [NULL_ARRAY]
    assert r("GEOADD", "g", "NX", "7", "8", "a", "5", "6", "b") == 1
    assert r("GEOADD", "g", "CH", "9", "9", "a", "5", "6", "b", "1", "1", "c") == 2
    assert r("GEOADD", "g", "nx", "xx", "1", "1", "a") == RedisError("ERR syntax error")
    assert r("GEOADD", "g", "1", "2", "a", "3") == RedisError("ERR syntax error")
    assert r("GEOADD", "g", "CH", "CH", "CH") == RedisError("ERR syntax error")


@pytest.mark.parametrize("args, err", [
    (("200", "100", "m"), "ERR invalid longitude,latitude pair 200.000000,100.000000"),
    (("0", "85.06", "m"), "ERR invalid longitude,latitude pair 0.000000,85.060000"),
    (("x", "1", "m"), "ERR value is not a valid float"),
    (("1", "nan", "m"), "ERR value is not a valid float"),
    (("inf", "1", "m"), "ERR invalid longitude,latitude pair inf,1.000000"),
])
def test_geoadd_coordinate_errors(r, args, err):
    assert r("GEOADD", "g", *args) == RedisError(err)
    assert r("EXISTS", "g") == 0


def test_geoadd_checks_every_place_before_adding(r):
    assert isinstance(r("GEOADD", "g", "1", "2", "a", "500", "0", "b"), RedisError)
    assert r("EXISTS", "g") == 0


def test_wrong_type(r):
    r("SET", "s", "v")
    for cmd in (("GEOADD", "s", "1", "2", "a"), ("GEOPOS", "s", "a"), ("GEOHASH", "s", "a"),
                ("GEODIST", "s", "a", "b"), ("GEOSEARCH", "s", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m"),
                ("GEORADIUS", "s", "0", "0", "1", "m")):
        assert r(*cmd) == RedisError("WRONGTYPE Operation against a key holding the wrong kind of value")


def test_geodist_errors_and_nils(seoul):
    assert seoul("GEODIST", "stores", "gangnam-store", "nope") is None
    assert seoul("GEODIST", "nokey", "a", "b") is None
    assert seoul("GEODIST", "stores", "a", "b", "parsec") == RedisError(
        "ERR unsupported unit provided. please use M, KM, FT, MI")
    assert seoul("GEODIST", "stores", "a", "b", "km", "x") == RedisError("ERR syntax error")


@pytest.mark.parametrize("args, err", [
    (("FROMLONLAT", "0", "0", "BYRADIUS", "1", "m", "ANY"), "ERR the ANY argument requires COUNT argument"),
    (("FROMLONLAT", "0", "0", "BYRADIUS", "1", "m", "COUNT", "0"), "ERR COUNT must be > 0"),
    (("FROMLONLAT", "0", "0", "BYRADIUS", "-1", "m"), "ERR radius cannot be negative"),
    (("FROMLONLAT", "0", "0", "BYRADIUS", "x", "m"), "ERR need numeric radius"),
    (("FROMLONLAT", "0", "0", "BYBOX", "x", "1", "m"), "ERR need numeric width"),
    (("FROMLONLAT", "0", "0", "BYBOX", "1", "x", "m"), "ERR need numeric height"),
    (("FROMLONLAT", "0", "0", "BYBOX", "1", "-1", "m"), "ERR height or width cannot be negative"),
    (("FROMMEMBER", "nope", "BYRADIUS", "1", "m"), "ERR could not decode requested zset member"),
    (("WITHDIST", "ASC", "BYRADIUS", "1", "m"),
     "ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for GEOSEARCH"),
    (("FROMLONLAT", "0", "0", "WITHDIST", "ASC"),
     "ERR exactly one of BYRADIUS and BYBOX can be specified for GEOSEARCH"),
    (("FROMLONLAT", "0", "0", "BYRADIUS", "1", "m", "STOREDIST"), "ERR syntax error"),
    (("FROMLONLAT", "0", "0", "BYRADIUS", "1", "m", "BYBOX", "1", "1", "m"), "ERR syntax error"),
])
def test_geosearch_errors(seoul, args, err):
    assert seoul("GEOSEARCH", "stores", *args) == RedisError(err)


def test_store_variants_and_notifications(seoul):
    got = []
    seoul.engine.keyspace.notifier = lambda cls, ev, key, dbid: cls == 'm' or got.append((cls, ev, key))
    assert seoul("GEOSEARCHSTORE", "dst", "stores", "FROMMEMBER", "gangnam-store", "BYRADIUS", "5", "km",
                 "STOREDIST") == 2
    assert seoul("ZRANGE", "dst", "0", "-1") == [b"gangnam-store", b"hongdae-store"]
    assert seoul("ZSCORE", "dst", "gangnam-store") == 0.0
    assert seoul("GEORADIUS", "stores", "126.9784", "37.5665", "5", "km", "STORE", "dst2") == 2
    assert seoul("ZSCORE", "dst2", "gangnam-store") == 4077564854920134.0
    assert seoul("GEOSEARCHSTORE", "dst", "stores", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m") == 0
    assert seoul("EXISTS", "dst") == 0
    assert seoul("GEOADD", "stores", "1", "1", "x") == 1
    assert got == [("z", "geosearchstore", b"dst"), ("z", "georadiusstore", b"dst2"),
                   ("g", "del", b"dst"), ("z", "zadd", b"stores")]


def test_georadiusbymember_on_missing_key_reads_no_radius(r):
    assert r("GEORADIUSBYMEMBER", "nokey", "m", "abc", "km") == []
    r("SET", "dst", "x")
    assert r("GEORADIUSBYMEMBER", "nokey", "m", "abc", "km", "STORE", "dst") == 0
    assert r("EXISTS", "dst") == 0


def test_ro_variants_refuse_store(seoul):
    assert seoul("GEORADIUS_RO", "stores", "0", "0", "1", "km", "STORE", "x") == RedisError("ERR syntax error")
    assert seoul("GEORADIUSBYMEMBER_RO", "stores", "gangnam-store", "5", "km") == [
        b"hongdae-store", b"gangnam-store"]


def test_resp3_coordinates_are_doubles(seoul):
    seoul("HELLO", "3")
    pos = seoul("GEOPOS", "stores", "gangnam-store")
    assert pos == [[126.97840064764022827, 37.56650030628724579]]
    assert isinstance(pos[0][0], float)


def test_partial_sort_orders_the_requested_prefix():
    import random

    rng = random.Random(5)
    for n in (3, 7, 8, 41, 100):
        for k in (1, 2, n // 2, n):
            pts = [[float(rng.randrange(10))] for _ in range(n)]
            a = list(pts)
            partial_sort(a, _by_dist, 0, k - 1)
            assert [p[0] for p in a[:k]] == sorted(p[0] for p in pts)[:k]
            b = list(pts)
            partial_sort(b, _by_dist_desc, 0, k - 1)
            assert [p[0] for p in b[:k]] == sorted((p[0] for p in pts), reverse=True)[:k]
