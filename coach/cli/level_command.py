"""``coach level ROUTINE [ITEM hold|release|reset]``: the person's level of each ranged item
of a routine, with why, and their choice to hold, release or reset one.

ITEM is the item's number as ``coach show`` and the preview give it (from 1), or its
exercise's id. Only items whose numbers are a range have a level; any other is refused with
the reason. A choice is kept in the history at once (a history that cannot be written says
why, exit 1). Never imports Textual; the store is imported only when the command runs.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from coach.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    AddCommand,
    CommandError,
    levels_for,
    library_for,
    locations_for,
    open_history,
    settings_for,
)

if TYPE_CHECKING:
    from coach.coaching.progression import ItemLevel
    from coach.library import Library
    from coach.models import Routine
    from coach.paths import Locations

CHOICES = ("hold", "release", "reset")


def add_parsers(add_command: AddCommand) -> None:
    """The ``level`` sub-command."""
    p = add_command("level", "your level of each ranged item of a routine, and why; hold, "
                             "release or reset one")
    p.add_argument("routine", metavar="ROUTINE", help="routine id (see coach list)")
    p.add_argument("item", metavar="ITEM", nargs="?",
                   help="the item's number (as coach show numbers them) or its exercise id")
    p.add_argument("choice", metavar="CHOICE", nargs="?", choices=CHOICES,
                   help="hold: keep the level where it is; release: let easy sessions step "
                        "it up again; reset: back to the low end of the range")


def _line(level: ItemLevel, library: Library) -> str:
    from coach.coaching.progression import level_line

    return level_line(level, library.exercises[level.exercise].name)


def cmd_level(args: argparse.Namespace) -> int:
    from coach.diagnostics import did_you_mean

    locations = locations_for(args)
    library = library_for(args, locations)
    if args.routine not in library.routines:
        hint = did_you_mean(args.routine, library.routines)
        raise CommandError(f"no routine '{args.routine}'{hint}; see `coach list`")
    routine = library.routines[args.routine]
    settings = settings_for(locations)
    if args.item is None:
        levels = levels_for(locations, settings, library, routine)
        if not levels:
            print(f"{routine.name} has no item whose numbers are a range: nothing in it "
                  "progresses.")
            return EXIT_OK
        print(f"{routine.name}: your levels")
        for level in levels:
            print(f"  {_line(level, library)}")
        return EXIT_OK
    if args.choice is None:
        raise CommandError(f"level: say what to do with item {args.item}: "
                           f"{', '.join(CHOICES[:-1])} or {CHOICES[-1]}", EXIT_USAGE)
    number, exercise = _item(routine, library, args.item)
    _choose(locations, routine, number, exercise, args.choice)
    mine = levels_for(locations, settings, library, routine)
    print(next(_line(lv, library) for lv in mine if lv.item == number))
    return EXIT_OK


def _item(routine: Routine, library: Library, said: str) -> tuple[int, str]:
    """The item ``said`` names (a number from 1 or an exercise id) as (number, exercise);
    refused unless its numbers are a range."""
    from coach.coaching.progression import ranged_items
    from coach.diagnostics import did_you_mean

    items = routine.items
    if said.isdigit():
        number = int(said)
        if not 1 <= number <= len(items):
            raise CommandError(f"{routine.id} has items 1 to {len(items)}; there is no item "
                               f"{said}")
    else:
        numbers = [n for n, item in enumerate(items, 1) if item.exercise == said]
        if not numbers:
            hint = did_you_mean(said, [item.exercise for item in items])
            raise CommandError(f"no item '{said}' in {routine.id}{hint}; its items are "
                               + ", ".join(f"{n}. {item.exercise}"
                                           for n, item in enumerate(items, 1)))
        ranged = {r.item for r in ranged_items(routine, library.exercises)}
        several = [n for n in numbers if n in ranged]
        if len(several) > 1:
            raise CommandError(f"'{said}' is items {', '.join(map(str, several))} of "
                               f"{routine.id}; name one by its number")
        number = several[0] if several else numbers[0]
    exercise = items[number - 1].exercise
    if number not in {r.item for r in ranged_items(routine, library.exercises)}:
        raise CommandError(f"item {number} of {routine.id} ({exercise}) has no level: only "
                           "an item whose numbers are a range, the same on both sides, "
                           "progresses")
    return number, exercise


def _choose(locations: Locations, routine: Routine, number: int, exercise: str,
            choice: str) -> None:
    from datetime import datetime

    from coach.history import HistoryError

    store = open_history(locations.history_db, unless="nothing was changed")
    try:
        store.add_level_choice(datetime.now().astimezone(), routine.id, number, exercise,
                               choice)
    except HistoryError as exc:
        raise CommandError(f"{exc}; nothing was changed") from None
    finally:
        store.close()
