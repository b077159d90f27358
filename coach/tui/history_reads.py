"""What the history pane reads in its worker threads, and the messages that bring it back:
a page of sessions with their traffic lights, the statistics (streaks, the week, the pain
lines and chart, the calendar, left against right, done of planned), a read that failed, a deletion.

Each read is bounded whatever the history's length: a page is :data:`PAGE_SIZE` sessions,
and their lights are judged from the weeks they need (:func:`coach.progress.lights_between`).
Results are tagged with a generation, so a page asked for before a filter change or a
reload is dropped instead of mixed in.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from coach.coaching.plan import Adherence
    from coach.coaching.traffic import Light
    from coach.config import Settings
    from coach.history import DailyStats, HistoryStore, SessionSummary
    from coach.history.sides import SideDifference

PAGE_SIZE = 50
PAIN_SESSIONS = 30
WEEKS = 12
# The pain chart's days: four weeks read; as many of the newest drawn as the width holds
# (23 at 100 columns, 18 at 80).
TREND_DAYS = 28

PainDays = list[tuple[date, float | None, float | None, int | None]]


class PageLoaded(Message, bubble=False):
    def __init__(self, generation: int, offset: int, sessions: list[SessionSummary],
                 total: int | None, lights: dict[str, Light]) -> None:
        super().__init__()
        self.generation = generation
        self.offset = offset
        self.sessions = sessions
        self.total = total  # counted with the first page only
        self.lights = lights  # of the page's sessions played to an end


class StatsLoaded(Message, bubble=False):
    def __init__(self, generation: int, today: date, stats: DailyStats,
                 routines: list[tuple[str, str]], sides: list[SideDifference],
                 adherence: Adherence | None, trend: PainDays | None = None) -> None:
        super().__init__()
        self.generation = generation
        self.today = today
        self.stats = stats
        self.routines = routines
        self.sides = sides
        self.adherence = adherence  # None: nothing is planned
        self.trend = trend or []  # each day's pain before, after, next morning; oldest first


class ReadFailed(Message, bubble=False):
    def __init__(self, problem: str, moved: bool = False) -> None:
        super().__init__()
        self.problem = problem
        self.moved = moved  # the file was found damaged and moved aside: a new history


class SessionDeleted(Message, bubble=False):
    def __init__(self, session_id: str, found: bool) -> None:
        super().__init__()
        self.session_id = session_id
        self.found = found


def read_page(store: HistoryStore, settings: Settings, generation: int, offset: int,
              routine: str | None, count: bool) -> PageLoaded:
    """A page of sessions, newest first, with their lights. Raises HistoryError."""
    from coach.progress import lights_between

    sessions = store.sessions(PAGE_SIZE, offset, routine)
    total = store.count(routine) if count else None
    days = [s.started_at.date() for s in sessions]
    lights = lights_between(store, settings, min(days), max(days)) if days else {}
    return PageLoaded(generation, offset, sessions, total, lights)


def read_stats(store: HistoryStore, generation: int, today: date) -> StatsLoaded:
    """Everything above the table. Raises HistoryError."""
    from coach.planning import adherence_on

    stats = store.daily_stats(today, weeks=WEEKS, pain_last=PAIN_SESSIONS)
    adherence = adherence_on(store, today) if store.plans() else None
    return StatsLoaded(generation, today, stats, store.routines(),
                       store.side_differences(today), adherence, pain_trend(store, today))


def pain_trend(store: HistoryStore, today: date) -> PainDays:
    """Each day of the last :data:`TREND_DAYS` through ``today``: its pain before, after
    and next morning, as the report reads them (None where not said). Two bounded reads."""
    from coach.report.facts import pain_days

    first = today - timedelta(days=TREND_DAYS - 1)
    sessions = store.session_pains(since=first, until=today)
    days, _ = pain_days(store, [(s.day, s.before, s.after) for s in sessions], first, today)
    said = {p.day: p for p in days}
    found: PainDays = []
    for n in range(TREND_DAYS):
        day = first + timedelta(days=n)
        p = said.get(day)
        found.append((day, p.before, p.after, p.morning) if p else (day, None, None, None))
    return found
