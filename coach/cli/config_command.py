"""``coach config``: print the settings, and where every file coach uses lives.

Like every command but the TUI, this never imports Textual.
"""

from __future__ import annotations

import argparse

from coach.cli.common import EXIT_OK, AddCommand, library_for, locations_for, settings_for


def add_parsers(add_command: AddCommand) -> None:
    """The ``config`` sub-command."""
    add_command("config", "print the settings and where they live")


def cmd_config(args: argparse.Namespace) -> int:
    from coach.config import settings_text

    locations = locations_for(args)
    if args.library is not None:
        library_for(args, locations)  # a broken --library refuses here as on every other command
    settings = settings_for(locations)
    exists = locations.config_file.exists()
    print(f"# settings: {locations.config_file}{'' if exists else ' (not created; defaults)'}")
    print(f"# your library: {locations.user_library}"
          f"{'' if locations.user_library.exists() else ' (none yet)'}")
    if args.library is not None:
        print(f"# library: {args.library} (--library; the shipped one and yours are not used)")
    print(f"# history: {locations.history_db}")
    print(f"# start-up cache: {locations.cache_dir}\n")
    print(settings_text(settings), end="")
    return EXIT_OK
