"""The red flags: listed on first run, in `?`, and said again, with why, when pain is 7 or more:
before a workout the person then goes on or back; on the summary they show under the field."""

from __future__ import annotations

import pytest
from support import HOLD_THEN_REPS, burst, make_app, tiny_library
from test_tui import text
from textual.widgets import Label

from coach import HIGH_PAIN, NOT_ADVICE, RED_FLAG_SIGNS, RED_FLAGS, SAFETY_NOTE
from coach.tui.screens.help import HelpScreen
from coach.tui.screens.pain import HIGH_HINT, HINT, PainScreen
from coach.tui.screens.picker import PickerScreen
from coach.tui.screens.runner import RunnerScreen
from coach.tui.screens.safety import SafetyScreen
from coach.tui.screens.summary import SummaryScreen
from coach.tui.widgets.pain_field import high_pain_text

SIZE = (100, 30)


def flags(screen) -> str | None:
    """What the red-flag line says, or None while it is hidden."""
    label = screen.query_one("#pain-flags", Label)
    return str(label.content) if label.display else None


def test_the_red_flags_sentence_names_every_sign():
    assert RED_FLAGS.startswith("Stop and seek care if you notice ")
    for sign in RED_FLAG_SIGNS:
        assert sign in RED_FLAGS
    assert f"{NOT_ADVICE} {RED_FLAGS}" == SAFETY_NOTE


@pytest.mark.parametrize("after", [False, True])
def test_high_pain_is_said_from_seven_with_its_reason_and_the_red_flags(after):
    assert high_pain_text(HIGH_PAIN - 1, after=after) is None
    assert high_pain_text(None, after=after) is None
    said = high_pain_text(HIGH_PAIN, after=after).plain
    assert said.startswith(f"{HIGH_PAIN} out of 10 is high.")
    assert RED_FLAGS in said and "These can be signs of" in said
    # Every suggestion says why.
    assert ("this strong worse, so" in said) or ("says the load is too much" in said)


async def test_the_first_run_note_lists_each_red_flag_on_its_own_line():
    app, _ = make_app(show_safety=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SafetyScreen)
        assert text(screen, "#safety-not-advice") == NOT_ADVICE
        lines = text(screen, "#safety-flags").splitlines()
        assert lines[0] == "Stop and seek care if you notice:"
        assert lines[1:] == [f" • {sign}" for sign in RED_FLAG_SIGNS]
        await pilot.press("enter")
        assert isinstance(app.screen, PickerScreen)


async def test_the_keys_end_with_the_safety_note():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = [str(s.content) for s in app.screen.query("Static")]
        assert shown[-1] == SAFETY_NOTE


async def test_high_pain_before_a_workout_says_the_red_flags_then_enter_goes_on(tmp_path):
    app, _ = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "8")
        dialog = app.screen
        assert flags(dialog) is None
        await pilot.press("enter")
        assert app.screen is dialog  # not started yet
        assert flags(dialog) == high_pain_text(8).plain
        assert text(dialog, "#pain-hint") == HIGH_HINT
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
        assert app.screen.workout.pain_before == 8


async def test_high_pain_then_escape_goes_back_and_records_nothing(tmp_path):
    app, _ = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1", "0", "enter")
        assert flags(app.screen).startswith("10 out of 10 is high.")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen) and app.history.count() == 0


async def test_a_new_score_takes_the_warning_away_and_a_low_one_starts_at_once(tmp_path):
    app, _ = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "7", "enter")
        dialog = app.screen
        assert flags(dialog) is not None
        await pilot.press("backspace")
        assert flags(dialog) is None and text(dialog, "#pain-hint") == HINT
        await pilot.press("9", "enter")  # high again: said again, for 9
        assert flags(dialog).startswith("9 out of 10")
        await pilot.press("backspace", "6", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen) and app.screen.workout.pain_before == 6


async def test_a_burst_with_a_high_score_stops_at_the_red_flags(tmp_path):
    app, _ = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "enter", "7", "enter")
        assert isinstance(app.screen, PainScreen)
        assert flags(app.screen).startswith("7 out of 10")


async def test_the_summary_says_the_red_flags_under_a_high_pain_as_it_is_typed(tmp_path):
    app, _clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")
        await pilot.pause()
        await pilot.press("q", "y")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert flags(summary) is None
        await pilot.press("8")
        assert flags(summary) == high_pain_text(8, after=True).plain
        await pilot.press("backspace", "5")
        assert flags(summary) is None
        await pilot.press("backspace", "7", "enter")  # Enter moves on to the note, as ever
        assert flags(summary) is not None
        assert app.screen.focused.id == "note"
