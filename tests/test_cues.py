"""What the voice says, when (coach.cues): each kind of step's cue, 3-2-1 once per second
however often the runner repaints, nothing counted down while paused, a restart announced
again, paced reps counted only when asked, and "Done" once. On the fixed test library."""

from __future__ import annotations

import pytest
from support import fixed

from coach.cues import Cues, step_cue

LIBRARY = fixed()
STEPS = LIBRARY.steps("every-step")


def after(i: int):
    return STEPS[i + 1] if i + 1 < len(STEPS) else None


@pytest.mark.parametrize(("index", "said"), [
    (0, "Get ready: Towel stretch, right foot"),
    (1, "Towel stretch, right foot"),
    (2, "Rest 5 seconds"),
    (4, "Switch to the left foot"),
    (5, "Towel stretch, left foot"),
    (9, "Heel raise, right foot"),
    (12, "Get ready: Toe walk, both feet, toes forward"),
    (14, "Toe walk, both feet, toes out"),
    (16, "Towel curl, both feet"),
])
def test_each_kind_of_step_says_what_it_is(index, said):
    assert step_cue(STEPS[index], LIBRARY.exercises, after(index)) == said


def test_a_step_is_announced_once_and_counted_down_once_a_second():
    cues = Cues(LIBRARY.exercises)
    step = STEPS[1]  # a 20 s hold
    heard = []
    for remaining in (20.0, 19.5, 3.4, 3.0, 2.99, 2.5, 2.0, 1.7, 1.0, 0.4):
        heard += cues.seen(1, step, after(1), remaining=remaining)
    assert heard == ["Towel stretch, right foot", "3", "2", "1"]


def test_nothing_is_counted_down_while_paused_and_the_count_goes_on_after():
    cues = Cues(LIBRARY.exercises)
    step = STEPS[1]
    assert cues.seen(1, step, None, remaining=10) == ["Towel stretch, right foot"]
    assert cues.seen(1, step, None, remaining=2.5, paused=True) == []
    assert cues.seen(1, step, None, remaining=2.5) == ["3"]


def test_a_restarted_step_is_announced_and_counted_again():
    cues = Cues(LIBRARY.exercises)
    step = STEPS[1]
    cues.seen(1, step, None, remaining=2.5)
    cues.again()
    assert cues.seen(1, step, None, remaining=20) == ["Towel stretch, right foot"]
    assert cues.seen(1, step, None, remaining=0.5) == ["1"]


def test_a_short_step_does_not_count_from_its_first_instant():
    cues = Cues(LIBRARY.exercises)
    step = STEPS[12]  # a 5 s get-ready: 3-2-1 at its end, not "5"
    said = [s for r in (5.0, 4.2, 3.0, 2.0, 1.0) for s in cues.seen(12, step, after(12),
                                                                     remaining=r)]
    assert said == ["Get ready: Toe walk, both feet, toes forward", "3", "2", "1"]


def test_paced_reps_are_counted_only_when_asked():
    step = STEPS[9]  # 10 paced reps of 4 s
    quiet, counting = Cues(LIBRARY.exercises), Cues(LIBRARY.exercises, counts=True)
    for cues in (quiet, counting):
        cues.seen(9, step, None, remaining=40, rep=1)
    assert quiet.seen(9, step, None, remaining=36, rep=2) == []
    assert counting.seen(9, step, None, remaining=36, rep=2) == ["2"]
    assert counting.seen(9, step, None, remaining=35.5, rep=2) == []


def test_self_paced_reps_are_never_counted_aloud():
    cues = Cues(LIBRARY.exercises, counts=True)
    cues.seen(16, STEPS[16], None, rep=1)
    assert cues.seen(16, STEPS[16], None, rep=2) == []


def test_done_is_said_once():
    cues = Cues(LIBRARY.exercises)
    assert cues.seen(17, None, None, finished=True) == ["Done"]
    assert cues.seen(17, None, None, finished=True) == []
