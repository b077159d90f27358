"""``coach checkin PAIN [--note TEXT]``: say this morning's pain from the shell, as the app
asks it on the first start of a day after a session; kept in the history beside the sessions.

PAIN is a whole number from 0 to 10; anything else is a usage error (exit 2) said by
argparse, as for any bad value. A note is one text of at most
:data:`coach.history.document.MAX_NOTE` characters without control characters (tab and
newline allowed, as in a session's note). A history that cannot be written says why and
exits 1, as ``coach history`` does; at 7 or more the red flags follow what was recorded.
Never imports Textual; the store is imported only when the command runs.
"""

from __future__ import annotations

import argparse

from coach.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    AddCommand,
    CommandError,
    locations_for,
    open_history,
)


def _pain(text: str) -> int:
    try:
        pain = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number from 0 to 10, got {text[:20]!r}") from None
    if not 0 <= pain <= 10:
        raise argparse.ArgumentTypeError(f"must be from 0 to 10, got {text[:20]}")
    return pain


def add_parsers(add_command: AddCommand) -> None:
    """The ``checkin`` sub-command."""
    parser = add_command("checkin", "say this morning's pain, 0-10, kept in the history")
    parser.add_argument("pain", metavar="PAIN", type=_pain,
                        help="0 = no pain, 10 = the worst you can imagine")
    parser.add_argument("--note", metavar="TEXT", help="a few words to keep with it")


def cmd_checkin(args: argparse.Namespace) -> int:
    from datetime import datetime

    from coach.history import HistoryError
    from coach.history.checkins import checkin_problem
    from coach.safetext import visible

    problem = checkin_problem(args.pain, args.note)
    if problem is not None:
        raise CommandError(f"checkin: {problem}", EXIT_USAGE)
    store = open_history(locations_for(args).history_db, unless="nothing was recorded")
    try:
        kept = store.add_checkin(datetime.now().astimezone(), args.pain, args.note)
    except HistoryError as exc:
        raise CommandError(f"{exc}; nothing was recorded") from None
    finally:
        store.close()
    said = f"Checked in at {kept.at:%Y-%m-%d %H:%M}: pain {kept.pain}/10"
    if kept.note:
        said += f", note: {visible(kept.note, multiline=True)}"
    print(said)
    _red_flags(kept.pain)
    return EXIT_OK


def _red_flags(pain: int) -> None:
    """At a high score, what the pain question says in the app, in the same words."""
    from coach import FLAGS_WHY, RED_FLAGS, high_pain_reason

    why = high_pain_reason(pain)
    if why is not None:
        print(f"\n{why}\n{RED_FLAGS} {FLAGS_WHY}")
