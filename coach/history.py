"""The history store: every session a person played, kept in one SQLite file that survives
a closed terminal, a ``kill -9`` and a second coach recording at the same time.

How it keeps that promise:

- **Written as it happens.** :meth:`HistoryStore.start_session` inserts the session as
  ``in_progress``; :meth:`~HistoryStore.record_step` commits each step result the moment it
  arrives; :meth:`~HistoryStore.finish_session` writes ``completed``, ``skipped`` (played to
  the end, no work step done: see :mod:`coach.outcomes`) or ``aborted``. WAL mode,
  ``synchronous=FULL`` and a busy timeout let two processes record at once and lose nothing.
- **Interrupted is derived, never written.** The recording process holds an exclusive
  ``flock`` on ``<db>.locks/<session id>.lock`` for as long as it records (the OS drops it
  when the process dies, however it dies). A reader that finds a session ``in_progress``
  tries that lock without blocking: held elsewhere means the session is live in another
  coach; free (or no lock file) means its recorder is gone, and the session reads as
  ``interrupted``. No cleanup pass is needed. The owner's pid is stored for display.
- **Resumable.** :meth:`~HistoryStore.resume_point` says where an interrupted session
  stopped; :meth:`~HistoryStore.resume_session` takes its lock over and records on.
- **Never loses the old file.** A history file that is damaged or not coach's, found so
  when it is opened or at any read or write later, is renamed with its ``-wal`` and
  ``-shm`` to ``history.sqlite3.corrupt-YYYYmmdd-HHMMSS`` beside it (see
  :attr:`HistoryStore.moved_aside`) and a fresh one is started; damage found later raises
  :class:`HistoryDamaged` for the call that found it, so nothing meant for the old file is
  written into the new one (see :mod:`coach.history_file`).
- **Read-only is still history.** A data directory or file coach cannot write (permissions,
  a read-only mount) is opened to read only: every reader works, every write raises
  :class:`HistoryReadOnly` saying why. A directory that cannot even be read raises
  :class:`HistoryUnavailable` with the path and the OS's reason.
- **Any row reads.** Whatever a hand edit left in the file, readers return it as well as it
  can be read and never fail on it (see :mod:`coach.history_rows`).

Dates in the statistics are the local dates of ``started_at``: the calendar day in the UTC
offset the session was played in. A day *counts* towards the calendar, the streaks and the
week when it has a **completed** session (a ``skipped`` one, every work step skipped,
counts for nothing); every helper takes ``completed_only=False`` to count sessions of any
status instead. Weeks start on Monday; the current streak still
stands when its last day is yesterday (today is not over yet).

A write that cannot happen (full disk, a lock held past the timeout) raises
:class:`HistoryUnavailable` and leaves everything committed before it as it was.

Export and import share one document, ``{"sessions": [...]}`` (read by
:mod:`coach.history_doc`, written by :mod:`coach.history_export`), as JSON or TOML; CSV
export has one row per step. Imports are validated strictly, applied in one transaction and
idempotent (sessions are keyed by their uuid, in one spelling). Exports never replace a file
unless asked to.

This module never imports Textual or the session engine: steps arrive as the plain dicts of
``StepResult.to_dict()``.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import operator
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, TypeVar

from coach import history_file
from coach.diagnostics import Problem
from coach.files import TargetExists, write_file
from coach.history_doc import (
    MAX_INDEX,
    MAX_STEP_SECONDS,
    SESSION_CSV_FIELDS,
    SESSION_STATUSES,
    STEP_FIELDS,
    DocumentProblems,
    HistoryDoc,
    SessionDoc,
    SessionStatus,
    StepDoc,
    read_document,
)
from coach.history_export import export_parts
from coach.history_file import MIGRATIONS, SCHEMA_VERSION, NotCoachHistory, SchemaTooNew
from coach.history_rows import day, exported, number, step_values, summary_values, text, whole
from coach.outcomes import finished_status, work_count_sql

try:  # POSIX; Windows falls back to msvcrt byte locks, which die with the process too
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]
    import msvcrt

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SESSION_CSV_FIELDS",
    "SESSION_STATUSES",
    "STEP_FIELDS",
    "DailyStats",
    "HistoryDamaged",
    "HistoryDoc",
    "HistoryError",
    "HistoryImportError",
    "HistoryReadOnly",
    "HistoryStore",
    "HistoryUnavailable",
    "PainPoint",
    "SessionDoc",
    "SessionNotFound",
    "SessionRecord",
    "SessionSummary",
    "StepDoc",
]

BUSY_TIMEOUT_SECONDS = 30.0
LOCK_TAKE_TRIES = 50  # a reader probing a lock holds it for microseconds; retry past it
SQL_INT_MAX = 2**63 - 1  # a LIMIT or OFFSET past this is "all" (SQLite would overflow)


# --- errors -------------------------------------------------------------------------------

class HistoryError(Exception):
    """Something the history store cannot do, said for a person."""


class HistoryUnavailable(HistoryError):
    """The history file cannot be opened or written; the message names the path and why."""


class HistoryDamaged(HistoryUnavailable):
    """The history file turned out to be damaged while in use: it was moved aside to
    :attr:`moved_to` (with its -wal and -shm) and a fresh history started. What was asked
    was not done; asked again, it runs on the fresh history."""

    def __init__(self, message: str, moved_to: Path) -> None:
        super().__init__(message)
        self.moved_to = moved_to


class HistoryReadOnly(HistoryUnavailable):
    """The history can be read but not written here; the message says why."""


class SessionNotFound(HistoryError):
    """No session with that id in this history."""


class HistoryImportError(HistoryError):
    """A file that cannot be imported; nothing was changed. ``problems`` says where and why,
    each as ``FILE[:LINE]: key.path: message``."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# --- what readers get ---------------------------------------------------------------------

@dataclass(frozen=True)
class SessionSummary:
    """One session without its steps, as the history list shows it."""

    id: str
    routine_id: str
    routine_name: str
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    pain_before: int | None
    pain_after: int | None
    note: str | None
    owner_pid: int | None  # the process that recorded it last, for display and debugging
    active_seconds: float  # sum of the steps' actual_seconds
    steps_done: int  # work steps, each once as its last outcome (see coach.outcomes)
    steps_skipped: int
    # Fields stored in a form that could not be read (a hand edit), shown as well as they
    # can be: e.g. ("started_at", "steps[2].actual_seconds").
    damage: tuple[str, ...] = ()


@dataclass(frozen=True)
class SessionRecord(SessionSummary):
    """One session with every step result, each a dict with the keys of :data:`STEP_FIELDS`."""

    steps: tuple[dict, ...] = ()


@dataclass(frozen=True)
class PainPoint:
    session_id: str
    day: date
    pain_before: int | None
    pain_after: int | None


@dataclass(frozen=True)
class DailyStats:
    """Everything the history pane draws, computed for one ``today``."""

    days: dict[date, int]  # every day of the heatmap window, oldest first, counted sessions
    current_streak: int
    longest_streak: int
    week_sessions: int
    week_minutes: float
    pain: list[PainPoint]  # oldest first


# --- statements ---------------------------------------------------------------------------

_step_values = operator.attrgetter(*STEP_FIELDS)
_STEP_COLUMNS = ", ".join(f'"{k}"' for k in STEP_FIELDS)
_INSERT_STEP = (f"INSERT INTO steps (session_id, seq, {_STEP_COLUMNS}) "
                f"VALUES (?, ?, {', '.join('?' * len(STEP_FIELDS))})")
_INSERT_SESSION = ("INSERT INTO sessions (id, routine_id, routine_name, started_at, started_ms,"
                   " day, ended_at, status, pain_before, pain_after, note, owner_pid)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
# A step's active seconds as counted in totals: only a number in bounds, so a hand-edited
# row (text, an infinity, 1e300) neither fails a sum nor swamps it. TOTAL, not SUM: always
# a float, never an integer overflow.
_COUNTED_SECONDS = ("CASE WHEN typeof(actual_seconds) IN ('integer', 'real') AND actual_seconds"
                    f" BETWEEN 0 AND {MAX_STEP_SECONDS} THEN actual_seconds END")
_SUMMARY_COLUMNS = f"""s.id, s.routine_id, s.routine_name, s.started_at, s.ended_at, s.status,
    s.pain_before, s.pain_after, s.note, s.owner_pid,
    (SELECT TOTAL({_COUNTED_SECONDS}) FROM steps WHERE session_id = s.id),
    {work_count_sql("s.id", done=True)},
    {work_count_sql("s.id", done=False)},
    s.started_ms,
    (SELECT COUNT(*) FROM steps WHERE session_id = s.id AND {_COUNTED_SECONDS} IS NULL)"""
_NEWEST_FIRST = "ORDER BY s.started_ms DESC, s.id DESC"


# --- helpers ------------------------------------------------------------------------------

def _iso(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no UTC offset; history keeps aware times")
    return moment.isoformat(timespec="milliseconds")


def _when(moment: datetime) -> tuple[str, int, str]:
    """(ISO text, Unix ms, local date) of an aware time."""
    return _iso(moment), round(moment.timestamp() * 1000), moment.date().isoformat()


def _check_pain(pain: int | None, name: str) -> None:
    if pain is not None and (isinstance(pain, bool) or not isinstance(pain, int)
                             or not 0 <= pain <= 10):
        raise ValueError(f"{name} must be a whole number from 0 to 10 or None, got {pain!r}")


def _sql_count(n: int | None) -> int:
    """A LIMIT SQLite can take: -1 (all) for None, a negative or a number past its integers."""
    return -1 if n is None or n < 0 or n > SQL_INT_MAX else n


def _lock_try(fd: int) -> bool:
    """Take an exclusive lock on ``fd`` without waiting; False if someone holds it."""
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError as e:
        if e.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, errno.EDEADLK):
            return False
        raise
    return True


def _lock_release(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
    else:  # pragma: no cover
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _checked(method: _Method) -> _Method:
    """A store method whose SQLite failures reach the caller as :class:`HistoryUnavailable`
    (damage as :class:`HistoryDamaged`, once the file is moved aside), never raw."""
    @functools.wraps(method)
    def call(self: HistoryStore, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc
    return call  # type: ignore[return-value]


# --- the store ----------------------------------------------------------------------------

class HistoryStore:
    """The history in the SQLite file at ``path`` (``coach.paths.Locations.history_db``).

    Opening creates the file and its directory, migrates the schema, and moves a file that
    is damaged or not coach's aside (:attr:`moved_aside`). Where the directory or the file
    cannot be written, or when ``read_only`` is given, it opens the file to read only
    (:attr:`read_only`). Raises :class:`HistoryUnavailable` when the file cannot be opened
    at all. Safe to call from one thread at a time per method (calls are serialised), so a
    worker thread may use a store the app created.
    """

    def __init__(self, path: str | os.PathLike, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.lock_dir = self.path.with_name(self.path.name + ".locks")
        self.moved_aside: Path | None = None
        # Why this history can only be read, or None when it can be written.
        self.read_only_reason: str | None = "it was opened to read only" if read_only else None
        self._owned: dict[str, int] = {}  # session id -> fd holding its lock
        self._mutex = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._lost: str | None = None  # why there is no connection, once it was given up
        self._prepare_directories()
        self._conn = self._connect()

    @property
    def read_only(self) -> bool:
        """True when this history is shown but nothing can be written to it."""
        return self.read_only_reason is not None

    # -- opening -------------------------------------------------------------------------

    def _unavailable(self, reason: object) -> HistoryUnavailable:
        return HistoryUnavailable(f"cannot keep history in {self.path}: {reason}")

    def _prepare_directories(self) -> None:
        if self.read_only:
            return  # nothing is created
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            # A file where a directory should be: say it as the OS would on open.
            raise self._unavailable(
                f"{self.path.parent}: {os.strerror(errno.ENOTDIR)}") from None
        except OSError as e:
            raise self._unavailable(f"{e.filename or self.path.parent}: {e.strerror}") from e
        if self.path.is_dir():
            raise self._unavailable(f"{self.path}: {os.strerror(errno.EISDIR)}")
        self.read_only_reason = history_file.read_only_reason(self.path)
        if self.read_only:
            return
        if not os.access(self.path.parent, os.W_OK | os.X_OK):
            raise self._unavailable(f"{self.path.parent}: {os.strerror(errno.EACCES)}")
        try:
            self.lock_dir.mkdir(exist_ok=True)
        except FileExistsError:
            raise self._unavailable(f"{self.lock_dir}: {os.strerror(errno.ENOTDIR)}") from None
        except OSError as e:
            raise self._unavailable(f"{e.filename or self.lock_dir}: {e.strerror}") from e

    def _connect(self) -> sqlite3.Connection:
        """The connection; a damaged or foreign file is moved aside first when need be
        (:attr:`moved_aside`), unless this history is only read."""
        try:
            if self.read_only:
                return history_file.open_read_only(self.path, BUSY_TIMEOUT_SECONDS)
            conn, aside = history_file.open_writable(self.path, BUSY_TIMEOUT_SECONDS)
        except FileNotFoundError as e:  # read only, and there is no file to read
            raise self._open_failed(e) from e
        except OSError as e:  # damaged, and it cannot be renamed
            raise self._unavailable(f"it is damaged and cannot be moved aside: "
                                    f"{e.strerror or e}") from e
        except (sqlite3.Error, NotCoachHistory, SchemaTooNew) as e:
            raise self._open_failed(e) from e
        if aside is not None:
            self.moved_aside = aside
        return conn

    def _open_failed(self, e: BaseException) -> HistoryUnavailable:
        if isinstance(e, SchemaTooNew):
            return self._unavailable(
                f"it was written by a newer coach (schema {e.args[0]}, this coach knows up "
                f"to {SCHEMA_VERSION})")
        if isinstance(e, FileNotFoundError):
            return self._unavailable(f"there is no history yet, and {self.read_only_reason}")
        if history_file.is_damage(e) and self.read_only:
            what = (f"it is not a coach history (it holds the tables {e})"
                    if isinstance(e, NotCoachHistory) else f"it is damaged ({e})")
            return self._unavailable(f"{what}; it can only be read here, so it was left "
                                     "as it is")
        return self._unavailable(e)

    def _failed(self, exc: sqlite3.Error) -> HistoryUnavailable:
        """What a failed statement means for the caller. Damage is dealt with here, as at
        open: the file moved aside with its -wal and -shm, a fresh history opened, and
        :class:`HistoryDamaged` for the caller, whose work is not redone on the new file."""
        if not history_file.is_damage(exc):
            return self._unavailable(exc)
        if self.read_only:
            return self._open_failed(exc)
        with self._mutex:
            for session_id in list(self._owned):
                self._drop_lock(session_id)  # those sessions live in the damaged file
            conn, self._conn = self._conn, None
            try:
                aside = history_file.close_after_moving(self.path, conn)
                self.moved_aside = aside
                self._conn = self._connect()
            except OSError as e:
                lost = self._unavailable(f"it is damaged ({exc}) and cannot be moved aside: "
                                         f"{e.strerror or e}")
                self._lost = str(lost)
                return lost
            except HistoryUnavailable as e:
                self._lost = str(e)
                return e
        return HistoryDamaged(f"the history in {self.path} is damaged ({exc}); it was moved "
                              f"to {aside} and a fresh history started", aside)

    # -- plumbing ------------------------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            if self._lost is not None:
                raise HistoryUnavailable(self._lost)
            raise HistoryError("the history store is closed")
        return self._conn

    def _writable(self) -> None:
        if self.read_only_reason is not None:
            raise HistoryReadOnly(f"cannot save to the history in {self.path}: "
                                  f"{self.read_only_reason}")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock up front, so the busy timeout applies and a
        # read-then-write never fails on a snapshot another process has moved past.
        # A failing disk or a lock held past the timeout becomes HistoryUnavailable, so the
        # app can say so and let the workout go on.
        self._writable()
        with self._mutex:
            conn = self.conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as e:
                raise self._failed(e) from e
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as e:
                with contextlib.suppress(sqlite3.Error):  # the transaction is gone either way
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                if isinstance(e, sqlite3.Error):
                    raise self._failed(e) from e
                raise

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One snapshot for several SELECTs."""
        with self._mutex:
            conn = self.conn
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                with contextlib.suppress(sqlite3.Error):  # nothing was written to keep
                    if conn.in_transaction:
                        conn.execute("COMMIT")

    def _lock_path(self, session_id: str) -> Path | None:
        """The lock file of a session; None for an id that is not a uuid (a hand edit),
        which no coach can be recording."""
        try:
            return self.lock_dir / f"{uuid.UUID(session_id)}.lock"
        except (ValueError, TypeError, AttributeError):
            return None

    def _take_lock(self, session_id: str) -> None:
        self._writable()
        path = self._lock_path(session_id)
        if path is None:
            raise HistoryError(f"session {session_id!r} has an id that is not a uuid; "
                               "it cannot be recorded into")
        try:
            self.lock_dir.mkdir(exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise self._unavailable(f"{e.filename}: {e.strerror}") from e
        for _ in range(LOCK_TAKE_TRIES):
            if _lock_try(fd):
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
                self._owned[session_id] = fd
                return
            time.sleep(0.01)
        os.close(fd)
        raise HistoryError(f"session {session_id} is being recorded by another coach")

    def _drop_lock(self, session_id: str) -> None:
        fd = self._owned.pop(session_id, None)
        if fd is not None:
            # Unlink while still holding it: a reader that opened it meanwhile gets a lock on
            # a dead file, re-reads the status, and sees what was just committed.
            path = self._lock_path(session_id)
            if path is not None:
                path.unlink(missing_ok=True)
            os.close(fd)

    def _held_elsewhere(self, session_id: str) -> bool:
        path = self._lock_path(session_id)
        if path is None:
            return False
        try:
            fd = os.open(path, os.O_RDWR)
        except FileNotFoundError:
            return False
        except OSError:
            try:  # a read-only directory: a lock can be tested through a read-only file
                fd = os.open(path, os.O_RDONLY)
            except FileNotFoundError:
                return False
            except OSError:
                return True  # cannot tell: do not call a session dead on a hunch
        try:
            if _lock_try(fd):
                _lock_release(fd)
                return False
            return True
        finally:
            os.close(fd)

    def _live_status(self, session_id: str, stored: str, owner_pid: int | None) -> str:
        if stored != "in_progress" or session_id in self._owned:
            return stored
        if owner_pid is not None and self._held_elsewhere(session_id):
            return "in_progress"
        # The recorder may have finished between our read and the lock probe: re-read.
        row = self.conn.execute("SELECT status FROM sessions WHERE id = ?",
                                (session_id,)).fetchone()
        if row is None or row[0] != "in_progress":
            return text(row[0]) if row else stored
        return "interrupted"

    def _summary(self, row: Sequence) -> SessionSummary:
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
        if session_id not in self._owned:
            self._row(session_id)
            raise HistoryError(f"session {session_id} is not being recorded by this coach")

    # -- recording -----------------------------------------------------------------------

    @_checked
    def start_session(self, routine_id: str, routine_name: str, pain_before: int | None,
                      started_at: datetime) -> str:
        """Record a new session as ``in_progress`` and hold it; returns its id (a uuid)."""
        _check_pain(pain_before, "pain_before")
        iso, started_ms, local_day = _when(started_at)
        session_id = str(uuid.uuid4())
        with self._mutex:
            self._take_lock(session_id)  # before the row exists: no reader sees it unheld
            try:
                with self._write() as c:
                    c.execute(_INSERT_SESSION, (session_id, routine_id, routine_name, iso,
                                                started_ms, local_day, None, "in_progress",
                                                pain_before, None, None, os.getpid()))
            except BaseException:
                self._drop_lock(session_id)
                raise
        return session_id

    @_checked
    def record_step(self, session_id: str, step: Mapping[str, Any]) -> None:
        """Commit one step result (a ``StepResult.to_dict()``) to a session this store holds.
        Raises pydantic's ``ValidationError`` (a ``ValueError``) for a malformed step."""
        doc = StepDoc.model_validate(dict(step))
        with self._mutex:
            self._require_owned(session_id)
            with self._write() as c:
                seq = c.execute("SELECT COALESCE(MAX(seq) + 1, 0) FROM steps WHERE session_id = ?",
                                (session_id,)).fetchone()[0]
                c.execute(_INSERT_STEP, self._step_row(session_id, seq, doc))

    @staticmethod
    def _step_row(session_id: str, seq: int, doc: StepDoc) -> tuple:
        values = _step_values(doc)
        if values[0] is None:
            values = (seq, *values[1:])
        return (session_id, seq, *values)

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
        iso = _iso(ended_at)
        with self._mutex:
            self._require_owned(session_id)
            with self._write() as c:
                if status == "completed":
                    status = finished_status(self._outcome_rows(c, session_id))
                c.execute("UPDATE sessions SET status = ?, ended_at = ?,"
                          " pain_after = COALESCE(?, pain_after), note = COALESCE(?, note)"
                          " WHERE id = ?", (status, iso, pain_after, note, session_id))
            self._drop_lock(session_id)

    @staticmethod
    def _outcome_rows(c: sqlite3.Connection, session_id: str) -> list[dict]:
        """What :func:`~coach.outcomes.finished_status` reads of a session's steps."""
        rows = c.execute("SELECT step_index, kind, status, reps FROM steps"
                         " WHERE session_id = ? ORDER BY seq", (session_id,))
        return [dict(zip(("step_index", "kind", "status", "reps"), r, strict=False)) for r in rows]

    def set_pain_after(self, session_id: str, pain_after: int | None) -> None:
        """Change pain after on any session (the summary screen asks after the end)."""
        _check_pain(pain_after, "pain_after")
        self._update(session_id, "pain_after", pain_after)

    def set_note(self, session_id: str, note: str | None) -> None:
        self._update(session_id, "note", note)

    @_checked
    def _update(self, session_id: str, column: str, value: Any) -> None:
        with self._write() as c:
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
        self._writable()
        with self._mutex:
            status = self.status(session_id)
            if status == "in_progress":
                raise HistoryError(f"session {session_id} is being recorded by "
                                   + ("this coach" if session_id in self._owned
                                      else "another coach"))
            if status != "interrupted":
                raise HistoryError(f"session {session_id} is {status.replace('_', ' ')},"
                                   " only an interrupted session can be resumed")
            self._take_lock(session_id)
            try:
                with self._write() as c:
                    # Only if still unfinished: another coach may have resumed and ended it
                    # between our look and our lock.
                    if c.execute("UPDATE sessions SET status = 'in_progress', ended_at = NULL,"
                                 " owner_pid = ? WHERE id = ? AND status = 'in_progress'",
                                 (os.getpid(), session_id)).rowcount != 1:
                        raise HistoryError(f"session {session_id} was ended or deleted"
                                           " by another coach meanwhile")
            except BaseException:
                self._drop_lock(session_id)
                raise
            return self.resume_point(session_id)

    # -- reading -------------------------------------------------------------------------

    @_checked
    def status(self, session_id: str) -> SessionStatus:
        with self._mutex:
            stored, owner_pid = self._row(session_id)
            return self._live_status(session_id, stored, owner_pid)  # type: ignore[return-value]

    @_checked
    def sessions(self, limit: int | None = 50, offset: int = 0,
                 routine: str | None = None) -> list[SessionSummary]:
        """One page of sessions, newest first, without their steps (all when ``limit`` is
        None or negative)."""
        where, args = ("WHERE s.routine_id = ?", [routine]) if routine is not None else ("", [])
        offset = max(0, min(offset, SQL_INT_MAX))
        with self._mutex:
            rows = self.conn.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM sessions s {where} {_NEWEST_FIRST}"
                " LIMIT ? OFFSET ?", (*args, _sql_count(limit), offset)).fetchall()
            return [self._summary(r) for r in rows]

    @_checked
    def count(self, routine: str | None = None) -> int:
        with self._mutex:
            if routine is None:
                return self.conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
            return self.conn.execute("SELECT COUNT(*) FROM sessions WHERE routine_id = ?",
                                     (routine,)).fetchone()[0]

    @_checked
    def session(self, session_id: str) -> SessionRecord:
        """One session with all its steps; :class:`SessionNotFound` if there is none."""
        with self._mutex:
            with self._read() as c:
                row = c.execute(f"SELECT {_SUMMARY_COLUMNS} FROM sessions s WHERE s.id = ?",
                                (session_id,)).fetchone()
                stored = self._steps_of(c, [session_id]).get(session_id, [])
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

    @staticmethod
    def _steps_of(c: sqlite3.Connection, ids: Sequence[str]) -> dict[str, list[dict]]:
        found: dict[str, list[dict]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows = c.execute(
                f"SELECT session_id, {_STEP_COLUMNS} FROM steps WHERE session_id IN"
                f" ({', '.join('?' * len(chunk))}) ORDER BY session_id, seq", chunk)
            for row in rows:
                found.setdefault(row[0], []).append(dict(zip(STEP_FIELDS, row[1:], strict=False)))
        return found

    @_checked
    def delete(self, session_id: str) -> bool:
        """Remove a session and its steps; False if there was none. A session live in
        another coach cannot be deleted."""
        self._writable()
        with self._mutex:
            try:
                status = self.status(session_id)
            except SessionNotFound:
                return False
            if status == "in_progress" and session_id not in self._owned:
                raise HistoryError(f"session {session_id} is being recorded by another coach")
            with self._write() as c:
                c.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
            if session_id in self._owned:
                self._drop_lock(session_id)
            elif (path := self._lock_path(session_id)) is not None:
                path.unlink(missing_ok=True)
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
                f"SELECT {_SUMMARY_COLUMNS} FROM sessions s WHERE s.status = 'in_progress'"
                f" AND s.started_ms >= ? {_NEWEST_FIRST}", (_when(moment)[1],)).fetchall()
            return [one for r in rows if (one := self._summary(r)).status == "interrupted"]

    # -- statistics for the history pane -------------------------------------------------

    @staticmethod
    def _counted(completed_only: bool) -> str:
        return "AND status = 'completed'" if completed_only else ""

    @_checked
    def day_counts(self, start: date, end: date, *,
                   completed_only: bool = True) -> dict[date, int]:
        """Counted sessions on each day from ``start`` to ``end`` inclusive, every day listed
        (0 where none), oldest first."""
        with self._mutex:
            rows = dict(self.conn.execute(
                "SELECT day, COUNT(*) FROM sessions WHERE day BETWEEN ? AND ? "
                f"{self._counted(completed_only)} GROUP BY day",
                (start.isoformat(), end.isoformat())).fetchall())
        return {start + timedelta(d): rows.get((start + timedelta(d)).isoformat(), 0)
                for d in range((end - start).days + 1)}

    @staticmethod
    def heatmap_start(today: date, weeks: int = 12) -> date:
        """The Monday that opens a calendar of ``weeks`` weeks ending with today's week."""
        return today - timedelta(days=today.weekday(), weeks=weeks - 1)

    def heatmap(self, today: date, weeks: int = 12, *,
                completed_only: bool = True) -> dict[date, int]:
        """:meth:`day_counts` from Monday ``weeks - 1`` weeks back through ``today``."""
        return self.day_counts(self.heatmap_start(today, weeks), today,
                               completed_only=completed_only)

    @_checked
    def streaks(self, today: date, *, completed_only: bool = True) -> tuple[int, int]:
        """(current, longest) runs of consecutive counted days up to ``today``. The current
        run may end yesterday: today is not over, so not having played yet breaks nothing."""
        with self._mutex:
            days = [d for r in self.conn.execute(
                f"SELECT DISTINCT day FROM sessions WHERE day <= ? {self._counted(completed_only)}"
                " ORDER BY day", (today.isoformat(),)) if (d := day(r[0])) is not None]
        longest = run = 0
        previous: date | None = None
        for one in days:
            run = run + 1 if previous is not None and one - previous == timedelta(1) else 1
            longest = max(longest, run)
            previous = one
        current = run if previous is not None and (today - previous).days <= 1 else 0
        return current, longest

    @_checked
    def week(self, today: date, *, completed_only: bool = True) -> tuple[int, float]:
        """(sessions, active minutes) counted from this week's Monday through ``today``."""
        monday = today - timedelta(days=today.weekday())
        with self._mutex:
            n, seconds = self.conn.execute(
                f"SELECT COUNT(*), TOTAL((SELECT TOTAL({_COUNTED_SECONDS}) FROM steps"
                " WHERE session_id = s.id)) FROM sessions s WHERE day BETWEEN ? AND ? "
                f"{self._counted(completed_only)}",
                (monday.isoformat(), today.isoformat())).fetchone()
        return n, round((number(seconds) or 0.0) / 60, 1)

    @_checked
    def pain_series(self, today: date, last: int = 14) -> list[PainPoint]:
        """Pain before/after of the last ``last`` sessions up to ``today`` that have either,
        oldest first, whatever their status."""
        with self._mutex:
            rows = self.conn.execute(
                "SELECT id, day, pain_before, pain_after FROM sessions s WHERE day <= ? AND"
                f" (pain_before IS NOT NULL OR pain_after IS NOT NULL) {_NEWEST_FIRST} LIMIT ?",
                (today.isoformat(), _sql_count(last))).fetchall()
        return [PainPoint(text(r[0]), d, whole(r[2], 0, 10), whole(r[3], 0, 10))
                for r in reversed(rows) if (d := day(r[1])) is not None]

    def daily_stats(self, today: date, *, weeks: int = 12, pain_last: int = 14,
                    completed_only: bool = True) -> DailyStats:
        current, longest = self.streaks(today, completed_only=completed_only)
        sessions, minutes = self.week(today, completed_only=completed_only)
        return DailyStats(
            days=self.heatmap(today, weeks, completed_only=completed_only),
            current_streak=current, longest_streak=longest,
            week_sessions=sessions, week_minutes=minutes,
            pain=self.pain_series(today, pain_last),
        )

    # -- export and import ---------------------------------------------------------------

    @_checked
    def to_document(self, limit: int | None = None) -> dict:
        """The exchange document of the last ``limit`` sessions (all when None), oldest
        first: ``{"sessions": [...]}`` as :class:`SessionDoc` describes, None kept. Values
        are as stored, made JSON-safe (see :func:`coach.history_rows.exported`)."""
        with self._mutex:
            with self._read() as c:
                rows = c.execute(f"SELECT {_SUMMARY_COLUMNS} FROM sessions s {_NEWEST_FIRST}"
                                 " LIMIT ?", (_sql_count(limit),)).fetchall()
                steps = self._steps_of(c, [r[0] for r in rows])
            sessions = []
            for row in reversed(rows):
                s = self._summary(row)
                sessions.append({
                    "id": exported(row[0]), "routine": exported(row[1]),
                    "routine_name": exported(row[2]), "started_at": exported(row[3]),
                    "ended_at": exported(row[4]), "status": s.status,
                    "pain_before": exported(row[6]), "pain_after": exported(row[7]),
                    "note": exported(row[8]), "active_seconds": s.active_seconds,
                    "steps": [{k: exported(v) for k, v in step.items()}
                              for step in steps.get(row[0], [])],
                })
        return {"sessions": sessions}

    def export(self, path: str | os.PathLike, *,
               replace: bool = False) -> list[tuple[Path, int]]:
        """Write all history to ``path`` as .json, .toml (None keys left out) or .csv (one
        row per step; a session without steps gets one row with empty step columns),
        atomically (:func:`coach.files.write_file`); a history larger than coach imports
        from one file goes to one .json or .toml file a year (``NAME-YYYY.json``; see
        :func:`coach.history_doc.export_parts`). An existing file is replaced only with
        ``replace``, and never a symlink, device or FIFO; a missing directory is not made.
        Raises :class:`coach.files.FileProblem` naming the file. Returns each file written
        with the number of sessions in it."""
        path = Path(path)
        kind = path.suffix.lower()
        if kind not in (".json", ".toml", ".csv"):
            raise HistoryError(f"{path}: cannot export to '{kind}', use .json, .toml or .csv")
        parts = export_parts(self.to_document(), path)
        if not replace:  # all refused before any is written, not half an export
            for part, _, _ in parts:
                if os.path.lexists(part):
                    raise TargetExists(part, "already exists")
        for part, text_, _ in parts:
            write_file(part, text_, replace=replace, make_parents=False)
        return [(part, n) for part, _, n in parts]

    def import_file(self, path: str | os.PathLike) -> int:
        """:meth:`import_files` of one file."""
        return self.import_files([path])

    def import_files(self, paths: Sequence[str | os.PathLike]) -> int:
        """Add the sessions of .json or .toml exports that are not here yet (by id, in any
        spelling), all in one transaction; returns how many were added. Raises
        :class:`HistoryImportError` listing every problem of every file, and changes
        nothing, when one is not valid (see :mod:`coach.history_doc`)."""
        self._writable()
        found: list[Problem] = []
        sessions: dict[str, SessionDoc] = {}
        for path in paths:
            try:
                doc = read_document(path)
            except DocumentProblems as e:
                found += e.problems
                continue
            for s in doc.sessions:
                sessions.setdefault(s.id, s)  # in two files (imported twice): once
        if found:
            raise HistoryImportError(found)
        return self._add(list(sessions.values()))

    @_checked
    def _add(self, sessions: list[SessionDoc]) -> int:
        with self._write() as c:
            ids = [s.id for s in sessions]  # one spelling each: see SessionDoc
            existing: set[str] = set()
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                existing.update(r[0] for r in c.execute(
                    f"SELECT id FROM sessions WHERE id IN ({', '.join('?' * len(chunk))})",
                    chunk))
            new = [s for s in sessions if s.id not in existing]
            session_rows, step_rows = [], []
            for s in new:
                _, started_ms, local_day = _when(datetime.fromisoformat(s.started_at))
                # Nobody here holds an imported session open: in_progress reads interrupted.
                stored = "in_progress" if s.status in ("in_progress", "interrupted") else s.status
                if stored in ("completed", "skipped"):  # by the rule, whatever the file says
                    stored = finished_status((vars(step) for step in s.steps), stored)
                session_rows.append((s.id, s.routine, s.routine_name, s.started_at, started_ms,
                                     local_day, s.ended_at, stored, s.pain_before, s.pain_after,
                                     s.note, None))
                step_rows.extend(self._step_row(s.id, seq, step)
                                 for seq, step in enumerate(s.steps))
            c.executemany(_INSERT_SESSION, session_rows)
            c.executemany(_INSERT_STEP, step_rows)
        return len(new)

    # -- lifetime ------------------------------------------------------------------------

    def close(self) -> None:
        """Let go of the file. Sessions still held read as ``interrupted`` from now on."""
        with self._mutex:
            for session_id in list(self._owned):
                self._drop_lock(session_id)
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
