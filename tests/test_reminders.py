"""Reminders that follow the plan (coach.reminders, coach plan export, coach remind): the
calendar file a calendar reads (weekly rules on the plan's days, the routine's length, an
alarm, ids that stay the same so a second import updates), what is due now, and the two
commands through the command line's entry point on a private history and config."""

from __future__ import annotations

import os
import stat
from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar

from coach.cli import main
from coach.coaching.plan import Due, Plan
from coach.history import HistoryStore
from coach.reminders import due_now, plan_calendar

MONDAY = date(2026, 11, 30)
STAMP = datetime(2026, 11, 30, 12, 0).astimezone()
NAMES = {"morning": "Twenty-minute morning", "feet": "Feet-first five"}


def minutes(routine: str) -> float:
    return {"morning": 1710.0, "feet": 600.0}[routine]


def events(ics: bytes) -> list:
    return [c for c in Calendar.from_ical(ics).walk() if c.name == "VEVENT"]


def test_each_planned_time_is_a_weekly_event_with_its_length_and_an_alarm():
    plans = [Plan("morning", (0, 2, 4), ("07:30", "18:00")), Plan("feet", (3,), ())]
    ics = plan_calendar(plans, NAMES, minutes, MONDAY + timedelta(1), STAMP)
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n") and b"\r\n" in ics
    found = {str(e["uid"]): e for e in events(ics)}
    assert sorted(found) == ["feet-day@coach", "morning-0730@coach", "morning-1800@coach"]
    early = found["morning-0730@coach"]
    assert str(early["summary"]) == "coach: Twenty-minute morning"
    assert early["rrule"]["FREQ"] == ["WEEKLY"] and early["rrule"]["BYDAY"] == ["MO", "WE", "FR"]
    # from Tuesday, the first planned day is Wednesday, at 07:30 wherever the person is
    assert early.decoded("dtstart") == datetime(2026, 12, 2, 7, 30)
    assert early.decoded("duration") == timedelta(minutes=28)  # 1,710 s, rounded
    (alarm,) = [c for c in early.walk() if c.name == "VALARM"]
    assert alarm.decoded("trigger") == timedelta(0) and str(alarm["action"]) == "DISPLAY"
    all_day = found["feet-day@coach"]
    assert all_day.decoded("dtstart") == date(2026, 12, 3)  # a Thursday, no time of day
    assert not [c for c in all_day.walk() if c.name == "VALARM"]


def test_the_same_plan_made_again_keeps_its_ids_and_a_routine_gone_is_left_out():
    plans = [Plan("morning", (0,), ("07:30",)), Plan("gone", (1,), ("09:00",))]
    first = plan_calendar(plans, NAMES, minutes, MONDAY, STAMP)
    later = plan_calendar(plans, NAMES, minutes, MONDAY + timedelta(9),
                          STAMP + timedelta(days=9))
    assert [str(e["uid"]) for e in events(first)] == [str(e["uid"]) for e in events(later)]
    assert [str(e["uid"]) for e in events(first)] == ["morning-0730@coach"]


def test_a_name_from_the_library_is_text_in_the_calendar():
    names = {"morning": "Evil\nBEGIN:VALARM; [b]x[/b], é"}
    ics = plan_calendar([Plan("morning", (0,), ("07:30",))], names, lambda r: 60.0, MONDAY,
                        STAMP)
    (event,) = events(ics)
    assert str(event["summary"]) == "coach: Evil\nBEGIN:VALARM; [b]x[/b], é"
    assert len([c for c in event.walk() if c.name == "VALARM"]) == 1


@pytest.mark.parametrize(("clock", "completed", "within", "said"), [
    ("07:29", 0, 5, []),  # not yet
    ("07:30", 0, 5, ["07:30"]),
    ("07:34", 0, 5, ["07:30"]),
    ("07:35", 0, 5, []),  # said for five minutes: a timer every 5 says it once
    ("07:44", 0, 15, ["07:30"]),
    ("07:31", 1, 5, []),  # done already
    ("18:01", 1, 5, ["18:00"]),  # the second time is due after one session
    ("18:01", 2, 5, []),
])
def test_what_is_due_now(clock, completed, within, said):
    hour, minute = (int(p) for p in clock.split(":"))
    now = datetime(2026, 11, 30, hour, minute, 20)
    due = [Due("morning", ("07:30", "18:00"), completed), Due("feet", (), 0),
           Due("gone", ("07:30",), 0)]
    found = due_now(due, NAMES, minutes, now, within)
    assert [r.at for r in found] == said
    for reminder in found:
        assert reminder.text() == (f"Twenty-minute morning is due at {reminder.at} (about 28 "
                                   "min): coach run morning")


# --- the commands -------------------------------------------------------------------------

@pytest.fixture
def where(tmp_path) -> list[str]:
    return ["--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path / "config")]


def run(capsys, where, *args):
    code = main([*args, *where])
    out, err = capsys.readouterr()
    return code, out, err


def test_plan_export_writes_a_calendar_and_keeps_an_existing_file(capsys, where, tmp_path):
    code, _, err = run(capsys, where, "plan", "export", str(tmp_path / "plan.ics"))
    assert code == 1 and "no routine is planned yet" in err
    run(capsys, where, "plan", "set", "twenty-minute-morning", "--days", "mon,thu",
        "--at", "07:30")
    target = tmp_path / "plan.ics"
    code, out, err = run(capsys, where, "plan", "export", str(target))
    assert (code, err) == (0, "") and f"to {target}" in out
    (event,) = events(target.read_bytes())
    assert event["rrule"]["BYDAY"] == ["MO", "TH"]
    code, _, err = run(capsys, where, "plan", "export", str(target))
    assert code == 1 and "--force" in err
    assert run(capsys, where, "plan", "export", str(target), "--force")[0] == 0
    code, _, err = run(capsys, where, "plan", "export", str(tmp_path / "plan.txt"))
    assert code == 2 and ".ics" in err


def planned_now(tmp_path, when: datetime) -> None:
    with HistoryStore(tmp_path / "data" / "history.sqlite3") as store:
        store.set_plan("feet-first-five", tuple(range(7)), [f"{when:%H:%M}"],
                       when - timedelta(days=1))


def test_remind_says_what_is_due_now_and_nothing_otherwise(capsys, where, tmp_path,
                                                           monkeypatch):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"):
        monkeypatch.delenv(name, raising=False)
    assert run(capsys, where, "remind") == (0, "", "")  # no history at all
    planned_now(tmp_path, datetime.now().astimezone() + timedelta(hours=2))
    assert run(capsys, where, "remind") == (0, "", "")  # planned, not yet due
    planned_now(tmp_path, datetime.now().astimezone())
    code, out, err = run(capsys, where, "remind")
    assert (code, err) == (0, "")
    assert out.startswith("Feet-first five is due at ") and out.endswith(
        "coach run feet-first-five\n")


def test_remind_uses_a_desktop_notification_where_there_is_a_desktop(capsys, where, tmp_path,
                                                                      monkeypatch):
    fake = tmp_path / "bin" / "notify-send"
    fake.parent.mkdir()
    said = tmp_path / "said"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {said}\n')
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":0")
    planned_now(tmp_path, datetime.now().astimezone())
    assert run(capsys, where, "remind") == (0, "", "")
    lines = said.read_text().splitlines()
    assert lines[:2] == ["--app-name=coach", "coach"]
    assert lines[2].startswith("Feet-first five is due at ")
    code, out, _ = run(capsys, where, "remind", "--stdout")
    assert code == 0 and out.startswith("Feet-first five is due at ")
