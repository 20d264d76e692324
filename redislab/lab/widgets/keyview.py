"""The panel that draws one key with the visualizer for its type.

It re-reads the key every second (TTL countdown, expiry) and after every command;
``[`` and ``]`` move the window over a big value, 200 items at a time. F7 (another
picture of the same value) is the screen's key, so it works from the console too.
"""
from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from .. import visualizers
from ..messages import CommandRan


class KeyPanel(VerticalScroll):
    BINDINGS = [
        Binding("[", "window(-1)", "Prev items", tooltip="Show the previous 200 items of a big value"),
        Binding("]", "window(1)", "Next items", tooltip="Show the next 200 items of a big value"),
    ]

    DEFAULT_CSS = """
    KeyPanel { height: 1fr; padding: 0 1; scrollbar-size-vertical: 1; }
    """

    def __init__(self, db_of, now_ms, cluster=lambda: False, **kw):
        super().__init__(**kw)
        self.db_of = db_of
        self.now_ms = now_ms
        self.cluster = cluster   # () -> bool: the screen's engine is a cluster (slot line)
        self.shown_key: bytes | None = None
        self.window_start = 0
        self.view: visualizers.KeyView | None = None
        self.alt = 0             # which of the value's pictures (F7)
        self.special = None      # a picture a command asked for instead of a key (Venn, pub/sub)
        self.notes = None

    def compose(self):
        yield Static(visualizers.render(None), id="picture-body")

    def on_mount(self) -> None:
        self.set_interval(1.0, self.redraw)
        # Commands reach the screen, not this sibling panel: listen to every
        # message the screen handles and keep what the pictures need to know.
        self.notes = visualizers.notes_for(self.app)
        self.screen.message_signal.subscribe(self, self._seen, immediate=True)

    def _seen(self, message) -> None:
        if isinstance(message, CommandRan) and message.argv:
            before = self.special
            changed = self.notes.observe(self.db_of(), message.argv, message.reply, self.now_ms())
            self.special = self.notes.focus
            # The screen has drawn the command's key already; a big value costs a
            # few hundred ms to lay out, so draw again only when the notes matter.
            if changed or self.special is not None or before is not None:
                self.redraw()

    def action_next_picture(self) -> None:
        self.alt += 1
        self.window_start = 0
        self.redraw()

    def show_key(self, key: bytes | None) -> None:
        if key != self.shown_key:
            self.shown_key, self.window_start, self.alt = key, 0, 0
            self.scroll_home(animate=False)
        self.special = None
        self.redraw()

    def redraw(self) -> None:
        if self.special is not None:
            try:
                picture = visualizers.render_focus(self.special, self.db_of(), self.now_ms(),
                                                   self.app.engine, self.notes)
            except RuntimeError:
                return
            self.query_one("#picture-body", Static).update(picture)
            return
        if self.shown_key is None:
            self.view = None
        else:
            self.view = visualizers.view_of(self.db_of(), self.shown_key, self.now_ms(), self.window_start,
                                            self.notes, self.alt)
        try:
            picture = visualizers.render(self.view, self.shown_key, slot=self.cluster())
        except RuntimeError:
            return   # the value changed size under us (another client's thread): next tick
        self.query_one("#picture-body", Static).update(picture)

    def action_window(self, step: int) -> None:
        if self.view is None:
            return
        size = self.view.size
        last = max(0, (size - 1) // visualizers.WINDOW * visualizers.WINDOW)
        self.window_start = max(0, min(last, self.window_start + step * visualizers.WINDOW))
        self.scroll_home(animate=False)
        self.redraw()
