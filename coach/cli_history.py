"""``coach history``: list past sessions, export them, import an export.

    coach history [--last N] [--json | --csv]    newest first
    coach history export FILE                    .json, .toml or .csv, by extension
    coach history import FILE                    .json or .toml; all or nothing, idempotent

Times are shown as they were played: the wall clock in the UTC offset a session was
recorded in, the same "local" the history store uses for its days. Like every command but
the TUI, this module never imports Textual; the store (and pydantic with it) is imported
only when a history command runs, so ``coach --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from coach.cli import (EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, CommandError, _common, _error,
                       _json, _locations, _print_problems, _warn)

if TYPE_CHECKING:
    from coach.history import HistoryStore, SessionSummary

EXPORT_KINDS = (".json", ".toml", ".csv")
IMPORT_KINDS = (".json", ".toml")
EMPTY_TEXT = "No sessions yet. Start one with `coach`."


# --- parser -------------------------------------------------------------------------------

def _count(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Fill in the ``history`` sub-command's parser (``_common`` already added by cli)."""
    parser.add_argument("--last", metavar="N", type=_count,
                        help="only the N most recent sessions")
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true",
                      help="print the sessions with their steps as JSON")
    form.add_argument("--csv", action="store_true", help="print one CSV row per step")
    actions = parser.add_subparsers(dest="history_action", metavar="ACTION", required=False)
    p = actions.add_parser("export", help="write all history to FILE (.json, .toml or .csv)",
                           description="Write all history to FILE; the extension picks the "
                                       "format: .json, .toml or .csv (one row per step).")
    p.add_argument("file", metavar="FILE", type=Path)
    _common(p, top=False)
    p = actions.add_parser("import", help="add the sessions of an export (.json or .toml)",
                           description="Add the sessions of a .json or .toml export that are "
                                       "not in history yet. All or nothing: a file with "
                                       "problems changes nothing.")
    p.add_argument("file", metavar="FILE", type=Path)
    _common(p, top=False)


# --- the command --------------------------------------------------------------------------

def cmd_history(args) -> int:
    from coach.history import HistoryError

    action = getattr(args, "history_action", None)
    if action is not None and (args.last is not None or args.json or args.csv):
        raise CommandError(f"--last, --json and --csv are for listing, not for `{action}`",
                           EXIT_USAGE)
    if action == "export":
        _check_kind(args.file, EXPORT_KINDS, "export to")
    elif action == "import":
        _check_kind(args.file, IMPORT_KINDS, "import")
    store = _open(args)
    try:
        if action == "export":
            return _export(store, args.file)
        if action == "import":
            return _import(store, args.file)
        return _list(store, args.last, "json" if args.json else "csv" if args.csv else "text")
    except HistoryError as exc:  # includes HistoryUnavailable: the message names the path
        raise CommandError(str(exc)) from None
    finally:
        store.close()


def _check_kind(path: Path, kinds: tuple[str, ...], verb: str) -> None:
    kind = path.suffix.lower()
    if kind not in kinds:
        what = f"'{kind}' files" if kind else "a file without an extension"
        raise CommandError(f"{path}: cannot {verb} {what}; use {_or(kinds)}")


def _or(words: tuple[str, ...]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1]


def _open(args) -> HistoryStore:
    from coach.history import HistoryStore, HistoryUnavailable

    db = _locations(args).history_db
    try:
        store = HistoryStore(db)
    except HistoryUnavailable as exc:
        raise CommandError(str(exc)) from None
    if store.moved_aside is not None:
        _warn(f"{db} was not a readable history; it was moved to {store.moved_aside} "
              "and a new history started")
    return store


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


# --- listing ------------------------------------------------------------------------------

def _list(store: HistoryStore, last: int | None, form: str) -> int:
    import sqlite3

    try:
        if form == "text":
            sessions = store.sessions(limit=-1 if last is None else last)
            total = store.count() if last is not None and len(sessions) == last else None
        else:
            doc = store.to_document(last)
            doc["sessions"].reverse()  # the store's document is oldest first
    except sqlite3.DatabaseError as exc:  # damaged inside, though it opened
        raise CommandError(f"cannot read the history in {store.path}: {exc}") from None
    if form == "json":
        _json(doc)
    elif form == "csv":
        # The store's own CSV writer, so this is exactly the rows `export FILE.csv` writes
        # (newest first here, like every listing).
        store._write_csv(doc, sys.stdout)
    elif not sessions:
        print(EMPTY_TEXT)
    else:
        _print_table(sessions)
        if total is not None and total > len(sessions):
            print(f"\nThe last {len(sessions):,} of {_plural(total, 'session')}.")
    return EXIT_OK


def _pain(value: int | None) -> str:
    return "-" if value is None else str(value)


def _print_table(sessions: list[SessionSummary]) -> None:
    from coach.timeline import format_duration

    head = ("When", "Routine", "Active", "Done", "Skipped", "Pain", "Status")
    rows = [(s.started_at.strftime("%Y-%m-%d %H:%M"), s.routine_name,
             format_duration(s.active_seconds), str(s.steps_done), str(s.steps_skipped),
             f"{_pain(s.pain_before)} -> {_pain(s.pain_after)}", s.status)
            for s in sessions]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    right = {2, 3, 4}  # numbers line up on the right
    for row in [head, *rows]:
        cells = [cell.rjust(w) if i in right else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths))]
        print("  ".join(cells).rstrip())


# --- export and import --------------------------------------------------------------------

def _export(store: HistoryStore, path: Path) -> int:
    try:
        n = store.export(path)
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
    print(f"Wrote {_plural(n, 'session')} to {path.absolute()}")
    return EXIT_OK


def _import(store: HistoryStore, path: Path) -> int:
    from coach.history import HistoryImportError

    try:
        added = store.import_file(path)
    except HistoryImportError as exc:
        _print_problems(exc.problems)
        n = len(exc.problems)
        _error(f"{_plural(n, 'problem')} in {path}; nothing was imported")
        return EXIT_PROBLEM
    if added == 0:
        print("0 new sessions; all were already there")
    else:
        print(f"Added {_plural(added, 'new session')} to {store.path}")
    return EXIT_OK
