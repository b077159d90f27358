"""The history store: recording sessions as they are played and reading them back, kept in
one SQLite file that survives a closed terminal, a ``kill -9`` and a second coach recording
at the same time.

- **Written as it happens.** :meth:`HistoryStore.start_session` inserts the session as
  ``in_progress``; :meth:`~HistoryStore.record_step` commits each step result the moment it
  arrives; :meth:`~HistoryStore.finish_session` writes ``completed``, ``skipped`` (played to
  the end, no work step done: see :mod:`coach.outcomes`) or ``aborted``. WAL mode,
  ``synchronous=FULL`` and a busy timeout let two processes record at once and lose nothing.
- **Interrupted is derived, never written.** The recording process holds the session's lock
  (:mod:`coach.history.locks`) for as long as it records. A reader that finds a session
  ``in_progress`` probes that lock: held elsewhere means the session is live in another
  coach; free means its recorder is gone, and the session reads as ``interrupted``. No
  cleanup pass is needed. The owner's pid is stored for display.
- **Resumable.** :meth:`~HistoryStore.resume_point` says where an interrupted session
  stopped; :meth:`~HistoryStore.resume_session` takes its lock over and records on.
- **Any row reads.** Whatever a hand edit left in the file, readers return it as well as it
  can be read and never fail on it (see :mod:`coach.history.rows`).
- **Only HistoryError.** Every method raises a :class:`~coach.history.errors.HistoryError`
  where SQLite fails (see :mod:`coach.history.connection`), never a ``sqlite3`` error.

This module never imports Textual or the session engine: steps arrive as the plain dicts of
``StepResult.to_dict()``.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Concatenate, Literal, ParamSpec, TypeVar

from coach.history import checkins, exchange, levels, notes, pains, plans, queries, sides, stats
from coach.history.connection import HistoryConnection
from coach.history.document import MAX_INDEX, SessionStatus, StepDoc
from coach.history.errors import HistoryError, SessionNotFound
from coach.history.export import write_export
from coach.history.locks import SessionLocks
from coach.history.plan_exchange import entries as planning_entries
from coach.history.queries import INSERT_SESSION, INSERT_STEP, NEWEST_FIRST, SUMMARY_COLUMNS
from coach.history.records import DailyStats, PainPoint, SessionRecord, SessionSummary
from coach.history.rows import day, step_values, summary_values, text, whole
from coach.outcomes import finished_status

__all__ = ["HistoryStore"]

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _check_pain(pain: int | None, name: str) -> None:
    if pain is not None and (isinstance(pain, bool) or not isinstance(pain, int)
                             or not 0 <= pain <= 10):
        raise ValueError(f"{name} must be a whole number from 0 to 10 or None, got {pain!r}")


def _checked(method: Callable[Concatenate[HistoryStore, _P], _R]
             ) -> Callable[Concatenate[HistoryStore, _P], _R]:
    """A store method whose SQLite failures reach the caller as :class:`HistoryUnavailable`
    (damage as :class:`~coach.history.errors.HistoryDamaged`, once the file is moved
    aside), never raw."""
    def call(self: HistoryStore, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise self._db.failed(exc) from exc
    functools.update_wrapper(call, method)
    return call


class HistoryStore(checkins.CheckinMethods, pains.PainMethods, sides.SideMethods,
                   plans.PlanMethods, levels.LevelMethods, notes.NoteMethods):
    """The history in the SQLite file at ``path`` (``coach.paths.Locations.history_db``).

    Opening creates the file and its directory, migrates the schema, and moves a file that
    is damaged or not coach's aside (:attr:`moved_aside`). Where the directory or the file
    cannot be written, or when ``read_only`` is given, it opens the file to read only
    (:attr:`read_only`). Raises :class:`HistoryUnavailable` when the file cannot be opened
    at all. Safe to call from one thread at a time per method (calls are serialised), so a
    worker thread may use a store the app created. The methods of check-ins, pain scores,
    sides, plans, level choices and notes are in the modules of those names.
    """

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.lock_dir = self.path.with_name(self.path.name + ".locks")
        self._locks = SessionLocks(self.lock_dir)
        self._db = HistoryConnection(self.path, lock_dir=self.lock_dir, read_only=read_only,
                                     on_damage=self._locks.drop_all)
        self._mutex = self._db.mutex

    @property
    def read_only(self) -> bool:
        """True when this history is shown but nothing can be written to it."""
        return self._db.read_only

    @property
    def read_only_reason(self) -> str | None:
        """Why this history can only be read, or None when it can be written."""
        return self._db.read_only_reason

    @property
    def moved_aside(self) -> Path | None:
        """Where the last file found damaged or not coach's was moved, or None."""
        return self._db.moved_aside

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection itself, for tests and benchmarks that look inside the file."""
        return self._db.conn

    # -- sessions and their locks --------------------------------------------------------

    def _take_lock(self, session_id: str) -> None:
        self._db.writable()
        if self._locks.path(session_id) is None:
            raise HistoryError(f"session {session_id!r} has an id that is not a uuid; "
                               "it cannot be recorded into")
        try:
            taken = self._locks.take(session_id)
        except OSError as e:
            raise self._db.unavailable(f"{e.filename}: {e.strerror}") from e
        if not taken:
            raise HistoryError(f"session {session_id} is being recorded by another coach")

    def _live_status(self, session_id: str, stored: str, owner_pid: int | None) -> str:
        if stored != "in_progress" or session_id in self._locks:
            return stored
        if owner_pid is not None and self._locks.held_elsewhere(session_id):
            return "in_progress"
        # The recorder may have finished between our read and the lock probe: re-read.
        row = self.conn.execute("SELECT status FROM sessions WHERE id = ?",
                                (session_id,)).fetchone()
        if row is None or row[0] != "in_progress":
            return text(row[0]) if row else stored
        return "interrupted"

    def _summary(self, row: Sequence[Any]) -> SessionSummary:
        values, damage = summary_values(row)
        status = self._live_status(row[0], values["status"], values["owner_pid"])
        if status == "completed" and not values["steps_done"] and values["steps_skipped"]:
            # Stored before 'skipped' existed, in a file only read here (a writable one is
            # migrated), or edited by hand: read as what it is.
            status = "skipped"
        values["status"] = status
        return SessionSummary(**values, damage=tuple(damage))

    def _row(self, session_id: str) -> tuple[str, int | None]:
        row = self.conn.execute("SELECT status, owner_pid FROM sessions WHERE id = ?",
                                (session_id,)).fetchone()
        if row is None:
            raise SessionNotFound(f"no session {session_id} in {self.path}")
        return text(row[0]), whole(row[1], 0)

    def _require_owned(self, session_id: str) -> None:
        if session_id not in self._locks:
            self._row(session_id)
            raise HistoryError(f"session {session_id} is not being recorded by this coach")

    # -- recording -----------------------------------------------------------------------

    @_checked
    def start_session(self, routine_id: str, routine_name: str, pain_before: int | None,
                      started_at: datetime) -> str:
        """Record a new session as ``in_progress`` and hold it; returns its id (a uuid)."""
        _check_pain(pain_before, "pain_before")
        iso, started_ms, local_day = queries.stored_time(started_at)
        session_id = str(uuid.uuid4())
        with self._mutex:
            self._take_lock(session_id)  # before the row exists: no reader sees it unheld
            try:
                with self._db.write() as c:
                    c.execute(INSERT_SESSION, (session_id, routine_id, routine_name, iso,
                                               started_ms, local_day, None, "in_progress",
                                               pain_before, None, None, os.getpid()))
            except BaseException:
                self._locks.drop(session_id)
                raise
        return session_id

    @_checked
    def record_step(self, session_id: str, step: Mapping[str, Any]) -> None:
        """Commit one step result (a ``StepResult.to_dict()``) to a session this store holds.
        Raises pydantic's ``ValidationError`` (a ``ValueError``) for a malformed step."""
        doc = StepDoc.model_validate(dict(step))
        with self._mutex:
            self._require_owned(session_id)
            with self._db.write() as c:
                seq = c.execute("SELECT COALESCE(MAX(seq) + 1, 0) FROM steps WHERE session_id = ?",
                                (session_id,)).fetchone()[0]
                c.execute(INSERT_STEP, queries.step_row(session_id, seq, doc))

    @_checked
    def finish_session(self, session_id: str, status: Literal["completed", "aborted"],
                       ended_at: datetime, pain_after: int | None = None,
                       note: str | None = None) -> None:
        """End a session this store holds; ``pain_after`` and ``note`` left ``None`` keep
        whatever was set before. Releases the session's lock. A session played to its end
        is stored ``completed``, or ``skipped`` when none of its work steps was done (see
        :func:`coach.outcomes.finished_status`)."""
        if status not in ("completed", "aborted"):
            raise ValueError(f"a session ends 'completed' or 'aborted', not {status!r}")
        _check_pain(pain_after, "pain_after")
        iso = queries.stored_time(ended_at)[0]
        with self._mutex:
            self._require_owned(session_id)
            with self._db.write() as c:
                stored: str = status
                if status == "completed":
                    stored = finished_status(queries.outcome_rows(c, session_id))
                c.execute("UPDATE sessions SET status = ?, ended_at = ?,"
                          " pain_after = COALESCE(?, pain_after), note = COALESCE(?, note)"
                          " WHERE id = ?", (stored, iso, pain_after, note, session_id))
            self._locks.drop(session_id)

    def set_pain_after(self, session_id: str, pain_after: int | None) -> None:
        """Change pain after on any session (the summary screen asks after the end)."""
        _check_pain(pain_after, "pain_after")
        self._update(session_id, "pain_after", pain_after)

    def set_note(self, session_id: str, note: str | None) -> None:
        """Change the note of any session."""
        self._update(session_id, "note", note)

    @_checked
    def _update(self, session_id: str, column: str, value: Any) -> None:
        with self._db.write() as c:
            if c.execute(f"UPDATE sessions SET {column} = ? WHERE id = ?",
                         (value, session_id)).rowcount == 0:
                raise SessionNotFound(f"no session {session_id} in {self.path}")

    @_checked
    def resume_point(self, session_id: str) -> int:
        """The step index after the last recorded step (0 when none was recorded)."""
        with self._mutex:
            self._row(session_id)
            row = self.conn.execute(
                "SELECT step_index FROM steps WHERE session_id = ? ORDER BY seq DESC LIMIT 1",
                (session_id,)).fetchone()
        if row is None:
            return 0
        index = whole(row[0], 0, MAX_INDEX)
        if index is None:
            raise HistoryError(f"session {session_id} cannot be resumed: the index of its "
                               "last step cannot be read")
        return index + 1

    @_checked
    def resume_session(self, session_id: str) -> int:
        """Take an interrupted session over: hold it, mark it ``in_progress`` again and
        return :meth:`resume_point`. Steps recorded next continue the same session."""
        self._db.writable()
        with self._mutex:
            status = self.status(session_id)
            if status == "in_progress":
                raise HistoryError(f"session {session_id} is being recorded by "
                                   + ("this coach" if session_id in self._locks
                                      else "another coach"))
            if status != "interrupted":
                raise HistoryError(f"session {session_id} is {status.replace('_', ' ')},"
                                   " only an interrupted session can be resumed")
            self._take_lock(session_id)
            try:
                with self._db.write() as c:
                    # Only if still unfinished: another coach may have resumed and ended it
                    # between our look and our lock.
                    if c.execute("UPDATE sessions SET status = 'in_progress', ended_at = NULL,"
                                 " owner_pid = ? WHERE id = ? AND status = 'in_progress'",
                                 (os.getpid(), session_id)).rowcount != 1:
                        raise HistoryError(f"session {session_id} was ended or deleted"
                                           " by another coach meanwhile")
            except BaseException:
                self._locks.drop(session_id)
                raise
            return self.resume_point(session_id)

    # -- reading -------------------------------------------------------------------------

    @_checked
    def status(self, session_id: str) -> SessionStatus:
        """The session's status now: ``interrupted`` when nobody records it any more."""
        with self._mutex:
            stored, owner_pid = self._row(session_id)
            return self._live_status(session_id, stored, owner_pid)  # type: ignore[return-value]

    @_checked
    def sessions(self, limit: int | None = 50, offset: int = 0,
                 routine: str | None = None) -> list[SessionSummary]:
        """One page of sessions, newest first, without their steps (all when ``limit`` is
        None or negative)."""
        where, args = ("WHERE s.routine_id = ?", [routine]) if routine is not None else ("", [])
        offset = max(0, min(offset, queries.SQL_INT_MAX))
        with self._mutex:
            rows = self.conn.execute(
                f"SELECT {SUMMARY_COLUMNS} FROM sessions s {where} {NEWEST_FIRST}"
                " LIMIT ? OFFSET ?", (*args, queries.sql_count(limit), offset)).fetchall()
            return [self._summary(r) for r in rows]

    @_checked
    def count(self, routine: str | None = None) -> int:
        """How many sessions there are, of one routine or of all."""
        with self._mutex:
            if routine is None:
                row = self.conn.execute("SELECT COUNT(*) FROM sessions").fetchone()
            else:
                row = self.conn.execute("SELECT COUNT(*) FROM sessions WHERE routine_id = ?",
                                        (routine,)).fetchone()
        return int(row[0])

    @_checked
    def session(self, session_id: str) -> SessionRecord:
        """One session with all its steps; :class:`SessionNotFound` if there is none."""
        with self._mutex:
            with self._db.read() as c:
                row = c.execute(f"SELECT {SUMMARY_COLUMNS} FROM sessions s WHERE s.id = ?",
                                (session_id,)).fetchone()
                stored = queries.steps_of(c, [session_id]).get(session_id, [])
            if row is None:
                raise SessionNotFound(f"no session {session_id} in {self.path}")
            summary = self._summary(row)
        damage = list(summary.damage)
        steps = []
        for i, step in enumerate(stored):
            clean, unread = step_values(step)
            steps.append(clean)
            damage += [f"steps[{i}].{name}" for name in unread]
        return SessionRecord(**{**vars(summary), "damage": tuple(damage)}, steps=tuple(steps))

    @_checked
    def delete(self, session_id: str) -> bool:
        """Remove a session and its steps; False if there was none. A session live in
        another coach cannot be deleted."""
        self._db.writable()
        with self._mutex:
            try:
                status = self.status(session_id)
            except SessionNotFound:
                return False
            if status == "in_progress" and session_id not in self._locks:
                raise HistoryError(f"session {session_id} is being recorded by another coach")
            with self._db.write() as c:
                c.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
            self._locks.forget(session_id)
            return True

    @_checked
    def routines(self) -> list[tuple[str, str]]:
        """(routine id, the name it had most recently) of every routine in history, by name."""
        with self._mutex:
            rows = self.conn.execute(
                "SELECT routine_id, routine_name FROM sessions s WHERE started_ms ="
                " (SELECT MAX(started_ms) FROM sessions WHERE routine_id = s.routine_id)"
                " GROUP BY routine_id ORDER BY routine_name COLLATE NOCASE, routine_id"
            ).fetchall()
        # A hand-edited id stored as a BLOB groups apart from the same id as text: one entry.
        return list({text(r[0]): (text(r[0]), text(r[1])) for r in reversed(rows)}.values()
                    )[::-1]

    @_checked
    def last_done(self) -> dict[str, date]:
        """The local day each routine was last done: its newest session, of any status, in
        which at least one exercise step (hold, reps or timed; not a get-ready or a rest)
        was done. One query for every routine."""
        with self._mutex:
            rows = self.conn.execute(
                "SELECT routine_id, MAX(day) FROM sessions s WHERE typeof(day) = 'text'"
                " AND EXISTS (SELECT 1 FROM steps WHERE session_id = s.id AND status = 'done'"
                " AND kind IN ('hold', 'reps', 'timed')) GROUP BY routine_id").fetchall()
        found: dict[str, date] = {}
        for routine, last in rows:
            if (d := day(last)) is not None:  # an id stored as a BLOB groups apart: one entry
                found[text(routine)] = max(d, found.get(text(routine), d))
        return found

    @_checked
    def interrupted_since(self, moment: datetime) -> list[SessionSummary]:
        """The interrupted sessions started at ``moment`` or later, newest first."""
        with self._mutex:
            rows = self.conn.execute(
                f"SELECT {SUMMARY_COLUMNS} FROM sessions s WHERE s.status = 'in_progress'"
                f" AND s.started_ms >= ? {NEWEST_FIRST}",
                (queries.stored_time(moment)[1],)).fetchall()
            return [one for r in rows if (one := self._summary(r)).status == "interrupted"]

    # -- statistics for the history pane (see coach.history.stats) -----------------------

    @_checked
    def day_counts(self, start: date, end: date, *,
                   completed_only: bool = True) -> dict[date, int]:
        """:func:`coach.history.stats.day_counts`: counted sessions on each day."""
        with self._mutex:
            return stats.day_counts(self.conn, start, end, completed_only=completed_only)

    heatmap_start = staticmethod(stats.heatmap_start)

    def heatmap(self, today: date, weeks: int = 12, *,
                completed_only: bool = True) -> dict[date, int]:
        """:meth:`day_counts` from Monday ``weeks - 1`` weeks back through ``today``."""
        return self.day_counts(stats.heatmap_start(today, weeks), today,
                               completed_only=completed_only)

    @_checked
    def streaks(self, today: date, *, completed_only: bool = True) -> tuple[int, int]:
        """:func:`coach.history.stats.streaks`: (current, longest) runs of counted days."""
        with self._mutex:
            return stats.streaks(self.conn, today, completed_only=completed_only)

    @_checked
    def week(self, today: date, *, completed_only: bool = True) -> tuple[int, float]:
        """:func:`coach.history.stats.week`: (sessions, active minutes) this week."""
        with self._mutex:
            return stats.week(self.conn, today, completed_only=completed_only)

    @_checked
    def pain_series(self, today: date, last: int = 14) -> list[PainPoint]:
        """:func:`coach.history.stats.pain_series`: pain of the last ``last`` sessions."""
        with self._mutex:
            return stats.pain_series(self.conn, today, last)

    def daily_stats(self, today: date, *, weeks: int = 12, pain_last: int = 14,
                    completed_only: bool = True) -> DailyStats:
        """Everything the history pane draws, for ``today``."""
        current, longest = self.streaks(today, completed_only=completed_only)
        sessions, minutes = self.week(today, completed_only=completed_only)
        return DailyStats(
            days=self.heatmap(today, weeks, completed_only=completed_only),
            current_streak=current, longest_streak=longest,
            week_sessions=sessions, week_minutes=minutes,
            pain=self.pain_series(today, pain_last),
        )

    # -- export and import (the document: coach.history.document) ------------------------

    @_checked
    def to_document(self, limit: int | None = None) -> dict[str, Any]:
        """The exchange document of the last ``limit`` sessions (all when None), oldest
        first, every check-in, plan, missed-day answer and level choice: ``{"sessions":
        [...], "checkins": [...], "plans": [...], "missed_days": [...], "level_choices":
        [...]}`` as :class:`~coach.history.document.HistoryDoc` describes, None kept. Values are as
        stored, made JSON-safe (see :func:`coach.history.rows.exported`)."""
        with self._mutex:
            with self._db.read() as c:
                rows = c.execute(f"SELECT {SUMMARY_COLUMNS} FROM sessions s {NEWEST_FIRST}"
                                 " LIMIT ?", (queries.sql_count(limit),)).fetchall()
                steps = queries.steps_of(c, [r[0] for r in rows])
                said = checkins.entries(c)
                planning = planning_entries(c)
            sessions = [exchange.document_entry(row, self._summary(row), steps.get(row[0], []))
                        for row in reversed(rows)]
        return {"sessions": sessions, "checkins": said, **planning}

    def export(self, path: str | os.PathLike[str], *,
               replace: bool = False) -> list[tuple[Path, int]]:
        """Write all history to ``path`` as .json, .toml or .csv with
        :func:`coach.history.export.write_export` (atomic; an existing file replaced only
        with ``replace``; a history too large for one file goes to one a year). Raises
        :class:`HistoryError` for another kind of file, :class:`coach.files.FileProblem`
        naming the file. Returns each file written with the number of sessions in it."""
        path = Path(path)
        kind = path.suffix.lower()
        if kind not in (".json", ".toml", ".csv"):
            raise HistoryError(f"{path}: cannot export to '{kind}', use .json, .toml or .csv")
        return write_export(self.to_document(), path, replace=replace)

    def import_file(self, path: str | os.PathLike[str]) -> int:
        """:meth:`import_files` of one file."""
        return self.import_files([path])

    def import_files(self, paths: Sequence[str | os.PathLike[str]]) -> int:
        """:meth:`import_documents`; returns how many sessions were added."""
        return self.import_documents(paths)[0]

    # -- lifetime ------------------------------------------------------------------------

    def close(self) -> None:
        """Let go of the file. Sessions still held read as ``interrupted`` from now on."""
        with self._mutex:
            self._locks.drop_all()
            self._db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
