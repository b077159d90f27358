"""The workout flow: pain question -> runner -> summary -> back to the routines, for a routine,
one exercise on its own, or an interrupted session resumed.

The app owns one :class:`WorkoutFlow`. It makes each workout's :class:`~coach.recording.Recorder`,
whose writes to the history run on a thread of their own: nothing here waits for the store on
the event loop, so a slow disk never holds up the screen after the last step. The flow keeps
every recorder whose writes may still be on their way, so the app can wait for them before
it closes the store (:meth:`WorkoutFlow.settle`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.models import Routine
    from coach.recording import Recorder
    from coach.step_record import StepResult
    from coach.timeline import Step
    from coach.tui.screens.pain import PainAnswer
    from coach.tui.services import Host
    from coach.workout import Workout


class WorkoutFlow:
    """Starts, resumes and ends workouts for ``app``; screens ask through the app."""

    def __init__(self, app: Host) -> None:
        self.app = app
        self.playing: Workout | None = None  # the one on the runner, between run and its end
        self._recorders: list[Recorder] = []  # those whose writes may not all be in yet

    # --- starting -------------------------------------------------------------------------

    def start_workout(self, routine_id: str, *, start_index: int = 0) -> None:
        routine, levels = self._played(self.app.library.routines[routine_id])
        self._start(routine, routine.id, start_index, levels)

    def _played(self, routine: Routine) -> tuple[Routine, dict[int, str]]:
        """``routine`` at the person's levels (coach.progress) and why each ranged item
        plays its number; the article's numbers when the history cannot be read."""
        from coach.coaching.progression import played_routine
        from coach.history import HistoryError
        from coach.progress import routine_levels

        app = self.app
        try:
            levels = routine_levels(app.history, app.settings, routine, app.library)
        except HistoryError:
            return routine, {}
        return (played_routine(routine, levels),
                {level.item - 1: level.reason for level in levels})

    def start_version(self, routine: Routine) -> None:
        """A version of a library routine made for today (the gentler or the short one of
        :mod:`coach.planning`), kept in the history under the routine's id."""
        self._start(routine, routine.id)

    def start_exercise(self, exercise_id: str) -> None:
        """One exercise as a workout of its own, at its default prescription: the pain
        question, runner and summary as for a routine; history keeps it as
        ``exercise:<id>`` under the exercise's name (:mod:`coach.solo`)."""
        from coach.solo import history_id, solo_routine

        exercise = self.app.library.exercises[exercise_id]
        self._start(solo_routine(exercise), history_id(exercise.id))

    def _steps(self, routine: Routine) -> list[Step]:
        from coach.timeline import expand

        settings = self.app.settings
        return expand(routine, self.app.library.exercises,
                      prepare_seconds=settings.prepare_seconds,
                      switch_seconds=settings.switch_seconds)

    def _start(self, routine: Routine, history_id: str, start_index: int = 0,
               levels: dict[int, str] | None = None) -> None:
        steps = self._steps(routine)

        from coach.recording import Recorder
        from coach.tui.screens.pain import PainScreen

        app = self.app

        def begin(answer: PainAnswer | None) -> None:
            if answer is None:  # Esc: back to the routines, nothing recorded
                return
            pain_before = answer.pain
            recorder = Recorder(app.history, history_id, routine.name, pain_before,
                                problem=app.history_problem)
            recorder.start(app.wall())
            self._run(routine, pain_before, recorder, steps, start_index, levels=levels)

        app.show(PainScreen("How is your pain right now, 0-10?",
                                   f"Before {routine.name}"), begin)

    def _run(self, routine: Routine, pain_before: int | None, recorder: Recorder,
             steps: Sequence[Step], start_index: int, *, unrecorded: Step | None = None,
             levels: dict[int, str] | None = None) -> None:
        """Play ``steps`` from ``start_index``; each step's result is recorded as it ends,
        but for ``unrecorded`` (a resumed session's get-ready, see coach.resuming)."""
        from coach.engine import Session
        from coach.tui.screens.runner import RunnerScreen
        from coach.workout import Workout

        def record(result: StepResult) -> None:
            # Called only once the workout below is playing.
            if result.step is not unrecorded:
                workout.record(result)

        app = self.app
        session = Session(list(steps), clock=app.clock, wall=app.wall,
                          start_index=start_index, on_step_end=record)
        workout = Workout(routine=routine, session=session, pain_before=pain_before,
                          recorder=recorder, levels=levels or {})
        self.playing = workout
        if workout.recorder is not None:
            self._keep(workout.recorder)
        app.show(RunnerScreen(app, workout), self._after_run)

    # --- resuming -------------------------------------------------------------------------

    def resume_workout(self, session_id: str) -> None:
        """Play an interrupted session on: a get-ready, then the step it stopped in (the one
        after the last that ended) from its beginning (see coach.resuming)."""
        from coach.history import HistoryError
        from coach.recording import Recorder
        from coach.resuming import resumed

        app = self.app
        store = app.history
        if store is None:
            app.notify(app.history_problem or "History is off.", severity="error")
            return
        if store.read_only:
            app.notify(f"This history is read-only ({store.read_only_reason}), so a "
                       "session cannot be resumed into it.", severity="warning", markup=False)
            return
        try:
            record = store.session(session_id)
        except HistoryError as exc:
            app.notify(str(exc), severity="error")
            return
        routine = self._routine_of(record.routine_id)
        if routine is None:
            app.notify(f"The routine '{record.routine_name}' is no longer in the library.",
                       severity="error")
            return
        # One exercise on its own plays the article's numbers, as when it was started.
        routine, levels = (self._played(routine) if routine.id == record.routine_id
                           else (routine, {}))
        steps = self._steps(routine)
        recorder = Recorder(store, record.routine_id, record.routine_name, record.pain_before)
        try:
            start_index = recorder.resume(session_id, record.started_at, list(record.steps))
        except HistoryError as exc:
            app.notify(str(exc), severity="error")
            return
        if start_index >= len(steps):
            recorder.finish("completed", app.wall())
            self._keep(recorder)
            app.notify("Every step of that session had already ended; it is now complete.")
            return
        played, lead_in = resumed(steps, start_index, app.settings.prepare_seconds)
        self._run(routine, record.pain_before, recorder, played, start_index,
                  unrecorded=lead_in, levels=levels)

    def _routine_of(self, history_id: str) -> Routine | None:
        """What a history row's routine id plays: a routine, or one exercise on its own."""
        from coach.solo import exercise_of, solo_routine

        library = self.app.library
        exercise_id = exercise_of(history_id)
        if exercise_id is None:
            return library.routines.get(history_id)
        exercise = library.exercises.get(exercise_id)
        return None if exercise is None else solo_routine(exercise)

    # --- ending ---------------------------------------------------------------------------

    def _after_run(self, workout: Workout | None) -> None:
        self.playing = None
        if workout is None:
            return
        from coach.tui.screens.summary import SummaryScreen

        if workout.recorder is not None:
            # Queued behind the last steps; the summary says so if the store fails meanwhile.
            workout.recorder.finish("aborted" if workout.aborted else "completed",
                                    self.app.wall())
        self.app.show(SummaryScreen(self.app, workout), self._after_summary)

    def _after_summary(self, workout: Workout | None) -> None:
        if workout is not None and workout.recorder is not None:
            workout.recorder.annotate(workout.pain_after, workout.note)

    # --- the writes on their way ------------------------------------------------------------

    def _keep(self, recorder: Recorder) -> None:
        self._recorders = [r for r in self._recorders if not r.written().done()]
        if recorder not in self._recorders:
            self._recorders.append(recorder)

    def settle(self) -> None:
        """Wait until every workout's queued writes have reached the store (or failed).
        Blocks: from a worker thread, or as the app closes."""
        if self.playing is not None and self.playing.recorder is not None:
            self.playing.recorder.flush()
        for recorder in list(self._recorders):
            recorder.flush()
