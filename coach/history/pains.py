"""The pain scores the coaching rules read: each played session's before, highest during and
after, and each morning's first check-in, as plain values for :mod:`coach.coaching.sessions`.

:class:`PainMethods` gives :class:`~coach.history.HistoryStore` these two reads (one query
each, whatever the history's length: the highest pain of a session comes from the steps'
primary key). A row a hand edit made unreadable is left out; a read-only history written
before pain during or check-ins existed reads as having none.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from coach.coaching.sessions import SessionPains
from coach.history.connection import HistoryConnection
from coach.history.rows import day, text, whole

__all__ = ["PainMethods"]

_R = TypeVar("_R")
# Sessions that were played to an end: one still in progress (or interrupted) has no light yet.
_PLAYED = "('completed', 'aborted')"


def _has(c: sqlite3.Connection, table: str, column: str | None = None) -> bool:
    if column is None:
        return c.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                         (table,)).fetchone() is not None
    return any(row[1] == column for row in c.execute(f"PRAGMA table_info({table})"))


class PainMethods:
    """The store's reads for the coaching rules."""

    _db: HistoryConnection

    def _sql(self, work: Callable[[], _R]) -> _R:
        try:
            return work()
        except sqlite3.Error as exc:
            raise self._db.failed(exc) from exc

    def session_pains(self, routine: str | None = None) -> list[SessionPains]:
        """Every session played to an end (of ``routine``, or of all), oldest first."""
        def read() -> list[SessionPains]:
            with self._db.read() as c:
                during = ("(SELECT MAX(pain) FROM steps WHERE session_id = s.id)"
                          if _has(c, "steps", "pain") else "NULL")
                where, args = (" AND routine_id = ?", (routine,)) if routine else ("", ())
                rows = c.execute(
                    f"SELECT id, routine_id, day, pain_before, {during}, pain_after"
                    f" FROM sessions s WHERE status IN {_PLAYED}{where}"
                    " ORDER BY started_ms, id", args).fetchall()
            found = []
            for sid, routine_id, on, before, most, after in rows:
                played = day(on)
                if played is not None:
                    found.append(SessionPains(text(sid), text(routine_id), played,
                                              whole(before, 0, 10), whole(most, 0, 10),
                                              whole(after, 0, 10)))
            return found
        return self._sql(read)

    def mornings(self) -> dict[date, int]:
        """The pain of each day's first check-in, by its local day."""
        def read() -> dict[date, int]:
            with self._db.read() as c:
                if not _has(c, "checkins"):
                    return {}
                rows = c.execute("SELECT day, pain FROM checkins ORDER BY at_ms").fetchall()
            found: dict[date, int] = {}
            for on, pain in rows:
                when, score = day(on), whole(pain, 0, 10)
                if when is not None and score is not None:
                    found.setdefault(when, score)
            return found
        return self._sql(read)
