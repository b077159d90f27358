"""Pilot tests of the exercise browser: the filter (/ focuses it, every printable key is then
text, Esc clears), and Enter playing one exercise as a workout of its own, kept in history."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from support import isolated_env, make_app, wait_until
from test_builder_editing import burst
from test_tui import text, tick
from textual.widgets import Input, OptionList

from coach.library import load_library
from coach.solo import exercise_of, history_id, solo_routine
from coach.tui.screens.browser import ExerciseBrowserScreen
from coach.tui.screens.pain import PainScreen
from coach.tui.screens.runner import RunnerScreen
from coach.tui.screens.summary import SummaryScreen

SMALL = Path(__file__).parent / "small_library.toml"
SIZE = (100, 30)


def small_app(**kwargs):
    return make_app(load_library(library=SMALL), **kwargs)


def listed(screen) -> list[str]:
    return [o.id for o in screen.query_one("#exercise-list", OptionList).options]


async def open_browser(pilot) -> ExerciseBrowserScreen:
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ExerciseBrowserScreen)
    return pilot.app.screen


# --- the filter ------------------------------------------------------------------------------


async def test_slash_then_a_burst_filters_and_no_letter_is_a_command():
    app, _ = small_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot)
        assert listed(screen) == ["press", "curl", "long-walk"]
        # q would leave from the list; typed in one burst right behind the /, it is text.
        await burst(pilot, "slash", *"towel q")
        assert app.screen is screen
        assert screen.query_one("#exercise-filter", Input).value == "towel q"
        assert listed(screen) == []
        assert "No exercise matches the filter" in text(screen, "#exercise-body")
        await pilot.press("backspace", "backspace")
        await pilot.pause()
        assert listed(screen) == ["curl"]  # towel: a word of its equipment and its name
        assert text(screen, "#exercise-body").startswith("Towel curl")
        await pilot.press("slash")  # in the filter a / is text too
        assert screen.query_one("#exercise-filter", Input).value == "towel/"
        await pilot.press("escape")  # clears, and the list has the keys again
        await pilot.pause()
        assert screen.query_one("#exercise-filter", Input).value == ""
        assert listed(screen) == ["press", "curl", "long-walk"]
        assert app.focused is screen.query_one("#exercise-list")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExerciseBrowserScreen)


async def test_filter_matches_areas_and_escape_from_the_list_clears_first():
    app, _ = small_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot)
        await pilot.press("slash", *"ankles", "down")  # down: back to the list, kept
        await pilot.pause()
        assert listed(screen) == ["long-walk"]
        assert app.focused is screen.query_one("#exercise-list")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and len(listed(screen)) == 3


# --- one exercise as a workout -----------------------------------------------------------------


async def test_enter_plays_the_highlighted_exercise_and_history_keeps_it(monkeypatch):
    app, clock = small_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot)
        await pilot.press("slash", *"press", "enter")  # Enter from the filter starts it
        await pilot.pause()
        assert isinstance(app.screen, PainScreen)
        await pilot.press("3", "enter")
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        assert runner.workout.routine.name == "Toe press"
        assert text(runner, "#exercise") == "Toe press"
        # Its default prescription: 2 holds of 10 s a side, get ready and switch 5 s each.
        assert len(runner.workout.session.steps) == 6
        await tick(pilot, clock, 60)
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen),
                         what="the summary")
        await pilot.press("2", "enter", "enter")  # pain now, then no note
        await pilot.pause()
        assert app.screen is screen  # back where it was started
        app.settle_recordings()  # the end and the pain are written on the recorder's thread
        [session] = app.history.sessions()
        assert (session.routine_id, session.routine_name) == ("exercise:press", "Toe press")
        assert session.status == "completed" and session.pain_before == 3
        # Done counts exercise steps: 2 holds a side.
        assert session.steps_done == 4 and session.active_seconds == 50


async def test_enter_on_the_list_starts_the_highlighted_exercise():
    app, _ = small_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_browser(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PainScreen)
        assert "Towel curl" in str(app.screen.context)


def test_solo_ids_never_meet_a_routine_id():
    library = load_library(library=SMALL)
    routine = solo_routine(library.exercises["curl"])
    assert routine.name == "Towel curl" and [i.exercise for i in routine.items] == ["curl"]
    assert routine.items[0].prescription is None  # the exercise's own prescription
    assert history_id("curl") == "exercise:curl"
    assert exercise_of("exercise:curl") == "curl"
    assert exercise_of("short") is None  # a routine's id is a slug: it has no colon


async def test_an_interrupted_exercise_resumes_as_one(monkeypatch):
    app, clock = small_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_browser(pilot)
        await pilot.press("enter", "enter")  # the press, pain skipped
        await pilot.pause()
        await tick(pilot, clock, 16)  # get ready, then the first hold has ended
        session_id = app.screen.workout.recorder.session_id
    # The process is gone with the session unfinished: interrupted, and it resumes.
    app, clock = small_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.history.status(session_id) == "interrupted"
        app.resume_workout(session_id)
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        assert runner.workout.routine.name == "Toe press"
        assert runner.workout.recorder.routine_id == "exercise:press"


def test_coach_history_lists_it_by_the_exercise_name(tmp_path):
    from coach.history import HistoryStore

    env = isolated_env(tmp_path)
    data = tmp_path / "data"
    store = HistoryStore(data / "history.sqlite3")
    store.start_session("exercise:press", "Toe press", None,
                        __import__("datetime").datetime(2026, 11, 23, 9, 0).astimezone())
    store.close()
    out = subprocess.run([sys.executable, "-m", "coach", "--data-dir", str(data), "history"],
                         capture_output=True, text=True, env=env, check=True).stdout
    assert "Toe press" in out
    doc = subprocess.run([sys.executable, "-m", "coach", "--data-dir", str(data), "history",
                          "--json"], capture_output=True, text=True, env=env, check=True).stdout
    assert json.loads(doc)["sessions"][0]["routine"] == "exercise:press"
