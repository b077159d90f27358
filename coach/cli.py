"""The ``coach`` command line.

``coach`` and ``coach run`` open the TUI (imported only then); ``list``, ``show``,
``validate``, ``config``, ``history`` and ``routine`` never import Textual, so they start fast.
Every problem a person can cause ends in a message on stderr and a non-zero exit, never a
traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from coach import __version__

if TYPE_CHECKING:
    from collections.abc import Callable

    from coach.library import Library
    from coach.models import Routine
    from coach.overview import RoutineOverview
    from coach.paths import Locations

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70


class CommandError(Exception):
    """A message for the person, and the exit status to leave with."""

    def __init__(self, message: str, status: int = EXIT_PROBLEM):
        super().__init__(message)
        self.status = status


# --- output helpers ---------------------------------------------------------------------
# Whatever these print passes the guard main() puts in front of stdout and stderr (see
# coach.output): control characters in the text are shown, never obeyed.

def _color(text: str, code: str, stream=None) -> None:
    """Write ``text`` in the SGR colour ``code``, when the stream is a terminal and NO_COLOR
    is unset (the stream is looked up on each call: sys.stderr may be replaced)."""
    from coach import output

    output.paint(sys.stderr if stream is None else stream, text, code)


def _error(message: str) -> None:
    _color("coach: ", "1;31")
    print(message, file=sys.stderr)


def _warn(message: str) -> None:
    _color("coach: ", "1;33")
    print(message, file=sys.stderr)


def _print_problems(problems, heading: str | None = None) -> None:
    if heading:
        _error(heading)
    for p in problems:
        _color(str(p), "31")
        print(file=sys.stderr)


def _json(data) -> None:
    from coach import output

    print(output.json_text(data))


# --- parser -------------------------------------------------------------------------------

def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # Sub-commands repeat the global options so they work on either side of the command;
    # SUPPRESS keeps a sub-command's absent flag from hiding one given before it.
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--library", metavar="PATH", type=Path, default=default,
                        help="use this library file instead of the shipped one and yours")
    parser.add_argument("--config-dir", metavar="DIR", type=Path, default=default,
                        help="where config.toml and your own exercises.toml live")
    parser.add_argument("--data-dir", metavar="DIR", type=Path, default=default,
                        help="where the session history is kept")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coach",
        description="Keyboard-driven coaching through foot exercises against back, hip and "
                    "knee pain. With no command, opens the routine picker.",
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        _common(p, top=False)
        return p

    p = command("run", "start a routine straight away")
    p.add_argument("routine", metavar="ROUTINE", help="routine id (see coach list)")

    p = command("list", "list routines and exercises")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = command("show", "show an exercise's details or a routine's steps")
    p.add_argument("id", metavar="ID", help="exercise or routine id")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = command("validate", "check library files as coach uses them (default: the shipped "
                            "library and yours)")
    p.add_argument("paths", metavar="FILE", nargs="*", type=Path,
                   help="a file to check as your own library, over the shipped one (as coach "
                        "would use it, so a `coach routine export` file validates)")
    p.add_argument("--alone", action="store_true",
                   help="check each FILE as a whole library on its own (as --library uses it)")

    command("config", "print the settings and where they live")

    from coach import cli_history  # argparse only; the store loads when the command runs

    cli_history.add_arguments(command("history", "list past sessions, or export or import them"))

    from coach import cli_routine  # argparse only; routine_transfer loads when it runs

    cli_routine.add_arguments(command("routine", "export a routine to a file, or import one"))
    return parser


# --- loading ------------------------------------------------------------------------------

def _locations(args) -> Locations:
    from coach import paths

    return paths.resolve(args.config_dir, args.data_dir)


def _load(args, locations: Locations, load: Callable[[], Library] | None = None) -> Library:
    """The library (``--library``, or the shipped one with the user's), its problems
    reported; ``load`` reads it some other way (the start-up's already-read files)."""
    from coach.library import LibraryError, load_library

    if load is None:
        def load() -> Library:
            if args.library is not None:
                return load_library(library=args.library)
            return load_library(None, user_library=locations.user_library)

    try:
        library = load()
    except LibraryError as exc:
        _print_problems(exc.problems)
        raise CommandError("the library has problems; nothing was started") from None
    if library.problems:
        _print_problems(
            library.problems,
            f"your library {locations.user_library} has problems, so it was set aside "
            "(the shipped library is used):",
        )
    return library


def _settings(locations: Locations):
    from coach.config import load_settings

    settings, problems = load_settings(locations.config_file)
    _settings_problems(problems)
    return settings


def _settings_problems(problems) -> None:
    if problems:
        _print_problems(problems, "settings have problems; the defaults are used:")


# --- commands -----------------------------------------------------------------------------

def _routine_facts(routine: RoutineOverview, model: Routine) -> dict:
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


def cmd_list(args) -> int:
    from coach.overview import overviews

    locations = _locations(args)
    library = _load(args, locations)
    settings = _settings(locations)
    shown = overviews(library, settings)
    if args.json:
        _json({
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
        also = f"  (also: {', '.join(ex.aliases)})" if ex.aliases else ""
        print(f"  {ex.id:<{id_width}}  {ex.name}{also}")
    print("\n'~' marks an estimate: self-paced reps count as 4 s a rep. "
          "`coach show ID` for details.")
    return EXIT_OK


def _show_exercise(library: Library, exercise_id: str, as_json: bool) -> None:
    from coach.wording import prescription_text

    ex = library.exercises[exercise_id]
    used_by = library.routines_using(exercise_id)
    if as_json:
        _json({**ex.model_dump(mode="json"), "routines": [r.id for r in used_by]})
        return
    print(ex.name + (f"  (also: {', '.join(ex.aliases)})" if ex.aliases else ""))
    print(ex.purpose)
    print(f"\nStarting position: {ex.position}")
    for n, text in enumerate(ex.steps, 1):
        print(f"  {n}. {text}")
    if ex.variants:
        print("\nVariants: " + "; ".join(v.name for v in ex.variants))
    print(f"\nEquipment: {', '.join(ex.equipment) or 'none'}")
    print(f"Works: {', '.join(ex.areas) or '-'}")
    print(f"Sides: {'one foot at a time' if ex.sides == 'each' else 'both feet together'}")
    print(f"Default: {prescription_text(ex, ex.prescription)}")
    if used_by:
        print("\nIn routines:")
        for r in used_by:
            print(f"  {r.id}: {r.name}")


def _show_routine(library: Library, routine_id: str, settings, as_json: bool) -> None:
    from coach.overview import overview
    from coach.timeline import format_duration
    from coach.wording import step_line

    steps = library.steps(routine_id, prepare_seconds=settings.prepare_seconds,
                          switch_seconds=settings.switch_seconds)
    shown = overview(library, routine_id, settings, steps)
    routine = library.routines[routine_id]
    if as_json:
        _json({**_routine_facts(shown, routine), "steps": [s.to_dict() for s in steps]})
        return
    from coach import SAFETY_NOTE

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
    print("\nSteps")
    for step in steps:
        print(f"  {step.index + 1:>3}  {step_line(step, library.exercises)}")
    print(f"\n{SAFETY_NOTE}")


def cmd_show(args) -> int:
    from coach.diagnostics import did_you_mean

    locations = _locations(args)
    library = _load(args, locations)
    if args.id in library.routines:
        _show_routine(library, args.id, _settings(locations), args.json)
    elif args.id in library.exercises:
        _show_exercise(library, args.id, args.json)
    else:
        hint = did_you_mean(args.id, [*library.routines, *library.exercises])
        raise CommandError(f"no exercise or routine '{args.id}'{hint}; see `coach list`")
    return EXIT_OK


def cmd_validate(args) -> int:
    """Each FILE as coach would use it: as the person's own library over the shipped one,
    or with ``--alone`` (and ``--library``) as a whole library. No FILE: the shipped library
    and the person's own, as ``coach`` loads them."""
    from coach import paths
    from coach.library import LibraryError, load_library, validate_paths

    locations = _locations(args)
    targets = list(args.paths)
    alone = args.alone
    if not targets and args.library is not None:
        targets, alone = [args.library], True
    if alone and not targets:
        raise CommandError("--alone checks the FILEs given; name at least one", EXIT_USAGE)
    said: list[str] = []
    problems = []
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
        lib, found = validate_paths([paths.shipped_library(), path])
        problems += found
        if lib is not None:
            own = [kind for (kind, _), origin in lib.origin.items() if origin == path]
            said.append(f"ok: {path}: {_counted(own.count('exercise'), 'exercise')} and "
                        f"{_counted(own.count('routine'), 'routine')} of its own, over the "
                        f"shipped library ({_counted(lib.exercises, 'exercise')}, "
                        f"{_counted(lib.routines, 'routine')} in all)")
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
        _print_problems(problems)
        _error(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found")
        return EXIT_PROBLEM
    for line in said:
        print(line)
    return EXIT_OK


def _counted(things, word: str) -> str:
    n = things if isinstance(things, int) else len(things)
    return f"{n} {word}{'' if n == 1 else 's'}"


def cmd_config(args) -> int:
    from coach.config import settings_text

    locations = _locations(args)
    if args.library is not None:
        _load(args, locations)  # a broken --library refuses here as on every other command
    settings = _settings(locations)
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


def _interactive() -> bool:
    """Whether a person is at a terminal on both ends; the one place tests swap."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _startup(args, locations: Locations):
    """The files the app starts from; validated here unless the start-up cache vouches for
    them (see :mod:`coach.startup_cache`), so problems are reported before the app opens."""
    from coach.startup_cache import Startup

    startup = Startup(locations, args.library)
    if startup.from_cache():
        return startup, None
    library = _load(args, locations, startup.library)
    startup.load_settings()
    _settings_problems(startup.settings_problems)
    return startup, library


def cmd_tui(args, routine_id: str | None = None) -> int:
    locations = _locations(args)
    startup, library = _startup(args, locations)
    routine_ids = ([o.id for o in startup.overviews] if library is None
                   else list(library.routines))
    if routine_id is not None and routine_id not in routine_ids:
        from coach.diagnostics import did_you_mean

        hint = did_you_mean(routine_id, routine_ids)
        raise CommandError(f"no routine '{routine_id}'{hint}; see `coach list`")
    if not _interactive():
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
        return _internal_error(app.crash)
    return app.return_code or EXIT_OK


def _dispatch(args) -> int:
    if args.command is None:
        return cmd_tui(args)
    if args.command == "run":
        return cmd_tui(args, args.routine)
    if args.command == "history":
        from coach.cli_history import cmd_history

        return cmd_history(args)
    if args.command == "routine":
        from coach.cli_routine import cmd_routine

        return cmd_routine(args)
    return {
        "list": cmd_list, "show": cmd_show, "validate": cmd_validate, "config": cmd_config,
    }[args.command](args)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line. A bare ``coach`` (global options at most) is read by a parser of the
    global options alone: building every sub-command's parser costs the app a few ms of its
    start. Anything else, a mistake included, goes to the full parser, which says it all."""
    argv = sys.argv[1:] if argv is None else argv
    quick = argparse.ArgumentParser(prog="coach", add_help=False, exit_on_error=False)
    _common(quick, top=True)
    try:
        args, rest = quick.parse_known_args(argv)
    except argparse.ArgumentError:
        rest = argv
    if rest:
        return build_parser().parse_args(argv)
    args.command = None
    return args


def main(argv: list[str] | None = None) -> int:
    """Run ``coach ARGV``; the exit status. Everything printed meanwhile, argparse's usage
    errors and help included, passes the guard in :mod:`coach.output`."""
    from coach import output

    with output.guarded():
        try:
            status = _dispatch(parse_args(argv))
            sys.stdout.flush()  # a reader that left shows here, not at exit
            return status
        except CommandError as exc:
            _error(str(exc))
            return exc.status
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:
            # `coach list | head`: the reader left; say nothing more, not even at exit.
            output.close_stderr()
            return EXIT_OK
        except Exception as exc:  # the last guard: a person never sees a traceback
            return _internal_error(exc)


def _internal_error(exc: BaseException) -> int:
    from coach.crashlog import write_report

    report = write_report(exc)
    where = (f"; details are in {report}" if report is not None
             else " (the details could not be saved)")
    # One line, whatever the exception's message holds.
    said = " ".join(str(exc).split())
    _error(f"unexpected error: {exc.__class__.__name__}: {said}{where}")
    return EXIT_INTERNAL
