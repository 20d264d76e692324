"""The lab app: wiring only. Screens, widgets and visualizers do the work.

One engine per app, on a ``LabClock`` that follows real time (a 200 ms timer
catches it up) and can be fast-forwarded from the playground. Every console gets
its own session on that engine.
"""
from __future__ import annotations

from typing import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ..engine import Engine
from .screens.help import HelpScreen
from .screens.home import HomeScreen
from .screens.playground import PlaygroundScreen
from .syllabus import FREE_PLAY, Entry
from .widgets.backend import EmbeddedBackend
from .widgets.timecontrol import LabClock


def seen_before() -> bool:
    """True after the learner's first run (then the home screen's 'how this works'
    panel starts hidden). The marker sits next to the progress file, so a new
    learner home (``REDISLAB_HOME``, e.g. a classroom account) gets the intro too."""
    try:
        from ..progress import home

        marker = home() / "lab_seen"
        if marker.exists():
            return True
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        pass
    return False


# Home screen entries that open the quiz screen, and the bank source each one asks from.
QUIZ_ENTRIES = {"interview": "guide", "quiz": "quiz"}


def _quiz_screen(source: str | None = None):
    from .screens.quiz import QuizScreen

    return QuizScreen(source)


def _codelab_screen(lab_id: str | None = None, labs=None):
    from .screens.codelab import CodeLabScreen

    return CodeLabScreen(labs, lab_id)


class RedisLab(App):
    CSS_PATH = "app.tcss"
    TITLE = "redislab"
    BINDINGS = [
        Binding("f1", "help", "Help", tooltip="This list of keys"),
        Binding("ctrl+t", "toggle_dark", "Light/dark", show=False, tooltip="Switch between the light and dark theme"),
        Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="Leave the lab"),
    ]
    # push_screen("quiz") asks from the whole bank; open_quiz(source) narrows it.
    # Built lazily so the bank's modules load only when a quiz is opened.
    SCREENS = {"quiz": lambda: _quiz_screen(),
               # Imported on first use too: the simulations pull in the sim package.
               "simulations": lambda: __import__("redislab.lab.screens.simulations",
                                                 fromlist=["SimulationsScreen"]).SimulationsScreen(),
               # Every code lab; open_codelab(lab_id) opens one (the lesson screen uses it).
               "codelab": lambda: _codelab_screen()}

    def __init__(self, engine: Engine | None = None, *, first_run: bool | None = None,
                 url: str | None = None, lessons_dir=None):
        super().__init__()
        self.engine = engine or Engine(clock=LabClock())
        self.first_run = (not seen_before()) if first_run is None else first_run
        self.url = url                    # consoles talk to this server instead of the engine
        # An instructor's own lesson folder (`redislab --lessons DIR`); the home screen lists it.
        from pathlib import Path

        self.lessons_dir = Path(lessons_dir) if lessons_dir else None

    def on_mount(self) -> None:
        self.push_screen(HomeScreen(show_intro=self.first_run))
        catch_up = getattr(self.engine.clock, "catch_up", None)
        if catch_up is not None:   # a test's plain VirtualClock stays where it is put
            self.set_interval(0.2, catch_up)

    def open_entry(self, entry: Entry | None) -> None:
        if entry is None:
            return
        if getattr(entry, "id", None) in QUIZ_ENTRIES:
            self.open_quiz(QUIZ_ENTRIES[entry.id])
        elif self.url:
            from .widgets.remote import RemotePlaygroundScreen, connect_remote

            try:
                backend = connect_remote(self.url)
            except (OSError, ConnectionError, ValueError) as e:
                self.notify(f"Could not reach {self.url}: {e}", severity="error", timeout=10)
                return
            self.push_screen(RemotePlaygroundScreen(entry, backend))
        else:
            self.push_screen(PlaygroundScreen(entry, EmbeddedBackend(self.engine)))

    def open_quiz(self, source: str | None = None) -> None:
        """The quiz screen over the guide's interview questions ("guide"), its quiz
        ("quiz") or the whole bank (None)."""
        self.push_screen(_quiz_screen(source))

    def open_codelab(self, lab_id: str | None = None, labs=None) -> None:
        """A code-lab screen on ``lab_id`` (and only ``labs``, e.g. one lesson's)."""
        self.push_screen(_codelab_screen(lab_id, labs))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Free play", "An empty playground with no lesson",
                            lambda: self.open_entry(FREE_PLAY))
        yield SystemCommand("Help: keys", "Every key binding of the lab", self.action_help)
        yield SystemCommand("Code labs", "Edit and run the guide's Python examples",
                            lambda: self.push_screen("codelab"))
        yield SystemCommand("Light/dark", "Toggle the light and dark theme", self.action_toggle_dark)
        if isinstance(screen, PlaygroundScreen):
            yield SystemCommand("Fast-forward 10 s", "Jump the clock ahead: TTLs run down",
                                lambda: screen.action_forward(10))
            yield SystemCommand("Fast-forward 1 min", "Jump the clock ahead a minute",
                                lambda: screen.action_forward(60))
            yield SystemCommand("Home", "Back to the curriculum", self.pop_screen)
