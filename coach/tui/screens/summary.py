"""After a workout: what was done, pain now, and a note; Enter returns to the picker. A high
pain score has what it calls for and the red flags said under it as it is typed.

The session's last writes to the history may still be on their way when this screen opens
(they run on the recorder's thread, see :mod:`coach.recording`). Should one fail, the screen
says so and offers the session as a file, as it does at once when history was off from the
start; and it does not let the person leave before it knows.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from coach.files import FileProblem, TargetExists
from coach.outcomes import counts_as_done, finished_status, status_label
from coach.step_record import StepResult
from coach.timeline import format_duration
from coach.tui.history_text import LIGHT_STYLES
from coach.tui.services import Coach
from coach.tui.text import literal
from coach.tui.widgets.inputs import TextField
from coach.tui.widgets.keybar import KeyBar
from coach.tui.widgets.pain_field import PainInput, high_pain_text, parse_pain
from coach.tui.widgets.titlebar import TitleBar
from coach.wording import SIDE_LABELS
from coach.workout import Workout


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

    def __init__(self, coach: Coach, workout: Workout) -> None:
        super().__init__()
        self.coach = coach
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
            outlook = Static(id="summary-light")  # the light so far, once the history has it
            outlook.display = False
            yield outlook
            if self.unsaved:  # said first: on a small screen the file field is further down
                yield self._not_saved()
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
                    yield from self._file_fields()
        yield KeyBar()

    def _not_saved(self) -> Label:
        recorder = self.workout.recorder
        problem = (recorder.problem if recorder is not None else None) or "history is off"
        return Label(literal(f"Not saved to history: {problem}", multiline=True),
                     classes="error", id="not-saved")

    def _file_fields(self) -> Iterator[Widget]:
        """The offer to save the session to a file, when history could not keep it."""
        yield Label("Save this session to a file (Enter saves; "
                    "`coach history import FILE` takes it back later):")
        yield TextField(value=str(self._default_file()), id="save-path")
        yield Label("", id="save-error", classes="error")

    def _pending(self) -> Future[None] | None:
        """The history's writes of this session while some are still on their way."""
        recorder = self.workout.recorder
        written = recorder.written() if recorder is not None else None
        return written if written is not None and not written.done() else None

    @work(group="summary-history", exclusive=True)
    async def _when_written(self, written: Future[None], then_finish: bool = False) -> None:
        """Once the session's writes are in: offer the file if they failed; then leave, if
        the person asked to meanwhile."""
        await asyncio.wrap_future(written)
        if not self.unsaved:
            self._read_outlook()
        if self.unsaved and not self.query("#save-path"):
            await self._offer_file()
        elif then_finish:
            self.action_finish()

    @work(thread=True, group="summary-light", exclusive=True, exit_on_error=False)
    def _read_outlook(self) -> None:
        """The session's light so far and the levels it moves (coach.progress), from the
        history, which now holds its steps: for a routine of the library, not one exercise."""
        from coach.history import HistoryError
        from coach.progress import session_outlook

        recorder, store = self.workout.recorder, self.coach.history
        routine = self.coach.library.routines.get(self.workout.routine.id)
        if (recorder is None or recorder.session_id is None or store is None or routine is None
                or recorder.routine_id != routine.id):
            return
        try:
            light, moves = session_outlook(store, self.coach.settings, routine,
                                           self.coach.library, recorder.session_id)
        except HistoryError:
            return
        if light is not None:
            self.app.call_from_thread(self._show_outlook, light.colour, light.reason, moves)

    def _show_outlook(self, colour: str, reason: str, moves: list[str]) -> None:
        text = Text.assemble(("Traffic light so far: ", "bold"),
                             (colour.upper(), LIGHT_STYLES[colour]), " ",
                             literal(reason, multiline=True))
        for line in moves:
            text.append("\n")
            text.append(literal(line, "italic"))
        outlook = self.query_one("#summary-light", Static)
        outlook.update(text)
        outlook.display = True

    async def _offer_file(self) -> None:
        """History failed after the screen opened: say so, and offer the file as at once."""
        await self.query_one("#summary").mount(self._not_saved(), before="#summary-table")
        await self.query_one("#summary-questions").mount_all(list(self._file_fields()))
        self.query_one("#note", TextField).next_field = "save-path"

    @property
    def unsaved(self) -> bool:
        """The session is in memory only: history could not be written."""
        recorder = self.workout.recorder
        return recorder is not None and not recorder.saved and not self._saved_to

    def _default_file(self) -> Path:
        """A name nobody has taken, in the home directory."""
        recorder = self.workout.recorder
        assert recorder is not None  # offered only for a session a recorder kept
        self._suggested = recorder.suggested_path(Path.home())
        return self._suggested

    def _table(self) -> Table:
        exercises = self.coach.library.exercises
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
        recorder = self.workout.recorder
        if recorder is not None and not self.query("#save-path"):
            # Made as saved: the writes may still fail, or have failed since it was made.
            self._when_written(recorder.written())

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
        if recorder is None:  # no field to save from without one
            return
        recorder.annotate(self.workout.pain_after, self.workout.note)
        try:
            if path == self._suggested:  # ours to change: taken meanwhile, the next is used
                self._saved_to = recorder.save_new(path.parent)
            else:
                self._saved_to = recorder.save_to(path)
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
        pending = self._pending()
        if pending is not None:  # whether it is saved is not known yet: leave once it is
            self._when_written(pending, then_finish=True)
            return
        if not self.unsaved:
            self.dismiss(self.workout)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(self.workout)

        self.coach.confirm("Leave without saving this session?", answered)
