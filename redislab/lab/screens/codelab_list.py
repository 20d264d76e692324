"""The code-lab list (F6 on the code-lab screen): every lab of the screen, in guide
order, marked from the progress file — ✓ passed, · run but not passed yet — with
the number of runs. Enter opens the highlighted lab; Esc goes back to the editor.
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..progress_view import codelab_counts, codelab_mark


def lab_line(lab, progress) -> Text:
    """``✓ 4.1  Cache-aside: ...  2 runs`` (the title wraps in a narrow list)."""
    mark, style = codelab_mark(progress, lab.id)
    runs = int(progress.data.get("codelabs", {}).get(lab.id, {}).get("attempts", 0))
    text = Text.assemble((f"{mark} ", f"bold {style}"), (f"{lab.section:<5}", "dim"), " ", lab.title)
    if runs:
        text.append(f"  {runs} run{'s' * (runs != 1)}", style="dim italic")
    return text


class CodeLabListScreen(ModalScreen):
    DEFAULT_CSS = """
    CodeLabListScreen { align: center middle; }
    #cll-box { width: 90%; max-width: 96; height: auto; max-height: 90%;
               border: round $accent; background: $surface; padding: 0 1; }
    #cll-head { height: auto; text-style: bold; }
    #cll-list { height: auto; max-height: 30; border: none; }
    #cll-foot { height: auto; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape,f6", "dismiss", "Close", tooltip="Close the list, back to the editor"),
    ]

    def __init__(self, labs: list, progress, current: str | None = None):
        super().__init__()
        self.labs = labs
        self.progress = progress
        self.current = current

    def compose(self) -> ComposeResult:
        passed, tried, total = codelab_counts(self.progress, [lab.id for lab in self.labs])
        with Vertical(id="cll-box"):
            yield Static(f"Code labs: {passed}/{total} passed" + (f", {tried - passed} tried" if tried > passed else ""),
                         id="cll-head")
            yield OptionList(*[Option(lab_line(lab, self.progress), id=lab.id) for lab in self.labs],
                             id="cll-list")
            yield Static("✓ passed  · run, not passed yet   Enter opens · Esc back", id="cll-foot")

    def on_mount(self) -> None:
        lst = self.query_one(OptionList)
        if self.current is not None:
            try:
                lst.highlighted = lst.get_option_index(self.current)
            except Exception:  # noqa: BLE001 - a lab not in this list: start at the top
                pass
        lst.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def marks(self) -> dict[str, str]:
        """lab id -> its mark, as shown (tests)."""
        return {lab.id: codelab_mark(self.progress, lab.id)[0] for lab in self.labs}
