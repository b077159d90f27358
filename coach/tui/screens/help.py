"""The keys, screen by screen (``?``): the sections :func:`coach.tui.keys.key_sections`
lists, in two columns where the terminal is wide enough, and the safety note under them."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from coach import SAFETY_NOTE

Section = tuple[str, list[tuple[str, str]]]  # title, [(keys, what they do)]


def section_table(title: str, keys: list[tuple[str, str]]) -> Table:
    table = Table(box=None, pad_edge=False, show_header=False, title=title,
                  title_justify="left", title_style="bold underline")
    table.add_column(style="bold", min_width=8, no_wrap=True)
    table.add_column()
    for names, description in keys:
        table.add_row(names, description)
    return table


class HelpScreen(ModalScreen[None]):
    """The keys in two columns where the terminal is wide enough, else in one."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]
    WIDE = 110  # columns from which the sections sit side by side

    def __init__(self, sections: list[Section]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Static(Text("Keys · Esc closes, ↑/↓ scroll", style="bold"))
            with Grid(id="help-keys"):
                for title, keys in self.sections:
                    yield Static(section_table(title, keys), classes="help-section")
            yield Static(Text(SAFETY_NOTE, style="italic"))

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= self.WIDE, "-wide")

    def action_close(self) -> None:
        self.dismiss(None)
