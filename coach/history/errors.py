"""What the history store raises: :class:`HistoryError` and its kinds, each said for a person.

Screens and the command line catch :class:`HistoryError` alone: no ``sqlite3`` error leaves
the store (see :mod:`coach.history.connection`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coach.diagnostics import Problem

__all__ = [
    "HistoryDamaged",
    "HistoryError",
    "HistoryImportError",
    "HistoryReadOnly",
    "HistoryUnavailable",
    "SessionNotFound",
]


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
