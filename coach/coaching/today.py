"""The day's coaching, pure: the pain trend (the last seven days against the first week) and
the suggestion for today, each in plain words with its why.

The trend reads every pain score the person gave (the highest during a session, after it,
each morning's check-in) as (day, score) pairs. A change is called meaningful from about
2 points or 30% of the first week's average: the change in pain scores people themselves
call "much improved" on a 0-10 scale (Farrar JT, Young JP, LaMoreaux L, Werth JL, Poole RM.
"Clinical importance of changes in chronic pain intensity measured on an 11-point numerical
pain rating scale." Pain 2001;94(2):149-158), the usual minimal clinically important
difference for pain scales. It is approximate: a guide to read the numbers by, not a verdict.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from coach import FLAGS_WHY, HIGH_PAIN, RED_FLAGS, high_pain_reason
from coach.coaching.traffic import Light

__all__ = [
    "MEANINGFUL_FRACTION",
    "MEANINGFUL_POINTS",
    "WINDOW_DAYS",
    "Suggestion",
    "Trend",
    "pain_trend",
    "suggestion",
]

# Farrar et al. 2001 (see the module): about 2 points, or about 30%, is a change that counts.
MEANINGFUL_POINTS = 2.0
MEANINGFUL_FRACTION = 0.3
# The 30% alone counts only from a whole point: on a first week averaging 1/10, 0.3 of a
# point is the wobble of the scale, not a change a person feels.
_LEAST_POINTS = 1.0
WINDOW_DAYS = 7

Direction = Literal["better", "worse", "the same"]


@dataclass(frozen=True)
class Trend:
    """The average pain of the last :data:`WINDOW_DAYS` days against the first week's."""

    first_week: float
    first_week_from: date
    last_days: float
    change: float  # last_days - first_week: below 0 is less pain
    percent: int | None  # the change as a percent of the first week's; None from 0
    direction: Direction
    meaningful: bool
    text: str


@dataclass(frozen=True)
class Suggestion:
    """What to do today, and why."""

    text: str
    why: str
    stop: bool = False


def _average(scores: list[int]) -> float:
    return sum(scores) / len(scores)


def pain_trend(today: date, scores: Iterable[tuple[date, int]]) -> Trend | None:
    """The trend from ``scores`` (day, pain 0-10), or None until there is one to tell: no
    score in the first week or in the last seven days, or the two windows still overlap
    (the first score is less than two weeks old). Scores after ``today`` are left out."""
    found = [(d, s) for d, s in scores if d <= today]
    if not found:
        return None
    start = min(d for d, _ in found)
    first_end = start + timedelta(days=WINDOW_DAYS - 1)
    recent_start = today - timedelta(days=WINDOW_DAYS - 1)
    if recent_start <= first_end:
        return None
    first = [s for d, s in found if d <= first_end]
    recent = [s for d, s in found if d >= recent_start]
    if not recent:
        return None
    before, now = round(_average(first), 1), round(_average(recent), 1)
    change = round(now - before, 1)
    percent = round(100 * change / before) if before else None
    size = abs(change)
    meaningful = size >= MEANINGFUL_POINTS or (
        before > 0 and size >= _LEAST_POINTS and size / before >= MEANINGFUL_FRACTION)
    direction: Direction = "better" if change < 0 else "worse" if change > 0 else "the same"
    return Trend(before, start, now, change, percent, direction, meaningful,
                 _trend_text(before, start, now, change, percent, direction, meaningful))


def _trend_text(before: float, start: date, now: float, change: float, percent: int | None,
                direction: Direction, meaningful: bool) -> str:
    said = (f"Pain over the last {WINDOW_DAYS} days averages {now:g}/10, against {before:g}/10 "
            f"in your first week (from {start:%d %b %Y})")
    if direction == "the same":
        return said + ": no change."
    by = f"{abs(change):g} points" + (f" ({abs(percent)}%)" if percent is not None else "")
    if meaningful:
        return (f"{said}: {by} {direction}, about the change usually counted as meaningful "
                "(2 points or 30%).")
    return (f"{said}: {by} {direction}, less than the change usually counted as meaningful "
            "(about 2 points or 30%).")


def suggestion(last: Light | None, morning: int | None = None) -> Suggestion:
    """What to do today from the last session's light and this morning's pain (None: not
    said). A high score (this morning's, or any of the last session's) says stop and the red
    flags, before anything else; then red eases off to the gentler version (the lowest
    levels), amber keeps the level, green carries on."""
    if morning is not None and morning >= HIGH_PAIN:
        return Suggestion("Stop: rest today rather than exercise.",
                          f"This morning: {high_pain_reason(morning)} {RED_FLAGS} {FLAGS_WHY}",
                          stop=True)
    if last is None:
        return Suggestion("Start gently, at the low end of each range.",
                          "No session has been played to an end yet, so there is no pain "
                          "score to go on.")
    if last.stop:
        return Suggestion("Stop: rest today rather than exercise.",
                          f"Your last session was red. {last.reason} {FLAGS_WHY}", stop=True)
    if last.colour == "red":
        return Suggestion("Ease off: play the gentler version, at the lowest levels.",
                          f"Your last session was red. {last.reason}")
    if last.colour == "amber":
        return Suggestion("Keep the level: play the same numbers as last time.",
                          f"Your last session was amber. {last.reason}")
    return Suggestion("Carry on: play your plan as it is.",
                      f"Your last session was green. {last.reason}")
