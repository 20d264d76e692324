"""Geohash arithmetic as Redis does it, bit for bit.

A geo set is a sorted set whose scores are 52-bit integers: 26 bits of longitude and
26 bits of latitude, interleaved (latitude in the even bit positions, longitude in
the odd ones, so the top bit is the longitude's). Cells whose hashes share a prefix
are neighbours on the map *and* neighbours in score order, which is what lets a
radius search become a handful of score-range scans.

Everything here mirrors the C code's arithmetic in IEEE doubles (Python floats are
the same doubles and ``math`` calls the same libm), because a learner compares the
digits of GEOPOS and GEODIST with a real server. Where Redis 7.0 and 7.4 compute
differently we follow 7.4 (see ``distance``, ``in_box`` and ``format_distance``).

No RESP and no commands here (house rule 4).
"""
from __future__ import annotations

import math

# The latitude range is the Web Mercator one (EPSG:3857): the poles cannot be indexed.
LAT_MIN = -85.05112878
LAT_MAX = 85.05112878
LON_MIN = -180.0
LON_MAX = 180.0
STEP_MAX = 26                       # bits per coordinate in a stored score

EARTH_RADIUS_M = 6372797.560856     # Redis's (quadratic mean) earth radius
MERCATOR_MAX = 20037726.37          # half the equator, in metres
_D_R = math.pi / 180.0

UNITS = {b"M": 1.0, b"KM": 1000.0, b"FT": 0.3048, b"MI": 1609.34}

_M64 = (1 << 64) - 1
_EVEN = 0x5555555555555555          # latitude bits
_ODD = 0xAAAAAAAAAAAAAAAA           # longitude bits
_BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz"

# Cell order in which Redis scans the 3x3 block: centre, N, S, E, W, NE, NW, SE, SW.
# Unsorted search results come out in this order, so it is part of the contract.
SCAN_ORDER = ("c", "n", "s", "e", "w", "ne", "nw", "se", "sw")


# ------------------------------------------------------------ bit interleaving
def _spread(v: int) -> int:
    """Put bit i of a 32-bit value at bit 2i (zeros between)."""
    v &= 0xFFFFFFFF
    v = (v | (v << 16)) & 0x0000FFFF0000FFFF
    v = (v | (v << 8)) & 0x00FF00FF00FF00FF
    v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0F
    v = (v | (v << 2)) & 0x3333333333333333
    v = (v | (v << 1)) & 0x5555555555555555
    return v


def _squash(v: int) -> int:
    """Inverse of _spread: gather the even bits of a 64-bit value into 32 bits."""
    v &= 0x5555555555555555
    v = (v | (v >> 1)) & 0x3333333333333333
    v = (v | (v >> 2)) & 0x0F0F0F0F0F0F0F0F
    v = (v | (v >> 4)) & 0x00FF00FF00FF00FF
    v = (v | (v >> 8)) & 0x0000FFFF0000FFFF
    v = (v | (v >> 16)) & 0x00000000FFFFFFFF
    return v


def interleave(lat_idx: int, lon_idx: int) -> int:
    return _spread(lat_idx) | (_spread(lon_idx) << 1)


def deinterleave(bits: int) -> tuple[int, int]:
    """(latitude index, longitude index), each the full 32 bits C would keep."""
    return _squash(bits), _squash(bits >> 1)


def _to_u32(x: float) -> int:
    # C converts the scaled offset with a truncating double -> uint32 cast; offsets
    # here are in [0, 2**step], so the value always fits.
    return int(x) & 0xFFFFFFFF


def to_u64(score: float) -> int:
    """The ``(uint64_t)`` cast Redis applies to a score before decoding it. Real geo
    scores are exact integers below 2**53; for anything else this models what the
    x86-64 conversion yields, so odd scores put in with ZADD decode the same way."""
    if score != score or score == -math.inf:
        return 1 << 63
    if score >= 18446744073709551616.0:      # >= 2**64 (and +inf)
        return 0
    if score <= -9223372036854775808.0:
        return 1 << 63
    return int(score) & _M64


# ---------------------------------------------------------------- encode/decode
def encode(lon: float, lat: float, step: int = STEP_MAX,
           lon_range=(LON_MIN, LON_MAX), lat_range=(LAT_MIN, LAT_MAX)):
    """The ``step``-bit-per-axis hash of a point, or None outside the indexable area."""
    if not (LON_MIN <= lon <= LON_MAX and LAT_MIN <= lat <= LAT_MAX):
        return None
    lo_min, lo_max = lon_range
    la_min, la_max = lat_range
    if not (la_min <= lat <= la_max and lo_min <= lon <= lo_max):
        return None
    lat_off = (lat - la_min) / (la_max - la_min)
    lon_off = (lon - lo_min) / (lo_max - lo_min)
    scale = float(1 << step)
    return interleave(_to_u32(lat_off * scale), _to_u32(lon_off * scale))


def align52(bits: int, step: int) -> int:
    """A ``step``-precision hash shifted to the 52-bit score scale."""
    return (bits << (52 - step * 2)) & _M64


def score_of(lon: float, lat: float) -> int:
    """The integer GEOADD stores as the member's score."""
    return align52(encode(lon, lat, STEP_MAX), STEP_MAX)


def cell(bits: int, step: int):
    """The box a hash covers: (lon_min, lon_max, lat_min, lat_max)."""
    ilat, ilon = deinterleave(bits)
    div = float(1 << step)
    lat_scale = LAT_MAX - LAT_MIN
    lon_scale = LON_MAX - LON_MIN
    return (LON_MIN + (ilon * 1.0 / div) * lon_scale,
            LON_MIN + ((ilon + 1) * 1.0 / div) * lon_scale,
            LAT_MIN + (ilat * 1.0 / div) * lat_scale,
            LAT_MIN + ((ilat + 1) * 1.0 / div) * lat_scale)


def decode(bits: int, step: int = STEP_MAX) -> tuple[float, float]:
    """The cell centre (lon, lat), clamped to the indexable range as Redis clamps it."""
    lon_min, lon_max, lat_min, lat_max = cell(bits, step)
    lon = (lon_min + lon_max) / 2
    lat = (lat_min + lat_max) / 2
    lon = min(max(lon, LON_MIN), LON_MAX)
    lat = min(max(lat, LAT_MIN), LAT_MAX)
    return lon, lat


def decode_score(score: float) -> tuple[float, float]:
    """(lon, lat) of a stored score: what GEOPOS shows."""
    return decode(to_u64(score), STEP_MAX)


def geohash_string(score: float) -> str:
    """GEOHASH's 11-character base32 string. Redis stores latitudes on the Mercator
    range, so it decodes the point and re-encodes it on the standard [-90, 90]
    range; only 52 bits exist, so the 11th character always stands for zero."""
    lon, lat = decode_score(score)
    bits = encode(lon, lat, STEP_MAX, (-180.0, 180.0), (-90.0, 90.0))
    out = []
    for i in range(10):
        out.append(_BASE32[(bits >> (52 - (i + 1) * 5)) & 0x1F])
    out.append(_BASE32[0])
    return "".join(out)


# ------------------------------------------------------------------ neighbours
def _move(bits: int, step: int, d: int, axis_mask: int, other_mask: int) -> int:
    # Add or subtract one on the bits of one axis, carrying across the other axis's
    # positions by filling them with ones first; the result wraps modulo 2**step, so
    # a cell at the antimeridian has its east neighbour at -180 (and, meaninglessly
    # but faithfully, the poles wrap too). Bits of the *other* axis pass through
    # unmasked, as in C.
    shift = 64 - step * 2
    a = bits & axis_mask
    b = bits & other_mask
    zz = other_mask >> shift
    if d > 0:
        a = (a + zz + 1) & _M64
    else:
        a = ((a | zz) - (zz + 1)) & _M64
    a &= axis_mask >> shift
    return a | b


def move_lon(bits: int, step: int, d: int) -> int:
    return bits if d == 0 else _move(bits, step, d, _ODD, _EVEN)


def move_lat(bits: int, step: int, d: int) -> int:
    return bits if d == 0 else _move(bits, step, d, _EVEN, _ODD)


def neighbours(bits: int, step: int) -> dict:
    """The eight cells around a hash, keyed n, s, e, w, ne, nw, se, sw."""
    out = {}
    for name, dx, dy in (("e", 1, 0), ("w", -1, 0), ("s", 0, -1), ("n", 0, 1),
                         ("nw", -1, 1), ("ne", 1, 1), ("se", 1, -1), ("sw", -1, -1)):
        out[name] = move_lat(move_lon(bits, step, dx), step, dy)
    return out


# -------------------------------------------------------------------- distance
# libm answers NaN where Python's math raises (cos(inf), asin(1.0000000000000002)
# for nearly antipodal points); Redis carries on with the NaN, so do we.
_NAN = math.nan


def _cos(x: float) -> float:
    return math.cos(x) if math.isfinite(x) else _NAN


def _sin(x: float) -> float:
    return math.sin(x) if math.isfinite(x) else _NAN


def _asin(x: float) -> float:
    return math.asin(x) if -1.0 <= x <= 1.0 else _NAN


def _sqrt(x: float) -> float:
    return math.sqrt(x) if x >= 0 else _NAN


def _rad(deg: float) -> float:
    return deg * _D_R


def lat_distance(lat1: float, lat2: float) -> float:
    """Metres along a meridian (Redis 7.2+ uses this shortcut when longitudes match)."""
    return EARTH_RADIUS_M * abs(_rad(lat2) - _rad(lat1))


def distance(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle metres by the haversine formula on Redis's sphere."""
    v = _sin((_rad(lon2) - _rad(lon1)) / 2)
    if v == 0.0:
        return lat_distance(lat1, lat2)
    lat1r = _rad(lat1)
    lat2r = _rad(lat2)
    u = _sin((lat2r - lat1r) / 2)
    a = u * u + _cos(lat1r) * _cos(lat2r) * v * v
    return 2.0 * EARTH_RADIUS_M * _asin(_sqrt(a))


def in_radius(clon: float, clat: float, lon: float, lat: float, radius_m: float):
    """Distance from the centre when within ``radius_m``, else None."""
    d = distance(clon, clat, lon, lat)
    return None if d > radius_m else d


def in_box(width_m: float, height_m: float, clon: float, clat: float, lon: float, lat: float):
    """Distance from the centre when the point lies in the box (its north-south
    offset within height/2, its east-west offset measured along the point's own
    parallel within width/2), else None."""
    if lat_distance(lat, clat) > height_m / 2:
        return None
    if distance(lon, lat, clon, lat) > width_m / 2:
        return None
    return distance(clon, clat, lon, lat)


def format_distance(d: float) -> bytes:
    """A distance with four decimals, as Redis 7.2+ prints it: the value times 10**4
    rounded half-even to an integer (llrint), then split at the decimal point."""
    if d == 0:
        return b"0.0000"
    scaled = d * 10000.0
    if not math.isfinite(scaled) or abs(scaled) >= 9.223372036854775807e18:
        # llrint of NaN, inf or an out-of-range value gives LLONG_MIN on x86-64,
        # which Redis then prints as a negative number.
        return b"-922337203685477.5808"
    v = round(scaled)
    sign = b"-" if v < 0 else b""
    q, r = divmod(abs(v), 10000)
    return b"%s%d.%04d" % (sign, q, r)


def format_coord(x: float) -> bytes:
    """A coordinate as Redis prints it (``%.17Lf`` with trailing zeros trimmed)."""
    if math.isinf(x):
        return b"inf" if x > 0 else b"-inf"
    s = "%.17f" % x
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    if s == "-0":
        s = "0"
    return s.encode()


# --------------------------------------------------------------- search areas
def estimate_step(radius_m: float, lat: float) -> int:
    """Cell precision for a search: the coarsest step whose cells are at least
    as big as the radius, one or two steps coarser near the poles."""
    if radius_m == 0:
        return 26
    step = 1
    while radius_m < MERCATOR_MAX:
        radius_m *= 2
        step += 1
    step -= 2
    if lat > 66 or lat < -66:
        step -= 1
        if lat > 80 or lat < -80:
            step -= 1
    return max(1, min(26, step))


def _div(a: float, b: float) -> float:
    """IEEE division: x/0 is a signed infinity (or NaN) instead of an exception."""
    if b == 0.0:
        if a != a or a == 0.0:
            return _NAN
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def bounding_box(lon: float, lat: float, half_w_m: float, half_h_m: float):
    """(lon_min, lat_min, lon_max, lat_max) around a point. Meridians converge, so
    the longitude span is taken on the parallel farther from the equator."""
    lat_delta = (half_h_m / EARTH_RADIUS_M) / _D_R
    top = _div(half_w_m / EARTH_RADIUS_M, _cos(_rad(lat + lat_delta))) / _D_R
    bottom = _div(half_w_m / EARTH_RADIUS_M, _cos(_rad(lat - lat_delta))) / _D_R
    span = bottom if lat < 0 else top
    return lon - span, lat - lat_delta, lon + span, lat + lat_delta


class Shape:
    """A search area: a circle (``radius``) or a box (``width`` x ``height``), in the
    request's unit, around (lon, lat); ``unit`` is metres per unit."""

    __slots__ = ("lon", "lat", "unit", "radius", "width", "height")

    def __init__(self, lon, lat, unit, radius=None, width=None, height=None):
        self.lon, self.lat, self.unit = lon, lat, unit
        self.radius, self.width, self.height = radius, width, height

    @property
    def is_box(self) -> bool:
        return self.radius is None

    def half_extent_m(self) -> tuple[float, float]:
        if self.is_box:
            return self.unit * (self.width / 2), self.unit * (self.height / 2)
        r = self.unit * self.radius
        return r, r

    def reach_m(self) -> float:
        """The distance from the centre to the farthest point of the shape."""
        if self.is_box:
            hw, hh = self.width / 2, self.height / 2
            return _sqrt(hw * hw + hh * hh) * self.unit
        return self.radius * self.unit

    def distance_if_inside(self, lon: float, lat: float):
        if self.is_box:
            return in_box(self.width * self.unit, self.height * self.unit, self.lon, self.lat, lon, lat)
        return in_radius(self.lon, self.lat, lon, lat, self.radius * self.unit)


def search_cells(shape: Shape) -> list[tuple[int, int]]:
    """The (hash, step) cells to scan, in Redis's scan order; (0, 0) marks a cell
    dropped because the shape cannot reach it."""
    half_w, half_h = shape.half_extent_m()
    min_lon, min_lat, max_lon, max_lat = bounding_box(shape.lon, shape.lat, half_w, half_h)
    step = estimate_step(shape.reach_m(), shape.lat)
    centre = encode(shape.lon, shape.lat, step)
    around = neighbours(centre, step)
    # The estimate can leave the shape poking out of the 3x3 block near a cell
    # edge; one coarser step then covers it.
    n = cell(around["n"], step)
    s = cell(around["s"], step)
    e = cell(around["e"], step)
    w = cell(around["w"], step)
    if step > 1 and (n[3] < max_lat or s[2] > min_lat or e[1] < max_lon or w[0] > min_lon):
        step -= 1
        centre = encode(shape.lon, shape.lat, step)
        around = neighbours(centre, step)
    cells = {"c": (centre, step)}
    for k, v in around.items():
        cells[k] = (v, step)
    if step >= 2:
        c_lon_min, c_lon_max, c_lat_min, c_lat_max = cell(centre, step)
        dropped = set()
        if c_lat_min < min_lat:
            dropped |= {"s", "sw", "se"}
        if c_lat_max > max_lat:
            dropped |= {"n", "ne", "nw"}
        if c_lon_min < min_lon:
            dropped |= {"w", "sw", "nw"}
        if c_lon_max > max_lon:
            dropped |= {"e", "se", "ne"}
        for k in dropped:
            cells[k] = (0, 0)
    return [cells[k] for k in SCAN_ORDER]


def score_range(bits: int, step: int) -> tuple[int, int]:
    """[lo, hi) of the 52-bit scores inside a cell."""
    return align52(bits, step), align52(bits + 1, step)
