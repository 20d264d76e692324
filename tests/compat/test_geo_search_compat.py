"""GEOSEARCH, GEOSEARCHSTORE and the GEORADIUS family against a real redis-server.

Unsorted results come in the order Redis scans its nine geohash cells, and COUNT
without ANY keeps the places Redis's partial quicksort puts first, so these tests
compare the raw replies, order included.
"""
import random

import pytest

from redislab.engine.datatypes.geohash import LAT_MAX


def run_all(o, cmds, floats=False):
    for c in cmds:
        o.same(*c.split(" ") if isinstance(c, str) else c, floats=floats)


def _world(oracle, seed: int, n: int) -> random.Random:
    """n places spread over the whole indexable map and n more in a cluster, added
    with both sides seeing the same input text."""
    rng = random.Random(seed)
    args = []
    for i in range(n):
        args += [repr(rng.uniform(-180, 180)), repr(rng.uniform(-LAT_MAX, LAT_MAX)), f"w{i}"]
    for i in range(n):
        args += ["%.6f" % (10 + rng.gauss(0, 0.5)), "%.6f" % (50 + rng.gauss(0, 0.5)), f"c{i}"]
    oracle.same("GEOADD", "world", *args)
    return rng


RADII = [("1", "km"), ("50", "km"), ("800", "km"), ("3000", "km"), ("9000", "km"), ("20000", "km"),
         ("250000", "m"), ("100", "mi"), ("4000000", "ft"), ("0", "m")]
OPTIONS = [[], ["ASC"], ["DESC"], ["WITHDIST", "WITHCOORD"], ["WITHHASH", "DESC", "WITHDIST"],
           ["COUNT", "3"], ["COUNT", "7", "DESC"], ["COUNT", "4", "ANY"], ["COUNT", "2", "ANY", "ASC"]]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_world_searches(oracle, seed):
    rng = _world(oracle, seed, 150)
    oracle.same("ZRANGE", "world", "0", "-1", "WITHSCORES")
    for _ in range(60):
        if rng.random() < 0.4:
            lon, lat = "%.5f" % (10 + rng.gauss(0, 1)), "%.5f" % (50 + rng.gauss(0, 1))
        else:
            lon, lat = repr(rng.uniform(-180, 180)), repr(rng.uniform(-LAT_MAX, LAT_MAX))
        r, unit = rng.choice(RADII)
        opts = rng.choice(OPTIONS)
        oracle.same("GEOSEARCH", "world", "FROMLONLAT", lon, lat, "BYRADIUS", r, unit, *opts)
        h = str(float(r) * rng.choice([0.5, 1, 3]))
        oracle.same("GEOSEARCH", "world", "FROMLONLAT", lon, lat, "BYBOX", r, h, unit, *opts)
        oracle.same("GEORADIUS", "world", lon, lat, r, unit, *opts)
        member = rng.choice("wc") + str(rng.randrange(150))
        oracle.same("GEOSEARCH", "world", "FROMMEMBER", member, "BYRADIUS", r, unit, "WITHDIST", *opts[:1])
        oracle.same("GEORADIUSBYMEMBER_RO", "world", member, r, unit, "WITHDIST")
        oracle.same("GEODIST", "world", member, rng.choice("wc") + str(rng.randrange(150)), unit)


@pytest.mark.parametrize("seed", [9, 21])
def test_random_edges_and_duplicates(oracle, seed):
    """Places crowded at the antimeridian, near the poles and on a few repeated spots,
    so searches wrap around the map and COUNT must break many ties as Redis does."""
    rng = random.Random(seed)

    def place():
        k = rng.random()
        if k < 0.25:
            return rng.uniform(-180, 180), rng.uniform(-LAT_MAX, LAT_MAX)
        if k < 0.5:
            return rng.choice([-1, 1]) * rng.uniform(179, 180), rng.uniform(-LAT_MAX, LAT_MAX)
        if k < 0.75:
            return rng.uniform(-180, 180), rng.choice([-1, 1]) * rng.uniform(80, LAT_MAX)
        return rng.choice([-180, 180, 0, 179.99999]), rng.choice([-LAT_MAX, LAT_MAX, 0, 66, -66, 80.0, -80.0])

    args = []
    for i in range(200):
        x, y = place()
        args += [repr(x), repr(y), f"m{i}"]
    oracle.same("GEOADD", "k", *args)
    for _ in range(40):
        x, y = place()
        r = rng.choice(["0", "1", "10", "100", "500", "1000", "2500", "5000", "10000", "15000", "25000"])
        opts = rng.choice([[], ["WITHDIST"], ["ASC", "WITHDIST"], ["COUNT", "5"], ["COUNT", "3", "ANY"],
                           ["DESC", "WITHCOORD"], ["COUNT", "9", "DESC"]])
        oracle.same("GEOSEARCH", "k", "FROMLONLAT", repr(x), repr(y), "BYRADIUS", r, "km", *opts)
        oracle.same("GEOSEARCH", "k", "FROMLONLAT", repr(x), repr(y), "BYBOX", r, rng.choice(["1", r, "3000"]), "km",
                    *opts)
        member = f"m{rng.randrange(200)}"
        oracle.same("GEOSEARCH", "k", "FROMMEMBER", member, "BYBOX", r, r, "km", "WITHDIST")
        oracle.same("GEODIST", "k", member, f"m{rng.randrange(200)}", "km")


def test_cluster_at_many_radii(oracle):
    _world(oracle, 11, 300)
    for r in ("0.5", "2", "5", "10", "25", "60", "120", "400"):
        for shape in (["BYRADIUS", r, "km"], ["BYBOX", r, r, "km"], ["BYBOX", r, str(float(r) / 4), "km"]):
            oracle.same("GEOSEARCH", "world", "FROMLONLAT", "10.1", "49.9", *shape, "WITHDIST")
            oracle.same("GEOSEARCH", "world", "FROMMEMBER", "c7", *shape, "COUNT", "10")


def test_poles_and_antimeridian(oracle):
    run_all(oracle, [
        "GEOADD e 179.9999 0 east1 -179.9999 0 west1 179.5 10 east2 -179.5 -10 west2 0 85 north1 "
        "0 -85 south1 90 84.9 north2 -90 -84.9 south2 180 0 edge -180 0 edge2 180 85.05112878 corner "
        "-179.99 85.05 ncorner 179.99 -85.05 scorner 45 -84 s45",
        "GEOSEARCH e FROMLONLAT 180 0 BYRADIUS 100 km",
        "GEOSEARCH e FROMLONLAT 180 0 BYRADIUS 2000 km WITHDIST",
        "GEOSEARCH e FROMLONLAT -180 0 BYRADIUS 2000 km WITHDIST",
        "GEOSEARCH e FROMLONLAT 179.99 5 BYBOX 3000 3000 km WITHDIST",
        "GEOSEARCH e FROMLONLAT -179.99 -5 BYBOX 3000 1000 km WITHDIST ASC",
        "GEOSEARCH e FROMLONLAT 0 85.05112878 BYRADIUS 1000 km WITHDIST",
        "GEOSEARCH e FROMLONLAT 0 -85.05112878 BYRADIUS 1000 km WITHDIST",
        "GEOSEARCH e FROMLONLAT 45 85 BYRADIUS 5000 km WITHDIST",
        "GEOSEARCH e FROMLONLAT 180 85.05112878 BYRADIUS 500 km WITHDIST",
        "GEOSEARCH e FROMLONLAT -180 -85.05112878 BYBOX 2000 2000 km WITHDIST",
        "GEOSEARCH e FROMMEMBER corner BYRADIUS 3000 km WITHCOORD",
        "GEOSEARCH e FROMMEMBER scorner BYBOX 4000 500 km WITHCOORD DESC",
        "GEOSEARCH e FROMLONLAT 0 0 BYRADIUS 20000 km",
        "GEOSEARCH e FROMLONLAT 0 0 BYRADIUS 40000 km DESC WITHDIST",
        "GEOSEARCH e FROMLONLAT 0 0 BYBOX 40000 40000 km WITHDIST",
        "GEOSEARCH e FROMLONLAT 100 -80 BYBOX 100000 100000 km WITHDIST",
        "GEOSEARCH e FROMLONLAT 100 -80 BYRADIUS 1e9 m COUNT 3",
        "GEOSEARCH e FROMMEMBER north1 BYRADIUS 0 m WITHDIST",
        "GEOSEARCH e FROMMEMBER north1 BYBOX 0 0 m WITHDIST",
        "GEORADIUS e 179.9 0.5 500 km WITHDIST ASC",
        "GEORADIUS e -179.9 -0.5 500 km WITHDIST DESC",
        "GEORADIUSBYMEMBER e edge 10 km",
    ])


def test_infinite_and_tiny_shapes(oracle):
    # libm gives NaN where Python's math raises (cos(inf)); Redis carries on.
    run_all(oracle, [
        "GEOADD k 1 2 a 3 4 b 100 80 c -179 -2 d 179 -3 e",
        "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS inf m", "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS 1e308 km WITHDIST",
        "GEOSEARCH k FROMLONLAT 0 0 BYBOX inf 1 m", "GEOSEARCH k FROMLONLAT 0 0 BYBOX 1 inf m",
        "GEOSEARCH k FROMLONLAT 0 0 BYBOX inf inf km WITHDIST", "GEORADIUS k 0 0 +inf km",
        "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS 1e-300 m", "GEOSEARCH k FROMMEMBER a BYRADIUS 1e-300 m",
        "GEOSEARCH k FROMLONLAT 0 89 BYRADIUS 1 m", "GEOSEARCH k FROMLONLAT 0 84 BYBOX 1e6 1e6 km",
        "GEOSEARCH k FROMLONLAT 0 0 BYBOX 1e308 1e308 km WITHDIST", "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS 1e308 mi ASC",
        "GEOADD anti 0 0 o 180 0 p -180 0 q 0 85.05112878 r 180 -85.05112878 s",
        "GEODIST anti o p", "GEODIST anti o q", "GEODIST anti r s", "GEODIST anti p q",
        "GEOSEARCH anti FROMMEMBER o BYRADIUS 30000 km WITHDIST ASC",
        "GEOSEARCH anti FROMMEMBER p BYRADIUS 30000 km WITHDIST DESC",
    ])


def test_ties_follow_redis_partial_sort(oracle):
    rng = random.Random(7)
    args = []
    for i in range(300):
        args += [str(10 + rng.choice([0, 0.001, 0.002, -0.001])), str(10 + rng.choice([0, 0.001, -0.002])), f"m{i}"]
    oracle.same("GEOADD", "t", *args)
    for count in (1, 2, 5, 7, 20, 41, 100, 299, 300, 301):
        for opts in ([], ["DESC"], ["ANY"], ["ASC", "WITHDIST"]):
            oracle.same("GEOSEARCH", "t", "FROMLONLAT", "10", "10", "BYRADIUS", "10", "km", "COUNT", str(count), *opts)
    oracle.same("GEOSEARCH", "t", "FROMLONLAT", "10", "10", "BYRADIUS", "10", "km", "ASC")
    oracle.same("GEOSEARCH", "t", "FROMLONLAT", "10", "10", "BYRADIUS", "10", "km", "DESC")
    oracle.same("GEOSEARCHSTORE", "d", "t", "FROMLONLAT", "10", "10", "BYRADIUS", "10", "km", "COUNT", "13")
    oracle.same("ZRANGE", "d", "0", "-1", "WITHSCORES")


def test_store_forms(oracle):
    run_all(oracle, [
        "GEOADD k 1 2 a 3 4 b 1.5 2.5 c 0.5 1 d -1 -1 e",
        "GEOSEARCHSTORE d k FROMMEMBER a BYRADIUS 2000 km", "ZRANGE d 0 -1 WITHSCORES",
        "GEOSEARCHSTORE d k FROMMEMBER a BYRADIUS 2000 km STOREDIST COUNT 2 DESC", "OBJECT ENCODING d",
        "GEOSEARCHSTORE d k FROMLONLAT -100 -40 BYRADIUS 1 km", "EXISTS d",
        "GEOSEARCHSTORE d k FROMMEMBER a BYRADIUS 2000 km", "GEOSEARCHSTORE d nokey FROMMEMBER a BYRADIUS 2000 km",
        "EXISTS d", "SET s x", "GEOSEARCHSTORE s k FROMMEMBER a BYRADIUS 2000 km", "TYPE s",
        "GEORADIUS k 0 0 2000 km STORE d1", "ZRANGE d1 0 -1 WITHSCORES",
        "GEORADIUS k 0 0 2000 km STORE d3 STOREDIST d4", "EXISTS d3 d4",
        "GEORADIUSBYMEMBER k a 2000 km STORE d5 COUNT 2", "ZRANGE d5 0 -1 WITHSCORES",
        "GEORADIUS nokey 0 0 2000 km STORE d5", "EXISTS d5",
        "SET d6 x", "EXPIRE d6 100", "GEORADIUS k 0 0 2000 km STORE d6", "TTL d6", "TYPE d6",
    ])
    # distances as scores: 7.0 prints %.17g, 7.4 the shortest digits
    run_all(oracle, ["GEOSEARCHSTORE d k FROMMEMBER a BYRADIUS 2000 km STOREDIST", "ZRANGE d 0 -1 WITHSCORES",
                     "GEORADIUS k 0 0 2000 km STOREDIST d2 ASC", "ZRANGE d2 0 -1 WITHSCORES",
                     "GEORADIUSBYMEMBER k a 500 mi STOREDIST d7", "ZRANGE d7 0 -1 WITHSCORES"], floats=True)


SEARCH_ERRORS = [
    "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS 1 m COUNT 0",
    "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS 1 m COUNT -1",
    "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS 1 m COUNT x",
    "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS 1 m COUNT",
    "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS 1 m COUNT 1.5",
    "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS 1 m ANY",
    "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS 1 m STORE x",
    "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS 1 m STOREDIST",
    "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS 1 m FROMMEMBER a",
    "GEOSEARCH k FROMMEMBER a FROMLONLAT 0 0 BYRADIUS 1 m",
    "GEOSEARCH k FROMMEMBER a FROMMEMBER b BYRADIUS 1000 km",
    "GEOSEARCH k FROMLONLAT 0 0 FROMLONLAT 1 1 BYRADIUS 1000 km",
    "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS 1 m BYBOX 1 1 m",
    "GEOSEARCH k FROMLONLAT 0 0 BYBOX 1 1 m BYRADIUS 1 m",
    "GEOSEARCH k FROMLONLAT 0 0 BYBOX 1 1 m BYBOX 2000 2000 km",
    "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS 1 m BYRADIUS 2000 km",
    "GEOSEARCH k FROMLONLAT 0 0 BYBOX x 1 m",
    "GEOSEARCH k FROMLONLAT 0 0 BYBOX 1 x m",
    "GEOSEARCH k FROMLONLAT 0 0 BYBOX -1 x m",
    "GEOSEARCH k FROMLONLAT 0 0 BYBOX 1 -1 m",
    "GEOSEARCH k FROMLONLAT 0 0 BYBOX -1 1 m",
    "GEOSEARCH k FROMLONLAT 0 0 BYBOX 1 1 parsec",
    "GEOSEARCH k FROMLONLAT 0 0 BYBOX 1 1",
    "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS 1 m BYBOX 1 1",
    "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS -1 m",
    "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS x m",
    "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS 1 parsec",
    "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS nan m",
    "GEOSEARCH k FROMLONLAT 200 0 BYRADIUS 1 m",
    "GEOSEARCH k FROMLONLAT x 0 BYRADIUS 1 m",
    "GEOSEARCH k FROMLONLAT 0 x BYRADIUS 1 m",
    "GEOSEARCH k FROMMEMBER nope BYRADIUS 1 m",
    "GEOSEARCH k FROMMEMBER a BYRADIUS 1 m WITHDIST FOO",
    "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS 1 m WITHDIST ANY COUNT 1 FOO",
    "GEOSEARCH nokey FROMMEMBER a BYRADIUS 1 m",
    "GEOSEARCH nokey FROMMEMBER a BYRADIUS x m",
    "GEOSEARCH nokey FROMLONLAT 0 0 BYBOX 1 1 m ANY",
    "GEOSEARCH nokey FROMMEMBER a FROMLONLAT 0 0 BYBOX 1 1 m",
    "geosearch k withdist withcoord withhash asc",
    "geosearch k frommember a frommember a frommember a",
    "GeoSearch k WITHDIST WITHDIST WITHDIST BYRADIUS 1 m",
    "GEOSEARCH k FROMLONLAT 0 0 WITHDIST WITHHASH ASC",
    "GEOSEARCH k FROMMEMBER a BYRADIUS 1000 km FROMMEMBER b",
    "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS 1000 km COUNT 1 COUNT 2",
    "GEOSEARCH k FROMLONLAT 0 0 BYBOX 1 1 m FROMLONLAT",
    "GEOSEARCH k FROMLONLAT 0 0 BYRADIUS 1 m BYBOX",
    "GEOSEARCHSTORE d k FROMLONLAT 0 0 BYRADIUS 1 m WITHDIST",
    "GEOSEARCHSTORE d k FROMLONLAT 0 0 BYRADIUS 1 m WITHHASH",
    "GEOSEARCHSTORE d k FROMMEMBER a BYRADIUS 2000 km STORE x",
    "GEOSEARCHSTORE d k FROMMEMBER a BYRADIUS 2000 km WITHCOORD",
    "GEOSEARCHSTORE d k FROMMEMBER a BYRADIUS 2000 km ANY",
    "GEOSEARCHSTORE d k FROMMEMBER a BYRADIUS 2000 km STOREDIST STOREDIST",
    "GEOSEARCHSTORE d nokey FROMMEMBER a WITHDIST BYRADIUS 2000 km",
    "geosearchstore d k withdist frommember a",
    "geosearchstore d k frommember a withdist",
]

RADIUS_ERRORS = [
    "GEORADIUS k 0 0 2000 km STORE",
    "GEORADIUS k 0 0 2000 km STORE d1 STOREDIST",
    "GEORADIUS k 0 0 2000 km WITHDIST STORE d1",
    "GEORADIUS k 0 0 2000 km STOREDIST d1 WITHCOORD",
    "GEORADIUS_RO k 0 0 2000 km STORE d1",
    "GEORADIUSBYMEMBER_RO k a 2000 km STOREDIST d1",
    "GEORADIUS k 0 0 2000 km FROMMEMBER a",
    "GEORADIUS k 0 0 2000 km BYRADIUS 1 m",
    "GEORADIUS k 200 0 2000 km",
    "GEORADIUS k 0 0 x km",
    "GEORADIUS k 0 0 -5 km",
    "GEORADIUS k 0 0 5 lightyears",
    "GEORADIUS k x 0 5 lightyears",
    "GEORADIUS k 0 0 2000 km COUNT 1 WITHCOORD WITHDIST WITHHASH",
    "GEORADIUS k 0 0 2000 km ANY",
    "GEORADIUS k 0 0 2000 km COUNT 1 ANY",
    "GEORADIUS k 0 0 2000 km COUNT 0",
    "GEORADIUS nokey 0 0 2000 km STORE d9",
    "GEORADIUS nokey x 0 2000 km",
    "GEORADIUS nokey 0 0 2000 km FOO",
    "GEORADIUSBYMEMBER k a 2000 km WITHDIST",
    "GEORADIUSBYMEMBER k a x km",
    "GEORADIUSBYMEMBER k nope x km",
    "GEORADIUSBYMEMBER k a 5 parsec",
    "GEORADIUSBYMEMBER nokey a x km STORE d1",
    "GEORADIUSBYMEMBER nokey a x km FOO",
    "GEORADIUSBYMEMBER nokey a x km ANY",
    "GEORADIUSBYMEMBER nokey a x km WITHDIST STORE d1",
    "GEORADIUS_RO k 0 0 2000 km WITHDIST",
    "GEORADIUSBYMEMBER_RO k a 2000 km WITHDIST DESC",
    "GEORADIUS k 0 0 2000 km COUNT 1 STORE d5 COUNT 2",
    "GEORADIUS_RO k 0 0 2000 km STOREDIST",
    "georadius k 0 0 2000 KM withdist desc count 2",
    "GEORADIUS k 0 0 2000 km store",
]


def test_search_errors(oracle):
    oracle.same("GEOADD", "k", "1", "2", "a", "3", "4", "b")
    run_all(oracle, SEARCH_ERRORS)


def test_radius_errors(oracle):
    oracle.same("GEOADD", "k", "1", "2", "a", "3", "4", "b", "1.5", "2.5", "c")
    oracle.same("SET", "d1", "keep")
    run_all(oracle, RADIUS_ERRORS)
    oracle.same("GET", "d1")


def test_encodings_of_geo_sets_and_stored_results(oracle):
    oracle.same("GEOADD", "g", *" ".join(f"{i % 100}.5 {i % 80}.25 m{i}" for i in range(128)).split())
    run_all(oracle, [
        "OBJECT ENCODING g", "GEOADD g 1 1 m200", "OBJECT ENCODING g", "GEOADD h 1 1 " + "x" * 65,
        "OBJECT ENCODING h", "GEOSEARCHSTORE d g FROMLONLAT 0 0 BYRADIUS 20000 km", "OBJECT ENCODING d",
        "GEOSEARCHSTORE d g FROMLONLAT 0 0 BYRADIUS 2000 km", "OBJECT ENCODING d",
        "GEOSEARCHSTORE d h FROMLONLAT 0 0 BYRADIUS 2000 km", "OBJECT ENCODING d",
    ])
