"""One step of a lesson: its title, its Markdown text, and its runnable examples.

Each example is a focusable line: ``r`` or Enter sends it to the console (a ``wait``
example fast-forwards the clock instead), ↑/↓ move between examples. The widget
only announces ``RunExample``; the lesson screen decides where it runs, so the
examples land in the lesson's own database exactly like typed commands.
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Markdown, Static

from ...curriculum.schema import Wait


class RunExample(Message):
    """Run this example (a curriculum ``Example``) in the lesson's console."""

    def __init__(self, example) -> None:
        super().__init__()
        self.example = example


def example_label(example) -> Text:
    cmd = example.command
    t = Text("▶ ", style="green")
    if isinstance(cmd, Wait):
        t.append(f"wait {cmd.seconds:g} s", style="italic")
        t.append("  (fast-forward the clock)", style="dim")
        return t
    t.append(cmd.text, style="bold")
    if example.reply is not None:
        first, *rest = example.reply.rstrip("\n").split("\n")
        more = f" …(+{len(rest)} lines)" if rest else ""
        t.append(f"  → {first}{more}", style="dim")
        if example.random:
            t.append("  (yours will differ)", style="dim italic")
    return t


class ExampleLine(Static):
    """A runnable example; focus it and press r or Enter."""

    can_focus = True
    BINDINGS = [
        # "Run", not "Run example": at 80 columns the lesson footer has no room to spare
        # (the longer label pushed Quit and F1 Help off it).
        Binding("r,enter", "run", "Run", tooltip="Send the focused example to the console"),
        Binding("down", "move(1)", "Next example", show=False, tooltip="Focus the next example"),
        Binding("up", "move(-1)", "Previous example", show=False, tooltip="Focus the previous example"),
        # End/Home scroll the page: the focus goes with them, or r would run an example
        # that is no longer on the screen.
        Binding("end", "edge(1)", "Last example", show=False, tooltip="The page's end and its last example"),
        Binding("home", "edge(-1)", "First example", show=False, tooltip="The page's top and its first example"),
    ]
    DEFAULT_CSS = """
    ExampleLine { height: auto; padding: 0 1; }
    ExampleLine:focus { background: $accent 30%; }
    """

    def __init__(self, example, **kw):
        super().__init__(example_label(example), **kw)
        self.example = example

    def action_run(self) -> None:
        self.post_message(RunExample(self.example))

    def action_edge(self, side: int) -> None:
        siblings = list(self.parent.query(ExampleLine)) if self.parent else [self]
        target = siblings[-1] if side > 0 else siblings[0]
        target.focus()
        pane = self.parent.parent if self.parent is not None else None
        if pane is not None and hasattr(pane, "scroll_end"):
            (pane.scroll_end if side > 0 else pane.scroll_home)(animate=False)
        else:
            target.scroll_visible()

    def action_move(self, step: int) -> None:
        siblings = list(self.parent.query(ExampleLine)) if self.parent else [self]
        i = siblings.index(self) + step
        if 0 <= i < len(siblings):
            siblings[i].focus()
            siblings[i].scroll_visible()
        elif self.parent is not None:
            # Past the last example: let the pane scroll on, as ↑/↓ do elsewhere.
            pane = self.parent.parent
            if pane is not None and hasattr(pane, "scroll_relative"):
                pane.scroll_relative(y=step * 3)


def corrects_text(note: str) -> Text:
    """The "this step corrects the guide" banner. Lesson authors write the note as a
    sentence about the guide ("The guide says ..."), so the label does not repeat it."""
    t = Text("⚠ Correcting the guide: ", style="bold")
    t.append(" ".join(note.split()))
    t.append("  Below: what Redis really does.", style="italic")
    return t


class StepView(Vertical):
    """Step ``index`` of ``count``: a header, a "corrects the guide" note, text, examples."""

    DEFAULT_CSS = """
    StepView { height: auto; }
    StepView > .step-title { text-style: bold; color: $accent; padding: 0 1; }
    StepView > .corrects { color: $warning; padding: 0 1; }
    StepView > Markdown { margin: 0; padding: 0 1; }
    StepView > .examples-head { color: $text-muted; padding: 0 1; }
    """

    def __init__(self, step, index: int, count: int, **kw):
        super().__init__(**kw)
        self.step = step
        self.index = index
        self.count = count

    def compose(self) -> ComposeResult:
        yield Static(f"Step {self.index + 1}/{self.count} · {self.step.title}", classes="step-title")
        if self.step.corrects_guide:
            yield Static(corrects_text(self.step.corrects_guide), classes="corrects")
        yield Markdown(self.step.text, classes="step-text")
        if self.step.examples:
            yield Static("Examples (r runs one; Ctrl+L gets you here):", classes="examples-head")
            for ex in self.step.examples:
                yield ExampleLine(ex)

    @property
    def examples(self) -> list[ExampleLine]:
        return list(self.query(ExampleLine))
