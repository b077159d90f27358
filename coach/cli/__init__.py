"""The ``coach`` command line: the parser, and :func:`main`, which runs one command.

``coach`` and ``coach run`` open the TUI (imported only then); ``list``, ``show``,
``validate``, ``config``, ``history``, ``checkin``, ``plan``, ``today``, ``remind``,
``level``, ``routine`` and ``report`` never import Textual, so they start fast; ``serve``
shows the app in a browser, textual-serve imported only then.
Every problem a person can cause ends in a message on stderr and a non-zero exit, never a
traceback.

Each command group is a module of its own, with its sub-commands' arguments and the code
that runs them: :mod:`~coach.cli.app_command` (``coach``, ``run``),
:mod:`~coach.cli.library_commands` (``list``, ``show``, ``validate``),
:mod:`~coach.cli.config_command`, :mod:`~coach.cli.history_commands`,
:mod:`~coach.cli.checkin_command`, :mod:`~coach.cli.plan_commands` (``plan``, ``today``),
:mod:`~coach.cli.remind_command`, :mod:`~coach.cli.level_command` (``level``),
:mod:`~coach.cli.routine_commands`, :mod:`~coach.cli.serve_command`,
:mod:`~coach.cli.report_command`; what they share is
in :mod:`~coach.cli.common`.
"""

from __future__ import annotations

import argparse
import sys

from coach import __version__
from coach.cli.common import (
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_PROBLEM,
    EXIT_USAGE,
    CommandError,
    add_location_options,
    error,
    internal_error,
)

__all__ = [
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_PROBLEM",
    "EXIT_USAGE",
    "CommandError",
    "build_parser",
    "main",
    "parse_args",
]


def build_parser() -> argparse.ArgumentParser:
    """The full parser, every sub-command on it (their modules hold only argparse code at
    the top; what a command needs loads when it runs)."""
    from coach.cli import (
        app_command,
        checkin_command,
        config_command,
        history_commands,
        level_command,
        library_commands,
        plan_commands,
        remind_command,
        report_command,
        routine_commands,
        serve_command,
    )

    parser = argparse.ArgumentParser(
        prog="coach",
        description="Keyboard-driven coaching through foot exercises against back, hip and "
                    "knee pain. With no command, opens the routine picker.",
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    add_location_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add_command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        add_location_options(p, top=False)
        return p

    # In the order `coach --help` lists them.
    app_command.add_parsers(add_command)
    library_commands.add_parsers(add_command)
    config_command.add_parsers(add_command)
    history_commands.add_parsers(add_command)
    checkin_command.add_parsers(add_command)
    plan_commands.add_parsers(add_command)
    remind_command.add_parsers(add_command)
    level_command.add_parsers(add_command)
    routine_commands.add_parsers(add_command)
    serve_command.add_parsers(add_command)
    report_command.add_parsers(add_command)
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line. A bare ``coach`` (global options at most) is read by a parser of the
    global options alone: building every sub-command's parser costs the app a few ms of its
    start. Anything else, a mistake included, goes to the full parser, which says it all."""
    argv = sys.argv[1:] if argv is None else argv
    quick = argparse.ArgumentParser(prog="coach", add_help=False, exit_on_error=False)
    add_location_options(quick, top=True)
    try:
        args, rest = quick.parse_known_args(argv)
    except argparse.ArgumentError:
        rest = argv
    if rest:
        return build_parser().parse_args(argv)
    args.command = None
    return args


def _dispatch(args: argparse.Namespace) -> int:
    """Run the command ``args`` name, importing only its own module."""
    command: str | None = args.command
    if command is None or command == "run":
        from coach.cli import app_command

        return app_command.cmd_app(args, args.routine if command == "run" else None)
    if command == "config":
        from coach.cli import config_command

        return config_command.cmd_config(args)
    if command == "history":
        from coach.cli import history_commands

        return history_commands.cmd_history(args)
    if command == "checkin":
        from coach.cli import checkin_command

        return checkin_command.cmd_checkin(args)
    if command in ("plan", "today"):
        from coach.cli import plan_commands

        return (plan_commands.cmd_plan if command == "plan" else plan_commands.cmd_today)(args)
    if command == "remind":
        from coach.cli import remind_command

        return remind_command.cmd_remind(args)
    if command == "level":
        from coach.cli import level_command

        return level_command.cmd_level(args)
    if command == "report":
        from coach.cli import report_command

        return report_command.cmd_report(args)
    if command == "routine":
        from coach.cli import routine_commands

        return routine_commands.cmd_routine(args)
    if command == "serve":
        from coach.cli import serve_command

        return serve_command.cmd_serve(args)
    from coach.cli import library_commands

    return {
        "list": library_commands.cmd_list,
        "show": library_commands.cmd_show,
        "validate": library_commands.cmd_validate,
    }[command](args)


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
            error(str(exc))
            return exc.status
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:
            # `coach list | head`: the reader left; say nothing more, not even at exit.
            output.close_stderr()
            return EXIT_OK
        except Exception as exc:  # the last guard: a person never sees a traceback
            return internal_error(exc)
