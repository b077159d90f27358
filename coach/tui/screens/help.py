"""Every key, screen by screen, built from the screens' own bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from coach import SAFETY_NOTE


def _screens():
    from coach.tui.screens.browser import ExerciseBrowserScreen
    from coach.tui.screens.builder import BuilderScreen
    from coach.tui.screens.history import HistoryScreen
    from coach.tui.screens.picker import PickerScreen
    from coach.tui.screens.runner import RunnerScreen
    from coach.tui.screens.summary import SummaryScreen

    return [("Routines", PickerScreen), ("Workout", RunnerScreen),
            ("Summary", SummaryScreen), ("Exercises", ExerciseBrowserScreen),
            ("History", HistoryScreen), ("Routine builder", BuilderScreen)]


def _key_names(binding: Binding) -> str:
    names = {"space": "space", "right": "→", "left": "←", "up": "↑", "down": "↓",
             "plus": "+", "slash": "/", "question_mark": "?", "escape": "Esc",
             "enter": "Enter"}
    return " / ".join(names.get(k.strip(), k.strip()) for k in binding.key.split(","))


def keys_table() -> Table:
    table = Table(box=None, pad_edge=False, show_header=False)
    table.add_column(style="bold", min_width=12)
    table.add_column()
    for title, screen in _screens():
        table.add_row(Text(title, style="bold underline"), "")
        # A key bound twice (space: Pause, then Resume) is one line: "Pause / Resume".
        rows: dict[str, list[str]] = {}
        for b in screen.BINDINGS:
            if isinstance(b, Binding) and b.description:
                rows.setdefault(_key_names(b), []).append(b.description)
        for keys, descriptions in rows.items():
            table.add_row(keys, " / ".join(descriptions))
        table.add_row("", "")
    table.add_row(Text("Anywhere", style="bold underline"), "")
    table.add_row("?", "these keys")
    table.add_row("ctrl+p", "command palette: start any routine by name")
    table.add_row("ctrl+c", "quit coach")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Static(Text("Keys", style="bold"))
            yield Static(keys_table())
            yield Static(Text(SAFETY_NOTE, style="italic"))

    def action_close(self) -> None:
        self.dismiss(None)
