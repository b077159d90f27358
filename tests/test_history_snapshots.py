"""SVG snapshots of the history pane at 100x30 with a fixed today and a made-up month.

Update after an intended change with
``pytest tests/test_history_snapshots.py --snapshot-update`` and look at the SVGs first.
"""

from __future__ import annotations

from datetime import timedelta

from support import make_app
from test_history_pane import TODAY, at, history_at, play, settle
from textual.widgets import DataTable

from coach.history import HistoryStore

SIZE = (100, 30)
ROUTINES = ("feet-first-five", "fix-everything-five", "ten-foot-stretches")


def month(store: HistoryStore) -> None:
    """Five weeks of mornings, a few rest days and one gap, pain easing as it goes; one
    full session with a note yesterday, and one interrupted this evening."""
    for back in range(34, -1, -1):
        if back % 5 == 3 or back in (11, 12):
            continue
        day = TODAY - timedelta(back)
        for k in range(1 + (back % 9 == 0) + (back % 13 == 0)):
            before = 7 - (34 - back) // 8 + k % 2
            play(store, ROUTINES[(back + k) % 3], at(day, 7 + 5 * k, 30),
                 status="aborted" if back == 16 else "completed",
                 pain=(before, max(0, before - 2 - back % 2)), steps=6,
                 skip=(3,) if back % 4 == 0 else ())
        if back == 1:
            play(store, "ten-foot-stretches", at(day, 18, 45), pain=(4, 2), steps=None,
                 note="left heel sore at first, fine after the massage", skip=(5, 6))
    play(store, "feet-first-five", at(TODAY, 19, 5), status="in_progress", pain=(3, None),
         steps=3)


def history_app(tmp_path, fill=month):
    app, _ = make_app(history=history_at(tmp_path / "history.sqlite3", fill), today=TODAY)
    return app


async def open_history(pilot) -> None:
    await pilot.press("h")
    await settle(pilot)


def test_history_empty(snap_compare, tmp_path):
    app = history_app(tmp_path, fill=lambda store: None)
    assert snap_compare(app, terminal_size=SIZE, run_before=open_history)


def test_history_month(snap_compare, tmp_path):
    assert snap_compare(history_app(tmp_path), terminal_size=SIZE, run_before=open_history)


def test_history_session_detail(snap_compare, tmp_path):
    async def run_before(pilot) -> None:
        await open_history(pilot)
        screen = pilot.app.screen
        noted = next(i for i, s in enumerate(screen.sessions.values()) if s.note)
        screen.query_one(DataTable).move_cursor(row=noted, animate=False)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(history_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_history_delete_prompt(snap_compare, tmp_path):
    async def run_before(pilot) -> None:
        await open_history(pilot)
        await pilot.press("down", "d")

    assert snap_compare(history_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_history_unavailable(snap_compare):
    app, _ = make_app(history=None, today=TODAY)

    async def run_before(pilot) -> None:
        pilot.app.history_problem = ("cannot keep history in /home/ana/.local/share/coach/"
                                     "history.sqlite3: Permission denied")
        await open_history(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_history_small_terminal(snap_compare, tmp_path):
    assert snap_compare(history_app(tmp_path), terminal_size=(60, 20),
                        run_before=open_history)
