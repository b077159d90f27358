"""One past session in full: when, status, pain before, during and after, its traffic light and
why, the note, where left and right differed in the four weeks to it, and every step it
recorded (with the pain noted during it), grouped by exercise and side in the order they
were first played.

Everything read from the database is shown as written (:func:`coach.tui.text.literal`): a
stored name or note is never markup, and a control character in it shows as a look-alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group, JustifyMethod, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from coach.coaching.traffic import Light
from coach.history import HistoryError, SessionRecord
from coach.history.sides import SideDifference
from coach.models import Exercise
from coach.outcomes import status_label
from coach.progress import lights_between
from coach.timeline import format_duration
from coach.tui.history_text import highest_pain, light_cell, pain_text, side_text, when_text
from coach.tui.services import Coach
from coach.tui.text import literal
from coach.tui.widgets.keybar import KeyBar
from coach.tui.widgets.titlebar import TitleBar
from coach.wording import KIND_LABELS, SIDE_LABELS

# Fixed widths, so the table of every group lines up under the one header; the variant
# takes what is left of the line (the same in every group), wrapping when that is little
# (80 columns), so the other columns are never cut.
COLUMNS: tuple[tuple[str, int | None, JustifyMethod], ...] = (
    ("Step", 12, "left"), ("Set", 5, "right"), ("Round", 5, "right"),
    ("Variant", None, "left"), ("Planned", 8, "right"), ("Actual", 7, "right"),
    ("Paused", 6, "right"), ("Reps", 4, "right"), ("Pain", 4, "right"),
    ("Status", 7, "left"))
VARIANT_MIN = 12
DAMAGE_SHOWN = 4  # unreadable fields named under the head, at most
NARROW = 70  # columns below which the columns a session leaves empty are left out


def group_steps(steps: Iterable[dict]) -> dict[tuple[str, str | None], list[dict]]:
    """Steps by (exercise, side), groups in the order first met, steps in recorded order."""
    groups: dict[tuple[str, str | None], list[dict]] = {}
    for step in steps:
        groups.setdefault((step["exercise"], step["side"]), []).append(step)
    return groups


def of_total(n: int | None, total: int | None) -> str:
    """``2/3``; nothing when there is only one."""
    if n is None or total == 1:
        return ""
    return f"{n}/{total}" if total else str(n)


def _table(header: bool, shown: list[int]) -> Table:
    table = Table(box=None, pad_edge=False, show_header=header, header_style="bold",
                  padding=(0, 1, 0, 0), expand=True)
    for name, width, justify in (COLUMNS[i] for i in shown):
        if width is None:
            table.add_column(name, ratio=1, min_width=VARIANT_MIN, overflow="fold")
        else:
            table.add_column(name, width=width, justify=justify, no_wrap=True,
                             overflow="ellipsis")
    return table


def _cells(step: dict, exercise: Exercise | None, skipped_style: str) -> list[Text]:
    variant = step["variant"] or ""
    found = exercise.variant(variant) if variant and exercise else None
    if found is not None:
        variant = found.name
    planned = step["planned_seconds"]
    paused = step["paused_seconds"] or 0
    return [
        literal(KIND_LABELS.get(step["kind"], step["kind"])),
        Text(of_total(step["set"], step["sets"])),
        Text(of_total(step["round"], step["rounds"])),
        literal(variant),
        Text("own pace" if planned is None else format_duration(planned)),
        Text(format_duration(step["actual_seconds"])),
        Text(format_duration(paused) if paused >= 1 else ""),
        Text("" if step["reps"] is None else str(step["reps"])),
        Text("" if step.get("pain") is None else str(step["pain"])),
        literal(step["status"], skipped_style if step["status"] == "skipped" else ""),
    ]


def steps_view(record: SessionRecord, exercises: dict[str, Exercise],
               skipped_style: str = "bold yellow", narrow: bool = False) -> RenderableType:
    """The column header, then per group its name and a row per step. ``narrow`` (below
    70 columns) leaves out the columns this session has nothing in, so the others fit."""
    if not record.steps:
        return Text("No steps were recorded.", style="dim")
    groups = []
    for (exercise_id, side), steps in group_steps(record.steps).items():
        exercise = exercises.get(exercise_id)
        name = exercise.name if exercise else exercise_id
        side_label = SIDE_LABELS[side].lower() if side in SIDE_LABELS else str(side)
        groups.append((f"{name} · {side_label}",
                       [_cells(step, exercise, skipped_style) for step in steps]))
    shown = list(range(len(COLUMNS)))
    if narrow:
        shown = [i for i in shown if any(row[i].plain for _, rows in groups for row in rows)]
    parts: list[RenderableType] = [_table(header=True, shown=shown)]
    for title, rows in groups:
        parts.append(literal(title, "bold"))
        table = _table(header=False, shown=shown)
        for row in rows:
            table.add_row(*(row[i] for i in shown))
        parts.append(table)
    return Group(*parts)


def head_view(record: SessionRecord, light: Light | None = None) -> Text:
    text = Text.assemble(literal(record.routine_name, "bold"), "\n")
    text.append(when_text(record.started_at))
    if record.ended_at is not None:
        text.append(f" to {record.ended_at:%H:%M}")
    text.append(" · ")
    text.append(literal(status_label(record.status),
                        "bold" if record.status == "interrupted" else ""))
    text.append("\n")
    paused = sum(s["paused_seconds"] or 0 for s in record.steps)
    text.append(f"Active {format_duration(record.active_seconds)}")
    if paused >= 1:
        text.append(f" (plus {format_duration(paused)} paused)")
    text.append(f" · exercise steps: {record.steps_done} done, {record.steps_skipped} skipped\n")
    pain = pain_text(record.pain_before, record.pain_after)
    during = highest_pain([step.get("pain") for step in record.steps])
    text.append(f"Pain before → after: {pain or 'not given'} · {during}\n")
    if light is not None:
        text.append("Light: ", style="bold")
        text.append_text(light_cell(light))
        text.append(f" · {light.reason}\n")
    text.append("Note: ", style="bold")
    text.append(literal(record.note, multiline=True) if record.note else Text("none", "dim"))
    if record.damage:  # a hand-edited row: say what is shown as best it can be
        shown = ", ".join(record.damage[:DAMAGE_SHOWN])
        more = len(record.damage) - DAMAGE_SHOWN
        text.append(literal(f"\nCould not read: {shown}{f' and {more} more' if more > 0 else ''}",
                            "dim", multiline=True))
    return text


def sides_view(differences: list[SideDifference], exercises: dict[str, Exercise]) -> Text:
    """A line for each way left and right differed; empty when they did not."""
    lines = []
    for difference in differences:
        exercise = exercises.get(difference.exercise)
        lines.append(side_text(difference, exercise.name if exercise else difference.exercise))
    return literal("\n".join(lines), multiline=True)


class SessionLoaded(Message, bubble=False):
    def __init__(self, record: SessionRecord | None, problem: str | None = None,
                 sides: list[SideDifference] | None = None, light: Light | None = None
                 ) -> None:
        super().__init__()
        self.record = record
        self.problem = problem
        self.sides = sides or []
        self.light = light


class SessionDetailScreen(Screen[None]):
    CSS_PATH = "history.tcss"
    SUB_TITLE = "Session"
    BINDINGS = [Binding("escape,q", "back", "Back")]

    def __init__(self, coach: Coach, session_id: str) -> None:
        super().__init__()
        self.coach = coach
        self.session_id = session_id
        self.record: SessionRecord | None = None
        self.narrow = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="session-detail"):
            yield Static("Reading the session…", id="session-head")
            yield Static(id="session-sides")
            yield Static(id="session-steps")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#session-detail").focus()
        self._fetch()

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW
        if narrow != self.narrow:
            self.narrow = narrow
            self._show_steps()

    @work(thread=True, group="history-read")
    def _fetch(self) -> None:
        store = self.coach.history
        if store is None:
            self.post_message(SessionLoaded(None, "history is unavailable"))
            return
        self.coach.settle_recordings()
        try:
            record = store.session(self.session_id)
            # Left against right in the four weeks to this session's day, its exercises only.
            day = record.started_at.date()
            sides = store.side_differences(day, exercises=sorted(
                {str(step["exercise"]) for step in record.steps}))
            light = lights_between(store, self.coach.settings, day, day).get(record.id)
        except HistoryError as exc:
            self.post_message(SessionLoaded(None, str(exc)))
            return
        self.post_message(SessionLoaded(record, sides=sides, light=light))

    def on_session_loaded(self, message: SessionLoaded) -> None:
        head = self.query_one("#session-head", Static)
        if message.record is None:
            head.update(literal(f"Cannot show this session: {message.problem}", multiline=True))
            return
        self.record = message.record
        head.update(head_view(message.record, message.light))
        said = sides_view(message.sides, self.coach.library.exercises)
        sides = self.query_one("#session-sides", Static)
        sides.update(said)
        sides.display = bool(said.plain)
        self._show_steps()

    def _show_steps(self) -> None:
        if self.record is None:
            return
        exercises = self.coach.library.exercises
        warning = self.app.theme_variables.get("warning", "yellow")
        self.query_one("#session-steps", Static).update(
            steps_view(self.record, exercises, skipped_style=f"bold {warning}",
                       narrow=self.narrow))

    def action_back(self) -> None:
        self.dismiss(None)
