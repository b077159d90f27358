"""Pain noted during a workout: the runner's keys for it and the line that shows it.

A digit 0-9 notes that pain for the step and side playing, ``!`` notes 10 (one key, where
``10`` would be two); the workout runs on. Digits have no other use on the runner (self-paced
reps are counted with ↑/↓), so the two never meet. :class:`PainNow` says ``Pain now: 4/10``
while the step lasts, and from :data:`coach.HIGH_PAIN` what the pain question says of a high
score, the red flags with it; with no pain noted it takes no room.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from coach.tui.widgets.pain_field import high_pain_text

# One binding a digit, each with its score; the help writes the ten as "0-9".
PAIN_BINDINGS = [
    *(Binding(str(n), f"note_pain({n})", "Pain now 0-9, the workout runs on", show=False)
      for n in range(10)),
    Binding("exclamation_mark", "note_pain(10)", "Pain now 10", key_display="!", show=False),
]


def pain_now_text(pain: int) -> Text:
    """``Pain now: 4/10``, and under a high score what to do and the red flags."""
    line = Text(f"Pain now: {pain}/10", style="bold")
    high = high_pain_text(pain)
    return line if high is None else Text("\n").join([line, high])


class PainNow(Static):
    """The pain noted in the step playing; hidden while there is none."""

    DEFAULT_CSS = """
    PainNow { height: auto; display: none; }
    PainNow.-noted { display: block; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.pain: int | None = None

    def show(self, pain: int | None) -> None:
        if pain == self.pain:
            return
        self.pain = pain
        self.set_class(pain is not None, "-noted")
        self.set_class(high_pain_text(pain) is not None, "error")  # the app's red, and words
        self.update(Text() if pain is None else pain_now_text(pain))
