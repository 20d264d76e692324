"""Geospatial commands: GEOADD, GEODIST, GEOPOS, GEOHASH.

A geo index is an ordinary sorted set whose scores are 52-bit geohashes
(datatypes/geohash.py), so ZRANGE, ZREM, ZCARD and friends work on it unchanged.
GEOADD is ZADD with the coordinates turned into scores, exactly as Redis builds it,
so its options, replies, errors and notifications are ZADD's.

The searches (GEOSEARCH, GEORADIUS and their variants) live in geo_search.py,
imported at the bottom so ``registry.load_all()`` loading this module registers
the whole group.
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import upper
from ..datatypes import geohash as gh
from ..datatypes.zset import ZSet
from ..registry import Block, Double, Key, OneOf, Str, Token, command
from .zsets import _zadd, parse_score

G = "geo"
UNSUPPORTED_UNIT = "ERR unsupported unit provided. please use M, KM, FT, MI"
BAD_MEMBER = "ERR could not decode requested zset member"

UNIT_ARG = OneOf("unit", Token("M"), Token("KM"), Token("FT"), Token("MI"))


def opt(b) -> bytes:
    """An option word as Redis's strcasecmp sees it: upper-cased, and cut at a NUL
    because C compares the argument as a NUL-terminated string."""
    b = upper(b)
    i = b.find(b"\0")
    return b if i < 0 else b[:i]


def parse_lonlat(blon, blat) -> tuple[float, float]:
    lon = parse_score(blon)
    lat = parse_score(blat)
    if not (gh.LON_MIN <= lon <= gh.LON_MAX and gh.LAT_MIN <= lat <= gh.LAT_MAX):
        raise RedisError("ERR invalid longitude,latitude pair %f,%f" % (lon, lat))
    return lon, lat


def parse_unit(b) -> float:
    """Metres per unit."""
    m = gh.UNITS.get(opt(b))
    if m is None:
        raise RedisError(UNSUPPORTED_UNIT)
    return m


def member_lonlat(z, member):
    """(lon, lat) of a member, or None when it is not in the set."""
    score = z.dict.get(member)
    return None if score is None else gh.decode_score(score)


def coord_reply(s, x: float):
    """A coordinate: a bulk string of ``%.17Lf`` digits in RESP2; a double in RESP3
    (the same value; Redis prints more digits there, a client reads the same number)."""
    return gh.format_coord(x) if s.resp == 2 else x


# ------------------------------------------------------------------------- GEOADD
@command("GEOADD", arity=-5, flags="write denyoom", keys=(1, 1, 1), group=G,
         summary="Add places (longitude, latitude, name) to a geo index, a sorted set scored by geohash.",
         complexity="O(log(N)) for each item added, where N is the number of elements in the sorted set.",
         since="3.2.0", history=(("6.2.0", "Added the `CH`, `NX` and `XX` options."),),
         args=(Key(), OneOf("condition", Token("NX"), Token("XX"), optional=True, since="6.2.0"),
               Token("CH", "change", optional=True, since="6.2.0"),
               Block("longitude_latitude_member", Double("longitude"), Double("latitude"), Str("member"),
                     multiple=True)))
def geoadd(s, argv):
    argc = len(argv)
    i = 2
    nx = xx = False
    opts = []
    while i < argc:
        o = opt(argv[i])
        if o == b"NX":
            nx = True
        elif o == b"XX":
            xx = True
        elif o != b"CH":
            break
        opts.append(o)
        i += 1
    if (argc - i) % 3 or (nx and xx):
        raise RedisError(errors.SYNTAX)
    # Build the ZADD Redis builds: same key and options, one score per place.
    zargv = [b"zadd", argv[1]] + opts
    for j in range(i, argc, 3):
        lon, lat = parse_lonlat(argv[j], argv[j + 1])
        zargv.append(b"%d" % gh.score_of(lon, lat))
        zargv.append(argv[j + 2])
    return _zadd(s, zargv, 2, False)


# ------------------------------------------------------------------------ GEODIST
@command("GEODIST", arity=-4, flags="readonly", keys=(1, 1, 1), group=G,
         summary="The distance between two members of a geo index, in metres or the unit given.",
         complexity="O(log(N))", since="3.2.0",
         args=(Key(), Str("member1"), Str("member2"), OneOf("unit", *UNIT_ARG.args, optional=True)))
def geodist(s, argv):
    to_m = 1.0
    if len(argv) == 5:
        to_m = parse_unit(argv[4])
    elif len(argv) > 5:
        raise RedisError(errors.SYNTAX)
    z = s.db.lookup_typed(argv[1], ZSet)
    if z is None:
        return None
    a = member_lonlat(z, argv[2])
    b = member_lonlat(z, argv[3])
    if a is None or b is None:
        return None
    return gh.format_distance(gh.distance(a[0], a[1], b[0], b[1]) / to_m)


# ------------------------------------------------------------------------- GEOPOS
@command("GEOPOS", arity=-2, flags="readonly", keys=(1, 1, 1), group=G,
         summary="The longitude and latitude of members of a geo index (nil for missing ones).",
         complexity="O(N) where N is the number of members requested.", since="3.2.0",
         args=(Key(), Str("member", multiple=True)))
def geopos(s, argv):
    from ..replies import NULL_ARRAY

    z = s.db.lookup_typed(argv[1], ZSet)
    out = []
    for m in argv[2:]:
        xy = None if z is None else member_lonlat(z, m)
        if xy is None:
            out.append(NULL_ARRAY)
        else:
            out.append([coord_reply(s, xy[0]), coord_reply(s, xy[1])])
    return out


# ------------------------------------------------------------------------ GEOHASH
@command("GEOHASH", arity=-2, flags="readonly", keys=(1, 1, 1), group=G,
         summary="Members of a geo index as standard 11-character geohash strings.",
         complexity="O(log(N)) for each member requested, where N is the number of elements in the sorted set.",
         since="3.2.0", args=(Key(), Str("member", multiple=True)))
def geohash(s, argv):
    z = s.db.lookup_typed(argv[1], ZSet)
    out = []
    for m in argv[2:]:
        score = None if z is None else z.dict.get(m)
        out.append(None if score is None else gh.geohash_string(score).encode())
    return out


from . import geo_search  # noqa: E402,F401  (register the searches)
