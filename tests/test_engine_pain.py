"""Pain noted during a step (Session.note_pain): it lands on that step's result only, whichever
way the step ends, and never changes the time."""

from __future__ import annotations

from test_engine import HOLDS, SELF_PACED, TIMED_EACH, make, started, steps_of


def test_pain_lands_on_the_step_it_was_noted_in_and_only_there():
    session, clock, ended = started(steps_of(TIMED_EACH))  # prepare, right, switch, left
    clock.at(6)  # into the right side
    assert session.note_pain(4) is True
    assert (session.index, session.pain) == (1, 4)
    clock.at(26)  # the right side ran out: the switch is playing
    session.update()
    assert [(r.step.index, r.pain) for r in ended] == [(0, None), (1, 4)]
    assert session.pain is None  # the next step starts with none
    clock.at(50)
    session.update()
    assert [r.pain for r in ended] == [None, 4, None, None]
    assert [r.to_dict()["pain"] for r in ended] == [None, 4, None, None]


def test_the_last_pain_noted_counts_and_time_runs_on():
    session, clock, ended = started(steps_of(HOLDS))
    clock.at(7)
    session.note_pain(3)
    clock.at(8)
    session.note_pain(10)
    assert session.state == "running"
    assert session.remaining() == 7.0  # nothing paused: the hold runs on
    clock.at(15)
    session.update()
    assert [(r.step.kind, r.pain, r.active_seconds) for r in ended] == [
        ("prepare", None, 5.0), ("hold", 10, 10.0)]


def test_pain_noted_after_a_step_ran_out_belongs_to_the_step_playing_now():
    session, clock, ended = started(steps_of(HOLDS))
    clock.at(16)  # the hold ended at 15; nobody called update()
    session.note_pain(6)
    assert [(r.step.kind, r.pain) for r in ended] == [("prepare", None), ("hold", None)]
    assert (session.current.kind, session.pain) == ("rest", 6)


def test_pain_stays_through_a_pause_and_a_restart_and_goes_with_next_back_and_quit():
    session, _clock, ended = started(steps_of(SELF_PACED))
    session.next()  # to the reps
    session.note_pain(2)
    session.pause()
    session.note_pain(5)  # noted while paused too, and still paused
    assert session.state == "paused"
    session.resume()
    session.restart_step()
    assert session.pain == 5  # the step has not ended
    session.previous()
    assert (ended[-1].step.kind, ended[-1].pain, session.pain) == ("reps", 5, None)
    session.note_pain(1)
    session.abort()
    assert (ended[-1].step.kind, ended[-1].pain) == ("prepare", 1)


def test_a_done_set_keeps_its_pain():
    session, _clock, ended = started(steps_of(SELF_PACED))
    session.next()
    session.note_pain(8)
    assert session.done() is True
    assert (ended[-1].status, ended[-1].reps, ended[-1].pain) == ("done", 6, 8)


def test_pain_outside_0_to_10_or_with_nothing_playing_is_not_noted():
    session, _clock, ended = make(steps_of(HOLDS))
    assert session.note_pain(3) is False  # not started
    session.start()
    assert (session.note_pain(11), session.note_pain(-1), session.pain) == (False, False, None)
    session.abort()
    assert session.note_pain(3) is False
    assert [r.pain for r in ended] == [None]
