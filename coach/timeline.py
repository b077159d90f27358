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

from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

from coach.limits import MAX_ROUTINE_SECONDS, MAX_STEPS
from coach.models import (
    Exercise,
    Hold,
    Reps,
    Routine,
    RoutineItem,
    Span,
    Timed,
    played_sides,
    sides_plan,
)

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
    rep_seconds: float | None = None  # paced reps: one rep, its tempo and its pauses
    rep_hold_seconds: int | None = None  # reps that pause: how long each pause is
    rep_hold_at: Literal["top", "bottom", "both"] | None = None  # and where in the rep
    up_to_seconds: int | None = None  # an open-ended hold: ``seconds`` is the aim, this the cap

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
        pauses = 2 if self.rep_hold_at == "both" else 1
        per_rep = SELF_PACED_SECONDS_PER_REP + (self.rep_hold_seconds or 0) * pauses
        return (self.reps or 1) * per_rep

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class _Set:
    """One set on one side, with the pauses that lead into it."""

    side: Literal["left", "right"] | None
    number: int
    rx: Hold | Reps | Timed  # the prescription as this side plays it
    leads: tuple[Literal["start", "switch", "rest"], ...]


def _set_order(exercise: Exercise, rx: Hold | Reps | Timed) -> list[_Set]:
    """Every set of an item in the order played, with its lead-ins: a get-ready before the
    first; before a set on the other side, time to change feet (and the rest first when a
    new round of sets begins, as when alternating); before another set on the same side, a
    rest. At most 2 x :data:`~coach.models.SETS` sets, so this is cheap to walk."""
    plan = sides_plan(exercise, rx)
    sides = played_sides(plan, rx.first_side)
    per_side = [(side, rx.for_side(side)) for side in sides]
    if plan == "alternate":
        most = max(r.sets for _, r in per_side)
        order = [(side, n, r) for n in range(1, most + 1) for side, r in per_side if n <= r.sets]
    else:
        order = [(side, n, r) for side, r in per_side for n in range(1, r.sets + 1)]
    sets: list[_Set] = []
    previous: tuple[Literal["left", "right"] | None, int] | None = None
    for side, n, side_rx in order:
        if previous is None:
            leads: tuple[Literal["start", "switch", "rest"], ...] = ("start",)
        elif side != previous[0]:
            leads = ("rest", "switch") if n > previous[1] else ("switch",)
        else:
            leads = ("rest",)
        sets.append(_Set(side, n, side_rx, leads))
        previous = (side, n)
    return sets


def _units(rx: Hold | Reps | Timed) -> Iterator[tuple[int, str | None, int | None, str]]:
    """(round, variant, hold, pause before it) of each work step within one set: a rest
    between rounds, a relax between holds of one variant, nothing between variants (the
    articles describe one continuous movement). The first has no pause of its own."""
    variants: list[str | None] = [*rx.variants] or [None]
    holds = rx.holds if isinstance(rx, Hold) else 1
    gap = "first"
    for round_no in range(1, rx.rounds + 1):
        for variant in variants:
            for hold_no in range(1, holds + 1):
                yield round_no, variant, hold_no if isinstance(rx, Hold) else None, gap
                gap = "relax"
            gap = "none"
        gap = "rest"


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

    def add(kind: StepKind, at: _Set, round_no: int, variant: str | None,
            seconds: float | None, **extra: Any) -> None:
        steps.append(
            Step(
                index=start_index + len(steps), item=item_index, exercise=exercise.id,
                kind=kind, side=at.side, set=at.number, sets=at.rx.sets, round=round_no,
                rounds=at.rx.rounds, variant=variant, seconds=seconds, **extra,
            )
        )

    for one in _set_order(exercise, rx):
        side_rx = one.rx
        lengths = {"start": prepare_seconds, "switch": switch_seconds,
                   "rest": side_rx.rest_seconds.chosen,
                   "relax": side_rx.relax_seconds.chosen if isinstance(side_rx, Hold) else 0}
        kinds: dict[str, StepKind] = {"start": "prepare", "switch": "switch_side", "rest": "rest",
                                      "relax": "rest"}
        for round_no, variant, hold_no, gap in _units(side_rx):
            leads = one.leads if gap == "first" else (gap,)
            for lead in leads:
                if lead in lengths and lengths[lead] > 0:
                    add(kinds[lead], one, round_no, variant, float(lengths[lead]))
            _add_work(add, side_rx, one, round_no, variant, hold_no)
    return steps


def _add_work(add: Callable[..., None], rx: Hold | Reps | Timed, at: _Set, round_no: int,
              variant: str | None, hold_no: int | None) -> None:
    """One work step of ``rx``, through :func:`expand_item`'s ``add``."""
    if isinstance(rx, Hold):
        add("hold", at, round_no, variant, float(rx.seconds.chosen), hold=hold_no,
            holds=rx.holds, up_to_seconds=rx.up_to_seconds)
    elif isinstance(rx, Timed):
        add("timed", at, round_no, variant, float(rx.seconds.chosen))
    else:
        count = rx.count.chosen
        pause = rx.hold_seconds.chosen if rx.hold_seconds else None
        hold_at = (rx.hold_at or "top") if pause else None
        if rx.tempo_seconds is not None:
            per_rep = rx.tempo_seconds + (pause or 0) * rx.holds_per_rep
            add("reps", at, round_no, variant, count * per_rep, reps=count,
                rep_seconds=per_rep, rep_hold_seconds=pause, rep_hold_at=hold_at)
        else:
            add("reps", at, round_no, variant, None, reps=count, rep_hold_seconds=pause,
                rep_hold_at=hold_at)


@dataclass(frozen=True, slots=True)
class Measure:
    """How big a timeline is: its steps, and its estimated seconds (as
    :func:`estimate_seconds` counts them)."""

    steps: int
    seconds: float

    def __add__(self, other: Measure) -> Measure:
        return Measure(self.steps + other.steps, self.seconds + other.seconds)


def _work_seconds(rx: Hold | Reps | Timed, pick: Callable[[Span], int]) -> float:
    """One work step's (estimated) seconds, each range read with ``pick``."""
    if isinstance(rx, Hold):
        # An open-ended hold aims at ``seconds``; at its longest it runs to its cap.
        if rx.up_to_seconds is not None and pick is _high:
            return float(rx.up_to_seconds)
        return float(pick(rx.seconds))
    if isinstance(rx, Timed):
        return float(pick(rx.seconds))
    pause = pick(rx.hold_seconds) * rx.holds_per_rep if rx.hold_seconds else 0
    per_rep = (rx.tempo_seconds if rx.tempo_seconds is not None
               else SELF_PACED_SECONDS_PER_REP) + pause
    return pick(rx.count) * per_rep


def _low(span: Span) -> int:
    return span.chosen


def _high(span: Span) -> int:
    return span.high


def measure_item(
    exercise: Exercise,
    rx: Hold | Reps | Timed,
    *,
    prepare_seconds: float = DEFAULT_PREPARE_SECONDS,
    switch_seconds: float = DEFAULT_SWITCH_SECONDS,
    high: bool = False,
) -> Measure:
    """The size of ``expand_item(..., exercise, rx, ...)``, worked out without expanding it:
    the sets are walked (a few dozen at most) and each set's steps counted in closed form.
    ``high`` reads every range at its high end, and open-ended holds at their cap, instead
    of what is played."""
    pick = _high if high else _low
    steps = 0
    seconds = 0.0
    for one in _set_order(exercise, rx):
        side_rx = one.rx
        variants = max(1, len(side_rx.variants))
        holds = side_rx.holds if isinstance(side_rx, Hold) else 1
        work = side_rx.rounds * variants * holds
        rest = float(pick(side_rx.rest_seconds))
        relax = float(pick(side_rx.relax_seconds)) if isinstance(side_rx, Hold) else 0.0
        lengths = {"start": prepare_seconds, "switch": switch_seconds, "rest": rest}
        pauses = [(1, float(lengths[lead])) for lead in one.leads]
        pauses += [(side_rx.rounds - 1, rest), (side_rx.rounds * variants * (holds - 1), relax)]
        steps += work
        seconds += work * _work_seconds(side_rx, pick)
        for count, length in pauses:
            if length > 0:
                steps += count
                seconds += count * length
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
    total = round(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
