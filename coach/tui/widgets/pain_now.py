"""Pain noted during a workout: the runner's keys for it and the line that shows it.

A digit 0-9 notes that pain for the step and side playing, ``!`` notes 10 (one key, where
``10`` would be two); the workout runs on. Digits have no other use on the runner (self-paced
reps are counted with ↑/↓), so the two never meet. :class:`PainNow` says ``Pain now: 4/10``
while the step lasts, and from :data:`coach.HIGH_PAIN` the red flags as the pain question says
them (only those: mid-workout they must fit beside the clock); with no pain noted it takes no
room.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from coach import HIGH_PAIN
from coach.tui.widgets.pain_field import red_flags_text

# One binding a digit, each with its score; the help writes the ten as "0-9".
PAIN_BINDINGS = [
    *(Binding(str(n), f"note_pain({n})", "Pain now 0-9, the workout runs on", show=False)
      for n in range(10)),
    Binding("exclamation_mark", "note_pain(10)", "Pain now 10", key_display="!", show=False),
]


def pain_now_text(pain: int) -> Text:
    """``Pain now: 4/10``, and under a high score the red flags."""
    line = Text(f"Pain now: {pain}/10", style="bold")
    return line if pain < HIGH_PAIN else Text("\n").join([line, red_flags_text()])


class PainNow(Static):
    """The pain noted in the step playing; hidden while there is none."""

    DEFAULT_CSS = """
    PainNow { height: auto; display: none; }
    PainNow.-noted { display: block; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.pain: int | None = None

    def show(self, pain: int | None) -> bool:
        """Show ``pain``; whether the red flags are said (the runner makes room for them)."""
        high = pain is not None and pain >= HIGH_PAIN
        if pain != self.pain:
            self.pain = pain
            self.set_class(pain is not None, "-noted")
            self.set_class(high, "error")  # the app's red, and said in words
            self.update(Text() if pain is None else pain_now_text(pain))
        return high
