"""Paced reps as time passes: how many are done, which cue the one in progress is at, and
when the next change comes. Pure functions of a paced reps step and its active seconds, for
the session engine (which owns the clock).

A rep lasts the step's ``rep_seconds``: its movement (the tempo) split evenly around any hold
at the top. Its cue is ``go`` for the first half of the movement, ``hold`` for the hold and
``back`` for the second half.
"""

from __future__ import annotations

import math
from typing import Literal

from coach.timeline import Step

RepCue = Literal["go", "hold", "back"]

# How far past a rep boundary float arithmetic may land and still count as on it.
EPSILON = 1e-9


def reps_done(step: Step, elapsed: float) -> int:
    """Reps whose whole time has run by ``elapsed`` (at most the step's reps)."""
    return min(math.floor(elapsed / step.rep_seconds + EPSILON), step.reps or 0)


def _marks(step: Step) -> tuple[float, float, float]:
    """Seconds into a rep where the hold begins, where it ends, and where the rep ends."""
    hold = float(step.rep_hold_seconds or 0)
    half = (step.rep_seconds - hold) / 2
    return half, half + hold, step.rep_seconds


def _into(step: Step, elapsed: float) -> tuple[float, float]:
    """When the rep in progress began, and how far into it ``elapsed`` is."""
    start = math.floor(elapsed / step.rep_seconds + EPSILON) * step.rep_seconds
    return start, elapsed - start


def cue(step: Step, elapsed: float) -> RepCue | None:
    """The cue of the rep in progress; None once the set's time has run."""
    if elapsed >= step.seconds:
        return None
    _, into = _into(step, elapsed)
    hold_from, hold_to, _ = _marks(step)
    if into < hold_from - EPSILON:
        return "go"
    return "hold" if into < hold_to - EPSILON else "back"


def next_mark(step: Step, elapsed: float) -> float:
    """Active seconds at which the rep or its cue next changes, after ``elapsed``."""
    start, _ = _into(step, elapsed)
    for mark in _marks(step):
        if start + mark > elapsed + EPSILON:
            return start + mark
    return start + step.rep_seconds * 2  # not reached: the rep's end is always ahead
