"""The session locks: which coach is recording a session, told by an exclusive ``flock`` on
``<db>.locks/<session id>.lock`` that the OS drops when the process dies, however it dies.

The recording process holds its sessions' locks (:meth:`SessionLocks.take`); a reader that
finds a session ``in_progress`` probes its lock without blocking
(:meth:`SessionLocks.held_elsewhere`): held means the session is live in another coach,
free (or no lock file) means its recorder is gone. The store turns that into the status
``interrupted`` (see :mod:`coach.history.store`).
"""

from __future__ import annotations

import errno
import os
import sys
import time
import uuid
from pathlib import Path

__all__ = ["LOCK_TAKE_TRIES", "SessionLocks"]

LOCK_TAKE_TRIES = 50  # a reader probing a lock holds it for microseconds; retry past it


_BUSY = (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, errno.EDEADLK)

if sys.platform == "win32":  # pragma: no cover
    # msvcrt's byte locks die with the process too
    import msvcrt

    def _lock_try(fd: int) -> bool:
        """Take an exclusive lock on ``fd`` without waiting; False if someone holds it."""
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as e:
            if e.errno in _BUSY:
                return False
            raise
        return True

    def _lock_release(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_try(fd: int) -> bool:
        """Take an exclusive lock on ``fd`` without waiting; False if someone holds it."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno in _BUSY:
                return False
            raise
        return True

    def _lock_release(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class SessionLocks:
    """The lock files in ``lock_dir``, and the ones this process holds."""

    def __init__(self, lock_dir: Path) -> None:
        self.lock_dir = lock_dir
        self._held: dict[str, int] = {}  # session id -> fd holding its lock

    def __contains__(self, session_id: object) -> bool:
        """Whether this process holds the session's lock (records it)."""
        return session_id in self._held

    def path(self, session_id: str) -> Path | None:
        """The lock file of a session; None for an id that is not a uuid (a hand edit),
        which no coach can be recording."""
        try:
            return self.lock_dir / f"{uuid.UUID(session_id)}.lock"
        except (ValueError, TypeError, AttributeError):
            return None

    def take(self, session_id: str) -> bool:
        """Take the session's lock, making its file (and directory) as need be, retrying
        past a reader's probe, and note the owner's pid in it; False when another coach
        holds it. Raises ValueError for an id that is not a uuid, OSError (the error's
        ``filename`` is the lock file) when the file cannot be made or written."""
        path = self.path(session_id)
        if path is None:
            raise ValueError(f"not a uuid: {session_id!r}")
        self.lock_dir.mkdir(exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            for _ in range(LOCK_TAKE_TRIES):
                if _lock_try(fd):
                    os.ftruncate(fd, 0)
                    os.write(fd, f"{os.getpid()}\n".encode())
                    self._held[session_id] = fd
                    return True
                time.sleep(0.01)
        except OSError as e:
            os.close(fd)
            e.filename = e.filename or str(path)
            raise
        os.close(fd)
        return False

    def drop(self, session_id: str) -> None:
        """Let go of a session this process holds; nothing if it holds none."""
        fd = self._held.pop(session_id, None)
        if fd is not None:
            # Unlink while still holding it: a reader that opened it meanwhile gets a lock on
            # a dead file, re-reads the status, and sees what was just committed.
            path = self.path(session_id)
            if path is not None:
                path.unlink(missing_ok=True)
            os.close(fd)

    def drop_all(self) -> None:
        """Let go of every session this process holds."""
        for session_id in list(self._held):
            self.drop(session_id)

    def forget(self, session_id: str) -> None:
        """Remove the lock file of a deleted session: held here or left by a dead coach."""
        if session_id in self._held:
            self.drop(session_id)
        elif (path := self.path(session_id)) is not None:
            path.unlink(missing_ok=True)

    def held_elsewhere(self, session_id: str) -> bool:
        """Whether another process holds the session's lock: the probe, never blocking.
        What it says may be out of date by the time it returns: a caller re-reads what the
        lock guards after probing."""
        path = self.path(session_id)
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
