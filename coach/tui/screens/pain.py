"""Ask for pain on a 0-10 scale before a workout: a number and Enter, Enter alone skips, Esc
goes back to the routines without starting (nothing is recorded).

A score of :data:`coach.HIGH_PAIN` or more does not start at once: the dialog says why such
pain is a reason to stop and think, and the red flags; then Enter starts anyway and Esc goes
back. Changing the score takes the warning away again.

With ``note`` (the morning's question), a note field follows the score: Enter or Tab moves
from the score to it (a high score says what it calls for on the way), and Enter there keeps
both; a score is still needed, Enter alone on it skips the whole question.

The field (:class:`~coach.tui.widgets.pain_field.PainInput`) and what a high score calls for
are shared with the summary, in :mod:`coach.tui.widgets.pain_field`.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from coach.history.checkins import checkin_problem
from coach.history.document import MAX_NOTE
from coach.tui.text import literal
from coach.tui.widgets.inputs import TextField
from coach.tui.widgets.pain_field import PainInput, high_pain_text, parse_pain

SCALE = "0 = no pain, 10 = the worst you can imagine"
NOTE_LABEL = f"A note (optional, up to {MAX_NOTE} characters), then Enter:"
NOTE_NEEDS_SCORE = "Type a score from 0 to 10 first: a note is kept with a score."
HINT = "Enter alone skips · Esc goes back to the routines"
HIGH_HINT = "Enter starts anyway · Esc goes back to the routines"


@dataclass(frozen=True)
class PainAnswer:
    """The question answered: a score, or None when skipped with Enter alone; and the note
    typed with it (a question with a note field only), None when none was."""

    pain: int | None
    note: str | None = None


class PainScreen(ModalScreen[PainAnswer | None]):
    """Returns the answer, or None when the person went back to the routines (Esc)."""

    BINDINGS = [Binding("escape", "back", "Back to routines")]

    def __init__(self, question: str, context: str = "", *, hint: str = HINT,
                 high_hint: str = HIGH_HINT, note: bool = False) -> None:
        """``context``, such as the routine's name, is shown as written; ``hint`` and
        ``high_hint`` say what Enter and Esc do (the morning's question: they keep or skip);
        ``note``: a note field follows the score."""
        super().__init__()
        self.question = question
        self.context = context
        self.hint = hint
        self.high_hint = high_hint
        self.note = note
        self._warned: int | None = None  # the high score the red flags are shown for

    def compose(self) -> ComposeResult:
        # Scrolls when the red flags make it taller than a small terminal.
        with VerticalScroll(id="pain-dialog", classes="dialog", can_focus=False):
            if self.context:
                yield Label(literal(self.context), classes="dialog-context")
            yield Label(self.question, classes="dialog-question")
            yield Label(SCALE, classes="hint")
            yield PainInput(id="pain", next_field="note" if self.note else None)
            yield Label("", id="pain-error", classes="error")
            flags = Label("", id="pain-flags")
            flags.display = False
            yield flags
            if self.note:
                yield Label(NOTE_LABEL, classes="note-label")
                yield TextField(placeholder="e.g. stiff first steps, fine after", id="note",
                                max_length=MAX_NOTE)
            yield Label(self.hint, id="pain-hint", classes="hint")

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
        if event.input.id != "pain":
            return  # the note: what was said of the score still stands
        self.query_one("#pain-error", Label).update("")
        self._warn(None)  # a new score: said again on Enter if it is high too

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            pain = parse_pain(self.query_one("#pain", PainInput).value)
        except ValueError as exc:
            self.query_one("#pain-error", Label).update(str(exc))
            self.set_focus(self.query_one("#pain", PainInput))
            return
        if self.note:
            self._with_note(pain, from_note=event.input.id == "note")
            return
        if high_pain_text(pain) is not None and self._warned != pain:
            self._warn(pain)  # Enter again goes on
            return
        self.dismiss(PainAnswer(pain))

    def _with_note(self, pain: int | None, from_note: bool) -> None:
        """Enter in the question with a note: on the score, skip when there is none, else
        say what a high one calls for (the field has moved on to the note by itself); on
        the note, keep both once that was said."""
        if not from_note:
            if pain is None:
                self.dismiss(PainAnswer(None))
            else:
                self._warn(pain)
            return
        if pain is None:
            self.query_one("#pain-error", Label).update(NOTE_NEEDS_SCORE)
            self.set_focus(self.query_one("#pain", PainInput))
            return
        if high_pain_text(pain) is not None and self._warned != pain:
            self._warn(pain)  # reached with Tab: said first, Enter again keeps it
            return
        note = self.query_one("#note", TextField).value.strip() or None
        problem = checkin_problem(pain, note)
        if problem is not None:  # the field's own bounds make this a program's doing
            self.query_one("#pain-error", Label).update(literal(f"Not kept: {problem}."))
            return
        self.dismiss(PainAnswer(pain, note))

    def _warn(self, pain: int | None) -> None:
        """Show what a high ``pain`` calls for, and offer to go on or back; None hides it."""
        if pain == self._warned:
            return
        self._warned = pain
        flags = self.query_one("#pain-flags", Label)
        text = high_pain_text(pain)
        flags.update(text or "")
        flags.display = text is not None
        self.query_one("#pain-hint", Label).update(self.hint if text is None
                                                   else self.high_hint)
        # Kept scrolled to the end while it says them, so the way on or back is in sight.
        self.query_one("#pain-dialog").anchor(text is not None)

    def action_back(self) -> None:
        self.dismiss(None)
