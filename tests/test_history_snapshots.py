"""SVG snapshots of the history pane and a session's details, with a fixed today and a
made-up month of sessions of the fixed snapshot library's routines (tests/snapshot_apps.py),
at 100x30, 80x24 and 60x20.

Update after an intended change with
``pytest tests/test_history_snapshots.py --snapshot-update`` and look at the SVGs first.
"""

from __future__ import annotations

from history_helpers.sessions import TODAY, history_at, settle
from snapshot_apps import SIZES, a_month_of_sessions, each_size, snapshot_app
from textual.widgets import DataTable


def history_app(tmp_path, fill=a_month_of_sessions):
    app, _ = snapshot_app(history=history_at(tmp_path / "history.sqlite3", fill), today=TODAY)
    return app


async def open_history(pilot) -> None:
    await pilot.press("h")
    await settle(pilot)


@each_size
def test_history_month(snap_compare, tmp_path, size):
    assert snap_compare(history_app(tmp_path), terminal_size=SIZES[size],
                        run_before=open_history)


@each_size
def test_history_empty(snap_compare, tmp_path, size):
    app = history_app(tmp_path, fill=lambda store: None)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=open_history)


@each_size
def test_history_unavailable(snap_compare, size):
    app, _ = snapshot_app(history=None, today=TODAY)

    async def run_before(pilot) -> None:
        pilot.app.history_problem = ("cannot keep history in /home/ana/.local/share/coach/"
                                     "history.sqlite3: Permission denied")
        await open_history(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


async def _open_the_noted_session(pilot) -> None:
    await open_history(pilot)
    screen = pilot.app.screen
    noted = next(i for i, s in enumerate(screen.sessions.values()) if s.note)
    screen.query_one(DataTable).move_cursor(row=noted, animate=False)
    await pilot.press("enter")
    await settle(pilot)


@each_size
def test_history_session_detail(snap_compare, tmp_path, size):
    assert snap_compare(history_app(tmp_path), terminal_size=SIZES[size],
                        run_before=_open_the_noted_session)


@each_size
def test_history_delete_prompt(snap_compare, tmp_path, size):
    async def run_before(pilot) -> None:
        await open_history(pilot)
        await pilot.press("down", "d")

    assert snap_compare(history_app(tmp_path), terminal_size=SIZES[size],
                        run_before=run_before)


def test_history_without_colour(snap_compare, tmp_path, monkeypatch):
    """The highlighted row, the calendar and the pain lines without colour."""
    monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot) -> None:
        await open_history(pilot)
        await pilot.press("down")

    assert snap_compare(history_app(tmp_path), terminal_size=SIZES["80x24"],
                        run_before=run_before)
