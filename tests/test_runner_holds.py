"""Pilot tests of the workout screen on an open-ended hold (it counts up, says its aim, rings
and says so when the aim is met, ends on Enter or at its cap) and on reps that pause at both
ends (each pause cued)."""

from __future__ import annotations

import pytest
from support import make_app, tiny_library
from test_runner import key_line, routine_times
from test_tui import start_short, text, tick

from coach.tui.widgets.bigtext import BigText
from coach.tui.widgets.meter import Meter

SIZE = (100, 30)

OPEN_THEN_FLEXION = """
[[exercises]]
id = "press"
name = "Toe press"
purpose = "Test exercise."
position = "Sit tall."
steps = ["Press the toes down as long as you can."]
sides = "both"
prescription = { kind = "hold", seconds = 3, up_to_seconds = 10, holds = 2, relax_seconds = 2 }

[[exercises]]
id = "flexion"
name = "Resisted flexion"
purpose = "Test exercise."
position = "Sit with a band round the foot."
steps = ["Push the foot away, hold, let it back, hold."]
sides = "each"
prescription = { kind = "reps", count = 2, hold_seconds = 2, hold_at = "both", tempo_seconds = 2 }

[[routines]]
id = "open"
name = "Open"
description = "Open-ended holds, then reps that pause at both ends."
items = [{ exercise = "press" }, { exercise = "flexion" }]
"""


def cue(runner) -> str:
    return runner.query_one("#cue", BigText).word


async def to_the_first_hold(pilot, clock):
    runner = await start_short(pilot)
    await tick(pilot, clock, 5)  # the get-ready
    assert runner.session.open_ended
    return runner


async def test_an_open_ended_hold_counts_up_says_its_aim_and_rings_when_it_is_met(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, OPEN_THEN_FLEXION))
    rung = []
    app.bell = lambda: rung.append(clock.now)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        runner = await to_the_first_hold(pilot, clock)
        assert text(runner, "#kind") == "Hold as long as you can"
        assert (text(runner, "#clock"), cue(runner)) == ("0:00", "HOLD")
        assert "aim 0:03, up to 0:10 · Enter when you let go" in text(runner, "#detail")
        keys = key_line(runner)
        assert "⏎ Let go" in keys and "+10 s" not in keys and "Record reps" not in keys
        bar = runner.query_one("#step-bar", Meter)
        rung.clear()
        await tick(pilot, clock, 2)
        assert (text(runner, "#clock"), cue(runner), rung) == ("0:02", "HOLD", [])
        assert bar.fraction == pytest.approx(2 / 3, abs=0.01)  # towards the aim
        await tick(pilot, clock, 1)
        assert (text(runner, "#clock"), cue(runner)) == ("0:03", "AIM MET")
        assert len(rung) == 1 and bar.fraction == 1.0
        await tick(pilot, clock, 1)
        assert text(runner, "#clock") == "0:04" and len(rung) == 1  # once
        assert runner._timer is not None  # the next second is due by itself


async def test_enter_lets_go_recording_the_seconds_held_and_plus_adds_nothing(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, OPEN_THEN_FLEXION))
    async with app.run_test(size=SIZE) as pilot:
        runner = await to_the_first_hold(pilot, clock)
        done, left = routine_times(runner)
        await tick(pilot, clock, 6.5)
        await pilot.press("plus")  # not bound here: nothing added
        assert runner.session.routine_total() == 5 + 3 + 2 + 3 + 5 + 12 + 5 + 12
        await pilot.press("enter")
        held = runner.workout.results[-1]
        assert (held.step.kind, held.status, held.active_seconds) == ("hold", "done", 6.5)
        assert text(runner, "#kind") == "Rest"
        # Counted at its aim: done moved by 3 s, and done plus left is the same total.
        assert routine_times(runner) == (done + 3, left - 3)


async def test_an_open_ended_hold_ends_by_itself_at_its_cap(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, OPEN_THEN_FLEXION))
    async with app.run_test(size=SIZE) as pilot:
        runner = await to_the_first_hold(pilot, clock)
        await tick(pilot, clock, 9)
        assert text(runner, "#clock") == "0:09"
        await tick(pilot, clock, 1)
        assert text(runner, "#kind") == "Rest"
        held = runner.workout.results[-1]
        assert (held.status, held.active_seconds) == ("done", 10.0)


async def test_restart_counts_up_from_zero_and_pause_stops_the_count(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, OPEN_THEN_FLEXION))
    async with app.run_test(size=SIZE) as pilot:
        runner = await to_the_first_hold(pilot, clock)
        await tick(pilot, clock, 4)
        await pilot.press("r")
        assert (text(runner, "#clock"), cue(runner)) == ("0:00", "HOLD")
        await tick(pilot, clock, 2)
        await pilot.press("space")
        await tick(pilot, clock, 30)
        assert text(runner, "#clock") == "0:02" and runner._timer is None
        assert "⏎ Let go" in key_line(runner)


async def test_reps_that_pause_at_both_ends_cue_go_hold_back_hold(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, OPEN_THEN_FLEXION))
    async with app.run_test(size=SIZE) as pilot:
        runner = await to_the_first_hold(pilot, clock)
        await pilot.press("n", "n", "n")  # past both holds and the relax
        assert text(runner, "#exercise") == "Resisted flexion"
        await tick(pilot, clock, 5)  # its get-ready: the right foot, 2 reps of 6 s
        assert "hold 2 s at both ends" in text(runner, "#detail")
        seen = [(text(runner, "#clock"), cue(runner))]
        for seconds in (1, 2, 1, 2):
            await tick(pilot, clock, seconds)
            seen.append((text(runner, "#clock"), cue(runner)))
        assert seen == [("1/2", "GO"), ("1/2", "HOLD"), ("1/2", "BACK"), ("1/2", "HOLD"),
                        ("2/2", "GO")]
