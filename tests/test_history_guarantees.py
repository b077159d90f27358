"""What the history package promises its callers, each held by a test that fails without the
code it names: no sqlite3 error leaves the store; a session's status is re-read after its lock
is probed; a damaged file is moved aside with its -wal and -shm; the step record's fields are
those of coach.workout, in every place history spells them."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from coach.history import STEP_FIELDS, HistoryDamaged, HistoryError, HistoryStore
from coach.history.locks import SessionLocks
from coach.history.rows import step_values
from coach.step_record import STEP_FIELDS as WORKOUT_STEP_FIELDS

CET = timezone(timedelta(hours=1))
START = datetime(2026, 11, 23, 9, 0, tzinfo=CET)
TODAY = START.date()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


def step(i: int) -> dict[str, Any]:
    begin = START + timedelta(seconds=30 * i)
    return {
        "step_index": i, "item": 0, "exercise": "toe-curl", "kind": "hold", "side": "left",
        "set": 1, "sets": 1, "round": 1, "rounds": 1, "variant": None,
        "planned_seconds": 20.0, "actual_seconds": 20.0, "paused_seconds": 0.0, "reps": None,
        "started_at": begin.isoformat(timespec="milliseconds"),
        "ended_at": (begin + timedelta(seconds=20)).isoformat(timespec="milliseconds"),
        "status": "done",
    }


def finished(store: HistoryStore, start: datetime = START, steps: int = 2) -> str:
    session_id = store.start_session("daily", "Daily feet", 4, start)
    for i in range(steps):
        store.record_step(session_id, step(i))
    store.finish_session(session_id, "completed", start + timedelta(minutes=5), 2)
    return session_id


# --- no sqlite3 error leaves the store ------------------------------------------------------

class FailingConnection(sqlite3.Connection):
    """A connection whose statements fail, once told to, as a failing disk makes them."""

    failing = False

    def _fail(self) -> None:
        if FailingConnection.failing:
            raise sqlite3.OperationalError("disk I/O error")

    def execute(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        self._fail()
        return super().execute(*args, **kwargs)

    def executemany(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        self._fail()
        return super().executemany(*args, **kwargs)

    def close(self) -> None:
        self._fail()
        super().close()


# Every public method of the store, called as a caller would. `held` is a session this store
# is recording, `done` one it finished, `export` an export file of the history.
CALLS: dict[str, Callable[[HistoryStore, dict[str, Any]], object]] = {
    "start_session": lambda s, k: s.start_session("daily", "Daily feet", 4, START),
    "record_step": lambda s, k: s.record_step(k["held"], step(5)),
    "finish_session": lambda s, k: s.finish_session(k["held"], "completed", START),
    "set_pain_after": lambda s, k: s.set_pain_after(k["done"], 3),
    "set_note": lambda s, k: s.set_note(k["done"], "a note"),
    "resume_point": lambda s, k: s.resume_point(k["done"]),
    "resume_session": lambda s, k: s.resume_session(k["done"]),
    "status": lambda s, k: s.status(k["done"]),
    "sessions": lambda s, k: s.sessions(),
    "count": lambda s, k: s.count(),
    "session": lambda s, k: s.session(k["done"]),
    "delete": lambda s, k: s.delete(k["done"]),
    "routines": lambda s, k: s.routines(),
    "last_done": lambda s, k: s.last_done(),
    "interrupted_since": lambda s, k: s.interrupted_since(START),
    "day_counts": lambda s, k: s.day_counts(TODAY, TODAY),
    "heatmap": lambda s, k: s.heatmap(TODAY),
    "streaks": lambda s, k: s.streaks(TODAY),
    "week": lambda s, k: s.week(TODAY),
    "pain_series": lambda s, k: s.pain_series(TODAY),
    "daily_stats": lambda s, k: s.daily_stats(TODAY),
    "side_differences": lambda s, k: s.side_differences(TODAY),
    "to_document": lambda s, k: s.to_document(),
    "export": lambda s, k: s.export(k["export"].with_name("again.json")),
    "import_file": lambda s, k: s.import_file(k["export"]),
    "import_files": lambda s, k: s.import_files([k["export"]]),
    "import_documents": lambda s, k: s.import_documents([k["export"]]),
    "add_checkin": lambda s, k: s.add_checkin(START, 3, "stiff"),
    "checkins": lambda s, k: s.checkins(),
    "last_checkin": lambda s, k: s.last_checkin(),
    "checkin_due": lambda s, k: s.checkin_due(TODAY),
    "session_pains": lambda s, k: s.session_pains(),
    "mornings": lambda s, k: s.mornings(),
    "first_pain_day": lambda s, k: s.first_pain_day(),
    "last_played_day": lambda s, k: s.last_played_day(),
    "plans": lambda s, k: s.plans(),
    "set_plan": lambda s, k: s.set_plan("daily", [0], ["07:30"], START),
    "clear_plan": lambda s, k: s.clear_plan("daily"),
    "completed_by_day": lambda s, k: s.completed_by_day(TODAY, TODAY),
    "played_on": lambda s, k: s.played_on(TODAY),
    "missed_answers": lambda s, k: s.missed_answers(TODAY),
    "answer_missed": lambda s, k: s.answer_missed(TODAY, "daily", "forgot", START),
    "add_level_choice": lambda s, k: s.add_level_choice(START, "daily", 1, "raise", "hold"),
    "level_choices": lambda s, k: s.level_choices("daily"),
    "session_starts": lambda s, k: s.session_starts("daily"),
    "session_notes": lambda s, k: s.session_notes(TODAY, TODAY),
    "close": lambda s, k: s.close(),
}
# Methods that never touch the file.
PURE = {"heatmap_start"}


def test_every_public_method_of_the_store_is_checked_below():
    public = {name for name in dir(HistoryStore)
              if not name.startswith("_") and callable(getattr(HistoryStore, name))}
    assert public - PURE == set(CALLS)


@pytest.mark.parametrize("method", sorted(CALLS))
def test_a_failing_statement_reaches_the_caller_as_a_history_error(method, db, tmp_path,
                                                                   monkeypatch):
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *args, **kwargs: connect(
        *args, **kwargs, factory=FailingConnection))
    monkeypatch.setattr(FailingConnection, "failing", False)
    store = HistoryStore(db)
    assert isinstance(store.conn, FailingConnection)
    other = tmp_path / "other" / "history.sqlite3"
    with HistoryStore(other) as source:
        finished(source, START - timedelta(days=1))
        source.export(tmp_path / "export.json")
    known = {"done": finished(store), "export": tmp_path / "export.json",
             "held": store.start_session("daily", "Daily feet", 4, START)}
    if method == "resume_session":
        store.close()  # the held session is now interrupted, and resumable
        store = HistoryStore(db)
        known["done"] = known["held"]
    monkeypatch.setattr(FailingConnection, "failing", True)
    try:
        with pytest.raises(HistoryError) as caught:
            CALLS[method](store, known)
        assert not isinstance(caught.value, sqlite3.Error)
        assert str(caught.value) == f"cannot keep history in {db}: disk I/O error"
    finally:
        FailingConnection.failing = False
        store.close()


# --- the status is re-read after the lock is probed ------------------------------------------

def test_a_session_finished_while_its_lock_is_probed_reads_as_finished(db, monkeypatch):
    """A reader finds a session in_progress, then probes its lock; by then the recorder may
    have finished it and let go. The lock is free, but the session is not interrupted: the
    store reads its status again after the probe."""
    recorder = HistoryStore(db)
    reader = HistoryStore(db)
    session_id = recorder.start_session("daily", "Daily feet", 4, START)
    recorder.record_step(session_id, step(0))
    probe = SessionLocks.held_elsewhere
    probed: list[str] = []

    def finished_meanwhile(locks: SessionLocks, probed_id: str) -> bool:
        if locks.lock_dir == reader.lock_dir and probed_id == session_id and not probed:
            probed.append(probed_id)
            recorder.finish_session(session_id, "completed", START + timedelta(minutes=5))
        return probe(locks, probed_id)

    monkeypatch.setattr(SessionLocks, "held_elsewhere", finished_meanwhile)
    assert reader.status(session_id) == "completed"
    assert probed == [session_id]  # the status was read as in_progress, then probed
    recorder.close()
    reader.close()


def test_a_session_whose_recorder_is_gone_reads_as_interrupted(db):
    """The other side of the test above: no one finished it, the lock is free."""
    recorder = HistoryStore(db)
    session_id = recorder.start_session("daily", "Daily feet", 4, START)
    with HistoryStore(db) as reader:
        assert reader.status(session_id) == "in_progress"  # held by the recorder
        recorder.close()
        assert reader.status(session_id) == "interrupted"


# --- a damaged file is moved aside with its -wal and -shm ------------------------------------

def damaged_history(db: Path) -> None:
    """A history whose sessions table is overwritten (its root page): it opens, since the
    schema is intact, and the first read of its sessions finds the damage."""
    with HistoryStore(db) as store:
        for day in range(40):
            finished(store, START - timedelta(days=day), steps=8)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (root,) = store.conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'sessions'").fetchone()
        (size,) = store.conn.execute("PRAGMA page_size").fetchone()
    with open(db, "r+b") as f:
        f.seek((root - 1) * size)
        f.write(b"\xa5" * size)


def companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + end) for end in ("-wal", "-shm")]


def test_damage_found_in_use_moves_the_file_with_its_wal_and_shm(db):
    damaged_history(db)
    store = HistoryStore(db)
    assert all(p.exists() for p in companions(db))  # a WAL reader has both open
    wal, shm = (p.read_bytes() for p in companions(db))
    with pytest.raises(HistoryDamaged) as caught:
        store.sessions()
    aside = caught.value.moved_to
    # all three renamed, to names that say they belong together
    assert [p.name for p in companions(aside)] == [aside.name + "-wal", aside.name + "-shm"]
    assert companions(aside)[0].read_bytes() == wal
    assert companions(aside)[1].read_bytes() == shm
    store.close()


def test_damage_found_at_open_moves_the_file_with_its_wal_and_shm(db):
    db.parent.mkdir(parents=True)
    db.write_bytes(b"not a database" * 500)
    for end, content in (("-wal", b"old log"), ("-shm", b"old index")):
        db.with_name(db.name + end).write_bytes(content)
    with HistoryStore(db) as store:
        aside = store.moved_aside
        assert aside is not None
        wal, shm = companions(aside)
        assert wal.read_bytes() == b"old log" and shm.exists()
        # the fresh history has log and index of its own, never the old ones
        assert store.count() == 0
        assert db.with_name(db.name + "-wal").read_bytes() != b"old log"


# --- one step record ---------------------------------------------------------------------

def test_history_keeps_the_step_record_of_coach_workout(db):
    assert STEP_FIELDS is WORKOUT_STEP_FIELDS
    with HistoryStore(db) as store:
        columns = [row[1] for row in store.conn.execute("PRAGMA table_info(steps)")]
        assert columns == ["session_id", "seq", *STEP_FIELDS]  # the table, in its order
        finished(store)
        [exported] = store.to_document()["sessions"]
        assert list(exported["steps"][0]) == list(STEP_FIELDS)


def test_every_field_of_the_step_record_is_read_with_care():
    """A stored step whose every value is unreadable (a hand edit): each field is named."""
    _, unread = step_values(dict.fromkeys(STEP_FIELDS, b"\xff"))
    assert sorted(unread) == sorted(STEP_FIELDS)


def test_the_calendar_starts_on_a_monday():
    assert HistoryStore.heatmap_start(date(2026, 11, 25), 2) == date(2026, 11, 16)
