"""``coach plan`` and ``coach today``: when each routine is meant to be played, and what the
day holds.

    coach plan                                   the plans, then the articles' defaults
    coach plan set ROUTINE [--days D] [--at HH:MM ...]
    coach plan clear ROUTINE
    coach plan export FILE.ics                   the plan for your own calendar
    coach today [--json]                         due, done, light, trend, suggestion, missed

``--days`` is ``daily`` or days such as ``mon,wed,fri``; without it, the routine's article
frequency is the plan (a routine whose article gives none asks for ``--days``). A day or a
time coach cannot read is a usage error (exit 2) said by argparse; a routine the library
does not have is exit 1 with a did-you-mean. The plan is kept in the history. Never imports
Textual; the store and the rules load only when the command runs.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from coach.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    AddCommand,
    CommandError,
    add_location_options,
    library_for,
    locations_for,
    open_history,
    print_json,
    settings_for,
    warn,
)

if TYPE_CHECKING:
    from coach.history import HistoryStore
    from coach.planning import Today


def _days(text: str) -> tuple[int, ...]:
    from coach.coaching.plan import parse_days

    try:
        return parse_days(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _time(text: str) -> str:
    from coach.coaching.plan import parse_time

    try:
        return parse_time(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parsers(add_command: AddCommand) -> None:
    """The ``plan`` sub-command (list, ``set``, ``clear``) and ``today``."""
    parser = add_command("plan", "when each routine is meant to be played: list, set, clear")
    actions = parser.add_subparsers(dest="plan_action", metavar="ACTION")
    p = actions.add_parser(
        "set", help="plan a routine on some days, at some times",
        description="Plan ROUTINE on some days of the week, at some times of day. Without "
                    "--days, the frequency its article gives.")
    p.add_argument("routine", metavar="ROUTINE", help="routine id (see coach list)")
    p.add_argument("--days", type=_days, metavar="DAYS",
                   help="daily, or days such as mon,wed,fri")
    p.add_argument("--at", dest="times", type=_time, action="append", metavar="HH:MM",
                   help="a time of day; give it again for each time (none: any time)")
    add_location_options(p, top=False)
    p = actions.add_parser("clear", help="drop a routine's plan",
                           description="Drop ROUTINE's plan; its sessions are kept.")
    p.add_argument("routine", metavar="ROUTINE")
    add_location_options(p, top=False)
    p = actions.add_parser(
        "export", help="the plan as an iCalendar file, for your own calendar's reminders",
        description="Write the plan to FILE (.ics): one weekly event per planned routine "
                    "and time, with an alarm as it starts. Importing it again updates the "
                    "same events.")
    p.add_argument("file", metavar="FILE.ics")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    add_location_options(p, top=False)
    parser = add_command("today", "what is due today, what was done, and what to do next")
    parser.add_argument("--json", action="store_true", help="as JSON")


def _open(args: argparse.Namespace) -> HistoryStore:
    return open_history(locations_for(args).history_db)


# --- coach plan ---------------------------------------------------------------------------

def cmd_plan(args: argparse.Namespace) -> int:
    from coach.history import HistoryError

    locations = locations_for(args)
    library = library_for(args, locations)
    action = getattr(args, "plan_action", None)
    store = _open(args)
    try:
        if action == "set":
            _set(store, library.routines, args)
        elif action == "clear":
            _clear(store, library.routines, args.routine)
        elif action == "export":
            _export(store, library, settings_for(locations), args)
        else:
            _list(store, library.routines)
    except HistoryError as exc:
        raise CommandError(str(exc)) from None
    finally:
        store.close()
    return EXIT_OK


def _when(days: tuple[int, ...], times: tuple[str, ...]) -> str:
    from coach.coaching.plan import days_text

    return f"{days_text(days)} at {', '.join(times) if times else 'any time'}"


def _list(store: HistoryStore, routines: dict[str, Any]) -> None:
    from coach.planning import planned

    rows = planned(store, routines)
    plans = [r for r in rows if r.plan is not None]
    offers = [r for r in rows if r.plan is None]
    if not plans:
        print("No routine is planned yet.")
    for row in plans:
        assert row.plan is not None
        name = row.name if row.name is not None else "(no longer in the library)"
        print(f"{row.routine}  {name}: {_when(row.plan.days, row.plan.times)}")
    if plans:
        _adherence(store)
    if offers:
        print("\nNot planned yet; the articles suggest:")
    for row in offers:
        assert row.default is not None
        print(f"{row.routine}  {row.name}: \"{row.words}\" -> "
              f"{_when(row.default.days, row.default.times)}")
    if offers:
        print("\n`coach plan set ROUTINE` plans one as its article suggests; "
              "--days and --at choose.")


def _adherence(store: HistoryStore) -> None:
    """Done of planned, this week so far and each of the four before, newest first."""
    from datetime import date

    from coach.planning import adherence_on

    found = adherence_on(store, date.today())
    week = found.this_week
    before = ", ".join(f"{w.done} of {w.planned}" for w in reversed(found.earlier))
    print(f"\nDone of planned: this week {week.done} of {week.planned}; "
          f"the four weeks before, newest first: {before}")


def _known(routines: dict[str, Any], routine: str, also: list[str] | None = None) -> None:
    from coach.diagnostics import did_you_mean

    if routine not in routines:
        hint = did_you_mean(routine, [*routines, *(also or [])])
        raise CommandError(f"no routine '{routine}'{hint}; see `coach list`")


def _set(store: HistoryStore, routines: dict[str, Any], args: argparse.Namespace) -> None:
    from datetime import datetime

    from coach.planning import article_default

    _known(routines, args.routine)
    routine = routines[args.routine]
    default = article_default(routine)
    if args.days is None and default is None:
        raise CommandError(f"{routine.id}: its article gives no frequency; say the days with "
                           "--days daily or --days mon,wed,fri", EXIT_USAGE)
    if args.days is not None:
        days, times = args.days, args.times or ()
    else:
        assert default is not None
        days, times = default[0].days, args.times or default[0].times
    try:
        kept = store.set_plan(routine.id, days, sorted(set(times)),
                              datetime.now().astimezone())
    except ValueError as exc:
        raise CommandError(f"plan set: {exc}", EXIT_USAGE) from None
    print(f"Planned {routine.id}  {routine.name}: {_when(kept.days, kept.times)}")


def _clear(store: HistoryStore, routines: dict[str, Any], routine: str) -> None:
    planned = [p.routine for p in store.plans()]
    if routine not in planned:
        if routine not in routines:
            _known(routines, routine, planned)
        raise CommandError(f"'{routine}' has no plan; see `coach plan`")
    store.clear_plan(routine)
    print(f"The plan of {routine} is cleared; its sessions are kept.")


def _export(store: HistoryStore, library: Any, settings: Any, args: argparse.Namespace) -> None:
    from datetime import datetime
    from pathlib import Path

    from coach.files import FileProblem, TargetExists, write_file
    from coach.reminders import plan_calendar, routines_of

    path = Path(args.file)
    if path.suffix.lower() != ".ics":
        raise CommandError(f"{path}: an iCalendar file's name ends in .ics", EXIT_USAGE)
    plans = store.plans()
    if not plans:
        raise CommandError("no routine is planned yet; `coach plan set ROUTINE` plans one")
    names, seconds = routines_of(library, settings)
    now = datetime.now().astimezone()
    content = plan_calendar(plans, names, seconds, now.date(), now)
    try:
        write_file(path, content, replace=args.force, binary=True)  # CRLF, as RFC 5545 asks
    except TargetExists:
        raise CommandError(f"{path} exists; --force replaces it") from None
    except FileProblem as exc:
        raise CommandError(str(exc)) from None
    left = [p.routine for p in plans if p.routine not in names]
    print(f"Wrote {len(plans) - len(left)} planned routine(s) to {path}; import it into "
          "your calendar (again after changing the plan: the same events are updated).")
    if left:
        warn(f"left out, no longer in the library: {', '.join(left)}")


# --- coach today --------------------------------------------------------------------------

def cmd_today(args: argparse.Namespace) -> int:
    from datetime import datetime

    from coach.history import HistoryError
    from coach.planning import today

    locations = locations_for(args)
    library = library_for(args, locations)
    settings = settings_for(locations)
    store = _open(args)
    try:
        day = today(store, library.routines, settings, datetime.now().astimezone())
    except HistoryError as exc:
        raise CommandError(str(exc)) from None
    finally:
        store.close()
    names = {r.id: r.name for r in library.routines.values()}
    if args.json:
        print_json(_today_json(day, names))
    else:
        _today_text(day, names)
    return EXIT_OK


def _today_json(day: Today, names: dict[str, str]) -> dict[str, Any]:
    light, trend, missed = day.light, day.trend, day.missed
    return {
        "date": day.day.isoformat(),
        "due": [{"routine": d.routine, "name": name, "at": list(d.times), "done": d.done,
                 "completed": d.completed} for d, name in day.due],
        "done": [{"routine": r, "name": n, "at": at.isoformat(timespec="seconds"),
                  "status": s} for r, n, at, s in day.played],
        "light": None if light is None else {
            "colour": light.colour, "reason": light.reason, "settled": light.settled,
            "stop": light.stop},
        "trend": None if trend is None else {
            "first_week": trend.first_week,
            "first_week_from": trend.first_week_from.isoformat(),
            "last_7_days": trend.last_days, "change": trend.change,
            "percent": trend.percent, "direction": trend.direction,
            "meaningful": trend.meaningful, "text": trend.text},
        "suggestion": {"text": day.suggestion.text, "why": day.suggestion.why,
                       "stop": day.suggestion.stop},
        "missed": None if missed is None else {
            "date": missed.day.isoformat(), "routine": missed.routine,
            "name": names.get(missed.routine, missed.routine)},
    }


def _today_text(day: Today, names: dict[str, str]) -> None:
    print(f"Today, {day.day:%A} {day.day.day} {day.day:%B %Y}")
    if day.due:
        print("\nDue:")
    for d, name in day.due:
        when = ", ".join(d.times) if d.times else "any time"
        if d.done:
            state = "done"
        elif d.times and d.completed:
            state = f"{d.completed} of {len(d.times)} done"
        else:
            state = "to do"
        print(f"  {name} ({d.routine}), {when}: {state}")
    if not day.due:
        print("Nothing is planned for today (`coach plan` to plan).")
    if day.played:
        print("\nPlayed today:")
    for _, name, at, status in day.played:
        print(f"  {at:%H:%M}  {name}: {status}")
    if day.light is not None:
        print(f"\nLast session: {day.light.colour}. {day.light.reason}")
    if day.trend is not None:
        print(f"\n{day.trend.text}")
    print(f"\nSuggestion: {day.suggestion.text}\n  Why: {day.suggestion.why}")
    if day.missed is not None:
        name = names.get(day.missed.routine, day.missed.routine)
        on = day.missed.day
        print(f"\n{name} was planned on {on:%A} {on.day} {on:%B} and not played; coach "
              "will ask why when it opens.")
