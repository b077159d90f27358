"""Reminders that follow the plan: the plan as an iCalendar file for the person's own
calendar (``coach plan export FILE.ics``), and what is due right now (``coach remind``, for a
cron job or a systemd timer).

The calendar has one event per planned routine and time: weekly on the plan's days
(``RRULE:FREQ=WEEKLY;BYDAY=...``), at that time in the person's local time wherever they are
(a floating time), as long as coach estimates the routine takes, with an alarm as it starts.
Each event's UID is made from the routine and the time, so importing the file again updates
the same events rather than adding copies. A plan with no time of day becomes an all-day
event (a reminder on the day, no alarm at an hour coach does not know).

A time is due now from that time until :data:`REMIND_WITHIN` minutes after, while fewer of
the day's sessions of that routine are completed than the times up to it (the second time
of a twice-a-day plan is due once one session is done, not two).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from coach.coaching.plan import Due, Plan

if TYPE_CHECKING:
    from coach.config import Settings
    from coach.library import Library

__all__ = ["REMIND_WITHIN", "Reminder", "due_now", "plan_calendar", "routines_of"]

# Minutes after a planned time that ``coach remind`` still says it: run every 5 minutes (the
# README's cron line and timer), it says each time once; a longer interval wants --within.
REMIND_WITHIN = 5
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PRODID = "-//coach//foot exercises//EN"


@dataclass(frozen=True)
class Reminder:
    """One planned time that is due now."""

    routine: str
    name: str
    at: str  # HH:MM
    minutes: int  # coach's estimate of the routine's length

    def text(self) -> str:
        return (f"{self.name} is due at {self.at} (about {self.minutes} min): "
                f"coach run {self.routine}")


def routines_of(library: Library, settings: Settings
                ) -> tuple[dict[str, str], Callable[[str], float]]:
    """What both reminders say of a routine: its name by id, and coach's estimate of its
    length in seconds with these settings' get-ready and switch times."""
    def seconds(routine: str) -> float:
        return float(library.estimated_seconds(
            routine, prepare_seconds=settings.prepare_seconds,
            switch_seconds=settings.switch_seconds))

    return {r.id: r.name for r in library.routines.values()}, seconds


def _start(day: date, days: tuple[int, ...]) -> date:
    """The first of ``days`` (0 = Monday) on or after ``day``."""
    return next(day + timedelta(n) for n in range(7) if (day + timedelta(n)).weekday() in days)


def plan_calendar(plans: Iterable[Plan], names: Mapping[str, str],
                  seconds: Callable[[str], float], today: date, stamp: datetime) -> bytes:
    """The plans as an iCalendar file. ``names``: each routine's name (a plan of a routine
    no longer in the library is left out); ``seconds``: a routine's estimated length;
    ``stamp``: when the file is made (DTSTAMP, aware)."""
    from icalendar import Alarm, Calendar, Event, vRecur

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "coach: foot exercises")
    for plan in plans:
        name = names.get(plan.routine)
        if name is None:
            continue
        first = _start(today, plan.days)
        minutes = max(1, round(seconds(plan.routine) / 60))
        rule = vRecur(freq="WEEKLY", byday=[BYDAY[d] for d in plan.days])
        for at in plan.times or (None,):
            event = Event()
            event.add("uid", f"{plan.routine}-{(at or 'day').replace(':', '')}@coach")
            event.add("dtstamp", stamp)
            event.add("summary", f"coach: {name}")
            event.add("description", f"About {minutes} min. In a terminal: coach run "
                                     f"{plan.routine}")
            event.add("rrule", rule)
            if at is None:
                event.add("dtstart", first)
                event.add("dtend", first + timedelta(days=1))
            else:
                hour, minute = (int(part) for part in at.split(":"))
                event.add("dtstart", datetime.combine(first, time(hour, minute)))
                event.add("duration", timedelta(minutes=minutes))
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", f"Time for {name}")
                alarm.add("trigger", timedelta(0))
                event.add_component(alarm)
            calendar.add_component(event)
    return bytes(calendar.to_ical())


def due_now(due: Iterable[Due], names: Mapping[str, str], seconds: Callable[[str], float],
            now: datetime, within: int = REMIND_WITHIN) -> list[Reminder]:
    """The planned times of today (``due``) that are due at ``now`` (local, naive or aware:
    only its clock time counts), soonest first."""
    clock = now.time().replace(tzinfo=None)
    found = []
    for d in due:
        if d.routine not in names:
            continue
        for n, at in enumerate(d.times):
            hour, minute = (int(part) for part in at.split(":"))
            start = datetime.combine(now.date(), time(hour, minute))
            late = datetime.combine(now.date(), clock) - start
            if timedelta(0) <= late < timedelta(minutes=within) and d.completed <= n:
                found.append(Reminder(d.routine, names[d.routine], at,
                                      max(1, round(seconds(d.routine) / 60))))
    return sorted(found, key=lambda r: r.at)
