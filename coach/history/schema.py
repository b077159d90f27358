"""The history's tables and their migrations: the schema of each version, how a file is
brought to the current one, and how coach knows its own tables in a file.

- **Migrations are history.** ``MIGRATIONS[n]`` takes a file from ``user_version`` n to
  n + 1 and is never edited once released; a change of the step record
  (:data:`coach.step_record.STEP_FIELDS`) needs a new migration, which is why the tables below
  are written out rather than made from that list (a test holds the two together).
- **Older files read only.** A file opened to read only is not migrated: one from before
  a step column was added (version 3 has no ``pain``) is read through a temporary view
  that gives the column as NULL (:func:`present_current`), so every reader sees one shape.
- **Version 0 with tables.** A database whose ``user_version`` was reset but that holds
  coach's own two tables is adopted (brought to the current version); one holding other
  tables is :class:`NotCoachHistory`, and the store moves it aside like a damaged one.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable

from coach.step_record import STEP_FIELDS

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "NotCoachHistory",
    "SchemaTooNew",
    "has_table",
    "is_coach_schema",
    "migrate",
    "present_current",
    "tables",
]

class NotCoachHistory(Exception):
    """A SQLite database, but holding tables coach did not make."""


class SchemaTooNew(Exception):
    """Written by a newer coach: ``args[0]`` is its schema version."""


# --- the tables -----------------------------------------------------------------------------

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
# Step columns added after version 3 by a migration, in order: a file of an older version
# lacks the last ones, and is still coach's own.
_ADDED_STEP_COLUMNS = ("pain",)
# The columns of coach's own tables as they are now, to know them in a file whose version
# was reset or that is only read: a step row is its session, its order, and the step record.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "sessions": ("id", "routine_id", "routine_name", "started_at", "started_ms", "day",
                 "ended_at", "status", "pain_before", "pain_after", "note", "owner_pid"),
    "steps": ("session_id", "seq", *STEP_FIELDS),
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
    (foreign keys are off meanwhile: see :func:`migrate`); then every session an older
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


def _add_step_pain(conn: sqlite3.Connection) -> None:
    """Each step may carry the pain (0-10) noted while it was played; NULL when none was.
    An adopted file (see :func:`migrate`) may have the column already."""
    if "pain" not in _columns(conn, "steps"):
        conn.execute("ALTER TABLE steps ADD COLUMN pain INTEGER"
                     " CHECK (pain BETWEEN 0 AND 10)")


# Check-ins (version 5): the pain of a morning, one row an instant. The instant in Unix ms is
# the key, so an import adds each once whatever offset it is written in. IF NOT EXISTS: a file
# whose version was reset is adopted at version 1 and migrated on, and may hold it already.
_CHECKINS = (
    """CREATE TABLE IF NOT EXISTS checkins (
            at_ms INTEGER PRIMARY KEY,  -- the instant in Unix ms
            at    TEXT NOT NULL,        -- ISO 8601 with the offset it was said in
            day   TEXT NOT NULL,        -- local date of at, YYYY-MM-DD
            pain  INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
            note  TEXT
        )""",
    "CREATE INDEX IF NOT EXISTS checkins_by_day ON checkins (day)",
)

# Plans and missed days (version 6). A plan: when a routine is meant to be played, one row a
# routine (days as numbers from 0, Monday, comma separated; times as HH:MM, comma separated,
# empty for any time of day). A missed day's answer: why a planned day went by without the
# routine, asked about once. IF NOT EXISTS: see check-ins above.
_PLANS = (
    """CREATE TABLE IF NOT EXISTS plans (
            routine_id TEXT PRIMARY KEY,
            days       TEXT NOT NULL,     -- '0,2,4': Monday, Wednesday, Friday
            times      TEXT NOT NULL,     -- '07:30,15:00', or '' for any time that day
            set_at     TEXT NOT NULL      -- ISO 8601 with the offset it was set in
        )""",
    """CREATE TABLE IF NOT EXISTS missed_days (
            day         TEXT NOT NULL,    -- the planned day missed, YYYY-MM-DD
            routine_id  TEXT NOT NULL,
            answer      TEXT NOT NULL
                        CHECK (answer IN ('pain', 'no time', 'forgot', 'not now')),
            answered_at TEXT NOT NULL,    -- ISO 8601 with the offset it was said in
            PRIMARY KEY (day, routine_id)
        ) WITHOUT ROWID""",
)


# Level choices (version 7): the person's hold, release or reset of one ranged item's level,
# one row each, in the order made. The item is the routine's item number (1-based, as the
# preview shows it) with its exercise, so a choice made before the routine was edited is
# not laid on another exercise. IF NOT EXISTS: as for the check-ins. The index on the steps'
# pain makes a session's highest pain during one seek (coach.history.pains), so the levels,
# which judge every session, cost about the same on ten years of history as on none.
_LEVEL_CHOICES = (
    """CREATE TABLE IF NOT EXISTS level_choices (
            at_ms      INTEGER NOT NULL,  -- the instant in Unix ms
            at         TEXT NOT NULL,     -- ISO 8601 with the offset it was made in
            routine_id TEXT NOT NULL,
            item       INTEGER NOT NULL CHECK (item >= 1),
            exercise   TEXT NOT NULL,
            choice     TEXT NOT NULL CHECK (choice IN ('hold', 'release', 'reset'))
        )""",
    "CREATE INDEX IF NOT EXISTS level_choices_by_routine ON level_choices (routine_id, at_ms)",
    "CREATE INDEX IF NOT EXISTS steps_by_pain ON steps (session_id, pain)",
)


# --- the migrations -------------------------------------------------------------------------

# MIGRATIONS[n] takes a database from ``user_version`` n to n + 1: SQL statements, or a
# function of the connection. Append, never edit.
Migration = tuple[str | Callable[[sqlite3.Connection], None], ...]
MIGRATIONS: tuple[Migration, ...] = (
    (_SESSIONS, *_INDEXES, _STEPS),
    (_canonical_ids,),
    (_allow_skipped,),
    (_add_step_pain,),
    _CHECKINS,
    _PLANS,
    _LEVEL_CHOICES,
)
SCHEMA_VERSION = len(MIGRATIONS)


def tables(conn: sqlite3.Connection) -> set[str]:
    """The names of the tables in the file, SQLite's own left out."""
    return {row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%'"
        " ESCAPE '\\'")}


def _columns(conn: sqlite3.Connection, table: str) -> tuple[str, ...]:
    return tuple(row[1] for row in conn.execute(f"PRAGMA main.table_info({table})"))


def has_table(conn: sqlite3.Connection, table: str, column: str | None = None) -> bool:
    """Whether the file has ``table`` (with ``column``, when given): a history opened to
    read only may be from before a migration added them."""
    if column is not None:
        return column in _columns(conn, table)
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (table,)).fetchone() is not None


def _missing_step_columns(conn: sqlite3.Connection) -> tuple[str, ...] | None:
    """The step columns added since the file was written (none for a current file), or
    None when its steps table is not coach's at all."""
    found = _columns(conn, "steps")
    for n in range(len(_ADDED_STEP_COLUMNS) + 1):
        if found == _COLUMNS["steps"][:len(_COLUMNS["steps"]) - n]:
            return _ADDED_STEP_COLUMNS[len(_ADDED_STEP_COLUMNS) - n:]
    return None


def is_coach_schema(conn: sqlite3.Connection, found: set[str]) -> bool:
    """Whether the tables ``found`` in the file include coach's own, column for column, as
    they are now or as an older version made them."""
    if not set(_COLUMNS) <= found:
        return False
    return (_columns(conn, "sessions") == _COLUMNS["sessions"]
            and _missing_step_columns(conn) is not None)


def present_current(conn: sqlite3.Connection) -> None:
    """Make a file of an older version, opened to read only, read as the current one: a
    temporary view named ``steps`` (found before the file's own table) gives each step
    column added since as NULL. Nothing is written to the file."""
    missing = _missing_step_columns(conn)
    if missing:
        extra = ", ".join(f"NULL AS {name}" for name in missing)
        conn.execute(f"CREATE TEMP VIEW steps AS SELECT *, {extra} FROM main.steps")


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the file to :data:`SCHEMA_VERSION`, in one transaction. Raises
    :class:`SchemaTooNew`, :class:`NotCoachHistory` or ``sqlite3.Error``."""
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
        version: int = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(version)
        if version == 0:
            found = tables(conn)
            if found and not is_coach_schema(conn, found):
                raise NotCoachHistory(", ".join(sorted(found)))
            if found:  # coach's own tables, the version reset: adopt them
                for statement in _INDEXES:
                    conn.execute(statement.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS"))
                version = 1
        for migration in MIGRATIONS[version:]:
            for step in migration:
                if isinstance(step, str):
                    conn.execute(step)
                else:
                    step(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")

