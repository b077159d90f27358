"""Pilot tests of issue 13's lights and plan in the history: each session's traffic light in
the table and, with its reason, in the session's details; done of planned beside the streak
when something is planned, and nothing of the kind when nothing is."""

from __future__ import annotations

from datetime import timedelta

from history_helpers.sessions import TODAY, at, history_at, open_history, player, settle
from support import fixed, make_app
from textual.widgets import DataTable, Static

from coach.history import HistoryStore
from coach.tui.screens.session_detail import SessionDetailScreen

SIZE = (100, 30)
play = player(fixed())


def lights_in(screen) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_cell_at((row, 6))) for row in range(table.row_count)]


def three(store: HistoryStore) -> None:
    """Oldest first: an easy session that settled, one over the limit, one still going."""
    easy = at(TODAY - timedelta(3))
    play(store, "every-step", easy, pain=(2, 3), steps=None, step_pain=lambda s: 2)
    store.add_checkin(at(TODAY - timedelta(2), 7), 2)
    play(store, "every-step", at(TODAY - timedelta(1)), pain=(2, 6))
    play(store, "desk-break", at(TODAY, 8), status="in_progress")


async def test_each_session_has_its_light_and_the_details_say_why(tmp_path):
    app, _ = make_app(history=history_at(tmp_path / "h.sqlite3", three), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one(DataTable)
        assert str(table.columns["light"].label) == "Light"
        assert lights_in(screen) == ["", "red", "green"]  # newest first; in progress: none
        table.move_cursor(row=1, animate=False)
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, SessionDetailScreen)
        head = str(detail.query_one("#session-head", Static).render())
        assert "Light: red · Pain reached 6/10, over the limit of 5/10." in head
        await pilot.press("escape")
        await settle(pilot)
        table.move_cursor(row=2, animate=False)
        await pilot.press("enter")
        await settle(pilot)
        head = str(app.screen.query_one("#session-head", Static).render())
        assert "Light: green · Pain stayed within the limits" in head
        assert "had settled by the next morning" in head


async def test_the_thresholds_of_config_toml_set_the_lights(tmp_path):
    from coach.config import Settings

    app, _ = make_app(history=history_at(tmp_path / "h.sqlite3", three), today=TODAY,
                      settings=Settings(pain_limit=6, pain_above_baseline=4))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        # 6 after 2 before: within a limit of 6 and no more than 4 over; red by default
        assert lights_in(screen)[1] == "green"


async def test_done_of_planned_shows_beside_the_streak_only_with_a_plan(tmp_path):
    def planned(store: HistoryStore) -> None:
        three(store)
        store.set_plan("every-step", list(range(7)), ["07:30"], at(TODAY - timedelta(20)))

    app, _ = make_app(history=history_at(tmp_path / "plan.sqlite3", planned), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        plan = screen.query_one("#history-plan", Static)
        assert plan.display
        # TODAY is a Monday: planned today, not done yet; before it, the 20 days since the
        # plan was set, two of them done (3 and 1 days ago).
        assert str(plan.render()) == ("Plan: 0 of 1 done this week · 2 of 20 in the 4 weeks "
                                      "before")
    app, _ = make_app(history=history_at(tmp_path / "none.sqlite3", three), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        assert not screen.query_one("#history-plan", Static).display
