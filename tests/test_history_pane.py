"""Pilot tests of the history pane: rows, statistics, paging, detail, filter, delete, resume,
and what it says when there is nothing to show or no history at all."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from history_helpers.sessions import TODAY, at, history_at, open_history, player, settle
from rich.console import Console
from support import fixed, make_app
from textual.widgets import DataTable, Static

from coach.history import HistoryStore
from coach.tui.screens.confirm import ConfirmScreen
from coach.tui.screens.history import EMPTY_MESSAGE, PAGE_SIZE, HistoryScreen
from coach.tui.screens.picker import PickerScreen
from coach.tui.screens.session_detail import SessionDetailScreen, group_steps
from coach.tui.widgets.heatmap import CalendarHeatmap, month_labels, shade_of
from coach.tui.widgets.painline import PainLine, column

SIZE = (100, 30)
LIBRARY = fixed()
play = player(LIBRARY)


def few(store: HistoryStore) -> None:
    """Three sessions over three days, newest: interrupted, aborted, completed."""
    play(store, "desk-break", at(TODAY - timedelta(2)), pain=(6, 4),
         note="left calf tight", skip=(2,))
    play(store, "every-step", at(TODAY - timedelta(1), 18, 30), status="aborted",
         pain=(5, None))
    play(store, "desk-break", at(TODAY, 7, 15), status="in_progress", pain=(4, None),
         steps=3)


def streaky(store: HistoryStore) -> None:
    """A five-day run in October, then today and the two days before."""
    for d in range(5):
        play(store, "desk-break", at(date(2026, 10, 5) + timedelta(d)), pain=(7, 5))
    for d in (2, 1, 0):
        play(store, "desk-break", at(TODAY - timedelta(d)), pain=(4 + d, 2), steps=None)


def many(n: int):
    def fill(store: HistoryStore) -> None:
        start = at(TODAY, 8)
        for i in range(n):
            play(store, "desk-break", start - timedelta(hours=6 * i), steps=1,
                 pain=(i % 11, None))
    return fill


def rows(screen: HistoryScreen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def rendered(widget: Static) -> str:
    """A Static holding a Rich renderable (a table), as plain text."""
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "history.sqlite3"


# --- the table ------------------------------------------------------------------------------

async def test_sessions_newest_first_with_their_numbers(db):
    app, _ = make_app(history=history_at(db, few), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        assert rows(screen) == [
            # exercise steps only, as the summary counts them: get-ready and switches not
            # an interrupted session has no light; with no pain during or after it cannot
            # count as easy; 4 after 6 before is within the limits
            ["Mon 2026-11-23 07:15", "Desk break", "0:25", "2", "", "4 → –", "",
             "interrupted"],
            ["Sun 2026-11-22 18:30", "Every step", "0:50", "2", "", "5 → –", "amber",
             "ended early"],
            ["Sat 2026-11-21 09:00", "Desk break", "0:26", "2", "1", "6 → 4", "green",
             "completed"],
        ]
        assert text_of(screen, "#history-table-title") == "All routines · 3 sessions"
        assert screen.query_one(DataTable).has_focus
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)


async def test_at_80_columns_the_table_fits_without_sideways_scrolling(db):
    """Below 90 columns the table goes compact (no weekday, long names cut, "5→3") so
    every column, status included, is on screen at 80x24; widening brings the full form
    back, the cursor where it was."""
    def fill(store: HistoryStore) -> None:
        few(store)
        play(store, "long-name", at(TODAY - timedelta(3)), pain=(7, 5))

    app, _ = make_app(history=history_at(db, fill), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one(DataTable)
        assert rows(screen)[0] == ["2026-11-23 07:15", "Desk break", "0:25", "2", "",
                                   "4→–", "", "interrupted"]
        assert rows(screen)[3][1] == "An evenin…"
        assert str(table.columns["skipped"].label) == "Skip"
        assert table.virtual_size.width <= table.scrollable_content_region.width
        await pilot.press("down", "down")
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        # The wide table's own cut, longer than the compact one.
        assert rows(screen)[3][:2] == ["Fri 2026-11-20 09:00", "An evening routine fo…"]
        assert str(table.columns["skipped"].label) == "Skipped"
        assert table.cursor_row == 2
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert rows(screen)[2][0] == "2026-11-21 09:00" and table.cursor_row == 2


async def test_streaks_week_pain_and_calendar(db):
    app, _ = make_app(history=history_at(db, streaky), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        assert text_of(screen, "#history-streak") == "Streak: 3 days · longest 5 days"
        minutes = round(sum(s.estimated_seconds for s in LIBRARY.steps("desk-break")) / 60)
        assert text_of(screen, "#history-week") == (
            f"This week: 1 completed session · {minutes} min")
        assert text_of(screen, "#history-pain-title") == (
            "Pain 0-10, last 8 sessions · after 2.4 lower on average")
        assert screen.query_one("#pain-before", PainLine).values == [7] * 5 + [6, 5, 4]
        assert screen.query_one("#pain-after", PainLine).values == [5] * 5 + [2, 2, 2]
        assert text_of(screen, "#pain-before-latest") == "latest 4"
        assert text_of(screen, "#pain-after-latest") == "latest 2"
        heatmap = screen.query_one(CalendarHeatmap)
        assert heatmap.today == TODAY
        assert len(heatmap.days) == 7 * 11 + 1  # eleven whole weeks and this Monday
        assert [d for d, n in heatmap.days.items() if n] == [
            date(2026, 10, d) for d in range(5, 10)] + [date(2026, 11, d) for d in (21, 22, 23)]
        drawn = heatmap.render().plain.splitlines()
        assert drawn[0] == "   Sep     Oct     Nov"
        assert drawn[1] == "Mo " + "■ " * 11 + "■"
        assert drawn[7] == "Su " + "■ " * 11 + " "  # Sunday of this week is still to come
        assert drawn[8] == "   ■ 0 ■ 1 ■ 2 ■ 3+ a day"


async def test_only_the_first_page_is_read_and_more_as_the_cursor_nears_the_end(db):
    store = history_at(db, many(120))
    reads: list[tuple[int, int]] = []
    real = store.sessions

    def sessions(limit=50, offset=0, routine=None):
        reads.append((limit, offset))
        return real(limit, offset, routine)

    store.sessions = sessions  # type: ignore[method-assign]
    app, _ = make_app(history=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one(DataTable)
        assert reads == [(PAGE_SIZE, 0)]
        assert table.row_count == 50
        assert text_of(screen, "#history-table-title") == "All routines · 120 sessions"
        await pilot.press(*["down"] * 39)
        await settle(pilot)
        assert table.row_count == 50 and reads == [(PAGE_SIZE, 0)]
        await pilot.press("down")  # row 40: ten rows from the end of what is loaded
        await settle(pilot)
        assert reads == [(PAGE_SIZE, 0), (PAGE_SIZE, 50)]
        assert table.row_count == 100
        await pilot.press("end")
        await settle(pilot)
        assert table.row_count == 120
        assert reads[-1] == (PAGE_SIZE, 100)
        await pilot.press("end")
        await settle(pilot)
        assert len(reads) == 3  # nothing more to read
        oldest = rows(screen)[-1]
        assert oldest[0] == "Sat 2026-10-24 14:00" and oldest[5] == "9 → –"
        assert len({tuple(r) for r in rows(screen)}) == 120


# --- one session ----------------------------------------------------------------------------

async def test_enter_opens_the_session_with_its_steps_grouped(db):
    app, _ = make_app(history=history_at(db, few), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, SessionDetailScreen)
        head = text_of(detail, "#session-head")
        assert "Desk break" in head
        assert "Sat 2026-11-21 09:00 to 09:00 · completed" in head
        assert "Pain before → after: 6 → 4" in head
        assert "Note: left calf tight" in head
        assert "exercise steps: 2 done, 1 skipped" in head
        body = rendered(detail.query_one("#session-steps", Static))
        first = LIBRARY.steps("desk-break")[0]
        name = LIBRARY.exercises[first.exercise].name
        assert f"{name} · " in body
        assert "Get ready" in body and "skipped" in body
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)


async def test_the_steps_of_a_session_fit_80_columns(db):
    """At 80 columns the variant wraps instead of every column being cut short."""
    def fill(store: HistoryStore) -> None:
        play(store, "desk-break", at(TODAY), pain=(5, 4), steps=2, skip=(1,))

    app, _ = make_app(history=history_at(db, fill), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        # its one exercise step was skipped: all skipped, not completed
        assert "· all skipped\n" in text_of(detail, "#session-head")
        assert "exercise steps: 0 done, 1 skipped" in text_of(detail, "#session-head")
        steps = detail.query_one("#session-steps", Static)
        console = Console(width=steps.content_region.width, record=True, file=io.StringIO())
        console.print(steps.content)
        lines = console.export_text().splitlines()
        assert lines[0].split() == ["Step", "Set", "Round", "Variant", "Planned", "Actual",
                                    "Paused", "Reps", "Pain", "Status"]
        assert any(line.rstrip().endswith(" skipped") for line in lines)
        assert "…" not in "".join(lines)


# --- filter, delete, resume -----------------------------------------------------------------

async def test_f_cycles_through_the_routines_in_history_then_all(db):
    app, _ = make_app(history=history_at(db, few), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert [r[1] for r in rows(screen)] == ["Desk break"] * 2
        assert text_of(screen, "#history-table-title") == "Desk break only · 2 sessions"
        await pilot.press("f")
        await settle(pilot)
        assert [r[1] for r in rows(screen)] == ["Every step"]
        await pilot.press("f")
        await settle(pilot)
        assert len(rows(screen)) == 3
        assert text_of(screen, "#history-table-title") == "All routines · 3 sessions"


async def test_d_deletes_only_after_yes(db):
    store = history_at(db, few)
    app, _ = make_app(history=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        await pilot.press("down", "d")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Delete this session?" in str(app.screen.query_one("Label").render())
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen and store.count() == 3 and len(rows(screen)) == 3
        await pilot.press("d", "y")
        await settle(pilot)
        assert app.screen is screen
        assert store.count() == 2
        assert [r[1] for r in rows(screen)] == ["Desk break"] * 2
        assert text_of(screen, "#history-table-title") == "All routines · 2 sessions"
        assert screen.routines == [("desk-break", "Desk break")]


async def test_deleting_the_last_session_shows_the_empty_message(db):
    store = history_at(db, lambda s: play(s, "desk-break", at(TODAY)))
    app, _ = make_app(history=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        await pilot.press("d", "y")
        await settle(pilot)
        assert store.count() == 0
        assert screen.has_class("-empty")
        assert text_of(screen, "#history-empty") == EMPTY_MESSAGE


async def test_r_resumes_an_interrupted_session_and_explains_otherwise(db, monkeypatch):
    app, _ = make_app(history=history_at(db, few), today=TODAY)
    resumed: list[str] = []
    said: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        monkeypatch.setattr(app, "resume_workout", resumed.append)
        monkeypatch.setattr(app, "notify", lambda message, **kw: said.append(message))
        interrupted = screen.highlighted
        await pilot.press("r")
        assert resumed == [interrupted.id]
        await pilot.press("down", "r", "down", "r")
        assert resumed == [interrupted.id]
        assert said == [
            "That session was ended early on purpose; only an interrupted session can be "
            "resumed.",
            "That session was completed; only an interrupted session can be resumed.",
        ]


async def test_resume_plays_on_and_the_pane_reads_again_on_return(db):
    from coach.tui.screens.runner import RunnerScreen

    app, _ = make_app(history=history_at(db, few), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
        assert app.screen.workout.session.index == 3
        app.pop_screen()
        await settle(pilot)
        assert app.screen is screen
        assert rows(screen)[0][7] == "in progress"


# --- nothing to show ------------------------------------------------------------------------

async def test_empty_history_says_how_to_start(db):
    app, _ = make_app(history=HistoryStore(db), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        assert screen.has_class("-empty")
        assert screen.query_one("#history-empty").display
        assert not screen.query_one("#history").display
        assert text_of(screen, "#history-empty") == EMPTY_MESSAGE
        keys = {b.binding.key for b in screen.active_bindings.values()}
        assert not {"f", "d", "r"} & keys
        await pilot.press("d", "f", "r")
        assert app.screen is screen


async def test_unavailable_history_says_why():
    app, _ = make_app(history=None, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        app.history_problem = "cannot keep history in /nowhere/history.sqlite3: Permission denied"
        screen = await open_history(pilot)
        assert screen.has_class("-unavailable")
        assert text_of(screen, "#history-empty").startswith(
            "History is unavailable: cannot keep history in /nowhere/history.sqlite3: "
            "Permission denied.")
        await pilot.press("d", "f", "r", "enter")
        assert app.screen is screen
        await pilot.press("q")
        assert isinstance(app.screen, PickerScreen)


# --- the widgets on their own ---------------------------------------------------------------

def test_heatmap_shades_and_month_labels():
    assert [shade_of(n) for n in (0, 1, 2, 3, 9)] == [0, 1, 2, 3, 3]
    assert month_labels(date(2026, 9, 7), 12) == "   Sep     Oct     Nov"
    # A month starting in the second column leaves no room for the first column's name.
    assert month_labels(date(2026, 9, 28), 3) == "     Oct"


def test_pain_line_uses_the_fixed_scale():
    assert column(10, 1) == ["█"] and column(0, 1) == ["▁"] and column(5, 1) == ["▄"]
    assert column(5, 2) == [" ", "█"] and column(10, 2) == ["█", "█"]
    assert column(6, 2) == ["▂", "█"]


def test_steps_group_by_exercise_and_side_in_first_met_order():
    steps = [{"exercise": e, "side": s, "n": n} for n, (e, s) in enumerate(
        [("a", "left"), ("a", "right"), ("a", "left"), ("b", None), ("a", "right")])]
    groups = group_steps(steps)
    assert list(groups) == [("a", "left"), ("a", "right"), ("b", None)]
    assert [s["n"] for s in groups[("a", "right")]] == [1, 4]
