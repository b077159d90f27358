"""Ask for pain on a 0-10 scale; Enter alone skips."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from coach.tui.text import literal
from coach.tui.widgets.inputs import TextField


def parse_pain(text: str) -> int | None:
    """``"7"`` -> 7; ``""`` -> None; anything else raises ValueError with a message."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not 0 <= int(text) <= 10:
        raise ValueError("Type a whole number from 0 (none) to 10 (worst), or Enter to skip.")
    return int(text)


class PainInput(TextField):
    """Digits only, two at most: 0 to 10."""

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder="0-10, Enter to skip", restrict=r"[0-9]{0,2}",
                         max_length=2, **kwargs)


class PainScreen(ModalScreen[int | None]):
    """Returns the pain score, or None when skipped."""

    BINDINGS = [Binding("escape", "skip", "Skip")]

    def __init__(self, question: str, context: str = "") -> None:
        """``context``, such as the routine's name, is shown as written."""
        super().__init__()
        self.question = question
        self.context = context

    def compose(self) -> ComposeResult:
        with Vertical(id="pain-dialog", classes="dialog"):
            if self.context:
                yield Label(literal(self.context), classes="dialog-context")
            yield Label(self.question, classes="dialog-question")
            yield Label("0 = no pain, 10 = the worst you can imagine", classes="hint")
            yield PainInput(id="pain")
            yield Label("", id="pain-error", classes="error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            self.dismiss(parse_pain(event.value))
        except ValueError as exc:
            self.query_one("#pain-error", Label).update(str(exc))

    def action_skip(self) -> None:
        self.dismiss(None)
