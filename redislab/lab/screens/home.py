"""The home screen: the curriculum, what each part is about, and where you are."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from .. import syllabus

HOW_IT_WORKS = (
    "[b]How this works[/b]  Pick a section and press [b]Enter[/b]. You get a Redis console on "
    "the left and your keys on the right, drawn the way Redis stores them. Nothing here "
    "touches a real server. [b]F1[/b] lists every key, [b]Ctrl+P[/b] opens the command "
    "palette, [b]Ctrl+Q[/b] quits. Press [b]h[/b] to hide this."
)


class HomeScreen(Screen):
    BINDINGS = [
        Binding("enter", "open", "Open", tooltip="Open the highlighted section in a playground"),
        Binding("h", "toggle_how", "How it works", tooltip="Show or hide the 'how this works' panel"),
        Binding("p", "free_play", "Free play", tooltip="An empty playground, no lesson"),
    ]

    def __init__(self, show_intro: bool = True):
        super().__init__(id="home")
        self.show_intro = show_intro
        self.entries = syllabus.entries()

    def compose(self) -> ComposeResult:
        yield Header()
        how = Static(HOW_IT_WORKS, id="how")
        how.display = self.show_intro
        yield how
        table = DataTable(id="curriculum", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(id="about")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "redislab"
        self.sub_title = "learn Redis by typing it"
        table = self.query_one(DataTable)
        table.add_column("#", key="num", width=3)
        table.add_column("Section", key="title")
        table.add_column("Status", key="status")
        for e in self.entries:
            # Progress arrives with the curriculum; until then everything is fresh.
            status = Text("—", style="dim") if e is syllabus.FREE_PLAY else Text("not started", style="dim")
            table.add_row(e.number, Text(e.title, style="bold" if e is syllabus.FREE_PLAY else ""),
                          status, key=e.id)
        table.focus()
        self._describe(0)

    def _describe(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            e = self.entries[row]
            self.query_one("#about", Static).update(
                Text.assemble((e.title, "bold"), "  ", e.blurb, ("   Enter opens it", "dim italic")))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_entry(syllabus.by_id(event.row_key.value))

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        self.app.open_entry(self.entries[table.cursor_row])

    def action_free_play(self) -> None:
        self.app.open_entry(syllabus.FREE_PLAY)

    def action_toggle_how(self) -> None:
        how = self.query_one("#how")
        how.display = not how.display
