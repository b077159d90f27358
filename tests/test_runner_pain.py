"""Pilot tests of pain noted during a workout: a digit (or ! for 10) says it on the runner at
once, never pauses, and the history keeps it on that step only."""

from __future__ import annotations

from support import HOLD_THEN_REPS, make_app, tiny_library
from test_runner import SIZE, stored_steps, to_self_paced
from test_tui import start_short, text, tick

from coach import RED_FLAGS
from coach.tui.keys import key_sections
from coach.tui.widgets.pain_now import PainNow


def pain_line(runner) -> str | None:
    """What the pain line says, or None while it is hidden."""
    widget = runner.query_one("#pain-now", PainNow)
    return text(runner, "#pain-now") if widget.display else None


async def test_a_digit_during_a_hold_is_shown_and_stored_on_that_side_only(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        runner = await start_short(pilot)
        await pilot.press("n")  # past the get-ready: the right foot's hold
        hold = runner.session.current
        assert (hold.kind, hold.side) == ("hold", "right")
        assert pain_line(runner) is None
        await tick(pilot, clock, 3)
        await pilot.press("4")
        assert pain_line(runner) == "Pain now: 4/10"
        assert runner.session.state == "running"  # the hold runs on
        assert text(runner, "#clock") == "0:07"
        await tick(pilot, clock, 3)
        assert text(runner, "#clock") == "0:04"
        await tick(pilot, clock, 4)  # the hold ends by itself
        assert runner.session.current.kind == "switch_side"
        assert pain_line(runner) is None  # a new step starts with none
        steps = stored_steps(app, runner)
        assert [(s["kind"], s["side"], s["pain"]) for s in steps] == [
            ("prepare", "right", None), ("hold", "right", 4)]
        await tick(pilot, clock, 30)  # the switch, then the left foot's hold, unnoted
        steps = stored_steps(app, runner)
        assert [(s["kind"], s["side"], s["pain"]) for s in steps][2:4] == [
            ("switch_side", "left", None), ("hold", "left", None)]
        assert [s["pain"] for s in steps].count(4) == 1


async def test_bang_notes_ten_with_the_red_flags_and_the_last_key_counts(tmp_path):
    app, _clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        runner = await start_short(pilot)
        await pilot.press("n")
        await pilot.press("exclamation_mark")
        said = pain_line(runner)
        assert said is not None and said.startswith("Pain now: 10/10\n")
        assert RED_FLAGS in said
        assert runner.query_one("#pain-now").has_class("error")
        assert runner.has_class("-flags")  # the instructions make room for them
        assert runner.session.state == "running"
        await pilot.press("2")  # a lower score takes its place, and the flags go
        assert pain_line(runner) == "Pain now: 2/10"
        assert not runner.query_one("#pain-now").has_class("error")
        assert not runner.has_class("-flags")
        await pilot.press("7")  # HIGH_PAIN: the flags again
        assert RED_FLAGS in (pain_line(runner) or "")
        await pilot.press("n")
        (hold,) = [s for s in stored_steps(app, runner) if s["kind"] == "hold"]
        assert (hold["status"], hold["pain"]) == ("skipped", 7)


async def test_digits_leave_the_rep_count_alone_and_pain_goes_with_the_set(tmp_path):
    app, _clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        runner = await to_self_paced(pilot)
        await pilot.press("3", "up", "up")
        assert text(runner, "#clock") == "7/5"  # ↑ counts; the digit noted pain only
        assert pain_line(runner) == "Pain now: 3/10"
        await pilot.press("0")  # none at all is a score too
        assert pain_line(runner) == "Pain now: 0/10"
        await pilot.press("enter")
        (curl,) = [s for s in stored_steps(app, runner) if s["kind"] == "reps"]
        assert (curl["status"], curl["reps"], curl["pain"]) == ("done", 7, 0)


async def test_pain_noted_while_paused_stays_paused(tmp_path):
    app, _clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        runner = await start_short(pilot)
        await pilot.press("n", "space", "5")
        assert runner.session.state == "paused"
        assert pain_line(runner) == "Pain now: 5/10"


def test_the_help_lists_the_pain_keys_under_workout():
    (workout,) = [keys for title, keys in key_sections() if title == "Workout"]
    rows = dict(workout)
    assert rows["0-9"].startswith("Pain now 0-9")
    assert rows["!"] == "Pain now 10"
