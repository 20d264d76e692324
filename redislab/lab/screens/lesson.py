"""The lesson screen: steps and exercises on the left, the playground's console,
key browser, picture and clock around them.

It is a ``PlaygroundScreen`` (same routing of ``CommandRan``/``KeyPicked``/
``ClockMoved``, same F-keys) whose console talks to the lesson's own sandbox:

* **Sandbox.** Each lesson gets a database of the lab's engine (1..15, handed out
  least-recently-used first, so free play keeps db 0), or, when the lesson asks
  for cluster mode (``engine: {cluster: true}``), an engine of its own on the lab's
  clock. The state lives in ``LessonState`` for the whole app run, so leaving a
  lesson and coming back finds the keys, the exercise and its log as they were.
* **Exercises.** Opening an exercise empties the database and runs its setup
  (``prepare_live``). Every command the console sends is recorded in the exercise's
  ``CommandLog`` (fast-forwards too), which ``grade_live`` grades in place.
* **Undo / reset.** A snapshot of the database is taken before each command;
  undo restores the last one and drops the command from the log. Reset empties
  the database, re-runs the setup and starts a new log.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Static

from ...curriculum import CommandLog, grade_live, prepare_live
from ...curriculum.grading import SetupError, solution_commands
from ...curriculum.schema import Wait
from ...engine import Engine
from ...engine import snapshot as snap
from ...progress import Progress
from ..progress_view import learner_seed
from ..syllabus import fit_title
from ..widgets.backend import EmbeddedBackend
from ..widgets.datacolumn import data_column
from ..widgets.console import CommandInput, Console
from ..widgets.exercise import ExerciseView
from ..widgets.footer import SteadyFooter
from ..widgets.keybrowser import KeyBrowser
from ..widgets.keyview import KeyPanel
from ..widgets.steps import ExampleLine, RunExample, StepView
from .playground import PlaygroundScreen

# Guide sections with a simulation worth watching next to the lesson.
SIMULATIONS = {"4": "read-patterns", "5": "invalidation", "8": "lock", "10": "rate-limit"}
UNDO_DEPTH = 100
UNDO_MAX_KEYS = 20_000     # beyond this a snapshot per command costs too much: undo pauses


# --------------------------------------------------------------- state

@dataclass
class ActiveExercise:
    index: int
    exercise: object
    env: dict
    log: CommandLog = field(default_factory=CommandLog)


@dataclass
class LessonState:
    """What a lesson keeps while the app runs: where its data lives and its exercise."""
    engine: Engine
    dbnum: int
    page: int = 0
    active: ActiveExercise | None = None
    undo: list = field(default_factory=list)        # [(DbSnapshot, log or None, log length, line)]
    hints_shown: dict = field(default_factory=dict)  # exercise id -> hints revealed


_LABS_BY_LESSON: dict | None = None    # lesson id -> code lab ids, read once per run

# app engine -> {lesson id: LessonState}, least recently opened first
_states: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_own_engines: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()   # {lesson id: Engine}


def state_for(engine: Engine, lesson) -> LessonState:
    """The lesson's sandbox in ``engine``: reused if it still has one, else a fresh db."""
    table = _states.setdefault(engine, {})
    st = table.pop(lesson.id, None)
    if st is not None:
        table[lesson.id] = st            # most recently used goes last
        return st
    if lesson.engine_config:
        owned = _own_engines.setdefault(engine, {})
        own = owned.get(lesson.id)
        if own is None:
            # Same clock: the time bar and fast-forward apply to it as to the lab engine.
            # Kept for the app's life (not per screen): each engine registers with the
            # clock, so one per lesson, not one per visit.
            from ...curriculum.schema import engine_params

            own = owned[lesson.id] = Engine(clock=engine.clock, config=engine_params(lesson.engine_config))
        st = LessonState(own, 0)
    else:
        st = LessonState(engine, _free_db(engine, table))
    st.engine.keyspace.dbs[st.dbnum].flush()     # examples start on an empty database
    table[lesson.id] = st
    return st


def _free_db(engine: Engine, table: dict) -> int:
    ndb = len(engine.keyspace.dbs)
    if ndb < 2:
        return 0
    used = {s.dbnum: lid for lid, s in table.items() if s.engine is engine}
    for n in range(1, ndb):
        if n not in used:
            return n
    # Every db is taken: the lesson opened least recently gives its db up.
    oldest = next(lid for lid, s in table.items() if s.engine is engine)
    return table.pop(oldest).dbnum


class LessonBackend(EmbeddedBackend):
    """The console's session in the lesson's database, calling ``before(argv)``
    ahead of every command (undo snapshot) and ``after(argv, reply)`` once its reply
    is known (the exercise log); a blocking command is logged when it unblocks."""

    def __init__(self, engine, dbnum: int, before, after):
        super().__init__(engine)
        self.session.select(dbnum)
        self.before, self.after = before, after

    def execute(self, argv):
        self.before(argv)
        reply = super().execute(argv)
        if callable(getattr(reply, "wait", None)):
            return _Parked(reply, argv, self.after)
        self.after(argv, reply)
        return reply


class _Parked:
    def __init__(self, parked, argv, after):
        self._parked, self._argv, self._after = parked, argv, after

    def wait(self):
        reply = self._parked.wait()
        if not self.cancelled:     # given up (Esc): it did nothing, so it is not logged
            self._after(self._argv, reply)    # the console holds Enter back meanwhile
        return reply

    @property
    def cancelled(self) -> bool:
        return getattr(self._parked, "cancelled", False)

    def cancel(self) -> bool:
        return self._parked.cancel()


class LessonPane(VerticalScroll):
    """The left-hand page. A few letter keys work when it has focus; any other
    letter starts a command in the console (see ``LessonScreen.on_key``).

    Hint, check and undo have no letters here: a learner who starts typing a
    command while the page still has focus would otherwise check the exercise
    (an attempt on record) or undo data with the first letters of ``hset``."""

    can_focus = True
    BINDINGS = [
        # n/p stay out of the footer: it already shows PgDn for the same move.
        Binding("n", "screen.page(1)", "Next", show=False, tooltip="Next step or exercise"),
        Binding("p", "screen.page(-1)", "Previous", show=False, tooltip="Previous step or exercise"),
        # Out of the footer too: with the page focused they pushed Quit and F1 Help off
        # it at 80 columns. The page's "Also in this section" line and F1 name them.
        Binding("s", "screen.simulation", "Simulation", show=False,
                tooltip="Open the simulation for this section (sections 4, 5, 8, 10)"),
        Binding("l", "screen.codelab", "Code lab", show=False,
                tooltip="Open this section's code labs: the guide's Python, edited and run"),
    ]


class LessonScreen(PlaygroundScreen):
    BINDINGS = [
        Binding("pagedown", "page(1)", "Next", priority=True, tooltip="Next step or exercise"),
        Binding("pageup", "page(-1)", "Prev", priority=True, show=False, tooltip="Previous step or exercise"),
        Binding("f8", "hint", "Hint", tooltip="Reveal the exercise's next hint"),
        Binding("f9", "check", "Check", tooltip="Check the exercise against what you did"),
        Binding("ctrl+z", "undo", "Undo", tooltip="Undo your last command (restores the data before it)"),
        # Not Ctrl+R: in the console (where the learner mostly is) that key is the
        # readline history search. O as in "start over".
        Binding("ctrl+o", "reset", "Reset", tooltip="Start the exercise again from its data"),
        Binding("ctrl+l", "focus('lesson')", "Lesson", show=False, tooltip="Focus the lesson text (then r runs an example)"),
        # The time bar's buttons name F5/F6; the footer needs the room (80 columns).
        Binding("f5", "forward(10)", "+10 s", show=False, tooltip="Fast-forward the clock 10 seconds (TTLs run down)"),
        Binding("f6", "forward(60)", "+1 min", show=False, tooltip="Fast-forward the clock one minute"),
    ]

    DEFAULT_CSS = """
    #lesson { height: 3fr; border: round $panel-lighten-2; border-title-color: $text-muted; }
    #lesson:focus-within { border: round $accent; }
    LessonScreen #console { height: 2fr; min-height: 7; }
    LessonPane > .extras { color: $text-muted; text-style: italic; padding: 0 1; margin-top: 1; }
    """

    def __init__(self, entry, app_engine: Engine, progress_path=None):
        self.lesson = entry.lesson
        self.state = state_for(app_engine, self.lesson)
        self.progress_path = progress_path
        st = self.state
        super().__init__(entry, LessonBackend(st.engine, st.dbnum, self._before, self._after))
        self.pages = [("step", i) for i in range(len(self.lesson.steps))] + \
                     [("exercise", j) for j in range(len(self.lesson.exercises))]
        self.seed = learner_seed(self._progress())
        if not st.page and not st.active:      # first open this run: resume where the file says
            st.page = min(self._progress().lesson(self.lesson.id).step, len(self.pages) - 1)

    # ------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="playground"):
            with Vertical(id="left"):
                pane = LessonPane(id="lesson")
                pane.border_title = "lesson"
                yield pane
                # A lesson's own greeting: the free-play "Try: SET user:1:name" would
                # send a learner off the lesson's examples.
                console = Console(self.backend, id="console", greeting=(
                    f"Connected to the built-in Redis engine, database {self.state.dbnum}: this "
                    "lesson's own sandbox. Run the page's examples (Ctrl+L, then r) or type your own."))
                console.border_title = "console"
                yield console
            with Vertical(id="right"):
                yield from data_column(self)
        # Compact: the lesson has the most keys of any screen; at 80 columns the
        # spaced footer cut off Quit and F1 Help. No "^p palette" either: with an
        # example focused (r) it left no room for them (Ctrl+P still opens it).
        yield SteadyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        # PlaygroundScreen.on_mount runs after this one and names the screen through
        # name_screen (below). Fixing the title up after a refresh instead lost the
        # race now and then, and a lesson was headed "playground".
        self.show_page(self.state.page, turning=False)

    def name_screen(self) -> None:
        self._fit_title()

    def _fit_title(self) -> None:
        own = self.state.engine is not self.app.engine
        cluster = own and bool(self.state.engine.config.get("cluster-enabled"))
        subs = ("lesson · sandbox: " + ("its own cluster-mode engine" if cluster else "its own engine, database 0"
                                        if own else f"database {self.state.dbnum}"),
                "lesson · " + ("cluster sandbox" if cluster else "own engine" if own else f"db {self.state.dbnum}"))
        self.title, self.sub_title = fit_title(f"{self.lesson.section}. {self.lesson.title}", subs,
                                               self.size.width or self.app.size.width)

    def on_resize(self, event) -> None:
        if self.is_mounted:
            self._fit_title()

    def on_unmount(self) -> None:
        # PlaygroundScreen.on_unmount (run after this) closes the console's session.
        self._save(lambda p: setattr(p.lesson(self.lesson.id), "step", self.state.page))

    # ------------------------------------------------------------ progress
    def _progress(self) -> Progress:
        # Loaded fresh each time: the quiz screen writes the same file.
        return Progress.load(self.progress_path)

    def _save(self, change) -> Progress | None:
        try:
            p = self._progress()
            change(p)
            p.save()
            return p
        except OSError as e:
            self.notify(f"Could not save your progress: {e}", severity="error")
            return None

    # --------------------------------------------------------------- pages
    @property
    def page(self) -> int:
        return self.state.page

    @property
    def view(self):
        """The page shown now: a StepView or an ExerciseView."""
        return self.query_one("#lesson").children[0]

    def _focus_in_page(self) -> bool:
        f = self.focused
        return f is not None and (f.id == "lesson" or isinstance(f, ExampleLine))

    def show_page(self, page: int, turning: bool = True) -> None:
        # Read before the old page's examples go. At mount Textual has focused the
        # page (its first focusable) on its own; the console takes focus then.
        turned_from_page = turning and self._focus_in_page()
        st = self.state
        st.page = page = max(0, min(page, len(self.pages) - 1))
        kind, i = self.pages[page]
        pane = self.query_one("#lesson", LessonPane)
        pane.remove_children()
        if kind == "step":
            widget = StepView(self.lesson.steps[i], i, len(self.lesson.steps))
        else:
            ex = self.lesson.exercises[i]
            if st.active is None or st.active.index != i:
                if not self._activate(i):
                    return
            passed = self._progress().lesson(self.lesson.id).passed(ex.id)
            widget = ExerciseView(ex, st.active.env, i, len(self.lesson.exercises), passed)
        pane.border_title = f"lesson · page {page + 1}/{len(self.pages)}"
        if not self.lesson.exercises and page == len(self.pages) - 1:
            # Nothing to grade: reading to the end is what finishes such a lesson.
            self._save(lambda p: p.lesson(self.lesson.id).complete())
        pane.mount(widget)
        extras = self.extras_text() if page in (0, len(self.pages) - 1) else ""
        if extras:
            pane.mount(Static(extras, classes="extras"))
        pane.scroll_home(animate=False)
        if kind == "exercise":
            self.call_after_refresh(self._restore_hints, widget)
        if turned_from_page:
            # Turning pages from the page itself: an exercise wants typing, so the
            # console takes the keys; a step's first example is ready for r.
            self.call_after_refresh(self.action_focus, "console" if kind == "exercise" else "lesson")

    def _restore_hints(self, widget: ExerciseView) -> None:
        for _ in range(self.state.hints_shown.get(widget.exercise.id, 0)):
            widget.reveal_hint()

    def _activate(self, i: int) -> bool:
        """Open exercise ``i``: empty the db, run the setup, start a new log."""
        st, ex = self.state, self.lesson.exercises[i]
        try:
            env = prepare_live(ex, st.engine, st.dbnum, self.seed)
        except SetupError as e:        # a lesson bug, not the learner's: say so plainly
            self.notify(f"This exercise's setup failed (lesson bug): {e}", severity="error")
            return False
        st.active = ActiveExercise(i, ex, env)
        st.undo.clear()
        db = st.engine.keyspace.dbs[st.dbnum]
        data = "now holds this exercise's data (earlier keys are gone)" if db.data \
            else "was emptied for it"
        self._console_note(f"Exercise {i + 1}: database {st.dbnum} {data}. "
                           "Every command you type from here counts.")
        self._refresh_views()
        self._picture_first_key()
        return True

    def _picture_first_key(self) -> None:
        """After the data was replaced, draw its first key rather than the key the
        learner looked at before (now gone, "no such key")."""
        st = self.state
        try:
            panel = self.query_one(KeyPanel)
        except Exception:  # noqa: BLE001 - before compose there is no panel yet
            return
        keys = sorted(st.engine.keyspace.dbs[st.dbnum].data)
        panel.show_key(keys[0] if keys else None)

    def action_page(self, step: int) -> None:
        target = self.page + step
        if not 0 <= target < len(self.pages):
            self.notify("That was the last page: Esc goes back home." if step > 0 else "This is the first page.")
            return
        self.show_page(target)

    # ---------------------------------------------------- console plumbing
    def _before(self, argv) -> None:
        session = self.backend.session
        db = session.db
        # Inside MULTI nothing runs until EXEC: the snapshot taken before MULTI covers
        # the whole transaction, so one undo takes back MULTI ... EXEC together.
        if session.multi is not None or len(db.data) > UNDO_MAX_KEYS:
            return
        act = self.state.active
        log = act.log if act else None
        line = " ".join(a.decode("utf-8", "replace") for a in argv)
        if argv and argv[0].upper() == b"MULTI":
            line = "the MULTI ... EXEC transaction"
        self.state.undo.append((snap.take(db), log, len(log.events) if log else 0, line))
        del self.state.undo[:-UNDO_DEPTH]

    def _after(self, argv, reply) -> None:
        act = self.state.active
        if act is not None:
            act.log.record(argv, reply)

    def _console_note(self, text: str) -> None:
        try:
            self.query_one(Console).write(text, "dim italic")
        except Exception:  # noqa: BLE001 - not composed yet (first page shown at mount)
            self.call_after_refresh(lambda: self.query_one(Console).write(text, "dim italic"))

    def _refresh_views(self) -> None:
        try:
            self.query_one(KeyBrowser).refresh_keys()
            self.query_one(KeyPanel).redraw()
        except Exception:  # noqa: BLE001 - before compose there is nothing to redraw
            pass

    def on_run_example(self, msg: RunExample) -> None:
        msg.stop()
        cmd = msg.example.command
        if isinstance(cmd, Wait):
            self.action_forward(cmd.seconds)
            self._console_note(f"(the clock jumped {cmd.seconds:g} s ahead)")
        else:
            self.query_one(Console).run_line(cmd.text)

    def on_clock_moved(self, msg) -> None:
        # The playground's handler (run after this one) redraws the views.
        if self.state.active is not None:
            self.state.active.log.wait(msg.seconds)   # variants replay time at the same point

    def on_key(self, event) -> None:
        # On the lesson page its own letters (n, p, r, s) act; prevent_default stops
        # the playground's handler so the app runs their bindings. Any other letter
        # goes to the console (the playground's handler), so a command typed while
        # the page has focus is typed, not lost.
        if self._focus_in_page():
            active = self.active_bindings.get(event.key)
            bound = active is not None and active.enabled
            # Once a command is being typed, its letters are the command's, even
            # the page's own (the "p" of "lpush" arriving before focus moved).
            typing = bool(self.query_one(CommandInput).value) and (event.character or "").isprintable()
            if (bound and not typing) or not self.forwards_to_console(event):
                event.prevent_default()      # the page's own keys, arrows, Enter, space

    def action_focus(self, which: str) -> None:
        if which == "lesson":
            examples = self.query(ExampleLine)
            (examples.first() if examples else self.query_one("#lesson")).focus()
        else:
            super().action_focus(which)

    # ---------------------------------------------------------- exercises
    def _exercise_view(self) -> ExerciseView | None:
        v = self.view if self.query_one("#lesson").children else None
        return v if isinstance(v, ExerciseView) else None

    def action_hint(self) -> None:
        v = self._exercise_view()
        if v is None:
            self.notify("Hints belong to exercises: PgDn goes on to them.")
        elif v.reveal_hint():
            self.state.hints_shown[v.exercise.id] = v.shown_hints
        else:
            self.notify("No more hints." if v.hints else "This exercise has no hints.")

    def action_check(self) -> None:
        v, st = self._exercise_view(), self.state
        if v is None or st.active is None:
            self.notify("Nothing to check on this page: PgDn goes on to the exercises.")
            return
        if self.backend.queued is not None:
            self.notify("A MULTI is still open: EXEC or DISCARD it first.", severity="warning")
            return
        if self.backend.db != st.dbnum:
            # Commands after a SELECT went to another database; grading this one would
            # blame the learner's commands ("should be 336, it is 327") for the wrong reason.
            self.notify(f"Your console is on database {self.backend.db} (SELECT); this exercise's "
                        f"data is in database {st.dbnum}. SELECT {st.dbnum}, then redo and check.",
                        severity="warning", timeout=8)
            return
        ex, lesson = st.active.exercise, self.lesson
        attempt = self._progress().lesson(lesson.id).exercises.get(ex.id, {}).get("attempts", 0) + 1
        try:
            result = grade_live(ex, st.engine, st.dbnum, st.active.log, st.active.env, self.seed, attempt)
        except Exception as e:  # noqa: BLE001 - a grading crash must not close the lab
            self.notify(f"Could not grade this exercise: {e!r}", severity="error")
            return

        def record(p: Progress) -> None:
            p.record_exercise(lesson.id, ex.id, result.passed)
            rec = p.lesson(lesson.id)
            rec.step = st.page
            if all(rec.passed(e.id) for e in lesson.exercises) and not rec.completed:
                rec.complete()

        p = self._save(record)
        v.show_result(result, solution_commands(ex, st.active.env) if result.passed else None)
        if result.passed:           # the reference solution sits at the end
            self.call_after_refresh(v.scroll_visible)
            self.query_one("#lesson").scroll_end(animate=False)
        else:                       # the verdict, what failed and why, the hint: at the top
            self.call_after_refresh(lambda: v.is_mounted and v.query_one("#result").scroll_visible(
                top=True, animate=False))
        if result.passed:
            self.notify(self._after_pass(p), severity="information")
        self._refresh_views()

    def _after_pass(self, p: Progress | None) -> str:
        """Where to go after a pass: the next exercise, the ones still open, or home."""
        lesson, st = self.lesson, self.state
        if p is not None and p.lesson(lesson.id).completed:
            labs = " Its code labs: Ctrl+L, then l." if self._codelab_ids() else ""
            return "Lesson complete! Esc goes home, where c continues with the next lesson." + labs
        rec = p.lesson(lesson.id) if p is not None else None
        todo = [j + 1 for j, e in enumerate(lesson.exercises) if rec is None or not rec.passed(e.id)]
        if st.active is not None and st.active.index + 1 < len(lesson.exercises):
            return "Passed. PgDn: next exercise."
        if todo:
            which = ", ".join(map(str, todo))
            return f"Passed. Still to do: exercise{'s' * (len(todo) > 1)} {which} (PgUp goes back)."
        return "Passed."

    # ----------------------------------------------------------- undo/reset
    def action_undo(self) -> None:
        st = self.state
        if self.backend.queued is not None:
            self.notify("Inside MULTI nothing ran yet: DISCARD drops the queue.", severity="warning")
            return
        if not st.undo:
            self.notify("Nothing to undo.")
            return
        before, log, length, line = st.undo.pop()
        snap.restore_into(st.engine.keyspace, before)
        if log is not None:
            del log.events[length:]           # the command no longer counts for grading
        self._console_note(f"(undone: {line})")
        self._refresh_views()

    def action_reset(self) -> None:
        st = self.state
        if self.backend.queued is not None:
            self.backend.execute([b"DISCARD"])       # a reset drops a half-typed transaction too
            console = self.query_one(Console)
            console.query_one(".prompt").update(console.prompt)
        if st.active is None:
            st.engine.keyspace.dbs[st.dbnum].flush()
            st.undo.clear()
            self._console_note(f"(database {st.dbnum} emptied: the examples start afresh)")
            self._refresh_views()
            self._picture_first_key()
            return
        i = st.active.index
        st.active = None
        if self.pages[self.page] == ("exercise", i):
            self.show_page(self.page)       # redraws the goal and clears the old verdict
        else:
            self._activate(i)
        self.notify("Exercise reset: its data is back and your command log is empty.")

    # ------------------------------------------------ simulations, code labs
    def _simulation(self) -> str | None:
        return SIMULATIONS.get(self.lesson.section.split(".")[0])

    def _codelab_ids(self) -> list[str]:
        global _LABS_BY_LESSON
        if _LABS_BY_LESSON is None:
            from ...curriculum.codelab import lab_ids_by_lesson

            _LABS_BY_LESSON = lab_ids_by_lesson()
        return _LABS_BY_LESSON.get(self.lesson.id, [])

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "simulation":
            return self._simulation() is not None
        if action == "codelab":
            return bool(self._codelab_ids())
        return True

    def extras_text(self) -> str:
        """What else the section offers, and the keys to it (shown on the first and
        last page: these keys act only while the page has focus)."""
        more = (["s: its simulation"] if self._simulation() else []) + \
            (["l: its code labs (the guide's Python, run here)"] if self._codelab_ids() else [])
        return ("Also in this section — " + " · ".join(more) + ". Ctrl+L puts you on this page first.") \
            if more else ""

    def action_codelab(self) -> None:
        ids = self._codelab_ids()
        if not ids:
            return
        from ...curriculum.codelab import load_codelabs

        labs = [lab for lab in load_codelabs()[0] if lab.id in ids]
        if labs:
            self.app.open_codelab(labs[0].id, labs)

    def action_simulation(self) -> None:
        name = self._simulation()
        if name is None:
            return
        app = self.app
        opener = getattr(app, "open_simulation", None)
        if callable(opener):
            opener(name)
            return
        if not app.is_screen_installed("simulations"):
            self.notify(f"The simulations screen is not in this build; in a shell run "
                        f"`redislab simulate {name}`.", severity="warning")
            return
        try:
            # A fresh screen opened on this section's scenario; the installed one
            # (by name) would open on whatever was chosen last.
            from .simulations import SimulationsScreen

            app.push_screen(SimulationsScreen(scenario=name))
        except (ImportError, TypeError):
            app.push_screen("simulations")
