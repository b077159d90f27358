"""What the report says, gathered from the history store's own queries for one period: the
routines played, adherence to the plan per week, pain before, after and next morning per
day with a 7-day average and the baseline, each session's light, each ranged item's level
over time, left against right, and the notes.

Nothing here loads a step: the pains come with the highest pain during already worked out
by SQLite (:meth:`~coach.history.HistoryStore.session_pains`), the sessions' notes page by
page, newest first, until the period's start. The rules are the coaching modules' own
(:mod:`coach.progress`, :mod:`coach.planning`); this module only arranges their answers.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from coach.coaching.progression import item_levels, ranged_items
from coach.coaching.traffic import Light
from coach.config import Settings
from coach.planning import adherence_on, trend
from coach.progress import history_lights

if TYPE_CHECKING:
    from coach.history import HistoryStore
    from coach.history.sides import SideDifference
    from coach.library import Library

__all__ = [
    "AVERAGE_DAYS",
    "MAX_NOTES",
    "MAX_SESSION_ROWS",
    "LevelTrack",
    "Note",
    "NothingToReport",
    "PainDay",
    "Report",
    "SessionLight",
    "gather",
    "pain_days",
]

# The newest notes a report lists: a physiotherapist reads a page of them, not ten years'.
MAX_NOTES = 60
# The newest sessions listed one per row with their light's reason; older ones are counted.
MAX_SESSION_ROWS = 40
# The rolling average of the pain chart: a week, as the coaching trend reads it.
AVERAGE_DAYS = 7


class NothingToReport(Exception):
    """The history holds no played session and no check-in in the period asked for."""


@dataclass(frozen=True)
class PainDay:
    """One day's pain: the average of its sessions' scores before and after, and the next
    morning's check-in (the day after's first), each None when not said."""

    day: date
    before: float | None
    after: float | None
    morning: int | None


@dataclass(frozen=True)
class SessionLight:
    """One played session's day, routine and light."""

    day: date
    routine: str
    colour: str
    reason: str


@dataclass(frozen=True)
class LevelTrack:
    """One ranged item's level at each sample day: ``points`` are (day, value) in the
    ladder's unit, ``amounts`` the same values in words."""

    routine: str
    item: int
    exercise: str
    low: int
    high: int
    points: tuple[tuple[date, int], ...]
    amounts: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Note:
    """A note the person wrote: on a session (its routine's name) or on a check-in."""

    at: datetime
    where: str
    text: str


@dataclass(frozen=True)
class Report:
    """Everything the report says, for ``first`` to ``last`` (each day included)."""

    first: date
    last: date
    made: datetime
    routines: tuple[tuple[str, str], ...]  # (id, name)
    planned: bool
    weeks: tuple[tuple[date, int, int], ...]  # (Monday, planned, done), oldest first
    pains: tuple[PainDay, ...]
    average: tuple[tuple[date, float], ...]  # the rolling average of the days with a score
    baseline: float | None  # the first week's average pain, the trend's reference
    baseline_from: date | None
    trend_text: str | None
    lights: tuple[SessionLight, ...]
    light_counts: dict[str, int]
    levels: tuple[LevelTrack, ...]
    sides: tuple[SideDifference, ...]
    exercise_names: dict[str, str]
    notes: tuple[Note, ...]
    notes_left_off: int

    @property
    def sessions(self) -> int:
        return len(self.lights)


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def pain_days(store: HistoryStore, sessions: list[tuple[date, int | None, int | None]],
              first: date, last: date) -> tuple[list[PainDay], list[tuple[date, float]]]:
    """Each day from ``first`` to ``last`` with a score, from ``sessions`` (day, before,
    after) and the check-ins, and the rolling :data:`AVERAGE_DAYS`-day average of every
    score said on the days it covers (before, after, mornings). The report's pain and the
    history pane's chart."""
    mornings = store.mornings(since=first - timedelta(days=AVERAGE_DAYS),
                              until=last + timedelta(days=1))
    befores: dict[date, list[int]] = {}
    afters: dict[date, list[int]] = {}
    for on, before, after in sessions:
        if before is not None:
            befores.setdefault(on, []).append(before)
        if after is not None:
            afters.setdefault(on, []).append(after)
    days = sorted(set(befores) | set(afters) | {d - timedelta(days=1) for d in mornings
                                                 if first <= d - timedelta(days=1) <= last})
    found = [PainDay(d, _mean(befores.get(d, [])), _mean(afters.get(d, [])),
                     mornings.get(d + timedelta(days=1))) for d in days]
    # Every score by the day it was said on: the morning's on its own day.
    said: dict[date, list[int]] = {}
    for book in (befores, afters):
        for d, scores in book.items():
            said.setdefault(d, []).extend(scores)
    for d, score in mornings.items():
        said.setdefault(d, []).append(score)
    window: list[tuple[date, list[int]]] = []
    average = []
    total = count = 0
    for d in sorted(said):
        window.append((d, said[d]))
        total, count = total + sum(said[d]), count + len(said[d])
        while window[0][0] <= d - timedelta(days=AVERAGE_DAYS):
            _, gone = window.pop(0)
            total, count = total - sum(gone), count - len(gone)
        if first <= d <= last:
            average.append((d, round(total / count, 2)))
    return found, average


def _samples(first: date, last: date) -> list[date]:
    """The days a level is read on: the day before ``first`` (where the period starts),
    each week's Sunday over half a year or less, each month's last day over five years or
    less, else each quarter's, and the period's last day (a level is read from the whole
    history up to each, so their number is the cost)."""
    days = []
    if (last - first).days <= 183:
        d = first + timedelta(days=6 - first.weekday())
        while d < last:
            days.append(d)
            d += timedelta(weeks=1)
    else:
        months = 1 if (last - first).days <= 5 * 366 else 3
        d = date(first.year, first.month, 1)
        while True:
            month = d.month - 1 + months
            d = date(d.year + month // 12, month % 12 + 1, 1)
            end = d - timedelta(days=1)
            if end >= last:
                break
            if end >= first:
                days.append(end)
    # The day before the period: the level it started at.
    return [first - timedelta(days=1), *days, last]


def _end_ms(day: date) -> int:
    """The instant (Unix ms, local time) the day after ``day`` starts."""
    return int(datetime.combine(day + timedelta(days=1), time()).astimezone().timestamp()
               * 1000)


def _levels(store: HistoryStore, library: Library, routines: list[str],
            judged: dict[str, Light], first: date, last: date) -> list[LevelTrack]:
    """Each ranged item's level on each sample day, from the same lights and choices
    :func:`coach.progress.routine_levels` folds, cut at the end of that day."""
    tracks = []
    samples = _samples(first, last)
    for rid in routines:
        routine = library.routines.get(rid)
        if routine is None:
            continue
        ranged = ranged_items(routine, library.exercises)
        if not ranged:
            continue
        starts = store.session_starts(rid)
        sessions = sorted((at, judged[sid]) for sid, at in starts.items() if sid in judged)
        session_at = [at for at, _ in sessions]
        choices = store.level_choices(rid)
        choice_at = [c.at_ms for c in choices]
        by_sample = []
        for day in samples:
            cut = _end_ms(day)
            by_sample.append(item_levels(ranged, sessions[:bisect_right(session_at, cut - 1)],
                                         choices[:bisect_right(choice_at, cut - 1)]))
        for n, one in enumerate(ranged):
            values = [levels[n] for levels in by_sample]
            tracks.append(LevelTrack(
                routine.name, one.item, library.exercises[one.exercise].name,
                one.ladder.low, one.ladder.high,
                tuple((max(d, first), lv.value)
                      for d, lv in zip(samples, values, strict=True)),
                tuple(one.ladder.amount(lv.value) for lv in values), values[-1].reason))
    return tracks


def _notes(store: HistoryStore, routine: str | None, first: date, last: date,
           with_checkins: bool) -> tuple[list[Note], int]:
    """The newest :data:`MAX_NOTES` notes of the period, newest first, and how many more."""
    sessions, total = store.session_notes(first, last, routine=routine, limit=MAX_NOTES)
    found = [Note(n.at, n.routine_name, n.note) for n in sessions]
    if with_checkins:
        start = datetime.combine(first, time()).astimezone()
        said = [Note(c.at, "check-in", c.note) for c in store.checkins(since=start)
                if c.note and c.at.date() <= last]
        total += len(said)
        found += said
    found.sort(key=lambda n: n.at, reverse=True)
    return found[:MAX_NOTES], max(0, total - MAX_NOTES)


def gather(store: HistoryStore, library: Library, settings: Settings, *,
           since: date | None = None, routine: str | None = None,
           now: datetime | None = None) -> Report:
    """The report of the days from ``since`` (the first played, when None) to ``now``'s,
    of ``routine`` alone when given. Raises :class:`NothingToReport` when the period holds
    no played session and no check-in (of the routine's, no session)."""
    now = now or datetime.now().astimezone()
    last = now.date()
    pains = store.session_pains(routine, since=since, until=last)
    first_checkin = None
    if routine is None:
        start = datetime.combine(since, time()).astimezone() if since else None
        found = [c for c in store.checkins(since=start)[:1] if c.at.date() <= last]
        first_checkin = found[0].at.date() if found else None
    if not pains and first_checkin is None:
        raise NothingToReport
    first = since or min([s.day for s in pains[:1]]
                         + ([first_checkin] if first_checkin else []))
    judged = history_lights(store, settings)
    names = dict(store.routines())
    for rid, model in library.routines.items():
        names.setdefault(rid, model.name)
    played = list(dict.fromkeys(s.routine_id for s in pains))
    lights = [SessionLight(s.day, names.get(s.routine_id, s.routine_id), light.colour,
                           light.reason)
              for s in pains if (light := judged.get(s.id)) is not None]
    days, average = pain_days(store, [(s.day, s.before, s.after) for s in pains], first, last)
    plans = [p for p in store.plans() if routine is None or p.routine == routine]
    weeks: list[tuple[date, int, int]] = []
    if plans:
        count = (last - timedelta(days=last.weekday()) - (first - timedelta(
            days=first.weekday()))).days // 7
        kept = adherence_on(store, last, weeks=count)
        weeks = [(w.start, w.planned, w.done) for w in (*kept.earlier, kept.this_week)]
    told = trend(store, last)
    exercises = ({item.exercise for item in library.routines[routine].items}
                 if routine in library.routines else None)
    sides = store.side_differences(last, exercises=sorted(exercises) if exercises else None)
    notes, left_off = _notes(store, routine, first, last, routine is None)
    return Report(
        first=first, last=last, made=now,
        routines=tuple((rid, names.get(rid, rid)) for rid in played),
        planned=bool(plans), weeks=tuple(weeks), pains=tuple(days), average=tuple(average),
        baseline=told.first_week if told else None,
        baseline_from=told.first_week_from if told else None,
        trend_text=told.text if told else None,
        lights=tuple(lights), light_counts=dict(Counter(s.colour for s in lights)),
        levels=tuple(_levels(store, library, played, judged, first, last)),
        sides=tuple(sides),
        exercise_names={eid: e.name for eid, e in library.exercises.items()},
        notes=tuple(notes), notes_left_off=left_off)
