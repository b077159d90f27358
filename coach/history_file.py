"""The history's SQLite file itself: opening it to read and write, or to read only; its
schema and migrations; telling damage from other failures; and moving a damaged or foreign
file aside, with its ``-wal`` and ``-shm``, never deleting it.

- **Read-only.** Where the data directory or the file cannot be written (permissions, a
  read-only mount), the history is opened with ``mode=ro``; if SQLite cannot set up the
  shared memory a WAL reader needs (no ``-shm`` and no right to create one), with
  ``immutable=1`` as well, which reads the main file alone: what is still in the write-ahead
  log of a coach that died is then not seen, but nothing is ever written.
- **Damage.** ``SQLITE_CORRUPT`` and ``SQLITE_NOTADB`` (:func:`is_damage`), whether met at
  open or later, mean the file cannot be trusted; the store moves it aside with
  :func:`move_aside` and starts a fresh one.
- **Version 0 with tables.** A database whose ``user_version`` was reset but that holds
  coach's own two tables is adopted (brought to the current version); one holding other
  tables is :class:`NotCoachHistory` and is moved aside like a damaged one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import time
import uuid
from pathlib import Path
from urllib.parse import quote

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "NotCoachHistory",
    "SchemaTooNew",
    "close_after_moving",
    "is_damage",
    "move_aside",
    "open_read_only",
    "open_writable",
    "read_only_reason",
]

_CORRUPT_CODES = {getattr(sqlite3, "SQLITE_NOTADB", 26), getattr(sqlite3, "SQLITE_CORRUPT", 11)}
# What a read-only open fails with when the WAL's shared memory cannot be had.
_NO_SHARED_MEMORY = {getattr(sqlite3, "SQLITE_CANTOPEN", 14),
                     getattr(sqlite3, "SQLITE_READONLY", 8), getattr(sqlite3, "SQLITE_IOERR", 10)}


class NotCoachHistory(Exception):
    """A SQLite database, but holding tables coach did not make."""


class SchemaTooNew(Exception):
    """Written by a newer coach: ``args[0]`` is its schema version."""


def _code(exc: BaseException) -> int:
    # Extended codes (SQLITE_CORRUPT_INDEX, ...) keep the primary code in the low byte.
    return (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def is_damage(exc: BaseException) -> bool:
    """Whether ``exc`` says the file is damaged or is not a database at all."""
    return isinstance(exc, NotCoachHistory) or (
        isinstance(exc, sqlite3.DatabaseError) and _code(exc) in _CORRUPT_CODES)


# --- schema ---------------------------------------------------------------------------------

_SESSIONS = """CREATE TABLE sessions (
            id           TEXT PRIMARY KEY,
            routine_id   TEXT NOT NULL,
            routine_name TEXT NOT NULL,
            started_at   TEXT NOT NULL,     -- ISO 8601 with ms and the offset it was played in
            started_ms   INTEGER NOT NULL,  -- the same instant in Unix ms: history's order
            day          TEXT NOT NULL,     -- local date of started_at, YYYY-MM-DD
            ended_at     TEXT,
            -- 'interrupted' is never stored: it is an in_progress session nobody holds;
            -- 'skipped' is allowed from version 3 (see _allow_skipped)
            status       TEXT NOT NULL CHECK (status IN ('in_progress', 'completed', 'aborted')),
            pain_before  INTEGER CHECK (pain_before BETWEEN 0 AND 10),
            pain_after   INTEGER CHECK (pain_after BETWEEN 0 AND 10),
            note         TEXT,
            owner_pid    INTEGER            -- NULL for imported sessions
        )"""
_STEPS = """CREATE TABLE steps (
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
        ) WITHOUT ROWID"""
_INDEXES = (
    "CREATE INDEX sessions_by_start ON sessions (started_ms, id)",
    "CREATE INDEX sessions_by_routine ON sessions (routine_id, started_ms, id)",
    "CREATE INDEX sessions_by_day ON sessions (day, status)",
)
# The columns of coach's own tables, to know them in a database whose version was reset.
_COLUMNS = {
    "sessions": ("id", "routine_id", "routine_name", "started_at", "started_ms", "day",
                 "ended_at", "status", "pain_before", "pain_after", "note", "owner_pid"),
    "steps": ("session_id", "seq", "step_index", "item", "exercise", "kind", "side", "set",
              "sets", "round", "rounds", "variant", "planned_seconds", "actual_seconds",
              "paused_seconds", "reps", "started_at", "ended_at", "status"),
}


def _canonical_ids(conn: sqlite3.Connection) -> None:
    """Every session id in one spelling, lower case with hyphens, as imports now store it
    (older imports kept the spelling of the file). An id whose one spelling is already taken
    (the same session imported twice, spelled two ways) keeps its own: nothing is merged
    or dropped."""
    taken = {row[0] for row in conn.execute("SELECT id FROM sessions")}
    conn.execute("PRAGMA defer_foreign_keys = ON")  # steps follow within the transaction
    for old in sorted(i for i in taken if isinstance(i, str)):
        try:
            new = str(uuid.UUID(old))
        except ValueError:
            continue  # not a uuid at all: left as it is
        if new == old or new in taken:
            continue
        conn.execute("UPDATE sessions SET id = ? WHERE id = ?", (new, old))
        conn.execute("UPDATE steps SET session_id = ? WHERE session_id = ?", (new, old))
        taken.add(new)


def _allow_skipped(conn: sqlite3.Connection) -> None:
    """Sessions may be ``skipped`` (played to the end, no work step done). SQLite cannot
    change a CHECK constraint, so the table is made anew, as SQLite's documentation says
    (foreign keys are off meanwhile: see :func:`_migrate`); then every session an older
    coach stored ``completed`` though none of its work steps was done says ``skipped``."""
    from coach.outcomes import work_count_sql

    conn.execute(_SESSIONS.replace("CREATE TABLE sessions", "CREATE TABLE sessions_new")
                 .replace("'completed', 'aborted'", "'completed', 'skipped', 'aborted'"))
    conn.execute("INSERT INTO sessions_new SELECT * FROM sessions")  # the same columns
    conn.execute("DROP TABLE sessions")
    conn.execute("ALTER TABLE sessions_new RENAME TO sessions")
    for statement in _INDEXES:
        conn.execute(statement)
    conn.execute("UPDATE sessions SET status = 'skipped' WHERE status = 'completed'"
                 f" AND {work_count_sql('sessions.id', done=True)} = 0"
                 f" AND {work_count_sql('sessions.id', done=False)} > 0")


# MIGRATIONS[n] takes a database from ``user_version`` n to n + 1: SQL statements, or a
# function of the connection. Append, never edit.
MIGRATIONS: tuple[tuple, ...] = (
    (_SESSIONS, *_INDEXES, _STEPS),
    (_canonical_ids,),
    (_allow_skipped,),
)
SCHEMA_VERSION = len(MIGRATIONS)


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%'"
        " ESCAPE '\\'")}


def _is_coach_schema(conn: sqlite3.Connection, tables: set[str]) -> bool:
    if not set(_COLUMNS) <= tables:
        return False
    return all(tuple(row[1] for row in conn.execute(f"PRAGMA table_info({name})")) == columns
               for name, columns in _COLUMNS.items())


def _migrate(conn: sqlite3.Connection) -> None:
    if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    # A table rebuilt drops the old one, which with foreign keys on would delete every step
    # with it (ON DELETE CASCADE). The pragma can only change outside a transaction. No
    # foreign_key_check after: a rebuild copies every row, so it adds no broken link, and
    # one made by a hand edit (the sqlite3 shell has foreign keys off) must not lock the
    # person out of their history.
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        _migrate_now(conn)
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


def _migrate_now(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")  # a second coach opening now waits, then sees it done
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(version)
        if version == 0:
            tables = _tables(conn)
            if tables and not _is_coach_schema(conn, tables):
                raise NotCoachHistory(", ".join(sorted(tables)))
            if tables:  # coach's own tables, the version reset: adopt them
                for statement in _INDEXES:
                    conn.execute(statement.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS"))
                version = 1
        for migration in MIGRATIONS[version:]:
            for step in migration:
                if callable(step):
                    step(conn)
                else:
                    conn.execute(step)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


# --- opening --------------------------------------------------------------------------------

def _settings(conn: sqlite3.Connection, timeout: float) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")


def open_writable(path: Path, timeout: float) -> tuple[sqlite3.Connection, Path | None]:
    """A connection to read and write the history at ``path``, created and migrated as
    needed, and where the file was when it was found damaged or not coach's (it is moved
    aside and a fresh one started), else None. Raises ``sqlite3.Error``,
    :class:`SchemaTooNew`, or ``OSError`` when a damaged file cannot be moved."""
    try:
        return _open_writable(path, timeout), None
    except _MovedAside as moved:
        return _open_writable(path, timeout), moved.args[0]


class _MovedAside(Exception):
    """The file opened was damaged; it is now at ``args[0]``."""


def _open_writable(path: Path, timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None,
                           check_same_thread=False)
    try:
        _settings(conn, timeout)
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise sqlite3.OperationalError(f"cannot switch to WAL mode (got {mode})")
        # Durable through power loss, not only through a crash: one fsync per step.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        _migrate(conn)
    except BaseException as exc:
        if is_damage(exc):
            raise _MovedAside(close_after_moving(path, conn)) from exc
        conn.close()
        raise
    return conn


def close_after_moving(path: Path, conn: sqlite3.Connection | None) -> Path:
    """Move the damaged history at ``path`` aside, then close ``conn`` (its connection).
    In that order: closing the last connection to a file makes SQLite merge its ``-wal``
    into it and delete the ``-wal`` and ``-shm`` by name; once they are renamed, it finds
    neither, and the three stay together as they were. Raises OSError (``conn`` closed)."""
    try:
        return move_aside(path)
    finally:
        if conn is not None:
            try:
                conn.close()
            except sqlite3.Error:
                pass  # it is gone either way


def open_read_only(path: Path, timeout: float) -> sqlite3.Connection:
    """A connection that can only read the history at ``path``; ``immutable=1`` when a
    plain read-only one cannot read. Raises ``FileNotFoundError`` when there is no file,
    ``sqlite3.Error``, :class:`NotCoachHistory` or :class:`SchemaTooNew`."""
    if not path.is_file():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
    uri = f"file:{quote(str(path.absolute()))}?mode=ro"
    try:
        return _read_only(uri, timeout)
    except sqlite3.OperationalError as exc:
        if _code(exc) not in _NO_SHARED_MEMORY:
            raise
    return _read_only(uri + "&immutable=1", timeout)


def _read_only(uri: str, timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None,
                           check_same_thread=False)
    try:
        _settings(conn, timeout)
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(version)
        tables = _tables(conn)
        if tables and not _is_coach_schema(conn, tables):
            raise NotCoachHistory(", ".join(sorted(tables)))
        if not tables:
            raise sqlite3.OperationalError("it holds no history yet")
    except BaseException:
        conn.close()
        raise
    return conn


def read_only_reason(path: Path) -> str | None:
    """Why the history at ``path`` can only be read (its directory or the file cannot be
    written), or None when it can be written or there is no file to read."""
    directory = path.parent
    if not path.is_file():
        return None
    for target in (directory, path):
        if not os.access(target, os.W_OK):
            return f"{target}: {os.strerror(_why_not_writable(target))}"
    return None


def _why_not_writable(target: Path) -> int:
    try:
        if os.statvfs(target).f_flag & os.ST_RDONLY:
            return errno.EROFS
    except (OSError, AttributeError):
        pass
    return errno.EACCES


def move_aside(path: Path) -> Path:
    """Rename ``path`` and its ``-wal`` and ``-shm`` to ``<name>.corrupt-YYYYmmdd-HHMMSS``
    (``-2``, ... if taken) beside it, together: a stale write-ahead log must never be
    replayed into a fresh file. Returns the new path. Raises OSError."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while any(aside.with_name(aside.name + end).exists() for end in ("", "-wal", "-shm")):
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    try:
        os.replace(path, aside)
    except FileNotFoundError:
        pass  # another coach moved it first
    for companion in ("-wal", "-shm"):
        old = path.with_name(path.name + companion)
        with contextlib.suppress(FileNotFoundError):
            os.replace(old, aside.with_name(aside.name + companion))
    return aside
