"""Whole histories in and out of the file: a stored session as an entry of the exchange
document (:mod:`coach.history.document`), and the sessions of an import added as rows.

Exported values are as stored, made JSON-safe (see :func:`coach.history.rows.exported`),
so a hand edit shows in the export as it is and an import then says what is wrong. Imported
sessions are keyed by their id, in its one spelling: a session already here is left as it is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from coach.history import queries
from coach.history.document import SessionDoc
from coach.history.records import SessionSummary
from coach.history.rows import exported
from coach.outcomes import finished_status

__all__ = ["add_sessions", "document_entry"]


def document_entry(row: Sequence[Any], summary: SessionSummary,
                   steps: list[dict[str, Any]]) -> dict[str, Any]:
    """The document's entry of the session whose :data:`~coach.history.queries.SUMMARY_COLUMNS`
    are ``row``, read as ``summary`` (its status now, its active seconds), with its stored
    ``steps``."""
    return {
        "id": exported(row[0]), "routine": exported(row[1]),
        "routine_name": exported(row[2]), "started_at": exported(row[3]),
        "ended_at": exported(row[4]), "status": summary.status,
        "pain_before": exported(row[6]), "pain_after": exported(row[7]),
        "note": exported(row[8]), "active_seconds": summary.active_seconds,
        "steps": [{k: exported(v) for k, v in step.items()} for step in steps],
    }


def add_sessions(c: sqlite3.Connection, sessions: list[SessionDoc]) -> int:
    """Insert the ``sessions`` (validated) not in the file yet, within the caller's write
    transaction; returns how many were added."""
    existing = queries.existing_ids(c, [s.id for s in sessions])  # one spelling each
    new = [s for s in sessions if s.id not in existing]
    session_rows: list[tuple[Any, ...]] = []
    step_rows: list[tuple[Any, ...]] = []
    for s in new:
        _, started_ms, local_day = queries.stored_time(datetime.fromisoformat(s.started_at))
        # Nobody here holds an imported session open: in_progress reads interrupted.
        stored: str = "in_progress" if s.status in ("in_progress", "interrupted") else s.status
        if stored in ("completed", "skipped"):  # by the rule, whatever the file says
            stored = finished_status((vars(step) for step in s.steps), stored)
        session_rows.append((s.id, s.routine, s.routine_name, s.started_at, started_ms,
                             local_day, s.ended_at, stored, s.pain_before, s.pain_after,
                             s.note, None))
        step_rows.extend(queries.step_row(s.id, seq, step) for seq, step in enumerate(s.steps))
    c.executemany(queries.INSERT_SESSION, session_rows)
    c.executemany(queries.INSERT_STEP, step_rows)
    return len(new)
