"""Hostile history in the app, pressing the keys a person presses: a history file damaged
after it opened (the pane, and a workout recording into it), a read-only data directory,
hand-edited rows, and the fallback save that must never overwrite a file."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from history_helpers.damage import asides, ruin_after_first_page
from history_helpers.sessions import open_history, settle
from support import HOLD_THEN_REPS, make_app, tiny_library, wait_until
from textual.widgets import DataTable, Input, Label, Static

from coach import paths
from coach.history import HistoryStore
from coach.tui.screens.confirm import ConfirmScreen
from coach.tui.screens.picker import PickerScreen
from coach.tui.screens.session_detail import SessionDetailScreen
from coach.tui.screens.summary import SummaryScreen

SIZE = (100, 30)
CET = timezone(timedelta(hours=1))
START = datetime(2026, 11, 23, 9, 0, tzinfo=CET)  # the FakeClock's wall starts here
TODAY = date(2026, 11, 23)


def step(i: int, start: datetime = START) -> dict:
    begin = start + timedelta(seconds=30 * i)
    return {
        "step_index": i, "item": 0, "exercise": "press", "kind": "hold", "side": "left",
        "set": 1, "sets": 1, "round": 1, "rounds": 1, "variant": None,
        "planned_seconds": 10.0, "actual_seconds": 10.0, "paused_seconds": 0.0, "reps": None,
        "started_at": begin.isoformat(timespec="milliseconds"),
        "ended_at": (begin + timedelta(seconds=10)).isoformat(timespec="milliseconds"),
        "status": "done",
    }


def fill(db: Path, sessions: int = 40, interrupted: bool = False) -> list[str]:
    """Sessions on the days before START, newest first; the newest left interrupted."""
    ids = []
    with HistoryStore(db) as store:
        for day in range(sessions):
            start = START - timedelta(days=day)
            session_id = store.start_session("short", "Short one", 4, start)
            for i in range(6):
                store.record_step(session_id, step(i, start))
            if not (interrupted and day == 0):
                store.finish_session(session_id, "completed", start + timedelta(minutes=5), 2)
            ids.append(session_id)
    return ids


def damage(db: Path) -> bytes:
    """A filled history, ruined after its first page: it opens, and the first read fails."""
    fill(db)
    return ruin_after_first_page(db)


def listen(app, monkeypatch) -> list[str]:
    said: list[str] = []
    real = app.notify
    monkeypatch.setattr(app, "notify", lambda message, **kw: (said.append(str(message)),
                                                              real(message, **kw)))
    return said


async def one_hold_then_quit(pilot, clock) -> SummaryScreen:
    """Start the tiny routine with pain 6, play the get-ready and the first hold, end it."""
    await pilot.press("enter", "6", "enter")
    await pilot.pause()
    clock.advance(15)
    pilot.app.screen._tick()
    await pilot.press("q", "y")
    await pilot.pause()
    summary = pilot.app.screen
    assert isinstance(summary, SummaryScreen)
    return summary


@pytest.fixture
def db(tmp_path) -> Path:
    return paths.resolve().history_db  # the app's own data directory, isolated per test


# --- item 6: damage found after opening ---------------------------------------------------

async def test_the_pane_moves_a_history_damaged_inside_aside_and_says_where(db,
                                                                          monkeypatch):
    damaged = damage(db)
    app, _ = make_app(history=HistoryStore(db), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        said = listen(app, monkeypatch)
        screen = await open_history(pilot)
        # the fresh history, read again
        await wait_until(pilot, lambda: screen.has_class("-empty"), what="the fresh history")
        [aside] = asides(db)
        assert any(f"it was moved to {aside} and a fresh history started" in s for s in said)
        assert aside.read_bytes() == damaged


async def test_a_workout_recording_into_a_damaged_history_falls_back_to_memory(tmp_path, db,
                                                                             monkeypatch):
    damaged = damage(db)
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS), history=HistoryStore(db))
    # The picker's read of recent history would find the damage before the workout does
    # (and the workout would then record into the fresh history): this is about a recording
    # that finds it.
    monkeypatch.setattr(app, "refresh_recent", lambda: None)
    async with app.run_test(size=SIZE) as pilot:
        summary = await one_hold_then_quit(pilot, clock)
        assert summary.unsaved
        [aside] = asides(db)
        problem = summary.workout.recorder.problem
        assert problem.startswith(f"the history in {db} is damaged") and str(aside) in problem
        assert aside.read_bytes() == damaged  # nothing new written into the damaged file
        assert app.history.count() == 0  # and the session not split into the fresh one
        target = tmp_path / "kept.json"
        await pilot.press("enter", "enter")  # no pain, no note: on to the file name
        summary.query_one("#save-path", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    (session,) = json.loads(target.read_text(encoding="utf-8"))["sessions"]
    assert session["status"] == "aborted" and session["pain_before"] == 6
    assert app.history is not None
    with HistoryStore(db) as fresh:
        assert fresh.import_file(target) == 1


# --- item 7: a read-only data directory ---------------------------------------------------

def read_only(db: Path, monkeypatch) -> Path:
    """From now on the data directory reads as not writable: simulated, since root writes
    anywhere."""
    real = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: (
        False if Path(path) == db.parent and mode & os.W_OK else real(path, mode, **kw)))
    return db.parent


async def test_a_read_only_history_is_shown_and_says_why_it_cannot_change(db, monkeypatch):
    ids = fill(db, sessions=3, interrupted=True)
    read_only_dir = read_only(db, monkeypatch)
    app, _ = make_app(today=TODAY)  # opens the store itself, from the data directory
    async with app.run_test(size=SIZE) as pilot:
        said = listen(app, monkeypatch)
        screen = await open_history(pilot)
        assert app.history.read_only
        assert screen.query_one(DataTable).row_count == 3
        assert screen.highlighted.id == ids[0] and screen.highlighted.status == "interrupted"
        reason = f"{read_only_dir}: Permission denied"
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert said[-1] == f"This history is read-only ({reason}), so sessions cannot be deleted."
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is screen
        assert said[-1] == (f"This history is read-only ({reason}), so a session cannot be "
                            "resumed into it.")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionDetailScreen)
        assert app.screen.record is not None and len(app.screen.record.steps) == 6
    assert app.history_problem == f"the history in {db} is read-only: {reason}"


async def test_a_workout_still_runs_with_a_read_only_history_and_offers_the_file(
        tmp_path, db, monkeypatch):
    fill(db, sessions=1)
    read_only_dir = read_only(db, monkeypatch)
    before = db.read_bytes()
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        summary = await one_hold_then_quit(pilot, clock)
        assert summary.unsaved
        shown = [str(label.render()) for label in summary.query(Label)]
        assert f"Not saved to history: the history in {db} is read-only: {read_only_dir}: " \
               "Permission denied" in shown
        assert summary.query_one("#save-path", Input).value.endswith(".json")
    assert db.read_bytes() == before


# --- item 5: hand-edited rows in the pane -------------------------------------------------

async def test_the_pane_shows_hand_edited_rows_and_names_what_it_could_not_read(db):
    [session_id] = fill(db, sessions=1)
    raw = sqlite3.connect(db)
    raw.execute("PRAGMA ignore_check_constraints = ON")
    raw.execute("UPDATE sessions SET started_at = 'soon', pain_before = 'high' WHERE id = ?",
                (session_id,))
    raw.execute("UPDATE steps SET actual_seconds = 'abc', side = 'up', kind = X'00'"
                " WHERE session_id = ? AND seq = 1", (session_id,))
    raw.commit()
    raw.close()
    app, _ = make_app(history=HistoryStore(db), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        assert screen.query_one(DataTable).row_count == 1
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, SessionDetailScreen) and detail.record is not None
        head = str(detail.query_one("#session-head", Static).render())
        assert head.endswith("\nCould not read: started_at, active_seconds, pain_before, "
                             "steps[1].actual_seconds and 2 more")


# --- item 8: the fallback save never overwrites --------------------------------------------

async def test_the_fallback_save_offers_a_free_name_and_refuses_a_taken_one(tmp_path):
    home = Path.home()
    taken = home / "coach-session-20261123-0900.json"
    home.mkdir(parents=True, exist_ok=True)
    taken.write_text("an earlier session", encoding="utf-8")
    mine = tmp_path / "mine.json"
    mine.write_text("my own notes", encoding="utf-8")
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS), history=None)
    async with app.run_test(size=SIZE) as pilot:
        summary = await one_hold_then_quit(pilot, clock)
        field = summary.query_one("#save-path", Input)
        assert field.value == str(home / "coach-session-20261123-0900-2.json")
        await pilot.press("enter", "enter")  # no pain, no note: on to the file name
        field.value = str(mine)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is summary
        assert str(summary.query_one("#save-error", Label).render()) == (
            f"{mine} already exists; type another name.")
        assert mine.read_text(encoding="utf-8") == "my own notes"
        field.value = str(home / "coach-session-20261123-0900-2.json")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    assert taken.read_text(encoding="utf-8") == "an earlier session"
    saved = json.loads((home / "coach-session-20261123-0900-2.json").read_text("utf-8"))
    assert saved["sessions"][0]["status"] == "aborted"
