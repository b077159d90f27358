"""The SQL the store and its statistics run, written once: the statements that insert
sessions and steps, the columns of a session summary, the reads they share, and the forms a
time is stored in.

A step row's columns are the step record's, :data:`coach.step_record.STEP_FIELDS`, in its order.
"""

from __future__ import annotations

import operator
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from coach.history.document import MAX_STEP_SECONDS, StepDoc
from coach.outcomes import work_count_sql
from coach.step_record import STEP_FIELDS

__all__ = [
    "COUNTED_SECONDS",
    "INSERT_SESSION",
    "INSERT_STEP",
    "NEWEST_FIRST",
    "SQL_INT_MAX",
    "STEP_COLUMNS",
    "SUMMARY_COLUMNS",
    "existing_ids",
    "outcome_rows",
    "sql_count",
    "step_row",
    "steps_of",
    "stored_time",
]

SQL_INT_MAX = 2**63 - 1  # a LIMIT or OFFSET past this is "all" (SQLite would overflow)
_CHUNK = 500  # ids bound to one IN (...), well below SQLite's limit on parameters

_step_values = operator.attrgetter(*STEP_FIELDS)
STEP_COLUMNS = ", ".join(f'"{k}"' for k in STEP_FIELDS)
INSERT_STEP = (f"INSERT INTO steps (session_id, seq, {STEP_COLUMNS}) "
               f"VALUES (?, ?, {', '.join('?' * len(STEP_FIELDS))})")
INSERT_SESSION = ("INSERT INTO sessions (id, routine_id, routine_name, started_at, started_ms,"
                  " day, ended_at, status, pain_before, pain_after, note, owner_pid)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
# A step's active seconds as counted in totals: only a number in bounds, so a hand-edited
# row (text, an infinity, 1e300) neither fails a sum nor swamps it. TOTAL, not SUM: always
# a float, never an integer overflow.
COUNTED_SECONDS = ("CASE WHEN typeof(actual_seconds) IN ('integer', 'real') AND actual_seconds"
                   f" BETWEEN 0 AND {MAX_STEP_SECONDS} THEN actual_seconds END")
# What coach.history.rows.summary_values reads, in its order.
SUMMARY_COLUMNS = f"""s.id, s.routine_id, s.routine_name, s.started_at, s.ended_at, s.status,
    s.pain_before, s.pain_after, s.note, s.owner_pid,
    (SELECT TOTAL({COUNTED_SECONDS}) FROM steps WHERE session_id = s.id),
    {work_count_sql("s.id", done=True)},
    {work_count_sql("s.id", done=False)},
    s.started_ms,
    (SELECT COUNT(*) FROM steps WHERE session_id = s.id AND {COUNTED_SECONDS} IS NULL)"""
NEWEST_FIRST = "ORDER BY s.started_ms DESC, s.id DESC"


def stored_time(moment: datetime) -> tuple[str, int, str]:
    """(ISO 8601 text with ms, Unix ms, local date) of an aware time, as a session stores
    it. Raises ValueError for a time without a UTC offset."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no UTC offset; history keeps aware times")
    return (moment.isoformat(timespec="milliseconds"), round(moment.timestamp() * 1000),
            moment.date().isoformat())


def sql_count(n: int | None) -> int:
    """A LIMIT SQLite can take: -1 (all) for None, a negative or a number past its integers."""
    return -1 if n is None or n < 0 or n > SQL_INT_MAX else n


def step_row(session_id: str, seq: int, doc: StepDoc) -> tuple[Any, ...]:
    """The values of :data:`INSERT_STEP` for a validated step; a step without an index
    takes its place in the session."""
    values: tuple[Any, ...] = _step_values(doc)
    if values[0] is None:
        values = (seq, *values[1:])
    return (session_id, seq, *values)


def steps_of(c: sqlite3.Connection, ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """The stored steps of each of the sessions ``ids`` (those that have any), in the order
    they were recorded, each a dict of :data:`~coach.step_record.STEP_FIELDS` as stored."""
    found: dict[str, list[dict[str, Any]]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        rows = c.execute(
            f"SELECT session_id, {STEP_COLUMNS} FROM steps WHERE session_id IN"
            f" ({', '.join('?' * len(chunk))}) ORDER BY session_id, seq", chunk)
        for row in rows:
            found.setdefault(row[0], []).append(dict(zip(STEP_FIELDS, row[1:], strict=True)))
    return found


def existing_ids(c: sqlite3.Connection, ids: Sequence[str]) -> set[str]:
    """Which of ``ids`` are sessions in the file."""
    existing: set[str] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        existing.update(r[0] for r in c.execute(
            f"SELECT id FROM sessions WHERE id IN ({', '.join('?' * len(chunk))})", chunk))
    return existing


def outcome_rows(c: sqlite3.Connection, session_id: str) -> list[dict[str, Any]]:
    """What :func:`coach.outcomes.finished_status` reads of a session's steps."""
    columns = ("step_index", "kind", "status", "reps")
    rows = c.execute(f"SELECT {', '.join(columns)} FROM steps"
                     " WHERE session_id = ? ORDER BY seq", (session_id,))
    return [dict(zip(columns, r, strict=True)) for r in rows]
