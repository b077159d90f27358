"""Ask for pain on a 0-10 scale before a workout: a number and Enter, Enter alone skips, Esc
goes back to the routines without starting (nothing is recorded).

A score of :data:`coach.HIGH_PAIN` or more does not start at once: the dialog says why such
pain is a reason to stop and think, and the red flags; then Enter starts anyway and Esc goes
back. Changing the score takes the warning away again.

:class:`PainInput` is the pain field of this dialog and of the summary: it takes what makes
a score from 0 to 10 and says why it refuses anything else, under the field;
:func:`high_pain_text` is what both say under it when the score is high.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from coach import HIGH_PAIN, RED_FLAGS
from coach.tui.text import literal
from coach.tui.widgets.inputs import TextField

SCALE = "0 = no pain, 10 = the worst you can imagine"
HINT = "Enter alone skips · Esc goes back to the routines"
HIGH_HINT = "Enter starts anyway · Esc goes back to the routines"
# Why the red flags are said: what they may mean, and so what to do.
FLAGS_WHY = "These can be signs of a problem for a clinician, not for exercise."


def high_pain_text(score: int | None, *, after: bool = False) -> Text | None:
    """What to say of a high score, each suggestion with its reason, then the red flags;
    None below :data:`~coach.HIGH_PAIN`. ``after``: said on the summary, after a workout."""
    if score is None or score < HIGH_PAIN:
        return None
    if after:
        why = (f"{score} out of 10 is high. If the workout raised it, ease off next time: "
               "pain that keeps rising says the load is too much for now.")
    else:
        why = (f"{score} out of 10 is high. Exercise can make pain this strong worse, so "
               "rest may serve you better today; if you go on, go gently.")
    return Text.assemble(why, "\n", (RED_FLAGS, "bold"), " ", FLAGS_WHY)


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
        self._warned: int | None = None  # the high score the red flags are shown for

    def compose(self) -> ComposeResult:
        # Scrolls when the red flags make it taller than a small terminal.
        with VerticalScroll(id="pain-dialog", classes="dialog", can_focus=False):
            if self.context:
                yield Label(literal(self.context), classes="dialog-context")
            yield Label(self.question, classes="dialog-question")
            yield Label(SCALE, classes="hint")
            yield PainInput(id="pain")
            yield Label("", id="pain-error", classes="error")
            flags = Label("", id="pain-flags")
            flags.display = False
            yield flags
            yield Label(HINT, id="pain-hint", classes="hint")

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
        self._warn(None)  # a new score: said again on Enter if it is high too

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            pain = parse_pain(event.value)
        except ValueError as exc:
            self.query_one("#pain-error", Label).update(str(exc))
            return
        if high_pain_text(pain) is not None and self._warned != pain:
            self._warn(pain)  # Enter again goes on
            return
        self.dismiss(PainAnswer(pain))

    def _warn(self, pain: int | None) -> None:
        """Show what a high ``pain`` calls for, and offer to go on or back; None hides it."""
        if pain == self._warned:
            return
        self._warned = pain
        flags = self.query_one("#pain-flags", Label)
        text = high_pain_text(pain)
        flags.update(text or "")
        flags.display = text is not None
        self.query_one("#pain-hint", Label).update(HINT if text is None else HIGH_HINT)
        # Kept scrolled to the end while it says them, so the way on or back is in sight.
        self.query_one("#pain-dialog").anchor(text is not None)

    def action_back(self) -> None:
        self.dismiss(None)
