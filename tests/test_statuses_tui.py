"""Honest statuses as a person meets them: a workout skipped through says so on the summary,
in the history pane and in the session's details, in the same words, with the same Done
and Skipped numbers, and it adds nothing to the streak or the week."""

from __future__ import annotations

from datetime import timedelta

from support import (
    HOLD_THEN_REPS,
    WALL_START,
    make_app,
    on_screen,
    tiny_library,
    wait_until,
)
from textual.widgets import DataTable, Static

from coach.step_record import StepResult
from coach.tui.screens.history import HistoryScreen
from coach.tui.screens.pain import PainScreen
from coach.tui.screens.picker import PickerScreen
from coach.tui.screens.runner import RunnerScreen
from coach.tui.screens.session_detail import SessionDetailScreen
from coach.tui.screens.summary import SummaryScreen, tally

SIZE = (100, 30)
WORK_STEPS = 3  # the tiny routine: a hold on each side, then self-paced reps


def plain(widget: Static) -> str:
    return str(widget.render())


def summary_counts(summary: SummaryScreen) -> tuple[int, int]:
    """Done and Skipped summed over the summary's table."""
    counts = tally(summary.workout.results)
    return sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values())


async def play(pilot, clock, *, done_first_hold: bool) -> SummaryScreen:
    """Start the tiny routine, play the first hold or not, skip everything else."""
    await pilot.press("enter")
    assert isinstance(pilot.app.screen, PainScreen)
    await pilot.press("4", "enter")
    await pilot.pause()
    runner = pilot.app.screen
    assert isinstance(runner, RunnerScreen)
    if done_first_hold:
        clock.advance(15)  # the get-ready and the first hold, played out
        runner._tick()
        await pilot.pause()
    while runner.session.state != "finished":
        await pilot.press("n")
    await wait_until(pilot, lambda: on_screen(pilot.app, SummaryScreen), what="the summary")
    return pilot.app.screen


async def back_to_the_picker(pilot) -> None:
    await pilot.press("enter", "enter")  # no pain score, no note
    await pilot.pause()
    assert isinstance(pilot.app.screen, PickerScreen)


async def open_history(pilot) -> HistoryScreen:
    await pilot.press("h")
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    await wait_until(pilot, lambda: screen.query_one(DataTable).row_count > 0
                     and "Streak" in str(screen.query_one("#history-streak", Static).render()),
                     what="the history pane's rows and numbers")
    return screen


def row(screen: HistoryScreen, n: int = 0) -> list[str]:
    return [str(cell) for cell in screen.query_one(DataTable).get_row_at(n)]


async def test_a_workout_skipped_through_is_all_skipped_everywhere(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS), today=WALL_START.date())
    async with app.run_test(size=SIZE) as pilot:
        summary = await play(pilot, clock, done_first_hold=False)
        title = plain(summary.query_one("#summary-title"))
        assert title.startswith("All skipped: Short one")
        assert summary_counts(summary) == (0, WORK_STEPS)
        app.settle_recordings()  # the end is written on the recorder's thread
        [stored] = app.history.sessions()
        assert stored.status == "skipped"
        # the summary's Done and Skipped are what history keeps
        assert (stored.steps_done, stored.steps_skipped) == summary_counts(summary)
        await back_to_the_picker(pilot)

        pane = await open_history(pilot)
        assert row(pane)[3:5] == ["0", "3"]
        assert row(pane)[-1] == "all skipped"
        assert plain(pane.query_one("#history-streak")).startswith("Streak: 0 days")
        assert plain(pane.query_one("#history-week")).startswith(
            "This week: 0 completed sessions")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionDetailScreen)
                         and app.screen.record is not None, what="the session's details")
        head = plain(app.screen.query_one("#session-head"))
        assert " · all skipped" in head
        assert "exercise steps: 0 done, 3 skipped" in head


async def test_one_hold_done_is_completed_and_counts_for_the_streak(tmp_path):
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS), today=WALL_START.date())
    async with app.run_test(size=SIZE) as pilot:
        summary = await play(pilot, clock, done_first_hold=True)
        assert plain(summary.query_one("#summary-title")).startswith("Completed: Short one")
        assert summary_counts(summary) == (1, WORK_STEPS - 1)
        app.settle_recordings()  # the end is written on the recorder's thread
        [stored] = app.history.sessions()
        assert (stored.status, stored.steps_done, stored.steps_skipped) == (
            "completed", *summary_counts(summary))
        await back_to_the_picker(pilot)
        pane = await open_history(pilot)
        assert row(pane)[-1] == "completed"
        assert plain(pane.query_one("#history-streak")).startswith("Streak: 1 day")
        assert plain(pane.query_one("#history-week")).startswith(
            "This week: 1 completed session")


def test_the_summary_counts_zero_reps_and_replays_as_history_does(tmp_path):
    """A reps step ended at 0 reps is skipped; a step played again counts as it ended last."""
    library = tiny_library(tmp_path, HOLD_THEN_REPS)
    steps = library.steps("short")
    hold, reps = steps[1], steps[-1]
    assert (hold.kind, reps.kind) == ("hold", "reps")
    def result(step, status, count=None):
        return StepResult(step=step, started_at=WALL_START,
                          ended_at=WALL_START + timedelta(seconds=10), active_seconds=10.0,
                          paused_seconds=0.0, reps=count, status=status)

    counts = tally([result(hold, "skipped"), result(hold, "done"), result(reps, "done", 0)])
    assert dict(counts) == {("press", "right"): [1, 0], ("curl", None): [0, 1]}
