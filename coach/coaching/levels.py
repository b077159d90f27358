"""The level of a routine item whose numbers are a range, stepped by the session's lights.

An item whose article gives a range (``Reps.count``, ``Hold.seconds`` or ``Timed.seconds``
as ``Span(low, high)`` with ``low < high``) has a :class:`Ladder` of levels from ``low`` to
``high`` in steps of :data:`STEPS` for its unit (the last rung is ``high`` itself when the
step does not land on it). Other ranges (rests, relaxes, the pause of a rep) and per-side
numbers do not progress, nor do items with a single number.

The rules, applied by :func:`step` one event at a time and by :func:`fold` over a history:

- A new person starts at ``low``.
- A green session whose next morning settled (``Light.settled is True``) is easy; after
  :data:`EASY_RUN` easy sessions in a row the level steps up one rung, never past ``high``.
- A green session whose morning is not known, or did not settle, holds and breaks the run.
- Amber holds and breaks the run.
- Red steps back one rung, never below ``low``, even while the level is held.
- ``"hold"`` keeps the level where it is (easy sessions no longer count) until ``"release"``;
  ``"reset"`` goes back to ``low`` and starts the run again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Final, Literal

from coach.coaching.traffic import Light
from coach.models import Exercise, Hold, Reps, Span, Timed

Unit = Literal["reps", "circles", "seconds", "minutes"]
Counted = Literal["reps", "circles"]
# One rung of each unit; "minutes" is kept in seconds, as the library keeps it.
STEPS: Final[Mapping[Unit, int]] = {"reps": 2, "circles": 1, "seconds": 5, "minutes": 30}
# Easy sessions in a row that step a level up.
EASY_RUN: Final = 3
Choice = Literal["hold", "release", "reset"]
Event = Light | Choice
_WORDS = {1: "one", 2: "two", 3: "three"}


@dataclass(frozen=True)
class Ladder:
    """The levels of one ranged item: ``low`` to ``high`` in ``unit`` (minutes in seconds)."""

    low: int
    high: int
    unit: Unit

    @property
    def rungs(self) -> tuple[int, ...]:
        """Every level from low to high; high is the last even off the step."""
        values = list(range(self.low, self.high, STEPS[self.unit]))
        return (*values, self.high)

    def amount(self, value: int) -> str:
        """``12`` -> "12 reps"; ``25`` -> "25 s"; ``90`` (minutes) -> "1 min 30 s"."""
        if self.unit in ("reps", "circles"):
            return f"{value} {self.unit}"
        if self.unit == "seconds" or value < 60:
            return f"{value} s"
        minutes, seconds = divmod(value, 60)
        if seconds:
            return f"{minutes} min {seconds} s"
        return f"{minutes} minute{'s' if minutes != 1 else ''}"

    def span(self) -> str:
        """The article's range in words: "10-20 reps", "20-30 s", "1-3 minutes"."""
        if self.unit in ("reps", "circles", "seconds"):
            return f"{self.low}-{self.high} {'s' if self.unit == 'seconds' else self.unit}"
        if self.low % 60 == 0 and self.high % 60 == 0:
            return f"{self.low // 60}-{self.high // 60} minutes"
        return f"{self.amount(self.low)} to {self.amount(self.high)}"

    def bare(self, value: int) -> str:
        """A count without its unit ("10"), a time with it ("20 s"), for "up from ..."."""
        return str(value) if self.unit in ("reps", "circles") else self.amount(value)


@dataclass(frozen=True)
class Level:
    """Where one item stands: its number, why (for the person), the easy sessions in a row
    so far, and whether the person holds it."""

    value: int
    reason: str
    easy_run: int = 0
    held: bool = False


def counted_in(exercise: Exercise) -> Counted:
    """What an exercise's reps are called: "circles" when its name says so, else "reps"."""
    return "circles" if "circle" in exercise.name.lower() else "reps"


def ladder(prescription: Hold | Reps | Timed, counted: Counted = "reps") -> Ladder | None:
    """The ladder of a prescription's ranged number, or None when it has none to climb.

    ``counted``: what its reps are called (see :func:`counted_in`). A timed item whose ends
    are both whole minutes climbs in minutes; other times climb in seconds.
    """
    span: Span
    unit: Unit
    if isinstance(prescription, Reps):
        span, unit = prescription.count, counted
    else:
        span, unit = prescription.seconds, "seconds"
        if (isinstance(prescription, Timed) and span.low >= 60
                and span.low % 60 == 0 and span.high % 60 == 0):
            unit = "minutes"
    if span.low >= span.high:
        return None
    return Ladder(span.low, span.high, unit)


def played(prescription: Hold | Reps | Timed, value: int) -> Hold | Reps | Timed:
    """The prescription with its ranged number set to ``value`` (a single number)."""
    field = "count" if isinstance(prescription, Reps) else "seconds"
    return prescription.model_copy(update={field: Span(value, value)})


def start(ladder: Ladder) -> Level:
    """A new person's level: the low end."""
    return Level(ladder.low, f"{ladder.amount(ladder.low)}, the low end of the article's "
                             f"{ladder.span()}: where everyone starts")


def step(ladder: Ladder, level: Level, event: Event) -> Level:
    """The level after one session's light or one choice of the person's."""
    rungs = ladder.rungs
    at = _rung(rungs, level.value)
    # Never past the ends, even for a level kept from before the library's range changed.
    level = replace(level, value=rungs[at])
    now = ladder.amount(level.value)
    if event == "hold":
        return Level(level.value, f"holding at {now}, as you chose", 0, held=True)
    if event == "release":
        return Level(level.value, f"{now}, no longer held: {_WORDS[EASY_RUN]} easy sessions "
                                  "in a row step it up", 0, held=False)
    if event == "reset":
        return Level(ladder.low, f"back to {ladder.amount(ladder.low)}, the low end, as you "
                                 "chose", 0, level.held)
    assert isinstance(event, Light)
    if event.colour == "red":
        if at == 0:
            return replace(level, reason=f"staying at {now}, the low end, after a red session",
                           easy_run=0)
        back = rungs[at - 1]
        return replace(level, value=back, easy_run=0,
                       reason=f"back to {ladder.bare(back)} after a red session")
    if event.colour == "amber":
        return replace(level, easy_run=0, reason=f"holding at {now}: last session was amber")
    if event.settled is not True:
        why = ("the next morning had not settled" if event.settled is False
               else "no check-in the morning after")
        return replace(level, easy_run=0, reason=f"holding at {now}: {why}")
    if level.held:
        return replace(level, reason=f"holding at {now}, as you chose")
    if at == len(rungs) - 1:
        return replace(level, easy_run=0, reason=f"{now}, the article's most: no higher to go")
    run = level.easy_run + 1
    up = rungs[at + 1]
    if run < EASY_RUN:
        sessions = "session" if run == 1 else "sessions"
        return replace(level, easy_run=run,
                       reason=f"{now}: {_WORDS[run]} easy {sessions} in a row, "
                              f"{_WORDS[EASY_RUN]} step up to {ladder.bare(up)}")
    return Level(up, f"{ladder.amount(up)}, up from {ladder.bare(level.value)} after "
                     f"{_WORDS[EASY_RUN]} easy sessions", 0, held=False)


def fold(ladder: Ladder, events: Iterable[Event], level: Level | None = None) -> Level:
    """The level after ``events`` in order, from ``level`` (a new person's when None)."""
    current = level if level is not None else start(ladder)
    for event in events:
        current = step(ladder, current, event)
    return current


def _rung(rungs: tuple[int, ...], value: int) -> int:
    """The rung a value stands on: the highest at or below it (a stored value may predate a
    change of the library's range), within the ladder."""
    below = [i for i, r in enumerate(rungs) if r <= value]
    return below[-1] if below else 0
