"""Time in the lab: a virtual clock that follows real time and can jump ahead.

Learners must watch a TTL count down (so time has to pass on its own) and must
not wait 60 real seconds to see a key expire (so time has to be fast-forwarded).
``LabClock`` is a VirtualClock that the app nudges forward by the real elapsed
time several times a second; ``TimeControl`` is the bar that jumps it ahead.
"""
from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Static

from ...engine.clock import VirtualClock
from ..messages import ClockMoved


class LabClock(VirtualClock):
    """Virtual time that starts at the real time and keeps pace with it."""

    def __init__(self, seed: int | None = None):
        super().__init__(start_ms=int(time.time() * 1000), seed=seed)
        self.origin_ms = self.time_ms()
        self._last_real = time.monotonic()
        self.skipped = 0.0          # seconds jumped by hand, shown to the learner

    def catch_up(self) -> None:
        """Advance by the real time elapsed since the last call (engine timers run)."""
        now = time.monotonic()
        elapsed, self._last_real = now - self._last_real, now
        if elapsed > 0:
            self.advance(elapsed)

    def jump(self, seconds: float) -> None:
        """Fast-forward: everything due in the next ``seconds`` happens now."""
        self.skipped += seconds
        self.advance(seconds)


class TimeControl(Horizontal):
    """``⏱ 00:01:10 +40s  [+10 s] [+1 min]``: lab time, how far it was jumped, F5/F6 buttons."""

    DEFAULT_CSS = """
    TimeControl { height: 1; width: 1fr; }
    TimeControl > Static { width: 1fr; padding: 0 1; color: $text-muted; }
    TimeControl > Button { margin: 0 0 0 1; min-width: 8; }
    """

    def __init__(self, clock, **kw):
        super().__init__(**kw)
        self.clock = clock
        # Elapsed lab time, not wall time: it is what TTLs are measured against,
        # and it keeps screenshots reproducible under a test's VirtualClock.
        self.origin_ms = getattr(clock, "origin_ms", None) or clock.time_ms()
        self._skipped = 0.0

    def compose(self) -> ComposeResult:
        yield Static(self._label(), id="clock-label")
        # The keys are in the labels: a mouse is not needed to find the fast-forward.
        yield Button("F5 +10 s", id="plus10", compact=True, tooltip="Fast-forward 10 seconds (F5)")
        yield Button("F6 +1 min", id="plus60", compact=True, tooltip="Fast-forward one minute (F6)")

    def _label(self) -> Text:
        t = Text("⏱ ", style="dim")
        secs = max(0, self.clock.time_ms() - self.origin_ms) // 1000
        t.append(f"{secs // 3600:02d}:{secs % 3600 // 60:02d}:{secs % 60:02d}")
        ahead = getattr(self.clock, "skipped", self._skipped)
        if ahead:
            t.append(f" +{_short(ahead)}", style="yellow")   # jumped ahead by hand
        return t

    def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh_label)

    def refresh_label(self) -> None:
        self.query_one("#clock-label", Static).update(self._label())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.forward(10 if event.button.id == "plus10" else 60)

    def forward(self, seconds: float) -> None:
        jump = getattr(self.clock, "jump", None)
        if jump is not None:
            jump(seconds)
        else:            # a plain VirtualClock (tests): count the jumps here instead
            self._skipped += seconds
            self.clock.advance(seconds)
        self.refresh_label()
        self.post_message(ClockMoved(seconds))


def _short(seconds: float) -> str:
    s = int(seconds)
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{s % 3600 // 60:02d}m"
