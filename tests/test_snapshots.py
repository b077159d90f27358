"""SVG snapshots of a workout, from the pain question to the summary, at 100x30, 80x24 and
60x20 with a frozen clock, on the fixed snapshot library (tests/snapshot_apps.py).

Update after an intended change with ``pytest tests/test_snapshots.py --snapshot-update`` and
look at the SVGs before committing them.
"""

from __future__ import annotations

from snapshot_apps import SIZES, each_size, snapshot_app, workout_at
from support import burst, on_screen, wait_until


def test_pain_question(snap_compare):
    # At every size, refusing a key: tests/test_start_snapshots.py.
    app, _ = snapshot_app()
    assert snap_compare(app, terminal_size=SIZES["100x30"], press=["enter", "7"])


@each_size
def test_runner_in_a_hold(snap_compare, size):
    app, run_before = workout_at("hold")
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@each_size
def test_runner_in_paced_reps(snap_compare, size):
    # Rep 3 of 10 (4 s a rep: 1 s up, 2 s held, 1 s back), in its hold.
    app, run_before = workout_at("reps", seconds_in=9.5)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@each_size
def test_runner_in_self_paced_reps(snap_compare, size):
    # The counter starts at the 10 prescribed; three fewer were done.
    app, run_before = workout_at("reps", occurrence=2, keys=("down", "down", "down"))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@each_size
def test_runner_with_a_variant(snap_compare, size):
    app, run_before = workout_at("timed", occurrence=1)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@each_size
def test_runner_in_rest(snap_compare, size):
    app, run_before = workout_at("rest", seconds_in=2)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@each_size
def test_runner_at_switch_side(snap_compare, size):
    app, run_before = workout_at("switch_side", seconds_in=1)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@each_size
def test_runner_paused(snap_compare, size):
    app, run_before = workout_at("hold", keys=("space",))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@each_size
def test_runner_with_pain_noted(snap_compare, size):
    # 8: at or above HIGH_PAIN, so the red flags show under the score; time runs on.
    app, run_before = workout_at("hold", keys=("8",))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


def test_runner_paused_with_the_bell_off(snap_compare):
    app, run_before = workout_at("hold", keys=("space",), bell=False)
    assert snap_compare(app, terminal_size=SIZES["100x30"], run_before=run_before)


@each_size
def test_quit_prompt(snap_compare, size):
    app, run_before = workout_at("hold", keys=("q",))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


def summary_at(**kwargs):
    """An app, and a run_before that ends a workout on its summary, pain 3 typed: heel
    raises with the right side played out and the left skipped at once; both toe walks
    skipped; the self-paced set recorded with 12 reps of 10."""
    app, reach = workout_at("reps", seconds_in=45, keys=("n",) * 5 + ("up", "up", "enter"),
                            **kwargs)

    async def run_before(pilot) -> None:
        from coach.tui.screens.summary import SummaryScreen

        await reach(pilot)
        # drawn, not only pushed: on a loaded machine it composes a moment later
        await wait_until(pilot, lambda: on_screen(pilot.app, SummaryScreen))
        if pilot.app.history is not None:  # the light so far, read once the writes are in
            await wait_until(pilot, lambda: pilot.app.screen.query_one("#summary-light").display)
        await burst(pilot, "3")

    return app, run_before


@each_size
def test_summary(snap_compare, size):
    app, run_before = summary_at()
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@each_size
def test_summary_offering_a_file(snap_compare, size, monkeypatch):
    """History could not be written: the summary says why and offers a file (in a home
    directory of a fixed name, so the picture does not change with the test's)."""
    monkeypatch.setenv("HOME", "/home/ana")
    app, run_before = summary_at(history=None)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


# --- without colour (NO_COLOR): state said in words, reverse, bold and line weight ------------

def test_runner_without_colour(snap_compare, monkeypatch):
    """Paused, the bell off, the step and the bars still obvious."""
    monkeypatch.setenv("NO_COLOR", "1")
    app, run_before = workout_at("reps", seconds_in=9.5, keys=("space",), bell=False)
    assert app.no_color
    assert snap_compare(app, terminal_size=SIZES["80x24"], run_before=run_before)


def test_runner_without_colour_100x30(snap_compare, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app, run_before = workout_at("reps", seconds_in=9.5, keys=("space",), bell=False)
    assert snap_compare(app, terminal_size=SIZES["100x30"], run_before=run_before)


def test_summary_without_colour(snap_compare, monkeypatch):
    """The skipped counts and the problem with the pain typed are still told apart."""
    monkeypatch.setenv("NO_COLOR", "1")
    app, reach = summary_at()

    async def run_before(pilot) -> None:
        await reach(pilot)
        await burst(pilot, "1")  # 31: refused, and said why

    assert snap_compare(app, terminal_size=SIZES["80x24"], run_before=run_before)
