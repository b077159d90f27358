"""``coach`` and ``coach run ROUTINE``: check what the app starts from, then open the TUI.

Problems with the library, the settings or the routine asked for are reported here, on
stderr, before the screen is taken; Textual is imported only once the app really runs, so
every refusal is as quick as the plain commands.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from coach.cli.common import (
    EXIT_OK,
    AddCommand,
    CommandError,
    internal_error,
    library_for,
    locations_for,
    report_settings_problems,
)

if TYPE_CHECKING:
    from coach.library import Library
    from coach.paths import Locations
    from coach.startup_cache import Startup


def add_parsers(add_command: AddCommand) -> None:
    """The ``run`` sub-command (a bare ``coach`` needs none)."""
    p = add_command("run", "start a routine straight away")
    p.add_argument("routine", metavar="ROUTINE", help="routine id (see coach list)")


def interactive() -> bool:
    """Whether a person is at the other end: a terminal on both ends, or a browser (under
    ``coach serve``, textual-serve runs the app with Textual's web driver, which speaks to
    the page through pipes). The one place tests swap."""
    if os.environ.get("TEXTUAL_DRIVER", "").startswith("textual.drivers.web_driver"):
        return True
    return sys.stdin.isatty() and sys.stdout.isatty()


def _startup(args: argparse.Namespace, locations: Locations) -> tuple[Startup, Library | None]:
    """The files the app starts from; validated here unless the start-up cache vouches for
    them (see :mod:`coach.startup_cache`), so problems are reported before the app opens."""
    from coach.startup_cache import Startup

    startup = Startup(locations, args.library)
    if startup.from_cache():
        return startup, None
    library = library_for(args, locations, startup.library)
    startup.load_settings()
    report_settings_problems(startup.settings_problems)
    return startup, library


def cmd_app(args: argparse.Namespace, routine_id: str | None = None) -> int:
    """Open the app: at the routine picker, or straight into ``routine_id``."""
    locations = locations_for(args)
    startup, library = _startup(args, locations)
    routine_ids = ([o.id for o in startup.overviews or ()] if library is None
                   else list(library.routines))
    if routine_id is not None and routine_id not in routine_ids:
        from coach.diagnostics import did_you_mean

        hint = did_you_mean(routine_id, routine_ids)
        raise CommandError(f"no routine '{routine_id}'{hint}; see `coach list`")
    if not interactive():
        raise CommandError("the coach app needs an interactive terminal; "
                           "try `coach list` or `coach show ID` for plain output")
    from coach import output
    from coach.tui.app import CoachApp

    output.for_the_screen()
    app = CoachApp(library=library, settings=startup.settings, locations=locations,
                   start_routine=routine_id, startup=startup)
    # What Textual prints after the app (its exit message, a crash) passes the guard on
    # stderr, which would show its colour codes as ␛ pictures: print it without colour.
    from rich.console import Console

    app.error_console = Console(markup=False, highlight=False, stderr=True, color_system=None)
    app.run()
    if app.crash is not None:
        return internal_error(app.crash)
    return app.return_code or EXIT_OK
