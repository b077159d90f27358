"""The level of a ranged item: each rule of coach.coaching.levels by a sequence of sessions
and choices, and the ladders the articles' ranges make."""

from __future__ import annotations

import pytest

from coach.coaching.levels import (
    EASY_RUN,
    STEPS,
    Event,
    Ladder,
    Level,
    counted_in,
    fold,
    ladder,
    played,
    start,
    step,
)
from coach.coaching.traffic import Light
from coach.models import Exercise, Hold, Reps, Span, Timed

EASY = Light("green", "", settled=True)
GREEN_NO_MORNING = Light("green", "", settled=None)
GREEN_UNSETTLED = Light("green", "", settled=False)
AMBER = Light("amber", "", settled=True)
RED = Light("red", "", settled=True)
REPS = Ladder(10, 20, "reps")

# events from a new person at 10-20 reps -> value, easy run, held, the reason
CASES: list[tuple[list[Event], int, int, bool, str]] = [
    ([], 10, 0, False, "10 reps, the low end of the article's 10-20 reps: where everyone starts"),
    ([EASY], 10, 1, False, "10 reps: one easy session in a row, three step up to 12"),
    ([EASY, EASY], 10, 2, False, "10 reps: two easy sessions in a row, three step up to 12"),
    ([EASY] * 3, 12, 0, False, "12 reps, up from 10 after three easy sessions"),
    ([EASY] * 6, 14, 0, False, "14 reps, up from 12 after three easy sessions"),
    # amber holds and breaks the run
    ([EASY, EASY, AMBER], 10, 0, False, "holding at 10 reps: last session was amber"),
    ([EASY, EASY, AMBER, EASY], 10, 1, False, "10 reps: one easy session"),
    # a green without a settled morning is not easy: it holds and breaks the run
    ([EASY, EASY, GREEN_NO_MORNING], 10, 0, False,
     "holding at 10 reps: no check-in the morning after"),
    ([EASY, EASY, GREEN_UNSETTLED, EASY], 10, 1, False, "10 reps: one easy session"),
    ([EASY, EASY, GREEN_UNSETTLED], 10, 0, False,
     "holding at 10 reps: the next morning had not settled"),
    # red steps back one rung, never below low
    ([EASY] * 3 + [RED], 10, 0, False, "back to 10 after a red session"),
    ([EASY] * 6 + [RED], 12, 0, False, "back to 12 after a red session"),
    ([RED], 10, 0, False, "staying at 10 reps, the low end, after a red session"),
    ([EASY, EASY, RED, EASY, EASY], 10, 2, False, "two easy sessions"),
    # never past high
    ([EASY] * 15, 20, 0, False, "20 reps, up from 18 after three easy sessions"),
    ([EASY] * 16, 20, 0, False, "20 reps, the article's most: no higher to go"),
    ([EASY] * 18, 20, 0, False, "20 reps, the article's most"),
    # hold: easy sessions do not count; red still steps back; release starts a new run
    ([EASY] * 3 + ["hold"], 12, 0, True, "holding at 12 reps, as you chose"),
    ([EASY] * 3 + ["hold"] + [EASY] * 5, 12, 0, True, "holding at 12 reps, as you chose"),
    ([EASY] * 3 + ["hold", RED], 10, 0, True, "back to 10 after a red session"),
    ([EASY, EASY, "hold", "release"], 10, 0, False, "10 reps, no longer held"),
    ([EASY, EASY, "hold", "release", EASY, EASY, EASY], 12, 0, False, "up from 10"),
    # reset: back to low, the run starts again
    ([EASY] * 6 + ["reset"], 10, 0, False, "back to 10 reps, the low end, as you chose"),
    ([EASY] * 5 + ["reset", EASY], 10, 1, False, "one easy session"),
]


@pytest.mark.parametrize(("events", "value", "run", "held", "reason"), CASES)
def test_fold(events: list[Event], value: int, run: int, held: bool, reason: str) -> None:
    got = fold(REPS, events)
    assert (got.value, got.easy_run, got.held) == (value, run, held)
    assert reason in got.reason


@pytest.mark.parametrize(
    ("ladder_", "rungs", "after_three", "reason"),
    [
        (Ladder(10, 20, "reps"), (10, 12, 14, 16, 18, 20), 12, "12 reps, up from 10"),
        # a step that misses high ends on high itself
        (Ladder(5, 10, "reps"), (5, 7, 9, 10), 7, "7 reps, up from 5"),
        (Ladder(5, 10, "circles"), (5, 6, 7, 8, 9, 10), 6, "6 circles, up from 5"),
        (Ladder(20, 30, "seconds"), (20, 25, 30), 25, "25 s, up from 20 s"),
        (Ladder(60, 180, "minutes"), (60, 90, 120, 150, 180), 90,
         "1 min 30 s, up from 1 minute"),
    ],
)
def test_ladders(ladder_: Ladder, rungs: tuple[int, ...], after_three: int, reason: str) -> None:
    assert ladder_.rungs == rungs
    got = fold(ladder_, [EASY] * EASY_RUN)
    assert got.value == after_three and got.reason == f"{reason} after three easy sessions"


def test_red_from_the_top_goes_to_the_rung_below() -> None:
    top = fold(Ladder(5, 10, "reps"), [EASY] * 9)
    assert top.value == 10
    assert fold(Ladder(5, 10, "reps"), [RED], top).value == 9


@pytest.mark.parametrize(("value", "expected"), [(25, 20), (3, 10), (11, 10)])
def test_a_kept_level_off_the_ladder_comes_back_within_it(value: int, expected: int) -> None:
    """A level saved before the library's range changed is never played past its ends."""
    got = step(REPS, Level(value, "", 0), AMBER)
    assert got.value == expected and f"{expected} reps" in got.reason


@pytest.mark.parametrize(
    ("prescription", "expected"),
    [
        (Reps(kind="reps", count=Span(10, 20)), Ladder(10, 20, "reps")),
        (Hold(kind="hold", seconds=Span(20, 30), holds=2), Ladder(20, 30, "seconds")),
        (Timed(kind="timed", seconds=Span(60, 180)), Ladder(60, 180, "minutes")),
        (Timed(kind="timed", seconds=Span(20, 30)), Ladder(20, 30, "seconds")),
        (Timed(kind="timed", seconds=Span(60, 90)), Ladder(60, 90, "seconds")),
        # a single number does not progress, nor does a range of rest
        (Reps(kind="reps", count=Span(3, 3)), None),
        (Hold(kind="hold", seconds=Span(10, 10), rest_seconds=Span(5, 10)), None),
    ],
)
def test_ladder_of_a_prescription(prescription: Hold | Reps | Timed,
                                  expected: Ladder | None) -> None:
    assert ladder(prescription) == expected


def test_circles_are_counted_as_circles() -> None:
    rx = Reps(kind="reps", count=Span(5, 10))
    assert ladder(rx, "circles") == Ladder(5, 10, "circles")
    assert STEPS["circles"] < STEPS["reps"]


@pytest.mark.parametrize(("name", "expected"), [("Ankle circles", "circles"),
                                                ("Towel curls", "reps")])
def test_counted_in(name: str, expected: str) -> None:
    exercise = Exercise(id="x", name=name, purpose="p", position="p", steps=["s"],
                        sides="both", prescription=Reps(kind="reps", count=Span(5, 10)))
    assert counted_in(exercise) == expected


@pytest.mark.parametrize(
    ("prescription", "value", "field"),
    [(Reps(kind="reps", count=Span(10, 20)), 14, "count"),
     (Hold(kind="hold", seconds=Span(20, 30)), 25, "seconds"),
     (Timed(kind="timed", seconds=Span(60, 180)), 90, "seconds")],
)
def test_played_sets_the_level(prescription: Hold | Reps | Timed, value: int,
                               field: str) -> None:
    assert getattr(played(prescription, value), field) == Span(value, value)


@pytest.mark.parametrize(
    ("ladder_", "words"),
    [(Ladder(10, 20, "reps"), "10 reps, the low end of the article's 10-20 reps"),
     (Ladder(5, 10, "circles"), "5 circles, the low end of the article's 5-10 circles"),
     (Ladder(20, 30, "seconds"), "20 s, the low end of the article's 20-30 s"),
     (Ladder(60, 180, "minutes"), "1 minute, the low end of the article's 1-3 minutes"),
     (Ladder(60, 150, "minutes"), "the article's 1 minute to 2 min 30 s")],
)
def test_start_is_low(ladder_: Ladder, words: str) -> None:
    level = start(ladder_)
    assert (level.value, level.easy_run, level.held) == (ladder_.low, 0, False)
    assert words in level.reason
