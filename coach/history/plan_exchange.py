"""Plans, missed-day answers and level choices between the history and the exchange
document (:mod:`coach.history.plan_document`): the stored rows as entries of an export, and
an import's entries added as rows.

Exported values are as stored, made JSON-safe, so a hand edit shows in the export as it is
and an import then says what is wrong. An import keeps the history's plan of a routine unless
the file's was set later (its ``set_at``, as an instant), the history's answer about a (day,
routine) unless the file's was given later, and adds a level choice only when none is kept
for the same instant, routine and item; so importing a file twice changes nothing the
second time. A history written before these tables existed has none to export.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from coach.coaching.plan import DAY_NAMES
from coach.history import queries
from coach.history.plan_document import LevelChoiceDoc, MissedDayDoc, PlanDoc, instant
from coach.history.rows import exported, moment
from coach.history.schema import has_table

__all__ = ["Taken", "add", "entries"]


class Taken(NamedTuple):
    """How many of each an import added, or replaced with a later one."""

    plans: int
    missed_days: int
    level_choices: int


def _day_names(days: Any) -> Any:
    """'0,2,4' as ["mon", "wed", "fri"]; what a hand edit made unreadable, as it is."""
    if not isinstance(days, str):
        return exported(days)
    parts = days.split(",")
    if all(p.isdigit() and int(p) < len(DAY_NAMES) for p in parts):
        return [DAY_NAMES[int(p)] for p in parts]
    return parts


def entries(c: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    """The document's ``plans`` (by routine), ``missed_days`` (by day) and ``level_choices``
    (by routine, oldest first), as stored."""
    found: dict[str, list[dict[str, Any]]] = {"plans": [], "missed_days": [],
                                              "level_choices": []}
    if has_table(c, "plans"):
        found["plans"] = [
            {"routine": exported(routine), "days": _day_names(days),
             "times": (times.split(",") if times else []) if isinstance(times, str)
             else exported(times),
             "set_at": exported(set_at)}
            for routine, days, times, set_at in c.execute(
                "SELECT routine_id, days, times, set_at FROM plans ORDER BY routine_id")]
    if has_table(c, "missed_days"):
        found["missed_days"] = [
            {"day": exported(day), "routine": exported(routine), "answer": exported(answer),
             "answered_at": exported(at)}
            for day, routine, answer, at in c.execute(
                "SELECT day, routine_id, answer, answered_at FROM missed_days"
                " ORDER BY day, routine_id")]
    if has_table(c, "level_choices"):
        found["level_choices"] = [
            {"at": exported(at), "routine": exported(routine), "item": exported(item),
             "exercise": exported(exercise), "choice": exported(choice)}
            for at, routine, item, exercise, choice in c.execute(
                "SELECT at, routine_id, item, exercise, choice FROM level_choices"
                " ORDER BY routine_id, at_ms, rowid")]
    return found


def _later(given: str, kept: object) -> bool:
    """Whether ``given`` (validated) is after ``kept`` (as stored; unreadable: before)."""
    was = moment(kept)
    return was is None or instant(given) > was


def add(c: sqlite3.Connection, plans: Sequence[PlanDoc], missed: Sequence[MissedDayDoc],
        choices: Sequence[LevelChoiceDoc]) -> Taken:
    """Add the entries (validated, one of each key) by the rules above, within the caller's
    write transaction."""
    planned = 0
    for p in plans:
        row = c.execute("SELECT set_at FROM plans WHERE routine_id = ?",
                        (p.routine,)).fetchone()
        if row is None or _later(p.set_at, row[0]):
            c.execute("INSERT OR REPLACE INTO plans (routine_id, days, times, set_at)"
                      " VALUES (?, ?, ?, ?)",
                      (p.routine, p.day_numbers(), ",".join(sorted(p.times)), p.set_at))
            planned += 1
    answered = 0
    for m in missed:
        row = c.execute("SELECT answered_at FROM missed_days WHERE day = ? AND routine_id = ?",
                        (m.day, m.routine)).fetchone()
        if row is None or _later(m.answered_at, row[0]):
            c.execute("INSERT OR REPLACE INTO missed_days (day, routine_id, answer,"
                      " answered_at) VALUES (?, ?, ?, ?)",
                      (m.day, m.routine, m.answer, m.answered_at))
            answered += 1
    chosen = 0
    for choice in choices:
        _, at_ms, _ = queries.stored_time(datetime.fromisoformat(choice.at))
        if c.execute("SELECT 1 FROM level_choices WHERE at_ms = ? AND routine_id = ?"
                     " AND item = ?", (at_ms, choice.routine, choice.item)).fetchone():
            continue
        c.execute("INSERT INTO level_choices (at_ms, at, routine_id, item, exercise, choice)"
                  " VALUES (?, ?, ?, ?, ?, ?)",
                  (at_ms, choice.at, choice.routine, choice.item, choice.exercise,
                   choice.choice))
        chosen += 1
    return Taken(planned, answered, chosen)
