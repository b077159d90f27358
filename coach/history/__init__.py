"""The history of sessions played: a SQLite file kept by :class:`HistoryStore`, its exchange
document, and the statistics of the history pane. Never imports Textual.

Where each job lives:

- :mod:`~coach.history.store`: :class:`HistoryStore`, recording sessions as they are played
  and reading them back; ``interrupted`` is derived from the session locks
  (:mod:`~coach.history.locks`), never written;
- :mod:`~coach.history.connection`: its one connection, transactions, and every SQLite
  failure turned into a :class:`HistoryError` (:mod:`~coach.history.errors`); damage moves
  the file aside;
- :mod:`~coach.history.database`: opening the file to write or to read only, telling damage,
  moving a damaged file aside with its ``-wal`` and ``-shm``;
- :mod:`~coach.history.schema`: the tables and their migrations;
- :mod:`~coach.history.queries`: the SQL the store and :mod:`~coach.history.stats` run;
- :mod:`~coach.history.rows`: any stored row made safe to show or export;
- :mod:`~coach.history.records`: what readers get (:class:`SessionSummary`, ...);
- :mod:`~coach.history.sides`: left against right lately, for the history pane;
- :mod:`~coach.history.checkins`: the mornings' check-ins (pain 0-10 and a note), the
  store's methods for them;
- :mod:`~coach.history.pains`: each session's pain scores and each morning's, as the coaching
  rules read them;
- :mod:`~coach.history.plans`: each routine's plan, the sessions completed per day it is
  held against, and the answers about missed planned days;
- :mod:`~coach.history.document`: the exchange document ``{"sessions": [...]}`` that export
  writes and import reads, validated strictly, of the value types of
  :mod:`~coach.history.doc_fields`; :mod:`~coach.history.export` writes it as JSON, TOML or
  CSV; :mod:`~coach.history.exchange` turns stored sessions into its entries and imported
  ones into rows;
- :mod:`~coach.history.plan_document`: the document's plans, missed-day answers and level
  choices, and which wins; :mod:`~coach.history.plan_exchange` moves them between the
  tables and the document.

A step is recorded in the one format of :mod:`coach.step_record` (``StepResult.to_dict()``, keys
:data:`STEP_FIELDS`); what a session came to (done, skipped, the words of each status) is
:mod:`coach.outcomes`'s.
"""

from __future__ import annotations

from coach.history.document import (
    MAX_COUNT,
    MAX_INDEX,
    MAX_REPS,
    MAX_STEP_SECONDS,
    SESSION_CSV_FIELDS,
    SESSION_STATUSES,
    HistoryDoc,
    SessionDoc,
    SessionStatus,
    StepDoc,
)
from coach.history.errors import (
    HistoryDamaged,
    HistoryError,
    HistoryImportError,
    HistoryReadOnly,
    HistoryUnavailable,
    SessionNotFound,
)
from coach.history.export import json_file_text, write_csv
from coach.history.records import DailyStats, PainPoint, SessionRecord, SessionSummary
from coach.history.rows import number
from coach.history.schema import MIGRATIONS, SCHEMA_VERSION
from coach.history.store import HistoryStore
from coach.step_record import STEP_FIELDS

__all__ = [
    "MAX_COUNT",
    "MAX_INDEX",
    "MAX_REPS",
    "MAX_STEP_SECONDS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SESSION_CSV_FIELDS",
    "SESSION_STATUSES",
    "STEP_FIELDS",
    "DailyStats",
    "HistoryDamaged",
    "HistoryDoc",
    "HistoryError",
    "HistoryImportError",
    "HistoryReadOnly",
    "HistoryStore",
    "HistoryUnavailable",
    "PainPoint",
    "SessionDoc",
    "SessionNotFound",
    "SessionRecord",
    "SessionStatus",
    "SessionSummary",
    "StepDoc",
    "json_file_text",
    "number",
    "write_csv",
]
