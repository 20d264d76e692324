"""The playground: a section's intro, a console, and the learner's keys drawn live.

The screen is the switchboard: the console says what it ran (``CommandRan``), the
key browser says what was picked (``KeyPicked``), the time bar says the clock
jumped (``ClockMoved``); the screen tells the other panels to refresh.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown

from ...engine import registry
from ..messages import ClockMoved, CommandRan, KeyPicked
from ..syllabus import FREE_PLAY, Entry
from ..widgets.datacolumn import data_column
from ..widgets.console import CommandInput, Console
from ..widgets.keybrowser import KeyBrowser
from ..widgets.keyview import KeyPanel
from ..widgets.timecontrol import TimeControl


class PlaygroundScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Home", tooltip="Back to the curriculum"),
        Binding("f5", "forward(10)", "+10 s", tooltip="Fast-forward the clock 10 seconds (TTLs run down)"),
        Binding("f6", "forward(60)", "+1 min", tooltip="Fast-forward the clock one minute"),
        Binding("f2", "focus('console')", "Console", show=False, tooltip="Focus the console"),
        Binding("f3", "focus('keys')", "Keys", show=False, tooltip="Focus the key browser"),
        Binding("f4", "focus('picture')", "Picture", show=False, tooltip="Focus the key picture (scroll it)"),
        # The screen's, not the panel's: the picture says "F7: show as ..." while the
        # learner is typing in the console, and the key should work from there.
        Binding("f7", "next_picture", "Other view", show=False,
                tooltip="Draw the key another way: text/bits, leaderboard/skiplist levels/map"),
    ]

    def __init__(self, entry: Entry, backend):
        super().__init__()
        self.entry = entry
        self.backend = backend
        self._tx_key: bytes | None = None    # the last key a queued (MULTI) command names

    # The console's session decides the database shown (SELECT moves it).
    def _db(self):
        s = getattr(self.backend, "session", None)
        return s.db if s is not None else self.app.engine.keyspace.dbs[0]

    def _now(self) -> int:
        return self.app.engine.clock.time_ms()

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="playground"):
            with Vertical(id="left"):
                if self.entry.intro:
                    yield Markdown(self._intro(), id="intro")
                console = Console(self.backend, id="console")
                console.border_title = "console"
                yield console
            with Vertical(id="right"):
                yield from data_column(self)
        yield Footer()

    def _intro(self) -> str:
        e = self.entry
        head = e.title if e is FREE_PLAY else f"{e.number}. {e.title}"
        return f"**{head}** — {e.intro}"

    def on_mount(self) -> None:
        self.name_screen()
        self.query_one(Console).focus_input()

    def name_screen(self) -> None:
        """Title and subtitle. A hook, not code in on_mount: Textual runs every
        class's on_mount, and a subclass (the lesson) names itself here instead of
        racing to overwrite "playground" after a refresh."""
        e = self.entry
        self.title = e.title if e is FREE_PLAY else f"{e.number}. {e.title}"
        self.sub_title = "playground"

    def on_unmount(self) -> None:
        self.backend.close()    # one session per console: it ends with the screen

    # ----------------------------------------------------------- routing
    def on_command_ran(self, msg: CommandRan) -> None:
        keys = self.query_one(KeyBrowser)
        keys.refresh_keys()
        touched = _first_key(msg.argv)
        # Inside MULTI a command only queues, so a key it creates does not exist
        # yet to be drawn; EXEC names no key. Remember the last queued command's key
        # and draw it once EXEC has run, or a new key never appeared on its own.
        name = msg.argv[0].upper() if msg.argv else b""
        if getattr(self.backend, "queued", None) is not None:
            self._tx_key = touched or (None if name == b"MULTI" else self._tx_key)
        elif name == b"EXEC":
            touched, self._tx_key = touched or self._tx_key, None
        panel = self.query_one(KeyPanel)
        if touched is not None and touched in self._db().data:
            keys.select_key(touched)     # may be beyond the browser's cap: still drawn
            panel.show_key(touched)
        else:
            panel.redraw()

    def on_key_picked(self, msg: KeyPicked) -> None:
        self.query_one(KeyPanel).show_key(msg.key)

    def on_clock_moved(self, msg: ClockMoved) -> None:
        self.query_one(KeyBrowser).refresh_keys()
        self.query_one(KeyPanel).redraw()

    def on_key(self, event) -> None:
        # Typing a letter while the key browser or picture has focus goes to the
        # console: a newcomer who clicked a key should not have to find F2 first.
        if self.forwards_to_console(event):
            inp = self.query_one(CommandInput)
            event.stop()
            inp.focus()
            inp.insert_text_at_cursor(event.character)

    def forwards_to_console(self, event) -> bool:
        """A letter or digit starts a command; once the console holds text, any
        printable key continues it. Focus moves after the keys already queued, so
        in a fast burst (a paste, a quick typist) the space after "get" still
        reaches the old panel and must be sent on too."""
        ch = event.character
        inp = self.query_one(CommandInput)
        if not ch or self.focused is inp:
            return False
        return ch.isalnum() or (ch.isprintable() and bool(inp.value))

    def action_next_picture(self) -> None:
        self.query_one(KeyPanel).action_next_picture()

    def action_forward(self, seconds: int) -> None:
        self.query_one(TimeControl).forward(seconds)

    def action_focus(self, which: str) -> None:
        if which == "console":
            self.query_one(Console).focus_input()
        else:
            self.query_one(f"#{which}").focus()


def _first_key(argv: list[bytes]) -> bytes | None:
    """The first key a command names, from the command table's key positions, so
    the picture follows what the learner just changed."""
    spec = registry.lookup(argv[0])
    if spec is None:
        return None
    if spec.subcommands and len(argv) > 1:
        spec = registry.lookup_sub(spec, argv[1]) or spec
    try:
        idx = spec.key_indexes(argv)
    except Exception:  # noqa: BLE001 - a malformed line simply has no key to show
        return None
    return argv[idx[0]] if idx and idx[0] < len(argv) else None
