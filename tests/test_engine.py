"""Unit tests for the session engine: every action and query played against a fake clock."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import pytest

from coach.engine import Session
from coach.models import Exercise, Routine
from coach.step_record import StepResult
from coach.timeline import expand, expand_item

T0 = 1000.0
WALL = datetime(2026, 11, 23, 9, 0, tzinfo=timezone(timedelta(hours=1)))


class FakeClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def at(self, offset: float) -> None:
        """Move to ``offset`` seconds after T0."""
        self.now = T0 + offset


def at(offset: float) -> datetime:
    """The wall time ``offset`` seconds after the session started."""
    return WALL + timedelta(seconds=offset)


def exercise(ex_id: str, prescription: dict, sides: str = "both") -> Exercise:
    return Exercise.model_validate(
        {
            "id": ex_id,
            "name": ex_id.replace("-", " ").title(),
            "purpose": "Test purpose.",
            "position": "Seated.",
            "steps": ["Do it."],
            "sides": sides,
            "prescription": prescription,
        }
    )


# prepare 5, hold 10, rest 5, hold 10
HOLDS = exercise(
    "toe-curl", {"kind": "hold", "seconds": 10, "holds": 2, "relax_seconds": 5}
)
# prepare 5, reps 4 x 2.5 s
PACED = exercise("heel-raise", {"kind": "reps", "count": 4, "tempo_seconds": 2.5})
# prepare 5, reps (self-paced, 6 reps)
SELF_PACED = exercise("marble-pickup", {"kind": "reps", "count": 6})
# prepare 5, timed right 20, switch_side 5, timed left 20
TIMED_EACH = exercise("ankle-circle", {"kind": "timed", "seconds": 20}, sides="each")


def steps_of(ex: Exercise):
    return expand_item(0, ex, ex.prescription)


def make(steps, **kwargs) -> tuple[Session, FakeClock, list[StepResult]]:
    clock = FakeClock()
    ended: list[StepResult] = []
    session = Session(
        steps, clock=clock, wall=lambda: WALL, on_step_end=ended.append, **kwargs
    )
    return session, clock, ended


def started(steps, **kwargs):
    session, clock, ended = make(steps, **kwargs)
    session.start()
    return session, clock, ended


def test_fixture_steps_have_the_shape_the_tests_assume():
    assert [(s.kind, s.seconds) for s in steps_of(HOLDS)] == [
        ("prepare", 5.0), ("hold", 10.0), ("rest", 5.0), ("hold", 10.0),
    ]
    assert [(s.kind, s.seconds) for s in steps_of(PACED)] == [("prepare", 5.0), ("reps", 10.0)]
    assert [(s.kind, s.seconds) for s in steps_of(SELF_PACED)] == [
        ("prepare", 5.0), ("reps", None),
    ]
    assert [(s.kind, s.side) for s in steps_of(TIMED_EACH)] == [
        ("prepare", "right"), ("timed", "right"), ("switch_side", "left"), ("timed", "left"),
    ]


# --- start and the clock ------------------------------------------------------------------


def test_ready_session_shows_first_step_and_does_not_move():
    session, clock, _ended = make(steps_of(HOLDS))
    assert session.state == "ready"
    assert session.current.kind == "prepare"
    assert session.next_step.kind == "hold"
    assert session.remaining() == 5.0
    clock.at(100)
    assert session.update() == []
    assert session.elapsed() == 0.0
    assert session.next_change() is None
    assert session.started_at is None


def test_start_plays_first_step_from_clock():
    session, clock, _ = started(steps_of(HOLDS))
    assert session.state == "running"
    assert session.started_at == WALL
    clock.at(1.5)
    assert session.elapsed() == 1.5
    assert session.remaining() == 3.5
    assert session.step_fraction() == pytest.approx(0.3)


def test_timed_step_ends_by_itself_and_next_starts_at_the_exact_boundary():
    session, clock, _ = started(steps_of(HOLDS))
    clock.at(7.25)  # noticed 2.25 s late
    produced = session.update()
    assert [r.step.kind for r in produced] == ["prepare"]
    prepare = produced[0]
    assert prepare.status == "done"
    assert prepare.started_at == at(0)
    assert prepare.ended_at == at(5)
    assert prepare.active_seconds == 5.0
    assert session.current.kind == "hold"
    assert session.elapsed() == 2.25  # the hold started at 5, not at 7.25


def test_queries_clamp_a_step_that_ran_out_until_update_applies_it():
    session, clock, _ = started(steps_of(HOLDS))
    clock.at(6)
    assert session.current.kind == "prepare"
    assert session.remaining() == 0.0
    assert session.elapsed() == 5.0
    assert session.step_fraction() == 1.0
    assert session.results == []


def test_one_late_update_crosses_many_boundaries_and_finishes():
    session, clock, ended = started(steps_of(HOLDS))
    clock.at(100)
    produced = session.update()
    assert [r.step.index for r in produced] == [0, 1, 2, 3]
    assert [(r.started_at, r.ended_at) for r in produced] == [
        (at(0), at(5)), (at(5), at(15)), (at(15), at(20)), (at(20), at(30)),
    ]
    assert session.state == "finished"
    assert session.current is None
    assert session.next_step is None
    assert session.results == produced == ended


def test_answers_do_not_depend_on_how_often_update_is_called():
    steps = steps_of(HOLDS) + steps_of(PACED)
    often, often_clock, _ = started(steps)
    rarely, rarely_clock, _ = started(steps)
    for tick in range(1, 6001):  # every 10 ms for 60 s
        often_clock.at(tick / 100)
        often.update()
        if tick % 1300 == 0:  # every 13 s
            rarely_clock.at(tick / 100)
            rarely.update()
            assert rarely.index == often.index
            assert rarely.elapsed() == pytest.approx(often.elapsed())
    rarely_clock.at(60)
    rarely.update()
    assert often.state == rarely.state == "finished"
    assert [r.to_dict() for r in often.results] == [r.to_dict() for r in rarely.results]


# --- pause --------------------------------------------------------------------------------


def test_pause_banks_elapsed_and_a_paused_session_never_advances():
    session, clock, _ = started(steps_of(HOLDS))
    clock.at(3)
    session.pause()
    assert session.state == "paused" and session.is_paused
    clock.at(100)  # far past where the prepare would have ended
    assert session.update() == []
    assert session.current.kind == "prepare"
    assert session.elapsed() == 3.0
    assert session.remaining() == 2.0
    session.resume()
    assert session.state == "running"
    clock.at(101.5)
    assert session.update() == []
    clock.at(102)
    (prepare,) = session.update()
    assert prepare.active_seconds == 5.0
    assert prepare.paused_seconds == 97.0
    assert (prepare.started_at, prepare.ended_at) == (at(0), at(102))
    assert session.elapsed() == 0.0


def test_pause_after_an_unnoticed_boundary_lands_in_the_right_step():
    session, clock, ended = started(steps_of(HOLDS))
    clock.at(7)
    session.pause()  # no update() since start
    assert [r.step.kind for r in ended] == ["prepare"]
    assert session.current.kind == "hold"
    clock.at(50)
    assert session.elapsed() == 2.0
    session.resume()
    clock.at(58)
    (hold,) = session.update()
    assert hold.ended_at == at(58)
    assert hold.paused_seconds == 43.0
    assert hold.active_seconds == 10.0


def test_paused_time_is_counted_per_step():
    session, clock, ended = started(steps_of(HOLDS))
    clock.at(1)
    session.pause()
    clock.at(3)
    session.resume()  # 2 s paused in the prepare
    clock.at(8)  # prepare ended at 7; pausing applies that first
    session.toggle_pause()
    assert session.is_paused
    clock.at(12)
    session.toggle_pause()  # 4 s paused in the hold
    assert not session.is_paused
    clock.at(30)
    session.update()
    prepare, hold, rest = ended[:3]
    assert (prepare.paused_seconds, prepare.ended_at) == (2.0, at(7))
    assert (hold.paused_seconds, hold.started_at, hold.ended_at) == (4.0, at(7), at(21))
    assert (rest.paused_seconds, rest.ended_at) == (0.0, at(26))


def test_pause_and_resume_in_the_wrong_state_do_nothing():
    session, clock, _ = started(steps_of(HOLDS))
    session.resume()
    assert session.state == "running"
    session.pause()
    clock.at(2)
    session.pause()  # already paused: must not restart the pause
    clock.at(4)
    session.resume()
    clock.at(9)
    (prepare,) = session.update()
    assert prepare.paused_seconds == 4.0


# --- next, previous, restart --------------------------------------------------------------


def test_next_skips_current_and_the_next_step_starts_now():
    session, clock, ended = started(steps_of(HOLDS))
    clock.at(2)
    session.next()
    (prepare,) = ended
    assert prepare.status == "skipped"
    assert prepare.active_seconds == 2.0
    assert prepare.ended_at == at(2)
    assert session.current.kind == "hold"
    assert session.elapsed() == 0.0
    clock.at(12)
    (hold,) = session.update()
    assert (hold.status, hold.started_at, hold.ended_at) == ("done", at(2), at(12))


def test_next_on_the_last_step_finishes():
    session, _clock, _ = started(steps_of(PACED))
    session.next()
    session.next()
    assert session.state == "finished"
    assert [r.status for r in session.results] == ["skipped", "skipped"]
    session.next()  # after finish: nothing
    assert len(session.results) == 2


def test_next_while_paused_keeps_the_session_paused_at_zero():
    session, clock, ended = started(steps_of(HOLDS))
    clock.at(2)
    session.pause()
    clock.at(6)
    session.next()
    assert ended[0].paused_seconds == 4.0
    assert ended[0].active_seconds == 2.0
    assert session.is_paused
    assert session.current.kind == "hold"
    clock.at(60)
    assert session.elapsed() == 0.0
    assert session.update() == []
    session.resume()
    clock.at(70)
    (hold,) = session.update()
    assert hold.active_seconds == 10.0
    assert hold.paused_seconds == 54.0
    assert (hold.started_at, hold.ended_at) == (at(6), at(70))


def test_previous_skips_current_and_restarts_the_step_before_from_zero():
    session, clock, ended = started(steps_of(HOLDS))
    clock.at(17)  # prepare 0-5, hold 5-15, rest since 15
    session.previous()
    assert [(r.step.kind, r.status) for r in ended] == [
        ("prepare", "done"), ("hold", "done"), ("rest", "skipped"),
    ]
    assert ended[-1].active_seconds == 2.0
    assert session.index == 1
    assert session.elapsed() == 0.0
    assert session.remaining() == 10.0
    clock.at(27)
    (hold,) = session.update()
    assert (hold.step.index, hold.started_at, hold.ended_at) == (1, at(17), at(27))


def test_previous_while_paused_keeps_the_session_paused():
    session, clock, _ = started(steps_of(HOLDS))
    clock.at(7)
    session.pause()
    session.previous()
    assert session.is_paused
    assert session.index == 0
    clock.at(30)
    assert session.elapsed() == 0.0


def test_previous_at_the_first_step_restarts_it_without_a_result():
    session, clock, ended = started(steps_of(HOLDS))
    clock.at(3)
    session.previous()
    assert ended == []
    assert session.index == 0
    assert session.elapsed() == 0.0
    clock.at(7.5)
    assert session.update() == []
    clock.at(8)
    (prepare,) = session.update()
    # The 3 s before the restart were spent too: started..ended is active + paused.
    assert (prepare.started_at, prepare.ended_at) == (at(0), at(8))
    assert prepare.active_seconds == 8.0


def test_restart_step_sets_elapsed_to_zero_and_produces_no_result():
    session, clock, ended = started(steps_of(HOLDS))
    clock.at(9)  # 4 s into the hold
    session.restart_step()
    assert [r.step.kind for r in ended] == ["prepare"]
    assert session.current.kind == "hold"
    assert session.elapsed() == 0.0
    assert session.remaining() == 10.0
    clock.at(18.5)
    assert session.update() == []
    clock.at(19)
    (hold,) = session.update()
    assert (hold.started_at, hold.ended_at, hold.active_seconds) == (at(5), at(19), 14.0)


def test_restart_while_paused_stays_paused_at_zero():
    session, clock, _ = started(steps_of(HOLDS))
    clock.at(3)
    session.pause()
    session.restart_step()
    assert session.is_paused
    clock.at(10)
    assert session.elapsed() == 0.0
    assert session.remaining() == 5.0


# --- add time -----------------------------------------------------------------------------


def test_add_time_extends_the_current_timed_step():
    session, clock, _ = started(steps_of(HOLDS))
    clock.at(12)  # 7 s into the hold
    assert session.add_time() is True
    assert session.remaining() == 13.0
    clock.at(24.5)
    session.update()
    assert session.current.kind == "hold"
    clock.at(25)
    (hold,) = session.update()
    assert (hold.ended_at, hold.active_seconds) == (at(25), 20.0)
    assert hold.to_dict()["planned_seconds"] == 10.0
    assert hold.to_dict()["actual_seconds"] == 20.0
    # The added time belonged to that hold only.
    assert session.current.kind == "rest"
    assert session.remaining() == 5.0


def test_added_time_moves_the_routine_total_and_keeps_done_plus_left_equal_to_it():
    session, clock, _ = started(steps_of(HOLDS))  # prepare 5, hold 10, rest 5, hold 10
    assert session.routine_total() == 30
    clock.at(12)  # 7 s into the first hold
    session.update()
    before = session.routine_fraction()
    assert session.add_time(10) is True
    assert session.routine_total() == 40
    assert session.routine_elapsed() == 12
    assert session.routine_fraction() == pytest.approx(12 / 40) and before > 12 / 40
    clock.at(24)  # 19 s into the longer hold: it counts past its estimate of 10
    assert session.routine_elapsed() == 24
    clock.at(25.5)  # the rest, after the 20 s hold
    session.update()
    assert session.current.kind == "rest"
    assert (session.routine_elapsed(), session.routine_total()) == (25.5, 40)
    session.add_time(10)  # a rest can be longer too
    assert session.routine_total() == 50
    clock.at(100)
    session.update()
    assert session.state == "finished"
    assert session.routine_elapsed() == session.routine_total() == 50
    assert session.routine_fraction() == 1.0


def test_added_time_is_dropped_when_its_step_restarts_or_is_played_again():
    session, clock, _ = started(steps_of(HOLDS))
    clock.at(7)
    session.update()
    session.add_time(10)
    session.add_time(10)
    assert session.routine_total() == 50
    session.restart_step()
    assert session.routine_total() == 30 and session.remaining() == 10
    session.add_time(10)
    session.next()  # skipped with its added time: that step as it was played
    assert session.routine_total() == 40
    assert session.routine_elapsed() == 5 + 20
    session.previous()  # the hold again, from its planned length
    assert session.current.kind == "hold"
    assert session.routine_total() == 30 and session.remaining() == 10


def test_add_time_lands_in_the_step_that_is_playing_now():
    session, clock, _ = started(steps_of(HOLDS))
    clock.at(6)  # the prepare ended at 5 unnoticed
    assert session.add_time(10) is True
    assert session.current.kind == "hold"
    assert session.remaining() == 19.0


def test_add_time_does_not_apply_to_reps_or_outside_a_session():
    session, clock, _ = make(steps_of(PACED))
    assert session.add_time() is False  # ready
    session.start()
    clock.at(6)  # paced reps
    assert session.add_time() is False
    assert session.remaining() == 9.0
    self_paced, sp_clock, _ = started(steps_of(SELF_PACED))
    sp_clock.at(6)
    assert self_paced.add_time() is False
    self_paced.abort()
    assert self_paced.add_time() is False


# --- reps ---------------------------------------------------------------------------------


def test_self_paced_reps_wait_for_done_and_record_the_counter():
    session, clock, ended = started(steps_of(SELF_PACED))
    clock.at(1000)
    session.update()
    assert session.current.kind == "reps"
    assert session.update() == []  # never ends by itself
    assert session.remaining() is None
    assert session.next_change() is None
    assert session.rep_phase() is None and session.rep_cue() is None
    # The counter starts at the prescription, so Enter alone records the set as prescribed.
    assert session.current_rep() == 6
    assert session.step_fraction() == 1.0
    session.count_rep(-3)
    assert session.step_fraction() == 0.5  # the count against the prescription
    session.count_rep()
    assert session.current_rep() == 4
    assert session.done() is True
    reps = ended[-1]
    assert (reps.status, reps.reps, reps.active_seconds) == ("done", 4, 995.0)
    assert reps.to_dict()["planned_seconds"] is None
    assert session.state == "finished"


def test_done_records_exactly_the_counter_even_above_the_prescription():
    session, clock, ended = started(steps_of(SELF_PACED))
    clock.at(30)
    session.update()
    assert session.current_rep() == 6
    session.count_rep(4)
    assert session.current_rep() == 10
    assert session.step_fraction() == 1.0
    assert session.done() is True
    assert (ended[-1].status, ended[-1].reps) == ("done", 10)


def test_done_at_zero_records_a_skipped_set_with_no_reps():
    session, clock, ended = started(steps_of(SELF_PACED))
    clock.at(30)
    session.update()
    session.count_rep(-6)
    assert session.current_rep() == 0 and session.step_fraction() == 0.0
    assert session.done() is True
    assert (ended[-1].status, ended[-1].reps) == ("skipped", 0)
    assert session.state == "finished"


def test_self_paced_counter_stays_between_zero_and_its_bound():
    from coach.engine import MAX_COUNTED_REPS

    session, clock, _ = started(steps_of(SELF_PACED))
    clock.at(5)
    session.update()
    session.count_rep(-50)
    assert session.current_rep() == 0
    session.count_rep(5000)
    assert session.current_rep() == MAX_COUNTED_REPS == 999
    session.count_rep()
    assert session.current_rep() == 999


def test_restart_and_coming_back_start_the_counter_at_the_prescription_again():
    steps = steps_of(SELF_PACED)
    session, clock, _ended = started(steps)
    clock.at(6)
    session.update()
    session.count_rep(-2)
    session.restart_step()
    assert session.current_rep() == 6
    session.count_rep(3)
    session.previous()
    session.next()
    assert session.current.kind == "reps" and session.current_rep() == 6


def test_done_and_count_rep_do_nothing_on_other_steps():
    session, clock, ended = started(steps_of(HOLDS))
    clock.at(1)
    session.count_rep()
    assert session.done() is False
    assert ended == []
    assert session.current_rep() is None
    paced, paced_clock, _ = started(steps_of(PACED))
    paced_clock.at(6)
    assert paced.done() is False
    assert paced.current.kind == "reps"


def test_a_self_paced_set_left_without_enter_is_skipped_with_no_reps():
    """Only Enter records a count: the counter starts at the prescription, so keeping it
    for a skipped set would record reps nobody said were done."""
    for leave in (Session.next, Session.previous, Session.abort):
        session, clock, ended = started(steps_of(SELF_PACED))
        clock.at(9)
        session.count_rep(-2)
        leave(session)
        assert (ended[-1].step.kind, ended[-1].status, ended[-1].reps) == ("reps", "skipped", 0)


def test_paced_reps_current_rep_and_phase():
    session, clock, ended = started(steps_of(PACED))  # reps run 5..15, 2.5 s each
    clock.at(5)
    session.update()
    assert (session.current_rep(), session.rep_phase()) == (1, 0.0)
    clock.at(5 + 3.75)
    assert (session.current_rep(), session.rep_phase()) == (2, 0.5)
    clock.at(5 + 7.5)
    assert (session.current_rep(), session.rep_phase()) == (4, 0.0)
    clock.at(5 + 9.9)
    assert session.current_rep() == 4
    assert session.rep_phase() == pytest.approx(0.96)
    clock.at(20)  # ran out, not yet applied: clamped at the last rep, complete
    assert (session.current_rep(), session.rep_phase()) == (4, 1.0)
    session.update()
    assert (ended[-1].status, ended[-1].reps) == ("done", 4)
    assert session.current_rep() is None


def test_skipped_paced_reps_record_the_reps_completed():
    session, clock, ended = started(steps_of(PACED))
    clock.at(5 + 6)  # rep 3 in progress
    session.next()
    assert (ended[-1].status, ended[-1].reps, ended[-1].active_seconds) == ("skipped", 2, 6.0)


@pytest.mark.parametrize("leave", [Session.next, Session.previous, Session.abort])
def test_paced_reps_left_part_way_record_the_reps_played_whatever_the_way_out(leave):
    session, clock, ended = started(steps_of(PACED))  # reps run 5..15, 2.5 s each
    clock.at(5 + 5.1)  # two reps played, the third begun
    session.pause()
    clock.at(60)  # paused time plays no reps
    leave(session)
    (reps,) = [r for r in ended if r.step.kind == "reps"]
    assert (reps.status, reps.reps) == ("skipped", 2)
    assert reps.active_seconds == pytest.approx(5.1)


def test_paced_reps_restarted_count_from_the_restart():
    session, clock, ended = started(steps_of(PACED))
    clock.at(5 + 7.6)  # three reps played
    session.restart_step()
    clock.at(5 + 7.6 + 2.6)  # one more since the restart
    session.next()
    assert (ended[-1].status, ended[-1].reps) == ("skipped", 1)


def test_rep_cues_follow_each_paced_rep():
    # 4 reps of 2.5 s, no hold: go for 1.25 s, then back.
    session, clock, _ = started(steps_of(PACED))
    clock.at(5)
    session.update()
    seen = []
    for tenth in range(0, 100, 5):
        clock.at(5 + tenth / 10)
        seen.append((tenth / 10, session.rep_cue()))
    assert seen[:6] == [(0.0, "go"), (0.5, "go"), (1.0, "go"), (1.5, "back"), (2.0, "back"),
                        (2.5, "go")]
    assert session.rep_cue() == "back"  # 9.5 s: the last rep's second half
    clock.at(5 + 10)
    assert session.rep_cue() is None  # ran out


def test_rep_cues_hold_at_the_top_and_next_change_stops_at_every_cue():
    held = exercise("toe-press", {"kind": "reps", "count": 2, "tempo_seconds": 2,
                                  "hold_seconds": 3})  # a rep: go 1, hold 3, back 1
    session, clock, _ = started(steps_of(held))
    clock.at(5)
    session.update()
    marks = []
    while (change := session.next_change()) is not None and change < T0 + 15:
        clock.now = change
        session.update()
        marks.append((round(change - T0 - 5, 6), session.rep_cue(), session.current_rep()))
    cues = [(t, cue) for t, cue, _ in marks]
    for expected in [(1.0, "hold"), (4.0, "back"), (5.0, "go"), (6.0, "hold"), (9.0, "back")]:
        assert expected in cues
    assert (5.0, "go", 2) in marks




# --- abort --------------------------------------------------------------------------------


def test_abort_mid_step_records_the_partial_active_time():
    session, clock, ended = started(steps_of(HOLDS))
    clock.at(8.5)
    session.abort()
    assert session.state == "aborted"
    assert session.current is None
    assert [(r.step.kind, r.status) for r in ended] == [("prepare", "done"), ("hold", "skipped")]
    assert ended[-1].active_seconds == 3.5
    assert ended[-1].ended_at == at(8.5)
    # Nothing moves afterwards, and no action raises.
    clock.at(100)
    assert session.update() == []
    session.next()
    session.previous()
    session.restart_step()
    session.pause()
    session.resume()
    session.count_rep()
    session.abort()
    assert session.done() is False
    assert session.add_time() is False
    assert session.remaining() is None
    assert session.next_change() is None
    assert len(session.results) == 2


def test_abort_while_paused_separates_active_and_paused_time():
    session, clock, ended = started(steps_of(HOLDS))
    clock.at(2)
    session.pause()
    clock.at(10)
    session.abort()
    assert (ended[-1].active_seconds, ended[-1].paused_seconds) == (2.0, 8.0)


def test_actions_before_start_do_nothing():
    session, _clock, ended = make(steps_of(HOLDS))
    session.next()
    session.previous()
    session.pause()
    session.restart_step()
    session.count_rep()
    assert session.done() is False
    assert session.state == "ready"
    assert ended == []
    session.start()
    session.start()  # twice: still the first start
    assert session.started_at == WALL
    assert session.index == 0


# --- next_change --------------------------------------------------------------------------


def test_next_change_is_the_next_whole_second_of_remaining():
    session, clock, _ = started(steps_of(HOLDS))
    assert session.next_change() == T0 + 1
    clock.at(0.4)
    assert session.next_change() == T0 + 1
    clock.at(1)  # exactly on a whole second: the next one, not now
    assert session.next_change() == T0 + 2
    clock.at(4.5)
    assert session.next_change() == T0 + 5  # the step's end
    clock.at(6.25)
    session.update()
    assert session.next_change() == T0 + 7


def test_next_change_follows_remaining_not_elapsed_after_added_time():
    session, clock, _ = started(steps_of(HOLDS))
    clock.at(5)
    session.update()
    session.add_time(0.5)  # hold of 10.5 s: remaining crosses 10 at 5.5
    assert session.next_change() == T0 + 5.5


def test_next_change_includes_the_next_rep_of_paced_reps():
    session, clock, _ = started(steps_of(PACED))
    clock.at(5 + 2.2)
    session.update()
    assert session.next_change() == T0 + 5 + 2.5  # the rep, before the whole second at 8
    clock.at(5 + 2.5)
    assert session.next_change() == T0 + 5 + 3


def test_next_change_is_none_while_paused_and_resumes_after():
    session, clock, _ = started(steps_of(HOLDS))
    clock.at(2.5)
    session.pause()
    assert session.next_change() is None
    clock.at(10)
    session.resume()
    assert session.next_change() == T0 + 10.5  # remaining 2.5 -> 2


def test_next_change_is_none_once_finished():
    session, clock, _ = started(steps_of(HOLDS))
    clock.at(31)
    session.update()
    assert session.next_change() is None


# --- progress -----------------------------------------------------------------------------


def test_routine_progress_is_weighted_by_time():
    steps = steps_of(HOLDS) + expand_item(1, SELF_PACED, SELF_PACED.prescription, start_index=4)
    session, clock, _ = started(steps)
    self_paced_estimate = steps[-1].estimated_seconds
    total = 30 + 5 + self_paced_estimate
    assert session.routine_total() == total
    assert session.routine_elapsed() == 0.0
    clock.at(12)
    session.update()
    assert session.routine_elapsed() == 12.0
    assert session.routine_fraction() == pytest.approx(12 / total)
    clock.at(35 + 1000)  # self-paced counts at most its estimate
    session.update()
    assert session.current.self_paced
    assert session.routine_elapsed() == total
    session.done()
    assert session.routine_fraction() == 1.0


def test_start_index_resumes_from_a_later_step():
    session, clock, _ended = started(steps_of(HOLDS), start_index=2)
    assert session.current.kind == "rest"
    assert session.routine_elapsed() == 15.0
    clock.at(5)
    (rest,) = session.update()
    assert (rest.step.index, rest.started_at, rest.ended_at) == (2, at(0), at(5))
    session.previous()  # the step before the resumed one is still reachable
    assert session.index == 2
    session.previous()
    assert session.index == 1


def test_start_index_outside_the_steps_is_a_programming_error():
    with pytest.raises(ValueError):
        Session(steps_of(HOLDS), start_index=4)


def test_no_steps_finishes_at_start():
    session, _, ended = started([])
    assert session.state == "finished"
    assert session.current is None
    assert ended == []


# --- results ------------------------------------------------------------------------------


def test_on_step_end_is_called_for_every_result_in_order_before_the_action_returns():
    seen = []
    clock = FakeClock()
    session = Session(
        steps_of(HOLDS), clock=clock, wall=lambda: WALL,
        on_step_end=lambda r: seen.append((r.step.index, r.status, len(session.results))),
    )
    session.start()
    clock.at(16)
    session.pause()  # applies prepare and hold first
    assert seen == [(0, "done", 1), (1, "done", 2)]
    session.next()
    assert seen[-1] == (2, "skipped", 3)
    session.resume()
    clock.at(100)
    session.update()
    assert seen == [(0, "done", 1), (1, "done", 2), (2, "skipped", 3), (3, "done", 4)]
    assert [(r.step.index, r.status) for r in session.results] == [s[:2] for s in seen]


def test_wall_times_come_from_the_anchor_even_if_the_wall_clock_jumps():
    clock = FakeClock()
    walls = iter([WALL, WALL + timedelta(hours=5), WALL - timedelta(days=1)])
    session = Session(steps_of(HOLDS), clock=clock, wall=lambda: next(walls))
    session.start()
    clock.at(16)
    _prepare, hold = session.update()
    assert (hold.started_at, hold.ended_at) == (at(5), at(15))


def test_to_dict_has_exactly_the_history_fields():
    session, clock, _ = started(steps_of(TIMED_EACH))
    clock.at(1.23456)
    session.pause()
    clock.at(3.5)
    session.next()
    d = session.results[0].to_dict()
    assert d == {
        "step_index": 0,
        "item": 0,
        "exercise": "ankle-circle",
        "kind": "prepare",
        "side": "right",
        "set": 1,
        "sets": 1,
        "round": 1,
        "rounds": 1,
        "variant": None,
        "planned_seconds": 5.0,
        "actual_seconds": 1.235,
        "paused_seconds": 2.265,
        "reps": None,
        "started_at": "2026-11-23T09:00:00.000+01:00",
        "ended_at": "2026-11-23T09:00:03.500+01:00",
        "status": "skipped",
        "pain": None,
    }


def test_a_whole_routine_played_to_the_end_with_exact_timestamps():
    routine = Routine.model_validate(
        {
            "id": "morning",
            "name": "Morning",
            "description": "Three exercises.",
            "items": [
                {"exercise": "toe-curl"},
                {"exercise": "heel-raise"},
                {"exercise": "ankle-circle"},
            ],
        }
    )
    library = {ex.id: ex for ex in (HOLDS, PACED, TIMED_EACH)}
    steps = expand(routine, library)
    session, clock, ended = started(steps)
    assert session.routine_total() == 30 + 15 + 50

    clock.at(3)
    session.update()
    clock.at(23)  # 3 s into the second hold, boundaries at 5, 15, 20 unnoticed
    session.pause()
    clock.at(30)
    session.resume()  # the second hold now ends at 37
    clock.at(59)
    session.update()  # prepare 37-42, reps 42-52, prepare 52-57, timed right from 57
    clock.at(64)
    session.next()  # timed right skipped after 7 s
    clock.at(500)  # switch 64-69, timed left 69-89
    session.update()

    assert session.state == "finished"
    expected = [
        # index, kind, status, start, end, active, paused, reps
        (0, "prepare", "done", 0, 5, 5, 0, None),
        (1, "hold", "done", 5, 15, 10, 0, None),
        (2, "rest", "done", 15, 20, 5, 0, None),
        (3, "hold", "done", 20, 37, 10, 7, None),
        (4, "prepare", "done", 37, 42, 5, 0, None),
        (5, "reps", "done", 42, 52, 10, 0, 4),
        (6, "prepare", "done", 52, 57, 5, 0, None),
        (7, "timed", "skipped", 57, 64, 7, 0, None),
        (8, "switch_side", "done", 64, 69, 5, 0, None),
        (9, "timed", "done", 69, 89, 20, 0, None),
    ]
    got = [
        (r.step.index, r.step.kind, r.status, r.started_at, r.ended_at,
         r.active_seconds, r.paused_seconds, r.reps)
        for r in session.results
    ]
    assert got == [
        (i, kind, status, at(start), at(end), active, paused, reps)
        for i, kind, status, start, end, active, paused, reps in expected
    ]
    assert ended == session.results
    assert session.routine_fraction() == 1.0


def shown(session: Session) -> tuple:
    """What a countdown screen shows: the step, the rep and its cue, the whole seconds left."""
    left = session.remaining()
    return (session.index, session.current_rep(), session.rep_cue(),
            None if left is None else math.ceil(left))


def test_every_next_change_is_a_visible_change_even_with_awkward_lengths():
    wobble = exercise("wobble", {"kind": "reps", "count": 7, "tempo_seconds": 0.7})
    session, clock, _ = started(steps_of(wobble))  # prepare 5, reps 7 x 0.7 s
    clock.at(0.1)
    wakes = 0
    while session.state == "running" and wakes < 100:  # bounded: a stuck wake must fail
        change = session.next_change()
        clock.now = change - 1e-6
        session.update()
        before = shown(session)
        clock.now = change  # the UI wakes exactly when told
        session.update()
        assert shown(session) != before
        wakes += 1
    # Whole seconds, reps not on a whole second, and the middle of each rep (go, then back).
    assert wakes == 5 + 5 + 7 - 1 + 7
