"""A geo set as a map: members plotted by longitude/latitude, the last search drawn.

A geo set is a sorted set whose scores are 52-bit geohashes, so it opens as a map
only when GEOADD wrote it (seen in the console's ``CommandRan``); any sorted set
whose scores could be geohashes offers the map as an alternative (F7). The grid is
scaled to the members' bounding box (plus the search area), and after GEOSEARCH or
GEORADIUS the centre (``+``) and the area searched (dots) are drawn, the members
found lit. Positions come from ``geohash.decode_score``, as GEOPOS computes them.
"""
from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ...engine.datatypes import geohash as G
from . import WINDOW, show, window_note

MARKS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_SEARCHES = (b"geosearch", b"geosearchstore", b"georadius", b"georadius_ro",
             b"georadiusbymember", b"georadiusbymember_ro")
_GEO_MAX = float(1 << 52)


@dataclass
class Search:
    """The last search over a key: a ``geohash.Shape`` and what it found (None:
    the reply did not list members, e.g. GEOSEARCHSTORE)."""
    shape: G.Shape
    hits: set | None
    line: str


def could_be_geo(z) -> bool:
    """Could every score be a geohash? Only the ends are checked (O(log N))."""
    if not len(z):
        return False
    lo, hi = z.at(0)[1], z.at(len(z) - 1)[1]
    return 0 <= lo and hi < _GEO_MAX and lo == int(lo) and hi == int(hi)


# ------------------------------------------------------------- observing
def _num(b: bytes) -> float:
    return float(b)


def _position(db, key: bytes, member: bytes):
    z = db.data.get(key)
    score = z.score(member) if hasattr(z, "score") else None
    return None if score is None else G.decode_score(score)


def parse_search(db, name: bytes, argv: list[bytes]) -> tuple[bytes, G.Shape] | None:
    """(source key, shape) of a search command line, or None when it has no shape
    we can draw. The engine already validated the line (we only see successes)."""
    up = [a.upper() for a in argv]
    try:
        if name.startswith(b"georadiusbymember"):
            pos = _position(db, argv[1], argv[2])
            if pos is None:
                return None
            return argv[1], G.Shape(*pos, G.UNITS[up[4]], radius=_num(argv[3]))
        if name.startswith(b"georadius"):
            return argv[1], G.Shape(_num(argv[2]), _num(argv[3]), G.UNITS[up[5]], radius=_num(argv[4]))
        src = argv[2] if name == b"geosearchstore" else argv[1]
        if b"FROMMEMBER" in up:
            pos = _position(db, src, argv[up.index(b"FROMMEMBER") + 1])
        else:
            i = up.index(b"FROMLONLAT")
            pos = (_num(argv[i + 1]), _num(argv[i + 2]))
        if pos is None:
            return None
        if b"BYRADIUS" in up:
            i = up.index(b"BYRADIUS")
            return src, G.Shape(*pos, G.UNITS[up[i + 2]], radius=_num(argv[i + 1]))
        i = up.index(b"BYBOX")
        return src, G.Shape(*pos, G.UNITS[up[i + 3]], width=_num(argv[i + 1]), height=_num(argv[i + 2]))
    except (ValueError, IndexError, KeyError):
        return None


def observe(notes, db, name, argv, reply, now_ms) -> None:
    if name == b"geoadd" and len(argv) > 1:
        notes.geo_keys.add((db.id, argv[1]))
        return
    if name in _SEARCHES:
        got = parse_search(db, name, argv)
        if got is None:
            return
        src, shape = got
        hits = None
        if isinstance(reply, list):
            hits = {m if isinstance(m, bytes) else m[0] for m in reply if m}
        line = " ".join(show(a, 20) for a in argv)
        notes.searches[(db.id, src)] = Search(shape, hits, line)
        if name == b"geosearchstore" and b"STOREDIST" not in [a.upper() for a in argv]:
            notes.geo_keys.add((db.id, argv[1]))     # the stored scores are geohashes too
        return
    from . import command_keys, is_write

    if is_write(argv):
        for key in command_keys(argv):
            if key not in db.data:           # DEL, expiry...: forget the key
                notes.geo_keys.discard((db.id, key))
                notes.searches.pop((db.id, key), None)


# ---------------------------------------------------------------- drawing
class GeoMap:
    """The grid, sized to the panel's width when rich draws it."""

    def __init__(self, points: list, search: Search | None):
        self.points = points          # (mark, member, lon, lat, hit)
        self.search = search

    def _bounds(self):
        lons = [p[2] for p in self.points]
        lats = [p[3] for p in self.points]
        if self.search is not None:
            s = self.search.shape
            hw, hh = s.half_extent_m()
            lo_min, la_min, lo_max, la_max = G.bounding_box(s.lon, s.lat, hw, hh)
            lons += [lo_min, lo_max, s.lon]
            lats += [la_min, la_max, s.lat]
        lo_min, lo_max, la_min, la_max = min(lons), max(lons), min(lats), max(lats)
        # A little margin, and a minimum span so one member is not a zero-size map.
        pad_lo = max((lo_max - lo_min) * 0.05, 0.005)
        pad_la = max((la_max - la_min) * 0.05, 0.005)
        return lo_min - pad_lo, lo_max + pad_lo, la_min - pad_la, la_max + pad_la

    def __rich_console__(self, console, options):
        w = max(10, min(options.max_width - 10, 100))   # 8 for latitudes, 2 borders
        h = max(5, min(w // 3, 16))
        lo_min, lo_max, la_min, la_max = self._bounds()

        def col(lon):
            return min(w - 1, int((lon - lo_min) / (lo_max - lo_min) * w))

        def row(lat):   # north up
            return min(h - 1, int((la_max - lat) / (la_max - la_min) * h))

        grid = [[(" ", "")] * w for _ in range(h)]
        s = self.search.shape if self.search is not None else None
        if s is not None:
            for r in range(h):
                lat = la_max - (r + 0.5) / h * (la_max - la_min)
                for c in range(w):
                    lon = lo_min + (c + 0.5) / w * (lo_max - lo_min)
                    if s.distance_if_inside(lon, lat) is not None:
                        grid[r][c] = ("·", "yellow")
        for mark, _member, lon, lat, hit in self.points:
            r, c = row(lat), col(lon)
            taken = grid[r][c][0] not in (" ", "·")
            grid[r][c] = ("*" if taken else mark, "bold black on green" if hit else "bold cyan")
        if s is not None:
            grid[row(s.lat)][col(s.lon)] = ("+", "bold yellow")
        yield Text(f"{la_max:>8.3f}┌" + "─" * w + "┐", style="dim")
        for r in range(h):
            t = Text(" " * 8 + "│", style="dim")
            for ch, style in grid[r]:
                t.append(ch, style=style)
            t.append("│", style="dim")
            yield t
        yield Text(f"{la_min:>8.3f}└" + "─" * w + "┘", style="dim")
        left, right = f"{lo_min:.3f}", f"{lo_max:.3f}"
        yield Text(" " * 9 + left + " " * max(1, w - len(left) - len(right)) + right, style="dim")


def render(v):
    z = v.value
    start = max(0, v.offset)
    rows = z.window(start, start + WINDOW - 1)
    search = v.notes.searches.get((v.db, v.key)) if v.notes is not None else None
    points = []
    for i, (member, score) in enumerate(rows):
        lon, lat = G.decode_score(score)
        if search is None:
            hit = False
        elif search.hits is not None:
            hit = member in search.hits
        else:
            hit = search.shape.distance_if_inside(lon, lat) is not None
        mark = MARKS[i] if i < len(MARKS) else "•"
        points.append((mark, member, lon, lat, hit))
    if not points:
        return Text("(no members)", style="dim italic")
    parts = [GeoMap(points, search)]
    if search is not None:
        found = sum(1 for p in points if p[4])
        t = Text("+ ", style="bold yellow")
        t.append(search.line, style="yellow")
        t.append(f" · {found} found", style="bold green")
        parts.append(t)
    legend = Table(box=None, show_header=False, pad_edge=False, expand=False, padding=(0, 1, 0, 0))
    legend.add_column(no_wrap=True)
    legend.add_column(overflow="ellipsis", no_wrap=True, max_width=18)
    legend.add_column(justify="right", no_wrap=True)
    legend.add_column(justify="right", no_wrap=True)
    for mark, member, lon, lat, hit in points[:len(MARKS)]:
        legend.add_row(Text(mark, style="bold black on green" if hit else "bold cyan"),
                       Text(show(member, 18), style="green" if hit else ""), f"{lon:.5f}", f"{lat:.5f}")
    parts.append(legend)
    if len(points) > len(MARKS):
        parts.append(Text(f"• and {len(points) - len(MARKS)} more in this window", style="dim"))
    parts.append(Text("members are sorted by their 52-bit geohash score: neighbours on the "
                      "map are mostly neighbours in score order", style="dim italic"))
    note = window_note(v, len(rows))
    if note is not None:
        parts.append(note)
    return Group(*parts)
