"""A three-week history for the report's tests: the ranged routine every day (easy the first
two weeks, painful the third), a plan, and notes that try to be markup."""

from __future__ import annotations

from datetime import date, timedelta

from history_helpers.levels import play_day
from history_helpers.sessions import at

from coach.history import HistoryStore

FIRST = date(2026, 10, 5)  # a Monday
DAYS = 21
LAST = FIRST + timedelta(days=DAYS)
HOSTILE = "<script>alert('x')</script> | **bold** <img src=http://evil.example/x.png>"


def fill(store: HistoryStore) -> None:
    """Three weeks of the ranged routine, easy the first two, painful the third; a plan; a
    note on a session and on a check-in that try to be markup."""
    store.set_plan("ranged", [0, 2, 4], [], at(FIRST - timedelta(days=1)))
    for n in range(DAYS):
        day = FIRST + timedelta(days=n)
        hard = n >= 14
        play_day(store, day, before=2, during=6 if hard else 2, after=5 if hard else 1,
                 morning=4 if hard else 1)
    sid = store.sessions(limit=1)[0].id
    store.set_note(sid, HOSTILE)
    store.add_checkin(at(LAST, 8), 3, "slept\nbadly | <b>sore</b>")
