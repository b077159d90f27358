"""Open-ended holds ("as long as you can") as time passes: when one ends by itself, the whole
seconds held, whether its aim is met, and when what the screen shows next changes. Pure
functions of a hold step and its active seconds, for the session engine (which owns the
clock), as :mod:`coach.reps` is for paced reps.

An open-ended hold is a hold step with ``up_to_seconds``: it counts up from 0, its ``seconds``
is the aim, and it ends when the person lets go or at ``up_to_seconds``, its cap.
"""

from __future__ import annotations

import math

from coach.timeline import Step

# How far short of a whole second float arithmetic may land and still count as on it.
EPSILON = 1e-9


def is_open(step: Step | None) -> bool:
    return step is not None and step.up_to_seconds is not None


def limit(step: Step, added: float = 0.0) -> float | None:
    """Active seconds at which ``step`` ends by itself: its planned length plus ``added``,
    or an open-ended hold's cap (nothing is added to those); None for self-paced reps,
    which end only when the person says so."""
    if step.seconds is None:
        return None
    if step.up_to_seconds is not None:
        return float(step.up_to_seconds)
    return step.seconds + added


def held(elapsed: float) -> int:
    """The whole seconds held after ``elapsed`` active seconds."""
    return math.floor(elapsed + EPSILON)


def aim_met(step: Step, elapsed: float) -> bool:
    return elapsed + EPSILON >= (step.seconds or 0)


def fraction(step: Step, elapsed: float) -> float:
    """How far towards the aim: full once it is met, however long the hold goes on."""
    aim = step.seconds or 0
    return 1.0 if aim <= 0 else min(1.0, elapsed / aim)


def next_mark(step: Step, elapsed: float) -> float:
    """Active seconds of the next change after ``elapsed``: the next whole second held (the
    aim is one), or the cap."""
    return min(held(elapsed) + 1.0, float(step.up_to_seconds or 0))
