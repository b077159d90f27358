"""The pain question before a workout and the pain field of the summary: Esc goes back and
records nothing, Enter alone skips, a refused key says why, and keys typed in one burst after
Enter land in the next field."""

from __future__ import annotations

import pytest
from support import HOLD_THEN_REPS, burst, make_app, tiny_library
from textual import events
from textual.widgets import Input, Label

from coach.tui.screens.pain import PainScreen
from coach.tui.screens.picker import PickerScreen
from coach.tui.screens.runner import RunnerScreen
from coach.tui.screens.summary import SummaryScreen
from coach.tui.widgets.pain_field import PainInput, refusal

SIZE = (100, 30)


def said(screen) -> str:
    return str(screen.query_one("#pain-error", Label).content)


async def to_the_summary(pilot, clock) -> SummaryScreen:
    """Start the tiny routine without a pain score, play the get-ready, end it early."""
    await pilot.press("enter", "enter")
    await pilot.pause()
    clock.advance(6)
    pilot.app.screen._tick()
    await pilot.press("q", "y")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SummaryScreen)
    return pilot.app.screen


# --- before a workout -----------------------------------------------------------------------

async def test_escape_goes_back_to_the_routines_and_records_nothing(tmp_path):
    app, _ = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, PainScreen)
        hints = " ".join(str(label.content) for label in app.screen.query(".hint"))
        assert "Enter alone skips" in hints and "Esc goes back to the routines" in hints
        await pilot.press("5", "escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen) and len(app.screen_stack) == 1
        assert app.history.count() == 0
        # Enter alone skips the question and starts: now there is a session, no pain.
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
        assert app.screen.workout.pain_before is None
        assert app.history.count() == 1


async def test_escape_after_coach_run_goes_to_the_picker(tmp_path):
    app, _ = make_app(tiny_library(tmp_path, HOLD_THEN_REPS), start_routine="short")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PainScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.history.count() == 0


@pytest.mark.parametrize(("typed", "value", "why"), [
    ("-", "-", "No minus sign: pain goes from 0 (none) to 10 (the worst)."),
    ("a", "a", "'a' is not a digit: type a number from 0 to 10, or Enter alone to skip."),
    ("1", "11", "11 is more than 10, the worst pain there is: type 0 to 10."),
    ("5", "105", "105 is more than 10, the worst pain there is: type 0 to 10."),
    ("0", "000", "Two digits at most: type a number from 0 to 10."),
    ("²", "²", "'²' is not a digit: type a number from 0 to 10, or Enter alone to skip."),
])
def test_each_refusal_says_why(typed, value, why):
    assert refusal(typed, value) == why


@pytest.mark.parametrize("value", ["", "0", "7", "10", "05"])
def test_a_score_from_0_to_10_is_taken(value):
    assert refusal(value[-1:], value) is None


async def test_the_dialog_says_why_a_key_is_refused_and_keeps_the_value(tmp_path):
    app, _ = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "-")
        dialog = app.screen
        field = dialog.query_one("#pain", Input)
        assert field.value == "" and said(dialog).startswith("No minus sign")
        await pilot.press("4")
        assert field.value == "4" and said(dialog) == ""  # a digit taken clears the message
        await pilot.press("x")
        assert field.value == "4" and said(dialog).startswith("'x' is not a digit")
        await pilot.press("1")
        assert field.value == "4" and said(dialog).startswith("41 is more than 10")
        # A paste is checked as a whole: nothing of it is taken.
        field.post_message(events.Paste("-3"))
        await pilot.pause()
        assert field.value == "4" and said(dialog).startswith("No minus sign")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.workout.pain_before == 4


async def test_the_message_shows_markup_as_written(tmp_path):
    app, _ = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "[")
        assert said(app.screen).startswith("'[' is not a digit")


# --- the summary ----------------------------------------------------------------------------

async def test_the_summary_says_why_a_key_is_refused(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        summary = await to_the_summary(pilot, clock)
        await pilot.press("-")
        assert said(summary).startswith("No minus sign")
        await pilot.press("9", "9")
        assert summary.query_one("#pain-after", PainInput).value == "9"
        assert said(summary).startswith("99 is more than 10")


async def test_a_burst_after_enter_lands_in_the_note(tmp_path):
    """'3', Enter and the note at once, as a fast typist or a paste sends them: before the
    fix the note lost its first letters to the digits-only pain field."""
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        summary = await to_the_summary(pilot, clock)
        workout = summary.workout
        await burst(pilot, "3", "enter", *"calf ok", "enter")
        assert isinstance(app.screen, PickerScreen)
        assert (workout.pain_after, workout.note) == (3, "calf ok")
        app.settle_recordings()  # written on the recorder's thread
        record = app.history.sessions()[0]
        assert (record.pain_after, record.note) == (3, "calf ok")


async def test_a_burst_moves_on_to_the_file_name_when_history_is_off(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS), history=None)
    async with app.run_test(size=SIZE) as pilot:
        summary = await to_the_summary(pilot, clock)
        assert summary.unsaved
        await burst(pilot, "2", "enter", *"sore", "enter", "ctrl+u", *"x")
        assert summary.query_one("#note", Input).value == "sore"
        assert app.focused is summary.query_one("#save-path", Input)
        assert summary.query_one("#save-path", Input).value == "x"


async def test_enter_on_a_refused_score_stays_in_the_pain_field(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        summary = await to_the_summary(pilot, clock)
        field = summary.query_one("#pain-after", PainInput)
        field.value = "12"  # only a program can put it there; Enter must not take it
        await burst(pilot, "enter")
        assert app.focused is field
        assert "0 (none) to 10" in said(summary)
        await burst(pilot, *"ok")
        assert app.focused is field and field.value == "12"
        assert said(summary).startswith("'k' is not a digit")
        assert summary.query_one("#note", Input).value == ""


async def test_a_burst_after_tab_lands_in_the_next_field(tmp_path):
    """Tab moves the focus as Enter does, in its own turn: the note gets every letter."""
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        summary = await to_the_summary(pilot, clock)
        await burst(pilot, "4", "tab", *"left calf", "shift+tab", "backspace", "5")
        assert summary.query_one("#note", Input).value == "left calf"
        assert summary.query_one("#pain-after", PainInput).value == "5"
        assert app.focused is summary.query_one("#pain-after", PainInput)
