"""The exchange document's plans, missed-day answers and level choices: their entries'
shape, the rules an entry of one document keeps beside the others, and which entry wins
when several files say different things.

``"plans": [{"routine", "days": ["mon", ...], "times": ["07:30", ...], "set_at"}]``,
``"missed_days": [{"day": "YYYY-MM-DD", "routine", "answer", "answered_at"}]`` and
``"level_choices": [{"at", "routine", "item", "exercise", "choice"}]``, beside the sessions
and check-ins of :mod:`coach.history.document`; an export from before them has none. One
document names a routine's plan once, a (day, routine) once and a choice's (instant,
routine, item) once. Between files, and between a file and the history, the plan set last
(``set_at``) and the answer given last (``answered_at``) win; a level choice is kept once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from coach.coaching.plan import DAY_NAMES, MAX_TIMES, Answer, parse_time
from coach.history.doc_fields import AwareTime, Day, Line, Strict

__all__ = ["MODELS", "TIME_KEYS", "LevelChoiceDoc", "MissedDayDoc", "PlanDoc", "Planning",
           "choice_key", "instant", "problems_of"]

DayName = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
RoutineId = Annotated[Line, Field(min_length=1)]
MAX_ITEM = 1_000_000  # as a step's item in a session


def _each_once(values: list[str]) -> list[str]:
    for i, value in enumerate(values):
        if value in values[:i]:
            raise ValueError(f"{value!r} is named twice; each once")
    return values


def _clock(value: str) -> str:
    if parse_time(value) != value:  # raises ValueError, in words, for no time of day
        raise ValueError(f"{value[:20]!r} is not a time of day written HH:MM")
    return value


class PlanDoc(Strict):
    """When a routine is meant to be played (``coach plan``): days by name, times of day
    (none: any time), and when the plan was set, from which day it holds."""

    routine: RoutineId
    days: Annotated[list[DayName], Field(min_length=1, max_length=7),
                    AfterValidator(_each_once)]
    times: Annotated[list[Annotated[str, AfterValidator(_clock)]], Field(max_length=MAX_TIMES),
                     AfterValidator(_each_once)] = []
    set_at: AwareTime

    def day_numbers(self) -> str:
        """The days as the history keeps them: '0,2,4' (0 = Monday)."""
        return ",".join(str(n) for n in sorted(DAY_NAMES.index(d) for d in self.days))


class MissedDayDoc(Strict):
    """Why a planned day went by without its routine, and when that was said."""

    day: Day
    routine: RoutineId
    answer: Answer
    answered_at: AwareTime


class LevelChoiceDoc(Strict):
    """A hold, release or reset of one ranged item's level (``coach level``)."""

    at: AwareTime
    routine: RoutineId
    item: Annotated[int, Field(ge=1, le=MAX_ITEM)]  # 1-based, as the preview numbers it
    exercise: Line
    choice: Literal["hold", "release", "reset"]


# The document's keys these entries are under, for "did you mean" on an unknown key.
MODELS: dict[str, type[BaseModel]] = {"plans": PlanDoc, "missed_days": MissedDayDoc,
                                      "level_choices": LevelChoiceDoc}
# Keys holding a time with its offset, besides the sessions' and check-ins'.
TIME_KEYS = ("set_at", "answered_at")


def instant(text: str) -> datetime:
    """The instant of a validated time, one whatever its offset."""
    return datetime.fromisoformat(text)


def choice_key(choice: LevelChoiceDoc) -> tuple[datetime, str, int]:
    return instant(choice.at), choice.routine, choice.item


def problems_of(plans: Sequence[PlanDoc], missed: Sequence[MissedDayDoc],
                choices: Sequence[LevelChoiceDoc]) -> list[tuple[tuple[str | int, ...], str]]:
    """Where one document says a thing twice, as (key path, message)."""
    found: list[tuple[tuple[str | int, ...], str]] = []

    def once(key: str, entries: Iterable[tuple[object, str]], what: str) -> None:
        seen: dict[object, int] = {}
        for i, (value, field) in enumerate(entries):
            if value in seen:
                found.append(((key, i, field), f"the same {what} as {key}[{seen[value]}]"))
            seen.setdefault(value, i)

    once("plans", ((p.routine, "routine") for p in plans), "routine")
    once("missed_days", (((m.day, m.routine), "day") for m in missed), "day and routine")
    once("level_choices", ((choice_key(c), "at") for c in choices),
         "time, routine and item")
    return found


class Planning:
    """The plans, answers and choices of several documents, one of each: the plan set last,
    the answer given last, the first of two equal choices."""

    def __init__(self) -> None:
        self._plans: dict[str, PlanDoc] = {}
        self._missed: dict[tuple[date, str], MissedDayDoc] = {}
        self._choices: dict[tuple[datetime, str, int], LevelChoiceDoc] = {}

    def add(self, plans: Iterable[PlanDoc], missed: Iterable[MissedDayDoc],
            choices: Iterable[LevelChoiceDoc]) -> None:
        for p in plans:
            known = self._plans.get(p.routine)
            if known is None or instant(p.set_at) > instant(known.set_at):
                self._plans[p.routine] = p
        for m in missed:
            key = (date.fromisoformat(m.day), m.routine)
            said = self._missed.get(key)
            if said is None or instant(m.answered_at) > instant(said.answered_at):
                self._missed[key] = m
        for c in choices:
            self._choices.setdefault(choice_key(c), c)

    @property
    def plans(self) -> list[PlanDoc]:
        return list(self._plans.values())

    @property
    def missed_days(self) -> list[MissedDayDoc]:
        return list(self._missed.values())

    @property
    def level_choices(self) -> list[LevelChoiceDoc]:
        return list(self._choices.values())
