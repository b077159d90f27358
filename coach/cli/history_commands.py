"""``coach history``: list past sessions, export them, import an export.

    coach history [--last N] [--json | --csv]    newest first
    coach history export FILE [--force]          .json, .toml or .csv, by extension
    coach history import FILE...                 .json or .toml; all or nothing, idempotent

Exports and imports carry the check-ins (``coach checkin``) beside the sessions; the CSV
holds the sessions' steps alone.

The Status column says each status in the words every screen uses
(:data:`coach.outcomes.STATUS_LABELS`: ``skipped`` shows as "all skipped"); ``--json``,
``--csv`` and the exports keep the stored word. Done and Skipped count exercise steps, as
the summary after a workout does.

Times are shown as they were played: the wall clock in the UTC offset a session was
recorded in, the same "local" the history store uses for its days. Text from the database
is printed with control characters made visible, and ``--json`` escapes every one of them,
so a hand-edited row can never drive the terminal. A history that is read-only here is
still listed and exported; one found damaged is moved aside and said so, as at open.
Export never replaces a file without ``--force``, and never a symlink, device or FIFO; a
history larger than coach imports from one file is exported one file a year, and ``import``
takes them all at once (``coach history import history-*.json``).

Like every command but the TUI, this module never imports Textual; the store (and pydantic
with it) is imported only when a history command runs, so ``coach --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from coach.cli.common import (
    EXIT_OK,
    EXIT_PROBLEM,
    EXIT_USAGE,
    AddCommand,
    CommandError,
    add_location_options,
    error,
    locations_for,
    open_history,
    print_json,
    print_problems,
    say_moved,
)

if TYPE_CHECKING:
    from coach.history import HistoryStore, SessionSummary

EXPORT_KINDS = (".json", ".toml", ".csv")
IMPORT_KINDS = (".json", ".toml")
EMPTY_TEXT = "No sessions yet. Start one with `coach`."
MAX_LAST = 1_000_000  # --last N: far past any history, far below what SQLite can count


# --- parser -------------------------------------------------------------------------------

def _count(text: str) -> int:
    try:
        n = int(text)
    except ValueError:  # a word, or more digits than Python converts
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text[:20]!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    if n > MAX_LAST:
        raise argparse.ArgumentTypeError(f"must be at most {MAX_LAST:,}, got {text[:20]}"
                                         f"{'…' if len(text) > 20 else ''}")
    return n


def add_parsers(add_command: AddCommand) -> None:
    """The ``history`` sub-command, with its ``export`` and ``import`` actions."""
    parser = add_command("history", "list past sessions, or export or import them")
    parser.add_argument("--last", metavar="N", type=_count,
                        help=f"only the N most recent sessions (at most {MAX_LAST:,})")
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true",
                      help="print the sessions with their steps as JSON")
    form.add_argument("--csv", action="store_true", help="print one CSV row per step")
    # Optional, and the usage line says so: with no ACTION, the sessions are listed.
    actions = parser.add_subparsers(dest="history_action", metavar="[ACTION]", required=False,
                                    title="actions (none: list the sessions)")
    p = actions.add_parser("export", help="write all history to FILE (.json, .toml or .csv)",
                           description="Write all history to FILE; the extension picks the "
                                       "format: .json, .toml or .csv (one row per step). "
                                       "An existing FILE is kept unless --force is given.")
    p.add_argument("file", metavar="FILE", type=Path)
    p.add_argument("--force", action="store_true",
                   help="replace FILE if it exists (never a link, device or FIFO)")
    add_location_options(p, top=False)
    p = actions.add_parser("import", help="add the sessions of exports (.json or .toml)",
                           description="Add the sessions of .json or .toml exports that are "
                                       "not in history yet. All or nothing: a file with "
                                       "problems changes nothing.")
    p.add_argument("files", metavar="FILE", type=Path, nargs="+")
    add_location_options(p, top=False)


# --- the command --------------------------------------------------------------------------

def cmd_history(args: argparse.Namespace) -> int:
    from coach.history import HistoryDamaged, HistoryError

    action = getattr(args, "history_action", None)
    if action is not None and (args.last is not None or args.json or args.csv):
        raise CommandError(f"--last, --json and --csv are for listing, not for `{action}`",
                           EXIT_USAGE)
    if action == "export":
        _check_kind(args.file, EXPORT_KINDS, "export to")
    elif action == "import":
        for path in args.files:
            _check_kind(path, IMPORT_KINDS, "import")
    store = _open(args)
    try:
        if action == "export":
            # Never an empty export in place of the history that was just moved aside (with
            # --force, over the last good one).
            if store.moved_aside is not None:
                raise CommandError(f"nothing was exported to {args.file}: the history was "
                                   "moved aside, and the new one is empty")
            try:
                return _export(store, args.file, args.force)
            except HistoryDamaged as exc:
                raise CommandError(f"{exc}; nothing was exported") from None
        try:
            return _run(store, args, action)
        except HistoryDamaged as exc:  # damaged inside, though it opened: as at open
            say_moved(store.path, exc.moved_to)
            return _run(store, args, action)
    except HistoryError as exc:  # includes HistoryUnavailable: the message names the path
        raise CommandError(str(exc)) from None
    finally:
        store.close()


def _run(store: HistoryStore, args: argparse.Namespace, action: str | None) -> int:
    if action == "import":
        return _import(store, args.files)
    return _list(store, args.last, "json" if args.json else "csv" if args.csv else "text")


def _check_kind(path: Path, kinds: tuple[str, ...], verb: str) -> None:
    kind = path.suffix.lower()
    if kind not in kinds:
        what = f"'{kind}' files" if kind else "a file without an extension"
        raise CommandError(f"{path}: cannot {verb} {what}; use {_or(kinds)}")


def _or(words: tuple[str, ...]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1]


def _open(args: argparse.Namespace) -> HistoryStore:
    return open_history(locations_for(args).history_db)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


# --- listing ------------------------------------------------------------------------------

def _list(store: HistoryStore, last: int | None, form: str) -> int:
    from coach.history import write_csv
    from coach.safetext import visible

    if form == "text":
        sessions = store.sessions(limit=last)
        total = store.count() if last is not None and len(sessions) == last else None
    else:
        doc = store.to_document(last)
        doc["sessions"].reverse()  # the store's document is oldest first
    if form == "json":
        print_json(doc)  # every control character escaped: valid, and inert
    elif form == "csv":
        # The rows `export FILE.csv` writes (newest first here, like every listing), with
        # control characters made visible: this goes to a terminal as often as to a file.
        write_csv(doc, sys.stdout, cell=visible)
    elif not sessions:
        print(EMPTY_TEXT)
    else:
        _print_table(sessions)
        if total is not None and total > len(sessions):
            print(f"\nThe last {len(sessions):,} of {_plural(total, 'session')}.")
        damaged = sum(1 for s in sessions if s.damage)
        if damaged:
            print(f"\n{_plural(damaged, 'session')} {'has' if damaged == 1 else 'have'} "
                  "values that could not be read (edited by hand?), shown as well as they "
                  "can be; `coach history --json` shows them as stored.")
    return EXIT_OK


def _pain(value: int | None) -> str:
    return "-" if value is None else str(value)


def _print_table(sessions: list[SessionSummary]) -> None:
    from coach.outcomes import status_label
    from coach.safetext import visible
    from coach.timeline import format_duration

    head = ("When", "Routine", "Active", "Done", "Skipped", "Pain", "Status")
    rows = [("?" if "started_at" in s.damage else s.started_at.strftime("%Y-%m-%d %H:%M"),
             visible(s.routine_name), format_duration(s.active_seconds), str(s.steps_done),
             str(s.steps_skipped), f"{_pain(s.pain_before)} -> {_pain(s.pain_after)}",
             visible(status_label(s.status)))
            for s in sessions]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    right = {2, 3, 4}  # numbers line up on the right
    for row in [head, *rows]:
        cells = [cell.rjust(w) if i in right else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths, strict=False))]
        print("  ".join(cells).rstrip())


# --- export and import --------------------------------------------------------------------

def _export(store: HistoryStore, path: Path, force: bool) -> int:
    from coach.files import FileProblem, TargetExists
    from coach.limits import MAX_FILE_BYTES, megabytes

    try:
        parts = store.export(path, replace=force)
    except TargetExists as exc:
        raise CommandError(f"{exc}; add --force to replace it") from None
    except FileProblem as exc:  # names the person's path, never a temporary file
        raise CommandError(str(exc)) from None
    total = sum(n for _, n in parts)
    if len(parts) == 1:
        print(f"Wrote {_plural(total, 'session')} to {path.absolute()}")
    else:
        print(f"Wrote {_plural(total, 'session')} to {len(parts)} files, by year, as coach "
              f"imports files of up to {megabytes(MAX_FILE_BYTES)}:")
        for part, n in parts:
            print(f"  {part.absolute()}  ({_plural(n, 'session')})")
    return EXIT_OK


def _import(store: HistoryStore, paths: list[Path]) -> int:
    from coach.history import HistoryImportError

    try:
        taken = store.import_documents(paths)
    except HistoryImportError as exc:
        print_problems(exc.problems)
        n = len(exc.problems)
        where = paths[0] if len(paths) == 1 else f"{len(paths)} files"
        error(f"{_plural(n, 'problem')} in {where}; nothing was imported")
        return EXIT_PROBLEM
    if not any(taken):
        print("0 new sessions; all were already there")
    else:
        said = [_plural(taken.sessions, "new session")]
        said += [_plural(n, what) for n, what in (
            (taken.checkins, "check-in"), (taken.plans, "plan"),
            (taken.missed_days, "missed-day answer"), (taken.level_choices, "level choice"))
            if n]
        listed = ", ".join(said[:-1]) + " and " + said[-1] if len(said) > 1 else said[0]
        print(f"Added {listed} to {store.path}")
    return EXIT_OK
