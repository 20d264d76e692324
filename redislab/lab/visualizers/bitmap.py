"""A string as a bitmap: every bit in a grid, set bits lit, with byte offsets.

Redis numbers bits from the most significant bit of byte 0, so the grid reads left
to right in SETBIT/GETBIT order. The grid windows over bytes ([ and ] move it) and
folds runs of all-zero rows, because ``SETBIT k 1000000 1`` makes a 125 000-byte
string that is almost all zeros. Counting uses the engine's pure helpers (C-speed
scans), never BITCOUNT itself, so looking leaves no trace in the stats.
"""
from __future__ import annotations

from rich.console import Group
from rich.text import Text

from ...engine.datatypes import bitops
from . import WINDOW

_WRITERS = (b"setbit", b"bitfield", b"bitop")
LABEL = 7            # "  1234 " : the byte offset of a row


def observe(notes, db, name, argv, reply, now_ms) -> None:
    """Remember strings last written bit by bit (they open as bits) and the bit
    SETBIT just touched (drawn in another colour)."""
    keys = []
    if name in (b"setbit", b"bitfield") and len(argv) > 1:
        keys = [argv[1]]
    elif name == b"bitop" and len(argv) > 2:
        keys = [argv[2]]
    for k in keys:
        notes.bitmaps.add((db.id, k))
    if name == b"setbit" and len(argv) > 2:
        try:
            notes.last_bit = (db.id, argv[1], int(argv[2]))
        except ValueError:
            pass
    elif name not in _WRITERS:
        from . import command_keys, is_write

        if is_write(argv):   # SET, APPEND...: the value is text again
            for k in command_keys(argv):
                notes.bitmaps.discard((db.id, k))


def bytes_per_row(width: int) -> int:
    """1, 2, 4 or 8 bytes a row (9 columns each), whatever fits the panel."""
    n = 8
    while n > 1 and LABEL + n * 9 > width:
        n //= 2
    return n


class BitGrid:
    """The grid, laid out for the width it is drawn at (rich calls us with it)."""

    def __init__(self, data: bytes, start: int, count: int, mark: int | None):
        self.data, self.start, self.count, self.mark = data, start, count, mark

    def __rich_console__(self, console, options):
        per = bytes_per_row(options.max_width)
        data = self.data
        lo = self.start - self.start % per
        hi = min(len(data), self.start + self.count)
        head = Text(" " * LABEL, style="dim")
        for b in range(per):
            head.append(f"{b * 8:<9}"[:9] if b else "bit+0    ", style="dim")
        yield head
        zeros = 0            # all-zero rows waiting to be folded into one line
        row = lo
        while row < hi:
            chunk = data[row:row + per]
            if not any(chunk) and not self._marked(row, per):
                zeros += 1
                row += per
                continue
            if zeros:
                yield self._fold(row - zeros * per, zeros * per, per)
                zeros = 0
            yield self._row(row, chunk)
            row += per
        if zeros:
            first = row - zeros * per
            yield self._fold(first, hi - first, per)

    def _marked(self, row: int, per: int) -> bool:
        return self.mark is not None and row * 8 <= self.mark < (row + per) * 8

    def _fold(self, first: int, n: int, per: int) -> Text:
        if n <= per:     # a single zero row reads better drawn than described
            return self._row(first, self.data[first:first + n])
        return Text(f"{first:>{LABEL - 1}} … {n} zero bytes (bytes {first}–{first + n - 1}) …",
                    style="dim italic")

    def _row(self, row: int, chunk: bytes) -> Text:
        t = Text(f"{row:>{LABEL - 1}} ", style="dim")
        for j, byte in enumerate(chunk):
            base = (row + j) * 8
            for bit in range(8):
                on = (byte >> (7 - bit)) & 1
                pos = base + bit
                if pos == self.mark:
                    t.append("1" if on else "0", style="bold black on yellow")
                elif on:
                    t.append("1", style="bold black on green")
                else:
                    t.append("0", style="dim")
            t.append(" ")
        return t


def render(v):
    data: bytes = v.value
    n = len(data)
    start = max(0, min(v.offset, max(0, n - 1)))
    count = min(WINDOW, n - start)
    notes = v.notes
    last = getattr(notes, "last_bit", None)
    mark = last[2] if last and last[:2] == (v.db, v.key) else None
    ones = bitops.popcount(data)
    first = bitops.find_bit(data, 1, 0, n * 8 - 1) if n else -1
    stats = Text()
    stats.append(f"BITCOUNT {ones}", style="bold green")
    stats.append(f" of {n * 8} bits · {n} byte{'' if n == 1 else 's'}", style="dim")
    if first >= 0:
        stats.append(f" · BITPOS 1 = {first}", style="dim")
    parts = [stats]
    if n:
        parts.append(BitGrid(data, start, count, mark))
    else:
        parts.append(Text("(empty string: no bits yet; SETBIT grows it)", style="dim italic"))
    legend = Text("bit n = byte n/8, bit 7-(n%8) of the byte: ", style="dim italic")
    legend.append("1", style="bold black on green")
    legend.append(" set  ", style="dim italic")
    if mark is not None:
        legend.append("·", style="bold black on yellow")
        legend.append(f" last SETBIT ({mark})", style="dim italic")
    parts.append(legend)
    if n > WINDOW or start:
        parts.append(Text(f"bytes {start}–{start + count - 1} of {n} · [ and ] move the window",
                          style="dim italic"))
    return Group(*parts)

