"""The home screen: the curriculum, what each part is about, and where you are."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from ...progress import Progress
from .. import syllabus
from ..progress_view import codelab_summary, first_unfinished, lesson_status

HOW_IT_WORKS = (
    "[b]How this works[/b]  Pick a lesson and press [b]Enter[/b] ([b]c[/b] continues where you "
    "left off). Steps and exercises sit above a Redis console, your keys on the right, drawn "
    "the way Redis stores them; [b]Ctrl+L[/b] then [b]r[/b] runs an example, [b]F9[/b] checks an "
    "exercise. Nothing here touches a real server. [b]F1[/b] lists every key, [b]Ctrl+P[/b] opens the command "
    "palette, [b]Ctrl+Q[/b] quits. Press [b]h[/b] to hide this."
)


# Home rows that show how many of their questions were answered, by question id prefix.
QUIZ_IDS = {syllabus.INTERVIEW: "guide-", syllabus.QUIZ: "quiz-"}


class HomeScreen(Screen):
    BINDINGS = [
        Binding("enter", "open", "Open", tooltip="Open the highlighted row: a lesson, free play, the quiz, ..."),
        Binding("h", "toggle_how", "How it works", tooltip="Show or hide the 'how this works' panel"),
        # Out of the footer (free play is the table's first row): at 80 columns F1 and
        # Quit must still fit.
        Binding("p", "free_play", "Free play", show=False, tooltip="An empty playground, no lesson"),
        Binding("c", "continue", "Continue",
                tooltip="Open the lesson you were working on (else the first not finished)"),
        Binding("s", "app.push_screen('simulations')", "Simulations",
                tooltip="Cache and distributed-pattern simulations, and graded challenges"),
        Binding("l", "app.push_screen('codelab')", "Code labs",
                tooltip="Edit and run the guide's Python examples against the built-in Redis"),
        # The table's own Home/End scroll sideways, which on this one-screen-wide list
        # did nothing: a learner means the first and the last row.
        Binding("home", "row(0)", "First row", show=False, priority=True, tooltip="Go to the first row"),
        Binding("end", "row(-1)", "Last row", show=False, priority=True, tooltip="Go to the last row"),
    ]

    def __init__(self, show_intro: bool = True):
        super().__init__(id="home")
        self.show_intro = show_intro
        self.entries: tuple = ()      # read at mount: the app says which lesson folder
        self.lab_ids: list[str] = []  # the code labs "C Code labs" counts passes of

    def compose(self) -> ComposeResult:
        yield Header()
        how = Static(HOW_IT_WORKS, id="how")
        how.display = self.show_intro
        yield how
        table = DataTable(id="curriculum", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(id="about")
        # Compact: at 80 columns the full footer would push F1 Help and Quit off the edge.
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "redislab"
        self.sub_title = "learn Redis by typing it"
        table = self.query_one(DataTable)
        table.add_column("#", key="num", width=3)
        table.add_column("Section", key="title")
        table.add_column("Status", key="status")
        self.entries = syllabus.entries(getattr(self.app, "lessons_dir", None))
        from ...curriculum.codelab import lab_ids

        self.lab_ids = lab_ids()      # file names only: home stays quick to draw
        progress = self._progress()
        for e in self.entries:
            style = {syllabus.FREE: "bold", syllabus.BROKEN: "red"}.get(e.kind, "")
            table.add_row(e.number, Text(syllabus.short_title(e.title), style=style),
                          self._status(e, progress), key=e.id)
        table.focus()
        self._describe(0)

    def _progress(self) -> Progress:
        progress = Progress.load()
        for w in progress.warnings:     # a damaged file was set aside: say so once
            self.notify(w, severity="warning", timeout=10)
        return progress

    def _status(self, e, progress) -> Text:
        if e.kind == syllabus.LESSON:
            return lesson_status(progress, e.lesson).text()
        if e.kind == syllabus.BROKEN:
            return Text("error", style="bold red")
        if e.kind == syllabus.CODELABS:
            return codelab_summary(progress, self.lab_ids)
        prefix = QUIZ_IDS.get(e.kind)
        if prefix:
            # Question ids carry their source ("guide-q3", "quiz-q1"): counting them
            # needs no bank, so home stays quick to draw.
            n = sum(1 for q in progress.data.get("answers", {}) if q.startswith(prefix))
            if n:
                return Text(f"{n} answered", style="yellow")
        return Text("—", style="dim")

    def on_screen_resume(self) -> None:
        # Back from a lesson (or a code lab, a quiz): something may have been passed meanwhile.
        if not self.entries:
            return
        table, progress = self.query_one(DataTable), self._progress()
        for e in self.entries:
            if e.kind in (syllabus.LESSON, syllabus.CODELABS, *QUIZ_IDS):
                table.update_cell(e.id, "status", self._status(e, progress))
        self._describe(table.cursor_row)

    def _describe(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            e = self.entries[row]
            if e.kind == syllabus.BROKEN:    # show where the file is wrong, as the checker would
                text = Text.assemble((e.title, "bold red"), "  ", "; ".join(e.errors[:2]))
            else:
                extra = f" ({e.lesson.minutes} min)" if e.lesson is not None else ""
                text = Text.assemble((e.title, "bold"), "  ", e.blurb + extra, ("   Enter opens it", "dim italic"))
            self.query_one("#about", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open(next((e for e in self.entries if e.id == event.row_key.value), None))

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        self.open(self.entries[table.cursor_row])

    def open(self, e) -> None:
        """Lessons open the lesson screen; quiz entries the quiz; free play a playground."""
        app = self.app
        if e is None:
            return
        if e.kind == syllabus.LESSON:
            from .lesson import LessonScreen

            app.push_screen(LessonScreen(e, app.engine))
        elif e.kind == syllabus.BROKEN:
            self.notify("\n".join(e.errors[:5]) or "This lesson does not load.",
                        title="Lesson file has errors", severity="error", timeout=15)
        elif e.kind in (syllabus.QUIZ, syllabus.INTERVIEW):
            self._open_quiz(e)
        elif e.kind == syllabus.SIMULATIONS:
            app.push_screen("simulations")
        elif e.kind == syllabus.CODELABS:
            app.push_screen("codelab")
        else:
            app.open_entry(e)

    def _open_quiz(self, e) -> None:
        app = self.app
        try:
            if callable(getattr(app, "open_quiz", None)):
                app.open_entry(e)          # the app knows which questions each entry asks
            elif app.is_screen_installed("quiz"):
                app.push_screen("quiz")
            else:
                raise ImportError
        except ImportError:
            self.notify("The quiz is not in this build yet; `redislab quiz` runs it in a shell.",
                        severity="warning")

    def action_continue(self) -> None:
        lessons = [e.lesson for e in self.entries if e.kind == syllabus.LESSON]
        nxt = first_unfinished(lessons, Progress.load())
        if nxt is None:
            self.notify("Every lesson is done. The quiz is a good next step.")
            return
        self.open(next(e for e in self.entries if e.lesson is nxt))

    def action_row(self, index: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=index % max(table.row_count, 1))

    def action_free_play(self) -> None:
        self.app.open_entry(syllabus.FREE_PLAY)

    def action_toggle_how(self) -> None:
        how = self.query_one("#how")
        how.display = not how.display
