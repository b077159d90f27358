"""``coach list``, ``coach show`` and ``coach validate``: the library as plain text or JSON.

    coach list [--json]              every routine (length, exercises, equipment), every exercise
    coach show ID [--json] [--base]  an exercise's instructions, or a routine's items and steps
                                     at your levels (--base: the article's numbers)
    coach validate [FILE...] [--alone]   check library files as coach would use them

Like every command but the TUI, these never import Textual; the library (and pydantic with
it) is imported only when a command runs, so ``coach --help`` stays fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.cli.common import (
    EXIT_OK,
    EXIT_PROBLEM,
    EXIT_USAGE,
    AddCommand,
    CommandError,
    error,
    levels_for,
    library_for,
    locations_for,
    print_json,
    print_problems,
    settings_for,
)

if TYPE_CHECKING:
    from collections.abc import Sized

    from coach.config import Settings
    from coach.diagnostics import Problem
    from coach.library import Library
    from coach.models import Routine
    from coach.overview import RoutineOverview
    from coach.paths import Locations


def add_parsers(add_command: AddCommand) -> None:
    """The ``list``, ``show`` and ``validate`` sub-commands."""
    p = add_command("list", "list routines and exercises")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = add_command("show", "show an exercise's details or a routine's steps")
    p.add_argument("id", metavar="ID", help="exercise or routine id")
    p.add_argument("--json", action="store_true",
                   help="print JSON; a routine's adds \"progression\": each ranged item's "
                        "level (item, exercise, value, low, high, reason)")
    p.add_argument("--base", action="store_true",
                   help="a routine at the article's own numbers (the low end of each range), "
                        "not at your levels; --json then has no \"progression\"")

    p = add_command("validate", "check library files as coach uses them (default: the shipped "
                                "library and yours)")
    p.add_argument("paths", metavar="FILE", nargs="*", type=Path,
                   help="a file to check as your own library, over the shipped one (as coach "
                        "would use it, so a `coach routine export` file validates)")
    p.add_argument("--alone", action="store_true",
                   help="check each FILE as a whole library on its own (as --library uses it)")


# --- list ---------------------------------------------------------------------------------

def _routine_facts(routine: RoutineOverview, model: Routine) -> dict[str, Any]:
    """What ``list --json`` and ``show --json`` say of a routine, before its items or steps."""
    return {
        "id": routine.id,
        "name": routine.name,
        "description": routine.description,
        "source": routine.source,
        "estimated_seconds": round(routine.seconds, 1),
        "claimed_seconds": None if model.claimed_minutes is None else model.claimed_minutes * 60,
        "frequency": None if model.frequency is None else model.frequency.model_dump(),
        "self_paced": routine.self_paced,
        "exercise_count": routine.exercise_count,
        "equipment": list(routine.equipment),
    }


def cmd_list(args: argparse.Namespace) -> int:
    from coach.overview import overviews
    from coach.wording import aliases_text

    locations = locations_for(args)
    library = library_for(args, locations)
    settings = settings_for(locations)
    shown = overviews(library, settings)
    if args.json:
        print_json({
            "exercises": [ex.model_dump(mode="json") for ex in library.exercises.values()],
            "routines": [
                {**_routine_facts(r, library.routines[r.id]),
                 "items": [item.model_dump(mode="json") for item in library.routines[r.id].items]}
                for r in shown
            ],
        })
        return EXIT_OK
    id_width = max([len(r.id) for r in shown] + [len(i) for i in library.exercises] + [2])
    print("Routines")
    for r in shown:
        gear = ", ".join(r.equipment) or "no equipment"
        print(f"  {r.id:<{id_width}}  {r.length:>6}  {r.exercises_text:>12}  {r.name} ({gear})")
    print("\nExercises")
    for ex in library.exercises.values():
        aliases = aliases_text(ex)
        also = f"  (also: {aliases})" if aliases else ""
        print(f"  {ex.id:<{id_width}}  {ex.name}{also}")
    print("\n'~' marks an estimate: self-paced reps count as 4 s a rep. "
          "`coach show ID` for details.")
    return EXIT_OK


# --- show ---------------------------------------------------------------------------------

def cmd_show(args: argparse.Namespace) -> int:
    from coach.diagnostics import did_you_mean

    locations = locations_for(args)
    library = library_for(args, locations)
    if args.id in library.routines:
        _show_routine(library, args.id, settings_for(locations), args.json,
                      None if args.base else locations)
    elif args.id in library.exercises:
        _show_exercise(library, args.id, args.json)
    else:
        hint = did_you_mean(args.id, [*library.routines, *library.exercises])
        raise CommandError(f"no exercise or routine '{args.id}'{hint}; see `coach list`")
    return EXIT_OK


def _show_exercise(library: Library, exercise_id: str, as_json: bool) -> None:
    from coach.wording import exercise_sheet

    ex = library.exercises[exercise_id]
    used_by = library.routines_using(exercise_id)
    if as_json:
        print_json({**ex.model_dump(mode="json"), "routines": [r.id for r in used_by]})
        return
    sheet = exercise_sheet(ex)
    print(sheet.name + (f"  (also: {sheet.aliases})" if sheet.aliases else ""))
    print(sheet.purpose)
    print(f"\nStarting position: {sheet.position}")
    for step in sheet.steps:
        print(f"  {step}")
    if sheet.variants:
        print("\nVariants: " + "; ".join(name for name, _ in sheet.variants))
    print()
    for label, value in sheet.facts:
        print(f"{label}: {value}")
    print(f"Default: {sheet.prescription}")
    if used_by:
        print("\nIn routines:")
        for r in used_by:
            print(f"  {r.id}: {r.name}")


def _show_routine(library: Library, routine_id: str, settings: Settings, as_json: bool,
                  mine: Locations | None) -> None:
    """A routine at the person's levels (read from the history at ``mine``), or at the
    article's numbers when ``mine`` is None."""
    from coach import SAFETY_NOTE
    from coach.overview import overview
    from coach.progress import played_library
    from coach.timeline import format_duration
    from coach.wording import step_line

    levels = ([] if mine is None
              else levels_for(mine, settings, library, library.routines[routine_id]))
    if levels:
        library = played_library(library, library.routines[routine_id], levels)
    steps = library.steps(routine_id, prepare_seconds=settings.prepare_seconds,
                          switch_seconds=settings.switch_seconds)
    shown = overview(library, routine_id, settings, steps)
    routine = library.routines[routine_id]
    if as_json:
        facts = {**_routine_facts(shown, routine), "steps": [s.to_dict() for s in steps]}
        if mine is not None:
            facts["progression"] = [
                {"item": lv.item, "exercise": lv.exercise, "value": lv.value,
                 "low": lv.ranged.ladder.low, "high": lv.ranged.ladder.high,
                 "reason": lv.reason} for lv in levels]
        print_json(facts)
        return
    by_item = {lv.item: lv for lv in levels}
    length = ("about " if shown.self_paced else "") + format_duration(shown.seconds)
    print(f"{shown.name}  ({'; '.join(filter(None, [length, shown.claimed]))})")
    print(shown.description)
    if shown.source:
        print(f"Source: {shown.source}")
    if shown.frequency:
        print(f"How often: {shown.frequency}")
    print(f"Equipment: {', '.join(shown.equipment) or 'none'}\n")
    for n, (item, line) in enumerate(zip(routine.items, shown.items, strict=False), 1):
        print(f"{n}. {line.name}: {line.prescription}")
        if line.frequency:
            print(f"   How often: {line.frequency}")
        if item.note:
            print(f"   {item.note}")
        if n in by_item:
            lv = by_item[n]
            print(f"   Your level: {lv.reason} (the article's range: "
                  f"{lv.ranged.ladder.span()})")
    print("\nSteps")
    for step in steps:
        print(f"  {step.index + 1:>3}  {step_line(step, library.exercises)}")
    print(f"\n{SAFETY_NOTE}")


# --- validate -----------------------------------------------------------------------------

def cmd_validate(args: argparse.Namespace) -> int:
    """Each FILE as coach would use it: as the person's own library over the shipped one,
    or with ``--alone`` (and ``--library``) as a whole library. No FILE: the shipped library
    and the person's own, as ``coach`` loads them."""
    from coach import paths
    from coach.library import LibraryError, load_library, validate_paths

    locations = locations_for(args)
    targets: list[Path] = list(args.paths)
    alone: bool = args.alone
    if not targets and args.library is not None:
        targets, alone = [args.library], True
    if alone and not targets:
        raise CommandError("--alone checks the FILEs given; name at least one", EXIT_USAGE)
    said: list[str] = []
    problems: list[Problem] = []
    for path in targets:
        if alone:
            try:
                lib = load_library(library=path)
            except LibraryError as exc:
                problems += exc.problems
                continue
            said.append(f"ok: {path} on its own: {_counted(lib.exercises, 'exercise')}, "
                        f"{_counted(lib.routines, 'routine')}")
            continue
        merged, found = validate_paths([paths.shipped_library(), path])
        problems += found
        if merged is not None:
            own = [kind for (kind, _), origin in merged.origin.items() if origin == path]
            said.append(f"ok: {path}: {_counted(own.count('exercise'), 'exercise')} and "
                        f"{_counted(own.count('routine'), 'routine')} of its own, over the "
                        f"shipped library ({_counted(merged.exercises, 'exercise')}, "
                        f"{_counted(merged.routines, 'routine')} in all)")
    if not targets:
        try:
            library = load_library(None, user_library=locations.user_library)
        except LibraryError as exc:
            problems += exc.problems
        else:
            problems += library.problems
            files = ", ".join(sorted({str(p) for p in library.origin.values()}))
            said.append(f"ok: {_counted(library.exercises, 'exercise')}, "
                        f"{_counted(library.routines, 'routine')} ({files})")
    if problems:
        print_problems(problems)
        error(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found")
        return EXIT_PROBLEM
    for line in said:
        print(line)
    return EXIT_OK


def _counted(things: Sized | int, word: str) -> str:
    """``1 exercise``, ``12 routines``: ``things`` counted, or a count."""
    n = things if isinstance(things, int) else len(things)
    return f"{n} {word}{'' if n == 1 else 's'}"
