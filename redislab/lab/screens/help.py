"""F1: every key binding of the lab, collected from the classes that define them,
so the list cannot drift from what the keys really do."""
from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

# Keys handled by Textual itself or by the console's own logic, not by BINDINGS.
EXTRA = [
    ("Anywhere", "ctrl+p", "Command palette (search every action)"),
    ("Console", "shift+tab", "Leave the console (focus the previous panel)"),
    ("Console", "escape", "Cancel a multi-line command (or the Ctrl+R search)"),
    ("Key browser", "↑ ↓ / enter / space", "Move / show key / fold a namespace"),
    ("Playground", "a-z 0-9", "Typed outside the console: go to the console"),
    ("Lesson text", "other letters", "Go to the console and start the command there"),
]


def _rows(scope: str, cls) -> list[tuple[str, str, str]]:
    out = []
    for b in getattr(cls, "BINDINGS", []):
        if isinstance(b, tuple):
            b = Binding(*b)
        desc = b.tooltip or b.description or b.action
        for key in b.key.split(","):
            out.append((scope, key.strip(), desc))
    return out


def binding_rows(app) -> list[tuple[str, str, str]]:
    from ..widgets.console import CommandInput
    from ..widgets.keybrowser import KeyBrowser
    from ..widgets.keyview import KeyPanel
    from ..widgets.question import OrderView
    from ..widgets.steps import ExampleLine
    from .codelab import CodeLabScreen
    from .codelab_list import CodeLabListScreen
    from .home import HomeScreen
    from .lesson import LessonPane, LessonScreen
    from .playground import PlaygroundScreen
    from .quiz import QuizScreen
    from .simulations import SimulationsScreen

    rows = _rows("Anywhere", type(app))
    # Every screen and focusable widget with its own keys; a class added to the lab
    # with BINDINGS belongs here too.
    for scope, cls in (("Home", HomeScreen), ("Playground", PlaygroundScreen),
                       ("Lesson", LessonScreen), ("Lesson text", LessonPane),
                       ("Lesson example", ExampleLine), ("Code lab", CodeLabScreen),
                       ("Code-lab list", CodeLabListScreen),
                       ("Quiz", QuizScreen), ("Quiz order question", OrderView),
                       ("Simulations", SimulationsScreen),
                       ("Console", CommandInput), ("Key browser", KeyBrowser), ("Key picture", KeyPanel)):
        rows += _rows(scope, cls)
    return rows + EXTRA


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close help", tooltip="Close this list")]

    def compose(self) -> ComposeResult:
        t = Table(box=None, show_header=True, header_style="bold", pad_edge=False, expand=True)
        t.add_column("where", style="dim", no_wrap=True)
        t.add_column("key", style="bold cyan", max_width=14)
        t.add_column("does", ratio=1)
        last = None
        for scope, key, desc in binding_rows(self.app):
            t.add_row(scope if scope != last else "", key, desc)
            last = scope
        with VerticalScroll(id="help-box"):
            yield Static(Text("Keys  (Esc closes)", style="bold"))
            yield Static(t)
