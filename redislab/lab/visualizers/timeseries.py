"""A RedisTimeSeries key: its settings, labels and rules, a sparkline of the latest
samples and the newest few as a table (what TS.RANGE would answer)."""
from __future__ import annotations

from rich.console import Group
from rich.text import Text

_BARS = "▁▂▃▄▅▆▇█"
SPARK = 60          # samples in the sparkline
TAIL = 8            # newest samples listed


def sparkline(vals: list) -> str:
    if not vals:
        return ""
    lo, hi = min(vals), max(vals)
    span = hi - lo
    if span == 0:
        return _BARS[3] * len(vals)
    return "".join(_BARS[min(7, int((x - lo) / span * 8))] for x in vals)


def _num(x: float) -> str:
    return ("%.6g" % x) if x != int(x) or abs(x) >= 1e15 else str(int(x))


def _span(ms: int) -> str:
    """' (12 h)' for 43200000: RETENTION is given in ms, the learner thinks in hours."""
    for unit, size in (("d", 86_400_000), ("h", 3_600_000), ("min", 60_000), ("s", 1000)):
        if ms >= size and ms % size == 0:
            return f" ({ms // size} {unit})"
    return ""


def render(v):
    s = v.value
    ts, vals = list(getattr(s, "ts", [])), list(getattr(s, "vals", []))
    parts = []
    info = Text()
    ret = getattr(s, "retention", 0)
    info.append(f"{len(ts)} sample" + ("" if len(ts) == 1 else "s"), style="bold")
    info.append(" · retention ", style="dim")
    info.append(f"{ret} ms{_span(ret)}" if ret else "none (kept forever)")
    labels = getattr(s, "labels", {}) or {}
    if labels:
        info.append(" · labels ", style="dim")
        info.append(", ".join(f"{k.decode(errors='replace')}={w.decode(errors='replace')}"
                              for k, w in labels.items()), style="cyan")
    parts.append(info)
    for r in getattr(s, "rules", []) or []:
        parts.append(Text(f"rule → {r.dest.decode(errors='replace')}: {r.agg} per {r.bucket} ms{_span(r.bucket)} "
                          "(applies to samples added after it)", style="magenta"))
    src = getattr(s, "src", None)
    if src:
        parts.append(Text(f"filled by a rule of {src.decode(errors='replace')}", style="magenta"))
    if not ts:
        parts.append(Text("No samples yet: TS.ADD key * value adds one at the engine's clock.",
                          style="dim italic"))
        return Group(*parts)
    recent = vals[-SPARK:]
    line = Text(sparkline(recent), style="green")
    line.append(f"   min {_num(min(recent))}  max {_num(max(recent))}", style="dim")
    parts += [Text(""), line, Text(f"the last {len(recent)} samples, oldest left" if len(recent) > 1
                                   else "the only sample so far", style="dim italic"),
              Text("")]
    for t, x in list(zip(ts, vals))[-TAIL:]:
        row = Text(f"{t:>15}", style="yellow")
        row.append("  ")
        row.append(_num(x))
        parts.append(row)
    if len(ts) > TAIL:
        parts.append(Text(f"(newest {TAIL} of {len(ts)}; TS.RANGE key - + lists them all)", style="dim italic"))
    return Group(*parts)
