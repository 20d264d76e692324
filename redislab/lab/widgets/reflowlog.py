"""A RichLog that re-wraps its lines when its width changes.

Textual's RichLog renders each write once, at the width it has then, and keeps only
the resulting lines: after a terminal resize a widened console still shows replies
broken at the old width, and a narrowed one crops them. This one also keeps what
was written, with how many lines each write made, and once the width has settled
writes the most recent ``REFLOW_MAX`` writes again at the new width (older
scrollback stays as it was drawn: re-rendering thousands of writes would stall the
UI for a second). The view stays at the end if it was there; otherwise it keeps
its distance from the end.
"""
from __future__ import annotations

from collections import deque

from rich.text import Text
from textual.events import Resize
from textual.geometry import Size
from textual.widgets import RichLog

SETTLE_S = 0.05    # a drag sends a stream of resizes: re-wrap once, when they stop
REFLOW_MAX = 1000  # writes re-wrapped on a resize (about 0.2 s of rendering)


class ReflowLog(RichLog):
    def __init__(self, **kw):
        super().__init__(**kw)
        # (content, width, expand, shrink, lines it made), oldest first
        self._written: deque = deque(maxlen=self.max_lines or 5000)
        self._width = 0            # the width the recent lines were wrapped at
        self._timer = None

    def _lines_total(self) -> int:
        return self._start_line + len(self.lines)

    def write(self, content, width=None, expand=False, shrink=True, scroll_end=None, animate=False):
        # Before the size is known RichLog defers a write and later passes it
        # through write() again: it is kept then, once.
        if not self._size_known:
            return super().write(content, width, expand, shrink, scroll_end, animate)
        kept = content.copy() if isinstance(content, Text) else content
        before = self._lines_total()
        super().write(content, width, expand, shrink, scroll_end, animate)
        self._written.append((kept, width, expand, shrink, self._lines_total() - before))
        return self

    def clear(self):
        self._written.clear()
        return super().clear()

    def on_resize(self, event: Resize) -> None:
        # Runs before RichLog's own handler (which renders the writes made before
        # the size was known): the first size is only noted.
        width = event.size.width
        if not self._width or not self._size_known:
            self._width = width
            return
        if width != self._width:
            if self._timer is not None:
                self._timer.stop()
            self._timer = self.set_timer(SETTLE_S, self.reflow)

    def reflow(self) -> None:
        """Write the recent writes again at the current width."""
        self._timer = None
        if self.size.width == self._width or not self._written:
            self._width = self.size.width
            return
        self._width = self.size.width
        at_end = self.scroll_y >= self.max_scroll_y
        from_end = len(self.lines) - self.scroll_y
        written = list(self._written)
        older, recent = written[:-REFLOW_MAX], written[-REFLOW_MAX:]
        recent_lines = sum(entry[4] for entry in recent)
        kept_lines = self.lines[: max(0, len(self.lines) - recent_lines)]
        super().clear()
        self.lines = list(kept_lines)
        self._widest_line_width = max((s.cell_length for s in kept_lines), default=0)
        self.virtual_size = Size(self._widest_line_width, len(self.lines))
        self._written = deque(older, maxlen=self._written.maxlen)
        for content, width, expand, shrink, _ in recent:
            self.write(content, width, expand, shrink, scroll_end=False)
        if at_end:
            self.scroll_end(animate=False, immediate=False, x_axis=False)
        else:
            self.scroll_to(y=max(0, len(self.lines) - from_end), animate=False, immediate=False)
