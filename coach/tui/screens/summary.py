"""After a workout: what was done, pain now, and a note; Enter returns to the picker."""

from __future__ import annotations

from collections import OrderedDict

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Static

from coach.describe import SIDE_LABELS
from coach.session import StepResult
from coach.timeline import format_duration
from coach.tui.screens.pain import PainInput, parse_pain
from coach.tui.screens.runner import Workout
from coach.tui.widgets.inputs import TextField


def tally(results: list[StepResult]) -> OrderedDict[tuple[str, str | None], list[int]]:
    """Work steps done and skipped per (exercise, side), in the order first met.

    A step played more than once (after going back) counts once, as its last outcome.
    """
    last: dict[int, StepResult] = {}
    for r in results:
        if r.step.is_work:
            last[r.step.index] = r
    out: OrderedDict[tuple[str, str | None], list[int]] = OrderedDict()
    for index in sorted(last):
        r = last[index]
        counts = out.setdefault((r.step.exercise, r.step.side), [0, 0])
        counts[0 if r.status == "done" else 1] += 1
    return out


class SummaryScreen(Screen[Workout]):
    BINDINGS = [Binding("escape", "finish", "Back to routines")]

    def __init__(self, workout: Workout) -> None:
        super().__init__()
        self.workout = workout

    def compose(self) -> ComposeResult:
        w = self.workout
        results = w.results
        active = sum(r.active_seconds for r in results)
        paused = sum(r.paused_seconds for r in results)
        status = "Session ended early" if w.aborted else "Routine complete"
        yield Header()
        with VerticalScroll(id="summary"):
            yield Label(Text(f"{status}: {w.routine.name}", style="bold"), id="summary-title")
            line = f"Time spent: {format_duration(active)}"
            if paused >= 1:
                line += f" (plus {format_duration(paused)} paused)"
            if w.pain_before is not None:
                line += f" · pain before: {w.pain_before}/10"
            yield Label(line, id="summary-time")
            yield Static(self._table(), id="summary-table")
            with Vertical(id="summary-questions"):
                yield Label("How is your pain now, 0-10?", classes="dialog-question")
                yield PainInput(id="pain-after")
                yield Label("", id="pain-error", classes="error")
                yield Label("A note for your history (optional), then Enter:")
                yield TextField(placeholder="e.g. left calf tight today", id="note", max_length=200)
        yield Footer()

    def _table(self) -> Table:
        exercises = self.app.library.exercises  # type: ignore[attr-defined]
        table = Table(box=None, pad_edge=False, header_style="bold")
        table.add_column("Exercise")
        table.add_column("Side")
        table.add_column("Done", justify="right")
        table.add_column("Skipped", justify="right")
        for (exercise, side), (done, skipped) in tally(self.workout.results).items():
            name = exercises[exercise].name if exercise in exercises else exercise
            table.add_row(name, SIDE_LABELS[side].title(), str(done),
                          Text(str(skipped), style="yellow" if skipped else ""))
        if not table.row_count:
            table.add_row("No exercise steps were played", "", "", "")
        return table

    def on_mount(self) -> None:
        self.query_one("#pain-after", PainInput).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "pain-after":
            try:
                self.workout.pain_after = parse_pain(event.value)
            except ValueError as exc:
                self.query_one("#pain-error", Label).update(str(exc))
                return
            self.query_one("#pain-error", Label).update("")
            self.query_one("#note", Input).focus()
        else:
            self.action_finish()

    def action_finish(self) -> None:
        try:
            self.workout.pain_after = parse_pain(self.query_one("#pain-after", PainInput).value)
        except ValueError:
            self.workout.pain_after = None
        note = self.query_one("#note", Input).value.strip()
        self.workout.note = note or None
        self.dismiss(self.workout)
