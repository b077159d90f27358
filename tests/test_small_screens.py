"""Pilot tests of what issue 10 asks of small terminals, beside the snapshots that show it:
at 80x24 every screen is complete, at 60x20 every screen is usable. On the fixed snapshot
library (tests/snapshot_apps.py)."""

from __future__ import annotations

import io
from collections import Counter

from history_helpers.sessions import TODAY, history_at, settle
from rich.console import Console
from snapshot_apps import a_month_of_sessions, snapshot_app, workout_at
from textual import events
from textual.color import Color
from textual.widgets import DataTable, Static

from coach.tui.screens.history import HistoryScreen
from coach.tui.screens.session_detail import SessionDetailScreen
from coach.tui.widgets.bigtext import BigStack, BigText


async def test_the_big_side_and_variant_settle_at_60x20():
    """At 60x20 the side and the variant are too tall for the column in big letters: they
    are drawn small once, not flipped between big and small (each flip a new layout) for as
    long as the step is shown."""
    app, run_before = workout_at("timed", occurrence=1)
    resized: Counter[str] = Counter()

    def count(message) -> None:
        if isinstance(message, events.Resize) and isinstance(message._sender, BigStack):
            resized["cues"] += 1

    async with app.run_test(size=(60, 20), message_hook=count) as pilot:
        await run_before(pilot)
        settled = resized["cues"]
        # Each pause lets the app handle all it has queued: a resize that caused another
        # would go on adding to the count.
        for _ in range(3):
            await pilot.pause()
        assert resized["cues"] == settled < 10
        texts = {t.id: t for t in app.screen.query(BigText)}
        assert not texts["side"].big and not texts["variant"].big
        assert texts["variant"].region.height == 1
        # room again: big letters again
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert texts["side"].big and texts["variant"].big


async def test_history_keeps_its_calendar_and_pain_lines_at_80x24(tmp_path):
    history = history_at(tmp_path / "history.sqlite3", a_month_of_sessions)
    app, _ = snapshot_app(history=history, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        for part in ("#history-heatmap", "#pain-before", "#pain-after", "#history-pain-title"):
            widget = screen.query_one(part)
            assert widget.display and widget.region.height and widget.region.right <= 80, part
        title = screen.query_one("#history-pain-title", Static)
        assert title.region.height == 2  # the whole sentence, on two lines
        # every column of the table, status included, without sideways scrolling
        table = screen.query_one("#history-table")
        assert table.virtual_size.width <= table.scrollable_content_region.width
        # where there is no room (60x20) the calendar and the pain lines give way
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert not screen.query_one("#history-heatmap").region.height
        assert not screen.query_one("#pain-before").region.height


async def test_a_long_routine_name_leaves_every_column_of_history_on_screen(tmp_path):
    """At 100x30 a routine name of 74 characters is cut short, so the numbers and the
    status stay in view."""
    history = history_at(tmp_path / "history.sqlite3", a_month_of_sessions)
    app, _ = snapshot_app(history=history, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("h")
        await settle(pilot)
        table = app.screen.query_one("#history-table")
        assert table.virtual_size.width <= table.scrollable_content_region.width
        names = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert "An evening routine fo…" in names


async def test_session_details_at_60_columns_leave_out_what_the_session_has_none_of(tmp_path):
    """Below 70 columns the steps table drops the columns this session left empty (sets,
    rounds, pauses), so the others are not cut short; at 80 every column is back."""
    app, _ = snapshot_app(history=history_at(tmp_path / "history.sqlite3", a_month_of_sessions),
                          today=TODAY)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        noted = next(i for i, s in enumerate(screen.sessions.values()) if s.note)
        screen.query_one(DataTable).move_cursor(row=noted, animate=False)
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, SessionDetailScreen)

        def lines() -> list[str]:
            steps = detail.query_one("#session-steps", Static)
            console = Console(width=steps.content_region.width, record=True, file=io.StringIO())
            console.print(steps.content)
            return console.export_text().splitlines()

        assert lines()[0].split() == ["Step", "Variant", "Planned", "Actual", "Reps", "Pain",
                                      "Status"]
        assert "…" not in "".join(lines())
        assert any(line.split()[:2] == ["Switch", "sides"] for line in lines())
        assert any(line.rstrip().endswith(" skipped") for line in lines())
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert lines()[0].split() == ["Step", "Set", "Round", "Variant", "Planned", "Actual",
                                      "Paused", "Reps", "Pain", "Status"]


async def test_the_instructions_scroll_at_60x20():
    """A hold's position and four steps are more than a third of a 20-row screen: the
    instructions keep to that third and scroll, and the big clock keeps its room."""
    app, run_before = workout_at("hold")
    async with app.run_test(size=(60, 20)) as pilot:
        await run_before(pilot)
        box = app.screen.query_one("#instructions-box")
        assert box.region.height <= 20 // 3
        assert box.max_scroll_y > 0 and box.scroll_y == 0
        assert not box.can_focus  # ↑/↓ stay the workout's
        box.scroll_end(animate=False)
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y > 0
        assert app.screen.query_one("#clock").region.height >= 3
        await pilot.press("n")  # the rest between holds: the same lines, where they were
        assert app.screen.session.current.kind == "rest"
        assert box.scroll_y == box.max_scroll_y > 0
        # another exercise's lines, and back: from their top
        await pilot.press(*"nnnnnn")
        assert app.screen.session.current.exercise == "heel-raise"
        await pilot.press("p")
        await pilot.pause()
        assert app.screen.session.current.exercise == "towel-stretch"
        assert box.max_scroll_y > 0 and box.scroll_y == 0


async def test_without_colour_the_highlighted_routine_is_a_light_bar(monkeypatch):
    """NO_COLOR: the highlighted routine is drawn dark on light (an option list undoes
    text-style: reverse, so the colours are swapped by hand); the others light on dark."""
    monkeypatch.setenv("NO_COLOR", "1")
    app, _ = snapshot_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down")
        routines = app.screen.query_one("#routines")

        def line(y: int) -> tuple[str, bool]:
            """The row's text, and whether all of it is dark on light."""
            segments = [seg for seg in routines.render_line(y) if seg.text.strip()]
            return "".join(seg.text for seg in segments).strip(), all(
                Color.from_rich_color(seg.style.bgcolor).brightness
                > Color.from_rich_color(seg.style.color).brightness for seg in segments)

        assert routines.highlighted == 1
        rows = [line(y) for y in range(routines.size.height)]
        assert rows[0] == ("Every step", False)
        second = next(y for y, (text, _) in enumerate(rows) if text == "Desk break")
        assert rows[second][1] and rows[second + 1][1]
