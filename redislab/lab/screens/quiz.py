"""The quiz screen: practice, drill and exam over the question bank, in the lab.

The screen is only a front end: ``redislab.quiz.modes`` decides which questions
come and how they are scored, ``widgets/question.py`` collects each answer in the
mechanic's form, and results go to the progress file after every answer (a lab
that crashes mid-drill keeps what was learnt).

``source`` narrows the bank the way the home screen's entries mean it: "guide"
(the guide's interview questions), "quiz" (the guide's quiz) or None (everything).
The modes select by topic only, so the narrowing is done by handing them a
smaller ``Bank``.
"""
from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Label, RadioButton, RadioSet, Select, Static

from ...progress import Progress
from ...quiz.bank import Bank
from ...quiz.bank import load as load_bank
from ...quiz.grading import PASS as PASS_SCORE
from ...quiz.modes import EASY, HARD, Drill, Exam, Practice
from ..widgets.question import PickRadioSet, QuestionView, make_view, option_feedback

MODES = ("practice", "drill", "exam")
MECHANICS = ("choice", "multi", "order", "rubric", "task")
# The mechanic ids are the question bank's vocabulary ("rubric", "task"); a learner
# picking a way of answering, or reading the status line, needs them in plain words.
MECHANIC_NAMES = {"choice": "pick one answer", "multi": "pick every right answer",
                  "order": "put steps in order", "rubric": "answer in your own words",
                  "task": "do it in a live Redis"}
SOURCES = {"guide": "Interview questions (guide §13)", "quiz": "The guide's quiz (§14)", None: "All questions"}
DRILL_SECONDS = 300.0        # a drill is a short, timed recall session
SETUP_HELP = "↑↓ picks · Tab: next field · Enter on Start (or Ctrl+S) begins"


def so_far(pool: Bank, progress: Progress, count: int | None = None) -> str:
    """What the progress file says about these questions, for the setup form: a
    learner coming back sees their work was kept and what a drill would bring back.
    ``count``: how many a practice or drill run asks, when fewer than the pool."""
    ids = [q.id for q in pool]
    answered = [i for i in ids if progress.best(i) is not None]
    if not answered:
        per_run = f" ({count} a run)" if count and count < len(ids) else ""
        return f"{len(ids)} questions{per_run}, none answered yet; every answer is saved."
    right = sum(1 for i in answered if progress.best(i) >= PASS_SCORE)
    due = sum(1 for i in ids if progress.is_due(i))
    return f"So far: {len(answered)}/{len(ids)} answered, {right} right; {due} due in a drill."


class QuizScreen(Screen):
    BINDINGS = [
        # One key, two names in the footer: Start on the form, Check on a question.
        Binding("ctrl+s", "start", "Start", priority=True, tooltip="Start the quiz as set up on the form"),
        Binding("ctrl+s", "submit", "Check", priority=True, tooltip="Check the answer (in an exam: record it)"),
        Binding("ctrl+n", "next", "Next/skip", priority=True, tooltip="Next question, or skip this one"),
        Binding("escape", "leave", "Back", tooltip="Back to where you came from"),
    ]
    DEFAULT_CSS = """
    QuizScreen #quiz-setup { padding: 1 2 0 2; height: auto; }
    QuizScreen #quiz-setup RadioSet { width: auto; margin-bottom: 1; }
    QuizScreen #quiz-setup Select { width: 50; margin-bottom: 1; }
    QuizScreen #quiz-setup .setup-help { color: $text-muted; width: 1fr; }
    QuizScreen #quiz-status { height: 1; padding: 0 1; background: $boost; }
    QuizScreen #quiz-body { height: 1fr; }
    QuizScreen #quiz-feedback-box { height: auto; max-height: 60%; border-top: solid $panel-lighten-2; }
    QuizScreen #quiz-feedback-box:focus { border-top: solid $accent; }
    QuizScreen #quiz-feedback { height: auto; padding: 0 1; }
    """

    def __init__(self, source: str | None = None, *, mode: str | None = None, topic: str | None = None,
                 mechanic: str | None = None, ids: list[str] | None = None, count: int = 10,
                 seed: int | None = None, time_limit: float | None = None, now=time.monotonic,
                 bank: Bank | None = None):
        super().__init__()
        self.source = source
        self.bank = bank or load_bank()
        self.pool = Bank([q for q in self.bank.select(source=source)
                          if not ids or q.id in ids])     # what this screen may ask
        self.preset = (mode, topic, mechanic)
        self.count = count
        self.seed = seed if seed is not None else int(time.time()) % 100_000
        self.time_limit = time_limit
        self.now = now
        self.progress: Progress | None = None
        self.runner = None
        self.mode = ""
        self.items: list = []
        self.index = 0
        self._state = "setup"                # setup -> asking <-> feedback -> done
        self.feedback_lines: list[str] = []  # plain text of the feedback shown (tests, copy)
        self.view: QuestionView | None = None
        self._timer = None

    # ------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="quiz-setup"):
            yield Label(Text(SOURCES.get(self.source, "Questions"), style="bold"))
            yield Label(id="quiz-so-far", classes="setup-help")
            yield Label("Mode")
            with PickRadioSet(id="mode"):
                yield RadioButton("practice — feedback after each answer", value=True)
                yield RadioButton("drill — timed, Leitner boxes decide what comes back")
                yield RadioButton("exam — a fixed set, the report at the end")
            yield Select([(t, t) for t in self.pool.topics()], prompt="every topic", id="topic")
            yield Select([(MECHANIC_NAMES[m], m) for m in MECHANICS], prompt="any way of answering", id="mechanic")
            yield Button("Start", id="start", variant="primary")
            yield Label(SETUP_HELP, classes="setup-help")
        yield Static(id="quiz-status")
        yield VerticalScroll(id="quiz-body")
        # Scrolls: at 80x24 an answer's feedback and explanation are taller than the room.
        with VerticalScroll(id="quiz-feedback-box"):
            yield Static(id="quiz-feedback")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Quiz"
        self.sub_title = SOURCES.get(self.source, "")
        self.progress = Progress.load()
        for w in self.progress.warnings:
            self.notify(w, severity="warning", timeout=10)
        for sel in ("#quiz-status", "#quiz-body", "#quiz-feedback-box"):
            self.query_one(sel).display = False
        self.query_one("#quiz-so-far", Label).update(so_far(self.pool, self.progress, self.count))
        mode, topic, mechanic = self.preset
        if mode:
            self.start(mode, topic, mechanic)
        else:
            self.query_one("#mode", RadioSet).focus()

    # -------------------------------------------------------------- start
    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            event.stop()
            self._start_from_form()

    def _start_from_form(self) -> None:
        idx = max(0, self.query_one("#mode", RadioSet).pressed_index)
        topic = self.query_one("#topic", Select).value
        mech = self.query_one("#mechanic", Select).value
        self.start(MODES[idx], None if topic is Select.NULL else topic,
                   None if mech is Select.NULL else mech)

    def start(self, mode: str, topic: str | None = None, mechanic: str | None = None) -> None:
        prefer = (mechanic,) if mechanic else ()
        try:
            if mode == "drill":
                self.runner = Drill(self.pool, self.progress, topic, seed=self.seed, size=self.count,
                                    time_limit=self.time_limit or DRILL_SECONDS, now=self.now, prefer=prefer)
                items = self.runner.items
            elif mode == "exam":
                self.runner = Exam(self.pool, self.progress, topic)
                items = self.runner.items
            else:
                self.runner = Practice(self.pool, self.progress, topic, seed=self.seed, prefer=prefer + EASY + HARD)
                # As in the plain runner: asking for a mechanic means "give me those".
                items = [i for i in self.runner.items if not mechanic or i.mechanic.type == mechanic] \
                    or self.runner.items
                items = items[:self.count]
        except ValueError as e:            # a topic with no questions
            self.notify(str(e), severity="error")
            return
        self.mode, self.items, self.index = mode, items, 0
        self.query_one("#quiz-setup").display = False
        for sel in ("#quiz-status", "#quiz-body", "#quiz-feedback-box"):
            self.query_one(sel).display = True
        self.sub_title = f"{mode} · {SOURCES.get(self.source, '')}" + (f" · {topic}" if topic else "")
        for note in getattr(self.runner, "notes", []):
            self.notify(note, timeout=6)
        if mode == "drill":
            self._timer = self.set_interval(1.0, self._update_status)
        self._show()

    # ------------------------------------------------------------ questions
    @property
    def item(self):
        return self.items[self.index] if self.index < len(self.items) else None

    def _show(self) -> None:
        body = self.query_one("#quiz-body")
        body.remove_children()
        self._set_feedback([])
        if self.item is None or (self.mode == "drill" and self.runner.expired()):
            self._finish()
            return
        self.state = "asking"
        self.view = make_view(self.item.question, self.item.mechanic, self.seed)
        body.mount(self.view)
        self.call_after_refresh(self.view.focus_input)
        self._update_status()

    def _update_status(self) -> None:
        if self.state == "done" or not self.items:
            return
        n = min(self.index + 1, len(self.items))
        parts = [self.mode, f"question {n}/{len(self.items)}"]
        if self.item is not None:
            parts.append(MECHANIC_NAMES.get(self.item.mechanic.type, self.item.mechanic.type))
        if self.mode == "drill":
            if self.item is not None:
                parts.append(f"Leitner box {self.progress.box(self.item.question.id)}")
            left = self.runner.time_left()
            parts.append(f"⏱ {int(left) // 60}:{int(left) % 60:02d} left")
            if left <= 0 and self.state == "asking":
                self.notify("Time is up: the drill ends here.")
                self._finish()
                return
        self.query_one("#quiz-status", Static).update(" · ".join(parts))

    def _set_feedback(self, lines: list[tuple[str, str]]) -> None:
        self.feedback_lines = [t for t, _ in lines]
        fb = self.query_one("#quiz-feedback", Static)
        fb.update(Text("\n").join(Text(t, style=s) for t, s in lines))
        box = self.query_one("#quiz-feedback-box", VerticalScroll)
        box.display = bool(lines)
        box.scroll_home(animate=False)

    @property
    def state(self) -> str:
        return self._state

    @state.setter
    def state(self, value: str) -> None:
        self._state = value
        self.refresh_bindings()            # Ctrl+S is Start on the form, Check after

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "start":
            return self._state == "setup"
        if action == "submit":
            return self._state != "setup"
        return True

    def action_start(self) -> None:
        if self._state == "setup":
            self._start_from_form()

    def action_submit(self) -> None:
        if self.state == "setup":          # Ctrl+S on the form means Start
            self._start_from_form()
            return
        if self.state == "feedback":
            self.action_next()
            return
        if self.state != "asking" or self.view is None:
            return
        answer = self.view.answer()
        if answer is None:
            self.notify("Answer first (Ctrl+N skips).", severity="warning")
            return
        if self.mode == "exam":
            self.runner.answer(self.item, answer)      # graded only in the report
            self.index += 1
            self._show()
            return
        result = self.runner.answer(self.item, answer)
        self.progress.save()
        self.state = "feedback"
        self.view.disabled = not self.item.mechanic.type == "task"   # scrollback stays readable
        self._set_feedback(self._result_lines(result, answer))
        if self.view.disabled:      # ↑/↓/PgDn now scroll the feedback, which may not fit
            self.query_one("#quiz-feedback-box").focus()

    def _result_lines(self, r, answer) -> list[tuple[str, str]]:
        m = self.item.mechanic
        # The way on comes first: the end of a long explanation may be below the fold.
        head = (f"score {r.score:.2f}" + ("  ✓ got it" if r.passed else "  — not yet")
                + ("   (Ctrl+N: next question)" if m.type == "task" else "   (Ctrl+N: next question · ↑↓ scroll)"))
        lines = [(head, "bold green" if r.passed else "bold yellow")]
        if m.type in ("choice", "multi") and self.mode == "practice":
            lines += option_feedback(m, answer)
            lines += [(f"  {f}", "dim") for f in r.feedback if f.startswith(("no option", "pick", "Leitner"))]
        else:
            for f in r.feedback:
                style = "red" if f.startswith("misconception") else "yellow" if f.startswith("missing") else ""
                lines.append((f"  {f}", style))
        if r.missing and m.type in ("rubric", "task") and not any(f.startswith("missing") for f in r.feedback):
            lines.append(("  missing: " + "; ".join(r.missing), "yellow"))
        if r.note and r.note != "unavailable":
            lines.append((f"  ({r.note})", "dim"))
        if self.mode == "practice" and self.item.question.explanation:
            lines.append(("why: " + self.item.question.explanation.strip(), "italic"))
        lines.append(("Ctrl+N (or Ctrl+S) for the next question", "dim"))
        return lines

    def action_next(self) -> None:
        if self.state not in ("asking", "feedback"):
            return
        if self.state == "asking" and self.mode == "drill":
            # A skipped card in a drill is one the learner did not know.
            self.runner.answer(self.item, "")
            self.progress.save()
        self.index += 1
        self._show()

    # -------------------------------------------------------------- the end
    def _finish(self) -> None:
        self.state = "done"
        if self._timer is not None:
            self._timer.stop()
        self.query_one("#quiz-body").remove_children()
        self.view = None
        if self.mode == "exam":
            rep = self.runner.report()
            lines = [(f"exam score {rep.total:.0%} over {len(rep.results)} questions", "bold")]
            for t, v in rep.per_topic.items():
                style = "green" if t in rep.strengths else "red" if t in rep.weaknesses else ""
                lines.append((f"  {t:<16} {v['score']:>4.0%}  ({v['answered']})", style))
            lines.append(("strengths: " + (", ".join(rep.strengths) or "-"), "green"))
            lines.append(("to work on: " + (", ".join(rep.weaknesses) or "-"), "yellow"))
            for r in rep.results:
                if r.missing:
                    lines.append((f"  {r.question}: missing {'; '.join(r.missing)}", "dim"))
                elif r.feedback == ["not answered"]:
                    lines.append((f"  {r.question}: not answered", "dim"))
            self.report = rep
        else:
            done = self.runner.results
            right = sum(r.passed for r in done)
            lines = [(f"{self.mode} finished: {right}/{len(done)} right", "bold")]
            if self.mode == "drill":
                s = self.runner.summary()
                lines.append((f"drill session {s['session']}; boxes now: "
                              + ", ".join(f"{q} {b}" for q, b in s["boxes"].items()), ""))
        lines.append(("Escape goes back", "dim"))
        if self.progress is not None:
            self.progress.save()
        self.query_one("#quiz-status", Static).update(f"{self.mode} · done")
        self._set_feedback(lines)
        self.query_one("#quiz-feedback-box").focus()     # an exam's report is long: ↑↓ scroll it

    def action_leave(self) -> None:
        if self.progress is not None and self.state != "setup":
            self.progress.save()
        self.app.pop_screen()

    def on_unmount(self) -> None:
        if self._timer is not None:
            self._timer.stop()

