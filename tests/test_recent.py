"""Recent history on the picker: when each routine was last done, and an interrupted session
of the last day offered on start; resuming it (from the picker or the history pane) opens
with a get-ready and plays the step it stopped in from its beginning."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from support import HOLD_THEN_REPS, WALL_START, make_app, tiny_library, wait_until
from textual.widgets import OptionList

from coach.history import HistoryStore
from coach.recent import OFFER_WITHIN, days_ago, read_recent, time_ago
from coach.resuming import LEAD_IN_INDEX, RESUME_GET_READY_SECONDS, resumed
from coach.step_record import StepResult
from coach.timeline import Step
from coach.tui.screens.history import HistoryScreen
from coach.tui.screens.picker import PickerScreen
from coach.tui.screens.runner import RunnerScreen

SIZE = (100, 30)
TODAY = WALL_START.date()  # the day the fake clock's wall time starts on


def results(steps: list[Step], start: datetime, statuses: str) -> list[dict]:
    """The first ``len(statuses)`` steps as the engine records them: d done, s skipped."""
    out, at = [], start
    for step, status in zip(steps, statuses, strict=False):
        seconds = step.estimated_seconds
        out.append(StepResult(step, at, at + timedelta(seconds=seconds), seconds, 0.0,
                              step.reps if step.kind == "reps" else None,
                              "done" if status == "d" else "skipped").to_dict())
        at += timedelta(seconds=seconds)
    return out


def record(db, library, routine: str, start: datetime, statuses: str,
           end: str | None = "completed") -> str:
    """A session of ``routine`` as a coach that has since gone recorded it; ``end`` None
    leaves it unfinished, so it reads as interrupted."""
    steps = library.steps(routine)
    db.parent.mkdir(parents=True, exist_ok=True)
    with HistoryStore(db) as store:
        session_id = store.start_session(routine, library.routines[routine].name, 4, start)
        for one in results(steps, start, statuses):
            store.record_step(session_id, one)
        if end is not None:
            store.finish_session(session_id, end, start + timedelta(minutes=5))
    return session_id


# --- the words --------------------------------------------------------------------------------

@pytest.mark.parametrize(("days", "said"), [
    (-2, "today"), (0, "today"), (1, "yesterday"), (3, "3 days ago"), (13, "13 days ago"),
    (14, "2 weeks ago"), (59, "8 weeks ago"), (60, "2 months ago"), (400, "13 months ago"),
])
def test_days_ago(days, said):
    assert days_ago(TODAY - timedelta(days=days), TODAY) == said


@pytest.mark.parametrize(("minutes", "said"), [
    (0, "just now"), (1, "1 min ago"), (59, "59 min ago"), (60, "1 h ago"),
    (23 * 60 + 59, "23 h ago"),
])
def test_time_ago(minutes, said):
    assert time_ago(WALL_START - timedelta(minutes=minutes), WALL_START) == said


# --- the store ----------------------------------------------------------------------------------

def test_last_done_counts_a_session_with_an_exercise_step_done(tmp_path):
    """Any status counts (an aborted workout happened); a session whose exercise steps were
    all skipped, or that stopped in the first get-ready, does not."""
    library = tiny_library(tmp_path, HOLD_THEN_REPS)
    db = tmp_path / "history.sqlite3"
    day = timedelta(days=1)
    record(db, library, "short", WALL_START - 5 * day, "dd")  # prepare, hold: done
    record(db, library, "short", WALL_START - 2 * day, "dd", end="aborted")
    record(db, library, "short", WALL_START - day, "dsdsd")  # every hold skipped
    record(db, library, "short", WALL_START, "d")  # the get-ready alone
    with HistoryStore(db) as store:
        assert store.last_done() == {"short": TODAY - 2 * day}
        recent = read_recent(store, WALL_START, library.steps)
    assert recent.last_done == {"short": TODAY - 2 * day} and recent.interrupted is None


def test_the_newest_interrupted_session_of_the_last_day_is_offered(tmp_path):
    library = tiny_library(tmp_path, HOLD_THEN_REPS)
    db = tmp_path / "history.sqlite3"
    record(db, library, "short", WALL_START - OFFER_WITHIN - timedelta(minutes=1), "dd", None)
    wanted = record(db, library, "short", WALL_START - timedelta(hours=3), "ddd", None)
    record(db, library, "short", WALL_START - timedelta(hours=1), "dd")  # completed
    with HistoryStore(db) as store:
        offered = read_recent(store, WALL_START, library.steps).interrupted
        assert offered is not None
        assert (offered.session_id, offered.routine_name, offered.stopped_at) == (
            wanted, "Short one", 3)
        assert offered.started_at == WALL_START - timedelta(hours=3)
        # How far, in estimated seconds: get-ready 5, hold 10, switch 5 of 55 in all.
        assert (offered.done_seconds, offered.total_seconds) == (20, 55)
        # A routine no longer in the library cannot be resumed: not offered.
        assert read_recent(store, WALL_START, lambda routine: None).interrupted is None
        assert [s.status for s in store.interrupted_since(WALL_START - 2 * OFFER_WITHIN)] == [
            "interrupted", "interrupted"]
        # Taken over (resumed) it is no longer interrupted, nor offered.
        store.resume_session(wanted)
        assert read_recent(store, WALL_START, library.steps).interrupted is None


# --- where a resumed session starts --------------------------------------------------------------

def test_resuming_puts_a_get_ready_before_the_step_it_stopped_in(tmp_path):
    steps = tiny_library(tmp_path, HOLD_THEN_REPS).steps("short")
    assert [s.kind for s in steps] == ["prepare", "hold", "switch_side", "hold", "prepare",
                                       "reps"]
    played, lead_in = resumed(steps, 3, prepare_seconds=0)
    assert played[3] is lead_in and played[4] is steps[3] and len(played) == len(steps) + 1
    assert (lead_in.kind, lead_in.seconds, lead_in.index) == (
        "prepare", RESUME_GET_READY_SECONDS, LEAD_IN_INDEX)
    assert (lead_in.exercise, lead_in.side, lead_in.item) == ("press", "left", 0)
    assert resumed(steps, 5, prepare_seconds=12)[1].seconds == 12
    assert resumed(steps, 5, prepare_seconds=12)[1].reps is None
    # Stopped in a get-ready: that one plays again, nothing added.
    assert resumed(steps, 4, prepare_seconds=5) == (steps, None)


# --- on the picker -------------------------------------------------------------------------------

def shown(app) -> dict[str, str]:
    """Each routine's second line in the list."""
    options = app.picker.query_one("#routines", OptionList).options
    return {o.id: str(o.prompt).split("\n")[1] for o in options}


def notice(app) -> str:
    widget = app.picker.query_one("#picker-notice")
    return str(widget.content).replace("\n", " ") if widget.display else ""


# Four routines: one for each way the list can say when it was last done.
FOUR_ROUTINES = HOLD_THEN_REPS + "".join(f"""
[[routines]]
id = "{routine_id}"
name = "{routine_id.title()} one"
description = "The press alone."
items = [{{ exercise = "press" }}]
""" for routine_id in ("second", "third", "fourth"))


async def test_the_list_says_when_each_routine_was_last_done(tmp_path):
    app, _ = make_app(tiny_library(tmp_path, FOUR_ROUTINES), today=TODAY)
    db = app.locations.history_db
    record(db, app.library, "second", WALL_START - timedelta(days=1), "dd")
    record(db, app.library, "short", WALL_START - timedelta(days=3), "dd")
    record(db, app.library, "third", WALL_START, "dd", end="aborted")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "done" in "".join(shown(app).values()),
                         what="the last-done days")
        lines = shown(app)
        assert lines["second"].endswith(" · done yesterday")
        assert lines["short"].endswith(" · done 3 days ago")
        assert lines["third"].endswith(" · done today")
        assert "done" not in lines["fourth"]  # never: nothing said
        # After a workout (of the first routine listed) the list knows at once.
        await pilot.press("enter", "enter")
        await pilot.pause()
        app.clock.advance(6)
        app.screen._tick()
        app.clock.advance(40)
        app.screen._tick()
        await pilot.press("q", "y")
        await pilot.pause()
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen)
                         and shown(app)["short"].endswith(" · done today"),
                         what="today's workout in the list")


async def test_an_interrupted_session_is_offered_and_r_resumes_it_after_a_get_ready(tmp_path):
    library = tiny_library(tmp_path, HOLD_THEN_REPS)
    app, clock = make_app(library, today=TODAY)
    db = app.locations.history_db
    session_id = record(db, library, "short", WALL_START - timedelta(hours=2), "dd", None)
    async with app.run_test(size=SIZE) as pilot:
        keys = lambda: {b.binding.key for b in app.picker.active_bindings.values()}  # noqa: E731
        assert "r" not in keys()  # nothing to resume until the history has been read
        await wait_until(pilot, lambda: notice(app) != "", what="the notice")
        assert notice(app) == ("Interrupted 2 h ago: Short one, stopped at 0:15 of 0:55"
                               " · r resumes it")
        assert "r" in keys()
        await pilot.press("r")
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        session = runner.session
        # A get-ready first (prepare_seconds is 5), then the switch it stopped in, whole.
        assert session.current.kind == "prepare" and session.remaining() == 5
        assert session.next_step.kind == "switch_side"
        clock.advance(5)
        runner._tick()
        assert session.current.kind == "switch_side" and session.remaining() == 5
        clock.advance(5)
        runner._tick()
        assert session.current.kind == "hold" and session.remaining() == 10
        await pilot.press("q", "y")
        await pilot.pause()
        steps = app.history.session(session_id).steps
        # The get-ready is not a step of the routine: not recorded.
        assert [(s["step_index"], s["kind"]) for s in steps] == [
            (0, "prepare"), (1, "hold"), (2, "switch_side"), (3, "hold")]
        await pilot.press("escape")
        await wait_until(pilot, lambda: notice(app) == "", what="the offer to go")
        assert "r" not in keys()


async def test_interrupted_again_during_the_get_ready_it_resumes_from_the_same_step(tmp_path):
    library = tiny_library(tmp_path, HOLD_THEN_REPS)
    app, _ = make_app(library, today=TODAY)
    db = app.locations.history_db
    session_id = record(db, library, "short", WALL_START - timedelta(hours=2), "dd", None)
    async with app.run_test(size=SIZE) as pilot:
        app.resume_workout(session_id)
        await pilot.pause()
        assert app.screen.session.current.index == LEAD_IN_INDEX
    # The app is gone mid-get-ready, as a closed terminal would end it.
    with HistoryStore(db) as store:
        assert store.status(session_id) == "interrupted"
        assert store.resume_point(session_id) == 2
        assert len(store.session(session_id).steps) == 2


async def test_an_older_interrupted_session_is_not_offered(tmp_path):
    library = tiny_library(tmp_path, HOLD_THEN_REPS)
    app, _ = make_app(library, today=TODAY)
    record(app.locations.history_db, library, "short", WALL_START - timedelta(hours=25), "dd",
           None)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app._history is not None, what="the history")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert notice(app) == ""
        await pilot.press("r")
        assert isinstance(app.screen, PickerScreen)


async def test_resuming_from_the_history_pane_opens_with_a_get_ready_too(tmp_path):
    library = tiny_library(tmp_path, HOLD_THEN_REPS)
    app, _clock = make_app(library, today=TODAY)
    record(app.locations.history_db, library, "short", WALL_START - timedelta(days=3), "ddd",
           None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        await wait_until(pilot, lambda: app.screen.highlighted is not None, what="the rows")
        await pilot.press("r")
        await pilot.pause()
        session = app.screen.session
        assert session.current.kind == "prepare" and session.current.index == LEAD_IN_INDEX
        assert session.next_step.kind == "hold" and session.next_step.side == "left"
