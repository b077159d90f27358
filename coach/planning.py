"""The plan and the day, from the history, the library and the settings: what ``coach plan``
lists, what ``coach today`` says, the picker's marks, and the missed-day question's offers.

The glue between the history (:mod:`coach.history.plans`, :mod:`coach.history.pains`) and
the pure rules (:mod:`coach.coaching.plan`, :mod:`coach.coaching.today`), as
:mod:`coach.progress` is for the lights; the lights here are judged by the same rules with
the same thresholds (:func:`coach.progress.thresholds`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from coach.coaching.levels import counted_in, ladder, played
from coach.coaching.plan import (
    LOOK_BACK_DAYS,
    Adherence,
    Answer,
    Due,
    Missed,
    Plan,
    adherence,
    default_plan,
    due_on,
    last_missed,
)
from coach.coaching.today import WINDOW_DAYS, Suggestion, Trend, pain_trend, suggestion
from coach.coaching.traffic import Light
from coach.config import Settings
from coach.models import Exercise, Routine
from coach.progress import lights_between

if TYPE_CHECKING:
    from coach.history import HistoryStore

__all__ = [
    "Offer",
    "Planned",
    "Today",
    "adherence_on",
    "article_default",
    "due_marks",
    "gentler_version",
    "last_light",
    "missed_question",
    "offer",
    "planned",
    "short_version",
    "today",
    "trend",
]


@dataclass(frozen=True)
class Planned:
    """A routine in ``coach plan``: its plan (None when it has none yet), its name (None
    when the library no longer has it), and the article's default with the article's words
    (None when its article gives no frequency)."""

    routine: str
    name: str | None
    plan: Plan | None
    default: Plan | None
    words: str | None


@dataclass(frozen=True)
class Today:
    """What ``coach today`` says: what is due (with routine names), what was played today
    (routine, name, start, status), the last session's light, the pain trend, the suggestion
    and the missed day to ask about."""

    day: date
    due: list[tuple[Due, str]]
    played: list[tuple[str, str, datetime, str]]
    light: Light | None
    trend: Trend | None
    suggestion: Suggestion
    missed: Missed | None


@dataclass(frozen=True)
class Offer:
    """What coach offers after a missed day's answer: words, and how to take it up."""

    text: str
    how: str


def _name(routines: dict[str, Routine], routine: str) -> str:
    found = routines.get(routine)
    return found.name if found is not None else routine


def article_default(routine: Routine) -> tuple[Plan, str] | None:
    """The plan the routine's article frequency offers, and the article's words for it."""
    if routine.frequency is None:
        return None
    f = routine.frequency
    return default_plan(routine.id, f.times, f.per), f.text


def planned(store: HistoryStore, routines: dict[str, Routine]) -> list[Planned]:
    """Every planned routine (by id), then every routine whose article gives a frequency
    and that has no plan yet (in the library's order), with the default to offer."""
    plans = {p.routine: p for p in store.plans()}
    found = []
    for routine, plan in plans.items():
        model = routines.get(routine)
        default = article_default(model) if model is not None else None
        found.append(Planned(routine, model.name if model else None, plan,
                             default[0] if default else None, default[1] if default else None))
    for routine, model in routines.items():
        default = article_default(model)
        if routine not in plans and default is not None:
            found.append(Planned(routine, model.name, None, default[0], default[1]))
    return found


def due_marks(store: HistoryStore, day: date) -> dict[str, Due]:
    """What is due on ``day``, by routine: two small queries, for the picker's first frame."""
    return {d.routine: d for d in due_on(day, store.plans(),
                                         store.completed_by_day(day, day).get(day, {}))}


def adherence_on(store: HistoryStore, day: date, weeks: int = 4) -> Adherence:
    """Done of planned, the week of ``day`` up to it and the ``weeks`` before (one query for
    the sessions of those weeks), for the history pane and ``coach plan``."""
    plans = store.plans()
    since = day - timedelta(days=day.weekday(), weeks=weeks)
    return adherence(day, plans, store.completed_by_day(since, day) if plans else {}, weeks)


def missed_question(store: HistoryStore, day: date) -> Missed | None:
    """The missed planned day to ask about on ``day``, or None (see
    :func:`coach.coaching.plan.last_missed`)."""
    plans = store.plans()
    if not plans:
        return None
    since = day - timedelta(days=LOOK_BACK_DAYS)
    return last_missed(day, plans, store.completed_by_day(since, day),
                       store.missed_answers(since))


def today(store: HistoryStore, routines: dict[str, Routine], settings: Settings,
          now: datetime) -> Today:
    """The day ``now`` falls on: due, played, light, trend, suggestion and missed day."""
    day = now.date()
    plans = store.plans()
    since = day - timedelta(days=LOOK_BACK_DAYS)
    completed = store.completed_by_day(since, day) if plans else {}
    due = [(d, _name(routines, d.routine)) for d in due_on(day, plans, completed.get(day, {}))]
    last = last_light(store, settings)
    missed = (last_missed(day, plans, completed, store.missed_answers(since))
              if plans else None)
    return Today(day, due, store.played_on(day), last, trend(store, day),
                 suggestion(last, store.mornings(since=day).get(day)), missed)


def last_light(store: HistoryStore, settings: Settings) -> Light | None:
    """The light of the newest session played to an end, as
    :func:`coach.progress.history_lights` judges it, from the weeks it needs rather than the
    whole history (:func:`coach.progress.lights_between`)."""
    newest = store.last_played_day()
    if newest is None:
        return None
    return next(reversed(lights_between(store, settings, newest, newest).values()), None)


def trend(store: HistoryStore, day: date) -> Trend | None:
    """The pain trend on ``day`` (see :func:`coach.coaching.today.pain_trend`), from the
    first week's scores and the last seven days' alone."""
    first = store.first_pain_day()
    if first is None:
        return None
    recent = day - timedelta(days=WINDOW_DAYS - 1)
    scores: list[tuple[date, int]] = []
    for since, until in ((first, first + timedelta(days=WINDOW_DAYS - 1)), (recent, day)):
        if since <= until:
            sessions = store.session_pains(since=since, until=until)
            scores += [(s.day, p) for s in sessions for p in (s.during, s.after)
                       if p is not None]
            scores += list(store.mornings(since=since, until=until).items())
    return pain_trend(day, scores)


# --- the missed day's offers ----------------------------------------------------------------

def gentler_version(routine: Routine, exercises: dict[str, Exercise]) -> Routine:
    """The routine with every ranged number at the low end of the article's range (the
    lowest level :mod:`coach.coaching.levels` knows); the rest as it is."""
    items = []
    for item in routine.items:
        exercise = exercises.get(item.exercise)
        prescription = item.prescription or (exercise.prescription if exercise else None)
        rungs = ladder(prescription, counted_in(exercise)) if (prescription and exercise) else None
        if prescription is not None and rungs is not None:
            item = item.model_copy(update={"prescription": played(prescription, rungs.low)})
        items.append(item)
    return routine.model_copy(update={"items": items})


def short_version(routine: Routine) -> Routine:
    """The routine's first half of items (at least one), for a day with little time."""
    keep = max(1, (len(routine.items) + 1) // 2)
    return routine.model_copy(update={"items": routine.items[:keep]})


def offer(answer: Answer, routine: Routine) -> Offer | None:
    """What coach offers for ``answer`` about a missed day of ``routine``; None for "not
    now", which puts the question aside."""
    if answer == "pain":
        return Offer(f"The gentler version of {routine.name}: every range at its low end.",
                     "gentler")
    if answer == "no time":
        half = max(1, (len(routine.items) + 1) // 2)
        return Offer(f"The short version of {routine.name}: its first {half} of "
                     f"{len(routine.items)} exercises.", "short")
    if answer == "forgot":
        return Offer(f"A reminder: give {routine.name} a time in the plan (coach plan set "
                     f"{routine.id} --at HH:MM), then let your calendar remind you (coach "
                     "plan export plan.ics) or your desktop (coach remind, from cron).",
                     "reminder")
    return None
