"""Why was a planned day missed: a small question over the routines, answered with one key
(p pain, t no time, f forgot; Esc: not now). Dismissed with the answer's words as
:data:`coach.coaching.plan.ANSWERS` spells them; the routine's name is shown as written."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from coach.tui.text import literal

# The keys, in the order shown, and the answer each gives.
CHOICES = (("p", "pain", "Pain"), ("t", "no time", "No time"), ("f", "forgot", "Forgot"))


class MissedDayScreen(ModalScreen[str]):
    DEFAULT_CSS = """
    MissedDayScreen { align: center middle; }
    #missed-choices { height: auto; margin-top: 1; }
    """
    BINDINGS = [
        *(Binding(key, f"answer({answer!r})", label) for key, answer, label in CHOICES),
        Binding("escape", "answer('not now')", "Not now"),
    ]

    def __init__(self, routine_name: str, day: date) -> None:
        super().__init__()
        self.routine_name = routine_name
        self.day = day

    def compose(self) -> ComposeResult:
        with Vertical(id="missed-dialog", classes="dialog"):
            yield Label("What got in the way?", classes="dialog-question")
            yield Label(Text.assemble(
                literal(self.routine_name, "bold"),
                f" was planned for {self.day:%A} {self.day.day} {self.day:%B} and not played."),
                classes="dialog-context")
            choices = Text()
            for key, _, label in CHOICES:
                choices.append(f"{key}", "bold")
                choices.append(f" {label}   ")
            choices.append("Esc", "bold")
            choices.append(" not now")
            yield Label(choices, id="missed-choices", classes="hint")

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)
