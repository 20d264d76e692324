"""Area searches over a geo index: GEOSEARCH, GEOSEARCHSTORE, GEORADIUS,
GEORADIUSBYMEMBER and the read-only GEORADIUS*_RO forms.

All six share one routine, as in Redis, so they share its quirks: options are read
left to right and the first bad one answers; a missing source key still has its
options checked; GEORADIUSBYMEMBER on a missing key does not even read its radius.

The search itself is Redis's: pick a cell size from the radius, take the centre's
cell and its eight neighbours (dropping those the shape cannot reach), scan each as
a score range of the sorted set, and keep the points inside the shape. Unsorted
results therefore come in cell order, then score order within a cell, and ANY stops
at the first COUNT hits in that order.
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import to_int
from ..datatypes import geohash as gh
from ..datatypes.zset import ZSet
from ..registry import Block, Double, Int, Key, OneOf, Str, Token, command
from .geo import BAD_MEMBER, G, UNIT_ARG, coord_reply, member_lonlat, opt, parse_lonlat, parse_unit
from .zsets import parse_score, store_result

_COORDS, _MEMBER, _NOSTORE, _SEARCH, _SEARCHSTORE = 1, 2, 4, 8, 16
_ASC, _DESC = 1, 2


def _distance_arg(bval, bunit):
    """(radius, metres per unit) of a BYRADIUS / GEORADIUS distance."""
    r = parse_score(bval, "ERR need numeric radius")
    if r < 0:
        raise RedisError("ERR radius cannot be negative")
    return r, parse_unit(bunit)


def _box_arg(bw, bh, bunit):
    w = parse_score(bw, "ERR need numeric width")
    h = parse_score(bh, "ERR need numeric height")
    if h < 0 or w < 0:
        raise RedisError("ERR height or width cannot be negative")
    return w, h, parse_unit(bunit)


def _centre_of(z, member):
    xy = member_lonlat(z, member)
    if xy is None:
        raise RedisError(BAD_MEMBER)
    return xy


class _Query:
    __slots__ = ("store", "storedist", "withdist", "withhash", "withcoord", "sort", "any",
                 "count", "centre", "radius", "box", "unit")

    def __init__(self):
        self.store = None
        self.storedist = False
        self.withdist = self.withhash = self.withcoord = False
        self.sort = 0
        self.any = False
        self.count = 0
        self.centre = None          # (lon, lat)
        self.radius = None
        self.box = None             # (width, height)
        self.unit = 1.0


def _parse(argv, z, flags) -> _Query:
    q = _Query()
    frommember = fromloc = False
    if flags & _COORDS:
        base = 6
        q.centre = parse_lonlat(argv[2], argv[3])
        q.radius, q.unit = _distance_arg(argv[4], argv[5])
    elif flags & _MEMBER:
        base = 5
        if z is not None:
            q.centre = _centre_of(z, argv[2])
            q.radius, q.unit = _distance_arg(argv[3], argv[4])
    else:
        base = 3 if flags & _SEARCHSTORE else 2
        if flags & _SEARCHSTORE:
            q.store = argv[1]
    search = bool(flags & _SEARCH)
    can_store = not (flags & (_NOSTORE | _SEARCH))
    argc = len(argv)
    i = base
    while i < argc:
        a = opt(argv[i])
        left = argc - i - 1             # arguments after this one
        if a == b"WITHDIST":
            q.withdist = True
        elif a == b"WITHHASH":
            q.withhash = True
        elif a == b"WITHCOORD":
            q.withcoord = True
        elif a == b"ANY":
            q.any = True
        elif a == b"ASC":
            q.sort = _ASC
        elif a == b"DESC":
            q.sort = _DESC
        elif a == b"COUNT" and left >= 1:
            q.count = to_int(argv[i + 1])
            if q.count <= 0:
                raise RedisError("ERR COUNT must be > 0")
            i += 1
        elif a in (b"STORE", b"STOREDIST") and left >= 1 and can_store:
            q.store = argv[i + 1]
            q.storedist = a == b"STOREDIST"
            i += 1
        elif a == b"STOREDIST" and flags & _SEARCHSTORE:
            q.storedist = True
        elif a == b"FROMMEMBER" and left >= 1 and search and not fromloc:
            # Without a source key the member cannot be looked up; parsing goes on
            # so the reply still depends on the remaining options.
            if z is not None:
                q.centre = _centre_of(z, argv[i + 1])
            frommember = True
            i += 1
        elif a == b"FROMLONLAT" and left >= 2 and search and not frommember:
            q.centre = parse_lonlat(argv[i + 1], argv[i + 2])
            fromloc = True
            i += 2
        elif a == b"BYRADIUS" and left >= 2 and search and q.box is None:
            q.radius, q.unit = _distance_arg(argv[i + 1], argv[i + 2])
            i += 2
        elif a == b"BYBOX" and left >= 3 and search and q.radius is None:
            w, h, q.unit = _box_arg(argv[i + 1], argv[i + 2], argv[i + 3])
            q.box = (w, h)
            i += 3
        else:
            raise RedisError(errors.SYNTAX)
        i += 1
    if q.store is not None and (q.withdist or q.withhash or q.withcoord):
        what = "GEOSEARCHSTORE" if flags & _SEARCHSTORE else "STORE option in GEORADIUS"
        raise RedisError(f"ERR {what} is not compatible with WITHDIST, WITHHASH and WITHCOORD options")
    name = argv[0].decode("utf-8", "replace")
    if search and not (frommember or fromloc):
        raise errors.err(f"exactly one of FROMMEMBER or FROMLONLAT can be specified for {name}")
    if search and q.radius is None and q.box is None:
        raise errors.err(f"exactly one of BYRADIUS and BYBOX can be specified for {name}")
    if q.any and not q.count:
        raise RedisError("ERR the ANY argument requires COUNT argument")
    return q


def find_points(z: ZSet, shape: gh.Shape, limit: int = 0) -> list:
    """Points of ``z`` inside ``shape`` as [distance_m, member, score, lon, lat], in
    Redis's scan order; with ``limit`` the scan stops once that many are found."""
    found = []
    last = None
    for k, (bits, step) in enumerate(gh.search_cells(shape)):
        if bits == 0 and step == 0:
            continue
        # Near-global searches can produce the same cell twice in a row; Redis skips
        # a repeat of the last scanned cell (the centre is never compared).
        if last is not None and last == (bits, step):
            continue
        if limit and len(found) >= limit:
            break
        lo, hi = gh.score_range(bits, step)
        i, j = z.score_bounds(float(lo), False, float(hi), True)
        for member, score in z.scan_range(i, j):
            lon, lat = gh.decode_score(score)
            d = shape.distance_if_inside(lon, lat)
            if d is not None:
                found.append([d, member, score, lon, lat])
            if limit and len(found) >= limit:
                break
        if k:
            last = (bits, step)
    return found


def _to_ll(score: float) -> int:
    """The ``(long long)`` cast of a score; only scores put in with ZADD can be out of
    range, and x86-64 turns those (and NaN) into the smallest long long."""
    if -9223372036854775808.0 <= score < 9223372036854775808.0:
        return int(score)
    return -(1 << 63)


def _by_dist(x, y) -> int:
    # Written as Redis's comparator is, so a NaN distance also compares the same way.
    a, b = x[0], y[0]
    if a > b:
        return 1
    if a == b:
        return 0
    return -1


def _by_dist_desc(x, y) -> int:
    return -_by_dist(x, y)


def _med3(a, i, j, k, cmp) -> int:
    if cmp(a[i], a[j]) < 0:
        return j if cmp(a[j], a[k]) < 0 else (k if cmp(a[i], a[k]) < 0 else i)
    return j if cmp(a[j], a[k]) > 0 else (i if cmp(a[i], a[k]) < 0 else k)


def _insertion(a, base: int, n: int, cmp) -> None:
    for m in range(base + 1, base + n):
        j = m
        while j > base and cmp(a[j - 1], a[j]) > 0:
            a[j - 1], a[j] = a[j], a[j - 1]
            j -= 1


def partial_sort(a: list, cmp, lo: int, hi: int) -> None:
    """Order positions lo..hi of ``a`` as Redis's pqsort does: a Bentley-McIlroy
    three-way quicksort that only recurses into partitions overlapping [lo, hi].
    Which of several equally distant points end up first depends on its exact
    pivot choices and swaps, so this follows them step by step."""
    base, n = 0, len(a)
    stack = []
    while True:
        done = _partition_step(a, base, n, cmp, lo, hi, stack)
        if done is None:
            if not stack:
                return
            base, n = stack.pop()
        else:
            base, n = done


def _partition_step(a, base, n, cmp, lo, hi, stack):
    """One round on a[base:base+n]; returns the right part to continue with (the
    C loop's tail call) or None, and pushes the left part to recurse into."""
    if n < 7:
        _insertion(a, base, n, cmp)
        return None
    pm = base + n // 2
    if n > 7:
        pl, pn = base, base + n - 1
        if n > 40:
            d = n // 8
            pl = _med3(a, pl, pl + d, pl + 2 * d, cmp)
            pm = _med3(a, pm - d, pm, pm + d, cmp)
            pn = _med3(a, pn - 2 * d, pn - d, pn, cmp)
        pm = _med3(a, pl, pm, pn, cmp)
    a[base], a[pm] = a[pm], a[base]
    pivot = a[base]
    pa = pb = base + 1
    pc = pd = base + n - 1
    while True:
        while pb <= pc:
            c = cmp(a[pb], pivot)
            if c > 0:
                break
            if c == 0:
                a[pa], a[pb] = a[pb], a[pa]
                pa += 1
            pb += 1
        while pb <= pc:
            c = cmp(a[pc], pivot)
            if c < 0:
                break
            if c == 0:
                a[pc], a[pd] = a[pd], a[pc]
                pd -= 1
            pc -= 1
        if pb > pc:
            break
        a[pb], a[pc] = a[pc], a[pb]
        pb += 1
        pc -= 1
    end = base + n
    # Move the runs equal to the pivot from both ends into the middle.
    r = min(pa - base, pb - pa)
    for k in range(r):
        i, j = base + k, pb - r + k
        a[i], a[j] = a[j], a[i]
    r = min(pd - pc, end - pd - 1)
    for k in range(r):
        i, j = pb + k, end - r + k
        a[i], a[j] = a[j], a[i]
    tail = None
    r = pb - pa                          # elements less than the pivot
    if r > 1 and not (hi < base or lo >= base + r):
        stack.append((base, r))
    r = pd - pc                          # elements greater than the pivot
    if r > 1 and not (hi < end - r or lo >= end):
        tail = (end - r, r)
    return tail


def _search(s, argv, src: int, flags: int):
    db = s.db
    z = db.lookup_typed(argv[src], ZSet)
    q = _parse(argv, z, flags)
    if z is None:
        if q.store is not None:
            return store_result(s, q.store, [], "")
        return []
    if q.count and not q.sort and not q.any:
        q.sort = _ASC           # "the closest N" needs an order
    lon, lat = q.centre
    if q.box is not None:
        shape = gh.Shape(lon, lat, q.unit, width=q.box[0], height=q.box[1])
    else:
        shape = gh.Shape(lon, lat, q.unit, radius=q.radius)
    pts = find_points(z, shape, q.count if q.any else 0)
    if not pts and q.store is None:
        return []
    n = len(pts) if not q.count or len(pts) < q.count else q.count
    if q.sort:
        desc = q.sort == _DESC
        if n == len(pts):
            # Ties keep scan order: Redis calls glibc's qsort, a stable merge sort.
            pts.sort(key=lambda p: p[0], reverse=desc)
        else:
            # Redis sorts just the first n places with its own partial quicksort,
            # which is not stable; replaying it picks the same tied members.
            partial_sort(pts, _by_dist_desc if desc else _by_dist, 0, n - 1)
        pts = pts[:n]
    unit = q.unit
    if q.store is not None:
        pairs = [(p[1], p[0] / unit if q.storedist else p[2]) for p in pts]
        event = "geosearchstore" if flags & _SEARCH else "georadiusstore"
        return store_result(s, q.store, pairs, event)
    if not (q.withdist or q.withhash or q.withcoord):
        return [p[1] for p in pts]
    out = []
    for d, member, score, plon, plat in pts:
        item = [member]
        if q.withdist:
            item.append(gh.format_distance(d / unit))
        if q.withhash:
            item.append(_to_ll(score))
        if q.withcoord:
            item.append([coord_reply(s, plon), coord_reply(s, plat)])
        out.append(item)
    return out


# ----------------------------------------------------------- table declarations
def _radius_keys(start: int):
    """Key positions as Redis finds them from the key specs: the source, then the
    word after the first STORE, then the word after the first STOREDIST, each
    searched from ``start`` (a keyword in the last place has no key after it)."""

    def keys(argv):
        out = [1]
        for word in (b"STORE", b"STOREDIST"):
            for i in range(start, len(argv) - 1):
                if opt(argv[i]) == word:
                    out.append(i + 1)
                    break
        return out

    return keys


def _radius_specs(start: int):
    return (("RO access", ("index", 1), ("range", 0, 1, 0)),
            ("OW update", ("keyword", "STORE", start), ("range", 0, 1, 0)),
            ("OW update", ("keyword", "STOREDIST", start), ("range", 0, 1, 0)))


_RADIUS_COMPLEXITY = ("O(N+log(M)) where N is the number of elements inside the bounding box of the "
                      "circular area delimited by center and radius and M is the number of items "
                      "inside the index.")
_SEARCH_COMPLEXITY = ("O(N+log(M)) where N is the number of elements in the grid-aligned bounding box "
                      "area around the shape provided as the filter and M is the number of items "
                      "inside the shape")
_UNITS_HISTORY = (("7.0.0", "Added support for uppercase unit names."),)
_RO_HISTORY = (("6.2.0", "Added the `ANY` option for `COUNT`."),)
_RADIUS_HISTORY = _RO_HISTORY + _UNITS_HISTORY

_COUNT = Block("count", Int("count", token="COUNT"),
               Token("ANY", optional=True, since="6.2.0"), optional=True)
_COUNT_NO_SINCE = Block("count", Int("count", token="COUNT"), Token("ANY", optional=True), optional=True)
_ORDER = OneOf("order", Token("ASC"), Token("DESC"), optional=True)
_WITH = (Token("WITHCOORD", optional=True), Token("WITHDIST", optional=True),
         Token("WITHHASH", optional=True))
_RADIUS_TAIL = _WITH + (_COUNT, _ORDER)
_BYMEMBER_TAIL = _WITH + (_COUNT_NO_SINCE, _ORDER)
_STORE = (Key("key", token="STORE", key_spec_index=1, optional=True),
          Key("key", token="STOREDIST", key_spec_index=2, optional=True))
_FROM = OneOf("from", Str("member", token="FROMMEMBER"),
              Block("longitude_latitude", Double("longitude"), Double("latitude"), token="FROMLONLAT"))
_BY = OneOf("by", Block("circle", Double("radius", token="BYRADIUS"), UNIT_ARG),
            Block("box", Double("width", token="BYBOX"), Double("height"), UNIT_ARG))
_CENTRE = (Double("longitude"), Double("latitude"))
_RADIUS = (Double("radius"), UNIT_ARG)


@command("GEORADIUS", arity=-6, flags="write denyoom", keys=(1, 1, 1), getkeys=_radius_keys(6), group=G,
         summary="Members of a geo index within a radius of a point; can store the result (use GEOSEARCH).",
         complexity=_RADIUS_COMPLEXITY, since="3.2.0", doc_flags="deprecated", deprecated_since="6.2.0",
         replaced_by="`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` argument",
         history=_RADIUS_HISTORY, key_specs=_radius_specs(6),
         args=(Key(),) + _CENTRE + _RADIUS + _RADIUS_TAIL + _STORE)
def georadius(s, argv):
    return _search(s, argv, 1, _COORDS)


@command("GEORADIUSBYMEMBER", arity=-5, flags="write denyoom", keys=(1, 1, 1), getkeys=_radius_keys(5),
         group=G, summary="Members of a geo index within a radius of one of its members; can store the "
                          "result (use GEOSEARCH).",
         complexity="O(N+log(M)) where N is the number of elements inside the bounding box of the circular "
                    "area delimited by center and radius and M is the number of items inside the index.",
         since="3.2.0", doc_flags="deprecated", deprecated_since="6.2.0",
         replaced_by="`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` and `FROMMEMBER` arguments",
         history=_UNITS_HISTORY, key_specs=_radius_specs(5),
         args=(Key(), Str("member")) + _RADIUS + _BYMEMBER_TAIL + _STORE)
def georadiusbymember(s, argv):
    return _search(s, argv, 1, _MEMBER)


@command("GEORADIUS_RO", arity=-6, flags="readonly", keys=(1, 1, 1), group=G,
         summary="The read-only GEORADIUS (no STORE).", complexity=_RADIUS_COMPLEXITY, since="3.2.10",
         doc_flags="deprecated", deprecated_since="6.2.0",
         replaced_by="`GEOSEARCH` with the `BYRADIUS` argument", history=_RO_HISTORY,
         args=(Key(),) + _CENTRE + _RADIUS + _RADIUS_TAIL)
def georadius_ro(s, argv):
    return _search(s, argv, 1, _COORDS | _NOSTORE)


@command("GEORADIUSBYMEMBER_RO", arity=-5, flags="readonly", keys=(1, 1, 1), group=G,
         summary="The read-only GEORADIUSBYMEMBER (no STORE).",
         complexity="O(N+log(M)) where N is the number of elements inside the bounding box of the circular "
                    "area delimited by center and radius and M is the number of items inside the index.",
         since="3.2.10", doc_flags="deprecated", deprecated_since="6.2.0",
         replaced_by="`GEOSEARCH` with the `BYRADIUS` and `FROMMEMBER` arguments",
         args=(Key(), Str("member")) + _RADIUS + _BYMEMBER_TAIL)
def georadiusbymember_ro(s, argv):
    return _search(s, argv, 1, _MEMBER | _NOSTORE)


@command("GEOSEARCH", arity=-7, flags="readonly", keys=(1, 1, 1), group=G,
         summary="Members of a geo index inside a circle or a box around a point or a member.",
         complexity=_SEARCH_COMPLEXITY, since="6.2.0", history=_UNITS_HISTORY,
         args=(Key(), _FROM, _BY, _ORDER, _COUNT_NO_SINCE) + _WITH)
def geosearch(s, argv):
    return _search(s, argv, 1, _SEARCH)


@command("GEOSEARCHSTORE", arity=-8, flags="write denyoom", keys=(1, 2, 1), group=G,
         summary="GEOSEARCH that stores the found members (with their geohash or distance) in a sorted set.",
         complexity=_SEARCH_COMPLEXITY, since="6.2.0", history=_UNITS_HISTORY,
         key_specs=(("OW update", ("index", 1), ("range", 0, 1, 0)),
                    ("RO access", ("index", 2), ("range", 0, 1, 0))),
         args=(Key("destination"), Key("source", key_spec_index=1), _FROM, _BY, _ORDER, _COUNT_NO_SINCE,
               Token("STOREDIST", optional=True)))
def geosearchstore(s, argv):
    return _search(s, argv, 2, _SEARCH | _SEARCHSTORE)
