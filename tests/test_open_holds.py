"""Open-ended holds in the session engine, on a fake clock: they count up from 0 towards
their aim, end on let_go() as done with the seconds held or by themselves at their cap, and
routine progress counts them at their aim."""

from __future__ import annotations

import pytest
from test_engine import T0, exercise, started, steps_of

from coach.engine import Session

# prepare 5, then two open-ended holds (aim 3 s, cap 10 s) with 2 s to relax between.
OPEN = exercise("toe-press", {"kind": "hold", "seconds": 3, "up_to_seconds": 10, "holds": 2,
                              "relax_seconds": 2})


def to_first_hold():
    session, clock, ended = started(steps_of(OPEN))
    clock.at(5)
    session.update()
    assert session.current.kind == "hold" and session.open_ended
    return session, clock, ended


def left_plus_done(session: Session) -> float:
    return session.routine_elapsed() + (session.routine_total() - session.routine_elapsed())


def test_the_fixture_is_what_the_tests_assume():
    kinds = [(s.kind, s.seconds, s.up_to_seconds) for s in steps_of(OPEN)]
    assert kinds == [("prepare", 5.0, None), ("hold", 3.0, 10), ("rest", 2.0, None),
                     ("hold", 3.0, 10)]


def test_it_counts_up_whole_seconds_held_and_says_when_the_aim_is_met():
    session, clock, _ = to_first_hold()
    seen = []
    for tenth in (0, 9, 10, 29, 30, 75):
        clock.at(5 + tenth / 10)
        seen.append((session.held(), session.aim_met()))
    assert seen == [(0, False), (0, False), (1, False), (2, False), (3, True), (7, True)]
    assert session.remaining() == pytest.approx(2.5)  # to the cap, 10 s
    assert session.step_fraction() == 1.0  # full once the aim is met


def test_the_step_bar_fills_towards_the_aim():
    session, clock, _ = to_first_hold()
    clock.at(5 + 1.5)
    assert session.step_fraction() == pytest.approx(0.5)


def test_let_go_ends_it_as_done_with_the_seconds_held_and_the_relax_begins_then():
    session, clock, ended = to_first_hold()
    clock.at(5 + 7.25)
    assert session.let_go() is True
    result = ended[-1]
    assert (result.step.kind, result.status, result.active_seconds) == ("hold", "done", 7.25)
    assert result.to_dict()["planned_seconds"] == 3.0  # the aim, beside what was held
    assert session.current.kind == "rest" and session.elapsed() == 0.0
    clock.at(5 + 7.25 + 2)
    session.update()
    assert session.current.kind == "hold" and session.held() == 0  # the next from 0


def test_it_ends_by_itself_at_its_cap_exactly():
    session, clock, ended = to_first_hold()
    clock.at(5 + 10)
    assert session.next_change() == T0 + 15
    clock.at(5 + 11.5)  # noticed late: the relax began at the cap, not now
    session.update()
    assert (ended[-1].status, ended[-1].active_seconds) == ("done", 10.0)
    assert session.current.kind == "rest" and session.remaining() == pytest.approx(0.5)


def test_next_change_wakes_at_each_whole_second_held_and_at_the_cap():
    session, clock, _ = to_first_hold()
    clock.at(5.3)  # 0.3 s held
    wakes = []
    while (change := session.next_change()) is not None and session.current.kind == "hold":
        wakes.append(round(change - T0 - 5, 6))
        clock.now = change
        session.update()
    assert wakes == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert session.current.kind == "rest"


def test_pause_holds_the_count_and_let_go_while_paused_records_the_time_before_it():
    session, clock, ended = to_first_hold()
    clock.at(5 + 4)
    session.pause()
    assert session.next_change() is None
    clock.at(5 + 60)  # far past the cap, paused
    session.update()
    assert session.open_ended and session.held() == 4
    assert session.let_go()
    assert (ended[-1].status, ended[-1].active_seconds, ended[-1].paused_seconds) == (
        "done", 4.0, 56.0)
    assert session.is_paused and session.current.kind == "rest"


def test_restart_counts_from_zero_and_back_plays_the_hold_again_from_zero():
    session, clock, ended = to_first_hold()
    clock.at(5 + 6)
    session.restart_step()
    assert session.held() == 0 and not session.aim_met()
    clock.at(5 + 6 + 4)
    session.next()  # skipped: Enter is the way to say it was held
    assert (ended[-1].status, ended[-1].active_seconds) == ("skipped", 10.0)
    session.previous()
    assert session.current.kind == "hold" and session.held() == 0


def test_time_cannot_be_added_to_an_open_ended_hold():
    session, _clock, _ = to_first_hold()
    total = session.routine_total()
    assert session.add_time(10) is False
    assert session.routine_total() == total and session.remaining() == 10


def test_let_go_does_nothing_on_any_other_step():
    session, _clock, ended = started(steps_of(OPEN))
    assert session.current.kind == "prepare" and not session.open_ended
    assert session.let_go() is False and ended == []
    assert session.held() is None and not session.aim_met()


def test_routine_progress_counts_it_at_its_aim_and_done_plus_left_stays_the_total():
    session, clock, _ = to_first_hold()
    total = session.routine_total()
    assert total == 5 + 3 + 2 + 3
    clock.at(5 + 2)
    assert session.routine_elapsed() == 7
    clock.at(5 + 8)  # held past the aim: progress stops at it
    assert session.routine_elapsed() == 8
    assert session.routine_fraction() == pytest.approx(8 / 13)
    session.let_go()
    assert session.routine_elapsed() == 8 and session.routine_total() == total
    clock.at(5 + 8 + 1)
    assert session.routine_elapsed() == 9
    assert left_plus_done(session) == total


def test_before_start_the_time_left_is_to_the_cap():
    from test_engine import make

    session, _, _ = make(steps_of(OPEN)[1:])
    assert session.remaining() == 10 and session.held() == 0 and session.step_fraction() == 0
