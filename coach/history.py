"""The history store: every session a person played, kept in one SQLite file that survives
a closed terminal, a ``kill -9`` and a second coach recording at the same time.

How it keeps that promise:

- **Written as it happens.** :meth:`HistoryStore.start_session` inserts the session as
  ``in_progress``; :meth:`~HistoryStore.record_step` commits each step result the moment it
  arrives; :meth:`~HistoryStore.finish_session` writes ``completed`` or ``aborted``. WAL mode,
  ``synchronous=FULL`` and a busy timeout let two processes record at once and lose nothing.
- **Interrupted is derived, never written.** The recording process holds an exclusive
  ``flock`` on ``<db>.locks/<session id>.lock`` for as long as it records (the OS drops it
  when the process dies, however it dies). A reader that finds a session ``in_progress``
  tries that lock without blocking: held elsewhere means the session is live in another
  coach; free (or no lock file) means its recorder is gone, and the session reads as
  ``interrupted``. No cleanup pass is needed. The owner's pid is stored for display.
- **Resumable.** :meth:`~HistoryStore.resume_point` says where an interrupted session
  stopped; :meth:`~HistoryStore.resume_session` takes its lock over and records on.
- **Never loses the old file.** A history file that is not a database is renamed to
  ``history.sqlite3.corrupt-YYYYmmdd-HHMMSS`` beside it (see :attr:`HistoryStore.moved_aside`)
  and a fresh one is started. A directory coach cannot write raises
  :class:`HistoryUnavailable` with the path and the OS's reason.

Dates in the statistics are the local dates of ``started_at``: the calendar day in the UTC
offset the session was played in. A day *counts* towards the calendar, the streaks and the
week when it has a **completed** session; every helper takes ``completed_only=False`` to
count sessions of any status instead. Weeks start on Monday; the current streak still
stands when its last day is yesterday (today is not over yet).

A write that cannot happen (full disk, a lock held past the timeout) raises
:class:`HistoryUnavailable` and leaves everything committed before it as it was.

Export and import share one document, ``{"sessions": [...]}`` (see :class:`SessionDoc`),
as JSON or TOML; CSV export has one row per step. Imports are validated strictly, applied in
one transaction and idempotent (sessions are keyed by their uuid).

This module never imports Textual or the session engine: steps arrive as the plain dicts of
``StepResult.to_dict()``.
"""

from __future__ import annotations

import csv
import errno
import json
import operator
import os
import re
import sqlite3
import threading
import time
import tomllib
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from coach.problems import Problem, describe_error

try:  # POSIX; Windows falls back to msvcrt byte locks, which die with the process too
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]
    import msvcrt

__all__ = [
    "HistoryError", "HistoryUnavailable", "HistoryImportError", "SessionNotFound",
    "HistoryStore", "SessionSummary", "SessionRecord", "PainPoint", "DailyStats",
    "HistoryDoc", "SessionDoc", "StepDoc", "SESSION_STATUSES", "STEP_FIELDS",
]

SessionStatus = Literal["in_progress", "completed", "aborted", "interrupted"]
SESSION_STATUSES: tuple[str, ...] = ("in_progress", "completed", "aborted", "interrupted")
StepKind = Literal["prepare", "hold", "reps", "timed", "rest", "switch_side"]

# The keys of ``StepResult.to_dict()``, in the order they are exported and stored.
STEP_FIELDS: tuple[str, ...] = (
    "step_index", "item", "exercise", "kind", "side", "set", "sets", "round", "rounds",
    "variant", "planned_seconds", "actual_seconds", "paused_seconds", "reps",
    "started_at", "ended_at", "status",
)
SESSION_CSV_FIELDS = ("session_id", "routine", "routine_name", "session_started_at",
                      "session_ended_at", "session_status", "pain_before", "pain_after")

BUSY_TIMEOUT_SECONDS = 30.0
LOCK_TAKE_TRIES = 50  # a reader probing a lock holds it for microseconds; retry past it


# --- errors -------------------------------------------------------------------------------

class HistoryError(Exception):
    """Something the history store cannot do, said for a person."""


class HistoryUnavailable(HistoryError):
    """The history file cannot be opened or written; the message names the path and why."""


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
    steps_done: int
    steps_skipped: int


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


# --- the exchange document ----------------------------------------------------------------

def _uuid_text(text: str) -> str:
    try:
        uuid.UUID(text)
    except ValueError:
        raise ValueError(f"not a uuid: {text!r}") from None
    return text


def _real_time(text: str) -> str:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a real time") from None
    return text


# Times stay the text they were written as. The pattern, checked inside pydantic-core, asks
# for an offset; only what passes it reaches the (cheap) calendar check in Python.
_CLOCK = r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,6})?)?"
ISO_TIME = rf"^{_CLOCK}(Z|[+-]\d\d:\d\d)$"
AwareTime = Annotated[str, Field(pattern=ISO_TIME), AfterValidator(_real_time)]
Pain = Annotated[int, Field(ge=0, le=10)]
Count = Annotated[int, Field(ge=1)]
Seconds = Annotated[float, Field(ge=0)]


class _Strict(BaseModel):
    # Built on first use: the TUI imports this module at start-up but validates only later.
    model_config = ConfigDict(strict=True, extra="forbid", defer_build=True)


class StepDoc(_Strict):
    """One step result; the keys of ``StepResult.to_dict()``, times as aware ISO 8601 text.
    Keys that are ``None`` may be left out (TOML has no null)."""

    step_index: Annotated[int, Field(ge=0)] | None = None  # None: its position in the list
    item: Annotated[int, Field(ge=0)] | None = None
    exercise: str
    kind: StepKind
    side: Literal["left", "right"] | None = None
    set: Count
    sets: Count | None = None
    round: Count
    rounds: Count | None = None
    variant: str | None = None
    planned_seconds: Seconds | None = None  # None: self-paced reps
    actual_seconds: Seconds
    paused_seconds: Seconds = 0.0
    reps: Annotated[int, Field(ge=0)] | None = None
    started_at: AwareTime
    ended_at: AwareTime
    status: Literal["done", "skipped"]


class SessionDoc(_Strict):
    id: Annotated[str, AfterValidator(_uuid_text)]
    routine: Annotated[str, Field(min_length=1)]
    routine_name: str
    started_at: AwareTime
    ended_at: AwareTime | None = None
    status: SessionStatus
    pain_before: Pain | None = None
    pain_after: Pain | None = None
    note: str | None = None
    active_seconds: Seconds | None = None  # derived from the steps; ignored on import
    steps: list[StepDoc] = []


class HistoryDoc(_Strict):
    sessions: list[SessionDoc]


# --- schema -------------------------------------------------------------------------------

# MIGRATIONS[n] takes a database from ``user_version`` n to n + 1. Append, never edit.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE sessions (
            id           TEXT PRIMARY KEY,
            routine_id   TEXT NOT NULL,
            routine_name TEXT NOT NULL,
            started_at   TEXT NOT NULL,     -- ISO 8601 with ms and the offset it was played in
            started_ms   INTEGER NOT NULL,  -- the same instant in Unix ms: history's order
            day          TEXT NOT NULL,     -- local date of started_at, YYYY-MM-DD
            ended_at     TEXT,
            -- 'interrupted' is never stored: it is an in_progress session nobody holds
            status       TEXT NOT NULL CHECK (status IN ('in_progress', 'completed', 'aborted')),
            pain_before  INTEGER CHECK (pain_before BETWEEN 0 AND 10),
            pain_after   INTEGER CHECK (pain_after BETWEEN 0 AND 10),
            note         TEXT,
            owner_pid    INTEGER            -- NULL for imported sessions
        )""",
        "CREATE INDEX sessions_by_start ON sessions (started_ms, id)",
        "CREATE INDEX sessions_by_routine ON sessions (routine_id, started_ms, id)",
        "CREATE INDEX sessions_by_day ON sessions (day, status)",
        """CREATE TABLE steps (
            session_id      TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            seq             INTEGER NOT NULL,  -- order of recording within the session, from 0
            step_index      INTEGER NOT NULL,
            item            INTEGER,
            exercise        TEXT NOT NULL,
            kind            TEXT NOT NULL,
            side            TEXT,
            "set"           INTEGER,
            sets            INTEGER,
            round           INTEGER,
            rounds          INTEGER,
            variant         TEXT,
            planned_seconds REAL,
            actual_seconds  REAL NOT NULL,
            paused_seconds  REAL NOT NULL,
            reps            INTEGER,
            started_at      TEXT NOT NULL,
            ended_at        TEXT NOT NULL,
            status          TEXT NOT NULL CHECK (status IN ('done', 'skipped')),
            PRIMARY KEY (session_id, seq)
        ) WITHOUT ROWID""",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)

_step_values = operator.attrgetter(*STEP_FIELDS)
_STEP_COLUMNS = ", ".join(f'"{k}"' for k in STEP_FIELDS)
_INSERT_STEP = (f"INSERT INTO steps (session_id, seq, {_STEP_COLUMNS}) "
                f"VALUES (?, ?, {', '.join('?' * len(STEP_FIELDS))})")
_INSERT_SESSION = ("INSERT INTO sessions (id, routine_id, routine_name, started_at, started_ms,"
                   " day, ended_at, status, pain_before, pain_after, note, owner_pid)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_SUMMARY_COLUMNS = """s.id, s.routine_id, s.routine_name, s.started_at, s.ended_at, s.status,
    s.pain_before, s.pain_after, s.note, s.owner_pid,
    (SELECT COALESCE(SUM(actual_seconds), 0) FROM steps WHERE session_id = s.id),
    (SELECT COUNT(*) FROM steps WHERE session_id = s.id AND status = 'done'),
    (SELECT COUNT(*) FROM steps WHERE session_id = s.id AND status = 'skipped')"""
_NEWEST_FIRST = "ORDER BY s.started_ms DESC, s.id DESC"
_CORRUPT_CODES = {getattr(sqlite3, "SQLITE_NOTADB", 26), getattr(sqlite3, "SQLITE_CORRUPT", 11)}


# --- helpers ------------------------------------------------------------------------------

def _iso(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no UTC offset; history keeps aware times")
    return moment.isoformat(timespec="milliseconds")


def _when(moment: datetime) -> tuple[str, int, str]:
    """(ISO text, Unix ms, local date) of an aware time."""
    return _iso(moment), round(moment.timestamp() * 1000), moment.date().isoformat()


def _json_default(value: Any) -> str:
    # TOML's native dates and times, for TOML written by hand
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON data")


def _check_pain(pain: int | None, name: str) -> None:
    if pain is not None and (isinstance(pain, bool) or not isinstance(pain, int)
                             or not 0 <= pain <= 10):
        raise ValueError(f"{name} must be a whole number from 0 to 10 or None, got {pain!r}")


def _loc_text(loc: Sequence[str | int]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _toml_lines(text: str) -> dict[tuple, int]:
    """Line of each ``[[sessions]]`` / ``[[sessions.steps]]`` table and of each key in them,
    keyed by the path pydantic reports; enough to put a line on most schema problems."""
    lines: dict[tuple, int] = {}
    where: tuple = ()
    session = step = -1
    header = re.compile(r"\s*\[\[\s*sessions(\s*\.\s*steps)?\s*\]\]")
    key = re.compile(r"""\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")
    for number, line in enumerate(text.splitlines(), 1):
        if m := header.match(line):
            if m.group(1):
                step += 1
                where = ("sessions", session, "steps", step)
            else:
                session, step = session + 1, -1
                where = ("sessions", session)
            lines.setdefault(where, number)
        elif where and (m := key.match(line)):
            lines.setdefault(where + (m.group(1) or m.group(2) or m.group(3),), number)
    return lines


_JSON_SCALAR = re.compile(r"[^,\]}\s]+")
_JSON_SPACE = re.compile(r"\s*")


def _json_lines(text: str) -> dict[tuple, int]:
    """Line of every value of a JSON document (keys: paths of object keys and list indexes,
    as pydantic reports them). Only read when something is wrong, so a big import that is
    fine never pays for it; ``text`` must parse."""
    from bisect import bisect_right
    from json.decoder import scanstring

    breaks = [m.end() for m in re.finditer("\n", text)]
    lines: dict[tuple, int] = {}

    def space(i: int) -> int:
        return _JSON_SPACE.match(text, i).end()

    def value(i: int, path: tuple) -> int:
        """Index just after the value starting at or after ``i``."""
        i = space(i)
        lines.setdefault(path, bisect_right(breaks, i) + 1)
        opener = text[i]
        if opener == '"':
            return scanstring(text, i + 1)[1]
        if opener not in "[{":
            return _JSON_SCALAR.match(text, i).end()
        closer, n, i = ("]" if opener == "[" else "}"), 0, space(i + 1)
        while text[i] != closer:
            if opener == "{":
                key, i = scanstring(text, i + 1)
                i = value(space(i) + 1, path + (key,))  # past the ':'
            else:
                i = value(i, path + (n,))
                n += 1
            i = space(i)
            if text[i] == ",":
                i = space(i + 1)
        return i + 1

    value(0, ())
    return lines


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


def _atomic_write(path: Path, write: Callable[[Any], None], *, binary: bool = False) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb" if binary else "w", **({} if binary else
                                                  {"encoding": "utf-8", "newline": ""})) as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value


# --- the store ----------------------------------------------------------------------------

class HistoryStore:
    """The history in the SQLite file at ``path`` (``coach.paths.Locations.history_db``).

    Opening creates the file and its directory, migrates the schema, and moves a file that
    is not a database aside (:attr:`moved_aside`). Raises :class:`HistoryUnavailable` when
    the file cannot be opened or written. Safe to call from one thread at a time per method
    (calls are serialised), so a worker thread may use a store the app created.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self.lock_dir = self.path.with_name(self.path.name + ".locks")
        self.moved_aside: Path | None = None
        self._owned: dict[str, int] = {}  # session id -> fd holding its lock
        self._mutex = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._prepare_directories()
        try:
            self._conn = self._open()
        except sqlite3.DatabaseError as e:
            # Extended codes (SQLITE_CORRUPT_INDEX, ...) keep the primary code in the low byte.
            if (getattr(e, "sqlite_errorcode", 0) or 0) & 0xFF not in _CORRUPT_CODES:
                raise self._unavailable(e) from e
            self.moved_aside = self._move_aside()
            try:
                self._conn = self._open()
            except sqlite3.DatabaseError as e2:
                raise self._unavailable(e2) from e2

    # -- opening -------------------------------------------------------------------------

    def _unavailable(self, reason: object) -> HistoryUnavailable:
        return HistoryUnavailable(f"cannot keep history in {self.path}: {reason}")

    def _prepare_directories(self) -> None:
        for directory in (self.path.parent, self.lock_dir):
            try:
                directory.mkdir(parents=True, exist_ok=True)
            except FileExistsError:
                # A file where a directory should be: say it as the OS would on open.
                raise self._unavailable(f"{directory}: {os.strerror(errno.ENOTDIR)}") from None
            except OSError as e:
                raise self._unavailable(f"{e.filename or directory}: {e.strerror}") from e
        if self.path.is_dir():
            raise self._unavailable(f"{self.path}: {os.strerror(errno.EISDIR)}")
        if not os.access(self.path.parent, os.W_OK | os.X_OK):
            raise self._unavailable(f"{self.path.parent}: {os.strerror(errno.EACCES)}")

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
                               check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise sqlite3.OperationalError(f"cannot switch to WAL mode (got {mode})")
            # Durable through power loss, not only through a crash: one fsync per step.
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            self._migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")  # a second coach opening now waits, then sees it done
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise HistoryUnavailable(
                    f"cannot keep history in {self.path}: it was written by a newer coach "
                    f"(schema {version}, this coach knows up to {SCHEMA_VERSION})")
            for migration in MIGRATIONS[version:]:
                for statement in migration:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _move_aside(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        try:
            os.replace(self.path, aside)
            # A stale write-ahead log must not be replayed into the fresh file: it goes too.
            for companion in ("-wal", "-shm"):
                old = self.path.with_name(self.path.name + companion)
                if old.exists():
                    os.replace(old, aside.with_name(aside.name + companion))
        except FileNotFoundError:
            pass  # another coach moved it first
        except OSError as e:
            raise self._unavailable(f"it is damaged and cannot be moved aside: {e.strerror}")
        return aside

    # -- plumbing ------------------------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise HistoryError("the history store is closed")
        return self._conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock up front, so the busy timeout applies and a
        # read-then-write never fails on a snapshot another process has moved past.
        # A failing disk or a lock held past the timeout becomes HistoryUnavailable, so the
        # app can say so and let the workout go on.
        with self._mutex:
            conn = self.conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as e:
                raise self._unavailable(e) from e
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as e:
                if conn.in_transaction:
                    try:
                        conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass  # the transaction is gone either way
                if isinstance(e, sqlite3.Error):
                    raise self._unavailable(e) from e
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
                conn.execute("COMMIT")

    def _lock_path(self, session_id: str) -> Path:
        return self.lock_dir / f"{uuid.UUID(session_id)}.lock"

    def _take_lock(self, session_id: str) -> None:
        try:
            self.lock_dir.mkdir(exist_ok=True)
            fd = os.open(self._lock_path(session_id), os.O_RDWR | os.O_CREAT, 0o644)
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
            self._lock_path(session_id).unlink(missing_ok=True)
            os.close(fd)

    def _held_elsewhere(self, session_id: str) -> bool:
        try:
            fd = os.open(self._lock_path(session_id), os.O_RDWR)
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
            return row[0] if row else stored
        return "interrupted"

    def _summary(self, row: Sequence) -> SessionSummary:
        return SessionSummary(
            id=row[0], routine_id=row[1], routine_name=row[2],
            started_at=datetime.fromisoformat(row[3]),
            ended_at=datetime.fromisoformat(row[4]) if row[4] else None,
            status=self._live_status(row[0], row[5], row[9]),  # type: ignore[arg-type]
            pain_before=row[6], pain_after=row[7], note=row[8], owner_pid=row[9],
            active_seconds=round(row[10], 3), steps_done=row[11], steps_skipped=row[12],
        )

    def _row(self, session_id: str) -> tuple:
        row = self.conn.execute("SELECT status, owner_pid FROM sessions WHERE id = ?",
                                (session_id,)).fetchone()
        if row is None:
            raise SessionNotFound(f"no session {session_id} in {self.path}")
        return row

    def _require_owned(self, session_id: str) -> None:
        if session_id not in self._owned:
            self._row(session_id)
            raise HistoryError(f"session {session_id} is not being recorded by this coach")

    # -- recording -----------------------------------------------------------------------

    def start_session(self, routine_id: str, routine_name: str, pain_before: int | None,
                      started_at: datetime) -> str:
        """Record a new session as ``in_progress`` and hold it; returns its id (a uuid)."""
        _check_pain(pain_before, "pain_before")
        iso, started_ms, day = _when(started_at)
        session_id = str(uuid.uuid4())
        with self._mutex:
            self._take_lock(session_id)  # before the row exists: no reader sees it unheld
            try:
                with self._write() as c:
                    c.execute(_INSERT_SESSION, (session_id, routine_id, routine_name, iso,
                                                started_ms, day, None, "in_progress",
                                                pain_before, None, None, os.getpid()))
            except BaseException:
                self._drop_lock(session_id)
                raise
        return session_id

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

    def finish_session(self, session_id: str, status: Literal["completed", "aborted"],
                       ended_at: datetime, pain_after: int | None = None,
                       note: str | None = None) -> None:
        """End a session this store holds; ``pain_after`` and ``note`` left ``None`` keep
        whatever was set before. Releases the session's lock."""
        if status not in ("completed", "aborted"):
            raise ValueError(f"a session ends 'completed' or 'aborted', not {status!r}")
        _check_pain(pain_after, "pain_after")
        iso = _iso(ended_at)
        with self._mutex:
            self._require_owned(session_id)
            with self._write() as c:
                c.execute("UPDATE sessions SET status = ?, ended_at = ?,"
                          " pain_after = COALESCE(?, pain_after), note = COALESCE(?, note)"
                          " WHERE id = ?", (status, iso, pain_after, note, session_id))
            self._drop_lock(session_id)

    def set_pain_after(self, session_id: str, pain_after: int | None) -> None:
        """Change pain after on any session (the summary screen asks after the end)."""
        _check_pain(pain_after, "pain_after")
        self._update(session_id, "pain_after", pain_after)

    def set_note(self, session_id: str, note: str | None) -> None:
        self._update(session_id, "note", note)

    def _update(self, session_id: str, column: str, value: Any) -> None:
        with self._write() as c:
            if c.execute(f"UPDATE sessions SET {column} = ? WHERE id = ?",
                         (value, session_id)).rowcount == 0:
                raise SessionNotFound(f"no session {session_id} in {self.path}")

    def resume_point(self, session_id: str) -> int:
        """The step index after the last recorded step (0 when none was recorded)."""
        with self._mutex:
            self._row(session_id)
            row = self.conn.execute(
                "SELECT step_index FROM steps WHERE session_id = ? ORDER BY seq DESC LIMIT 1",
                (session_id,)).fetchone()
        return 0 if row is None else row[0] + 1

    def resume_session(self, session_id: str) -> int:
        """Take an interrupted session over: hold it, mark it ``in_progress`` again and
        return :meth:`resume_point`. Steps recorded next continue the same session."""
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

    def status(self, session_id: str) -> SessionStatus:
        with self._mutex:
            stored, owner_pid = self._row(session_id)
            return self._live_status(session_id, stored, owner_pid)  # type: ignore[return-value]

    def sessions(self, limit: int = 50, offset: int = 0,
                 routine: str | None = None) -> list[SessionSummary]:
        """One page of sessions, newest first, without their steps."""
        where, args = ("WHERE s.routine_id = ?", [routine]) if routine is not None else ("", [])
        with self._mutex:
            rows = self.conn.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM sessions s {where} {_NEWEST_FIRST}"
                " LIMIT ? OFFSET ?", (*args, limit, offset)).fetchall()
            return [self._summary(r) for r in rows]

    def count(self, routine: str | None = None) -> int:
        with self._mutex:
            if routine is None:
                return self.conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
            return self.conn.execute("SELECT COUNT(*) FROM sessions WHERE routine_id = ?",
                                     (routine,)).fetchone()[0]

    def session(self, session_id: str) -> SessionRecord:
        """One session with all its steps; :class:`SessionNotFound` if there is none."""
        with self._mutex:
            with self._read() as c:
                row = c.execute(f"SELECT {_SUMMARY_COLUMNS} FROM sessions s WHERE s.id = ?",
                                (session_id,)).fetchone()
                steps = self._steps_of(c, [session_id]).get(session_id, [])
            if row is None:
                raise SessionNotFound(f"no session {session_id} in {self.path}")
            summary = self._summary(row)
        return SessionRecord(**vars(summary), steps=tuple(steps))

    @staticmethod
    def _steps_of(c: sqlite3.Connection, ids: Sequence[str]) -> dict[str, list[dict]]:
        found: dict[str, list[dict]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows = c.execute(
                f"SELECT session_id, {_STEP_COLUMNS} FROM steps WHERE session_id IN"
                f" ({', '.join('?' * len(chunk))}) ORDER BY session_id, seq", chunk)
            for row in rows:
                found.setdefault(row[0], []).append(dict(zip(STEP_FIELDS, row[1:])))
        return found

    def delete(self, session_id: str) -> bool:
        """Remove a session and its steps; False if there was none. A session live in
        another coach cannot be deleted."""
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
            else:
                self._lock_path(session_id).unlink(missing_ok=True)
            return True

    def routines(self) -> list[tuple[str, str]]:
        """(routine id, the name it had most recently) of every routine in history, by name."""
        with self._mutex:
            rows = self.conn.execute(
                "SELECT routine_id, routine_name FROM sessions s WHERE started_ms ="
                " (SELECT MAX(started_ms) FROM sessions WHERE routine_id = s.routine_id)"
                " GROUP BY routine_id ORDER BY routine_name COLLATE NOCASE, routine_id"
            ).fetchall()
        return [(r[0], r[1]) for r in rows]

    # -- statistics for the history pane -------------------------------------------------

    @staticmethod
    def _counted(completed_only: bool) -> str:
        return "AND status = 'completed'" if completed_only else ""

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

    def streaks(self, today: date, *, completed_only: bool = True) -> tuple[int, int]:
        """(current, longest) runs of consecutive counted days up to ``today``. The current
        run may end yesterday: today is not over, so not having played yet breaks nothing."""
        with self._mutex:
            days = [date.fromisoformat(r[0]) for r in self.conn.execute(
                f"SELECT DISTINCT day FROM sessions WHERE day <= ? {self._counted(completed_only)}"
                " ORDER BY day", (today.isoformat(),))]
        longest = run = 0
        previous: date | None = None
        for day in days:
            run = run + 1 if previous is not None and day - previous == timedelta(1) else 1
            longest = max(longest, run)
            previous = day
        current = run if previous is not None and (today - previous).days <= 1 else 0
        return current, longest

    def week(self, today: date, *, completed_only: bool = True) -> tuple[int, float]:
        """(sessions, active minutes) counted from this week's Monday through ``today``."""
        monday = today - timedelta(days=today.weekday())
        with self._mutex:
            n, seconds = self.conn.execute(
                "SELECT COUNT(*), COALESCE(SUM((SELECT SUM(actual_seconds) FROM steps"
                " WHERE session_id = s.id)), 0) FROM sessions s WHERE day BETWEEN ? AND ? "
                f"{self._counted(completed_only)}",
                (monday.isoformat(), today.isoformat())).fetchone()
        return n, round(seconds / 60, 1)

    def pain_series(self, today: date, last: int = 14) -> list[PainPoint]:
        """Pain before/after of the last ``last`` sessions up to ``today`` that have either,
        oldest first, whatever their status."""
        with self._mutex:
            rows = self.conn.execute(
                "SELECT id, day, pain_before, pain_after FROM sessions s WHERE day <= ? AND"
                f" (pain_before IS NOT NULL OR pain_after IS NOT NULL) {_NEWEST_FIRST} LIMIT ?",
                (today.isoformat(), last)).fetchall()
        return [PainPoint(r[0], date.fromisoformat(r[1]), r[2], r[3]) for r in reversed(rows)]

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

    def to_document(self, limit: int | None = None) -> dict:
        """The exchange document of the last ``limit`` sessions (all when None), oldest
        first: ``{"sessions": [...]}`` as :class:`SessionDoc` describes, None kept."""
        with self._mutex:
            with self._read() as c:
                rows = c.execute(f"SELECT {_SUMMARY_COLUMNS} FROM sessions s {_NEWEST_FIRST}"
                                 " LIMIT ?", (-1 if limit is None else limit,)).fetchall()
                steps = self._steps_of(c, [r[0] for r in rows])
            sessions = []
            for row in reversed(rows):
                s = self._summary(row)
                sessions.append({
                    "id": s.id, "routine": s.routine_id, "routine_name": s.routine_name,
                    "started_at": row[3], "ended_at": row[4], "status": s.status,
                    "pain_before": s.pain_before, "pain_after": s.pain_after, "note": s.note,
                    "active_seconds": s.active_seconds, "steps": steps.get(s.id, []),
                })
        return {"sessions": sessions}

    def export(self, path: str | os.PathLike) -> int:
        """Write all history to ``path`` as .json, .toml (None keys left out) or .csv (one
        row per step; a session without steps gets one row with empty step columns).
        Written atomically. Returns the number of sessions written."""
        path = Path(path)
        kind = path.suffix.lower()
        if kind not in (".json", ".toml", ".csv"):
            raise HistoryError(f"{path}: cannot export to '{kind}', use .json, .toml or .csv")
        doc = self.to_document()
        if kind == ".json":
            _atomic_write(path, lambda f: self._write_json(doc, f))
        elif kind == ".toml":
            import tomli_w

            _atomic_write(path, lambda f: tomli_w.dump(_without_none(doc), f), binary=True)
        else:
            _atomic_write(path, lambda f: self._write_csv(doc, f))
        return len(doc["sessions"])

    @staticmethod
    def _write_json(doc: dict, f: Any) -> None:
        """A session's fields on a line, then each of its steps on a line of its own: easy to
        read and to diff, and written by json's C encoder (``indent=`` makes json fall back
        to pure Python, five times slower on ten years of history)."""
        def dumps(value: Any) -> str:
            return json.dumps(value, ensure_ascii=False)

        f.write('{"sessions": [')
        for i, s in enumerate(doc["sessions"]):
            head = dumps({k: v for k, v in s.items() if k != "steps"})
            f.write(f'{"," if i else ""}\n  {head[:-1]}, "steps": [')
            for j, step in enumerate(s["steps"]):
                f.write(f'{"," if j else ""}\n    {dumps(step)}')
            f.write("\n  ]}" if s["steps"] else "]}")
        f.write("\n]}\n")

    @staticmethod
    def _write_csv(doc: dict, f: Any) -> None:
        out = csv.writer(f)
        out.writerow(SESSION_CSV_FIELDS + STEP_FIELDS)
        for s in doc["sessions"]:
            head = [s["id"], s["routine"], s["routine_name"], s["started_at"], s["ended_at"],
                    s["status"], s["pain_before"], s["pain_after"]]
            head = ["" if v is None else v for v in head]
            for step in s["steps"] or [{}]:
                out.writerow(head + ["" if step.get(k) is None else step[k]
                                     for k in STEP_FIELDS])

    def import_file(self, path: str | os.PathLike) -> int:
        """Add the sessions of a .json or .toml export that are not here yet (by id), all in
        one transaction; returns how many were added. Raises :class:`HistoryImportError`
        listing every problem, and changes nothing, when the file is not valid."""
        path = Path(path)
        name = str(path)
        kind = path.suffix.lower()
        if kind not in (".json", ".toml"):
            raise HistoryImportError([Problem(name, None, "",
                                              f"cannot import '{kind}' files, use .json or .toml")])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            reason = e.strerror if isinstance(e, OSError) else "not UTF-8 text"
            raise HistoryImportError([Problem(name, None, "", f"cannot read: {reason}")]) from e
        lines: dict[tuple, int] | None = None  # JSON: found only if something is wrong
        if kind == ".toml":
            try:
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError as e:
                m = re.search(r"\(at line (\d+), column \d+\)", str(e))
                message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "",
                                 str(e))
                raise HistoryImportError([Problem(name, int(m.group(1)) if m else None, "",
                                                  message)]) from e
            lines = _toml_lines(text)
            text = json.dumps(data, default=_json_default)
        doc = self._validate(name, text, lines)
        return self._add(doc)

    @staticmethod
    def _validate(name: str, text: str, lines: dict[tuple, int] | None) -> HistoryDoc:
        """The document in ``text`` (JSON); ``lines`` maps paths to lines of the file as
        written, None when that is ``text`` itself."""
        def line_of(loc: tuple) -> int | None:
            nonlocal lines
            if lines is None:
                lines = _json_lines(text)
            for end in range(len(loc), 0, -1):
                if loc[:end] in lines:
                    return lines[loc[:end]]
            return None

        try:
            doc = HistoryDoc.model_validate_json(text)
        except ValidationError as e:
            errors = e.errors()
            if any(err["type"] == "json_invalid" for err in errors):
                try:  # the standard parser says on which line
                    json.loads(text)
                except json.JSONDecodeError as je:
                    raise HistoryImportError([Problem(name, je.lineno, "", je.msg)]) from None
            raise HistoryImportError([Problem(name, line_of(tuple(err["loc"])),
                                              _loc_text(err["loc"]), _say(err))
                                      for err in errors]) from None
        seen: dict[str, int] = {}
        problems = []
        for i, s in enumerate(doc.sessions):
            if s.id in seen:
                problems.append(Problem(name, line_of(("sessions", i, "id")),
                                        f"sessions[{i}].id",
                                        f"the same id as sessions[{seen[s.id]}]"))
            seen.setdefault(s.id, i)
        if problems:
            raise HistoryImportError(problems)
        return doc

    def _add(self, doc: HistoryDoc) -> int:
        with self._write() as c:
            ids = [s.id for s in doc.sessions]
            existing: set[str] = set()
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                existing.update(r[0] for r in c.execute(
                    f"SELECT id FROM sessions WHERE id IN ({', '.join('?' * len(chunk))})",
                    chunk))
            new = [s for s in doc.sessions if s.id not in existing]
            session_rows, step_rows = [], []
            for s in new:
                _, started_ms, day = _when(datetime.fromisoformat(s.started_at))
                # Nobody here holds an imported session open: in_progress reads interrupted.
                stored = "in_progress" if s.status in ("in_progress", "interrupted") else s.status
                session_rows.append((s.id, s.routine, s.routine_name, s.started_at, started_ms,
                                     day, s.ended_at, stored, s.pain_before, s.pain_after,
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


def _say(err: Any) -> str:
    """A pydantic error about the document in words."""
    kind = err["type"]
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind == "string_pattern_mismatch" and err["loc"][-1] in ("started_at", "ended_at"):
        if re.fullmatch(_CLOCK, err["input"]):
            return f"time {err['input']!r} has no UTC offset (add one, e.g. +01:00 or Z)"
        return ("expected an ISO 8601 time with a UTC offset like "
                f"'2026-11-23T09:00:05.000+01:00', got {err['input']!r}")
    return describe_error(err, _fields_at(tuple(err["loc"])))


def _fields_at(loc: tuple) -> tuple[str, ...]:
    """The keys allowed where an unknown key was found, for 'did you mean'."""
    model: type[BaseModel] = HistoryDoc
    for part in loc[:-1]:
        model = {"sessions": SessionDoc, "steps": StepDoc}.get(str(part), model)
    return tuple(model.model_fields)
