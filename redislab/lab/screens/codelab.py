"""Code labs in the lab: edit the guide's Python on the left, run it, read the
checks and the program's output on the right.

The program runs in a thread worker (``curriculum.codelab.run_lab``) on its own
sandboxed engine, so a slow or endless program never freezes the UI and never
touches the lab's engine. Drafts are kept per lab while the screen lives, so
switching labs (F3/F4, or F6's list) or leaving and coming back does not lose an edit.

Every run is recorded in the progress file (``Progress.record_codelab``): home's
"Code labs" row counts the passes, the title and the list mark a passed lab with
✓, and ``redislab progress export/merge`` report them.
"""
from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, Static, TextArea

from ...curriculum.codelab import CodeLab, RunResult, load_codelabs, run_lab
from ...progress import Progress
from ..syllabus import fit_title

SOLUTION_AFTER = 3     # failed runs before F9 may show the reference solution


def make_editor(text: str) -> TextArea:
    """A Python code editor; plain text where tree-sitter's grammar is missing."""
    try:
        return TextArea.code_editor(text, language="python", id="cl-editor")
    except Exception:  # noqa: BLE001 - highlighting is a nicety, editing is the point
        return TextArea.code_editor(text, id="cl-editor")


class CodeLabScreen(Screen):
    DEFAULT_CSS = """
    #cl-body { height: 1fr; }
    #cl-left { width: 3fr; min-width: 40; }
    #cl-goalbox { height: auto; max-height: 12; background: $boost; }
    #cl-goal { height: auto; padding: 0 1; background: $boost; }
    #cl-editor { height: 1fr; }
    #cl-right { width: 2fr; min-width: 30; border-left: solid $accent; padding: 0 1; }
    #cl-status { text-style: bold; margin-bottom: 1; }
    #cl-output { margin-top: 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("ctrl+r,f5", "run", "Run", priority=True, tooltip="Run the program and its checks"),
        Binding("f2", "hint", "Hint", tooltip="Show the next hint"),
        # F3/F4 stay out of the footer: F6's list does the same and says more, and at
        # 80 columns the footer must still show Esc, Quit and F1.
        Binding("f3", "switch(-1)", "Prev lab", show=False, tooltip="The previous code lab"),
        Binding("f4", "switch(1)", "Next lab", show=False, tooltip="The next code lab"),
        # priority: the editor's own F6 would select the line instead.
        Binding("f6", "list", "Labs", priority=True, tooltip="Every code lab, passed ones marked ✓; Enter opens one"),
        Binding("f8", "reset", "Start over",
                tooltip="Put the starting program back (press twice: your edits are lost)"),
        Binding("f9", "solution", "Solution", tooltip="Show the reference solution (after a pass or a few tries)"),
        # priority: the code editor would otherwise take Esc to release its focus,
        # so the first Esc seemed to do nothing.
        Binding("escape", "app.pop_screen", "Back", priority=True, tooltip="Leave the code lab"),
    ]

    def __init__(self, labs: list[CodeLab] | None = None, lab_id: str | None = None, progress_path=None):
        super().__init__()
        self.progress_path = progress_path     # None: the learner's own file
        if labs is None:
            labs, _errors = load_codelabs()
        self.labs = labs
        self.index = next((i for i, lab in enumerate(labs) if lab.id == lab_id), 0)
        self.drafts: dict[str, str] = {}
        self.fails: dict[str, int] = {}
        self.hints_shown: dict[str, int] = {}
        self.passed: set = set()        # lab ids passed, in this run or an earlier one
        self.last: RunResult | None = None
        self.running = False
        self._reset_armed: tuple | None = None    # (lab id, text) after a first F8

    @property
    def lab(self) -> CodeLab | None:
        return self.labs[self.index] if self.labs else None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="cl-body"):
            with Vertical(id="cl-left"):
                with VerticalScroll(id="cl-goalbox"):     # a long goal scrolls, the editor keeps its room
                    yield Markdown("", id="cl-goal")
                yield make_editor(self.lab.start if self.lab else "")
            with VerticalScroll(id="cl-right"):
                yield Static("", id="cl-status")
                yield Static("", id="cl-checks")
                yield Static("", id="cl-output")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "code lab"      # with the lab's number once one is shown
        progress = self._progress(warn=True)
        self.passed |= {lab.id for lab in self.labs if progress.codelab_passed(lab.id)}
        self._show_lab()

    # ------------------------------------------------------------ progress
    def _progress(self, warn: bool = False) -> Progress:
        # Loaded fresh each time: lessons and the quiz write the same file.
        progress = Progress.load(self.progress_path)
        for w in progress.warnings if warn else ():
            self.notify(w, severity="warning", timeout=10)
        return progress

    def _record(self, lab: CodeLab, passed: bool) -> None:
        try:
            progress = self._progress(warn=True)
            progress.record_codelab(lab.id, passed)
            progress.save()
        except OSError as e:
            self.notify(f"Could not save your progress: {e}", severity="error")

    # ----------------------------------------------------------- lab switching
    def _editor(self) -> TextArea:
        return self.query_one("#cl-editor", TextArea)

    def _show_lab(self) -> None:
        lab = self.lab
        if lab is None:
            self.title = "Code labs"
            self._status("No code labs found (codelabs/*.yaml).")
            return
        self._set_title()
        self.query_one("#cl-goal", Markdown).update(lab.goal)
        self._editor().load_text(self.drafts.get(lab.id, lab.start))
        self._status("Edit the program, then press Ctrl+R (or F5) to run it and its checks.")
        self.query_one("#cl-checks", Static).update("")
        self.query_one("#cl-output", Static).update("")
        self._editor().focus()

    def _set_title(self) -> None:
        lab = self.lab
        if lab is not None:
            mark = "✓ " if lab.id in self.passed else ""
            sub = f"code lab {self.index + 1}/{len(self.labs)}"
            # Fitted as the lesson's: the header would cut the lab's number off the end.
            self.title, self.sub_title = fit_title(f"{mark}{lab.section}  {lab.title}", (sub,),
                                                   self.size.width or self.app.size.width)

    def on_resize(self, event) -> None:
        if self.is_mounted:
            self._set_title()

    def action_list(self) -> None:
        if not self.labs or self.running:
            return
        from .codelab_list import CodeLabListScreen

        def chosen(lab_id: str | None) -> None:
            if lab_id is not None and (self.lab is None or lab_id != self.lab.id):
                self.select_lab(lab_id)
            else:
                self._editor().focus()

        self.app.push_screen(CodeLabListScreen(self.labs, self._progress(), self.lab.id if self.lab else None),
                             chosen)

    def select_lab(self, lab_id: str) -> None:
        """Show one lab (the lesson screen opens a lesson's code labs this way)."""
        for i, lab in enumerate(self.labs):
            if lab.id == lab_id:
                self._keep_draft()
                self.index = i
                self._show_lab()
                return

    def _keep_draft(self) -> None:
        if self.lab is not None:
            self.drafts[self.lab.id] = self._editor().text

    def action_switch(self, step: int) -> None:
        if not self.labs or self.running:
            return
        self._keep_draft()
        self.index = (self.index + step) % len(self.labs)
        self._show_lab()

    def action_reset(self) -> None:
        lab = self.lab
        if lab is None:
            return
        text = self._editor().text
        # F8 is Hint on the lesson screen: one press here wiped a learner's program.
        # A second press, with nothing typed in between, confirms.
        if text != lab.start and self._reset_armed != (lab.id, text):
            self._reset_armed = (lab.id, text)
            self._status("[yellow]Press F8 again to throw your program away and start over.[/yellow]")
            return
        self._reset_armed = None
        self._editor().load_text(lab.start)
        self._status("Back to the starting program.")
        # The last run's checks and errors were about the program just thrown away.
        self.query_one("#cl-checks", Static).update("")
        self.query_one("#cl-output", Static).update("")

    def action_hint(self) -> None:
        lab = self.lab
        if lab is None or not lab.hints:
            self.notify("This lab has no hints.")
            return
        n = self.hints_shown.get(lab.id, 0)
        shown = lab.hints[: n + 1]
        self.hints_shown[lab.id] = min(n + 1, len(lab.hints))
        self.query_one("#cl-output", Static).update(
            "[b]Hints[/b]\n" + "\n".join(f"{i + 1}. {escape(h)}" for i, h in enumerate(shown)))

    def action_solution(self) -> None:
        lab = self.lab
        if lab is None:
            return
        if lab.id not in self.passed and self.fails.get(lab.id, 0) < SOLUTION_AFTER:
            left = SOLUTION_AFTER - self.fails.get(lab.id, 0)
            self.notify(f"Try {left} more run{'s' * (left != 1)} first (F2 shows a hint).")
            return
        self.query_one("#cl-output", Static).update("[b]Reference solution[/b]\n" + escape(lab.solution))

    # ----------------------------------------------------------- running
    def action_run(self) -> None:
        if self.lab is None or self.running:
            return
        self.running = True
        self._status("Running ...")
        lab, source = self.lab, self._editor().text
        self.drafts[lab.id] = source
        # A thread: the program may loop until its time budget ends; the UI must not.
        self.run_worker(lambda: self._run_in_thread(lab, source), thread=True, group="codelab",
                        exit_on_error=False)

    def _run_in_thread(self, lab: CodeLab, source: str) -> None:
        counted = True
        try:
            res = run_lab(lab, source)
        except Exception as e:  # noqa: BLE001 - a bug in a lab must not take the app down
            res = RunResult(False, [], "", f"The lab itself failed to run: {e!r}")
            counted = False     # the lab's fault, not a try of the learner's
        self.app.call_from_thread(self.show_result, lab, res, counted)

    def show_result(self, lab: CodeLab, res: RunResult, counted: bool = True) -> None:
        self.running = False
        self.last = res
        # Every run counts (attempts), also one whose lab is no longer shown.
        if counted:
            self._record(lab, res.passed)
        if res.passed:
            self.passed.add(lab.id)
        if lab is not self.lab:
            return
        if res.passed:
            self._set_title()
            self._status("[green]All checks pass.[/green] F9 shows the reference solution to compare.")
        else:
            self.fails[lab.id] = self.fails.get(lab.id, 0) + 1
            failed = sum(not c.passed for c in res.checks)
            self._status("[red]Not yet.[/red] " + ("The program did not finish (below)." if res.error else
                                                   f"{failed} of {len(res.checks)} checks fail."))
        self.query_one("#cl-checks", Static).update(render_checks(res))
        out = res.output.rstrip()
        self.query_one("#cl-output", Static).update(
            "[b]Your program printed[/b]\n" + escape(out) if out else "[dim](nothing printed)[/dim]")

    def _status(self, markup: str) -> None:
        self.query_one("#cl-status", Static).update(markup)


def render_checks(res: RunResult) -> str:
    """The checks as Rich markup: a mark per check, the reason under a failure."""
    if res.error:
        return "[red]" + escape(res.error) + "[/red]"
    rows = []
    for c in res.checks:
        mark = "[green]✔[/green]" if c.passed else "[red]✘[/red]"
        rows.append(f"{mark} {escape(c.label)}")
        if not c.passed:
            rows += [f"    [red]{escape(line)}[/red]" for line in c.reason.splitlines()]
    return "\n".join(rows)
