"""The store's one connection to its history file: opening it (to write, or to read only),
its transactions, and what a failure means for the caller: every ``sqlite3`` error becomes
a :class:`~coach.history.errors.HistoryError`, damage moves the file aside and starts a
fresh one.

- **Read-only is still history.** A data directory or file coach cannot write (permissions,
  a read-only mount) is opened to read only: every reader works, every write raises
  :class:`HistoryReadOnly` saying why. A directory that cannot even be read raises
  :class:`HistoryUnavailable` with the path and the OS's reason.
- **Never loses the old file.** A history file that is damaged or not coach's, found so when
  it is opened or at any read or write later, is renamed with its ``-wal`` and ``-shm``
  beside it (:attr:`HistoryConnection.moved_aside`) and a fresh one is started; damage found
  later raises :class:`HistoryDamaged` for the call that found it, so nothing meant for the
  old file is written into the new one.
- A write that cannot happen (full disk, a lock held past the timeout) raises
  :class:`HistoryUnavailable` and leaves everything committed before it as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from coach.history import database
from coach.history.errors import HistoryDamaged, HistoryError, HistoryReadOnly, HistoryUnavailable
from coach.history.schema import SCHEMA_VERSION, NotCoachHistory, SchemaTooNew

__all__ = ["BUSY_TIMEOUT_SECONDS", "HistoryConnection"]

BUSY_TIMEOUT_SECONDS = 30.0


class HistoryConnection:
    """The connection to the history at ``path``, made at once; see the module's docstring.
    ``lock_dir`` (the session locks' directory) is made beside it when it can be written.
    ``on_damage`` is called, under :attr:`mutex`, before a file found damaged in use is
    moved aside (the sessions held in it are let go). Calls are serialised on
    :attr:`mutex`, which callers take too for work of several statements."""

    def __init__(self, path: Path, *, lock_dir: Path, read_only: bool,
                 on_damage: Callable[[], None]) -> None:
        self.path = path
        self.lock_dir = lock_dir
        self.moved_aside: Path | None = None
        # Why this history can only be read, or None when it can be written.
        self.read_only_reason: str | None = "it was opened to read only" if read_only else None
        self.mutex = threading.RLock()
        self._on_damage = on_damage
        self._conn: sqlite3.Connection | None = None
        self._lost: str | None = None  # why there is no connection, once it was given up
        self._prepare_directories()
        self._conn = self._connect()

    @property
    def read_only(self) -> bool:
        """True when this history is shown but nothing can be written to it."""
        return self.read_only_reason is not None

    # -- opening -------------------------------------------------------------------------

    def unavailable(self, reason: object) -> HistoryUnavailable:
        """The error that says this history cannot be kept, and why."""
        return HistoryUnavailable(f"cannot keep history in {self.path}: {reason}")

    def _prepare_directories(self) -> None:
        if self.read_only:
            return  # nothing is created
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            # A file where a directory should be: say it as the OS would on open.
            raise self.unavailable(
                f"{self.path.parent}: {os.strerror(errno.ENOTDIR)}") from None
        except OSError as e:
            raise self.unavailable(f"{e.filename or self.path.parent}: {e.strerror}") from e
        if self.path.is_dir():
            raise self.unavailable(f"{self.path}: {os.strerror(errno.EISDIR)}")
        self.read_only_reason = database.read_only_reason(self.path)
        if self.read_only_reason is not None:
            return
        if not os.access(self.path.parent, os.W_OK | os.X_OK):
            raise self.unavailable(f"{self.path.parent}: {os.strerror(errno.EACCES)}")
        try:
            self.lock_dir.mkdir(exist_ok=True)
        except FileExistsError:
            raise self.unavailable(f"{self.lock_dir}: {os.strerror(errno.ENOTDIR)}") from None
        except OSError as e:
            raise self.unavailable(f"{e.filename or self.lock_dir}: {e.strerror}") from e

    def _connect(self) -> sqlite3.Connection:
        """The connection; a damaged or foreign file is moved aside first when need be
        (:attr:`moved_aside`), unless this history is only read."""
        try:
            if self.read_only:
                return database.open_read_only(self.path, BUSY_TIMEOUT_SECONDS)
            conn, aside = database.open_writable(self.path, BUSY_TIMEOUT_SECONDS)
        except FileNotFoundError as e:  # read only, and there is no file to read
            raise self._open_failed(e) from e
        except OSError as e:  # damaged, and it cannot be renamed
            raise self.unavailable(f"it is damaged and cannot be moved aside: "
                                   f"{e.strerror or e}") from e
        except (sqlite3.Error, NotCoachHistory, SchemaTooNew) as e:
            raise self._open_failed(e) from e
        if aside is not None:
            self.moved_aside = aside
        return conn

    def _open_failed(self, e: BaseException) -> HistoryUnavailable:
        if isinstance(e, SchemaTooNew):
            return self.unavailable(
                f"it was written by a newer coach (schema {e.args[0]}, this coach knows up "
                f"to {SCHEMA_VERSION})")
        if isinstance(e, FileNotFoundError):
            return self.unavailable(f"there is no history yet, and {self.read_only_reason}")
        if database.is_damage(e) and self.read_only:
            what = (f"it is not a coach history (it holds the tables {e})"
                    if isinstance(e, NotCoachHistory) else f"it is damaged ({e})")
            return self.unavailable(f"{what}; it can only be read here, so it was left "
                                    "as it is")
        return self.unavailable(e)

    def failed(self, exc: sqlite3.Error) -> HistoryUnavailable:
        """What a failed statement means for the caller. Damage is dealt with here, as at
        open: the file moved aside with its -wal and -shm, a fresh history opened, and
        :class:`HistoryDamaged` for the caller, whose work is not redone on the new file."""
        if not database.is_damage(exc):
            return self.unavailable(exc)
        if self.read_only:
            return self._open_failed(exc)
        with self.mutex:
            self._on_damage()  # those sessions live in the damaged file
            conn, self._conn = self._conn, None
            try:
                aside = database.close_after_moving(self.path, conn)
                self.moved_aside = aside
                self._conn = self._connect()
            except OSError as e:
                lost = self.unavailable(f"it is damaged ({exc}) and cannot be moved aside: "
                                        f"{e.strerror or e}")
                self._lost = str(lost)
                return lost
            except HistoryUnavailable as e:
                self._lost = str(e)
                return e
        return HistoryDamaged(f"the history in {self.path} is damaged ({exc}); it was moved "
                              f"to {aside} and a fresh history started", aside)

    # -- statements ----------------------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        """The open connection. Raises :class:`HistoryUnavailable` once it was given up,
        :class:`HistoryError` once closed."""
        if self._conn is None:
            if self._lost is not None:
                raise HistoryUnavailable(self._lost)
            raise HistoryError("the history store is closed")
        return self._conn

    def writable(self) -> None:
        """Raises :class:`HistoryReadOnly`, saying why, when this history is only read."""
        if self.read_only_reason is not None:
            raise HistoryReadOnly(f"cannot save to the history in {self.path}: "
                                  f"{self.read_only_reason}")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed at the end of the block, rolled back on any
        error; a ``sqlite3`` error leaves as :meth:`failed` says."""
        # IMMEDIATE takes the write lock up front, so the busy timeout applies and a
        # read-then-write never fails on a snapshot another process has moved past.
        # A failing disk or a lock held past the timeout becomes HistoryUnavailable, so the
        # app can say so and let the workout go on.
        self.writable()
        with self.mutex:
            conn = self.conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as e:
                raise self.failed(e) from e
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as e:
                with contextlib.suppress(sqlite3.Error):  # the transaction is gone either way
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                if isinstance(e, sqlite3.Error):
                    raise self.failed(e) from e
                raise

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """One snapshot for several SELECTs."""
        with self.mutex:
            conn = self.conn
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                with contextlib.suppress(sqlite3.Error):  # nothing was written to keep
                    if conn.in_transaction:
                        conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection; later calls raise :class:`HistoryError`."""
        with self.mutex:
            if self._conn is not None:
                conn, self._conn = self._conn, None
                try:
                    conn.close()
                except sqlite3.Error as e:
                    raise self.unavailable(e) from e


_R = TypeVar("_R")


class StoreMethods:
    """The base of the store's methods kept in modules of their own (check-ins, pains,
    sides, plans, level choices, notes): the store's connection, and :meth:`_sql`, which
    runs one read or write and turns SQLite's failure into the store's error."""

    _db: HistoryConnection

    def _sql(self, work: Callable[[], _R]) -> _R:
        try:
            return work()
        except sqlite3.Error as exc:
            raise self._db.failed(exc) from exc
