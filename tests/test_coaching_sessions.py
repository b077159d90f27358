"""Lights over a whole history (coach.coaching.sessions): which morning a session is judged
on, the usual baseline standing in for a missing pain before, the weekly climb, and that the
settings' thresholds reach the rules. Made-up histories, no I/O."""

from __future__ import annotations

from datetime import date, timedelta

from coach.coaching.sessions import SessionPains, lights, week_of, weekly_averages
from coach.coaching.traffic import Thresholds

MONDAY = date(2026, 11, 2)
T = Thresholds()


def played(n: int, day: date, before=2, during=3, after=3, routine="r") -> SessionPains:
    return SessionPains(f"s{n}", routine, day, before, during, after)


def test_the_next_morning_is_the_first_checkin_of_the_day_after():
    sessions = [played(1, MONDAY), played(2, MONDAY + timedelta(days=2))]
    mornings = {MONDAY + timedelta(days=1): 4, MONDAY + timedelta(days=2): 0}
    found = lights(sessions, mornings, T)
    assert found["s1"].colour == "red" and found["s1"].settled is False  # 4 the next morning
    # s2's own day has a check-in (before it): not its next morning, which is not in yet
    assert found["s2"].settled is None
    assert "no check-in the morning after" in found["s2"].reason.lower()


def test_a_settled_morning_and_easy_pain_are_green():
    found = lights([played(1, MONDAY)], {MONDAY + timedelta(days=1): 2}, T)
    assert found["s1"].colour == "green" and found["s1"].settled is True


def test_the_usual_baseline_is_the_median_of_the_last_five_befores():
    befores = (1, 1, 1, 1, 6, 6, 6, 4)  # all eight: median 2.5; the last five: 6
    sessions = [played(i, MONDAY + timedelta(days=i), before=b) for i, b in enumerate(befores)]
    sessions.append(played(8, MONDAY + timedelta(days=8), before=None))
    assert "compared with your usual 6/10 before" in lights(sessions, {}, T)["s8"].reason.lower()


def test_no_earlier_before_means_no_baseline():
    found = lights([played(1, MONDAY, before=None)], {}, T)
    assert "no pain before to compare with" in found["s1"].reason.lower()


def test_weeks_that_climb_make_a_session_red():
    # two complete weeks before: average 2, then 3.5 (a climb of more than a point)
    sessions = [played(1, MONDAY, during=2, after=2),
                played(2, MONDAY + timedelta(weeks=1), during=3, after=4),
                played(3, MONDAY + timedelta(weeks=2, days=3), during=2, after=2)]
    mornings = {MONDAY + timedelta(weeks=2, days=4): 2}
    found = lights(sessions, mornings, T)
    assert found["s3"].colour == "red" and "climbing week to week" in found["s3"].reason
    # the same session with a calm week before it is green
    calm = [sessions[0], played(2, MONDAY + timedelta(weeks=1), during=2, after=2), sessions[2]]
    assert lights(calm, mornings, T)["s3"].colour == "green"


def test_a_week_without_scores_cannot_climb():
    sessions = [played(1, MONDAY, during=1, after=1),
                played(3, MONDAY + timedelta(weeks=2), during=2, after=2)]
    found = lights(sessions, {MONDAY + timedelta(weeks=2, days=1): 2}, T)
    assert found["s3"].colour == "green"


def test_weekly_averages_count_mornings_during_and_after():
    sessions = [played(1, MONDAY + timedelta(days=2), during=4, after=None)]
    weeks = weekly_averages(sessions, {MONDAY + timedelta(days=6): 2,
                                       MONDAY + timedelta(days=7): 9})
    assert weeks == {MONDAY: 3.0, MONDAY + timedelta(weeks=1): 9.0}
    assert week_of(MONDAY + timedelta(days=6)) == MONDAY


def test_the_thresholds_given_are_the_ones_applied():
    session = [played(1, MONDAY, before=2, during=6, after=5)]
    morning = {MONDAY + timedelta(days=1): 2}
    assert lights(session, morning, T)["s1"].colour == "red"
    assert lights(session, morning, Thresholds(limit=6, above_baseline=4))["s1"].colour == "green"
