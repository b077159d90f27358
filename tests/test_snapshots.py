"""SVG snapshots of every screen at 100x30 with a frozen clock.

The workout's screens play ``runner_library.toml``, a small fixed library, so edits to the
shipped one never move them. Update after an intended change with
``pytest tests/test_snapshots.py --snapshot-update`` and look at the SVGs before committing
them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import make_app

from coach.config import Settings
from coach.library import load_library

SIZE = (100, 30)
RUNNER_LIBRARY = Path(__file__).with_name("runner_library.toml")
ROUTINE = "every-step"


def workout_at(kind: str, routine: str = ROUTINE, *, seconds_in: float = 3.4, keys: tuple = (),
               occurrence: int = 0, bell: bool = True):
    """An app, and a run_before that opens ``routine`` at its ``occurrence``-th step of
    ``kind``, skips the pain question, lets ``seconds_in`` pass and presses ``keys``. With
    ``bell=False`` the bell is off in the settings (as `m` would turn it off, without the
    notice that says so)."""
    app, clock = make_app(load_library(library=RUNNER_LIBRARY), settings=Settings(bell=bell))
    steps = app.library.steps(routine)
    index = [s.index for s in steps if s.kind == kind][occurrence]

    async def run_before(pilot) -> None:
        pilot.app.start_workout(routine, start_index=index)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        clock.advance(seconds_in)
        pilot.app.screen._tick()
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()

    return app, run_before


def test_picker(snap_compare):
    app, _ = make_app()
    assert snap_compare(app, terminal_size=SIZE)


def test_safety_note_on_first_run(snap_compare):
    app, _ = make_app(show_safety=True)
    assert snap_compare(app, terminal_size=SIZE)


def test_exercise_browser(snap_compare):
    app, _ = make_app()
    assert snap_compare(app, terminal_size=SIZE, press=["e", "down"])


def test_help(snap_compare):
    app, _ = make_app()
    assert snap_compare(app, terminal_size=SIZE, press=["question_mark"])


def test_pain_question(snap_compare):
    app, _ = make_app()
    assert snap_compare(app, terminal_size=SIZE, press=["enter", "7"])


def test_runner_in_a_hold(snap_compare):
    app, run_before = workout_at("hold")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_runner_in_paced_reps(snap_compare):
    # Rep 3 of 10 (4 s a rep: 1 s up, 2 s held, 1 s back), in its hold.
    app, run_before = workout_at("reps", seconds_in=9.5)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_runner_in_self_paced_reps(snap_compare):
    # The counter starts at the 10 prescribed; three fewer were done.
    app, run_before = workout_at("reps", occurrence=2, keys=("down", "down", "down"))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_runner_with_a_variant(snap_compare):
    app, run_before = workout_at("timed", occurrence=1)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_runner_in_rest(snap_compare):
    app, run_before = workout_at("rest", seconds_in=2)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_runner_at_switch_side(snap_compare):
    app, run_before = workout_at("switch_side", seconds_in=1)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_runner_paused(snap_compare):
    app, run_before = workout_at("hold", keys=("space",))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_runner_paused_with_the_bell_off(snap_compare):
    app, run_before = workout_at("hold", keys=("space",), bell=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
def test_runner_without_colour(snap_compare, monkeypatch, size):
    """NO_COLOR: paused, the bell off, the step and the bars still obvious (words, reverse,
    bold, heavy and light lines)."""
    monkeypatch.setenv("NO_COLOR", "1")
    app, run_before = workout_at("reps", seconds_in=9.5, keys=("space",), bell=False)
    assert app.no_color
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_quit_prompt(snap_compare):
    app, run_before = workout_at("hold", keys=("q",))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_summary(snap_compare):
    # Heel raises: the right side played out, the left skipped at once; both toe walks
    # skipped; the self-paced set recorded with 12 reps of 10; then pain 3.
    app, reach = workout_at("reps", seconds_in=45, keys=("n",) * 5 + ("up", "up", "enter"))

    async def run_before(pilot) -> None:
        from support import wait_until

        from coach.tui.screens.summary import SummaryScreen

        await reach(pilot)
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, SummaryScreen))
        await pilot.press("3")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_runner_80x24(snap_compare):
    app, run_before = workout_at("timed", occurrence=1)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_runner_small_terminal(snap_compare):
    app, run_before = workout_at("hold")
    assert snap_compare(app, terminal_size=(60, 20), run_before=run_before)
