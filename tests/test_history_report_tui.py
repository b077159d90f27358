"""The history pane's pain chart (before, after, next morning by day over four weeks) and its
report key: ``R`` writes the HTML report to the data directory's reports folder in a worker
and says where; an empty history says there is nothing to report and writes nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from history_helpers.sessions import TODAY, at, history_at, open_history, player
from support import fixed, make_app, wait_until

from coach.history import HistoryStore
from coach.tui.history_reads import TREND_DAYS
from coach.tui.history_report import REPORTS
from coach.tui.widgets.paintrend import PainTrend

LIBRARY = fixed()
play = player(LIBRARY)


def week(store: HistoryStore) -> None:
    """Sessions on the three days before today, the last with a note that tries markup, and
    a check-in each next morning."""
    for back, (before, after) in zip((3, 2, 1), ((6, 4), (5, 3), (4, 2)), strict=True):
        day = TODAY - timedelta(days=back)
        play(store, "desk-break", at(day), pain=(before, after),
             note="<b>[red]sore[/red]</b>" if back == 1 else None)
        store.add_checkin(at(day + timedelta(days=1), 7), before - 1)


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "history.sqlite3"


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_the_chart_holds_four_weeks_of_before_after_and_morning(db):
    app, _ = make_app(history=history_at(db, week), today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        chart = screen.query_one(PainTrend)
        await wait_until(pilot, lambda: len(chart.days) == TREND_DAYS, what="the chart")
        assert chart.days[-1][0] == TODAY and chart.days[0][0] == TODAY - timedelta(27)
        assert chart.days[-4:] == [
            (TODAY - timedelta(3), 6, 4, 5), (TODAY - timedelta(2), 5, 3, 4),
            (TODAY - timedelta(1), 4, 2, 3), (TODAY, None, None, None)]
        assert chart.display and chart.region.height == 4
        drawn = chart.render().plain.splitlines()
        assert drawn[0].startswith("Pain by day, 01 Nov to 23 Nov: ")  # 23 days fit
        assert "before" in drawn[0] and "after" in drawn[0] and "next morning" in drawn[0]
        assert [line[:3] for line in drawn[1:]] == ["10 ", " 5 ", " 0 "]
        # The newest day has no score: its three bars are empty; the day before has all.
        assert drawn[-1].endswith("    ") and drawn[-1][-8:-4].strip()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert chart.display and chart.region.height == 3  # two rows of bars
        drawn = chart.render().plain.splitlines()
        assert [line[:3] for line in drawn[1:]] == ["10 ", " 0 "]
        assert drawn[0].startswith("Pain by day, 06 Nov to 23 Nov: ")  # the days that fit
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert chart.region.height == 0  # no room: the table comes first


async def test_r_writes_the_report_and_says_where(db, tmp_path):
    app, _ = make_app(history=history_at(db, week), today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot)
        await pilot.press("R")
        target = db.parent / REPORTS / f"coach-report-{TODAY:%Y-%m-%d}.html"
        await wait_until(pilot, lambda: any(str(target) in n for n in notices(app)),
                         what="the notice")
        assert f"Report of 3 sessions written to {target}" in notices(app)
        html = target.read_text()
        assert html.startswith("<!DOCTYPE html>") and "<svg" in html
        assert "&lt;b&gt;[red]sore[/red]&lt;/b&gt;" in html
        # Pressed again the same day: the day's report is replaced, not refused.
        await pilot.press("R")
        await wait_until(pilot, lambda: notices(app).count(
            f"Report of 3 sessions written to {target}") == 2, what="the second notice")


async def test_r_on_an_empty_history_writes_nothing(db):
    app, _ = make_app(history=history_at(db, lambda store: None), today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot)
        await pilot.press("R")
        await wait_until(pilot, lambda: any("Nothing to report" in n for n in notices(app)),
                         what="the notice")
        assert not (db.parent / REPORTS).exists()
