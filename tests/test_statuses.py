"""Honest statuses: a session played to its end with every exercise step skipped is
``skipped``, never ``completed``; it counts for no streak, no calendar day and no "this
week"; it round-trips through export and import; an older history or export that says
``completed`` of such a session reads as ``skipped``; and one rule says what counts as done,
in Python and in SQL alike."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.cli import main
from coach.history import MIGRATIONS, SCHEMA_VERSION, HistoryStore
from coach.outcomes import STATUS_LABELS, counts_as_done, finished_status, status_label, work_counts
from coach.recording import Recorder

CET = timezone(timedelta(hours=1))
TODAY = date(2026, 11, 25)  # a Wednesday
KINDS = ("prepare", "hold", "reps", "timed", "rest", "switch_side")


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=CET)


def step(i: int, start: datetime, kind: str = "hold", status: str = "done",
         reps: int | None = None, index: int | None = None) -> dict:
    begin = start + timedelta(seconds=30 * i)
    return {
        "step_index": i if index is None else index, "item": 0, "exercise": "toe-curl",
        "kind": kind, "side": None, "set": 1, "sets": 1, "round": 1, "rounds": 1,
        "variant": None, "planned_seconds": None if kind == "reps" else 20.0,
        "actual_seconds": 20.0, "paused_seconds": 0.0, "reps": reps,
        "started_at": begin.isoformat(timespec="milliseconds"),
        "ended_at": (begin + timedelta(seconds=20)).isoformat(timespec="milliseconds"),
        "status": status,
    }


def all_skipped(start: datetime) -> list[dict]:
    """A get-ready and a rest played through, every exercise step skipped; the reps step
    'done' with 0 reps counts as skipped."""
    return [step(0, start, "prepare"), step(1, start, "hold", "skipped"),
            step(2, start, "rest"), step(3, start, "reps", "done", reps=0),
            step(4, start, "timed", "skipped")]


def play(store: HistoryStore, start: datetime, steps: list[dict], status: str = "completed",
         note: str | None = None) -> str:
    session_id = store.start_session("daily", "Daily feet", 5, start)
    for s in steps:
        store.record_step(session_id, s)
    store.finish_session(session_id, status, start + timedelta(minutes=5), 3, note)
    return session_id


@pytest.fixture
def data(tmp_path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data):
    with HistoryStore(data / "history.sqlite3") as s:
        yield s


# --- the rule -------------------------------------------------------------------------------

def test_what_counts_as_done():
    assert counts_as_done("hold", "done", None)
    assert counts_as_done("reps", "done", 3)
    assert not counts_as_done("reps", "done", 0)  # 0 reps: skipped
    assert not counts_as_done("hold", "skipped", None)
    for kind in ("prepare", "rest", "switch_side"):  # not exercise steps at all
        assert not counts_as_done(kind, "done", None)


def test_a_step_played_twice_counts_once_as_it_ended_last():
    start = at(TODAY)
    again = [step(0, start, "hold", "done"), step(1, start, "hold", "skipped", index=0)]
    assert work_counts(again) == (0, 1)
    assert finished_status(again) == "skipped"
    assert finished_status(list(reversed(again))) == "completed"
    assert finished_status([step(0, start, "prepare")]) == "completed"  # no exercise step


STEP = st.fixed_dictionaries({
    "kind": st.sampled_from(KINDS), "status": st.sampled_from(("done", "skipped")),
    "reps": st.sampled_from((None, 0, 1, 12)), "index": st.integers(0, 5),
})


def test_the_sql_counts_what_the_python_rule_counts(tmp_path):
    """Every mix of kinds, outcomes, 0 reps and steps played again: the history's Done and
    Skipped (SQL) are what the summary counts (Python), and the stored status follows."""
    store = HistoryStore(tmp_path / "h.sqlite3")
    store.conn.execute("PRAGMA synchronous = OFF")
    start = at(TODAY)

    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(STEP, max_size=8))
    def check(specs):
        steps = [step(i, start, s["kind"], s["status"], s["reps"], s["index"])
                 for i, s in enumerate(specs)]
        session_id = play(store, start, steps)
        try:
            summary = store.session(session_id)
            assert (summary.steps_done, summary.steps_skipped) == work_counts(steps)
            assert summary.status == finished_status(steps)
        finally:
            store.delete(session_id)

    check()
    store.close()


def test_one_wording_for_every_status():
    assert set(STATUS_LABELS) == {"completed", "skipped", "aborted", "interrupted",
                                  "in_progress"}
    assert status_label("skipped") == "all skipped"
    assert status_label("aborted") == "ended early"
    assert status_label("in_progress") == "in progress"
    assert status_label("hand-edited") == "hand-edited"


# --- the store ------------------------------------------------------------------------------

def test_a_session_with_every_exercise_step_skipped_is_stored_skipped(store):
    skipped = play(store, at(TODAY), all_skipped(at(TODAY)))
    done = play(store, at(TODAY - timedelta(1)), [step(0, at(TODAY - timedelta(1)))])
    ended = play(store, at(TODAY - timedelta(2)), all_skipped(at(TODAY - timedelta(2))),
                 status="aborted")
    assert store.status(skipped) == "skipped"
    assert store.status(done) == "completed"
    assert store.status(ended) == "aborted"  # ended early stays ended early
    raw = store.conn.execute("SELECT status FROM sessions WHERE id = ?", (skipped,)).fetchone()
    assert raw == ("skipped",)  # stored, not only read so
    summary = store.sessions(limit=1)[0]
    assert (summary.steps_done, summary.steps_skipped) == (0, 3)


def test_a_skipped_session_counts_for_no_streak_day_or_week(store):
    play(store, at(TODAY), all_skipped(at(TODAY)))
    play(store, at(TODAY - timedelta(1)), all_skipped(at(TODAY - timedelta(1))))
    stats = store.daily_stats(TODAY)
    assert (stats.current_streak, stats.longest_streak) == (0, 0)
    assert (stats.week_sessions, stats.week_minutes) == (0, 0.0)
    assert sum(stats.days.values()) == 0
    # the same days with one exercise step done each: they count
    play(store, at(TODAY, 18), [step(0, at(TODAY, 18))])
    play(store, at(TODAY - timedelta(1), 18), [step(0, at(TODAY - timedelta(1), 18))])
    stats = store.daily_stats(TODAY)
    assert (stats.current_streak, stats.week_sessions, sum(stats.days.values())) == (2, 2, 2)
    # counting every status, as a caller may ask, sees all four
    assert store.week(TODAY, completed_only=False)[0] == 4


def test_skipped_round_trips_through_json_and_toml(store, tmp_path):
    play(store, at(TODAY), all_skipped(at(TODAY)))
    play(store, at(TODAY, 18), [step(0, at(TODAY, 18))])
    for suffix in (".json", ".toml"):
        path = tmp_path / f"h{suffix}"
        store.export(path)
        with HistoryStore(tmp_path / f"other{suffix}.sqlite3") as other:
            assert other.import_file(path) == 2
            assert [s.status for s in other.sessions()] == ["completed", "skipped"]
            assert other.to_document() == store.to_document()
    assert '"status": "skipped"' in (tmp_path / "h.json").read_text()


def test_an_older_export_saying_completed_of_an_all_skipped_session_imports_as_skipped(
        store, tmp_path):
    doc = {"sessions": [{
        "id": "6F9619FF-8B86-D011-B42D-00C04FC964FF", "routine": "daily",
        "routine_name": "Daily feet", "started_at": "2026-11-25T09:00:00.000+01:00",
        "ended_at": "2026-11-25T09:05:00.000+01:00", "status": "completed",
        "steps": all_skipped(at(TODAY)),
    }, {  # no exercise step recorded at all (written by hand): its word is kept
        "id": "7F9619FF-8B86-D011-B42D-00C04FC964FF", "routine": "daily",
        "routine_name": "Daily feet", "started_at": "2026-11-24T09:00:00.000+01:00",
        "status": "completed", "steps": [],
    }, {  # says skipped, but an exercise step was done: the rule decides
        "id": "8F9619FF-8B86-D011-B42D-00C04FC964FF", "routine": "daily",
        "routine_name": "Daily feet", "started_at": "2026-11-23T09:00:00.000+01:00",
        "status": "skipped", "steps": [step(0, at(TODAY - timedelta(2)))],
    }]}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert store.import_file(path) == 3
    assert [s.status for s in store.sessions()] == ["skipped", "completed", "completed"]


def _schema_2(db: Path, sessions: list[tuple[str, str, list[dict]]]) -> None:
    """A history as coach wrote it before ``skipped`` existed (schema 2)."""
    db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    for statement in MIGRATIONS[0]:  # version 1's tables; version 2 changed only ids
        assert isinstance(statement, str)
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    for k, (session_id, status, steps) in enumerate(sessions):
        start = at(TODAY - timedelta(k))
        conn.execute("INSERT INTO sessions VALUES (?, 'daily', 'Daily feet', ?, ?, ?, ?, ?,"
                     " 5, 3, 'a note', NULL)",
                     (session_id, start.isoformat(), int(start.timestamp() * 1000),
                      start.date().isoformat(), (start + timedelta(minutes=5)).isoformat(),
                      status))
        for seq, s in enumerate(steps):
            conn.execute(f"INSERT INTO steps VALUES ({', '.join('?' * 19)})",
                         (session_id, seq, *s.values()))
    conn.close()


ONE, TWO, THREE = ("11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222",
                   "33333333-3333-4333-8333-333333333333")


def test_a_schema_2_history_is_migrated_and_keeps_every_step(data):
    db = data / "history.sqlite3"
    _schema_2(db, [(ONE, "completed", all_skipped(at(TODAY))),
                   (TWO, "completed", [step(0, at(TODAY - timedelta(1)))]),
                   (THREE, "aborted", all_skipped(at(TODAY - timedelta(2))))])
    with HistoryStore(db) as store:
        c = store.conn
        assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert dict(c.execute("SELECT id, status FROM sessions")) == {
            ONE: "skipped", TWO: "completed", THREE: "aborted"}
        # the table was made anew without taking its steps with it (ON DELETE CASCADE)
        assert c.execute("SELECT COUNT(*) FROM steps").fetchone()[0] == 11
        assert store.session(ONE).note == "a note"
        indexes = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'index'"
                                           " AND tbl_name = 'sessions' AND sql IS NOT NULL")}
        assert indexes == {"sessions_by_start", "sessions_by_routine", "sessions_by_day"}
        assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        with pytest.raises(sqlite3.IntegrityError):  # the CHECK still holds the rest out
            c.execute("UPDATE sessions SET status = 'bogus' WHERE id = ?", (TWO,))
        store.delete(TWO)  # and deleting still takes the steps along
        assert c.execute("SELECT COUNT(*) FROM steps WHERE session_id = ?",
                         (TWO,)).fetchone()[0] == 0
        assert store.daily_stats(TODAY).week_sessions == 0  # the skipped one counts not


def test_a_schema_2_history_only_read_here_still_reads_skipped(data):
    db = data / "history.sqlite3"
    _schema_2(db, [(ONE, "completed", all_skipped(at(TODAY)))])
    with HistoryStore(db, read_only=True) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == 2  # not migrated
        assert [s.status for s in store.sessions()] == ["skipped"]
        assert store.to_document()["sessions"][0]["status"] == "skipped"


def test_the_recorder_says_skipped_like_the_store(store, tmp_path):
    rec = Recorder(store, "daily", "Daily feet", 5)
    rec.start(at(TODAY))
    for s in all_skipped(at(TODAY)):
        rec.step(s)
    rec.finish("completed", at(TODAY, 10))
    rec.flush()  # the end is queued for the store, never waited for on the event loop
    assert rec.status == "skipped" == store.status(rec.session_id)
    # in memory only (history could not be written), the file says the same
    alone = Recorder(None, "daily", "Daily feet", 5)
    alone.start(at(TODAY))
    for s in all_skipped(at(TODAY)):
        alone.step(s)
    alone.finish("completed", at(TODAY, 10))
    assert alone.document()["sessions"][0]["status"] == "skipped"
    saved = alone.save_to(tmp_path / "session.json")
    assert store.import_file(saved) == 1


# --- through the command line ---------------------------------------------------------------

def run(capsys, *args: str, data: Path) -> tuple[int, str, str]:
    code = main(["history", *args, "--data-dir", str(data)])
    out, err = capsys.readouterr()
    return code, out, err


def test_coach_history_shows_the_labels_and_json_the_words(capsys, data, store):
    play(store, at(TODAY), all_skipped(at(TODAY)))
    play(store, at(TODAY - timedelta(1)), [step(0, at(TODAY - timedelta(1)))],
         status="aborted")
    store.close()
    code, out, err = run(capsys, data=data)
    assert (code, err) == (0, "")
    lines = [re.split(r"\s{2,}", line) for line in out.splitlines()]
    assert lines[0][3:] == ["Done", "Skipped", "Pain", "Status"]
    assert lines[1][3:] == ["0", "3", "5 -> 3", "all skipped"]  # exercise steps only
    assert lines[2][3:] == ["1", "0", "5 -> 3", "ended early"]
    code, out, _ = run(capsys, "--json", data=data)
    assert [s["status"] for s in json.loads(out)["sessions"]] == ["skipped", "aborted"]


def test_the_csv_has_the_note(capsys, data, store, tmp_path):
    play(store, at(TODAY), [step(0, at(TODAY)), step(1, at(TODAY))],
         note="left calf tight,\nthen better")
    play(store, at(TODAY - timedelta(1)), all_skipped(at(TODAY - timedelta(1))))
    store.close()
    path = tmp_path / "h.csv"
    assert run(capsys, "export", str(path), data=data)[0] == 0
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["note"], r["session_status"]) for r in rows[-2:]] == [
        ("left calf tight,\nthen better", "completed")] * 2
    assert {r["session_status"] for r in rows[:5]} == {"skipped"}
    assert {r["note"] for r in rows[:5]} == {""}
    # the listing's CSV has it too, its newline drawn for the terminal
    _, out, _ = run(capsys, "--csv", data=data)
    listed = list(csv.DictReader(io.StringIO(out)))
    assert listed[0]["note"] == "left calf tight,\u240athen better"


def test_export_and_import_through_the_command_line_keep_skipped(capsys, data, store,
                                                                 tmp_path):
    play(store, at(TODAY), all_skipped(at(TODAY)))
    store.close()
    path = tmp_path / "h.toml"
    assert run(capsys, "export", str(path), data=data)[0] == 0
    assert 'status = "skipped"' in path.read_text()
    other = tmp_path / "other"
    assert run(capsys, "import", str(path), data=other)[:2] == (
        0, f"Added 1 new session to {other / 'history.sqlite3'}\n")
    _code, out, _ = run(capsys, "--json", data=other)
    assert json.loads(out)["sessions"][0]["status"] == "skipped"
