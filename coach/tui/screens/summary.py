"""After a workout: what was done, pain now, and a note; Enter returns to the picker. A high
pain score has what it calls for and the red flags said under it as it is typed."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from coach.files import FileProblem, TargetExists
from coach.outcomes import counts_as_done, finished_status, status_label
from coach.timeline import format_duration
from coach.tui.screens.confirm import ConfirmScreen
from coach.tui.screens.pain import PainInput, high_pain_text, parse_pain
from coach.tui.text import literal
from coach.tui.widgets.inputs import TextField
from coach.tui.widgets.keybar import KeyBar
from coach.tui.widgets.titlebar import TitleBar
from coach.wording import SIDE_LABELS
from coach.workout import StepResult, Workout


def _last_outcomes(results: list[StepResult]) -> list[StepResult]:
    """Each work step once, as its last outcome (a step played again after going back), in
    step order."""
    last: dict[int, StepResult] = {}
    for r in results:
        if r.step.is_work:
            last[r.step.index] = r
    return [last[index] for index in sorted(last)]


def tally(results: list[StepResult]) -> OrderedDict[tuple[str, str | None], list[int]]:
    """Work steps done and skipped per (exercise, side), in the order first met, counted
    as history counts them (:mod:`coach.outcomes`): a step played more than once (after
    going back) once, as its last outcome; a reps step ended with 0 reps as skipped."""
    out: OrderedDict[tuple[str, str | None], list[int]] = OrderedDict()
    for r in _last_outcomes(results):
        counts = out.setdefault((r.step.exercise, r.step.side), [0, 0])
        counts[0 if counts_as_done(r.step.kind, r.status, r.reps) else 1] += 1
    return out


def outcome(workout: Workout) -> str:
    """The session's status, as history stores it."""
    recorder = workout.recorder
    if recorder is not None and recorder.status != "in_progress":
        return recorder.status  # a resumed session's earlier steps count too
    if workout.aborted:
        return "aborted"
    return finished_status(r.to_dict() for r in workout.results)


def rep_totals(results: list[StepResult]) -> dict[tuple[str, str | None], tuple[int, int]]:
    """Reps recorded and reps prescribed per (exercise, side), for reps exercises only: what
    the history keeps, including a part-played paced set and a count above the prescription.
    """
    out: dict[tuple[str, str | None], tuple[int, int]] = {}
    for r in _last_outcomes(results):
        if r.step.kind == "reps":
            done, planned = out.get((r.step.exercise, r.step.side), (0, 0))
            out[(r.step.exercise, r.step.side)] = (done + (r.reps or 0),
                                                   planned + (r.step.reps or 0))
    return out


class SummaryScreen(Screen[Workout]):
    CSS_PATH = "summary.tcss"
    BINDINGS = [Binding("escape", "finish", "Back to routines")]

    def __init__(self, workout: Workout) -> None:
        super().__init__()
        self.workout = workout
        self._saved_to: Path | None = None
        self._suggested: Path | None = None  # the name offered for the fallback file

    def compose(self) -> ComposeResult:
        w = self.workout
        results = w.results
        active = sum(r.active_seconds for r in results)
        paused = sum(r.paused_seconds for r in results)
        status = status_label(outcome(w))
        yield TitleBar()
        with VerticalScroll(id="summary"):
            yield Label(literal(f"{status[:1].upper()}{status[1:]}: {w.routine.name}", "bold"),
                        id="summary-title")
            line = f"Time spent: {format_duration(active)}"
            if paused >= 1:
                line += f" (plus {format_duration(paused)} paused)"
            if w.pain_before is not None:
                line += f" · pain before: {w.pain_before}/10"
            yield Label(line, id="summary-time")
            if self.unsaved:  # said first: on a small screen the file field is further down
                problem = self.workout.recorder.problem or "history is off"
                yield Label(literal(f"Not saved to history: {problem}", multiline=True),
                            classes="error")
            yield Static(self._table(), id="summary-table")
            with Vertical(id="summary-questions"):
                yield Label("How is your pain now, 0-10?", classes="dialog-question")
                # Enter moves on in its own turn (see coach.tui.widgets.inputs), so what a
                # fast typist types after it lands in the next field.
                yield PainInput(id="pain-after", next_field="note")
                yield Label("", id="pain-error", classes="error")
                flags = Label("", id="pain-flags")
                flags.display = False
                yield flags
                yield Label("A note for your history (optional), then Enter:")
                yield TextField(placeholder="e.g. left calf tight today", id="note",
                                max_length=200, next_field="save-path" if self.unsaved else None)
                if self.unsaved:
                    yield Label("Save this session to a file (Enter saves; "
                                "`coach history import FILE` takes it back later):")
                    yield TextField(value=str(self._default_file()), id="save-path")
                    yield Label("", id="save-error", classes="error")
        yield KeyBar()

    @property
    def unsaved(self) -> bool:
        """The session is in memory only: history could not be written."""
        recorder = self.workout.recorder
        return recorder is not None and not recorder.saved and not self._saved_to

    def _default_file(self) -> Path:
        """A name nobody has taken, in the home directory."""
        self._suggested = self.workout.recorder.suggested_path(Path.home())  # type: ignore[union-attr]
        return self._suggested

    def _table(self) -> Table:
        exercises = self.app.library.exercises  # type: ignore[attr-defined]
        table = Table(box=None, pad_edge=False, header_style="bold")
        table.add_column("Exercise")
        table.add_column("Side")
        table.add_column("Done", justify="right")
        table.add_column("Skipped", justify="right")
        table.add_column("Reps", justify="right")
        reps = rep_totals(self.workout.results)
        for key, (done, skipped) in tally(self.workout.results).items():
            exercise, side = key
            name = exercises[exercise].name if exercise in exercises else exercise
            counted = f"{reps[key][0]} of {reps[key][1]}" if key in reps else ""
            table.add_row(literal(name), SIDE_LABELS[side].title(), str(done),
                          Text(str(skipped), style="bold yellow" if skipped else ""), counted)
        if not table.row_count:
            table.add_row("No exercise steps were played", "", "", "", "")
        return table

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#pain-after", PainInput))

    def on_pain_input_refused(self, event: PainInput.Refused) -> None:
        self.query_one("#pain-error", Label).update(literal(event.reason))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "pain-after":
            self.query_one("#pain-error", Label).update("")
            try:
                said = high_pain_text(parse_pain(event.value), after=True)
            except ValueError:
                said = None
            flags = self.query_one("#pain-flags", Label)
            flags.update(said or "")
            flags.display = said is not None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Each field has moved the focus on by itself (next_field), in its Enter's turn.
        event.stop()
        if event.input.id == "pain-after":
            try:
                self.workout.pain_after = parse_pain(event.value)
            except ValueError as exc:
                self.query_one("#pain-error", Label).update(str(exc))
                return
            self.query_one("#pain-error", Label).update("")
        elif event.input.id == "save-path":
            self._save(Path(event.value.strip()))
        elif event.input.id == "note" and not self.unsaved:
            self.action_finish()

    def _collect(self) -> None:
        try:
            self.workout.pain_after = parse_pain(self.query_one("#pain-after", PainInput).value)
        except ValueError:
            self.workout.pain_after = None
        note = self.query_one("#note", Input).value.strip()
        self.workout.note = note or None

    def _save(self, path: Path) -> None:
        self._collect()
        recorder = self.workout.recorder
        recorder.annotate(self.workout.pain_after, self.workout.note)  # type: ignore[union-attr]
        try:
            if path == self._suggested:  # ours to change: taken meanwhile, the next is used
                self._saved_to = recorder.save_new(path.parent)  # type: ignore[union-attr]
            else:
                self._saved_to = recorder.save_to(path)  # type: ignore[union-attr]
        except TargetExists:
            self.query_one("#save-error", Label).update(
                literal(f"{path} already exists; type another name."))
            return
        except FileProblem as exc:
            self.query_one("#save-error", Label).update(
                literal(f"Could not save: {exc}. Try another place."))
            return
        self.notify(f"Session saved to {self._saved_to}")
        self.dismiss(self.workout)

    def action_finish(self) -> None:
        self._collect()
        if not self.unsaved:
            self.dismiss(self.workout)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(self.workout)

        self.app.push_screen(ConfirmScreen("Leave without saving this session?"), answered)
