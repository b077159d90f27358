"""The notes written on sessions over a span of days, newest first and at most so many, for
the report: one bounded query that reads no step.

:class:`NoteMethods` gives :class:`~coach.history.HistoryStore` this read. A row a hand edit
made unreadable (no readable start) is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from coach.history.connection import StoreMethods
from coach.history.rows import maybe_text, moment, text

__all__ = ["NoteMethods", "SessionNote"]



@dataclass(frozen=True)
class SessionNote:
    """A session's note: when the session started (aware), its routine's name, the note."""

    at: datetime
    routine_name: str
    note: str


class NoteMethods(StoreMethods):
    """The store's read of the sessions' notes."""


    def session_notes(self, since: date, until: date, *, routine: str | None = None,
                      limit: int = 100) -> tuple[list[SessionNote], int]:
        """The notes of sessions played on the days ``since`` to ``until`` (each included;
        of ``routine`` only when given), the newest ``limit`` of them, and how many there
        are in all."""
        where = "day BETWEEN ? AND ? AND note IS NOT NULL AND note != ''"
        args: tuple[object, ...] = (since.isoformat(), until.isoformat())
        if routine is not None:
            where, args = where + " AND routine_id = ?", (*args, routine)

        def read() -> tuple[list[SessionNote], int]:
            with self._db.read() as c:
                total = c.execute(f"SELECT COUNT(*) FROM sessions WHERE {where}",
                                  args).fetchone()[0]
                rows = c.execute(f"SELECT started_at, routine_name, note FROM sessions"
                                 f" WHERE {where} ORDER BY started_ms DESC, id DESC LIMIT ?",
                                 (*args, max(0, limit))).fetchall()
            found = []
            for at, name, note in rows:
                when, said = moment(at), maybe_text(note)
                if when is not None and said:
                    found.append(SessionNote(when, text(name), said))
            return found, int(total)
        return self._sql(read)
