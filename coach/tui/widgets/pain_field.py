"""The pain field, 0-10, of the pain question and of the summary: it takes what makes a score
and says why it refuses anything else (under the field, through :class:`PainInput.Refused`);
and what both say under it when the score is high (:func:`high_pain_text`)."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message

from coach import FLAGS_WHY, RED_FLAGS, high_pain_reason
from coach.tui.widgets.inputs import TextField


def high_pain_text(score: int | None, *, after: bool = False) -> Text | None:
    """What to say of a high score (:func:`coach.high_pain_reason`), then the red flags;
    None below :data:`~coach.HIGH_PAIN`. ``after``: said on the summary, after a workout."""
    why = high_pain_reason(score, after=after)
    return None if why is None else Text.assemble(why, "\n", red_flags_text())


def red_flags_text() -> Text:
    """The red flags and why they are said, as every high score is followed."""
    return Text.assemble((RED_FLAGS, "bold"), " ", FLAGS_WHY)


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
