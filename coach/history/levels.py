"""The person's level choices: holding, releasing or resetting one ranged item's level
(``coach level``, or the levels screen), kept in the history in the order made.

:class:`LevelMethods` gives :class:`~coach.history.HistoryStore` its level methods, and the
instants of a routine's played sessions, which the choices are merged with in time order
(:mod:`coach.progression`). As every store method, they raise
:class:`~coach.history.errors.HistoryError` where SQLite fails, never a ``sqlite3`` error.
A read-only history written before level choices existed has no table for them: it reads as
having none.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final, cast

from coach.coaching.levels import Choice
from coach.coaching.progression import LevelChoice
from coach.history import queries
from coach.history.connection import StoreMethods
from coach.history.rows import text, whole
from coach.history.schema import has_table

__all__ = ["CHOICES", "LevelChoice", "LevelMethods"]

CHOICES: Final = ("hold", "release", "reset")
# Sessions played to an end, as coach.history.pains reads them.
_PLAYED = "('completed', 'aborted')"


class LevelMethods(StoreMethods):
    """The store's level choices, and when each of a routine's sessions started."""


    def add_level_choice(self, at: datetime, routine: str, item: int, exercise: str,
                         choice: str) -> LevelChoice:
        """Keep the person's ``choice`` (hold, release or reset) for item ``item`` (1-based)
        of ``routine``, which plays ``exercise``, made at ``at`` (aware). Raises ValueError
        for a choice or item that cannot be one."""
        if choice not in CHOICES:
            raise ValueError(f"a level choice is one of {', '.join(CHOICES)}, got {choice!r}")
        if isinstance(item, bool) or not isinstance(item, int) or item < 1:
            raise ValueError(f"an item number is a whole number from 1, got {item!r}")
        iso, at_ms, _ = queries.stored_time(at)

        def add() -> LevelChoice:
            with self._db.write() as c:
                c.execute("INSERT INTO level_choices (at_ms, at, routine_id, item, exercise,"
                          " choice) VALUES (?, ?, ?, ?, ?, ?)",
                          (at_ms, iso, routine, item, exercise, choice))
            return LevelChoice(at_ms, item, exercise, cast(Choice, choice))
        return self._sql(add)

    def level_choices(self, routine: str) -> list[LevelChoice]:
        """Every choice made for ``routine``'s items, oldest first; a row a hand edit made
        unreadable is left out."""
        def read() -> list[LevelChoice]:
            with self._db.read() as c:
                if not has_table(c, "level_choices"):
                    return []
                rows = c.execute("SELECT at_ms, item, exercise, choice FROM level_choices"
                                 " WHERE routine_id = ? ORDER BY at_ms, rowid",
                                 (routine,)).fetchall()
            found = []
            for at_ms, item, exercise, choice in rows:
                when, number = whole(at_ms), whole(item, 1)
                if when is not None and number is not None and choice in CHOICES:
                    found.append(LevelChoice(when, number, text(exercise), choice))
            return found
        return self._sql(read)

    def session_starts(self, routine: str) -> dict[str, int]:
        """When each of ``routine``'s sessions played to an end started (Unix ms), by id,
        oldest first."""
        def read() -> dict[str, int]:
            with self._db.read() as c:
                rows = c.execute(f"SELECT id, started_ms FROM sessions WHERE routine_id = ?"
                                 f" AND status IN {_PLAYED} ORDER BY started_ms, id",
                                 (routine,)).fetchall()
            return {text(sid): whole(ms) or 0 for sid, ms in rows}
        return self._sql(read)
