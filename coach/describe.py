"""Words for things: prescriptions, steps and sides as a person reads them.

Shared by the command line and the TUI so both say the same thing the same way.
"""

from __future__ import annotations

from coach.models import Exercise, Hold, Reps, Span, Timed, sides_plan
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


def prescription_text(exercise: Exercise, rx: Hold | Reps | Timed) -> str:
    """One line: ``2 holds of 20-30 s, 30 s relax between · each side``."""
    parts: list[str] = []
    if isinstance(rx, Hold):
        what = f"hold {seconds_text(rx.seconds)}"
        if rx.holds > 1:
            what = f"{rx.holds} holds of {seconds_text(rx.seconds)}"
            if rx.relax_seconds.high:
                what += f", {seconds_text(rx.relax_seconds)} relax between"
        parts.append(what)
    elif isinstance(rx, Reps):
        what = plural(rx.count, "rep")
        if rx.hold_seconds:
            what += f", holding {seconds_text(rx.hold_seconds)} at the top"
        what += f", {rx.tempo_seconds:g} s a rep" if rx.tempo_seconds else ", at your own pace"
        parts.append(what)
    else:
        parts.append(seconds_text(rx.seconds))
    if rx.variants:
        names = [(exercise.variant(v).name if exercise.variant(v) else v) for v in rx.variants]
        parts.append(" then ".join(names))
    if rx.rounds > 1:
        parts.append(plural(rx.rounds, "round"))
    if rx.sets > 1:
        parts.append(plural(rx.sets, "set"))
    if rx.rest_seconds.high and (rx.sets > 1 or rx.rounds > 1):
        parts.append(f"{seconds_text(rx.rest_seconds)} rest between")
    plan = sides_plan(exercise, rx)
    parts.append(
        {"each": f"each side, {rx.first_side} first",
         "alternate": f"alternating sides, {rx.first_side} first",
         "both": "both feet together"}[plan]
    )
    return " · ".join(parts)


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
    if step.variant and ex and ex.variant(step.variant):
        bits.append(ex.variant(step.variant).name)
    bits.append(SIDE_LABELS[step.side].lower() if step.side else "both feet")
    bits += [c.lower() for c in step_counters(step)]
    if step.kind == "reps":
        bits.append(plural(step.reps or 0, "rep"))
    if step.seconds is not None:
        bits.append(format_duration(step.seconds))
    else:
        bits.append("your pace")
    return " · ".join(bits)
