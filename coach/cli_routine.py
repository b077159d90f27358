"""``coach routine``: move routines between libraries as files.

    coach routine export ID FILE [--force]        one routine, with any exercises of your own it uses
    coach routine import FILE [--replace | --as NEW_ID] [--name NAME]

Export never replaces a file unless ``--force``, and even then only a regular file (never a
symlink, a device or a FIFO); the file is written whole or not at all, into a directory that
must exist (as for ``coach history export``), and every problem names the path as given.

Import adds to your own library in the config directory. The file is checked on its own and
against the shipped library and yours, and every problem is shown as ``FILE:LINE: key.path:
message``; an id that is taken asks for ``--replace`` (your own routine) or ``--as NEW_ID``,
and a name another routine has already (two routines the picker would show alike) asks for
``--name NAME``.
Shipped routines are never replaced, and a broken library of yours is never overwritten.
Like every command but the TUI, this never imports Textual; :mod:`coach.routine_transfer` (and
pydantic with it) loads only when the command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from coach.cli import (
    EXIT_OK,
    EXIT_PROBLEM,
    EXIT_USAGE,
    CommandError,
    _common,
    _load,
    _locations,
    _print_problems,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Fill in the ``routine`` sub-command's parser (``_common`` already added by cli)."""
    actions = parser.add_subparsers(dest="routine_action", metavar="ACTION", required=True)
    p = actions.add_parser("export", help="write one routine to FILE (TOML)",
                           description="Write one routine to FILE as TOML, with any exercises "
                                       "of your own it uses, so it imports anywhere.")
    p.add_argument("id", metavar="ID", help="routine id (see coach list)")
    p.add_argument("file", metavar="FILE", type=Path)
    p.add_argument("--force", action="store_true",
                   help="replace FILE if it exists (only ever a regular file)")
    _common(p, top=False)
    p = actions.add_parser("import", help="add the routine in FILE to your library",
                           description="Add the routine(s) in FILE (and the exercises they "
                                       "bring) to your own library. Nothing changes if FILE "
                                       "has a problem or an id is taken.")
    p.add_argument("file", metavar="FILE", type=Path)
    how = p.add_mutually_exclusive_group()
    how.add_argument("--replace", action="store_true",
                     help="overwrite your own routine of the same id")
    how.add_argument("--as", dest="new_id", metavar="NEW_ID",
                     help="import the routine under this id instead")
    p.add_argument("--name", metavar="NAME",
                   help="import the routine under this name (a name another routine has "
                        "already is refused)")
    _common(p, top=False)


def cmd_routine(args) -> int:
    from coach.routine_transfer import export_routine, import_routine
    from coach.user_library import UserLibraryError

    locations = _locations(args)
    try:
        if args.routine_action == "export":
            library = _load(args, locations)
            export_routine(library, args.id, args.file, force=args.force)
            print(f"exported '{args.id}' to {args.file}")
            return EXIT_OK
        if args.library is not None:
            raise CommandError("import adds to your own library; --library is not used here",
                               EXIT_USAGE)
        added = import_routine(args.file, locations.user_library, replace=args.replace,
                               new_id=args.new_id, name=args.name)
    except UserLibraryError as exc:
        if not exc.problems:
            raise CommandError(exc.message) from None
        _print_problems(exc.problems, exc.message.rstrip(":"))
        return EXIT_PROBLEM
    except OSError as exc:
        raise CommandError(f"cannot write {exc.filename or 'the file'}: "
                           f"{exc.strerror or exc}") from None
    names = ", ".join(f"'{i}'" for i in added)
    print(f"imported {names} into {locations.user_library}")
    return EXIT_OK
