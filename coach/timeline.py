"""Routine -> steps: the ordered list of everything the runner plays, as a pure function.

Order within one routine item (one exercise with its prescription):

- sides ``each``: every set on the first side, a ``switch_side`` step, every set on the other;
  ``alternate``: a set on each side in turn; ``both``: one pass with ``side = None``.
- within a set, ``rounds`` rounds; within a round, each listed variant in order (variants of
  a round follow each other directly: the articles describe one continuous movement);
  within a variant, ``holds`` holds with a relax between them, or one reps or timed step.
- ``rest_seconds`` separates rounds and sets. Nothing follows the last work of an item.

Lead-in steps (``prepare``, ``rest``, ``switch_side``) carry the exercise, side, set, round
and variant of the step they lead into, so the runner can always say what comes next. A
``prepare`` opens each item; rests and side switches already count down to what follows, so
they are never doubled with a prepare.

Where the library gives a range, the low end is played (:attr:`coach.models.Span.chosen`).
Self-paced reps have no planned length; estimates count them at
:data:`SELF_PACED_SECONDS_PER_REP` a rep.

:func:`measure_item` says how many steps and seconds an item makes without making them, in
closed form, so a routine can be held to :data:`coach.limits.MAX_STEPS` and
:data:`coach.limits.MAX_ROUTINE_SECONDS` before anything is expanded (:func:`bound_problem`).
The bound is judged at the longest get-ready and switch settings and the high end of every
range, so whether a routine is playable never depends on ``config.toml`` or on working up a
range. :func:`expand_item` refuses to build past the bound.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Literal

from coach.limits import MAX_ROUTINE_SECONDS, MAX_STEPS
from coach.models import Exercise, Hold, Reps, Routine, RoutineItem, Timed, sides_plan

StepKind = Literal["prepare", "hold", "reps", "timed", "rest", "switch_side"]
WORK_KINDS = frozenset({"hold", "reps", "timed"})

DEFAULT_PREPARE_SECONDS = 5
DEFAULT_SWITCH_SECONDS = 5
SELF_PACED_SECONDS_PER_REP = 4
# The longest get-ready and switch settings allow (config.toml): the bound is judged at these.
LONGEST_PREPARE_SECONDS = 60
LONGEST_SWITCH_SECONDS = 60


class TimelineTooLong(ValueError):
    """A routine or item past :data:`~coach.limits.MAX_STEPS`; validation keeps these out,
    so meeting one means a caller skipped it."""


@dataclass(frozen=True, slots=True)
class Step:
    index: int
    item: int  # position of the routine item this step belongs to, from 0
    exercise: str
    kind: StepKind
    side: Literal["left", "right"] | None  # None: both feet
    set: int
    sets: int
    round: int
    rounds: int
    variant: str | None
    seconds: float | None  # planned; None only for self-paced reps
    reps: int | None = None  # reps steps: how many
    hold: int | None = None  # hold steps: which hold, of ``holds``
    holds: int | None = None
    rep_seconds: float | None = None  # paced reps: one rep, tempo plus any hold at the top
    rep_hold_seconds: int | None = None  # reps with a hold at the top of each rep

    @property
    def is_work(self) -> bool:
        return self.kind in WORK_KINDS

    @property
    def self_paced(self) -> bool:
        return self.seconds is None

    @property
    def estimated_seconds(self) -> float:
        if self.seconds is not None:
            return self.seconds
        per_rep = SELF_PACED_SECONDS_PER_REP + (self.rep_hold_seconds or 0)
        return (self.reps or 1) * per_rep

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class _Work:
    """One work step before lead-ins are placed, with the pause that must precede it."""

    side: Literal["left", "right"] | None
    set: int
    round: int
    variant: str | None
    hold: int | None
    gap: Literal["start", "switch", "rest", "relax", "none"]


def _sides(plan: str, first: Literal["left", "right"]) -> list:
    if plan == "both":
        return [None]
    other = "left" if first == "right" else "right"
    return [first, other]


def _work_units(ex: Exercise, rx: Hold | Reps | Timed) -> Iterator[_Work]:
    plan = sides_plan(ex, rx)
    sides = _sides(plan, rx.first_side)
    variants = list(rx.variants) or [None]
    holds = rx.holds if isinstance(rx, Hold) else 1

    def one_set(side, set_no, first_gap):
        gap = first_gap
        for round_no in range(1, rx.rounds + 1):
            for variant in variants:
                for hold_no in range(1, holds + 1):
                    yield _Work(
                        side, set_no, round_no, variant,
                        hold_no if isinstance(rx, Hold) else None, gap,
                    )
                    gap = "relax"
                gap = "none"
            gap = "rest"

    if plan == "alternate":
        for set_no in range(1, rx.sets + 1):
            for i, side in enumerate(sides):
                if set_no == 1 and i == 0:
                    first = "start"
                elif i == 0:
                    first = "rest"
                else:
                    first = "switch"
                yield from one_set(side, set_no, first)
    else:
        for i, side in enumerate(sides):
            for set_no in range(1, rx.sets + 1):
                if set_no == 1:
                    first = "start" if i == 0 else "switch"
                else:
                    first = "rest"
                yield from one_set(side, set_no, first)


def expand_item(
    item_index: int,
    exercise: Exercise,
    rx: Hold | Reps | Timed,
    *,
    prepare_seconds: float = DEFAULT_PREPARE_SECONDS,
    switch_seconds: float = DEFAULT_SWITCH_SECONDS,
    start_index: int = 0,
) -> list[Step]:
    """The steps of one exercise played with one prescription. Raises
    :class:`TimelineTooLong` rather than build more than :data:`~coach.limits.MAX_STEPS`."""
    size = measure_item(exercise, rx, prepare_seconds=prepare_seconds,
                        switch_seconds=switch_seconds).steps
    if start_index + size > MAX_STEPS:
        raise TimelineTooLong(f"{exercise.id}: {start_index + size:,} steps; at most"
                              f" {MAX_STEPS:,}")
    steps: list[Step] = []
    rest = rx.rest_seconds.chosen
    relax = rx.relax_seconds.chosen if isinstance(rx, Hold) else 0
    holds = rx.holds if isinstance(rx, Hold) else None

    def add(kind: StepKind, unit: _Work, seconds: float | None, **extra) -> None:
        steps.append(
            Step(
                index=start_index + len(steps), item=item_index, exercise=exercise.id,
                kind=kind, side=unit.side, set=unit.set, sets=rx.sets, round=unit.round,
                rounds=rx.rounds, variant=unit.variant, seconds=seconds, **extra,
            )
        )

    for unit in _work_units(exercise, rx):
        lead = {
            "start": ("prepare", prepare_seconds),
            "switch": ("switch_side", switch_seconds),
            "rest": ("rest", rest),
            "relax": ("rest", relax),
        }.get(unit.gap)
        if lead and lead[1] > 0:
            add(lead[0], unit, float(lead[1]))
        if isinstance(rx, Hold):
            add("hold", unit, float(rx.seconds.chosen), hold=unit.hold, holds=holds)
        elif isinstance(rx, Timed):
            add("timed", unit, float(rx.seconds.chosen))
        else:
            count = rx.count.chosen
            top = rx.hold_seconds.chosen if rx.hold_seconds else None
            if rx.tempo_seconds is not None:
                per_rep = rx.tempo_seconds + (top or 0)
                add("reps", unit, count * per_rep, reps=count, rep_seconds=per_rep,
                    rep_hold_seconds=top)
            else:
                add("reps", unit, None, reps=count, rep_hold_seconds=top)
    return steps


@dataclass(frozen=True, slots=True)
class Measure:
    """How big a timeline is: its steps, and its estimated seconds (as
    :func:`estimate_seconds` counts them)."""

    steps: int
    seconds: float

    def __add__(self, other: Measure) -> Measure:
        return Measure(self.steps + other.steps, self.seconds + other.seconds)


def _work_seconds(rx: Hold | Reps | Timed, pick) -> float:
    """One work step's (estimated) seconds, each range read with ``pick``."""
    if isinstance(rx, (Hold, Timed)):
        return float(pick(rx.seconds))
    top = pick(rx.hold_seconds) if rx.hold_seconds else 0
    per_rep = (rx.tempo_seconds if rx.tempo_seconds is not None
               else SELF_PACED_SECONDS_PER_REP) + top
    return pick(rx.count) * per_rep


def measure_item(
    exercise: Exercise,
    rx: Hold | Reps | Timed,
    *,
    prepare_seconds: float = DEFAULT_PREPARE_SECONDS,
    switch_seconds: float = DEFAULT_SWITCH_SECONDS,
    high: bool = False,
) -> Measure:
    """The size of ``expand_item(..., exercise, rx, ...)``, worked out without expanding it:
    the same order of work and pauses as :func:`_work_units`, counted. ``high`` reads every
    range at its high end instead of the low end that is played."""

    def pick(span) -> int:
        return span.high if high else span.chosen

    sides = 1 if sides_plan(exercise, rx) == "both" else 2
    variants = max(1, len(rx.variants))
    holds = rx.holds if isinstance(rx, Hold) else 1
    per_set = rx.rounds * variants * holds  # work steps on one side in one set
    work = sides * rx.sets * per_set
    # The pause before each set's first work: one get-ready, a switch at each change of
    # side and a rest before each further set on a side.
    if sides_plan(exercise, rx) == "alternate":
        switches, set_rests = rx.sets * (sides - 1), rx.sets - 1
    else:
        switches, set_rests = sides - 1, sides * (rx.sets - 1)
    # Within a set: a rest between rounds, a relax between holds of one variant.
    rests = set_rests + sides * rx.sets * (rx.rounds - 1)
    relaxes = sides * rx.sets * rx.rounds * variants * (holds - 1)
    rest = pick(rx.rest_seconds)
    relax = pick(rx.relax_seconds) if isinstance(rx, Hold) else 0
    steps = work
    seconds = work * _work_seconds(rx, pick)
    for count, length in ((1, prepare_seconds), (switches, switch_seconds), (rests, rest),
                          (relaxes, relax)):
        if length > 0:
            steps += count
            seconds += count * float(length)
    return Measure(steps, seconds)


def item_prescription(item: RoutineItem, exercise: Exercise) -> Hold | Reps | Timed:
    return item.prescription or exercise.prescription


def expand(
    routine: Routine,
    exercises: Mapping[str, Exercise],
    *,
    prepare_seconds: float = DEFAULT_PREPARE_SECONDS,
    switch_seconds: float = DEFAULT_SWITCH_SECONDS,
) -> list[Step]:
    """Every step of ``routine``, in the order the runner plays them.

    ``exercises`` must hold every exercise the routine names (the loader guarantees it).
    """
    steps: list[Step] = []
    for i, item in enumerate(routine.items):
        exercise = exercises[item.exercise]
        steps += expand_item(
            i, exercise, item_prescription(item, exercise),
            prepare_seconds=prepare_seconds, switch_seconds=switch_seconds,
            start_index=len(steps),
        )
    return steps


def longest_measure(exercise: Exercise, rx: Hold | Reps | Timed) -> Measure:
    """The most an item can become: the longest settings, the high end of every range."""
    return measure_item(exercise, rx, prepare_seconds=LONGEST_PREPARE_SECONDS,
                        switch_seconds=LONGEST_SWITCH_SECONDS, high=True)


def bound_problem(measure: Measure, what: str = "routine") -> str | None:
    """Why a timeline this big is refused, or None: at most :data:`~coach.limits.MAX_STEPS`
    steps and :data:`~coach.limits.MAX_ROUTINE_SECONDS` seconds. ``what`` names it."""
    if measure.steps > MAX_STEPS:
        return (f"the {what} would play {measure.steps:,} steps; coach plays at most"
                f" {MAX_STEPS:,} (lower sets, rounds or holds)")
    if measure.seconds > MAX_ROUTINE_SECONDS:
        return (f"the {what} would last up to {format_duration(measure.seconds)}; coach plays"
                f" at most {format_duration(MAX_ROUTINE_SECONDS)} (shorter times, or lower"
                " sets, rounds or holds)")
    return None


def estimate_seconds(steps: list[Step]) -> float:
    """Planned length of ``steps``; self-paced reps count as estimated."""
    return sum(s.estimated_seconds for s in steps)


def format_duration(seconds: float) -> str:
    """``75`` -> ``1:15``; ``3725`` -> ``1:02:05``."""
    total = int(round(seconds))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
