"""The Textual app: owns the library, settings, history and clock, and moves between screens.

Screens reach the app through :class:`coach.tui.services.Coach` (it hands itself to each
screen it makes) and return typed results with ``dismiss()``; the app decides what comes
next, and is the one place that knows the screens. A workout runs picker -> pain before ->
runner -> summary -> picker (:mod:`coach.tui.workouts`); the person's own routines are opened
in the builder or deleted by :mod:`coach.tui.own_routines`.

Start-up draws the picker first and does the rest just after (see :meth:`CoachApp._settle`):
the picker is the default screen, so it is Textual's first frame; given a
:class:`~coach.startup_cache.Startup` that hit its cache, the library is validated and the
history opened a moment later. Whatever needs them earlier (a key pressed at once,
``coach run``) loads them on the spot, through the :attr:`library` and :attr:`history`
properties. This runs on the event loop, not in a thread: it is CPU-bound Python, which a
thread would only interleave with drawing. Screens are imported when first used.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections.abc import Callable, Coroutine
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.reactive import reactive

from coach.config import Settings
from coach.paths import Locations
from coach.safetext import visible
from coach.tui.commands import CoachCommands
from coach.tui.keys import AppKeys
from coach.tui.screens.picker import PickerScreen
from coach.tui.services import Answered, Chosen
from coach.tui.text import literal
from coach.tui.voice import Voice
from coach.tui.workouts import WorkoutFlow

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from coach.coaching.plan import Missed
    from coach.diagnostics import Problem
    from coach.history import HistoryStore
    from coach.library import Library
    from coach.overview import RoutineOverview
    from coach.startup_cache import Startup
    from coach.timeline import Step


def _now() -> datetime:
    return datetime.now().astimezone()


class _Open:
    """CoachApp(history=...)'s default: open the store in the data directory."""


_OPEN = _Open()
# Seconds after the first frame that the library is validated and the history opened.
SETTLE_AFTER = 0.1
# Asked to end by the system or a closed terminal: the workout stops as interrupted (see
# CoachApp._on_signal). Textual's own driver handles only SIGTSTP, SIGCONT and SIGWINCH.
ENDING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                       if hasattr(signal, name))


class CoachApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "coach"
    COMMANDS = App.COMMANDS | {CoachCommands}
    BINDINGS = AppKeys.BINDINGS  # the keys of every screen, listed in the help from there
    # The bell as it is now (`m` in a workout mutes it); every TitleBar shows when it is off.
    bell_on: reactive[bool] = reactive(True)

    def __init__(
        self,
        library: Library | None = None,
        settings: Settings | None = None,
        locations: Locations | None = None,
        *,
        startup: Startup | None = None,
        start_routine: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = _now,
        show_safety: bool | None = None,
        cursor_blink: bool = True,
        history: HistoryStore | _Open | None = _OPEN,
        today: Callable[[], date] | date | None = None,
        morning_question: bool = True,
    ) -> None:
        super().__init__()
        if library is None and startup is None:
            raise ValueError("CoachApp needs a library or a startup to load one from")
        self._library = library
        self._startup = startup
        self.settings = settings or (startup and startup.settings) or Settings()
        # What the picker shows; from the start-up cache until the library is loaded.
        self._overviews = startup.overviews if startup is not None and library is None else None
        self.locations = locations
        self.start_routine = start_routine
        self.clock = clock
        self.wall = wall
        self.bell_on = self.settings.bell
        self.voice = Voice(self.settings, self.notify)
        self._show_safety = show_safety
        self.cursor_blink = cursor_blink
        self._history: HistoryStore | None = None if isinstance(history, _Open) else history
        self.history_problem: str | None = None
        self._open_history = isinstance(history, _Open)
        self._today = today
        self._settled = False
        self.workouts = WorkoutFlow(self)
        # The day this run asked the morning's question (see ask_checkin); off: never asks.
        self._checkin_asked: date | None = None if morning_question else date.max

    # --- what the app works from ----------------------------------------------------------

    @property
    def library(self) -> Library:
        """The validated library; loaded here if the first frame was drawn without it."""
        if self._library is None:
            assert self._startup is not None
            self._library = self._startup.library()
            self._announce(self._library)
        return self._library

    @property
    def overviews(self) -> tuple[RoutineOverview, ...]:
        """Every routine as the picker shows it."""
        if self._overviews is None:
            from coach.overview import overviews

            self._overviews = overviews(self.library, self.settings)
        return self._overviews

    @property
    def history(self) -> HistoryStore | None:
        """The history store, opened on first use; None when history is off."""
        if self._open_history:
            self._open_history = False
            self._open_store()
        return self._history

    @property
    def picker(self) -> PickerScreen:
        """The routine picker: the default screen, so always the bottom of the stack."""
        picker = self.screen_stack[0]
        assert isinstance(picker, PickerScreen)
        return picker

    # --- start-up -----------------------------------------------------------------------

    def get_default_screen(self) -> PickerScreen:
        # The picker is the bottom of the stack, composed with the app itself, so the first
        # frame Textual draws is the picker.
        return PickerScreen(self)

    def on_load(self) -> None:
        # Before Textual takes the terminal over, so there is no moment it could be left in
        # application mode by one of these signals.
        loop = asyncio.get_running_loop()
        for signum in ENDING_SIGNALS:
            # No signals here (Windows, not the main thread): the default stands.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self._on_signal, signum)

    def _on_signal(self, signum: int) -> None:
        """SIGTERM or SIGHUP: keep every step that has ended, then leave through Textual's
        own shutdown, which gives the terminal back (alternate screen, mouse, cursor). The
        session is not finished, so it reads as interrupted once this process is gone, and
        can be resumed from the history pane."""
        playing = self.workouts.playing
        if playing is not None:
            playing.session.update()  # steps whose time ran out since the last frame
        self.exit(return_code=128 + signum)

    @property
    def crash(self) -> BaseException | None:
        """The unexpected error that ended the app, if one did (see :meth:`_fatal_error`)."""
        return self._exception

    def _fatal_error(self) -> None:
        # Textual would print a traceback once the terminal is back; a person never sees
        # one. The app just closes, and the command line writes the crash report and says
        # where it is, in one line (coach.crashlog), as for any other unexpected error.
        self._close_messages_no_wait()

    def on_mount(self) -> None:
        settings_problems = list(self._startup.settings_problems) if self._startup else []
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        else:
            # Checked on every start, the start-up cache's included: only the app knows
            # its themes, so the cache never vouches for this one.
            from coach.config import theme_problem

            config = self.locations.config_file if self.locations else None
            problem = theme_problem(config, self.settings.theme, self.available_themes)
            settings_problems += [problem] if problem is not None else []
        if settings_problems:
            self._announce_settings(settings_problems)
        if self._library is not None:
            self._announce(self._library)
        if self.start_routine:
            self.start_workout(self.start_routine)
        from coach.tui.notices import mark_safety_seen, wants_safety_note

        if wants_safety_note(self._show_safety, self.locations):
            from coach.tui.screens.safety import SafetyScreen

            self.push_screen(SafetyScreen(),
                             callback=lambda _: mark_safety_seen(self.locations))

    def on_ready(self) -> None:
        # Textual sends Ready once the first frame is on screen. The rest waits a moment
        # longer, so a slow first frame is never held up behind the library's validation.
        self.set_timer(SETTLE_AFTER, self._settle)

    def _settle(self) -> None:
        """Just after the first frame: the library (validated now if the picker was drawn
        from the start-up cache), the start-up cache, and the history store."""
        if self._settled or not self.screen_stack:  # (none: the app is closing already)
            return
        self._settled = True
        from coach.library import LibraryError
        from coach.overview import overviews

        try:
            library = self.library
        except LibraryError as exc:
            # Not for bytes the cache vouched for (they validated when the entry was
            # written); should it happen all the same, the person gets the problems, not a
            # traceback.
            self.exit(return_code=1,
                      message=literal(f"coach: the library has problems:\n{exc}", multiline=True))
            return
        startup = self._startup
        if startup is not None and startup.overviews is not None:
            # Drawn from the cache: check what was shown against the library.
            fresh = overviews(library, self.settings)
            if fresh != self._overviews:
                self._overviews = fresh
                self.picker.refill()
                startup.remember(fresh)
        elif startup is not None:
            startup.remember(self.overviews)  # drawn from the library: keep it for next time
        self.history  # noqa: B018 -- open the store now, not when a workout starts
        self.refresh_recent()

    def _announce(self, library: Library) -> None:
        """Say what was wrong with the user's library, when it was set aside: for a moment
        as toasts, and on the picker's notice line for as long as it lasts."""
        from coach.tui.notices import LIBRARY_TITLE, problems_notice

        for problem in library.problems[:5]:
            self.notify(str(problem), title=LIBRARY_TITLE, severity="error", timeout=15)
        if self.screen_stack:  # else the app is not running yet, and on_mount says it
            self.picker.show_notice("library", problems_notice(
                f"{LIBRARY_TITLE} (the shipped library is used)", library.problems,
                "coach validate"))

    def _announce_settings(self, problems: list[Problem]) -> None:
        """Say what was wrong with config.toml, as :meth:`_announce` does for the library.
        (The command line printed it too, before the app took the screen.)"""
        from coach.tui.notices import SETTINGS_TITLE, problems_notice

        for problem in problems[:5]:
            self.notify(str(problem), title=SETTINGS_TITLE, severity="error", timeout=15)
        self.picker.show_notice("settings",
                                problems_notice(SETTINGS_TITLE, problems, "coach config"))

    def refresh_recent(self) -> None:
        """Have the picker read what it shows of recent history (last done, an interrupted
        session to offer). Only once the history is open: never the reason it opens."""
        if self._history is not None:
            self.picker.read_recent(self._history, self._steps_of, self.wall(), self.today())

    def ask_checkin(self) -> None:
        # Only over the routines, so the first-run safety note comes first: the picker asks
        # again as it comes back into view.
        if self._checkin_asked not in (self.today(), date.max) and self.screen is self.picker:
            from coach.tui.checkin import ask_checkin

            self._checkin_asked = self.today()
            ask_checkin(self)

    def ask_missed(self, missed: Missed) -> None:
        from coach.tui.missed import ask_missed

        ask_missed(self, missed)

    def _steps_of(self, routine_id: str) -> list[Step] | None:
        """The steps ``routine_id`` plays with these settings; None if it is not (or no
        longer) in the library."""
        if routine_id not in self.library.routines:
            return None
        return self.library.steps(routine_id, prepare_seconds=self.settings.prepare_seconds,
                                  switch_seconds=self.settings.switch_seconds)

    def _open_store(self) -> None:
        from coach.tui.history_open import open_history

        self._history, self.history_problem = open_history(self.locations, self.notify)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """A notification, always plain text with control characters made visible.

        Coach's notifications carry names, paths and problems, which are data. ``markup`` is
        not honoured: ``Screen.notify`` and ``Widget.notify`` pass ``markup=True`` unless told
        otherwise, and every notification of every screen comes here.
        """
        super().notify(visible(message, multiline=True), title=visible(title),
                       severity=severity, timeout=timeout, markup=False)

    def today(self) -> date:
        if isinstance(self._today, date):
            return self._today
        return self._today() if self._today else date.today()

    def on_unmount(self) -> None:
        # Every ended step, every end and every note in the store before it closes.
        self.workouts.settle()
        if self._history is not None:
            self._history.close()

    # --- the workout flow (coach.tui.workouts) ---------------------------------------------

    def start_workout(self, routine_id: str, *, start_index: int = 0) -> None:
        self.workouts.start_workout(routine_id, start_index=start_index)

    def start_exercise(self, exercise_id: str) -> None:
        self.workouts.start_exercise(exercise_id)

    def resume_workout(self, session_id: str) -> None:
        self.workouts.resume_workout(session_id)

    def settle_recordings(self) -> None:
        self.workouts.settle()

    # --- app-wide actions ---------------------------------------------------------------

    def ring(self) -> None:
        """The terminal bell, unless muted."""
        if self.bell_on:
            self.bell()

    # --- the screens, opened for a key, the palette or a screen's asking -------------------

    def action_help(self) -> None:
        from coach.tui.keys import key_sections
        from coach.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            # The keys of the screen it is opened over come first.
            self.push_screen(HelpScreen(key_sections(type(self.screen))))

    def action_exercises(self) -> None:
        from coach.tui.screens.browser import ExerciseBrowserScreen

        self.push_screen(ExerciseBrowserScreen(self))

    def action_history(self) -> None:
        from coach.tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self))

    def action_settings(self) -> None:
        from coach.tui.screens.settings import SettingsScreen

        if isinstance(self.screen, SettingsScreen):
            return
        config_file = self.locations.config_file if self.locations is not None else None
        self.push_screen(SettingsScreen(self, self.settings, config_file,
                                        sorted(self.available_themes)))

    def show_session(self, session_id: str) -> None:
        from coach.tui.screens.session_detail import SessionDetailScreen

        self.push_screen(SessionDetailScreen(self, session_id))

    def show_levels(self, routine_id: str) -> None:
        from coach.tui.screens.levels import LevelsScreen

        self.push_screen(LevelsScreen(self, routine_id, self.wall))

    def confirm(self, question: str, answered: Answered) -> None:
        from coach.tui.screens.confirm import ConfirmScreen

        self.push_screen(ConfirmScreen(question), callback=answered)

    def choose_exercise(self, chosen: Chosen) -> None:
        from coach.tui.screens.exercise_chooser import ExerciseChooser

        self.push_screen(ExerciseChooser(self.library.exercises), callback=chosen)

    def show(self, screen: Screen[Any], then: Callable[[Any], None] | None = None) -> None:
        self.push_screen(screen, callback=then)

    def in_background(self, work: Coroutine[Any, Any, None], group: str) -> None:
        self.run_worker(work, group=group, exclusive=True)

    def highlight_routine(self, routine_id: str) -> None:
        self.picker.highlight(routine_id)

    def open_builder(self, routine_id: str | None = None, *, edit: bool = False) -> None:
        from coach.tui.own_routines import open_builder

        open_builder(self, routine_id, edit=edit)

    def delete_routine(self, routine_id: str) -> None:
        from coach.tui.own_routines import delete_routine

        delete_routine(self, routine_id)

    # --- settings and the library, changed while the app runs -----------------------------

    def apply_settings(self, settings: Settings) -> None:
        """Settings just saved to ``config.toml``, in force at once (the start-up cache is
        brought up to date with the file)."""
        self.settings = settings
        self.bell_on = settings.bell
        self.voice.apply(settings)
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        self._overviews = None  # a routine's length counts get-ready and switch seconds
        self.picker.refill()
        self._remember_start()

    def _remember_start(self) -> None:
        """Write the start-up cache for the files as they are, when they say what this app uses."""
        from coach.library import LibraryError
        from coach.overview import overviews
        from coach.startup_cache import Startup

        if self.locations is None:
            return
        startup = Startup(self.locations,
                          self._startup.library_flag if self._startup is not None else None)
        if startup.load_settings() != self.settings:
            return  # config.toml changed again since: the next start checks it
        try:
            library = startup.library()
        except LibraryError:
            return  # the files changed under us; the next start reports it
        startup.remember(overviews(library, self.settings))

    def reload_library(self) -> None:
        """Read the library again after the user's file changed, and bring the start-up cache
        up to date with it."""
        from coach.library import LibraryError
        from coach.startup_cache import Startup

        if self.locations is None:
            return
        startup = Startup(self.locations,
                          self._startup.library_flag if self._startup is not None else None)
        try:
            library = startup.library()
        except LibraryError as exc:
            self.notify(str(exc), title="The library could not be read", severity="error")
            return
        self._library = library
        self._overviews = None
        self.picker.refill()
        self._announce(library)
        # Only when config.toml still says what this app uses (it is read once, at start).
        if startup.load_settings() == self.settings:
            startup.remember(self.overviews)
