"""Pain noted during a step, in the history: schema 4 adds it to every step (NULL when none was
given), older files are migrated or read without losing a row, and every exchange format
carries it both ways."""

from __future__ import annotations

import csv
import json
import sqlite3
import tomllib
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from coach.history import SCHEMA_VERSION, STEP_FIELDS, HistoryImportError, HistoryStore
from coach.history.rows import step_values
from coach.history.schema import MIGRATIONS

CET = timezone(timedelta(hours=1))
START = datetime(2026, 11, 25, 9, tzinfo=CET)
OLD_FIELDS = tuple(f for f in STEP_FIELDS if f != "pain")  # the step record of schema 3


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


def step(i: int, start: datetime = START, **changes) -> dict:
    begin = start + timedelta(seconds=30 * i)
    result = {
        "step_index": i, "item": 0, "exercise": "toe-curl", "kind": "hold", "side": "left",
        "set": 1, "sets": 3, "round": 1, "rounds": 1, "variant": None,
        "planned_seconds": 20.0, "actual_seconds": 20.0, "paused_seconds": 0.0, "reps": None,
        "started_at": begin.isoformat(timespec="milliseconds"),
        "ended_at": (begin + timedelta(seconds=20)).isoformat(timespec="milliseconds"),
        "status": "done", "pain": None,
    }
    result.update(changes)
    return result


def document(pains: list[int | None], *, with_key: bool = True) -> dict:
    steps = [step(i, pain=p) for i, p in enumerate(pains)]
    if not with_key:  # as an export of schema 3 was written
        for s in steps:
            del s["pain"]
    return {"sessions": [{
        "id": str(uuid.UUID(int=7)), "routine": "daily", "routine_name": "Daily feet",
        "started_at": START.isoformat(timespec="milliseconds"),
        "ended_at": (START + timedelta(minutes=5)).isoformat(timespec="milliseconds"),
        "status": "completed", "pain_before": 2, "pain_after": 3, "note": None,
        "steps": steps,
    }]}


def schema_3(db: Path, sessions: int = 3, steps: int = 4) -> list[tuple]:
    """A history as coach wrote it before steps had pain (schema 3); returns its step rows."""
    db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    for migration in MIGRATIONS[:3]:
        for part in migration:
            conn.execute(part) if isinstance(part, str) else part(conn)
    conn.execute("PRAGMA user_version = 3")
    rows = []
    for k in range(sessions):
        start = START - timedelta(days=k)
        session_id = str(uuid.UUID(int=k + 1))
        conn.execute("INSERT INTO sessions VALUES (?, 'daily', 'Daily feet', ?, ?, ?, ?,"
                     " 'completed', 5, 3, 'a note', NULL)",
                     (session_id, start.isoformat(), int(start.timestamp() * 1000),
                      start.date().isoformat(), (start + timedelta(minutes=5)).isoformat()))
        for seq in range(steps):
            values = [step(seq, start, reps=seq)[f] for f in OLD_FIELDS]
            row = (session_id, seq, *values)
            conn.execute(f"INSERT INTO steps VALUES ({', '.join('?' * len(row))})", row)
            rows.append(row)
    conn.close()
    return rows


# --- the migration ---------------------------------------------------------------------------

def test_a_schema_3_history_gains_pain_and_keeps_every_row(db):
    rows = schema_3(db)
    old = ", ".join(f'"{f}"' for f in ("session_id", "seq", *OLD_FIELDS))
    with HistoryStore(db) as store:
        c = store.conn
        assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert c.execute(f"SELECT {old} FROM steps ORDER BY session_id, seq").fetchall() == rows
        assert c.execute("SELECT COUNT(*) FROM steps WHERE pain IS NULL").fetchone()[0] == 12
        assert c.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 3
        assert store.session(str(uuid.UUID(int=1))).note == "a note"
        with pytest.raises(sqlite3.IntegrityError):  # 0-10, as the store checks too
            c.execute("UPDATE steps SET pain = 11 WHERE seq = 0")
        # and a step with pain is stored in the migrated file
        session_id = store.start_session("daily", "Daily feet", 2, START + timedelta(days=1))
        store.record_step(session_id, step(0, START + timedelta(days=1), pain=6))
        assert store.session(session_id).steps[0]["pain"] == 6


def test_a_schema_3_history_only_read_is_read_with_no_pain_and_left_as_it_was(db):
    schema_3(db, sessions=1)
    before = db.read_bytes()
    with HistoryStore(db, read_only=True) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == 3  # not migrated
        record = store.session(str(uuid.UUID(int=1)))
        assert [s["pain"] for s in record.steps] == [None] * 4
        assert record.damage == ()
        [exported] = store.to_document()["sessions"]
        assert [list(s) for s in exported["steps"]] == [list(STEP_FIELDS)] * 4
    assert db.read_bytes() == before


def test_a_version_0_file_of_schema_3_is_adopted_and_migrated(db):
    schema_3(db, sessions=2)
    raw = sqlite3.connect(db)
    raw.execute("PRAGMA user_version = 0")
    raw.commit()
    raw.close()
    with HistoryStore(db) as store:
        assert store.moved_aside is None
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert len(store.session(str(uuid.UUID(int=2))).steps) == 4


def test_a_step_record_of_another_shape_is_still_not_coachs(db):
    schema_3(db, sessions=1)
    raw = sqlite3.connect(db)
    raw.execute("ALTER TABLE steps ADD COLUMN mood TEXT")  # not a column coach ever added
    raw.execute("PRAGMA user_version = 0")
    raw.commit()
    raw.close()
    with HistoryStore(db) as store:
        assert store.moved_aside is not None
        assert store.count() == 0


# --- storing and reading -----------------------------------------------------------------------

def test_a_hand_edited_pain_is_named_and_never_shown_as_a_score():
    for bad in (11, -1, "4", 2.5, b"\xff"):
        clean, unread = step_values({**step(0), "pain": bad})
        assert (clean["pain"], unread) == (None, ["pain"]), bad
    assert step_values(step(0, pain=10)) == ({**step(0), "pain": 10}, [])


def test_the_store_refuses_pain_out_of_range(db):
    with HistoryStore(db) as store:
        session_id = store.start_session("daily", "Daily feet", 2, START)
        with pytest.raises(ValueError, match="pain"):
            store.record_step(session_id, step(0, pain=11))
        assert store.session(session_id).steps == ()


# --- exchange ----------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_pain_goes_out_and_comes_back_in_json_and_toml(db, tmp_path, suffix):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(document([4, None, 10, 0])), encoding="utf-8")
    with HistoryStore(db) as store:
        assert store.import_file(source) == 1
        out = tmp_path / f"out{suffix}"
        store.export(out)
    text = out.read_text(encoding="utf-8")
    doc = json.loads(text) if suffix == ".json" else tomllib.loads(text)
    # TOML has no null: a step without pain leaves the key out
    assert [s.get("pain") for s in doc["sessions"][0]["steps"]] == [4, None, 10, 0]
    with HistoryStore(tmp_path / "other" / "history.sqlite3") as other:
        assert other.import_file(out) == 1
        [session] = other.to_document()["sessions"]
        assert [s["pain"] for s in session["steps"]] == [4, None, 10, 0]


def test_an_export_from_before_pain_imports_unchanged_with_no_pain(db, tmp_path):
    source = tmp_path / "old.json"
    old = document([None, None], with_key=False)
    source.write_text(json.dumps(old), encoding="utf-8")
    with HistoryStore(db) as store:
        assert store.import_file(source) == 1
        [session] = store.to_document()["sessions"]
    for stored, given in zip(session["steps"], old["sessions"][0]["steps"], strict=True):
        assert stored == {**given, "pain": None}


def test_an_import_with_pain_out_of_range_says_where(db, tmp_path):
    source = tmp_path / "bad.json"
    doc = document([3, 11])
    source.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    with HistoryStore(db) as store:
        with pytest.raises(HistoryImportError) as caught:
            store.import_file(source)
        assert store.count() == 0
    [problem] = caught.value.problems
    assert problem.path == "sessions[0].steps[1].pain"
    assert problem.message.startswith("must be at most 10")
    assert source.read_text().splitlines()[problem.line - 1].strip() == '"pain": 11'


def test_csv_has_a_pain_column_after_status(db, tmp_path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(document([5, None])), encoding="utf-8")
    with HistoryStore(db) as store:
        store.import_file(source)
        out = tmp_path / "out.csv"
        store.export(out)
    header, *rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    assert header[-2:] == ["status", "pain"]
    assert [r[-1] for r in rows] == ["5", ""]


def test_the_step_record_ends_with_pain():
    assert STEP_FIELDS[-2:] == ("status", "pain")
