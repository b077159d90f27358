"""The history's SQLite file itself: opening it to read and write (migrated to the current
schema), or to read only; telling damage from other failures; and moving a damaged or foreign
file aside, with its ``-wal`` and ``-shm``, never deleting it.

- **Read-only.** Where the data directory or the file cannot be written (permissions, a
  read-only mount), the history is opened with ``mode=ro``; if SQLite cannot set up the
  shared memory a WAL reader needs (no ``-shm`` and no right to create one), with
  ``immutable=1`` as well, which reads the main file alone: what is still in the write-ahead
  log of a coach that died is then not seen, but nothing is ever written.
- **Damage.** ``SQLITE_CORRUPT`` and ``SQLITE_NOTADB`` (:func:`is_damage`), whether met at
  open or later, mean the file cannot be trusted, as does a file holding tables coach did
  not make (:class:`~coach.history.schema.NotCoachHistory`); the store moves it aside with
  :func:`move_aside` and starts a fresh one.

The tables and migrations are :mod:`coach.history.schema`'s; what a failure means for the
store's caller is :mod:`coach.history.connection`'s.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

from coach.history.schema import (
    SCHEMA_VERSION,
    NotCoachHistory,
    SchemaTooNew,
    is_coach_schema,
    migrate,
    present_current,
    tables,
)

__all__ = [
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


def _code(exc: BaseException) -> int:
    # Extended codes (SQLITE_CORRUPT_INDEX, ...) keep the primary code in the low byte.
    return (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def is_damage(exc: BaseException) -> bool:
    """Whether ``exc`` says the file is damaged or is not a database at all."""
    return isinstance(exc, NotCoachHistory) or (
        isinstance(exc, sqlite3.DatabaseError) and _code(exc) in _CORRUPT_CODES)


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
        migrate(conn)
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
            with contextlib.suppress(sqlite3.Error):  # it is gone either way
                conn.close()


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
        found = tables(conn)
        if found and not is_coach_schema(conn, found):
            raise NotCoachHistory(", ".join(sorted(found)))
        if not found:
            raise sqlite3.OperationalError("it holds no history yet")
        present_current(conn)
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
    with contextlib.suppress(FileNotFoundError):  # another coach moved it first
        os.replace(path, aside)
    for companion in ("-wal", "-shm"):
        old = path.with_name(path.name + companion)
        with contextlib.suppress(FileNotFoundError):
            os.replace(old, aside.with_name(aside.name + companion))
    return aside
