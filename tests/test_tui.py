"""Pilot tests: press the keys a person presses and check what the screen says."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.text import Text
from support import (
    HOLD_THEN_REPS,
    make_app,
    on_screen,
    tiny_library,
    wait_for_command,
    wait_until,
)
from textual.content import Content
from textual.widgets import Input, OptionList, Static

from coach.tui.screens.browser import ExerciseBrowserScreen
from coach.tui.screens.confirm import ConfirmScreen
from coach.tui.screens.help import HelpScreen
from coach.tui.screens.history import HistoryScreen
from coach.tui.screens.pain import PainScreen
from coach.tui.screens.picker import PickerScreen
from coach.tui.screens.runner import RunnerScreen
from coach.tui.screens.summary import SummaryScreen
from coach.tui.widgets.bigclock import BigClock
from coach.tui.widgets.bigtext import BigText

SIZE = (100, 30)


def text(screen, selector: str) -> str:
    widget = screen.query_one(selector)
    if isinstance(widget, BigClock):
        return widget.text
    if isinstance(widget, BigText):
        return widget.word
    content = widget.content if isinstance(widget, Static) else widget.render()
    if not isinstance(content, (str, Text, Content)):  # a Rich renderable such as a Table
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(content)
        return console.export_text()
    return str(content)


async def start_short(pilot, pain: str = "4") -> RunnerScreen:
    """From the picker of the tiny library: Enter, answer the pain question, reach the runner."""
    await pilot.press("enter")
    assert isinstance(pilot.app.screen, PainScreen)
    for key in pain:
        await pilot.press(key)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, RunnerScreen)
    return pilot.app.screen


async def tick(pilot, clock, seconds: float) -> None:
    """Let ``seconds`` pass on the clock and run the runner's repaint, as its timer would."""
    clock.advance(seconds)
    pilot.app.screen._tick()
    await pilot.pause()


# --- picker -------------------------------------------------------------------------------

async def test_picker_lists_every_routine_with_a_preview():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        options = screen.query_one("#routines", OptionList)
        assert [o.id for o in options.options] == list(app.library.routines)
        preview = text(screen, "#preview-body")
        first = next(iter(app.library.routines.values()))
        assert first.name in preview and "Fetch:" in preview
        assert first.source in preview.replace("\n", " ")
        await pilot.press("down")
        second = list(app.library.routines.values())[1]
        assert second.name in text(screen, "#preview-body")
        # Self-paced reps make the length an estimate: "~3:35" in the list, "About 3:35" here.
        assert app.overviews[1].length.startswith("~")
        assert f"About {app.overviews[1].length[1:]} ·" in text(screen, "#preview-body")


async def test_slash_then_typing_filters_and_escape_clears():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("/")
        for key in "press":
            await pilot.press(key)
        options = screen.query_one("#routines", OptionList)
        ids = [o.id for o in options.options]
        assert ids == ["desk-break", "long-name"]
        assert screen.query_one("#filter", Input).value == "press"
        await pilot.press("down")  # into the list; Escape still clears the filter
        assert isinstance(app.focused, OptionList)
        await pilot.press("escape")
        assert len(options.options) == len(app.library.routines)
        assert screen.query_one("#filter", Input).value == ""


async def test_the_filter_field_is_made_when_first_wanted():
    """Until '/' asks for the filter, a look-alike stands in for the field; '/' makes it, in
    the same place, focused."""
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        hint = screen.query_one("#filter-hint", Static)
        assert str(hint.content) == "Press / to filter routines"
        assert not screen.query("#filter")
        region = hint.region
        await pilot.press("slash")
        field = screen.query_one("#filter", Input)
        assert app.focused is field and field.region == region
        assert field.placeholder == "Press / to filter routines"
        assert not screen.query("#filter-hint")
        await pilot.press(*"evening")
        assert [o.id for o in screen.query_one("#routines", OptionList).options] == [
            "long-name"]
        await pilot.press("escape")
        assert field.value == "" and isinstance(app.focused, OptionList)
        await pilot.press("slash")  # the same field again, not a second one
        assert len(screen.query("#filter")) == 1 and app.focused is field


async def test_filter_then_enter_starts_the_match():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for key in "/desk":
            await pilot.press(key)
        await pilot.press("enter")
        assert isinstance(app.screen, PainScreen)
        await pilot.press("enter")  # skip the pain question
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
        assert app.screen.workout.routine.id == "desk-break"
        assert app.screen.workout.pain_before is None


async def test_exercise_browser_history_and_help_open_and_close():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, ExerciseBrowserScreen)
        body = text(app.screen, "#exercise-body")
        assert "Towel stretch" in body and "In routines:" in body
        await pilot.press("down")
        assert "Heel raise" in text(app.screen, "#exercise-body")
        assert "Every step" in text(app.screen, "#exercise-body")
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)


async def test_command_palette_starts_a_routine_by_name():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        for key in "Desk break":
            await pilot.press(key)
        await wait_for_command(pilot, "Desk break")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PainScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.workout.routine.id == "desk-break"


async def test_command_palette_cursor_follows_the_app_setting():
    # Without this the palette's cursor blinks in tests, and a snapshot taken after half a
    # second on a slow machine draws it hidden.
    from textual.command import CommandPalette

    app, _ = make_app()  # the tests' app: cursor_blink=False
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette)
                         and not app.screen.query_one(Input).cursor_blink,
                         what="a steady cursor in the palette", within=3)
        await pilot.pause(0.6)  # longer than one blink
        assert app.screen.query_one(Input)._cursor_visible


# --- pain question ----------------------------------------------------------------------

async def test_pain_refuses_eleven_and_accepts_ten(tmp_path):
    app, _ = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        for key in "11":
            await pilot.press(key)
        assert isinstance(app.screen, PainScreen)
        assert app.screen.query_one("#pain", Input).value == "1"
        assert "11 is more than 10" in text(app.screen, "#pain-error")
        await pilot.press("0", "enter")  # "10": high, so the red flags first, then on
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
        assert app.screen.workout.pain_before == 10


# --- runner ---------------------------------------------------------------------------------

async def test_runner_counts_down_from_the_clock_and_moves_on(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        runner = await start_short(pilot)
        assert text(runner, "#kind") == "Get ready"
        assert text(runner, "#clock") == "0:05"
        assert text(runner, "#exercise") == "Toe press"
        assert text(runner, "#side") == "RIGHT"
        assert "Next: Toe press · right · 0:10" in text(runner, "#next")
        assert "Position: Stand tall." in text(runner, "#instructions")
        assert runner.query_one("#instructions").content.spans[0].style == "bold"
        await tick(pilot, clock, 2.2)
        assert text(runner, "#clock") == "0:03"
        await tick(pilot, clock, 2.8)  # exactly at the end of get-ready
        assert text(runner, "#kind") == "Hold"
        assert "1. Press the toes down." in text(runner, "#instructions")
        # The same lines as the get-ready, the position no longer in bold.
        assert "Position: Stand tall." in text(runner, "#instructions")
        spans = runner.query_one("#instructions").content.spans
        assert not any(span.style == "bold" for span in spans)
        assert text(runner, "#clock") == "0:10"
        await tick(pilot, clock, 10)
        assert text(runner, "#kind") == "Switch to your left foot"
        assert text(runner, "#side") == "LEFT"
        # A late repaint crosses the switch and half the left hold without losing time.
        await tick(pilot, clock, 9.5)
        assert text(runner, "#kind") == "Hold"
        assert text(runner, "#clock") == "0:06"
        assert runner.session.index == 3


async def test_pause_stops_time_and_ticking(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        runner = await start_short(pilot)
        await tick(pilot, clock, 6)  # 1 s into the hold
        assert runner._timer is not None
        await pilot.press("space")
        assert runner.session.is_paused
        assert "PAUSED" in text(runner, "#paused")
        assert runner._timer is None  # nothing ticks while paused
        clock.advance(60)
        await pilot.press("space")
        assert not runner.session.is_paused
        assert text(runner, "#paused") == ""
        assert text(runner, "#clock") == "0:09"
        assert text(runner, "#kind") == "Hold"


async def test_next_previous_restart_and_add_time(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        runner = await start_short(pilot)
        await pilot.press("n")
        assert text(runner, "#kind") == "Hold" and text(runner, "#clock") == "0:10"
        await tick(pilot, clock, 4)
        await pilot.press("r")
        assert text(runner, "#clock") == "0:10"
        await pilot.press("plus")
        assert text(runner, "#clock") == "0:20"
        await pilot.press("right")
        assert text(runner, "#kind") == "Switch to your left foot"
        await pilot.press("left")
        assert text(runner, "#kind") == "Hold" and text(runner, "#side") == "RIGHT"
        await pilot.press("p")
        assert text(runner, "#kind") == "Get ready"
        statuses = [r.status for r in runner.workout.results]
        assert statuses == ["skipped", "skipped", "skipped", "skipped"]


async def test_self_paced_reps_count_and_finish_with_enter(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")
        await pilot.pause()
        runner = app.screen
        for _ in range(5):
            await pilot.press("n")
        assert runner.session.current.kind == "reps"
        assert "Enter records it (0: set skipped)" in text(runner, "#detail")
        assert text(runner, "#clock") == "5/5"  # the counter starts at the prescription
        clock.advance(30)  # self-paced: the clock does not end it
        await pilot.press("down", "down", "down", "up")
        assert text(runner, "#clock") == "3/5"
        await pilot.press("enter")
        assert text(runner, "#kind") == "Done"  # the end shows at once, the summary after
        await wait_until(pilot, lambda: on_screen(app, SummaryScreen), what="the summary")
        assert isinstance(app.screen, SummaryScreen)
        last = runner.workout.results[-1]
        assert (last.step.kind, last.status, last.reps) == ("reps", "done", 3)


async def test_bell_rings_at_three_two_one_and_each_new_step_unless_muted(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    rings = []
    app.bell = lambda: rings.append(clock.now - clock.start)
    async with app.run_test(size=SIZE) as pilot:
        await start_short(pilot)
        for _ in range(5):  # one repaint a second through get-ready
            await tick(pilot, clock, 1)
        assert len(rings) == 4  # 3, 2, 1, and the hold starting
        await pilot.press("m")
        assert app.bell_on is False
        for _ in range(10):
            await tick(pilot, clock, 1)
        assert len(rings) == 4
        await pilot.press("m")
        assert app.bell_on is True
        await tick(pilot, clock, 3)  # the right hold's 3, 2, 1 ring again
        assert len(rings) == 5


async def test_quit_asks_first_then_ends_as_aborted_into_the_summary(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        runner = await start_short(pilot)
        await tick(pilot, clock, 7)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        assert runner.session.is_paused  # the countdown waits for the answer
        await pilot.press("n")
        assert isinstance(app.screen, RunnerScreen) and not runner.session.is_paused
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert runner.session.state == "aborted"
        summary = app.screen
        assert "Ended early: Short one" in text(summary, "#summary-title")
        assert "pain before: 4/10" in text(summary, "#summary-time")
        # Typed in one burst, with no pause after Enter: the note must get the letters.
        await pilot.press("2", "enter", *"calf ok", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert runner.workout.pain_after == 2
        assert runner.workout.note == "calf ok"
        assert isinstance(app.focused, OptionList)  # so q quits rather than filtering


async def test_whole_routine_to_the_summary(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        runner = await start_short(pilot)
        await tick(pilot, clock, 35)  # get-ready, hold, switch, hold, get-ready
        assert runner.session.current.kind == "reps"
        await pilot.press("enter")
        await wait_until(pilot, lambda: on_screen(app, SummaryScreen), what="the summary")
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert "Completed: Short one" in text(summary, "#summary-title")
        assert "Time spent: 0:35" in text(summary, "#summary-time")
        table = text(summary, "#summary-table")
        assert "Toe press" in table and "Right" in table and "Left" in table


async def test_resize_down_mid_hold_loses_nothing(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        runner = await start_short(pilot)
        await tick(pilot, clock, 8)
        before = (runner.session.index, runner.session.remaining())
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert (runner.session.index, runner.session.remaining()) == before
        assert text(runner, "#clock") == "0:07"
        assert runner.query_one("#clock").region.height > 0
        assert runner.query_one("#next").region.bottom <= 20
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert text(runner, "#kind") == "Hold"


@pytest.mark.parametrize("keys", [["ctrl+c"], ["q"]])
async def test_quitting_from_the_picker(keys):
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
    assert app.return_code == 0


async def test_no_color_is_respected_and_states_are_in_words(tmp_path, monkeypatch):
    from textual.filter import Monochrome, NoColor

    monkeypatch.setenv("NO_COLOR", "1")
    app, _clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    assert app.no_color
    assert any(isinstance(f, (Monochrome, NoColor)) for f in app._filters)
    async with app.run_test(size=SIZE) as pilot:
        runner = await start_short(pilot)
        await pilot.press("space")
        assert "PAUSED" in text(runner, "#paused")  # not a colour alone
