"""Words for things: exercises, prescriptions, steps and sides as a person reads them.

Shared by the command line and the TUI so both say the same thing the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.models import (
    Exercise,
    Frequency,
    Hold,
    Reps,
    Side,
    Span,
    Timed,
    played_sides,
    sides_plan,
)
from coach.timeline import Step, format_duration

SIDE_LABELS = {"left": "LEFT", "right": "RIGHT", None: "BOTH FEET"}
KIND_LABELS = {
    "prepare": "Get ready",
    "hold": "Hold",
    "reps": "Reps",
    "timed": "Keep going",
    "rest": "Rest",
    "switch_side": "Switch sides",
}


def plural(n: int | float | Span, word: str, many: str | None = None) -> str:
    one = (n.low == n.high == 1) if isinstance(n, Span) else n == 1
    return f"{n} {word if one else (many or word + 's')}"


def seconds_text(span: Span) -> str:
    return f"{span} s"


# What a number is called where a mark names it ("coach's choice: tempo, relax").
MARKED_NAMES = {
    "seconds": "length", "holds": "holds", "relax_seconds": "relax", "count": "count",
    "tempo_seconds": "tempo", "hold_seconds": "pause", "hold_at": "where it pauses",
    "up_to_seconds": "cap", "sets": "sets", "rest_seconds": "rest", "rounds": "rounds",
    "sides": "sides", "first_side": "first side",
}
PAUSE_AT = {"top": "at the top", "bottom": "at the bottom", "both": "at both ends"}


def _amount(rx: Hold | Reps | Timed) -> str:
    """What one side does: ``2 holds of 20-30 s, 5 s relax between``, ``10 reps, ...``."""
    if isinstance(rx, Hold):
        one = seconds_text(rx.seconds)
        if rx.up_to_seconds is not None:
            one += f" or as long as you can (up to {rx.up_to_seconds} s)"
        what = f"hold {one}"
        if rx.holds > 1:
            what = f"{rx.holds} holds of {one}"
            if rx.relax_seconds.high:
                what += f", {seconds_text(rx.relax_seconds)} relax between"
        return what
    if isinstance(rx, Reps):
        what = plural(rx.count, "rep")
        if rx.hold_seconds:
            what += f", holding {seconds_text(rx.hold_seconds)} {PAUSE_AT[rx.hold_at or 'top']}"
        what += f", {rx.tempo_seconds:g} s a rep" if rx.tempo_seconds else ", at your own pace"
        return what
    return seconds_text(rx.seconds)


def _repeats(rx: Hold | Reps | Timed) -> list[str]:
    parts = []
    if rx.rounds > 1:
        parts.append(plural(rx.rounds, "round"))
    if rx.sets > 1:
        parts.append(plural(rx.sets, "set"))
    if rx.rest_seconds.high and (rx.sets > 1 or rx.rounds > 1):
        parts.append(f"{seconds_text(rx.rest_seconds)} rest between")
    return parts


def prescription_text(exercise: Exercise, rx: Hold | Reps | Timed) -> str:
    """One line: ``2 holds of 20-30 s, 30 s relax between · each side, right first``, then
    what a side plays differently and where numbers come from, when they are marked."""
    parts = [_amount(rx)]
    if rx.variants:
        parts.append(" then ".join(_variant_name(exercise, v) for v in rx.variants))
    parts += _repeats(rx)
    plan = sides_plan(exercise, rx)
    parts.append(
        {"each": f"each side, {rx.first_side} first",
         "alternate": f"alternating sides, {rx.first_side} first",
         "both": "both feet together",
         "left": "left side only", "right": "right side only"}[plan]
    )
    for side in ("left", "right"):
        if rx.side_numbers(side) is not None and side in played_sides(plan, rx.first_side):
            parts.append(f"{side}: {side_text(rx, side)}")
    parts += provenance(rx)
    return " · ".join(parts)


def _variant_name(exercise: Exercise, variant_id: str) -> str:
    """The variant's name; its id when the exercise has no such variant."""
    variant = exercise.variant(variant_id)
    return variant.name if variant is not None else variant_id


def side_text(rx: Hold | Reps | Timed, side: Side) -> str:
    """What ``side`` plays, its own numbers laid over the rest: ``hold 40 s``."""
    own = rx.for_side(side)
    return ", ".join([_amount(own), *_repeats(own)])


def provenance(rx: Hold | Reps | Timed) -> list[str]:
    """Where marked numbers come from: ``["coach's choice: tempo"]``, ``["length from
    article 000, the foot massage"]``."""
    parts = []
    if rx.chosen_by_coach:
        names = [MARKED_NAMES.get(k, k) for k in rx.chosen_by_coach]
        parts.append("coach's choice: " + ", ".join(names))
    for key, where in rx.borrowed.items():
        parts.append(f"{MARKED_NAMES.get(key, key)} from {where}")
    return parts


def frequency_text(frequency: Frequency | None) -> str | None:
    """The article's own words, ``every morning``; None when it gives none. (The data,
    times and per, is for programs: ``coach show --json``.)"""
    return None if frequency is None else frequency.text


def claimed_text(minutes: int | None) -> str | None:
    """``the article says 20 minutes``; None when it says nothing."""
    if minutes is None:
        return None
    return f"the article says {plural(minutes, 'minute')}"


def step_counters(step: Step, *, compact: bool = False) -> list[str]:
    """``["Set 2 of 3", "Round 1 of 5", "Hold 1 of 2"]``, leaving out what is only one;
    ``compact`` gives ``["set 2/3", "round 1/5", "hold 1/2"]`` for narrow columns."""
    counters = [("Set", step.set, step.sets), ("Round", step.round, step.rounds),
                ("Hold", step.hold, step.holds)]
    return [f"{word.lower()} {n}/{of}" if compact else f"{word} {n} of {of}"
            for word, n, of in counters if of and of > 1]


def step_line(step: Step, exercises: dict[str, Exercise]) -> str:
    """A compact one-line description of a step, for listings and "Next: ..."."""
    ex = exercises.get(step.exercise)
    name = ex.name if ex else step.exercise
    bits = [KIND_LABELS[step.kind] if not step.is_work else name]
    if not step.is_work:
        bits.append(f"before {name}" if step.kind != "rest" else f"then {name}")
    variant = ex.variant(step.variant) if step.variant and ex else None
    if variant is not None:
        bits.append(variant.name)
    bits.append(SIDE_LABELS[step.side].lower() if step.side else "both feet")
    bits += [c.lower() for c in step_counters(step)]
    if step.kind == "reps":
        bits.append(plural(step.reps or 0, "rep"))
    if step.up_to_seconds is not None:
        bits.append(f"{format_duration(step.seconds or 0)} or longer")
    elif step.seconds is not None:
        bits.append(format_duration(step.seconds))
    else:
        bits.append("your pace")
    return " · ".join(bits)


def aliases_text(exercise: Exercise) -> str | None:
    """``tennis ball roll, foot massage``; None for an exercise with no other names."""
    return ", ".join(exercise.aliases) or None


def sides_text(exercise: Exercise) -> str:
    """How the exercise uses the feet: ``one foot at a time`` or ``both feet together``."""
    return "one foot at a time" if exercise.sides == "each" else "both feet together"


@dataclass(frozen=True)
class ExerciseSheet:
    """Everything a person reads about one exercise, in words, for ``coach show`` and the
    TUI's exercise browser to lay out each in its own way. The words are the library's own:
    whoever shows them makes control characters visible."""

    name: str
    aliases: str | None
    purpose: str
    position: str
    # Numbered: "1. Sit on a chair."
    steps: tuple[str, ...]
    # (name, cue); the cue is None where the library gives none.
    variants: tuple[tuple[str, str | None], ...]
    # ("Equipment", "towel" or "none"), ("Works", "feet, calves" or "-"), ("Sides", ...).
    facts: tuple[tuple[str, str], ...]
    # What the exercise does when a routine says nothing else (prescription_text).
    prescription: str


def exercise_sheet(exercise: Exercise) -> ExerciseSheet:
    """The words of :class:`ExerciseSheet` for ``exercise``."""
    return ExerciseSheet(
        name=exercise.name,
        aliases=aliases_text(exercise),
        purpose=exercise.purpose,
        position=exercise.position,
        steps=tuple(f"{n}. {text}" for n, text in enumerate(exercise.steps, 1)),
        variants=tuple((v.name, v.cue) for v in exercise.variants),
        facts=(
            ("Equipment", ", ".join(exercise.equipment) or "none"),
            ("Works", ", ".join(exercise.areas) or "-"),
            ("Sides", sides_text(exercise)),
        ),
        prescription=prescription_text(exercise, exercise.prescription),
    )
