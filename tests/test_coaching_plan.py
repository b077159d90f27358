"""The plan's pure rules on a made-up calendar: days and times read and said, the article's
default, what is due on a day, adherence week by week, and the missed day to ask about."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach.coaching.plan import (
    Due,
    Missed,
    Plan,
    Week,
    adherence,
    days_text,
    default_plan,
    due_on,
    last_missed,
    parse_days,
    parse_time,
)

MON = date(2026, 11, 30)  # a Monday
WED, FRI, SUN = MON + timedelta(days=2), MON + timedelta(days=4), MON + timedelta(days=6)


@pytest.mark.parametrize(("text", "days"), [
    ("daily", (0, 1, 2, 3, 4, 5, 6)),
    ("mon,wed,fri", (0, 2, 4)),
    ("Fri, MON", (0, 4)),
    ("sun,sun", (6,)),
])
def test_days_are_read(text, days):
    assert parse_days(text) == days


@pytest.mark.parametrize("text", ["", "monday", "mon,,wed", "daily,mon", "\x1b"])
def test_bad_days_are_refused_with_the_names_known(text):
    with pytest.raises(ValueError, match="use daily, or days from mon, tue"):
        parse_days(text)


@pytest.mark.parametrize(("text", "time"), [("07:30", "07:30"), ("7:30", "07:30"),
                                            (" 23:59 ", "23:59"), ("0:00", "00:00")])
def test_times_are_read(text, time):
    assert parse_time(text) == time


@pytest.mark.parametrize("text", ["24:00", "7:60", "7.30", "0730", "", "07:30pm"])
def test_bad_times_are_refused(text):
    with pytest.raises(ValueError, match="use HH:MM"):
        parse_time(text)


@pytest.mark.parametrize(("days", "said"), [((0, 1, 2, 3, 4, 5, 6), "daily"),
                                            ((4, 0, 2), "mon,wed,fri"), ((6,), "sun")])
def test_days_are_said_as_the_command_takes_them(days, said):
    assert days_text(days) == said
    assert parse_days(said) == tuple(sorted(days))


@pytest.mark.parametrize(("times", "per", "days", "at"), [
    (1, "day", (0, 1, 2, 3, 4, 5, 6), ()),
    (2, "day", (0, 1, 2, 3, 4, 5, 6), ("08:00", "20:00")),
    (3, "day", (0, 1, 2, 3, 4, 5, 6), ("08:00", "14:00", "20:00")),
    (1, "week", (0,), ()),
    (2, "week", (0, 3), ()),
    (3, "week", (0, 2, 4), ()),
    (5, "week", (0, 1, 2, 4, 5), ()),
    (7, "week", (0, 1, 2, 3, 4, 5, 6), ()),
    (14, "week", (0, 1, 2, 3, 4, 5, 6), ("08:00", "20:00")),
    (20, "day", (0, 1, 2, 3, 4, 5, 6), ("08:00", "09:43", "11:26", "13:09", "14:51", "16:34",
                                        "18:17", "20:00")),
])
def test_the_default_spreads_the_articles_frequency(times, per, days, at):
    assert default_plan("r", times, per) == Plan("r", days, at)


def test_due_on_a_day_lists_the_plans_of_its_weekday_with_what_was_completed():
    plans = [Plan("a", (0, 2, 4)), Plan("b", (0,), ("07:30", "15:00")), Plan("c", (1,))]
    assert due_on(MON, plans, {"b": 1, "c": 1}) == [
        Due("a", (), 0), Due("b", ("07:30", "15:00"), 1)]
    assert [d.done for d in due_on(MON, plans, {"a": 1, "b": 1})] == [True, False]
    assert [d.done for d in due_on(MON, plans, {"a": 3, "b": 2})] == [True, True]
    assert due_on(SUN, plans, {}) == []


def test_a_plan_set_after_a_day_asks_nothing_of_it():
    assert due_on(MON, [Plan("a", (0,), since=MON + timedelta(days=1))], {}) == []
    assert due_on(MON, [Plan("a", (0,), since=MON)], {}) == [Due("a", (), 0)]


def test_adherence_counts_done_of_planned_this_week_and_the_four_before():
    plans = [Plan("a", (0, 2, 4)), Plan("b", (0,), ("07:30", "15:00"))]
    completed = {
        MON: {"a": 1, "b": 3},            # b twice asked: 2 of 2, the third counts nothing
        WED: {"a": 2},                    # a second session makes up for no other day
        MON - timedelta(weeks=1): {"a": 1},
        MON - timedelta(weeks=5): {"a": 1},  # five weeks back: outside
    }
    found = adherence(WED, plans, completed)
    assert found.this_week == Week(MON, 4, 4)  # Mon: a + b b; Wed: a (Fri not yet)
    assert found.earlier == tuple(Week(MON - timedelta(weeks=n), 5, 1 if n == 1 else 0)
                                  for n in (4, 3, 2, 1))


def test_adherence_with_no_plan_is_nothing_planned():
    found = adherence(WED, [], {MON: {"a": 1}})
    assert found.this_week == Week(MON, 0, 0)
    assert all(w.planned == 0 for w in found.earlier)


@pytest.mark.parametrize(("today", "completed", "answered", "missed"), [
    # Wednesday: Monday was the last planned day; nothing done then.
    (WED, {}, [], Missed(MON, "a")),
    (WED, {MON: {"a": 1}}, [], Missed(MON, "b")),
    (WED, {MON: {"a": 1, "b": 1}}, [], None),   # b played once of twice: not missed
    (WED, {}, [(MON, "a")], Missed(MON, "b")),
    (WED, {}, [(MON, "a"), (MON, "b")], None),
    # Friday: Wednesday was the last planned day (a); done, so Monday's miss is never asked.
    (FRI, {WED: {"a": 1}}, [], None),
    (FRI, {}, [], Missed(WED, "a")),
    # Today itself is never missed, whatever is not done yet.
    (MON, {MON - timedelta(days=3): {"a": 1}}, [], None),
    (MON, {}, [], Missed(MON - timedelta(days=3), "a")),
    # A fortnight with nothing: the last planned day is more than a week back.
    (MON + timedelta(days=14 + 5), {}, [], Missed(MON + timedelta(days=14 + 4), "a")),
])
def test_the_missed_day_to_ask_about(today, completed, answered, missed):
    plans = [Plan("a", (0, 2, 4), since=MON - timedelta(weeks=1)),
             Plan("b", (0,), ("07:30", "15:00"), since=MON - timedelta(weeks=1))]
    assert last_missed(today, plans, completed, answered) == missed


def test_no_missed_day_before_the_plan_was_set():
    plans = [Plan("a", (0,), since=WED)]
    assert last_missed(FRI, plans, {}, []) is None  # Monday came before the plan
    assert last_missed(MON + timedelta(weeks=1), plans, {}, []) is None  # set Wed, no Mon yet
    assert last_missed(MON + timedelta(weeks=1, days=1), plans, {}, []) == Missed(
        MON + timedelta(weeks=1), "a")
