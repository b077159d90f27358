"""What every command shares: exit statuses, the location options, messages on stderr, and
loading the library and settings with their problems reported.

Whatever these print passes the guard :func:`coach.cli.main` puts in front of stdout and
stderr (see :mod:`coach.output`): control characters in the text are shown, never obeyed.
Importing this module imports nothing but the standard library; what a helper needs it
imports when called, so ``coach --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from collections.abc import Iterable

    from coach.coaching.progression import ItemLevel
    from coach.config import Settings
    from coach.diagnostics import Problem
    from coach.history import HistoryStore
    from coach.library import Library
    from coach.models import Routine
    from coach.paths import Locations

__all__ = [
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_PROBLEM",
    "EXIT_USAGE",
    "AddCommand",
    "CommandError",
    "add_location_options",
    "error",
    "internal_error",
    "levels_for",
    "library_for",
    "locations_for",
    "print_json",
    "print_problems",
    "report_settings_problems",
    "settings_for",
    "warn",
]

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70

# How a command group adds a sub-command: ``add_command(name, help_text)`` gives its parser,
# the location options already on it (see :func:`coach.cli.build_parser`).
AddCommand = Callable[[str, str], argparse.ArgumentParser]


class CommandError(Exception):
    """A message for the person, and the exit status to leave with."""

    def __init__(self, message: str, status: int = EXIT_PROBLEM):
        super().__init__(message)
        self.status = status


# --- options ------------------------------------------------------------------------------

def add_location_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """``--library``, ``--config-dir`` and ``--data-dir``, on ``coach`` itself (``top``) or
    on a sub-command."""
    # Sub-commands repeat the global options so they work on either side of the command;
    # SUPPRESS keeps a sub-command's absent flag from hiding one given before it.
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--library", metavar="PATH", type=Path, default=default,
                        help="use this library file instead of the shipped one and yours")
    parser.add_argument("--config-dir", metavar="DIR", type=Path, default=default,
                        help="where config.toml and your own exercises.toml live")
    parser.add_argument("--data-dir", metavar="DIR", type=Path, default=default,
                        help="where the session history is kept")


# --- messages -----------------------------------------------------------------------------

def _paint(text: str, code: str, stream: TextIO | None = None) -> None:
    """Write ``text`` in the SGR colour ``code``, when the stream is a terminal and NO_COLOR
    is unset (the stream is looked up on each call: sys.stderr may be replaced)."""
    from coach import output

    output.paint(sys.stderr if stream is None else stream, text, code)


def error(message: str) -> None:
    """``coach: message`` on stderr, the name in bold red."""
    _paint("coach: ", "1;31")
    print(message, file=sys.stderr)


def warn(message: str) -> None:
    """``coach: message`` on stderr, the name in bold yellow."""
    _paint("coach: ", "1;33")
    print(message, file=sys.stderr)


def print_problems(problems: Iterable[Problem], heading: str | None = None) -> None:
    """Each problem on a line of its own in red, under ``heading`` said as an error."""
    if heading:
        error(heading)
    for problem in problems:
        _paint(str(problem), "31")
        print(file=sys.stderr)


def print_json(data: Any) -> None:
    """``data`` as the JSON every command prints (see :func:`coach.output.json_text`)."""
    from coach import output

    print(output.json_text(data))


def internal_error(exc: BaseException) -> int:
    """Say in one line that coach failed, with where the crash report went; the exit status."""
    from coach.crashlog import write_report

    report = write_report(exc)
    where = (f"; details are in {report}" if report is not None
             else " (the details could not be saved)")
    # One line, whatever the exception's message holds.
    said = " ".join(str(exc).split())
    error(f"unexpected error: {exc.__class__.__name__}: {said}{where}")
    return EXIT_INTERNAL


# --- loading ------------------------------------------------------------------------------

def locations_for(args: argparse.Namespace) -> Locations:
    """Where the files are, after ``--config-dir`` and ``--data-dir``."""
    from coach import paths

    return paths.resolve(args.config_dir, args.data_dir)


def library_for(args: argparse.Namespace, locations: Locations,
                load: Callable[[], Library] | None = None) -> Library:
    """The library (``--library``, or the shipped one with the user's), its problems
    reported; ``load`` reads it some other way (the start-up's already-read files)."""
    from coach.library import LibraryError, load_library

    def load_default() -> Library:
        if args.library is not None:
            return load_library(library=args.library)
        return load_library(None, user_library=locations.user_library)

    try:
        library = (load or load_default)()
    except LibraryError as exc:
        print_problems(exc.problems)
        raise CommandError("the library has problems; nothing was started") from None
    if library.problems:
        print_problems(
            library.problems,
            f"your library {locations.user_library} has problems, so it was set aside "
            "(the shipped library is used):",
        )
    return library


def settings_for(locations: Locations) -> Settings:
    """The settings in ``config.toml``, its problems reported (the defaults stand in)."""
    from coach.config import load_settings

    settings, problems = load_settings(locations.config_file)
    report_settings_problems(problems)
    return settings


def open_history(db: Path, *, unless: str = "") -> HistoryStore:
    """The history at ``db``, to write to, for a command; a history that cannot be opened
    is the command's error (``unless`` said after it: "nothing was recorded"), and one moved
    aside as damaged is said as a warning, the same words for every command."""
    from coach.history import HistoryError, HistoryStore

    try:
        store = HistoryStore(db)
    except HistoryError as exc:
        raise CommandError(f"{exc}; {unless}" if unless else str(exc)) from None
    if store.moved_aside is not None:
        say_moved(db, store.moved_aside)
    return store


def say_moved(db: Path, aside: Path) -> None:
    """A history found damaged (at open or in use) and moved aside, in the one wording."""
    warn(f"{db} was not a readable history; it was moved to {aside} and a new history "
         "started")


def report_settings_problems(problems: list[Problem]) -> None:
    if problems:
        print_problems(problems, "settings have problems; the defaults are used:")


def levels_for(locations: Locations, settings: Settings, library: Library,
               routine: Routine) -> list[ItemLevel]:
    """Each of ``routine``'s ranged items at the person's level, read from the history
    without writing to it (nor creating it: without one, every item is at its low end). A
    history that cannot be read is said, and the low ends stand in."""
    from coach.history import HistoryError, HistoryStore
    from coach.progress import routine_levels

    db = locations.history_db
    if not db.exists():
        return routine_levels(None, settings, routine, library)
    try:
        with HistoryStore(db, read_only=True) as store:
            return routine_levels(store, settings, routine, library)
    except HistoryError as exc:
        warn(f"{exc}; levels are shown from the low end of each range")
        return routine_levels(None, settings, routine, library)
