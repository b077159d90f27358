"""SVG snapshots of the levels at 100x30, 80x24 and 60x20: the picker's preview playing a
routine at the person's levels with why, the levels screen (`l`) with one item held, and the
runner's line saying why an item plays its number. The history is three easy days of the
ranged test routine (tests/levels_library.toml) before the fake clock's start.

Update after an intended change with
``pytest tests/test_levels_snapshots.py --snapshot-update`` and look at the SVGs first.
"""

from __future__ import annotations

from datetime import timedelta

from history_helpers.levels import easy_days, ranged_library, until
from snapshot_apps import SIZES, each_size
from support import WALL_START, make_app

from coach.history import HistoryStore
from coach.tui.screens.levels import LevelsScreen
from coach.tui.screens.picker import PickerScreen
from coach.tui.screens.runner import RunnerScreen

UP = "12 reps, up from 10 after three easy sessions"


def levels_app(tmp_path):
    db = tmp_path / "history.sqlite3"
    with HistoryStore(db) as store:
        easy_days(store, WALL_START.date() - timedelta(days=10), 3)
    app, _ = make_app(ranged_library(), history=HistoryStore(db), today=WALL_START.date())
    return app


async def preview_read(pilot) -> None:
    app = pilot.app
    await pilot._wait_for_screen()
    await until(pilot, lambda: isinstance(app.screen, PickerScreen)
                     and UP in str(app.screen.query_one("#preview-body").content),
                     what="the levels in the preview")


@each_size
def test_levels_preview(snap_compare, tmp_path, size):
    assert snap_compare(levels_app(tmp_path), terminal_size=SIZES[size],
                        run_before=preview_read)


@each_size
def test_levels_screen(snap_compare, tmp_path, size):
    async def run_before(pilot) -> None:
        app = pilot.app
        await preview_read(pilot)
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, LevelsScreen)
                         and app.screen.levels is not None, what="the levels")
        await pilot.press("h")
        await until(pilot, lambda: app.screen.levels[0].level.held, what="the hold")
        await pilot.pause()

    assert snap_compare(levels_app(tmp_path), terminal_size=SIZES[size], run_before=run_before)


@each_size
def test_levels_runner(snap_compare, tmp_path, size):
    async def run_before(pilot) -> None:
        app = pilot.app
        await preview_read(pilot)
        await pilot.press("enter", "enter")
        await until(pilot, lambda: isinstance(app.screen, RunnerScreen), what="runner")
        await pilot.press("space")  # paused on the get-ready: nothing moves
        await pilot.pause()

    assert snap_compare(levels_app(tmp_path), terminal_size=SIZES[size], run_before=run_before)
