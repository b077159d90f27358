"""Pilot tests of the workout screen's state and big display: what a person sees and what
the history keeps when they count reps, add time, pause, mute, and read the screen from the
floor."""

from __future__ import annotations

import pytest
from support import HOLD_THEN_REPS, make_app, on_screen, tiny_library, wait_until
from test_tui import start_short, text, tick

from coach.tui.screens.runner import RunnerScreen
from coach.tui.screens.summary import SummaryScreen
from coach.tui.widgets.bigclock import BigClock
from coach.tui.widgets.bigtext import BigText
from coach.tui.widgets.keybar import KeyBar
from coach.tui.widgets.meter import Meter
from coach.tui.widgets.titlebar import TitleBar

SIZE = (100, 30)

PACED_AND_VARIANTS = """
[[exercises]]
id = "raise"
name = "Heel raise"
purpose = "Test exercise."
position = "Stand tall."
steps = ["Rise and lower."]
sides = "both"
prescription = { kind = "reps", count = 10, tempo_seconds = 2, hold_seconds = 1 }

[[exercises]]
id = "walk"
name = "Toe walk"
purpose = "Test exercise."
position = "Stand tall."
steps = ["Walk on your toes."]
sides = "both"
variants = [{ id = "toes-out", name = "toes out" }]
prescription = { kind = "timed", seconds = 20, variants = ["toes-out"] }

[[routines]]
id = "paced"
name = "Paced"
description = "Paced reps with a hold at the top, then a timed walk with a variant."
items = [{ exercise = "raise" }, { exercise = "walk" }]
"""


def key_line(screen) -> str:
    return str(screen.query_one(KeyBar).render())


def top_line(screen) -> str:
    return str(screen.query_one(TitleBar).render())


async def to_self_paced(pilot) -> RunnerScreen:
    """The tiny library's last step: self-paced reps (5 prescribed)."""
    runner = await start_short(pilot)
    for _ in range(5):
        await pilot.press("n")
    assert runner.session.current.self_paced
    return runner


async def summary_after(pilot) -> SummaryScreen:
    await wait_until(pilot, lambda: on_screen(pilot.app, SummaryScreen), what="the summary")
    return pilot.app.screen


def stored_steps(app, runner) -> list[dict]:
    runner.workout.recorder.flush()
    return list(app.history.session(runner.workout.recorder.session_id).steps)


# --- item 3: the count entered is the count kept ---------------------------------------------

async def test_a_count_above_the_prescription_is_kept_in_the_summary_and_history(tmp_path):
    app, _clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        runner = await to_self_paced(pilot)
        assert text(runner, "#clock") == "5/5"
        await pilot.press(*["up"] * 7)
        assert text(runner, "#clock") == "12/5"
        await pilot.press("enter")
        summary = await summary_after(pilot)
        table = text(summary, "#summary-table")
        assert "12 of 5" in table  # Towel curl's reps
        (curl,) = [s for s in stored_steps(app, runner) if s["kind"] == "reps"]
        assert (curl["status"], curl["reps"]) == ("done", 12)


async def test_zero_reps_is_a_skipped_set_in_the_summary_and_the_history_alike(tmp_path):
    app, _clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        runner = await to_self_paced(pilot)
        bar = runner.query_one("#step-bar", Meter)
        assert bar.fraction == 1.0  # 5 of 5
        await pilot.press("down", "down")
        assert bar.fraction == pytest.approx(0.6, abs=0.01)  # the bar follows the count
        await pilot.press(*["down"] * 5)  # stops at 0
        assert text(runner, "#clock") == "0/5" and bar.fraction == 0.0
        await pilot.press("enter")
        summary = await summary_after(pilot)
        rows = text(summary, "#summary-table").splitlines()
        (curl_row,) = [row for row in rows if "Towel curl" in row]
        assert curl_row.split()[-5:] == ["0", "1", "0", "of", "5"]  # done, skipped, reps
        steps = stored_steps(app, runner)
        (curl,) = [s for s in steps if s["kind"] == "reps"]
        assert (curl["status"], curl["reps"]) == ("skipped", 0)
        record = app.history.session(runner.workout.recorder.session_id)
        work = [s for s in steps if s["kind"] in ("hold", "reps")]
        # The history's counts are the summary's: every work step, by its status.
        assert (record.steps_done, record.steps_skipped) == (
            sum(s["status"] == "done" for s in work), sum(s["status"] == "skipped" for s in work))
        assert [s["status"] for s in work] == ["skipped", "skipped", "skipped"]


async def test_paced_reps_skipped_part_way_keep_the_reps_played(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, PACED_AND_VARIANTS))
    async with app.run_test(size=SIZE) as pilot:
        runner = await start_short(pilot)
        await tick(pilot, clock, 5)  # get-ready over: 10 reps of 3 s (2 s tempo, 1 s hold)
        await tick(pilot, clock, 10)  # rep 4 of 10 begun
        assert text(runner, "#clock") == "4/10"
        await pilot.press("n")
        (reps,) = [r for r in runner.workout.results if r.step.kind == "reps"]
        assert (reps.status, reps.reps) == ("skipped", 3)


# --- item 5: +10 s moves the routine's time left -----------------------------------------------

def routine_times(runner) -> tuple[int, int]:
    done, left = text(runner, "#routine-times").split(" done · ")
    seconds = [int(m) * 60 + int(s) for m, s in (t.split(":") for t in (done, left[:-5]))]
    return seconds[0], seconds[1]


async def test_add_time_moves_the_routine_left_and_its_bar(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        runner = await start_short(pilot)
        await tick(pilot, clock, 7)  # 2 s into the right hold
        done, left = routine_times(runner)
        bar = runner.query_one("#routine-bar", Meter).fraction
        await pilot.press("plus")
        assert text(runner, "#clock") == "0:18"
        assert routine_times(runner) == (done, left + 10)
        assert runner.query_one("#routine-bar", Meter).fraction < bar
        await tick(pilot, clock, 19)  # the longer hold, then the switch begins
        assert text(runner, "#kind") == "Switch to your left foot"
        done_now, left_now = routine_times(runner)
        assert done_now + left_now == done + left + 10


# --- item 8: state you can see ------------------------------------------------------------------

async def test_pause_says_resume_in_the_key_bar_and_paused_at_the_top_right(tmp_path):
    app, _clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        runner = await start_short(pilot)
        assert key_line(runner).startswith("space Pause n Next")
        assert "Paused" not in top_line(runner)
        await pilot.press("space")
        assert key_line(runner).startswith("space Resume n Next")
        assert top_line(runner).rstrip().endswith("Paused")
        await pilot.press("q")  # the question keeps it paused, and says so
        assert top_line(runner).rstrip().endswith("Paused")
        await pilot.press("n")
        await pilot.press("space")
        assert not runner.session.is_paused
        assert key_line(runner).startswith("space Pause n Next")
        assert "Paused" not in top_line(runner)


async def test_a_muted_bell_shows_on_every_screen_until_it_is_on_again(tmp_path):
    app, _clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        assert "Bell off" not in top_line(app.screen)
        runner = await start_short(pilot)
        assert " m Mute " in key_line(runner)
        await pilot.press("m")
        assert " m Unmute " in key_line(runner)
        assert top_line(runner).rstrip().endswith("Bell off")
        await pilot.press("space")
        assert top_line(runner).rstrip().endswith("Paused  Bell off")
        await pilot.press("q", "y")
        summary = await summary_after(pilot)
        assert top_line(summary).rstrip().endswith("Bell off")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert top_line(app.screen).rstrip().endswith("Bell off")  # the routines too
        runner = await start_short(pilot)
        await pilot.press("m")
        assert app.bell_on and "Bell off" not in top_line(runner)


async def test_capital_m_keeps_the_bell_in_config_toml(tmp_path):
    from coach.config import load_settings

    app, _clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    config = app.locations.config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("prepare_seconds = 7\n", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await start_short(pilot)
        await pilot.press("m", "M")
        await wait_until(pilot, lambda: "bell = false" in config.read_text(), what="the save")
        settings, problems = load_settings(config)
        assert problems == [] and settings.bell is False
        assert settings.prepare_seconds == 7  # nothing else in the file changed
        assert app.settings.bell is False


async def test_capital_m_leaves_a_config_toml_with_problems_alone_and_says_so(tmp_path):
    app, _clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    config = app.locations.config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("prepare_secnds = 7\n", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await start_short(pilot)
        await pilot.press("m", "M")

        def told() -> bool:
            return any("not kept" in str(n.message) for n in app._notifications)

        await wait_until(pilot, told, what="the notice")
        (notice,) = [n for n in app._notifications if "not kept" in str(n.message)]
        assert "has problems" in notice.message and "prepare_secnds" in notice.message
        assert config.read_text() == "prepare_secnds = 7\n"


# --- item 9: readable from the floor --------------------------------------------------------------

async def test_the_countdown_is_as_large_as_the_screen_allows(tmp_path):
    app, _clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        runner = await start_short(pilot)
        clock_widget = runner.query_one("#clock", BigClock)
        big = len(clock_widget.rows())
        assert big >= 7  # not the three rows of Textual's Digits
        assert clock_widget.region.height - big <= 3  # little room left over
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert 3 < len(clock_widget.rows()) < big
        await pilot.resize_terminal(40, 12)  # one row left for it: the time as a line
        await pilot.pause()
        assert clock_widget.region.height == 1
        assert clock_widget.rows() == (text(runner, "#clock"),) == ("0:05",)


async def test_reps_show_the_rep_and_its_cue_and_the_variant_is_big(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, PACED_AND_VARIANTS))
    async with app.run_test(size=SIZE) as pilot:
        runner = await start_short(pilot)
        await tick(pilot, clock, 5)
        cue = runner.query_one("#cue", BigText)
        assert (text(runner, "#clock"), cue.word) == ("1/10", "GO")
        await tick(pilot, clock, 1.0)  # a rep of 3 s: go 1 s (half the tempo), hold 1 s, back 1 s
        assert (text(runner, "#clock"), cue.word) == ("1/10", "HOLD")
        await tick(pilot, clock, 1.0)
        assert (text(runner, "#clock"), cue.word) == ("1/10", "BACK")
        await tick(pilot, clock, 1.0)
        assert (text(runner, "#clock"), cue.word) == ("2/10", "GO")
        assert runner._timer is not None  # the next cue is due by itself
        await pilot.press("n")  # the walk, toes out
        variant = runner.query_one("#variant", BigText)
        assert variant.word == "toes out" and variant.big
        assert runner.query_one("#side", BigText).big
        assert not cue.display  # no cue outside reps
        assert "TOES OUT" not in str(variant.render())  # drawn in letters, not as a line
        await pilot.resize_terminal(60, 14)
        await pilot.pause()
        assert not variant.big and variant.region.height == 1  # too short: a bold line
        assert "TOES OUT" in str(variant.render())


async def test_a_narrow_key_bar_drops_other_keys_before_quit_and_keys(tmp_path):
    app, _clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=(60, 20)) as pilot:
        runner = await start_short(pilot)
        await pilot.press("space", "m")
        shown = key_line(runner)
        assert shown.startswith("space Resume n Next")
        # the palette key shortened to make room for one more
        assert "q Quit ? Keys" in shown and shown.rstrip().endswith("▏^p")
        assert "Unmute" not in shown  # dropped from the end, before the way out


# --- item 11: without colour ------------------------------------------------------------------

async def test_without_colour_the_state_is_in_words_reverse_and_line_weight(tmp_path,
                                                                           monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    assert app.no_color
    async with app.run_test(size=SIZE) as pilot:
        runner = await start_short(pilot)
        await tick(pilot, clock, 8)  # 3 s into the right hold
        await pilot.press("space", "m")
        top = runner.query_one(TitleBar).render()
        paused = [span for span in top.spans if top.plain[span.start:span.end].strip() == "Paused"]
        assert paused and "reverse" in str(paused[0].style)
        assert "Bell off" in top.plain
        assert "PAUSED · space to resume" in text(runner, "#paused")
        assert runner.query_one("#paused").styles.text_style.bold
        assert key_line(runner).startswith("space Resume")
        bar = runner.query_one("#step-bar", Meter)
        drawn = bar.render_line(0).text
        assert drawn.startswith("━━") and drawn.endswith("──")  # filled heavy, left light
        assert set(drawn) <= {"━", "╸", "─"}
        assert runner.query_one("#kind").styles.text_style.bold
