"""Ask for pain on a 0-10 scale before a workout: a number and Enter, Enter alone skips, Esc
goes back to the routines without starting (nothing is recorded).

:class:`PainInput` is the pain field of this dialog and of the summary: it takes what makes
a score from 0 to 10 and says why it refuses anything else, under the field.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from coach.tui.text import literal
from coach.tui.widgets.inputs import TextField

SCALE = "0 = no pain, 10 = the worst you can imagine"


def parse_pain(text: str) -> int | None:
    """``"7"`` -> 7; ``""`` -> None; anything else raises ValueError with a message."""
    text = text.strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not 0 <= int(text) <= 10:
        raise ValueError("Type a whole number from 0 (none) to 10 (worst), or Enter to skip.")
    return int(text)


def refusal(typed: str, value: str) -> str | None:
    """Why typing ``typed`` into the pain field, which would make it ``value``, is refused;
    None when it is taken."""
    if value == "" or (value.isascii() and value.isdigit() and len(value) <= 2
                       and int(value) <= 10):
        return None
    if "-" in typed:
        return "No minus sign: pain goes from 0 (none) to 10 (the worst)."
    if not (typed.isascii() and typed.isdigit()):
        return f"{typed!r} is not a digit: type a number from 0 to 10, or Enter alone to skip."
    if int(value) > 10:
        return f"{int(value)} is more than 10, the worst pain there is: type 0 to 10."
    return "Two digits at most: type a number from 0 to 10."


class PainInput(TextField):
    """A score from 0 to 10 or nothing; a key that would make anything else is refused and
    :class:`Refused` says why (the screen shows it under the field)."""

    class Refused(Message):
        def __init__(self, field: PainInput, reason: str) -> None:
            super().__init__()
            self.field = field
            self.reason = reason

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder="0-10, Enter to skip", **kwargs)

    def replace(self, text: str, start: int, end: int) -> None:
        # Every insertion (a key, a paste) comes through here; Input's own `restrict` would
        # ring the bell and say nothing.
        start, end = sorted((max(0, start), min(len(self.value), end)))
        reason = refusal(text, self.value[:start] + text + self.value[end:])
        if reason is not None:
            self.post_message(self.Refused(self, reason))
            return
        super().replace(text, start, end)

    def accepts(self) -> bool:
        try:
            parse_pain(self.value)
        except ValueError:
            return False
        return True


@dataclass(frozen=True)
class PainAnswer:
    """The question answered: a score, or None when skipped with Enter alone."""

    pain: int | None


class PainScreen(ModalScreen[PainAnswer | None]):
    """Returns the answer, or None when the person went back to the routines (Esc)."""

    BINDINGS = [Binding("escape", "back", "Back to routines")]

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
            yield Label(SCALE, classes="hint")
            yield PainInput(id="pain")
            yield Label("", id="pain-error", classes="error")
            yield Label("Enter alone skips · Esc goes back to the routines", classes="hint")

    def on_key(self, event: events.Key) -> None:
        # Keys typed in one burst with the Enter that asked the question were sent to the
        # dialog itself, before its field had the focus: they go into the field, in order.
        # (The field itself lets neither a printable key nor Enter bubble up to here.)
        if event.is_printable or event.key == "enter":
            event.stop()
            field = self.query_one("#pain", PainInput)
            self.set_focus(field)
            field._forward_event(events.Key(event.key, event.character))

    def on_pain_input_refused(self, event: PainInput.Refused) -> None:
        self.query_one("#pain-error", Label).update(literal(event.reason))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#pain-error", Label).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            self.dismiss(PainAnswer(parse_pain(event.value)))
        except ValueError as exc:
            self.query_one("#pain-error", Label).update(str(exc))

    def action_back(self) -> None:
        self.dismiss(None)
