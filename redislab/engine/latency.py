"""The latency monitor (LATENCY LATEST/HISTORY/...) and per-command latency histograms.

While ``latency-monitor-threshold`` is above 0 an ``engine.after_call`` hook records
every command that took at least that many milliseconds as a sample of the event
``command`` (or ``fast-command`` for commands flagged fast), as Redis names them.
Each event keeps its last 160 samples, one per second (the worst of that second),
and its all-time maximum. With the threshold at 0 (the default) nothing is hooked and
commands pay nothing.

The same hook fills per-command power-of-two histograms of durations in
microseconds. Calls made while the hook was off are known only through the engine's
command statistics (``Engine.command_stats``); LATENCY HISTOGRAM places them in the
bucket of their mean duration.
"""
from __future__ import annotations

from collections import deque

TS_LEN = 160          # samples kept per event


class EventSeries:
    __slots__ = ("samples", "max")

    def __init__(self):
        self.samples: deque = deque(maxlen=TS_LEN)    # [unix seconds, ms]
        self.max = 0

    def add(self, now_s: int, ms: int) -> None:
        if ms > self.max:
            self.max = ms
        if self.samples and self.samples[-1][0] == now_s:
            last = self.samples[-1]
            if ms > last[1]:
                last[1] = ms
            return
        self.samples.append([now_s, ms])


class LatencyMonitor:
    def __init__(self, engine):
        self.engine = engine
        self.events: dict[str, EventSeries] = {}
        self.histograms: dict[str, list[int]] = {}    # command -> counts per power-of-two bucket
        self.recorded: dict[str, int] = {}             # calls counted in histograms
        self.threshold_ms = 0
        self._hooked = False
        engine.config.on_change("latency-monitor-threshold", self._set_threshold)
        engine.extensions.setdefault("on_resetstat", []).append(self.reset_histograms)
        self._set_threshold(engine.config.values.get("latency-monitor-threshold", 0), None)

    @classmethod
    def of(cls, engine) -> "LatencyMonitor":
        mon = engine.extensions.get("latency")
        if mon is None:
            mon = engine.extensions["latency"] = cls(engine)
        return mon

    @classmethod
    def install(cls, engine) -> None:
        """Create the monitor at engine start-up so a threshold set later takes effect."""
        cls.of(engine)

    def _set_threshold(self, value, old) -> None:
        self.threshold_ms = int(value or 0)
        hooks = self.engine.after_call
        if self.threshold_ms > 0 and not self._hooked:
            hooks.append(self._after_call)
            self._hooked = True
        elif self.threshold_ms <= 0 and self._hooked:
            hooks.remove(self._after_call)
            self._hooked = False

    # ---------------------------------------------------------------- samples
    def _after_call(self, s, spec, argv, dur_us) -> None:
        name = spec.name
        h = self.histograms.get(name)
        if h is None:
            h = self.histograms[name] = [0] * 64
        h[max(0, int(dur_us) - 1).bit_length()] += 1
        self.recorded[name] = self.recorded.get(name, 0) + 1
        ms = dur_us // 1000
        if ms >= self.threshold_ms:
            self.add_sample("fast-command" if "fast" in spec.flags else "command", ms)

    def add_sample(self, event: str, ms: int) -> None:
        """Record ``ms`` for ``event`` if the monitor is on and it reaches the threshold
        (other parts of the engine, e.g. expiry, may report their own events)."""
        if self.threshold_ms <= 0 or ms < self.threshold_ms:
            return
        series = self.events.get(event)
        if series is None:
            series = self.events[event] = EventSeries()
        series.add(self.engine.clock.time_ms() // 1000, int(ms))

    def reset(self, names=None) -> int:
        if names is None:
            n = len(self.events)
            self.events.clear()
            return n
        n = 0
        for name in names:
            if self.events.pop(name, None) is not None:
                n += 1
        return n

    # --------------------------------------------------------------- histogram
    def reset_histograms(self) -> None:
        """CONFIG RESETSTAT zeroes the histograms, as it does in Redis."""
        self.histograms.clear()
        self.recorded.clear()

    def histogram(self, spec) -> dict | None:
        """{bucket upper bound in usec: cumulative calls}, or None when never called."""
        calls, usec, _, _ = self.engine.command_stats(spec)
        if calls <= 0:
            return None
        counts = list(self.histograms.get(spec.name, [0] * 64))
        rest = calls - self.recorded.get(spec.name, 0)
        if rest > 0:
            mean = usec // calls
            counts[max(0, mean - 1).bit_length()] += rest
        out, total = {}, 0
        for i, n in enumerate(counts):
            if n:
                total += n
                out[1 << i] = total
        return {"calls": calls, "histogram_usec": out}

    # ------------------------------------------------------------------ report
    def graph(self, event: str) -> str:
        """An ASCII chart of an event's samples, newest on the right."""
        series = self.events[event]
        samples = list(series.samples)[-80:]
        values = [ms for _, ms in samples]
        hi, lo = max(values), min(values)
        lines = [f"{event} - high {hi} ms, low {lo} ms (all time high {series.max} ms)", "-" * 80]
        rows = 4
        for level in range(rows, 0, -1):
            cut = lo + (hi - lo) * (level - 1) / rows
            lines.append("".join("#" if v > cut or (level == 1 and v) else " " for v in values).rstrip() or " ")
        now = self.engine.clock.time_ms() // 1000
        ages = [_age(now - t) for t, _ in samples]
        width = max((len(a) for a in ages), default=0)
        for row in range(width):
            lines.append("".join(a[row] if row < len(a) else " " for a in ages))
        return "\n".join(lines) + "\n"

    def doctor(self) -> str:
        if not self.events:
            if self.threshold_ms <= 0:
                return ("Latency monitoring is off: set latency-monitor-threshold (in milliseconds) with "
                        "CONFIG SET to start recording events that take at least that long.\n")
            return "No latency spike has been recorded since monitoring started (or was last reset).\n"
        lines = [f"Latency events recorded with latency-monitor-threshold {self.threshold_ms} ms:", ""]
        advice = set()
        for n, (name, series) in enumerate(self.events.items(), 1):
            values = [ms for _, ms in series.samples]
            avg = sum(values) // len(values)
            span = series.samples[-1][0] - series.samples[0][0]
            lines.append(f"{n}. {name}: {len(values)} spikes over {span} seconds, average {avg} ms, "
                         f"worst {series.max} ms.")
            advice.add("fast" if name == "fast-command" else name)
        lines.append("")
        if "command" in advice:
            lines.append("- Slow commands stall every client: look at SLOWLOG GET, and prefer commands that "
                         "work on a bounded number of elements (SCAN over KEYS, ranges over whole values).")
        if "fast" in advice:
            lines.append("- Even O(1) commands were slow: the process itself was held up (a long command "
                         "before them, a busy host, or DEBUG SLEEP in a lesson).")
        if "expire-cycle" in advice:
            lines.append("- Many keys expiring at the same moment make the expiry cycle slow: spread TTLs out.")
        return "\n".join(lines) + "\n"


def _age(seconds: int) -> str:
    """A sample's age as written under the graph, one character per line: 12s, 3m, 2h."""
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h"
