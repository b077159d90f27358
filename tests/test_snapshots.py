"""SVG snapshots of every screen at 100x30 with a frozen clock.

Update after an intended change with ``pytest tests/test_snapshots.py --snapshot-update``
and look at the SVGs before committing them.
"""

from __future__ import annotations

from support import make_app

SIZE = (100, 30)


def workout_at(kind: str, routine: str, *, seconds_in: float = 3.4, keys: tuple = (),
               occurrence: int = 0):
    """An app, and a run_before that opens ``routine`` at its ``occurrence``-th step of
    ``kind``, skips the pain question, lets ``seconds_in`` pass and presses ``keys``."""
    app, clock = make_app()
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
    app, run_before = workout_at("hold", "fix-everything-five")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_runner_in_paced_reps(snap_compare):
    app, run_before = workout_at("reps", "feet-first-five", seconds_in=7.5, occurrence=2)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_runner_in_rest(snap_compare):
    app, run_before = workout_at("rest", "feet-first-five", seconds_in=6)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_runner_at_switch_side(snap_compare):
    app, run_before = workout_at("switch_side", "fix-everything-five", seconds_in=1)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_runner_paused(snap_compare):
    app, run_before = workout_at("hold", "fix-everything-five", keys=("space",))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_quit_prompt(snap_compare):
    app, run_before = workout_at("hold", "fix-everything-five", keys=("q",))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_summary(snap_compare):
    app, run_before = workout_at("hold", "fix-everything-five", seconds_in=25,
                                 keys=("n", "q", "y", "3"))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_runner_small_terminal(snap_compare):
    app, run_before = workout_at("hold", "fix-everything-five")
    assert snap_compare(app, terminal_size=(60, 20), run_before=run_before)
