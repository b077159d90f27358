"""Pilot tests of issue 13's history detail: the pain noted during each step and the
session's highest in a session's details; where left and right differ, in the pane and in
the details of a session of those exercises."""

from __future__ import annotations

import io
from datetime import timedelta

from history_helpers.sessions import TODAY, at, history_at, open_history, player, settle
from rich.console import Console
from support import fixed, make_app
from textual.widgets import DataTable, Static

from coach.history import HistoryStore
from coach.tui.screens.session_detail import SessionDetailScreen

SIZE = (100, 30)
LIBRARY = fixed()
play = player(LIBRARY)
PAINFUL = "Towel stretch: left side 4 points more painful (avg 6 vs 2, last 4 weeks)"


def stretch(left: int, right: int = 2):
    """Pain during the towel stretch's holds: ``left`` on the left, ``right`` on the right."""
    def pain(step) -> int | None:
        if step.exercise != "towel-stretch" or step.kind != "hold":
            return None
        return left if step.side == "left" else right
    return pain


def left_toe_press_holds() -> tuple[int, ...]:
    return tuple(s.index for s in LIBRARY.steps("desk-break")
                 if s.exercise == "toe-press" and s.kind == "hold" and s.side == "left")


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def shown(screen, selector: str) -> bool:
    return screen.query_one(selector, Static).display


def step_lines(detail: SessionDetailScreen) -> list[str]:
    steps = detail.query_one("#session-steps", Static)
    console = Console(width=steps.content_region.width, record=True, file=io.StringIO())
    console.print(steps.content)
    return console.export_text().splitlines()


async def open_first_session(pilot) -> SessionDetailScreen:
    await pilot.press("enter")
    await settle(pilot)
    detail = pilot.app.screen
    assert isinstance(detail, SessionDetailScreen) and detail.record is not None
    return detail


def painful_left(store: HistoryStore) -> None:
    """Two sessions in the last week, the left towel stretch at 6, the right at 2."""
    for back in (3, 1):
        play(store, "every-step", at(TODAY - timedelta(back)), steps=None,
             step_pain=stretch(6))


async def test_the_pane_says_which_side_hurts_more(tmp_path):
    app, _ = make_app(history=history_at(tmp_path / "h.sqlite3", painful_left), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        await settle(pilot)
        assert shown(screen, "#history-sides")
        assert text_of(screen, "#history-sides") == PAINFUL


async def test_sides_a_point_apart_are_not_said(tmp_path):
    def close(store: HistoryStore) -> None:
        for back in (3, 1):
            play(store, "every-step", at(TODAY - timedelta(back)), steps=None,
                 step_pain=stretch(3))

    app, _ = make_app(history=history_at(tmp_path / "h.sqlite3", close), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        await settle(pilot)
        assert not shown(screen, "#history-sides")


async def test_five_weeks_ago_is_not_lately(tmp_path):
    def old(store: HistoryStore) -> None:
        for back in (36, 35):
            play(store, "every-step", at(TODAY - timedelta(back)), steps=None,
                 step_pain=stretch(6))

    app, _ = make_app(history=history_at(tmp_path / "h.sqlite3", old), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        await settle(pilot)
        assert not shown(screen, "#history-sides")


def skipped_left_holds(store: HistoryStore) -> None:
    """The left toe press skipped twice (a second of each ten-second hold); the stretch's
    pain as in painful_left."""
    for back in (4, 2):
        play(store, "desk-break", at(TODAY - timedelta(back)), steps=None,
             skip=left_toe_press_holds())
    painful_left(store)


async def test_holds_kept_and_pain_the_most_said_first_the_rest_counted(tmp_path):
    app, _ = make_app(history=history_at(tmp_path / "h.sqlite3", skipped_left_holds),
                      today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        await settle(pilot)
        assert text_of(screen, "#history-sides").splitlines() == [
            PAINFUL,
            "Toe press: left side holds 90% shorter (avg 10% vs 100% of the time asked, "
            "last 4 weeks)"]
        # When short, one line and how many more there are.
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        assert text_of(screen, "#history-sides").splitlines()[-1] == (
            "and 1 more (a session's details say those of its exercises)")
        assert PAINFUL.startswith(text_of(screen, "#history-sides").splitlines()[0][:40])


async def test_a_sessions_details_show_the_pain_during_each_step_and_the_highest(tmp_path):
    app, _ = make_app(history=history_at(tmp_path / "h.sqlite3", skipped_left_holds),
                      today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        detail = await open_first_session(pilot)  # the newest: every step, yesterday
        assert "Pain before → after: 5 → 3 · highest during: 6\n" in text_of(
            detail, "#session-head")
        lines = step_lines(detail)
        header = lines[0].split()
        assert header[-2:] == ["Pain", "Status"]
        holds = [line.split() for line in lines if line.startswith("Hold ")]
        assert [h[-2] for h in holds] == ["2", "2", "6", "6"]  # right first, as played
        # Left against right for this session's exercises only: not the toe press.
        assert text_of(detail, "#session-sides") == PAINFUL
        await pilot.press("escape")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=1, animate=False)  # a desk break: toe press, no pain noted
        detail = await open_first_session(pilot)
        assert "· none noted during\n" in text_of(detail, "#session-head")
        assert text_of(detail, "#session-sides").startswith("Toe press: left side holds")
        assert "Towel stretch" not in text_of(detail, "#session-sides")


async def test_a_session_with_nothing_to_compare_says_nothing_of_sides(tmp_path):
    def one(store: HistoryStore) -> None:
        play(store, "every-step", at(TODAY), steps=None)

    app, _ = make_app(history=history_at(tmp_path / "h.sqlite3", one), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        detail = await open_first_session(pilot)
        assert not shown(detail, "#session-sides")
        assert "Pain" in step_lines(detail)[0].split()  # at 100 columns, every column
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert "Pain" not in step_lines(detail)[0].split()  # narrow: none noted, left out
