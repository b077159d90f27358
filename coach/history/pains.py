"""The pain scores the coaching rules read: each played session's before, highest during and
after, and each morning's first check-in, as plain values for :mod:`coach.coaching.sessions`.

:class:`PainMethods` gives :class:`~coach.history.HistoryStore` these two reads (one query
each, whatever the history's length: the highest pain of a session comes from the steps'
primary key). A row a hand edit made unreadable is left out; a read-only history written
before pain during or check-ins existed reads as having none.
"""

from __future__ import annotations

from datetime import date

from coach.coaching.sessions import SessionPains
from coach.history.connection import StoreMethods
from coach.history.rows import day, text, whole
from coach.history.schema import has_table

__all__ = ["PainMethods"]

# Sessions that were played to an end: one still in progress (or interrupted) has no light yet.
_PLAYED = "('completed', 'aborted')"


def _days(since: date | None, until: date | None) -> tuple[str, tuple[str, ...]]:
    """`` AND day ...`` for the days from ``since`` to ``until``, and its arguments."""
    parts = [(" AND day >= ?", since), (" AND day <= ?", until)]
    return ("".join(sql for sql, on in parts if on is not None),
            tuple(on.isoformat() for _, on in parts if on is not None))


class PainMethods(StoreMethods):
    """The store's reads for the coaching rules."""


    def session_pains(self, routine: str | None = None, *, since: date | None = None,
                      until: date | None = None) -> list[SessionPains]:
        """Every session played to an end (of ``routine``, or of all), oldest first; only
        those of the days from ``since`` to ``until`` (each included) when given."""
        def read() -> list[SessionPains]:
            with self._db.read() as c:
                during = ("(SELECT MAX(pain) FROM steps WHERE session_id = s.id)"
                          if has_table(c, "steps", "pain") else "NULL")
                where, args = _days(since, until)
                if routine:
                    where, args = where + " AND routine_id = ?", (*args, routine)
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

    def first_pain_day(self) -> date | None:
        """The first day with a pain score during or after a played session, or a check-in:
        where the person's first week starts. None when there is none."""
        def read() -> date | None:
            with self._db.read() as c:
                during = (" OR EXISTS (SELECT 1 FROM steps WHERE session_id = s.id"
                          " AND pain IS NOT NULL)" if has_table(c, "steps", "pain") else "")
                found = [c.execute(
                    f"SELECT day FROM sessions s WHERE status IN {_PLAYED}"
                    f" AND (pain_after IS NOT NULL{during}) ORDER BY started_ms, id LIMIT 1"
                ).fetchone()]
                if has_table(c, "checkins"):
                    found.append(c.execute("SELECT day FROM checkins ORDER BY at_ms LIMIT 1"
                                           ).fetchone())
            days = [d for d in (day(row[0]) for row in found if row) if d is not None]
            return min(days, default=None)
        return self._sql(read)

    def last_played_day(self) -> date | None:
        """The day of the newest session played to an end, or None."""
        def read() -> date | None:
            with self._db.read() as c:
                row = c.execute(f"SELECT day FROM sessions WHERE status IN {_PLAYED}"
                                " ORDER BY started_ms DESC, id DESC LIMIT 1").fetchone()
            return day(row[0]) if row else None
        return self._sql(read)

    def mornings(self, *, since: date | None = None,
                 until: date | None = None) -> dict[date, int]:
        """The pain of each day's first check-in, by its local day; only the days from
        ``since`` to ``until`` (each included) when given."""
        def read() -> dict[date, int]:
            with self._db.read() as c:
                if not has_table(c, "checkins"):
                    return {}
                where, args = _days(since, until)
                rows = c.execute(f"SELECT day, pain FROM checkins WHERE 1{where}"
                                 " ORDER BY at_ms", args).fetchall()
            found: dict[date, int] = {}
            for on, pain in rows:
                when, score = day(on), whole(pain, 0, 10)
                if when is not None and score is not None:
                    found.setdefault(when, score)
            return found
        return self._sql(read)
