"""Left against right: for each exercise played on both sides lately, where the sides differ
enough to say so, in holds kept, reps done or pain during.

:func:`side_differences` is pure (step rows in, differences out); :func:`recent_side_steps`
is the one bounded read behind it, which :class:`SideMethods` gives the history store as
``HistoryStore.side_differences``. Stored values a hand edit made
unreadable (text for a number, a pain of 40) are left out, never counted.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from coach.history.connection import StoreMethods
from coach.history.rows import number, text, whole

__all__ = [
    "HOLD_GAP",
    "MAX_SIDE_STEPS",
    "MIN_STEPS",
    "PAIN_GAP",
    "REPS_GAP",
    "WINDOW_DAYS",
    "Measure",
    "SideDifference",
    "SideMethods",
    "recent_side_steps",
    "side_differences",
]

Measure = Literal["pain", "hold", "reps"]
SIDES = ("left", "right")

# Lately: four weeks is long enough for a few sessions of each routine, short enough that an
# old injury healed since does not keep showing.
WINDOW_DAYS = 28
# A fifth of a hold or of the reps is about what a tired day costs one side or the other;
# less is noise, not a side that lags.
HOLD_GAP = 0.20
REPS_GAP = 0.20
# Pain scores wobble by a point from one step to the next on the same foot; two points on
# average is a difference the person feels and can act on.
PAIN_GAP = 2.0
# Fewer steps than this on a side are one bad moment, not a difference between sides.
MIN_STEPS = 2
# The most step rows read at once: far more than four weeks of daily routines take, so the
# work stays bounded even for a hand-filled history.
MAX_SIDE_STEPS = 20_000

_ORDER: dict[str, int] = {"pain": 0, "hold": 1, "reps": 2}


@dataclass(frozen=True)
class SideDifference:
    """One exercise's sides differing in one measure: ``left`` and ``right`` are averages
    (pain 0-10, the share of each hold kept 0-1, reps done), over ``steps`` steps in all."""

    exercise: str
    measure: Measure
    left: float
    right: float
    steps: int

    @property
    def worse(self) -> str:
        """The side that lags: the more painful one, or the one that kept or did less."""
        if self.measure == "pain":
            return "left" if self.left > self.right else "right"
        return "left" if self.left < self.right else "right"

    @property
    def gap(self) -> float:
        """Points of pain apart, or the worse side's shortfall as a share of the better's."""
        if self.measure == "pain":
            return abs(self.left - self.right)
        better = max(self.left, self.right)
        return abs(self.left - self.right) / better if better > 0 else 0.0


def _value(row: Mapping[str, Any], measure: Measure) -> float | None:
    """What ``row`` says of ``measure``, or None when it says nothing of it."""
    if measure == "pain":
        pain = whole(row.get("pain"), 0, 10)
        return None if pain is None else float(pain)
    if measure == "hold":
        planned = number(row.get("planned_seconds"))
        actual = number(row.get("actual_seconds"))
        if row.get("kind") != "hold" or not planned or planned <= 0 or actual is None:
            return None  # an open-ended hold asks for no time to keep
        # Holding on past the time asked is not a lead: a hold kept is a hold kept.
        return min(max(actual, 0.0) / planned, 1.0)
    if row.get("kind") != "reps":
        return None
    reps = whole(row.get("reps"), 0)
    return None if reps is None else float(reps)


def _meaningful(measure: Measure, left: float, right: float) -> bool:
    if measure == "pain":
        return abs(left - right) >= PAIN_GAP
    better = max(left, right)
    limit = HOLD_GAP if measure == "hold" else REPS_GAP
    # Rounded: 24 s of 30 is a fifth short, whatever the float says.
    return better > 0 and round(abs(left - right) / better, 6) >= limit


def side_differences(rows: Iterable[Mapping[str, Any]]) -> list[SideDifference]:
    """The meaningful differences between sides in ``rows`` (steps as stored: ``exercise``,
    ``side``, ``kind``, ``planned_seconds``, ``actual_seconds``, ``reps``, ``pain``): pain
    first, then holds, then reps, the biggest gap first within each. An exercise counts in a
    measure only with :data:`MIN_STEPS` steps or more on each side."""
    values: dict[tuple[str, Measure], dict[str, list[float]]] = {}
    for row in rows:
        side = row.get("side")
        if side not in SIDES:
            continue
        exercise = text(row.get("exercise"))
        measure: Measure
        for measure in ("pain", "hold", "reps"):
            value = _value(row, measure)
            if value is not None:
                values.setdefault((exercise, measure), {"left": [], "right": []})[
                    side].append(value)
    found = []
    for (exercise, measure), by_side in values.items():
        left, right = by_side["left"], by_side["right"]
        if len(left) < MIN_STEPS or len(right) < MIN_STEPS:
            continue
        mean_left, mean_right = sum(left) / len(left), sum(right) / len(right)
        if _meaningful(measure, mean_left, mean_right):
            found.append(SideDifference(exercise, measure, mean_left, mean_right,
                                        len(left) + len(right)))
    found.sort(key=lambda d: (_ORDER[d.measure], -d.gap, d.exercise))
    return found


_COLUMNS = ("exercise", "side", "kind", "planned_seconds", "actual_seconds", "reps", "pain")
# From the sessions' day index (sessions_by_day) to each one's steps by their primary key: the
# work is the window's sessions, never the whole history. Days as the statistics count them:
# the local date a session was played on.
_RECENT = (f"SELECT {', '.join('st.' + c for c in _COLUMNS)} FROM sessions s"
           " JOIN steps st ON st.session_id = s.id"
           " WHERE s.day BETWEEN ? AND ? AND st.side IN ('left', 'right')"
           " ORDER BY s.day DESC LIMIT ?")


def recent_side_steps(c: sqlite3.Connection, today: date, *, days: int = WINDOW_DAYS,
                      exercises: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Steps played on one side in sessions of the ``days`` days through ``today``, newest
    day first, at most :data:`MAX_SIDE_STEPS`; only those of ``exercises`` when given."""
    first = today - timedelta(days=days - 1)
    rows = c.execute(_RECENT, (first.isoformat(), today.isoformat(), MAX_SIDE_STEPS)).fetchall()
    steps = [dict(zip(_COLUMNS, row, strict=True)) for row in rows]
    if exercises is None:
        return steps
    wanted = set(exercises)
    return [step for step in steps if step["exercise"] in wanted]


class SideMethods(StoreMethods):
    """The store's read of left against right."""


    def side_differences(self, today: date, *, exercises: Sequence[str] | None = None
                         ) -> list[SideDifference]:
        """:func:`side_differences` over the :data:`WINDOW_DAYS` days through ``today``,
        of ``exercises`` only when given."""
        def read() -> list[dict[str, Any]]:
            with self._db.read() as c:
                return recent_side_steps(c, today, exercises=exercises)
        return side_differences(self._sql(read))
