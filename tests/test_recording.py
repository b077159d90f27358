"""Recording a workout: into the store as it happens, and to a file when the store fails."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from support import HOLD_THEN_REPS, make_app, tiny_library

from coach.files import FileProblem
from coach.history import HistoryStore, HistoryUnavailable
from coach.recording import Recorder
from coach.tui.screens.picker import PickerScreen
from coach.tui.screens.runner import RunnerScreen
from coach.tui.screens.summary import SummaryScreen

START = datetime(2026, 11, 23, 9, 0, tzinfo=timezone(timedelta(hours=1)))


def step(i: int) -> dict:
    begin = START + timedelta(seconds=10 * i)
    return {
        "step_index": i, "item": 0, "exercise": "press", "kind": "hold", "side": "right",
        "set": 1, "sets": 1, "round": 1, "rounds": 1, "variant": None,
        "planned_seconds": 10.0, "actual_seconds": 10.0, "paused_seconds": 0.0, "reps": None,
        "started_at": begin.isoformat(timespec="milliseconds"),
        "ended_at": (begin + timedelta(seconds=10)).isoformat(timespec="milliseconds"),
        "status": "done",
    }


class FailingStore:
    """Accepts the start, then fails every write, like a disk that filled up."""

    def __init__(self, real: HistoryStore) -> None:
        self.real = real

    def start_session(self, *args):
        return self.real.start_session(*args)

    def record_step(self, *args):
        raise HistoryUnavailable("cannot write /data/history.sqlite3: No space left on device")

    def finish_session(self, *args):
        raise AssertionError("a failed store is not written again")


# --- unit -----------------------------------------------------------------------------------

def test_each_step_is_in_the_store_the_moment_it_is_recorded(tmp_path):
    store = HistoryStore(tmp_path / "h.sqlite3")
    rec = Recorder(store, "short", "Short one", 5)
    rec.start(START)
    rec.step(step(0))
    rec.flush()
    assert store.session(rec.session_id).steps[0]["exercise"] == "press"
    assert store.status(rec.session_id) == "in_progress"
    rec.step(step(1))
    rec.finish("completed", START + timedelta(minutes=1))
    rec.annotate(2, "better")
    rec.flush()  # the end and the words are queued behind the steps, never waited for
    record = store.session(rec.session_id)
    assert (record.status, record.pain_before, record.pain_after, record.note) == \
        ("completed", 5, 2, "better")
    assert len(record.steps) == 2


def test_a_failing_store_keeps_everything_in_memory_and_saves_to_a_file(tmp_path):
    real = HistoryStore(tmp_path / "h.sqlite3")
    rec = Recorder(FailingStore(real), "short", "Short one", 5)
    rec.start(START)
    rec.step(step(0))
    rec.flush()
    assert not rec.saved and "No space left" in rec.problem
    rec.step(step(1))
    rec.finish("aborted", START + timedelta(seconds=30))
    rec.annotate(3, None)
    saved = rec.save_to(tmp_path / "session.json")
    doc = json.loads(saved.read_text())
    assert [s["step_index"] for s in doc["sessions"][0]["steps"]] == [0, 1]
    # The partial session already in the store must not hide the full one on import.
    assert doc["sessions"][0]["id"] != rec.session_id
    assert real.import_file(saved) == 1
    assert real.count() == 2


def test_no_store_at_all_still_gives_an_importable_file(tmp_path):
    rec = Recorder(None, "short", "Short one", None, problem="history is off")
    rec.start(START)
    rec.step(step(0))
    rec.finish("completed", START + timedelta(seconds=10))
    path = rec.save_to(tmp_path / "s.json")
    again = rec.save_to(tmp_path / "again.json")  # saving twice: a second file, the same id
    store = HistoryStore(tmp_path / "fresh" / "h.sqlite3")
    assert store.import_file(path) == 1
    assert store.import_file(path) == 0
    assert store.import_file(again) == 0


def test_save_to_an_unwritable_place_raises_and_leaves_nothing(tmp_path):
    rec = Recorder(None, "short", "Short one", None)
    rec.start(START)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(FileProblem, match=f"^{re.escape(str(blocker / 's.json'))}: "):
        rec.save_to(blocker / "s.json")
    assert blocker.read_text() == "x"


# --- through the app ----------------------------------------------------------------------

async def quit_after_one_hold(pilot, clock) -> None:
    await pilot.press("enter", "6", "enter")
    await pilot.pause()
    clock.advance(15)  # get-ready and the first hold
    pilot.app.screen._tick()
    await pilot.press("q", "y")
    await pilot.pause()


async def test_a_workout_is_recorded_as_it_happens(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "6", "enter")
        await pilot.pause()
        clock.advance(15)
        app.screen._tick()
        app.screen.workout.recorder.flush()
        [summary] = app.history.sessions()
        # the hold is done; the get-ready is not an exercise step
        assert (summary.status, summary.pain_before, summary.steps_done) == ("in_progress", 6, 1)
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        app.screen.workout.recorder.flush()
        assert app.history.sessions()[0].status == "aborted"
        await pilot.press("1", "enter", "o", "k", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        app.settle_recordings()
        record = app.history.session(summary.id)
        assert (record.pain_after, record.note) == (1, "ok")
        assert [s["kind"] for s in record.steps] == ["prepare", "hold", "switch_side"]
        assert record.steps[2]["status"] == "skipped"


async def test_unwritable_data_dir_still_runs_and_offers_a_file(tmp_path):
    from coach.paths import Locations

    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    locations = Locations(tmp_path / "config", blocker / "data")
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS), locations=locations)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.history is None and "not-a-dir" in app.history_problem
        await quit_after_one_hold(pilot, clock)
        summary = app.screen
        assert isinstance(summary, SummaryScreen) and summary.unsaved
        await pilot.press("enter", "enter")  # no pain, no note: on to the file name
        target = tmp_path / "saved.json"
        field = summary.query_one("#save-path")
        field.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    doc = json.loads(target.read_text())
    assert doc["sessions"][0]["status"] == "aborted"
    assert [s["kind"] for s in doc["sessions"][0]["steps"]] == ["prepare", "hold", "switch_side"]


async def test_leaving_an_unsaved_summary_asks_first(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS), history=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await quit_after_one_hold(pilot, clock)
        await pilot.press("escape")
        await pilot.press("n")
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_an_interrupted_session_resumes_after_its_last_step(tmp_path):
    library = tiny_library(tmp_path, HOLD_THEN_REPS)
    app, _clock = make_app(library)
    db = app.locations.history_db
    db.parent.mkdir(parents=True, exist_ok=True)
    dead = HistoryStore(db)  # a coach that recorded two steps, then died
    session_id = dead.start_session("short", "Short one", 7, START)
    dead.record_step(session_id, step(0))
    dead.record_step(session_id, step(1))
    dead.close()
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.history.status(session_id) == "interrupted"
        app.resume_workout(session_id)
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        # A get-ready first (coach.resuming), then the step it stopped in.
        assert runner.session.current.kind == "prepare"
        assert runner.session.next_step.kind == "switch_side"
        assert app.history.status(session_id) == "in_progress"
        await pilot.press("n", "q", "y")
        await pilot.pause()
        app.settle_recordings()
        record = app.history.session(session_id)
        assert record.status == "aborted" and len(record.steps) == 3
