"""``coach report FILE [--since DATE] [--routine ID] [--force]``: the report for a
physiotherapist, as one self-contained HTML page (``.html``) or Markdown tables (``.md``),
by extension.

An unknown extension or a bad date is a usage error (exit 2); an unknown routine exit 1
with a did-you-mean; an empty history, or nothing in the period, says so and writes nothing
(exit 1). An existing FILE is kept unless --force is given. Never imports Textual; the
history and the report's modules are imported only when the command runs.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coach.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    AddCommand,
    CommandError,
    library_for,
    locations_for,
    settings_for,
    warn,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from coach.config import Settings
    from coach.history import HistoryStore
    from coach.library import Library


def add_parsers(add_command: AddCommand) -> None:
    """The ``report`` sub-command."""
    p = add_command("report", "write a report of your sessions, pain and levels for a "
                              "physiotherapist: .html (one page, prints on A4) or .md")
    p.add_argument("file", metavar="FILE", type=Path,
                   help="where to write it; .html or .md. An existing FILE is kept unless "
                        "--force is given.")
    p.add_argument("--since", metavar="DATE",
                   help="the first day to report, YYYY-MM-DD (default: the first session)")
    p.add_argument("--routine", metavar="ID", help="one routine's sessions only")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")


def _since(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--since: '{text}' is not a date; use YYYY-MM-DD",
                           EXIT_USAGE) from None


def cmd_report(args: argparse.Namespace) -> int:
    from coach.history import HistoryError, HistoryStore
    from coach.report.writing import kind_problem

    problem = kind_problem(args.file)
    if problem is not None:
        raise CommandError(problem, EXIT_USAGE)
    since = _since(args.since)
    locations = locations_for(args)
    library = library_for(args, locations)
    settings = settings_for(locations)
    db = locations.history_db
    if not db.exists():
        raise CommandError(f"the history is empty (no {db} yet): nothing to report, and "
                           "nothing was written")
    try:
        with HistoryStore(db, read_only=True) as store:
            if args.routine is not None:
                _check_routine(args.routine, library.routines, store.routines())
            return _write(store, library, settings, args, since)
    except HistoryError as exc:
        raise CommandError(f"{exc}; nothing was written") from None


def _check_routine(routine: str, library: Iterable[str], played: list[tuple[str, str]]
                   ) -> None:
    from coach.diagnostics import did_you_mean

    known = list(dict.fromkeys([*library, *(rid for rid, _ in played)]))
    if routine not in known:
        raise CommandError(f"no routine '{routine}'{did_you_mean(routine, known)}; "
                           "see `coach list`")


def _write(store: HistoryStore, library: Library, settings: Settings, args: argparse.Namespace,
           since: date | None) -> int:
    from coach.files import FileProblem, TargetExists
    from coach.report import NothingToReport
    from coach.report.writing import write_report

    try:
        report = write_report(store, library, settings, args.file,
                              replace=args.force, since=since, routine=args.routine)
    except NothingToReport:
        period = f" since {since:%d %b %Y}" if since else ""
        whose = f" of {args.routine}" if args.routine else ""
        raise CommandError(f"no session{whose} was played to an end{period}, and no "
                           "check-in said: nothing to report, and nothing was written"
                           ) from None
    except TargetExists as exc:
        raise CommandError(f"{exc}; add --force to replace it") from None
    except FileProblem as exc:
        raise CommandError(str(exc)) from None
    if report.notes_left_off:
        warn(f"the report lists the newest {len(report.notes)} notes; "
             f"{report.notes_left_off} older ones are left out")
    print(f"Wrote the report of {report.first:%d %b %Y} to {report.last:%d %b %Y} "
          f"({report.sessions:,} sessions) to {args.file.absolute()}")
    return EXIT_OK
