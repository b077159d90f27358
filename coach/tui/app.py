"""The Textual app: owns the library, settings and clock, and moves between screens.

A workout runs picker -> pain before -> runner -> summary -> picker. Screens return typed
results with ``dismiss()``; the app decides what comes next.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from textual.app import App
from textual.binding import Binding

from coach.config import Settings
from coach.library import Library
from coach.paths import Locations
from coach.session import Session
from coach.tui.commands import CoachCommands
from coach.tui.screens.pain import PainScreen
from coach.tui.screens.picker import PickerScreen
from coach.tui.screens.runner import RunnerScreen, Workout
from coach.tui.screens.safety import MARKER, SafetyScreen, safety_seen
from coach.tui.screens.summary import SummaryScreen


def _now() -> datetime:
    return datetime.now().astimezone()


class CoachApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "coach"
    COMMANDS = App.COMMANDS | {CoachCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Keys", key_display="?"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        library: Library,
        settings: Settings | None = None,
        locations: Locations | None = None,
        *,
        start_routine: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = _now,
        show_safety: bool | None = None,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.library = library
        self.settings = settings or Settings()
        self.locations = locations
        self.start_routine = start_routine
        self.clock = clock
        self.wall = wall
        self.bell_on = self.settings.bell
        self._show_safety = show_safety
        self.cursor_blink = cursor_blink

    # --- start-up -----------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        else:
            self.notify(f"Unknown theme '{self.settings.theme}' in settings; using the default.",
                        severity="warning")
        self.push_screen(PickerScreen())
        for problem in self.library.problems[:5]:
            self.notify(str(problem), title="Your library was set aside", severity="error",
                        timeout=15)
        if self.start_routine:
            self.start_workout(self.start_routine)
        if self._wants_safety_note():
            self.push_screen(SafetyScreen(), callback=lambda _: self._mark_safety_seen())

    def _wants_safety_note(self) -> bool:
        if self._show_safety is not None:
            return self._show_safety
        return self.locations is not None and not safety_seen(self.locations.data_dir)

    def _mark_safety_seen(self) -> None:
        if self.locations is None:
            return
        try:
            self.locations.data_dir.mkdir(parents=True, exist_ok=True)
            (self.locations.data_dir / MARKER).touch()
        except OSError:
            pass  # the note simply shows again next time

    # --- the workout flow ---------------------------------------------------------------

    def start_workout(self, routine_id: str, *, start_index: int = 0) -> None:
        routine = self.library.routines[routine_id]
        steps = self.library.steps(
            routine_id,
            prepare_seconds=self.settings.prepare_seconds,
            switch_seconds=self.settings.switch_seconds,
        )

        def begin(pain_before: int | None) -> None:
            workout = Workout(routine=routine, pain_before=pain_before)
            workout.session = Session(steps, clock=self.clock, wall=self.wall,
                                      start_index=start_index,
                                      on_step_end=workout.results.append)
            self.push_screen(RunnerScreen(workout), callback=self._after_run)

        self.push_screen(PainScreen("How is your pain right now, 0-10?",
                                    f"Before {routine.name}"), callback=begin)

    def _after_run(self, workout: Workout | None) -> None:
        if workout is not None:
            self.push_screen(SummaryScreen(workout))

    # --- app-wide actions ---------------------------------------------------------------

    def ring(self) -> None:
        """The terminal bell, unless muted."""
        if self.bell_on:
            self.bell()

    def action_help(self) -> None:
        from coach.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_exercises(self) -> None:
        from coach.tui.screens.browser import ExerciseBrowserScreen

        self.push_screen(ExerciseBrowserScreen())

    def action_history(self) -> None:
        from coach.tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen())
