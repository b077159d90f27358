"""The picker's filter, and keys typed faster than the app handles them.

``/`` opens the filter; from then on every printable key is text, Esc clears it and goes back
to the list, Down goes to the list keeping it, Enter starts the highlighted match. A letter in
the list does what its key says or nothing. The bursts here are queued for the app all at
once (``support.burst``), as a paste or a fast typist's keys arrive from a terminal; each of
these tests failed before the fix (the field got one letter of the word, or History opened).
"""

from __future__ import annotations

import pytest
from support import HOLD_THEN_REPS, burst, make_app, tiny_library
from textual.widgets import Input, OptionList

from coach.tui.screens.history import HistoryScreen
from coach.tui.screens.pain import PainScreen
from coach.tui.screens.picker import PickerScreen
from coach.tui.screens.runner import RunnerScreen

SIZE = (100, 30)


def listed(app) -> list[str]:
    return [o.id for o in app.screen.query_one("#routines", OptionList).options]


def field_of(app) -> Input:
    return app.screen.query_one("#filter", Input)


@pytest.mark.parametrize("word", ["heel", "band", "quad", "massage", "Feet-first"])
async def test_a_burst_right_after_slash_lands_whole_in_the_new_field(word):
    """The words whose letters are keys in the list (h History, b builder, q quit, e
    exercises) all go into the field, in order, though the field is made by that `/`."""
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert not app.screen.query("#filter")  # the first frame is drawn without it
        await burst(pilot, "/", *word)
        assert app.is_running and len(app.screen_stack) == 1
        assert isinstance(app.screen, PickerScreen)
        assert field_of(app).value == word
        assert app.focused is field_of(app)
        shown = [o for o in app.overviews if o.matches(word)]
        assert listed(app) == [o.id for o in shown]
        preview = str(app.screen.query_one("#preview-body").content)
        if shown:
            assert preview.startswith(shown[0].name)
        else:
            assert preview == "No routine matches the filter. Escape clears it."


async def test_the_same_words_pressed_one_by_one():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("/", *"heel")
        assert field_of(app).value == "heel" and isinstance(app.screen, PickerScreen)
        await pilot.press("escape", "/", *"quad")
        assert field_of(app).value == "quad" and app.is_running


async def test_in_the_field_a_slash_is_text():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "/", "a", "/", "b")
        assert field_of(app).value == "a/b"
        # ... and the key bar no longer offers `/` while typing.
        actions = {b.binding.action for b in app.screen.active_bindings.values() if b.enabled}
        assert "filter" not in actions


async def test_a_letter_in_the_list_does_what_its_key_says_or_nothing():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x", "z", "1")
        assert isinstance(app.screen, PickerScreen) and not app.screen.query("#filter")
        assert len(listed(app)) == len(app.overviews)
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)


async def test_escape_clears_and_the_keys_behind_it_act_in_the_list():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "/", *"quad", "escape", "h")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        assert field_of(app).value == "" and len(listed(app)) == len(app.overviews)
        assert isinstance(app.focused, OptionList)


async def test_down_keeps_the_filter_and_goes_to_the_list():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "/", *"press", "down", "down")
        assert field_of(app).value == "press"
        assert isinstance(app.focused, OptionList)
        assert listed(app) == ["desk-break", "long-name"]
        assert app.focused.highlighted == 1  # the second Down moved in the list
        await pilot.press("escape")  # from the list too, Escape clears
        assert field_of(app).value == ""


async def test_enter_in_the_filter_starts_and_what_follows_answers_the_question():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "/", *"desk", "enter", "3", "enter")
        assert isinstance(app.screen, RunnerScreen)
        assert [type(s) for s in app.screen_stack] == [PickerScreen, RunnerScreen]
        assert app.screen.workout.routine.id == "desk-break"
        assert app.screen.workout.pain_before == 3


async def test_enter_in_the_list_then_digits_answer_the_question_once(tmp_path):
    """Not a second pain question for the second Enter, and the digit is not lost."""
    app, _ = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "enter", "6", "enter")
        assert [type(s) for s in app.screen_stack] == [PickerScreen, RunnerScreen]
        assert app.screen.workout.pain_before == 6


async def test_a_burst_that_stops_at_the_question_leaves_it_open(tmp_path):
    app, _ = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "enter", "1", "0")
        assert isinstance(app.screen, PainScreen)
        assert app.screen.query_one("#pain", Input).value == "10"


async def test_the_preview_follows_the_last_key_of_a_burst(tmp_path):
    """The list said "no match" while the preview still showed the routine the first
    letters had highlighted (its highlight message arrived after the last refill)."""
    app, _ = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "/", *"shortx")
        assert listed(app) == []
        preview = str(app.screen.query_one("#preview-body").content)
        assert preview == "No routine matches the filter. Escape clears it."
        await burst(pilot, "backspace")
        assert listed(app) == ["short"]
        assert str(app.screen.query_one("#preview-body").content).startswith("Short one")
