"""The statistics of the history pane, counted in SQL over the history file: sessions a day
(the calendar), streaks, this week's sessions and minutes, and the pain series.

Dates are the local dates of ``started_at``: the calendar day in the UTC offset the session
was played in. A day *counts* when it has a **completed** session (a ``skipped`` one, every
work step skipped, counts for nothing); every function takes ``completed_only=False`` to count
sessions of any status instead. Weeks start on Monday; the current streak still stands when
its last day is yesterday (today is not over yet). A hand-edited row never fails a count: a
day that is no date is left out, seconds that are no number count as none.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from coach.history.queries import COUNTED_SECONDS, NEWEST_FIRST, sql_count
from coach.history.records import PainPoint
from coach.history.rows import day, number, text, whole

__all__ = ["day_counts", "heatmap_start", "pain_series", "streaks", "week"]


def _counted(completed_only: bool) -> str:
    return "AND status = 'completed'" if completed_only else ""


def day_counts(c: sqlite3.Connection, start: date, end: date, *,
               completed_only: bool = True) -> dict[date, int]:
    """Counted sessions on each day from ``start`` to ``end`` inclusive, every day listed
    (0 where none), oldest first."""
    rows = dict(c.execute(
        "SELECT day, COUNT(*) FROM sessions WHERE day BETWEEN ? AND ? "
        f"{_counted(completed_only)} GROUP BY day",
        (start.isoformat(), end.isoformat())).fetchall())
    return {start + timedelta(d): rows.get((start + timedelta(d)).isoformat(), 0)
            for d in range((end - start).days + 1)}


def heatmap_start(today: date, weeks: int = 12) -> date:
    """The Monday that opens a calendar of ``weeks`` weeks ending with today's week."""
    return today - timedelta(days=today.weekday(), weeks=weeks - 1)


def streaks(c: sqlite3.Connection, today: date, *,
            completed_only: bool = True) -> tuple[int, int]:
    """(current, longest) runs of consecutive counted days up to ``today``. The current
    run may end yesterday: today is not over, so not having played yet breaks nothing."""
    days = [d for r in c.execute(
        f"SELECT DISTINCT day FROM sessions WHERE day <= ? {_counted(completed_only)}"
        " ORDER BY day", (today.isoformat(),)) if (d := day(r[0])) is not None]
    longest = run = 0
    previous: date | None = None
    for one in days:
        run = run + 1 if previous is not None and one - previous == timedelta(1) else 1
        longest = max(longest, run)
        previous = one
    current = run if previous is not None and (today - previous).days <= 1 else 0
    return current, longest


def week(c: sqlite3.Connection, today: date, *,
         completed_only: bool = True) -> tuple[int, float]:
    """(sessions, active minutes) counted from this week's Monday through ``today``."""
    monday = today - timedelta(days=today.weekday())
    n, seconds = c.execute(
        f"SELECT COUNT(*), TOTAL((SELECT TOTAL({COUNTED_SECONDS}) FROM steps"
        " WHERE session_id = s.id)) FROM sessions s WHERE day BETWEEN ? AND ? "
        f"{_counted(completed_only)}",
        (monday.isoformat(), today.isoformat())).fetchone()
    return int(n), round((number(seconds) or 0.0) / 60, 1)


def pain_series(c: sqlite3.Connection, today: date, last: int = 14) -> list[PainPoint]:
    """Pain before/after of the last ``last`` sessions up to ``today`` that have either,
    oldest first, whatever their status."""
    rows = c.execute(
        "SELECT id, day, pain_before, pain_after FROM sessions s WHERE day <= ? AND"
        f" (pain_before IS NOT NULL OR pain_after IS NOT NULL) {NEWEST_FIRST} LIMIT ?",
        (today.isoformat(), sql_count(last))).fetchall()
    return [PainPoint(text(r[0]), d, whole(r[2], 0, 10), whole(r[3], 0, 10))
            for r in reversed(rows) if (d := day(r[1])) is not None]
