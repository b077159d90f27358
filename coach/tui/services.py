"""What a screen may ask of the app: the one typed interface between screens and CoachApp.

Screens are handed a :class:`Coach` when they are made (the app passes itself) and reach
the library, the settings, the history and the clock through it, and ask it for every
other screen: a screen never imports another, nor the app. Messages go up, method calls
go down; the app is the one place that knows which screen follows which.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from coach.coaching.plan import Missed
    from coach.config import Settings
    from coach.history import HistoryStore
    from coach.library import Library
    from coach.overview import RoutineOverview
    from coach.paths import Locations
    from coach.tui.voice import Voice
    from coach.tui.workouts import WorkoutFlow

Answered = Callable[[bool | None], None]  # a y/n question's answer; None if it was dismissed
Chosen = Callable[[str | None], None]  # an exercise's id, or None when nothing was chosen


class Coach(Protocol):
    """The app as the screens see it."""

    # --- what the app works from ----------------------------------------------------------

    settings: Settings  # in force now; replaced whole when saved (see apply_settings)
    locations: Locations | None  # None: no config or data directory was given
    history_problem: str | None  # why history is off or read-only, when it is
    clock: Callable[[], float]  # monotonic seconds: every duration is measured on it
    bell_on: bool  # the bell as it is now (`m` in a workout mutes it until unmuted)
    voice: Voice  # spoken cues (`v` in a workout turns them on or off)

    @property
    def library(self) -> Library:
        """The validated library (loaded on first use)."""
        ...

    @property
    def overviews(self) -> tuple[RoutineOverview, ...]:
        """Every routine as the picker shows it."""
        ...

    @property
    def history(self) -> HistoryStore | None:
        """The history store, or None when history is off (see :attr:`history_problem`)."""
        ...

    def today(self) -> date:
        """The day the statistics count as today."""
        ...

    def settle_recordings(self) -> None:
        """Wait until every workout's queued writes are in the store, so what is read next
        includes them. Blocks: for worker threads only."""
        ...

    # --- what a screen asks the app to do -------------------------------------------------

    def ring(self) -> None:
        """The terminal bell, unless muted."""
        ...

    def start_workout(self, routine_id: str, *, start_index: int = 0) -> None:
        """The pain question, then the routine; the app goes on to the summary."""
        ...

    def start_exercise(self, exercise_id: str) -> None:
        """One exercise as a workout of its own."""
        ...

    def resume_workout(self, session_id: str) -> None:
        """Play an interrupted session on from the step it stopped in."""
        ...

    def ask_checkin(self) -> None:
        """The morning's pain question, once a day and only over the routines (the picker
        found it due: see :func:`coach.recent.checkin_due`)."""
        ...

    def ask_missed(self, missed: Missed) -> None:
        """Why was a planned day missed: asked over the routines (the picker found the day:
        see :func:`coach.planning.missed_question`), the answer kept, its offer made."""
        ...

    def refresh_recent(self) -> None:
        """Have the picker read again what it shows of recent history."""
        ...

    def apply_settings(self, settings: Settings) -> None:
        """Settings just saved to config.toml, in force at once."""
        ...

    def reload_library(self) -> None:
        """Read the library again: the person's own file changed."""
        ...

    def confirm(self, question: str, answered: Answered) -> None:
        """Ask ``question`` (shown as written) as a y/n dialog."""
        ...

    def choose_exercise(self, chosen: Chosen) -> None:
        """Let the person pick one exercise of the library (the builder's "add")."""
        ...

    def show_session(self, session_id: str) -> None:
        """One past session in full."""
        ...

    def show_levels(self, routine_id: str) -> None:
        """A routine's ranged items at the person's levels, to hold, release or reset."""
        ...

    def action_exercises(self) -> None:
        """The exercise browser."""
        ...

    def action_history(self) -> None:
        """The history pane."""
        ...

    def action_settings(self) -> None:
        """The settings screen."""
        ...

    def open_builder(self, routine_id: str | None = None, *, edit: bool = False) -> None:
        """The routine builder: a new routine, a copy of ``routine_id``, or (``edit``) that
        routine of the person's own."""
        ...

    def delete_routine(self, routine_id: str) -> None:
        """Delete one of the person's own routines, after a y/n question."""
        ...


class Host(Coach, Protocol):
    """The app as its own helpers see it (the workout flow, the builder's entry points): a
    Coach that also shows screens and notices, keeps the wall clock and runs background work.
    They are the app's parts in modules of their own, so they type against this, never
    against the app's class (which imports them)."""

    wall: Callable[[], datetime]  # the wall clock, for when things happened
    workouts: WorkoutFlow  # starts a routine, or a version of one made for the day

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """A notice, always plain text."""
        ...

    def show(self, screen: Screen[Any], then: Callable[[Any], None] | None = None) -> None:
        """Push ``screen``; ``then`` gets what it is dismissed with."""
        ...

    def in_background(self, work: Coroutine[Any, Any, None], group: str) -> None:
        """Run ``work`` as a worker of ``group``, one at a time."""
        ...

    def highlight_routine(self, routine_id: str) -> None:
        """Put the picker's highlight on a routine."""
        ...
