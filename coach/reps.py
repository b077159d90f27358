"""Paced reps as time passes: how many are done, which cue the one in progress is at, and
when the next change comes. Pure functions of a paced reps step and its active seconds, for
the session engine (which owns the clock).

A rep lasts the step's ``rep_seconds``: its movement (the tempo), halved into the way out
(``go``) and the way back (``back``), and its pauses (``hold``) where the step's
``rep_hold_at`` puts them:

- ``top``: go, hold, back (the pause at the far end of the movement);
- ``bottom``: go, back, hold (the pause back at the start, before the next rep);
- ``both``: go, hold, back, hold (a pause at each end).
"""

from __future__ import annotations

import math
from typing import Literal

from coach.timeline import Step

RepCue = Literal["go", "hold", "back"]

# How far past a rep boundary float arithmetic may land and still count as on it.
EPSILON = 1e-9

_ORDER: dict[str | None, tuple[RepCue, ...]] = {
    None: ("go", "back"),
    "top": ("go", "hold", "back"),
    "bottom": ("go", "back", "hold"),
    "both": ("go", "hold", "back", "hold"),
}


def _tempo(step: Step) -> tuple[float, float]:
    """A paced reps step's length of one rep and of the whole set; only those come here."""
    if step.rep_seconds is None or step.seconds is None:
        raise ValueError(f"step {step.index} is not a set of paced reps")
    return step.rep_seconds, step.seconds


def reps_done(step: Step, elapsed: float) -> int:
    """Reps whose whole time has run by ``elapsed`` (at most the step's reps)."""
    rep, _ = _tempo(step)
    return min(math.floor(elapsed / rep + EPSILON), step.reps or 0)


def phases(step: Step) -> list[tuple[RepCue, float]]:
    """The cues of one rep in order, each with the second into the rep where it ends."""
    hold = float(step.rep_hold_seconds or 0)
    order = _ORDER[(step.rep_hold_at or "top") if hold else None]
    pauses = order.count("hold")
    rep, _ = _tempo(step)
    half = (rep - hold * pauses) / 2
    out: list[tuple[RepCue, float]] = []
    at = 0.0
    for cue_ in order:
        at += hold if cue_ == "hold" else half
        out.append((cue_, at))
    # The last phase ends with the rep, exactly: no float crumbs between reps.
    out[-1] = (out[-1][0], float(rep))
    return out


def _into(step: Step, elapsed: float) -> tuple[float, float]:
    """When the rep in progress began, and how far into it ``elapsed`` is."""
    rep, _ = _tempo(step)
    start = math.floor(elapsed / rep + EPSILON) * rep
    return start, elapsed - start


def cue(step: Step, elapsed: float) -> RepCue | None:
    """The cue of the rep in progress; None once the set's time has run."""
    if elapsed >= _tempo(step)[1]:
        return None
    _, into = _into(step, elapsed)
    for cue_, end in phases(step):
        if into < end - EPSILON:
            return cue_
    return phases(step)[-1][0]  # not reached: into is always short of the rep's end


def next_mark(step: Step, elapsed: float) -> float:
    """Active seconds at which the rep or its cue next changes, after ``elapsed``."""
    start, _ = _into(step, elapsed)
    for _, end in phases(step):
        if start + end > elapsed + EPSILON:
            return start + end
    return start + _tempo(step)[0] * 2  # not reached: the rep's end is always ahead
