"""Past sessions: streaks, this week, pain before and after, a calendar of the last twelve
weeks, pain by day over four weeks, where left and right have differed lately, and every
session in a table, newest first; ``R`` writes the report (:mod:`coach.tui.history_report`).

The store is read in worker threads (once the writes of a workout just ended are in): the
first page of sessions and the statistics when the screen opens, the next page when the
cursor nears the end of what is loaded. Results come back as messages tagged with a
generation, so a page asked for before a filter change or a reload is dropped instead of
mixed in.

Times are shown as the clock read where the session was played (its stored UTC offset),
which is also the day the statistics count it on. Names come from the database as they were
stored, so they are shown as written, any control character in them as a look-alike.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static
from textual.worker import get_current_worker

from coach.coaching.traffic import Light
from coach.history import HistoryDamaged, HistoryError, HistoryStore, SessionSummary
from coach.history.sides import SideDifference
from coach.outcomes import status_label
from coach.timeline import format_duration
from coach.tui.history_reads import (
    PAGE_SIZE,
    WEEKS,
    PageLoaded,
    ReadFailed,
    SessionDeleted,
    StatsLoaded,
    read_page,
    read_stats,
)
from coach.tui.history_report import ReportWritten, write_pane_report
from coach.tui.history_text import (
    adherence_text,
    clipped,
    latest,
    light_cell,
    pain_text,
    pain_title,
    side_text,
    streak_text,
    week_text,
    when_text,
)
from coach.tui.services import Coach
from coach.tui.text import literal
from coach.tui.widgets.heatmap import CalendarHeatmap
from coach.tui.widgets.keybar import KeyBar
from coach.tui.widgets.painline import PainLine
from coach.tui.widgets.paintrend import PainTrend
from coach.tui.widgets.titlebar import TitleBar
from coach.wording import plural

LOAD_AHEAD = 10  # fetch the next page when the cursor is this close to the last loaded row
NARROW = 90  # columns below which the table is made compact (80 included)
NO_CALENDAR = 80  # columns below which the calendar is left out (60 included)
ROUTINE = 22  # a routine's name in the table, at most: every column fits 100 columns
COMPACT_ROUTINE = 10  # the same in the compact table: every column fits 80 columns
SHORT = 24  # rows below which only the streak and the week are shown above the table
LOW = 30  # rows below which the pain chart is a row lower
SIDES_SHOWN = 2  # differences between sides said above the table, at most (1 when short)

EMPTY_MESSAGE = "No sessions yet — pick a routine and press Enter."
# Why ``r`` does nothing on a session that is not interrupted.
NOT_RESUMABLE = {
    "completed": "That session was completed; only an interrupted session can be resumed.",
    "skipped": "That session was played to its end with every exercise skipped; only an "
               "interrupted session can be resumed.",
    "aborted": "That session was ended early on purpose; only an interrupted session can be "
               "resumed.",
    "in_progress": "That session is being recorded right now.",
}


class SessionTable(DataTable):
    """The sessions; Enter opens the highlighted one (and says so in the footer). Home and
    End go to the first and the last loaded session; End near the end loads the next page."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Details"),
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]


class HistoryScreen(Screen[None]):
    CSS_PATH = "history.tcss"
    SUB_TITLE = "History"
    AUTO_FOCUS = ""  # not the app's "*": the table takes focus once it has rows
    BINDINGS = [
        Binding("f", "filter", "Routine filter"),
        Binding("d", "delete", "Delete"),
        Binding("r", "resume", "Resume"),
        Binding("R", "report", "Report"),
        Binding("escape,q", "back", "Back"),
    ]

    def __init__(self, coach: Coach) -> None:
        super().__init__()
        self.coach = coach
        self.routine: str | None = None  # the filter; None shows every routine
        self.routines: list[tuple[str, str]] = []  # (id, name) of routines in history
        self.total = 0  # sessions matching the filter, as of the last count
        self.sessions: dict[str, SessionSummary] = {}  # loaded rows by id
        self._pages = 0  # generation of the rows: a page of an older one is dropped
        self._stats = 0  # generation of the statistics
        self._loading = False
        self._exhausted = False
        self._keep: str | None = None  # session to put the cursor back on after a reload
        self._stale = False  # history may have changed while another screen was on top
        self.compact = False  # the table's narrow form (see _cells)
        self.sides: list[SideDifference] = []  # left against right, lately
        self.lights: dict[str, Light] = {}  # of the loaded sessions played to an end

    @property
    def store(self) -> HistoryStore | None:
        return self.coach.history

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="history"):
            with Horizontal(id="history-glance"):
                with Vertical(id="history-numbers"):
                    yield Static(id="history-streak")
                    yield Static(id="history-week")
                    yield Static(id="history-plan")
                    yield Static(id="history-pain-title")
                    with Horizontal(classes="pain-row"):
                        yield Label("Before", classes="pain-label")
                        yield PainLine(id="pain-before", classes="before")
                        yield Label(id="pain-before-latest", classes="pain-latest")
                    with Horizontal(classes="pain-row"):
                        yield Label("After", classes="pain-label")
                        yield PainLine(id="pain-after", classes="after")
                        yield Label(id="pain-after-latest", classes="pain-latest")
                yield CalendarHeatmap(weeks=WEEKS, id="history-heatmap")
            yield PainTrend(id="history-trend")
            yield Static(id="history-sides")
            yield Static(id="history-table-title")
            yield SessionTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="history-empty")
        yield KeyBar()

    def _columns(self) -> None:
        table = self.query_one(SessionTable)
        table.add_column("When", key="when")
        table.add_column("Routine", key="routine")
        table.add_column("Active", key="active")
        table.add_column("Done", key="done")
        table.add_column("Skip" if self.compact else "Skipped", key="skipped")
        table.add_column("Pain", key="pain")
        table.add_column("Light", key="light")
        table.add_column("Status", key="status")

    def on_mount(self) -> None:
        self.compact = self.app.size.width < NARROW
        self._columns()
        if self.store is None:
            problem = self.coach.history_problem or "history is off"
            self.query_one("#history-empty", Static).update(literal(
                f"History is unavailable: {problem.rstrip('.')}.\n\n"
                "Workouts still run, but they are not kept here.", multiline=True))
            self.add_class("-unavailable")
            self.refresh_bindings()
            return
        self.reload()

    def on_resize(self, event: events.Resize) -> None:
        # Room first for the table: the calendar goes when narrow, the pain lines when short.
        narrow = event.size.width < NARROW
        self.set_class(event.size.width < NO_CALENDAR, "-narrow")
        short = event.size.height < SHORT
        self.set_class(event.size.height < LOW, "-low")
        if short != self.has_class("-short"):
            self.set_class(short, "-short")
            self._show_sides()  # one line of them when short
        if narrow != self.compact:
            self.compact = narrow
            self._redraw_rows()

    def _redraw_rows(self) -> None:
        """The loaded sessions again, in the table's other width, the cursor kept."""
        table = self.query_one(SessionTable)
        keep = self.highlighted
        table.clear(columns=True)
        self._columns()
        for s in self.sessions.values():
            table.add_row(*self._cells(s), key=s.id)
        if keep is not None:
            table.move_cursor(row=table.get_row_index(keep.id), animate=False)

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.reload(keep=self.highlighted.id if self.highlighted else None)

    # --- loading ------------------------------------------------------------------------

    def reload(self, keep: str | None = None) -> None:
        """Read the first page and the statistics again; the cursor goes back to ``keep``."""
        self._pages += 1
        self._keep = keep
        self._exhausted = False
        self._loading = True
        self._fetch_page(self._pages, 0, self.routine, count=True)
        self.reload_stats()

    def reload_stats(self) -> None:
        self._stats += 1
        self._fetch_stats(self._stats, self.coach.today())

    def _more(self) -> None:
        """The next page, if there is one and none is on its way."""
        if self._loading or self._exhausted:
            return
        self._loading = True
        self._fetch_page(self._pages, self.query_one(SessionTable).row_count, self.routine,
                         count=False)

    @work(thread=True, group="history-read")
    def _fetch_page(self, generation: int, offset: int, routine: str | None,
                    count: bool) -> None:
        store = self.store
        if store is None:
            return
        self.coach.settle_recordings()  # a workout just ended shows with its last words
        try:
            page = read_page(store, self.coach.settings, generation, offset, routine, count)
        except HistoryError as exc:
            self.post_message(ReadFailed(str(exc), isinstance(exc, HistoryDamaged)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(page)

    @work(thread=True, group="history-stats")
    def _fetch_stats(self, generation: int, today: date) -> None:
        store = self.store
        if store is None:
            return
        self.coach.settle_recordings()
        try:
            loaded = read_stats(store, generation, today)
        except HistoryError as exc:
            self.post_message(ReadFailed(str(exc), isinstance(exc, HistoryDamaged)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(loaded)

    def on_read_failed(self, message: ReadFailed) -> None:
        self._loading = False
        if message.moved:  # what is shown now is the new, empty history
            self.notify(message.problem, title="History", severity="warning", timeout=20,
                        markup=False)
            self.reload()
            return
        self.notify(f"Cannot read history: {message.problem}", severity="error", markup=False)

    def on_page_loaded(self, message: PageLoaded) -> None:
        if message.generation != self._pages:
            return
        table = self.query_one(SessionTable)
        if message.offset == 0:
            table.clear()
            self.sessions.clear()
            self.lights.clear()
        self.lights.update(message.lights)
        if message.total is not None:
            self.total = message.total
        for s in message.sessions:
            if s.id in self.sessions:  # a session recorded meanwhile shifted the pages
                continue
            self.sessions[s.id] = s
            table.add_row(*self._cells(s), key=s.id)
        self._loading = False
        self._exhausted = len(message.sessions) < PAGE_SIZE or len(self.sessions) >= self.total
        if message.offset == 0:
            if self._keep in self.sessions:
                table.move_cursor(row=table.get_row_index(self._keep), animate=False)
            self._keep = None
            if self._show_counts():
                return
        self._near_end(table.cursor_row)

    def on_stats_loaded(self, message: StatsLoaded) -> None:
        if message.generation != self._stats:
            return
        stats = message.stats
        self.routines = message.routines
        self.query_one("#history-streak", Static).update(streak_text(stats))
        self.query_one("#history-week", Static).update(week_text(stats))
        plan = self.query_one("#history-plan", Static)
        plan.update(adherence_text(message.adherence) if message.adherence else "")
        plan.display = message.adherence is not None
        self.query_one("#history-pain-title", Static).update(pain_title(stats.pain))
        before = [p.pain_before for p in stats.pain]
        after = [p.pain_after for p in stats.pain]
        self.query_one("#pain-before", PainLine).show(before)
        self.query_one("#pain-after", PainLine).show(after)
        self.query_one("#pain-before-latest", Label).update(latest(before))
        self.query_one("#pain-after-latest", Label).update(latest(after))
        self.query_one(CalendarHeatmap).show(stats.days, message.today)
        self.query_one(PainTrend).show(message.trend)
        self.sides = message.sides
        self._show_sides()
        self.refresh_bindings()

    def _show_sides(self) -> None:
        """The biggest differences between sides, as many as the height leaves room for."""
        exercises = self.coach.library.exercises
        shown = 1 if self.has_class("-short") else SIDES_SHOWN
        lines = [side_text(d, exercises[d.exercise].name if d.exercise in exercises
                           else d.exercise) for d in self.sides[:shown]]
        if len(self.sides) > shown:
            lines.append(f"and {len(self.sides) - shown} more (a session's details say "
                         "those of its exercises)")
        said = self.query_one("#history-sides", Static)
        said.update(literal("\n".join(lines), multiline=True))
        said.display = bool(lines)

    def _cells(self, s: SessionSummary) -> list:
        status = literal(status_label(s.status))
        if s.status == "interrupted":
            status.stylize(f"bold {self.app.theme_variables.get('warning', 'yellow')}")
        elif s.status != "completed":
            status.stylize("dim")
        # Compact (below NARROW columns, 80 included): no weekday, names cut shorter, "5→3".
        compact = self.compact
        return [
            Text(when_text(s.started_at, weekday=not compact)),
            literal(clipped(s.routine_name, COMPACT_ROUTINE if compact else ROUTINE)),
            Text(format_duration(s.active_seconds), justify="right"),
            Text(str(s.steps_done), justify="right"),
            Text(str(s.steps_skipped) if s.steps_skipped else "", justify="right"),
            Text(pain_text(s.pain_before, s.pain_after, arrow="→" if compact else " → "),
                 justify="center"),
            light_cell(self.lights.get(s.id)),
            status,
        ]

    def _show_counts(self) -> bool:
        """Title, empty state and keys for :attr:`total`; True when that reloads: the
        filtered routine has no sessions left, so the filter goes."""
        if self.total == 0 and self.routine is not None:
            self.routine = None
            self.reload()
            return True
        empty = self.total == 0
        self.set_class(empty, "-empty")
        if empty:
            self.query_one("#history-empty", Static).update(EMPTY_MESSAGE)
            self.set_focus(None)
        else:
            self.query_one(SessionTable).focus()
        if self.routine is None:
            title = f"All routines · {plural(self.total, 'session')}"
        else:
            name = dict(self.routines).get(self.routine, self.routine)
            title = f"{name} only · {plural(self.total, 'session')}"
        self.query_one("#history-table-title", Static).update(literal(title))
        self.refresh_bindings()
        return False

    # --- the table ----------------------------------------------------------------------

    @property
    def highlighted(self) -> SessionSummary | None:
        table = self.query_one(SessionTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.sessions.get(key) if key is not None else None

    def _near_end(self, row: int) -> None:
        if row >= self.query_one(SessionTable).row_count - LOAD_AHEAD:
            self._more()

    @on(SessionTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._near_end(event.cursor_row)

    @on(SessionTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None and event.row_key.value in self.sessions:
            self.coach.show_session(event.row_key.value)

    # --- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "report":  # on an empty history too: it says there is nothing yet
            return self.store is not None
        if action in ("filter", "delete", "resume"):
            if self.store is None or self.has_class("-empty"):
                return False
            if action == "filter":
                return True if self.routine is not None or len(self.routines) > 1 else None
            return True if self.query_one(SessionTable).row_count else None
        return True

    def action_back(self) -> None:
        self.dismiss(None)

    def action_filter(self) -> None:
        """Show one routine, the next one each time, then all again."""
        order = [None] + [routine_id for routine_id, _ in self.routines]
        at = order.index(self.routine) if self.routine in order else 0
        self.routine = order[(at + 1) % len(order)]
        self.reload()

    def action_delete(self) -> None:
        session = self.highlighted
        if session is None:
            return
        if self.store is not None and self.store.read_only:
            self.notify(f"This history is read-only ({self.store.read_only_reason}), so "
                        "sessions cannot be deleted.", severity="warning", markup=False)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._delete(session.id)

        self.coach.confirm("Delete this session?", answer)

    @work(thread=True, group="history-write")
    def _delete(self, session_id: str) -> None:
        store = self.store
        if store is None:
            return
        try:
            found = store.delete(session_id)
        except HistoryError as exc:
            self.post_message(ReadFailed(str(exc), isinstance(exc, HistoryDamaged)))
            return
        self.post_message(SessionDeleted(session_id, found))

    def on_session_deleted(self, message: SessionDeleted) -> None:
        table = self.query_one(SessionTable)
        if message.session_id in self.sessions:
            del self.sessions[message.session_id]
            table.remove_row(message.session_id)
            self.total = max(0, self.total - 1)
        self.notify("Session deleted." if message.found else "That session was already gone.")
        # The other rows stay as loaded; the statistics and the routines present change.
        self.reload_stats()
        if not self._show_counts():
            self._near_end(table.cursor_row)

    def action_resume(self) -> None:
        session = self.highlighted
        if session is None:
            return
        if session.status != "interrupted":
            self.notify(NOT_RESUMABLE.get(session.status, "Only an interrupted session can be "
                                          "resumed."), severity="warning")
            return
        self._stale = True
        self.coach.resume_workout(session.id)

    def action_report(self) -> None:
        if self.store is not None:
            self.notify("Writing the report…", markup=False)
            self._report(self.coach.today())

    @work(thread=True, group="history-report", exclusive=True)
    def _report(self, today: date) -> None:
        store = self.store
        if store is not None:
            self.coach.settle_recordings()
            self.post_message(write_pane_report(store, self.coach.library,
                                                self.coach.settings, today))

    def on_report_written(self, message: ReportWritten) -> None:
        self.notify(message.text, title="Report", markup=False, timeout=20,
                    severity="information" if message.ok else "warning")
