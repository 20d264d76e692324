"""One quiz question on screen, in the form its mechanic needs.

Every view answers ``answer()`` with exactly the value ``redislab.quiz.grade``
takes for that mechanic (letters, step ids, free text, command lines), so the lab
grades with the same code as the plain runner and the answers file: a score never
depends on which front end collected it.

* ``ChoiceView``   — one option (radio buttons) or several (a selection list);
                     a letter key picks/toggles, as in the plain runner;
* ``OrderView``    — steps shown shuffled (seeded), moved with Shift+↑/↓;
* ``FreeTextView`` — a text area graded by the rubric;
* ``TaskView``     — a console on the task's own engine (``TaskRun``): hooks fire
                     as the learner types, and the typed lines are the answer.
"""
from __future__ import annotations

import random

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import OptionList, RadioButton, RadioSet, SelectionList, Static, TextArea

from ...quiz.schema import Mechanic, Question
from ...quiz.tasks import TASKS, TaskRun
from .console import Console


class QuestionView(Widget):
    """Base: the question's prompt above a mechanic-specific input."""

    DEFAULT_CSS = """
    QuestionView { height: auto; max-height: 100%; }
    QuestionView > .q-prompt { padding: 0 1; margin-bottom: 1; }
    QuestionView > .q-hint { padding: 0 1; }
    """

    def __init__(self, question: Question, mechanic: Mechanic, seed: int = 0):
        super().__init__(classes="question")
        self.question = question
        self.mechanic = mechanic
        self.seed = seed

    def compose(self) -> ComposeResult:
        yield Static(Text.assemble((f"[{self.question.topic}] ", "dim"),
                                   (self.mechanic.prompt or self.question.prompt, "bold")), classes="q-prompt")
        yield from self.compose_input()

    def compose_input(self) -> ComposeResult:
        yield from ()

    def answer(self):
        """The learner's answer in grade()'s form, or None when nothing was given yet."""
        raise NotImplementedError

    def focus_input(self) -> None:
        for w in self.query("*"):
            if w.can_focus:
                w.focus()
                return


# -------------------------------------------------------------- recognition
class PickRadioSet(RadioSet):
    """A RadioSet where ↑/↓ choose, as in a desktop radio group. Textual's only
    moves a highlight that Enter/Space must then press, so a learner who arrowed to
    "exam" and pressed Start got practice, and one who arrowed to b) was told to
    answer first."""

    def _pick_highlighted(self) -> None:
        if self._selected is not None:
            button = self._nodes[self._selected]
            if isinstance(button, RadioButton):
                button.value = True

    def action_next_button(self) -> None:
        super().action_next_button()
        self._pick_highlighted()

    def action_previous_button(self) -> None:
        super().action_previous_button()
        self._pick_highlighted()


class WrapRadioButton(RadioButton):
    """A radio button whose label wraps. Textual's is always one line high and cuts
    a long label with "…", often the very option that is right. Wrapped lines hang
    under the option's text (after ``b) ``), not under the button, so each option
    reads as one block."""

    def _hang(self) -> int:
        """Cells before the option's text on the first line: the button, a space and
        the ``b) `` key (when the label starts with one)."""
        label = self._label.plain
        key = label[: label.find(") ") + 2] if 0 < label.find(") ") <= 3 else ""
        return self._button.cell_length + 1 + len(key)

    def _wrapped(self, width: int) -> list:
        hang = self._hang()
        label = self._label
        key_len = hang - self._button.cell_length - 1
        body = label[key_len:]
        lines = body.wrap(max(1, width - hang - 1)) or [body]   # one cell of right padding
        return [label[:key_len] + lines[0]] + lines[1:]

    def render(self):
        try:
            width = self.content_region.width or self.size.width
            lines = self._wrapped(width)
        except Exception:  # noqa: BLE001 - not laid out yet: Textual's own drawing
            return super().render()
        style = self.get_visual_style("toggle--label")
        button = self._button
        indent = " " * (self._hang() - 1)     # continuation text starts where b)'s text does

        def padded(line: Content) -> Content:
            return Content.assemble(" ", line, " ").stylize_before(style)

        out = [Content.assemble(button, padded(lines[0]))]
        out += [Content.assemble(indent, padded(line)) for line in lines[1:]]
        return Content("\n").join(out)

    def get_content_height(self, container, viewport, width: int) -> int:
        try:
            return max(1, len(self._wrapped(max(1, width))))
        except Exception:  # noqa: BLE001 - not styled yet: one line, as Textual's
            return 1


class ChoiceView(QuestionView):
    # Options wrap: a long right answer cut with "…" could not be read before choosing.
    DEFAULT_CSS = """
    ChoiceView RadioSet, ChoiceView SelectionList { height: auto; width: 100%; }
    ChoiceView WrapRadioButton { text-wrap: wrap; height: auto; }
    """

    def compose_input(self) -> ComposeResult:
        opts = self.mechanic.options
        if self.mechanic.type == "choice":
            yield PickRadioSet(*[WrapRadioButton(f"{o.key}) {o.text}") for o in opts], id="choices")
        else:
            yield SelectionList[str](*[(f"{o.key}) {o.text}", o.key) for o in opts], id="choices")
        hint = "a letter picks it" if self.mechanic.type == "choice" else \
            "letters toggle every option that applies"
        yield Static(Text(hint + " · Ctrl+S checks", style="dim"), classes="q-hint")

    def pick(self, key: str) -> None:
        """Pick (choice) or toggle (multi) option ``key`` — what a letter key does."""
        keys = [o.key for o in self.mechanic.options]
        if key not in keys:
            return
        i = keys.index(key)
        if self.mechanic.type == "choice":
            self.query_one(RadioSet).query(RadioButton)[i].value = True
        else:
            self.query_one(SelectionList).toggle(key)

    def on_key(self, event) -> None:
        ch = (event.character or "").lower()
        if len(ch) == 1 and ch in {o.key for o in self.mechanic.options}:
            event.stop()
            self.pick(ch)

    def answer(self):
        if self.mechanic.type == "choice":
            i = self.query_one(RadioSet).pressed_index
            return self.mechanic.options[i].key if i >= 0 else None
        picked = sorted(self.query_one(SelectionList).selected)
        return ",".join(picked) or None


def option_feedback(mechanic: Mechanic, answer) -> list[tuple[str, str]]:
    """Every option with what picking it (or not) meant: (line, style). The grader
    only reports the options that mattered; in practice the learner also learns
    why the options they rightly left alone were wrong."""
    picked = {p.strip() for p in str(answer or "").replace(";", ",").split(",") if p.strip()}
    out = []
    for o in mechanic.options:
        why = f": {o.feedback}" if o.feedback else ""
        if o.key in picked and o.correct:
            out.append((f"✓ {o.key}) {o.text} — right{why}", "green"))
        elif o.key in picked:
            out.append((f"✗ {o.key}) {o.text} — not right{why}", "red"))
        elif o.correct:
            out.append((f"• {o.key}) {o.text} — the answer{why}" if mechanic.type == "choice"
                        else f"• {o.key}) {o.text} — missed{why}", "yellow"))
        else:
            out.append((f"  {o.key}) {o.text} — rightly left out{why}", "dim"))
    return out


class OrderView(QuestionView):
    BINDINGS = [
        Binding("shift+up", "move(-1)", "Move up", tooltip="Move the highlighted step earlier"),
        Binding("shift+down", "move(1)", "Move down", tooltip="Move the highlighted step later"),
    ]
    DEFAULT_CSS = "OrderView OptionList { height: auto; max-height: 14; }"

    def __init__(self, question, mechanic, seed: int = 0):
        super().__init__(question, mechanic, seed)
        self.order = list(mechanic.items)
        # Shuffled, but never already right: a correct start would teach nothing.
        rng = random.Random(seed)
        while self.order == list(mechanic.items) and len(self.order) > 1:
            rng.shuffle(self.order)

    def compose_input(self) -> ComposeResult:
        yield OptionList(*self._lines(), id="steps")
        yield Static(Text("↑↓ highlight · Shift+↑↓ move the step · Ctrl+S checks", style="dim"), classes="q-hint")

    def _lines(self) -> list[str]:
        return [f"{k + 1}. {text}  [{sid}]" for k, (sid, text) in enumerate(self.order)]

    def action_move(self, step: int) -> None:
        ol = self.query_one(OptionList)
        i = ol.highlighted
        if i is None or not 0 <= i + step < len(self.order):
            return
        self.order[i], self.order[i + step] = self.order[i + step], self.order[i]
        ol.set_options(self._lines())
        ol.highlighted = i + step

    def answer(self):
        return [sid for sid, _ in self.order]


# ---------------------------------------------------------------- explaining
class FreeTextView(QuestionView):
    DEFAULT_CSS = "FreeTextView TextArea { height: 8; }"

    def compose_input(self) -> ComposeResult:
        yield TextArea(id="free-text", soft_wrap=True)
        yield Static(Text("Answer in your own words · Ctrl+S grades it", style="dim"), classes="q-hint")

    def answer(self):
        text = self.query_one(TextArea).text.strip()
        return text or None


# ------------------------------------------------------------------- hands-on
class TaskBackend:
    """The console's backend for a task: lines go through ``TaskRun.send`` so the
    task's hooks (a second client, the clock) act exactly as in the plain runner."""

    label = "task"
    queued = None

    def __init__(self, run: TaskRun):
        self.run = run
        self.line = ""              # the raw line being run: TaskRun wants text ($cursor, $id)
        self.lines: list[str] = []  # what reached the engine: the answer, replayed by grade()
        self.notes: list[str] = []

    def execute(self, argv):
        self.lines.append(self.line)
        reply, self.notes = self.run.send(self.line)
        return reply

    @property
    def db(self) -> int:
        return self.run.you.dbnum

    def keys(self, prefix: str, limit: int = 200) -> list[str]:
        names = (k.decode("utf-8", "replace") for k in list(self.run.you.db.data))
        return sorted(k for k in names if k.startswith(prefix))[:limit]

    def close(self) -> None:
        pass


class TaskConsole(Console):
    """The lab console, saying what the task did after each line."""

    def on_mount(self, event) -> None:
        event.prevent_default()     # not the playground's "Connected to ..." greeting
        self.call_after_refresh(self.write, "Type Redis commands; Ctrl+S checks what you did.", "dim")

    def run_line(self, line: str) -> None:
        self.backend.line = line
        self.backend.notes = []
        super().run_line(line)
        for note in self.backend.notes:
            if note:
                self.write(note, "yellow")
        self.backend.notes = []


class TaskView(QuestionView):
    DEFAULT_CSS = """
    TaskView { height: 1fr; }
    TaskView > .q-task { padding: 0 1; color: $text-muted; }
    TaskView TaskConsole { height: 1fr; min-height: 8; border: round $panel-lighten-2; }
    """

    def __init__(self, question, mechanic, seed: int = 0):
        super().__init__(question, mechanic, seed)
        self.task_def = TASKS[mechanic.task]
        self.backend = TaskBackend(TaskRun(self.task_def))

    def compose_input(self) -> ComposeResult:
        yield Static(Text.assemble(("hands-on: ", "bold"), self.task_def.title, "\n", self.task_def.instructions),
                     classes="q-task")
        yield TaskConsole(self.backend, id="task-console")

    def focus_input(self) -> None:
        try:
            self.query_one(TaskConsole).focus_input()
        except NoMatches:
            # Started from the quiz form, the console's input may not be composed yet
            # after one refresh (the lab crashed here): try again after the next.
            if self.is_attached:
                self.call_after_refresh(self.focus_input)

    def answer(self):
        return list(self.backend.lines) or None


VIEWS = {"choice": ChoiceView, "multi": ChoiceView, "order": OrderView, "rubric": FreeTextView, "task": TaskView}


def make_view(question: Question, mechanic: Mechanic, seed: int = 0) -> QuestionView:
    return VIEWS[mechanic.type](question, mechanic, seed)
