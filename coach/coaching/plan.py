"""A routine's plan, pure: its days and times, read and said; the default an article's
frequency offers; what is due on a day and what of it is done; adherence week by week; and
the last planned day that was missed.

No I/O: the plans, the sessions done and the answers come in as values (the history keeps
them, :mod:`coach.planning` reads them), so each rule is tested on a made-up calendar.
Days of the week are numbers, Monday 0 as :meth:`datetime.date.weekday` counts them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from coach.diagnostics import did_you_mean

__all__ = [
    "ANSWERS",
    "DAY_NAMES",
    "EVERY_DAY",
    "LOOK_BACK_DAYS",
    "MAX_TIMES",
    "Adherence",
    "Answer",
    "Due",
    "Missed",
    "Plan",
    "Week",
    "adherence",
    "days_text",
    "default_plan",
    "due_on",
    "last_missed",
    "parse_days",
    "parse_time",
    "plan_problem",
]

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVERY_DAY = tuple(range(7))
# Times of day one plan may hold: several times a day is a handful, never a timetable.
MAX_TIMES = 8
# A missed day is asked about while it is recent: a week on, the question has no use.
LOOK_BACK_DAYS = 7
# How a person says why a planned day was missed; "not now" is the question put aside
# (Esc), kept so the day is asked about once.
Answer = Literal["pain", "no time", "forgot", "not now"]
ANSWERS: tuple[Answer, ...] = ("pain", "no time", "forgot", "not now")

_TIME = re.compile(r"(\d{1,2}):(\d{2})")


@dataclass(frozen=True)
class Plan:
    """When a routine is meant to be played: ``days`` (0 = Monday, sorted, at least one)
    and ``times`` ("HH:MM", sorted; empty: any time that day); ``since``: the day it was set,
    before which nothing counts as missed."""

    routine: str
    days: tuple[int, ...]
    times: tuple[str, ...] = ()
    since: date | None = None


@dataclass(frozen=True)
class Due:
    """One planned routine on a day: when, how many sessions of it were completed that day,
    and whether that is all the plan asks (one session per time, or one when no time)."""

    routine: str
    times: tuple[str, ...]
    completed: int

    @property
    def done(self) -> bool:
        return self.completed >= max(1, len(self.times))


@dataclass(frozen=True)
class Week:
    """One calendar week (``start`` is its Monday) of every plan: sessions planned up to the
    day it is judged on, and how many of them were done."""

    start: date
    planned: int
    done: int


@dataclass(frozen=True)
class Adherence:
    """Done of planned, this week so far and each of the four weeks before it (oldest
    first)."""

    this_week: Week
    earlier: tuple[Week, ...]


@dataclass(frozen=True)
class Missed:
    """A planned day before today whose routine was not done, and not answered yet."""

    day: date
    routine: str


# --- reading and saying a plan ----------------------------------------------------------------

def parse_days(text: str) -> tuple[int, ...]:
    """``"mon,wed,fri"`` (any case, spaces allowed) or ``"daily"`` as day numbers, sorted.
    Raises ValueError naming the part it cannot read, with the names it knows."""
    words = [w.strip().lower() for w in text.split(",")]
    if words == ["daily"]:
        return EVERY_DAY
    days = set()
    for word in words:
        if word not in DAY_NAMES:
            what = f"{word[:20]!r}{did_you_mean(word, ('daily', *DAY_NAMES))}" if word \
                else "an empty name"
            raise ValueError(f"{what} is not a day: use daily, or days from "
                             f"{', '.join(DAY_NAMES)} separated by commas")
        days.add(DAY_NAMES.index(word))
    return tuple(sorted(days))


def parse_time(text: str) -> str:
    """``"7:30"`` or ``"07:30"`` as ``"07:30"``; raises ValueError for anything else."""
    found = _TIME.fullmatch(text.strip())
    if found is None or int(found[1]) > 23 or int(found[2]) > 59:
        raise ValueError(f"{text[:20]!r} is not a time of day: use HH:MM, from 00:00 to 23:59")
    return f"{int(found[1]):02d}:{found[2]}"


def plan_problem(days: Sequence[int], times: Sequence[str]) -> str | None:
    """Why ``days`` and ``times`` cannot be a plan, in words, or None when they can."""
    if not days:
        return "a plan needs at least one day"
    if any(isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 6 for d in days):
        return "days are numbers from 0 (Monday) to 6 (Sunday)"
    if len(times) > MAX_TIMES:
        return f"at most {MAX_TIMES} times a day can be planned, got {len(times)}"
    for t in times:
        try:
            if parse_time(t) != t:
                return f"{t[:20]!r} is not a time of day written HH:MM"
        except ValueError as exc:
            return str(exc)
    if len(set(times)) != len(times):
        return "each time of day once"
    return None


def days_text(days: Sequence[int]) -> str:
    """The days in the words ``coach plan set --days`` takes: ``daily`` or ``mon,wed,fri``."""
    if tuple(sorted(set(days))) == EVERY_DAY:
        return "daily"
    return ",".join(DAY_NAMES[d] for d in sorted(set(days)))


# --- the default an article offers ----------------------------------------------------------

def _spread_days(n: int) -> tuple[int, ...]:
    """``n`` days of a week (1-7) as far apart as they go, from Monday: 2 -> Mon and Thu,
    3 -> Mon, Wed and Fri."""
    return tuple(sorted({i * 7 // n for i in range(n)}))


def _spread_times(n: int) -> tuple[str, ...]:
    """``n`` times of a waking day, from 08:00 to 20:00 evenly (1: none, any time)."""
    if n <= 1:
        return ()
    n = min(n, MAX_TIMES)
    minutes = [8 * 60 + round(i * 12 * 60 / (n - 1)) for i in range(n)]
    return tuple(f"{m // 60:02d}:{m % 60:02d}" for m in minutes)


def default_plan(routine: str, times: int, per: Literal["day", "week"]) -> Plan:
    """The plan an article's frequency (``times`` per ``day`` or ``week``) suggests: once a
    day is every day at any time; several times a day is every day at times spread from
    morning to evening; N a week is N days spread over the week (every day from seven, with
    times when more than seven)."""
    if per == "day":
        return Plan(routine, EVERY_DAY, _spread_times(times))
    if times < 7:
        return Plan(routine, _spread_days(max(times, 1)))
    return Plan(routine, EVERY_DAY, _spread_times(round(times / 7)))


# --- a day, a week, a missed day ------------------------------------------------------------

def due_on(day: date, plans: Iterable[Plan], completed: Mapping[str, int]) -> list[Due]:
    """What the ``plans`` ask for on ``day``, in their order, with how many sessions of each
    routine were completed that day (``completed``: routine -> count). A plan set after
    ``day`` asks nothing of it."""
    return [Due(p.routine, p.times, completed.get(p.routine, 0)) for p in plans
            if day.weekday() in p.days and (p.since is None or p.since <= day)]


def _week(start: date, last: date, plans: Sequence[Plan],
          completed: Mapping[date, Mapping[str, int]]) -> Week:
    planned = done = 0
    for offset in range((last - start).days + 1):
        day = start + timedelta(days=offset)
        for due in due_on(day, plans, completed.get(day, {})):
            wanted = max(1, len(due.times))
            planned += wanted
            done += min(due.completed, wanted)
    return Week(start, planned, done)


def adherence(today: date, plans: Sequence[Plan],
              completed: Mapping[date, Mapping[str, int]], weeks: int = 4) -> Adherence:
    """Sessions done of those planned, this week up to ``today`` and each of the ``weeks``
    weeks before it. ``completed``: day -> routine -> completed sessions. A session beyond
    what a day asks does not make up for another day."""
    monday = today - timedelta(days=today.weekday())
    earlier = tuple(
        _week(monday - timedelta(weeks=n), monday - timedelta(weeks=n) + timedelta(days=6),
              plans, completed)
        for n in range(weeks, 0, -1))
    return Adherence(_week(monday, today, plans, completed), earlier)


def last_missed(today: date, plans: Sequence[Plan],
                completed: Mapping[date, Mapping[str, int]],
                answered: Iterable[tuple[date, str]]) -> Missed | None:
    """The planned day to ask about: the newest day before ``today`` (no further back than
    :data:`LOOK_BACK_DAYS`) on which something was planned, if a routine planned then was not
    played at all (one of two times done is not a missed day) and its miss is not answered
    yet: the first such routine, in the plans' order. Older misses are never asked about:
    once the newest planned day is settled, so are they."""
    said = set(answered)
    for back in range(1, LOOK_BACK_DAYS + 1):
        day = today - timedelta(days=back)
        due = due_on(day, plans, completed.get(day, {}))
        if not due:
            continue
        for d in due:
            if d.completed == 0 and (day, d.routine) not in said:
                return Missed(day, d.routine)
        return None
    return None
