"""``coach remind``: what the plan says is due now, for a cron job or a systemd user timer.

    coach remind [--within MINUTES] [--stdout]

A planned time is due from that time until ``--within`` minutes after (5 by default: run it
every 5 minutes and each time is said once), while that session of the day is not completed
(see :mod:`coach.reminders`). Each is said as a
desktop notification where there is a desktop to show it (``notify-send``, with a display
or a session bus), otherwise, or with ``--stdout``, on standard output. Nothing due: nothing
is said, exit 0. Never imports Textual.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess

from coach.cli.common import (
    EXIT_OK,
    AddCommand,
    CommandError,
    library_for,
    locations_for,
    settings_for,
    warn,
)

# Long enough for notify-send to hand the notification over, short enough for a timer.
NOTIFY_TIMEOUT = 10


def _minutes(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 24 * 60:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of minutes from 1 to 1440")
    return int(text)


def add_parsers(add_command: AddCommand) -> None:
    parser = add_command("remind", "say what the plan says is due now (for a cron job or "
                                   "a systemd timer)")
    parser.add_argument("--within", type=_minutes, default=None, metavar="MINUTES",
                        help="how long after a planned time it is still said (default 5: "
                             "match how often it runs)")
    parser.add_argument("--stdout", action="store_true",
                        help="print it, even where a desktop notification could be shown")


def _desktop() -> str | None:
    """notify-send's path, when there is a desktop session to show a notification in."""
    if not any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY",
                                            "DBUS_SESSION_BUS_ADDRESS")):
        return None
    return shutil.which("notify-send")


def cmd_remind(args: argparse.Namespace) -> int:
    from datetime import datetime

    from coach.history import HistoryError, HistoryStore
    from coach.planning import due_marks
    from coach.reminders import REMIND_WITHIN, due_now, routines_of

    locations = locations_for(args)
    library = library_for(args, locations)
    settings = settings_for(locations)
    if not locations.history_db.exists():
        return EXIT_OK  # nothing was ever planned
    now = datetime.now().astimezone()
    try:
        with HistoryStore(locations.history_db, read_only=True) as store:
            due = due_marks(store, now.date()).values()
    except HistoryError as exc:  # unavailable or damaged included
        raise CommandError(str(exc)) from None
    names, seconds = routines_of(library, settings)
    reminders = due_now(due, names, seconds, now, args.within or REMIND_WITHIN)
    notify = None if args.stdout else _desktop()
    for reminder in reminders:
        if notify is not None:
            try:
                subprocess.run([notify, "--app-name=coach", "coach", reminder.text()],
                               check=True, timeout=NOTIFY_TIMEOUT,
                               stdin=subprocess.DEVNULL, capture_output=True)
                continue
            except (OSError, subprocess.SubprocessError) as exc:
                warn(f"notify-send failed ({exc}); said here instead")
                notify = None
        print(reminder.text())
    return EXIT_OK
