"""One exercise: its goal, the hints revealed so far, the last check, the solution.

The widget only draws; the lesson screen runs the grading and calls ``reveal_hint``
and ``show_result``. Hints come one at a time (each press shows the next), and the
reference solution appears only after a passing check, so it is a comparison,
never a shortcut.
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Markdown, Static

from ...curriculum import variants as V
from ...curriculum.schema import Wait


def inline(text: str, style: str = "") -> Text:
    """Hints and check reasons are one-line Markdown: show `code` spans as code
    instead of printing the backticks."""
    t = Text(style=style)
    for i, part in enumerate(text.strip().split("`")):
        t.append(part, style="bold cyan" if i % 2 else "")
    return t


def solution_text(items: list) -> str:
    """The reference solution as lines to type (pipelines and waits spelled out)."""
    lines = []
    for it in items:
        if isinstance(it, Wait):
            lines.append(f"(wait {it.seconds:g} s)")
        elif isinstance(it, list):
            lines.append("pipeline: " + " | ".join(it))
        else:
            lines.append(it)
    return "\n".join(lines)


# The check families as a learner names them (the schema calls them state/reply/method).
FAMILY = {"state": "data", "reply": "reply", "method": "method"}


def check_line(c) -> str:
    """``data · value of home:city``: the family, then what the check looks at."""
    what = getattr(c, "label", "") or c.kind.replace("_", " ")
    return f"{FAMILY.get(c.category, c.category)} · {what}"


def result_text(result, hints: list[str], hints_shown: int = 0) -> Text:
    """A grade as the learner reads it: verdict, reason, one line per check. The
    grader's hint is added only when it is not already on screen above."""
    t = Text()
    if result.passed:
        t.append("✓ Passed. ", style="bold green")
        t.append(result.reason + (f" (also on {result.variants_run} hidden variants)"
                                  if result.variants_run else ""))
    else:
        t.append("✗ Not yet. ", style="bold red")
        if result.failure == "variant":        # the reason explains what a variant is
            t.append_text(inline(result.reason))
        else:                                  # each failing check says why, below
            bad = len(result.failed_checks)
            t.append(f"{bad} of {len(result.checks)} checks fail:")
    checks = result.checks
    if result.failure == "variant" and result.variant:
        checks = result.variant["checks"]
        t.append("\nOn the variant:", style="dim")
    # Failing checks and the hint come right under the verdict, the passed ones after:
    # at 80x24 the pane shows about ten lines, and with the checks in lesson order the
    # reason (and the hint) could sit below the fold under a column of ✓ lines.
    failed = [c for c in checks if not c.passed]
    for c in failed:
        t.append("\n  ✗ ", style="red")
        t.append(check_line(c), style="bold")
        if c.reason:
            t.append(" — ")
            t.append_text(inline(c.reason))
    if not result.passed and result.hint_index is not None and hints_shown <= result.hint_index < len(hints):
        t.append("\nHint: ", style="bold yellow")
        t.append_text(inline(hints[result.hint_index]))
    for c in checks:
        if c.passed:
            t.append("\n  ✓ ", style="green")
            t.append(check_line(c), style="dim")
    return t


# The lesson screen's keys for an exercise (Ctrl+R is the console's history search).
KEYS_HELP = "F9 check · F8 hint · Ctrl+Z undo · Ctrl+O reset"


class ExerciseView(Vertical):
    DEFAULT_CSS = """
    ExerciseView { height: auto; }
    ExerciseView > .ex-title { text-style: bold; color: $accent; padding: 0 1; }
    ExerciseView > Markdown { margin: 0; padding: 0 1; }
    ExerciseView > #hints, ExerciseView > #result, ExerciseView > #solution { padding: 0 1; height: auto; }
    ExerciseView > #keys-help { color: $text-muted; padding: 0 1; }
    ExerciseView > #result { margin-top: 1; }
    """

    def __init__(self, exercise, env: dict, index: int, count: int, passed_before: bool = False, **kw):
        super().__init__(**kw)
        self.exercise = exercise
        self.env = env
        self.index = index
        self.count = count
        self.passed_before = passed_before
        self.hints = [V.render(h, env) for h in exercise.hints]
        self.shown_hints = 0
        self.result = None
        self.result_plain = ""       # what the learner reads, as plain text (tests, copy)
        self.solution_plain = ""

    def compose(self) -> ComposeResult:
        title = V.render(self.exercise.title, self.env)
        head = Text(f"Exercise {self.index + 1}/{self.count} · {title}")
        if self.passed_before:
            head.append("  ✓ passed before", style="green")
        yield Static(head, classes="ex-title")
        yield Markdown(V.render(self.exercise.goal, self.env), id="goal")
        yield Static(KEYS_HELP, id="keys-help")
        yield Static("", id="hints")
        yield Static("", id="result")
        yield Static("", id="solution")

    # ------------------------------------------------------------------ hints
    def reveal_hint(self) -> bool:
        """Show the next hint; False when there is none left."""
        if self.shown_hints >= len(self.hints):
            return False
        self.shown_hints += 1
        self._draw_hints()
        return True

    def _draw_hints(self) -> None:
        t = Text()
        for i, h in enumerate(self.hints[: self.shown_hints]):
            t.append(("\n" if i else "") + f"Hint {i + 1}/{len(self.hints)}: ", style="bold yellow")
            t.append_text(inline(h))
        self.query_one("#hints", Static).update(t)

    @property
    def hints_text(self) -> str:
        return "\n".join(self.hints[: self.shown_hints])

    # ----------------------------------------------------------------- result
    def show_result(self, result, solution: list | None) -> None:
        self.result = result
        shown = result_text(result, self.hints, self.shown_hints)
        self.result_plain = shown.plain
        self.query_one("#result", Static).update(shown)
        t = Text()
        if solution is not None:
            t.append("Reference solution (compare with yours):\n", style="bold")
            t.append(solution_text(solution), style="cyan")
        self.solution_plain = t.plain
        self.query_one("#solution", Static).update(t)

    def clear_result(self) -> None:
        self.result = None
        self.result_plain = self.solution_plain = ""
        self.query_one("#result", Static).update("")
        self.query_one("#solution", Static).update("")
