"""A yes/no question answered with y or n; the question may name data, so it is shown as
written."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from coach.tui.text import literal


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Label(Text.assemble(literal(self.question), " ", ("y", "bold"), "/",
                                      ("n", "bold")), classes="dialog-question")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
