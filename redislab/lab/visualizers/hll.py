"""A HyperLogLog: the 16384 registers behind PFCOUNT, and how close its guess is.

A HLL is a plain string (``GET`` shows its bytes), so the picture is chosen by its
``HYLL`` header. It shows the registers as a heat strip (each cell the highest
register of its slice: one bar per slice that an element reached) and as a histogram
of register values, the sparse or dense encoding, and the estimate computed with the
datatype's pure functions (running PFCOUNT would refresh the cached cardinality,
a write the learner did not ask for). Next to the estimate stands the exact number
of distinct elements PFADD added in this lab session, seen in the console's
``CommandRan`` messages, so the error of the estimate is there to read.
"""
from __future__ import annotations

from rich.console import Group
from rich.text import Text

from ...engine.datatypes import hll as H

_BLOCKS = " ▁▂▃▄▅▆▇█"
_MISSING = object()
VERIFY_LIMIT = 5000      # check at most this many elements against the registers
_cache: dict = {}        # value bytes -> (registers, estimate): redraws every second reuse it


def looks_like_hll(value: bytes) -> bool:
    return value[:4] == H.MAGIC and H.is_hll(value)


def analyse(value: bytes):
    """(registers, estimate) or None when the sparse runs are corrupted."""
    hit = _cache.get(value)
    if hit is not None:
        return hit
    try:
        regs = H.registers(value)
    except H.Corrupted:
        return None
    result = (regs, H.signed(H.estimate(regs)))
    _cache.clear()
    _cache[value] = result
    return result


# ------------------------------------------------------------- observing
def _explains(db, key: bytes, elements) -> bool:
    """Do these elements alone account for every register of the HLL at ``key``?
    True means the key held nothing else before this console added them."""
    value = db.data.get(key)
    if type(value) is not bytes or not looks_like_hll(value):
        return False
    if len(elements) > VERIFY_LIMIT:
        return True      # too many to hash at interactive speed: trust the console
    mine: dict = {}
    for e in elements:
        i, n = H.pattern(e)
        if n > mine.get(i, 0):
            mine[i] = n
    got = analyse(value)
    if got is None:
        return False
    regs = got[0]
    return all(regs[i] == n for i, n in mine.items()) and \
        sum(1 for r in regs if r) == len(mine)


def observe(notes, db, name, argv, reply, now_ms) -> None:
    if name in (b"flushdb", b"flushall"):
        for k in [k for k in notes.hll if name == b"flushall" or k[0] == db.id]:
            del notes.hll[k]
        return
    if name == b"pfadd" and len(argv) >= 2:
        k = (db.id, argv[1])
        tally = notes.hll.get(k, _MISSING)
        if tally is _MISSING:
            notes.hll[k] = set(argv[2:]) if _explains(db, argv[1], argv[2:]) else None
        elif tally is not None:
            tally.update(argv[2:])
        return
    if name == b"pfmerge" and len(argv) >= 2:
        union: set | None = set()
        for key in argv[1:]:
            t = notes.hll.get((db.id, key), _MISSING)
            if t is None or (t is _MISSING and key != argv[1] and key in db.data):
                union = None
                break
            if t is not _MISSING:
                union |= t
        if union is not None and not _explains(db, argv[1], union):
            union = None
        notes.hll[(db.id, argv[1])] = union
        return
    from . import command_keys, is_write

    if is_write(argv):
        for key in command_keys(argv):
            k = (db.id, key)
            if k in notes.hll:
                if key in db.data:
                    notes.hll[k] = None      # rewritten some other way: exact count lost
                else:
                    del notes.hll[k]         # deleted: a new HLL starts from zero


# ---------------------------------------------------------------- drawing
class HeatStrip:
    """The registers squeezed into the panel's width: a cell per slice of
    registers, its height the highest register value in the slice."""

    def __init__(self, regs: list[int]):
        self.regs = regs

    def __rich_console__(self, console, options):
        cells = max(8, min(options.max_width - 2, 128))
        per = -(-H.REGISTERS // cells)
        regs = self.regs
        tops = [max(regs[c:c + per]) for c in range(0, H.REGISTERS, per)]
        peak = max(max(tops), 1)
        t = Text("▕", style="dim")
        for top in tops:
            # Heights relative to the highest register, so a full HLL still shows texture.
            t.append(_BLOCKS[max(1, round(8 * top / peak))] if top else "·",
                     style="bold magenta" if top else "dim")
        t.append("▏", style="dim")
        yield t
        yield Text(f"register 0 … 16383 · {per} registers a cell · height: highest value "
                   f"(full = {peak})", style="dim italic")


def histogram(regs: list[int]) -> list[Text]:
    counts = [0] * 64
    for r in regs:
        counts[r] += 1
    top = max(counts[1:]) if any(counts[1:]) else 1
    out = [Text("value  registers", style="dim")]
    for val, n in enumerate(counts):
        if not n:
            continue
        t = Text(f"{val:>5}  {n:>9} ", style="dim" if val == 0 else "")
        if val:
            t.append("█" * max(1, round(16 * n / top)), style="magenta")
        else:
            t.append("(never reached)", style="dim italic")
        out.append(t)
    return out


def render(v):
    value: bytes = v.value
    enc = H.encoding(value)
    got = analyse(value)
    if got is None:
        return Text("The sparse registers are corrupted: PFCOUNT would fail with INVALIDOBJ.",
                    style="bold red")
    regs, estimate = got
    used = sum(1 for r in regs if r)
    head = Text()
    head.append("HyperLogLog", style="bold cyan")
    head.append(f" · {enc}", style="magenta")
    if enc == "sparse":
        ops = len(H.sparse_ops(value))
        head.append(f" · {len(value)} bytes, {ops} run-length opcodes (dense would be "
                    f"{H.DENSE_SIZE})", style="dim")
    else:
        head.append(f" · {len(value)} bytes: 16384 registers × 6 bits", style="dim")
    tally = v.notes.hll.get((v.db, v.key), _MISSING) if v.notes is not None else _MISSING
    est = Text()
    est.append("estimate ", style="dim")
    est.append(str(estimate), style="bold yellow")
    cached = H.cached_card(value)
    exact = Text()
    if isinstance(tally, set):
        n = len(tally)
        est.append("  exact ", style="dim")
        est.append(str(n), style="bold green")
        if n:
            est.append(f"  error {100 * (estimate - n) / n:+.2f}%", style="yellow")
        exact.append("estimate: what PFCOUNT answers (header cache " +
                     ("stale" if cached is None else "fresh") + "); exact: distinct "
                     "elements PFADDed in this console", style="dim italic")
    else:
        exact.append("estimate: what PFCOUNT answers (header cache " +
                     ("stale" if cached is None else "fresh") + "); exact count unknown: "
                     "this key got elements outside this console", style="dim italic")
    why = Text(f"{used} of 16384 registers set. Each element sets the register its hash picks "
               "to the longest run of zero bits seen; the estimate reads all registers "
               "(standard error 0.81%, at most 12 KB whatever the count).", style="dim italic")
    return Group(head, est, exact, Text(""), HeatStrip(regs), Text(""), *histogram(regs), why)
