"""Check-ins: the pain a person says on a morning (``coach checkin``, or the question on the
first start of a day after a session), kept in the history beside the sessions, exported
with them and imported with them.

A check-in is keyed by its instant (Unix ms), so importing one twice, in any UTC offset,
adds it once. :class:`CheckinMethods` gives :class:`~coach.history.HistoryStore` its
check-in methods (it lives here so the store's module keeps to one job); as every store
method, they raise :class:`~coach.history.errors.HistoryError` where SQLite fails, never a
``sqlite3`` error. A read-only history written before check-ins existed has no table for
them: it reads as having none.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from coach.history import queries
from coach.history.connection import StoreMethods
from coach.history.document import MAX_NOTE, CheckinDoc, HistoryDoc, read_documents
from coach.history.errors import HistoryError, HistoryImportError
from coach.history.rows import exported, maybe_text, moment, whole
from coach.history.schema import has_table
from coach.safetext import control_problem

__all__ = ["Checkin", "CheckinMethods", "Imported", "add_checkins", "checkin_problem",
           "entries"]

_COLUMNS = "at, pain, note"
_INSERT = "INSERT INTO checkins (at_ms, at, day, pain, note) VALUES (?, ?, ?, ?, ?)"


@dataclass(frozen=True)
class Checkin:
    """A check-in as read back; ``at`` is aware, in the offset it was said in."""

    at: datetime
    pain: int
    note: str | None


class Imported(NamedTuple):
    """How many of each an import added (plans and answers: or replaced with later ones)."""

    sessions: int
    checkins: int
    plans: int = 0
    missed_days: int = 0
    level_choices: int = 0


def checkin_problem(pain: object, note: str | None) -> str | None:
    """Why ``pain`` and ``note`` cannot be a check-in, in words, or None when they can."""
    if isinstance(pain, bool) or not isinstance(pain, int) or not 0 <= pain <= 10:
        return f"pain must be a whole number from 0 to 10, got {pain!r}"
    if note is not None:
        if len(note) > MAX_NOTE:
            return f"the note is {len(note):,} characters long; at most {MAX_NOTE} are kept"
        problem = control_problem(note, multiline=True)
        if problem:
            return f"the note: {problem}"
    return None


def _read(rows: Sequence[Sequence[Any]]) -> list[Checkin]:
    """Rows of (at, pain, note) as check-ins; one a hand edit made unreadable is left out."""
    found = []
    for at, pain, note in rows:
        when, score = moment(at), whole(pain, 0, 10)
        if when is not None and score is not None:
            found.append(Checkin(when, score, maybe_text(note)))
    return found


def entries(c: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every check-in as an entry of the exchange document, oldest first, as stored."""
    if not has_table(c, "checkins"):
        return []
    rows = c.execute(f"SELECT {_COLUMNS} FROM checkins ORDER BY at_ms").fetchall()
    return [{"at": exported(at), "pain": exported(pain), "note": exported(note)}
            for at, pain, note in rows]


def add_checkins(c: sqlite3.Connection, checkins: Sequence[CheckinDoc]) -> int:
    """Insert the ``checkins`` (validated) whose instant is not in the file yet, within the
    caller's write transaction; returns how many were added."""
    added = 0
    for checkin in checkins:
        _, at_ms, day = queries.stored_time(datetime.fromisoformat(checkin.at))
        added += c.execute(_INSERT.replace("INSERT", "INSERT OR IGNORE"),
                           (at_ms, checkin.at, day, checkin.pain, checkin.note)).rowcount
    return added


class CheckinMethods(StoreMethods):
    """The store's check-ins, and the import of whole documents (sessions with check-ins)."""


    def add_checkin(self, at: datetime, pain: int, note: str | None = None) -> Checkin:
        """Keep the pain said at ``at`` (aware) with an optional note; returns what was
        kept. Raises ValueError for a pain or note :func:`checkin_problem` refuses, and
        :class:`HistoryError` when there is one at that very instant already."""
        problem = checkin_problem(pain, note)
        if problem is not None:
            raise ValueError(problem)
        iso, at_ms, day = queries.stored_time(at)

        def add() -> Checkin:
            with self._db.write() as c:
                if c.execute("SELECT 1 FROM checkins WHERE at_ms = ?", (at_ms,)).fetchone():
                    raise HistoryError(f"there is a check-in at {iso} already")
                c.execute(_INSERT, (at_ms, iso, day, pain, note))
            return Checkin(datetime.fromisoformat(iso), pain, note)
        return self._sql(add)

    def checkins(self, since: datetime | None = None) -> list[Checkin]:
        """The check-ins at ``since`` (aware) or later, all when None, oldest first."""
        start = queries.stored_time(since)[1] if since is not None else None

        def read() -> list[Checkin]:
            with self._db.read() as c:
                if not has_table(c, "checkins"):
                    return []
                where, args = ("WHERE at_ms >= ?", (start,)) if start is not None else ("", ())
                return _read(c.execute(f"SELECT {_COLUMNS} FROM checkins {where}"
                                       " ORDER BY at_ms", args).fetchall())
        return self._sql(read)

    def last_checkin(self) -> Checkin | None:
        """The newest check-in that can be read, or None when there is none."""
        def read() -> Checkin | None:
            with self._db.read() as c:
                if not has_table(c, "checkins"):
                    return None
                found = _read(c.execute(f"SELECT {_COLUMNS} FROM checkins"
                                        " ORDER BY at_ms DESC LIMIT 20").fetchall())
            return found[0] if found else None
        return self._sql(read)

    def checkin_due(self, today: date) -> bool:
        """Whether the morning's question is due ``today``: the newest session (of any
        status) ended on an earlier day (its start day when it never ended) and no
        check-in is dated ``today``; each dated in the offset it was recorded in."""
        def read() -> bool:
            with self._db.read() as c:
                row = c.execute("SELECT started_at, ended_at FROM sessions"
                                " ORDER BY started_ms DESC, id DESC LIMIT 1").fetchone()
            if row is None:
                return False
            ended = moment(row[1]) or moment(row[0])
            if ended is None or ended.date() >= today:
                return False  # unreadable (a hand edit): not asked on its account
            last = self.last_checkin()
            return last is None or last.at.date() < today
        return self._sql(read)

    def import_documents(self, paths: Sequence[str | os.PathLike[str]]) -> Imported:
        """Add the sessions (by id, in any spelling) and check-ins (by instant) of .json or
        .toml exports that are not here yet, and their plans, missed-day answers and level
        choices by the rules of :mod:`coach.history.plan_exchange`, all in one transaction;
        returns how many of each were taken. Raises :class:`HistoryImportError` listing
        every problem of every file, and changes nothing, when one is not valid (see
        :mod:`coach.history.document`)."""
        from coach.history import plan_exchange
        from coach.history.exchange import add_sessions

        self._db.writable()
        doc, problems = read_documents(paths)
        if problems:
            raise HistoryImportError(problems)

        def add(doc: HistoryDoc = doc) -> Imported:
            with self._db.write() as c:
                sessions, checkins = add_sessions(c, doc.sessions), add_checkins(c, doc.checkins)
                taken = plan_exchange.add(c, doc.plans, doc.missed_days, doc.level_choices)
            return Imported(sessions, checkins, *taken)
        return self._sql(add)
