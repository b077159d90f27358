"""The routine builder's form, as tables: which fields an item has, for which kinds, in what
order, with what labels, placeholders, choices and hints. The builder screen lays them out
and :mod:`coach.drafts` checks what is typed in them."""

from __future__ import annotations

from coach.drafts import FIRST_SIDE_CHOICES, HOLD_AT_CHOICES
from coach.models import Exercise

KINDS = [("hold", "hold"), ("reps", "reps"), ("timed", "timed")]
FIRST_SIDES = [(s, s) for s in FIRST_SIDE_CHOICES]
_PAUSE_WORDS = {"": "at the top", "top": "at the top", "bottom": "at the bottom",
                "both": "at both ends"}
HOLD_AT = [(s, _PAUSE_WORDS[s]) for s in HOLD_AT_CHOICES]
# Numeric and text fields of the form: name -> (label, placeholder, kinds it shows for).
NUMBERS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("seconds", "Seconds", "20 or 20-30", ("hold", "timed")),
    ("up_to_seconds", "Up to (s)", "fixed", ("hold",)),
    ("holds", "Holds", "1", ("hold",)),
    ("relax_seconds", "Relax (s)", "0", ("hold",)),
    ("count", "Reps", "10 or 10-20", ("reps",)),
    ("tempo_seconds", "Tempo (s)", "own pace", ("reps",)),
    ("hold_seconds", "Pause (s)", "none", ("reps",)),
    ("sets", "Sets", "1", ()),
    ("rest_seconds", "Rest (s)", "0", ()),
    ("rounds", "Rounds", "1", ()),
]
# The rows in the form's order: "Pause at" follows the pause it places.
FORM_ORDER = ["kind", *(f for n, *_ in NUMBERS for f in ((n, "hold_at") if n == "hold_seconds"
                                                         else (n,))),
              "sides", "first_side", "variants", "note"]
# The routine's own fields, in the order the form shows them and a save names their problems.
ROUTINE_FIELDS = ("name", "id", "description", "items")
HINTS = {
    "up_to_seconds": "held as long as you can",
    "tempo_seconds": "blank: own pace",
    "hold_seconds": "a pause in each rep",
    "rest_seconds": "between sets",
}


def sides_choices(exercise: Exercise) -> list[tuple[str, str]]:
    """The Sides field's choices; the first says what the exercise does by itself."""
    own = "each" if exercise.sides == "each" else "both"
    return [("", f"usual ({own})"), ("each", "each side"), ("alternate", "alternate"),
            ("both", "both feet"), ("left", "left only"), ("right", "right only")]
