"""The history store: crash safety with real processes, corruption, export/import, stats."""

from __future__ import annotations

import csv
import json
import os
import re
import selectors
import signal
import sqlite3
import subprocess
import sys
import tomllib
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from pydantic import ValidationError

from coach.history import (
    SCHEMA_VERSION,
    STEP_FIELDS,
    HistoryError,
    HistoryImportError,
    HistoryStore,
    HistoryUnavailable,
    SessionNotFound,
)

HELPER = Path(__file__).parent / "history_helpers" / "recorder.py"
CET = timezone(timedelta(hours=1))
TODAY = date(2026, 11, 25)  # a Wednesday


def at(day: date, hour: int = 9, minute: int = 0, zone: timezone = CET) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def make_step(i: int, start: datetime, **changes) -> dict:
    begin = start + timedelta(seconds=30 * i)
    step = {
        "step_index": i, "item": i // 4, "exercise": "toe-curl", "kind": "hold",
        "side": "left", "set": 1, "sets": 2, "round": 1, "rounds": 1, "variant": None,
        "planned_seconds": 20.0, "actual_seconds": 20.0, "paused_seconds": 0.0, "reps": None,
        "started_at": begin.isoformat(timespec="milliseconds"),
        "ended_at": (begin + timedelta(seconds=20)).isoformat(timespec="milliseconds"),
        "status": "done", "pain": None,
    }
    step.update(changes)
    return step


VARIED_STEPS = [
    {"kind": "prepare", "side": None, "planned_seconds": 5.0, "actual_seconds": 5.0},
    {"kind": "reps", "side": "right", "planned_seconds": None, "actual_seconds": 41.25,
     "reps": 10, "variant": "towel", "pain": 4},
    {"kind": "rest", "status": "skipped", "actual_seconds": 1.5, "paused_seconds": 12.0},
    {"kind": "switch_side", "side": "right"},
    {"kind": "timed", "side": None, "set": 2, "round": 3, "rounds": 3, "pain": 10},
]


def add_session(store: HistoryStore, start: datetime, status: str = "completed", *,
                steps: int = 3, routine: tuple[str, str] = ("daily", "Daily feet"),
                pain: tuple[int | None, int | None] = (5, 3), note: str | None = None) -> str:
    session_id = store.start_session(routine[0], routine[1], pain[0], start)
    for i in range(steps):
        store.record_step(session_id, make_step(i, start))
    if status in ("completed", "aborted"):
        store.finish_session(session_id, status, start + timedelta(minutes=20), pain[1], note)
    return session_id


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


@pytest.fixture
def store(db):
    with HistoryStore(db) as s:
        yield s


# --- child processes ----------------------------------------------------------------------

def spawn(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(HELPER), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def read_line(proc: subprocess.Popen, timeout: float = 60) -> str:
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    if not sel.select(timeout):
        raise AssertionError(f"child {proc.pid} said nothing within {timeout}s")
    line = proc.stdout.readline()
    assert line, f"child exited early: {proc.wait()} {proc.stderr.read()}"
    return line.strip()


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    proc.stdout.close()
    proc.stderr.close()


# --- status transitions -------------------------------------------------------------------

def test_a_started_session_reads_in_progress_and_keeps_each_step_as_given(store):
    start = at(TODAY)
    session_id = store.start_session("daily", "Daily feet", 6, start)
    uuid.UUID(session_id)
    assert store.status(session_id) == "in_progress"
    steps = [make_step(i, start, **change) for i, change in enumerate(VARIED_STEPS)]
    for step in steps:
        store.record_step(session_id, step)
    record = store.session(session_id)
    assert record.status == "in_progress"
    assert record.steps == tuple(steps)
    assert (record.routine_id, record.routine_name, record.pain_before) == (
        "daily", "Daily feet", 6)
    assert record.started_at == start and record.ended_at is None
    assert record.owner_pid == os.getpid()
    assert record.active_seconds == pytest.approx(sum(s["actual_seconds"] for s in steps))
    # work steps only (the reps and the timed step): the skipped rest counts for nothing
    assert (record.steps_done, record.steps_skipped) == (2, 0)


@pytest.mark.parametrize("status", ["completed", "aborted"])
def test_finishing_writes_status_pain_after_and_note(store, db, status):
    session_id = add_session(store, at(TODAY), status, pain=(7, 2), note="left heel better")
    with HistoryStore(db) as other:  # read back through a fresh connection
        record = other.session(session_id)
    assert record.status == status
    assert (record.pain_before, record.pain_after, record.note) == (7, 2, "left heel better")
    assert record.ended_at == at(TODAY) + timedelta(minutes=20)
    assert len(record.steps) == 3


def test_a_finished_session_takes_no_more_steps_and_cannot_finish_again(store):
    session_id = add_session(store, at(TODAY))
    with pytest.raises(HistoryError):
        store.record_step(session_id, make_step(3, at(TODAY)))
    with pytest.raises(HistoryError):
        store.finish_session(session_id, "aborted", at(TODAY, 10))
    with pytest.raises(HistoryError):
        store.resume_session(session_id)
    assert store.status(session_id) == "completed"
    assert len(store.session(session_id).steps) == 3


def test_a_session_ends_only_completed_or_aborted(store):
    session_id = store.start_session("daily", "Daily feet", None, at(TODAY))
    with pytest.raises(ValueError):
        store.finish_session(session_id, "interrupted", at(TODAY, 10))  # type: ignore[arg-type]
    assert store.status(session_id) == "in_progress"


def test_pain_and_note_can_be_edited_after_the_end(store):
    session_id = add_session(store, at(TODAY), pain=(5, None))
    store.set_pain_after(session_id, 1)
    store.set_note(session_id, "felt easy")
    record = store.session(session_id)
    assert (record.status, record.pain_after, record.note) == ("completed", 1, "felt easy")
    with pytest.raises(ValueError):
        store.set_pain_after(session_id, 11)
    with pytest.raises(SessionNotFound):
        store.set_note(str(uuid.uuid4()), "x")


@pytest.mark.parametrize("pain", [-1, 11, 2.5, True, "3"])
def test_pain_outside_0_to_10_is_refused(store, pain):
    with pytest.raises(ValueError):
        store.start_session("daily", "Daily feet", pain, at(TODAY))
    assert store.count() == 0


def test_naive_times_are_refused(store):
    with pytest.raises(ValueError):
        store.start_session("daily", "Daily feet", None, datetime(2026, 11, 25, 9))
    session_id = store.start_session("daily", "Daily feet", None, at(TODAY))
    with pytest.raises(ValueError):
        store.record_step(session_id, make_step(0, at(TODAY), started_at="2026-11-25T09:00:00"))


@pytest.mark.parametrize("change", [{"status": "paused"}, {"kind": "jump"}, {"extra": 1},
                                    {"actual_seconds": "20"}])
def test_a_malformed_step_is_refused_and_not_stored(store, change):
    session_id = store.start_session("daily", "Daily feet", None, at(TODAY))
    with pytest.raises(ValidationError):
        store.record_step(session_id, make_step(0, at(TODAY), **change))
    assert store.session(session_id).steps == ()


def test_closing_mid_session_leaves_it_interrupted_and_resumable(db):
    start = at(TODAY)
    with HistoryStore(db) as first:
        session_id = first.start_session("daily", "Daily feet", 4, start)
        for i in range(5):
            first.record_step(session_id, make_step(i, start))
    with HistoryStore(db) as second:
        assert second.status(session_id) == "interrupted"
        assert second.sessions()[0].status == "interrupted"
        assert second.resume_point(session_id) == 5
        assert second.resume_session(session_id) == 5
        assert second.status(session_id) == "in_progress"
        with HistoryStore(db) as third:
            assert third.status(session_id) == "in_progress"
        second.record_step(session_id, make_step(5, start))
        second.finish_session(session_id, "completed", start + timedelta(minutes=5), 1)
    with HistoryStore(db) as fourth:
        record = fourth.session(session_id)
    assert record.status == "completed"
    assert [s["step_index"] for s in record.steps] == [0, 1, 2, 3, 4, 5]


def test_resume_point_is_after_the_last_recorded_step(db):
    start = at(TODAY)
    with HistoryStore(db) as s:
        empty = s.start_session("daily", "Daily feet", None, start)
        later = s.start_session("daily", "Daily feet", None, start)
        # a session resumed at step 7 records 7, 8, ...: the point follows the last one
        for i in (7, 8, 9):
            s.record_step(later, make_step(i, start))
    with HistoryStore(db) as s:
        assert s.resume_point(empty) == 0
        assert s.resume_point(later) == 10
        with pytest.raises(SessionNotFound):
            s.resume_point(str(uuid.uuid4()))


def test_a_session_held_by_another_store_is_in_progress_and_cannot_be_taken(db):
    with HistoryStore(db) as recorder, HistoryStore(db) as viewer:
        session_id = add_session(recorder, at(TODAY), "in_progress")
        assert viewer.status(session_id) == "in_progress"
        with pytest.raises(HistoryError, match="another coach"):
            viewer.resume_session(session_id)
        with pytest.raises(HistoryError):
            viewer.delete(session_id)
        with pytest.raises(HistoryError):
            viewer.record_step(session_id, make_step(3, at(TODAY)))
        recorder.record_step(session_id, make_step(3, at(TODAY)))
        assert len(viewer.session(session_id).steps) == 4


def test_kill_9_keeps_every_recorded_step_and_reads_interrupted(db, tmp_path):
    HistoryStore(db).close()
    child = spawn(str(db), "hold", "3")
    try:
        word, session_id = read_line(child).split()
        assert word == "ready"
        with HistoryStore(db) as store:
            # alive: another process is recording it, so it is not interrupted
            assert store.status(session_id) == "in_progress"
            assert store.session(session_id).owner_pid == child.pid
            os.kill(child.pid, signal.SIGKILL)
            assert child.wait(timeout=30) == -signal.SIGKILL
            record = store.session(session_id)
            assert record.status == "interrupted"
            assert [s["step_index"] for s in record.steps] == [0, 1, 2]
            assert store.resume_point(session_id) == 3
            assert store.resume_session(session_id) == 3
            assert store.status(session_id) == "in_progress"
    finally:
        stop(child)


def test_two_processes_recording_at_once_lose_nothing(db, tmp_path):
    go, n = tmp_path / "go", 300
    children = [spawn(str(db), "write", str(n), str(go)) for _ in range(2)]
    try:
        ids = [read_line(c).split()[1] for c in children]
        go.touch()
        for child in children:
            assert read_line(child) == "done"
            assert child.wait(timeout=60) == 0, child.stderr.read()
    finally:
        for child in children:
            stop(child)
    with HistoryStore(db) as store:
        assert store.count() == 2
        for session_id in ids:
            record = store.session(session_id)
            assert record.status == "completed"
            assert [s["step_index"] for s in record.steps] == list(range(n))


# --- the file -----------------------------------------------------------------------------

def test_a_write_that_cannot_happen_raises_unavailable_and_the_next_one_works(db, monkeypatch):
    monkeypatch.setattr("coach.history.connection.BUSY_TIMEOUT_SECONDS", 0.2)
    with HistoryStore(db) as store:
        session_id = add_session(store, at(TODAY), "in_progress", steps=1)
        blocker = sqlite3.connect(db, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")  # someone holds the write lock past the timeout
        with pytest.raises(HistoryUnavailable, match="locked"):
            store.record_step(session_id, make_step(1, at(TODAY)))
        blocker.execute("ROLLBACK")
        blocker.close()
        store.record_step(session_id, make_step(1, at(TODAY)))
        store.finish_session(session_id, "completed", at(TODAY, 10))
        assert [s["step_index"] for s in store.session(session_id).steps] == [0, 1]


def test_recording_goes_on_when_the_lock_directory_was_removed(store):
    store.lock_dir.rmdir()
    session_id = add_session(store, at(TODAY), "in_progress")
    assert store.status(session_id) == "in_progress"


def test_schema_wal_and_foreign_keys(store, db):
    add_session(store, at(TODAY))
    raw = sqlite3.connect(db)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 1
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_history_survives_reopening(db):
    with HistoryStore(db) as s:
        session_id = add_session(s, at(TODAY))
    with HistoryStore(db) as s:
        assert s.moved_aside is None
        assert s.session(session_id).status == "completed"


def test_a_history_from_a_newer_coach_is_left_alone(db):
    HistoryStore(db).close()
    raw = sqlite3.connect(db)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(HistoryUnavailable, match="newer coach"):
        HistoryStore(db)
    assert not list(db.parent.glob("*.corrupt-*"))


def _garbage() -> bytes:
    return bytes(range(256)) * 40


def _truncated_header(tmp_path: Path) -> bytes:
    good = tmp_path / "good.sqlite3"
    with HistoryStore(good) as s:
        add_session(s, at(TODAY))
    return good.read_bytes()[:60]


@pytest.mark.parametrize("damage", ["garbage", "truncated header", "text"])
def test_a_file_that_is_not_a_database_is_moved_aside_never_deleted(db, tmp_path, damage):
    content = {"garbage": _garbage, "text": lambda: b"my notes\n" * 100,
               "truncated header": lambda: _truncated_header(tmp_path)}[damage]()
    db.parent.mkdir(parents=True)
    db.write_bytes(content)
    with HistoryStore(db) as store:
        aside = store.moved_aside
        assert aside is not None and aside.parent == db.parent
        assert re.fullmatch(r"history\.sqlite3\.corrupt-\d{8}-\d{6}", aside.name)
        assert aside.read_bytes() == content
        session_id = add_session(store, at(TODAY))
    with HistoryStore(db) as again:
        assert again.moved_aside is None
        assert again.session(session_id).status == "completed"


def test_a_second_corrupt_file_in_the_same_second_gets_its_own_name(db):
    db.parent.mkdir(parents=True)
    asides = []
    for _ in range(2):
        db.write_bytes(_garbage())
        with HistoryStore(db) as store:
            asides.append(store.moved_aside)
    assert asides[0] != asides[1] and all(a.exists() for a in asides)


def test_a_data_directory_under_a_file_is_unavailable_with_the_reason(tmp_path):
    (tmp_path / "file.txt").write_text("not a directory")
    path = tmp_path / "file.txt" / "history.sqlite3"
    with pytest.raises(HistoryUnavailable) as caught:
        HistoryStore(path)
    message = str(caught.value)
    assert str(path) in message and "Not a directory" in message


def test_a_history_path_that_is_a_directory_is_unavailable(tmp_path):
    path = tmp_path / "history.sqlite3"
    path.mkdir()
    with pytest.raises(HistoryUnavailable, match="Is a directory"):
        HistoryStore(path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root writes into read-only directories")
def test_a_read_only_data_directory_is_unavailable_with_the_reason(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o500)
    try:
        with pytest.raises(HistoryUnavailable) as caught:
            HistoryStore(data / "history.sqlite3")
    finally:
        data.chmod(0o700)
    assert str(data / "history.sqlite3") in str(caught.value)
    assert "Permission denied" in str(caught.value)


# --- queries ------------------------------------------------------------------------------

def test_sessions_page_newest_first_by_instant(store):
    ids = [add_session(store, at(TODAY - timedelta(days=75 - i)), steps=1) for i in range(75)]
    pages = [store.sessions(limit=30, offset=o) for o in (0, 30, 60)]
    assert [len(p) for p in pages] == [30, 30, 15]
    assert [s.id for p in pages for s in p] == ids[::-1]
    assert store.count() == 75
    assert store.sessions(limit=30, offset=75) == []


def test_order_follows_the_instant_not_the_text_of_the_time(store):
    # 09:00+01:00 is 08:00Z; 08:30+00:00 is later though it reads earlier
    earlier = add_session(store, at(TODAY, 9, 0, CET))
    later = add_session(store, at(TODAY, 8, 30, UTC))
    assert [s.id for s in store.sessions()] == [later, earlier]


def test_routine_filter_routines_and_count(store):
    a = [add_session(store, at(TODAY - timedelta(days=i)), routine=("arch", "Arch"))
         for i in range(3)]
    add_session(store, at(TODAY - timedelta(days=9)), routine=("knee", "Knee old name"))
    add_session(store, at(TODAY - timedelta(days=1), 18), routine=("knee", "Knee"))
    assert [s.id for s in store.sessions(routine="arch")] == a
    assert store.count("arch") == 3 and store.count("knee") == 2 and store.count() == 5
    assert store.routines() == [("arch", "Arch"), ("knee", "Knee")]


def test_summaries_derive_active_seconds_and_counts(store):
    start = at(TODAY)
    session_id = store.start_session("daily", "Daily feet", None, start)
    store.record_step(session_id, make_step(0, start, actual_seconds=12.5))
    store.record_step(session_id, make_step(1, start, actual_seconds=3.25, status="skipped"))
    store.record_step(session_id, make_step(2, start, actual_seconds=30.0))
    summary = store.sessions()[0]
    assert (summary.active_seconds, summary.steps_done, summary.steps_skipped) == (45.75, 2, 1)


def test_delete_removes_the_session_and_its_steps(store):
    keep = add_session(store, at(TODAY - timedelta(days=1)))
    gone = add_session(store, at(TODAY))
    assert store.delete(gone) is True
    assert store.delete(gone) is False
    assert [s.id for s in store.sessions()] == [keep]
    with pytest.raises(SessionNotFound):
        store.session(gone)
    orphans = store.conn.execute("SELECT COUNT(*) FROM steps WHERE session_id = ?", (gone,))
    assert orphans.fetchone()[0] == 0


# --- statistics ---------------------------------------------------------------------------

@pytest.fixture
def stats_store(store):
    """Completed on the two days before TODAY (Wed) and twice on six days in a row
    earlier; aborted on Sunday before; tomorrow counts for nothing."""
    for back in (1, 2):
        add_session(store, at(TODAY - timedelta(days=back)), steps=3, pain=(6, 4))
    for back in range(15, 21):
        add_session(store, at(TODAY - timedelta(days=back)), steps=1, pain=(None, None))
    add_session(store, at(TODAY - timedelta(days=18), 19), steps=1, pain=(None, None))
    add_session(store, at(TODAY - timedelta(days=3)), "aborted", steps=2, pain=(8, None))
    add_session(store, at(TODAY + timedelta(days=1)), steps=1, pain=(1, 1))
    return store


def test_streaks_count_days_with_a_completed_session(stats_store):
    # today not played yet: the run ending yesterday still counts
    assert stats_store.streaks(TODAY) == (2, 6)
    # the aborted Sunday joins the run when any status counts
    assert stats_store.streaks(TODAY, completed_only=False) == (3, 6)
    # a day without a session breaks the current run
    assert stats_store.streaks(TODAY + timedelta(days=3)) == (0, 6)
    assert stats_store.streaks(TODAY - timedelta(days=16)) == (5, 5)


def test_current_streak_includes_today_once_played(stats_store):
    add_session(stats_store, at(TODAY, 7))
    assert stats_store.streaks(TODAY) == (3, 6)


def test_week_counts_monday_through_today(stats_store):
    assert TODAY.weekday() == 2
    # Monday and Tuesday, 3 steps of 20 s each
    assert stats_store.week(TODAY) == (2, 2.0)
    assert stats_store.week(TODAY, completed_only=False) == (2, 2.0)
    assert stats_store.week(TODAY - timedelta(days=3), completed_only=False) == (1, 0.7)


def test_heatmap_covers_twelve_weeks_from_a_monday(stats_store):
    days = stats_store.heatmap(TODAY)
    first, last = next(iter(days)), list(days)[-1]
    assert first.weekday() == 0 and last == TODAY
    assert len(days) == 11 * 7 + TODAY.weekday() + 1
    assert list(days) == sorted(days)
    assert days[TODAY - timedelta(days=18)] == 2
    assert days[TODAY - timedelta(days=1)] == 1 and days[TODAY] == 0
    assert days[TODAY - timedelta(days=3)] == 0
    assert stats_store.heatmap(TODAY, completed_only=False)[TODAY - timedelta(days=3)] == 1
    assert sum(days.values()) == 9


def test_days_are_the_local_dates_of_the_start(store):
    # 23:30 at -05:00 is already the next day in UTC, but the person played it on the 24th
    late = datetime(2026, 11, 24, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    add_session(store, late)
    counts = store.day_counts(date(2026, 11, 24), date(2026, 11, 25))
    assert counts == {date(2026, 11, 24): 1, date(2026, 11, 25): 0}


def test_pain_series_is_the_last_sessions_with_pain_oldest_first(stats_store):
    points = stats_store.pain_series(TODAY, last=3)
    assert [(p.day, p.pain_before, p.pain_after) for p in points] == [
        (TODAY - timedelta(days=3), 8, None),
        (TODAY - timedelta(days=2), 6, 4),
        (TODAY - timedelta(days=1), 6, 4),
    ]
    assert len(stats_store.pain_series(TODAY, last=50)) == 3


def test_daily_stats_bundles_the_helpers(stats_store):
    stats = stats_store.daily_stats(TODAY, pain_last=2)
    assert (stats.current_streak, stats.longest_streak) == (2, 6)
    assert (stats.week_sessions, stats.week_minutes) == (2, 2.0)
    assert stats.days == stats_store.heatmap(TODAY)
    assert [p.pain_before for p in stats.pain] == [6, 6]


# --- export and import --------------------------------------------------------------------

def varied_history(store: HistoryStore) -> None:
    start = at(TODAY - timedelta(days=2))
    session_id = store.start_session("arch", "Arch «strong»", 7, start)
    for i, change in enumerate(VARIED_STEPS):
        store.record_step(session_id, make_step(i, start, **change))
    store.finish_session(session_id, "completed", start + timedelta(minutes=9), 3,
                         'said "ouch"\nthen better')
    add_session(store, at(TODAY - timedelta(days=1)), "aborted", pain=(None, None))
    add_session(store, at(TODAY, 8, zone=UTC), "in_progress", steps=2)
    add_session(store, at(TODAY, 10), "in_progress", steps=0, pain=(2, None))
    store.close()  # the last two read interrupted from here on


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_export_then_import_round_trips(db, tmp_path, suffix):
    varied_history(HistoryStore(db))
    with HistoryStore(db) as source:
        original = source.to_document()
        assert source.export(tmp_path / f"out{suffix}") == [(tmp_path / f"out{suffix}", 4)]
    assert [s["status"] for s in original["sessions"]] == [
        "completed", "aborted", "interrupted", "interrupted"]
    if suffix == ".toml":
        assert "None" not in (tmp_path / "out.toml").read_text()
        written = tomllib.loads((tmp_path / "out.toml").read_text())
        assert "variant" not in written["sessions"][0]["steps"][0]
    with HistoryStore(tmp_path / "copy" / "history.sqlite3") as copy:
        assert copy.import_file(tmp_path / f"out{suffix}") == 4
        assert copy.to_document() == original
        assert copy.status(original["sessions"][2]["id"]) == "interrupted"
        assert copy.resume_point(original["sessions"][2]["id"]) == 2


def test_json_export_puts_each_session_and_each_step_on_a_line(store, tmp_path):
    add_session(store, at(TODAY - timedelta(days=1)), steps=0, note='a "quoted", [odd] note')
    add_session(store, at(TODAY), steps=2)
    assert store.export(tmp_path / "h.json") == [(tmp_path / "h.json", 2)]
    text = (tmp_path / "h.json").read_text(encoding="utf-8")
    assert json.loads(text) == store.to_document()
    lines = text.splitlines()
    assert len(lines) == 1 + 1 + 1 + 2 + 1 + 1  # open, empty session, session, 2 steps, ]}, ]}
    assert lines[1].startswith('  {"id": ') and lines[1].endswith('"steps": []},')
    assert lines[3].startswith('    {"step_index": 0, ')
    assert lines[4].startswith('    {"step_index": 1, ')
    assert text.endswith('\n  ]}\n], "checkins": [], "plans": [], "missed_days": [],'
                         ' "level_choices": []}\n')
    with HistoryStore(tmp_path / "empty" / "history.sqlite3") as empty:
        empty.export(tmp_path / "none.json")
    none = json.loads((tmp_path / "none.json").read_text(encoding="utf-8"))
    assert none == {"sessions": [], "checkins": [], "plans": [], "missed_days": [],
                    "level_choices": []}


def test_json_export_has_the_documented_shape(store, tmp_path):
    add_session(store, at(TODAY), pain=(4, 2), note="fine")
    store.export(tmp_path / "h.json")
    doc = json.loads((tmp_path / "h.json").read_text(encoding="utf-8"))
    session = doc["sessions"][0]
    assert set(session) == {"id", "routine", "routine_name", "started_at", "ended_at",
                            "status", "pain_before", "pain_after", "note",
                            "active_seconds", "steps"}
    assert session["active_seconds"] == 60.0
    assert session["started_at"] == "2026-11-25T09:00:00.000+01:00"
    assert set(session["steps"][0]) == set(STEP_FIELDS)


def test_csv_export_has_one_row_per_step_with_the_session_repeated(db, tmp_path):
    varied_history(HistoryStore(db))
    with HistoryStore(db) as store:
        doc = store.to_document()
        store.export(tmp_path / "h.csv")
    with open(tmp_path / "h.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    # 5 + 3 + 2 steps, and one row for the session that has none
    assert len(rows) == 11
    first = doc["sessions"][0]
    mine = [r for r in rows if r["session_id"] == first["id"]]
    assert [r["kind"] for r in mine] == [s["kind"] for s in first["steps"]]
    assert {r["routine"] for r in mine} == {"arch"}
    assert {r["session_status"] for r in mine} == {"completed"}
    assert {(r["pain_before"], r["pain_after"]) for r in mine} == {("7", "3")}
    assert mine[1]["planned_seconds"] == "" and mine[1]["reps"] == "10"
    assert mine[1]["actual_seconds"] == "41.25" and mine[1]["variant"] == "towel"
    empty = [r for r in rows if r["session_id"] == doc["sessions"][3]["id"]]
    assert len(empty) == 1
    assert empty[0]["kind"] == "" and empty[0]["session_status"] == "interrupted"


def test_importing_the_same_file_twice_adds_nothing(db, tmp_path):
    varied_history(HistoryStore(db))
    with HistoryStore(db) as source:
        source.export(tmp_path / "h.json")
        assert source.import_file(tmp_path / "h.json") == 0
        assert source.count() == 4
    with HistoryStore(tmp_path / "b.sqlite3") as other:
        add_session(other, at(TODAY - timedelta(days=30)))
        assert other.import_file(tmp_path / "h.json") == 4
        assert other.import_file(tmp_path / "h.json") == 0
        assert other.count() == 5
        total = other.conn.execute("SELECT COUNT(*) FROM steps").fetchone()[0]
        assert total == 3 + 10


def _document(n: int = 3) -> dict:
    sessions = []
    for k in range(n):
        start = at(TODAY - timedelta(days=k))
        sessions.append({
            "id": str(uuid.uuid4()), "routine": "daily", "routine_name": "Daily feet",
            "started_at": start.isoformat(timespec="milliseconds"),
            "ended_at": (start + timedelta(minutes=5)).isoformat(timespec="milliseconds"),
            "status": "completed", "pain_before": 5, "pain_after": 3, "note": None,
            "steps": [make_step(i, start) for i in range(3)],
        })
    return {"sessions": sessions}


def test_a_bad_json_file_changes_nothing_and_says_where(store, tmp_path):
    add_session(store, at(TODAY - timedelta(days=40)))
    before = store.to_document()
    doc = _document(4)
    doc["sessions"][1]["steps"][2]["status"] = "paused"
    doc["sessions"][2]["pain_after"] = 11
    doc["sessions"][3]["colour"] = "red"
    doc["sessions"][3]["steps"][0]["started_at"] = "2026-11-25T09:00:00"  # no offset
    doc["sessions"][0]["status"] = "done"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc, indent=2))
    with pytest.raises(HistoryImportError) as caught:
        store.import_file(path)
    # Each problem on the line of the key it is about.
    lines = path.read_text().splitlines()
    said = [f"{p.path}: {p.message}" for p in caught.value.problems]
    on = {p.path: lines[p.line - 1].strip() for p in caught.value.problems}
    assert "sessions[1].steps[2].status: must be 'done' or 'skipped', got 'paused'" in said
    assert on["sessions[1].steps[2].status"].startswith('"status": "paused"')
    assert any(s.startswith("sessions[2].pain_after: must be at most 10") for s in said)
    assert on["sessions[2].pain_after"].startswith('"pain_after": 11')
    assert any(s.startswith("sessions[3].colour: unknown key") for s in said)
    assert on["sessions[3].colour"] == '"colour": "red"'
    assert any(s.startswith("sessions[3].steps[0].started_at: ") and "offset" in s
               for s in said)
    assert on["sessions[3].steps[0].started_at"].startswith('"started_at": "2026-11-25T09:00:00"')
    assert any(s.startswith("sessions[0].status: ") for s in said)
    assert all(str(p).startswith(f"{path}:{p.line}: ") for p in caught.value.problems)
    assert len(said) == 5
    assert store.to_document() == before


def test_a_json_syntax_error_gives_the_line(store, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"sessions": [\n  {"id": "x",\n   "routine": }\n]}\n')
    with pytest.raises(HistoryImportError) as caught:
        store.import_file(path)
    assert str(caught.value.problems[0]).startswith(f"{path}:3: ")
    assert store.count() == 0


def test_a_bad_toml_file_gives_lines_for_syntax_and_schema(store, tmp_path):
    good = tmp_path / "good.toml"
    add_session(store, at(TODAY))
    add_session(store, at(TODAY + timedelta(days=1)))
    store.export(good)
    store.delete(store.sessions()[0].id)
    store.delete(store.sessions()[0].id)
    lines = good.read_text().splitlines()
    target = [i for i, line in enumerate(lines) if line.startswith("status = ")][6]
    lines[target] = 'status = "paused"'  # the second session's second step
    bad = tmp_path / "bad.toml"
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(HistoryImportError) as caught:
        store.import_file(bad)
    assert [str(p) for p in caught.value.problems] == [
        f"{bad}:{target + 1}: sessions[1].steps[1].status: "
        "must be 'done' or 'skipped', got 'paused'"]
    broken = tmp_path / "broken.toml"
    broken.write_text('[[sessions]]\nid = "x"\nroutine = \n')
    with pytest.raises(HistoryImportError) as caught:
        store.import_file(broken)
    assert str(caught.value.problems[0]).startswith(f"{broken}:3: ")
    assert store.count() == 0


def test_times_must_be_real_moments(store, tmp_path):
    doc = _document(2)
    doc["sessions"][1]["steps"][0]["ended_at"] = "2026-13-01T09:00:00.000+01:00"
    doc["sessions"][0]["started_at"] = "2026-11-25"
    path = tmp_path / "times.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(HistoryImportError) as caught:
        store.import_file(path)
    said = [str(p) for p in caught.value.problems]  # all on line 1: one line of JSON
    assert any(s.startswith(f"{path}:1: sessions[0].started_at: expected an ISO 8601 time")
               for s in said)
    assert (f"{path}:1: sessions[1].steps[0].ended_at: '2026-13-01T09:00:00.000+01:00'"
            " is not a real time") in said
    assert store.count() == 0
    session_id = store.start_session("daily", "Daily feet", None, at(TODAY))
    with pytest.raises(ValueError):
        store.record_step(session_id, make_step(0, at(TODAY), ended_at="2026-02-30T09:00:00+01:00"))
    assert store.session(session_id).steps == ()


def test_hand_written_toml_with_native_times_imports(store, tmp_path):
    session_id = str(uuid.uuid4())
    path = tmp_path / "hand.toml"
    path.write_text(f"""
[[sessions]]
id = "{session_id}"
routine = "daily"
routine_name = "Daily feet"
started_at = 2026-11-25T07:30:00Z
status = "completed"
pain_before = 4

[[sessions.steps]]
exercise = "toe-curl"
kind = "reps"
set = 1
round = 1
actual_seconds = 42
reps = 12
started_at = 2026-11-25T07:31:00+00:00
ended_at = 2026-11-25T07:31:42+00:00
status = "done"
""")
    assert store.import_file(path) == 1
    record = store.session(session_id)
    assert record.started_at == datetime(2026, 11, 25, 7, 30, tzinfo=UTC)
    assert (record.status, record.pain_before, record.pain_after) == ("completed", 4, None)
    step = record.steps[0]
    assert (step["step_index"], step["reps"], step["actual_seconds"], step["side"]) == (
        0, 12, 42.0, None)
    naive = tmp_path / "naive.toml"
    naive.write_text(path.read_text().replace("07:31:00+00:00", "07:31:00"))
    with pytest.raises(HistoryImportError, match=r"naive.toml:\d+: sessions\[0\]\.steps\[0\]"
                       r"\.started_at: time '2026-11-25T07:31:00' has no UTC offset"):
        store.import_file(naive)


def test_duplicate_ids_in_one_file_are_a_problem(store, tmp_path):
    doc = _document(2)
    doc["sessions"][1]["id"] = doc["sessions"][0]["id"]
    path = tmp_path / "dup.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(HistoryImportError,
                       match=r"sessions\[1\]\.id: the same id as sessions\[0\]"):
        store.import_file(path)
    assert store.count() == 0


def test_only_json_and_toml_import(store, tmp_path):
    path = tmp_path / "h.csv"
    store.export(path)
    with pytest.raises(HistoryImportError, match=r"use \.json or \.toml"):
        store.import_file(path)
    with pytest.raises(HistoryImportError, match="cannot be read: no such file or directory"):
        store.import_file(tmp_path / "missing.json")


def test_to_document_limit_is_the_last_sessions_oldest_first(store):
    ids = [add_session(store, at(TODAY - timedelta(days=10 - i)), steps=1) for i in range(10)]
    doc = store.to_document(limit=3)
    assert [s["id"] for s in doc["sessions"]] == ids[-3:]
    assert len(store.to_document()["sessions"]) == 10


# --- ten years of history -----------------------------------------------------------------

def _query_plans(store: HistoryStore, call) -> list[str]:
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        call(store)
    finally:
        store.conn.set_trace_callback(None)
    plans = []
    for sql in statements:
        if sql.lstrip().upper().startswith("SELECT"):
            plans += [row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql)]
    return plans


def _sqlite_work(store: HistoryStore, call) -> int:
    """How many steps of SQLite's virtual machine ``call(store)`` took, in hundreds: the work
    of its queries, which a slow or busy machine does not change."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0  # go on

    store.conn.set_progress_handler(count, 100)
    try:
        call(store)
    finally:
        store.conn.set_progress_handler(None, 0)
    return steps


def test_ten_years_import_whole_and_recent_pages_stay_cheap(tmp_path):
    first = date(2016, 11, 26)
    sessions = []
    for k in range(3650):
        start = at(first + timedelta(days=k), 7 + k % 5)
        sessions.append({
            "id": str(uuid.uuid4()), "routine": ("daily", "arch", "knee")[k % 3],
            "routine_name": "Routine", "started_at": start.isoformat(timespec="milliseconds"),
            "ended_at": (start + timedelta(minutes=25)).isoformat(timespec="milliseconds"),
            "status": "completed", "pain_before": k % 11, "pain_after": (k + 3) % 11,
            "note": None, "steps": [make_step(i, start) for i in range(40)],
        })
    # Ten years are about 50 MB of JSON, past what coach reads from one file (20 MB): they
    # come in a file a year, as export writes them, imported together.
    paths = []
    for year in range(10):
        path = tmp_path / f"year-{year}.json"
        path.write_text(json.dumps({"sessions": sessions[365 * year:365 * (year + 1)]}))
        paths.append(path)
    # the newest year alone: the same newest pages, a tenth of the history
    one_year = HistoryStore(tmp_path / "year.sqlite3")
    big = HistoryStore(tmp_path / "big.sqlite3")
    assert big.import_files(paths) == 3650
    assert one_year.import_files(paths[-1:]) == 365
    assert big.conn.execute("SELECT COUNT(*) FROM steps").fetchone()[0] == 146_000

    # newest first may walk the start index backwards (LIMIT stops it early); a routine
    # filter must search its own index, or a rarely played routine walks all ten years
    for call, walk_ok in ((lambda s: s.sessions(limit=30), True),
                          (lambda s: s.sessions(limit=30, routine="arch"), False),
                          (lambda s: s.to_document(limit=30), True),
                          (lambda s: s.pain_series(TODAY), True)):
        for plan in _query_plans(big, call):
            assert "TEMP B-TREE" not in plan, plan
            assert not re.fullmatch(r"SCAN (s|sessions|steps)", plan), plan
            assert walk_ok or not plan.startswith("SCAN"), plan
        # the same pages from ten years cost what they cost from one (timed in
        # benchmarks/bench_history.py)
        assert call(big) == call(one_year)
        assert _sqlite_work(big, call) <= 1.2 * _sqlite_work(one_year, call) + 5
    assert [s.started_at.date() for s in big.sessions(limit=2)] == [
        first + timedelta(days=3649), first + timedelta(days=3648)]
    assert big.streaks(first + timedelta(days=3649)) == (3650, 3650)
    one_year.close()
    big.close()
