"""RedisBloom's structures drawn from their insides: a Bloom filter's bit density per
layer (how full it is is what sets its false-positive rate), a cuckoo filter's bucket
occupancy, a count-min sketch's counter grid and a top-k's leaders."""
from __future__ import annotations

from rich.console import Group
from rich.text import Text

_SHADES = " ░▒▓█"
CELLS = 64          # cells per density strip


def _popcount(b: bytes) -> int:
    return int.from_bytes(b, "little").bit_count() if b else 0


def density(array: bytes, cells: int = CELLS) -> tuple[str, float]:
    """A strip of ``cells`` shaded cells (the fraction of bits set in each slice of the
    array) and the fraction set overall."""
    n = len(array)
    if not n:
        return "", 0.0
    cells = min(cells, n)
    strip = []
    for i in range(cells):
        a, b = i * n // cells, (i + 1) * n // cells
        frac = _popcount(array[a:b]) / (8 * max(1, b - a))
        # Any bit set shows at least "░": a few items in a big filter stay visible.
        strip.append(_SHADES[min(4, round(frac * 4)) or (1 if frac else 0)])
    return "".join(strip), _popcount(array) / (8 * n)


def _bloom(s) -> list:
    out = []
    for i, layer in enumerate(s.layers):
        strip, fill = density(layer.array)
        t = Text(f"layer {i}: ", style="bold")
        t.append(f"{layer.count}/{layer.capacity} items, {layer.bits} bits, {layer.k} hashes, "
                 f"{_popcount(layer.array)} bits set ({fill:.2%}) → false positives now ≈ "
                 f"{fill ** layer.k:.2%}", style="dim")
        out += [t, Text(strip, style="green")]
    out.append(Text("BF.EXISTS answers 0 when one of the item's bits is unset: 'definitely not'. A 1 is "
                    "'probably yes': every bit may have been set by other items.", style="dim italic"))
    return out


def _cuckoo(s) -> list:
    out = []
    for i, layer in enumerate(s.layers):
        used = sum(1 for x in layer.slots if x)
        occupancy = bytes(1 if x else 0 for x in layer.slots)
        cells = min(CELLS, len(occupancy))
        strip = "".join(_SHADES[min(4, round(sum(occupancy[a * len(occupancy) // cells:(a + 1) * len(occupancy) // cells])
                                            / max(1, len(occupancy) // cells) * 4))] for a in range(cells))
        t = Text(f"layer {i}: ", style="bold")
        t.append(f"{layer.nbuckets} buckets × {layer.bsize} slots, {used} fingerprints stored", style="dim")
        out += [t, Text(strip, style="green")]
    out.append(Text("Each item is an 8-bit fingerprint in one of two buckets, so CF.DEL can remove "
                    "it (a Bloom filter cannot).", style="dim italic"))
    return out


def _cms(s) -> list:
    top = max((max(r) for r in s.rows), default=0) or 1
    out = [Text(f"{s.depth} rows × {s.width} counters, {s.count} counted in all", style="dim")]
    for r in s.rows[:8]:
        row = r[:CELLS]
        out.append(Text("".join(_SHADES[min(4, round(x / top * 4))] for x in row), style="green"))
    out.append(Text("CMS.QUERY takes the smallest of an item's counters: never below the true "
                    "count, above it only by collisions.", style="dim italic"))
    return out


def _topk(s) -> list:
    leaders = sorted((e for e in s.heap if e[1] is not None), key=lambda e: -e[0])
    out = [Text(f"top {s.k} of a {s.depth} × {s.width} HeavyKeeper table", style="dim")]
    for count, item in leaders:
        label = item.decode(errors="replace") if isinstance(item, bytes) else str(item)
        out.append(Text(f"{count:>8}  {label}"))
    if not leaders:
        out.append(Text("no items yet: TOPK.ADD key item ...", style="dim italic"))
    return out


_DRAW = {"MBbloom--": _bloom, "MBbloomCF": _cuckoo, "CMSk-TYPE": _cms, "TopK-TYPE": _topk}


def render(v):
    draw = _DRAW.get(v.type)
    if draw is None:
        return Text(f"No picture for {v.type} keys.", style="dim italic")
    return Group(*draw(v.value))
