"""What the voice says as a workout moves on: one cue per moment worth hearing from the floor.

The runner tells :class:`Cues` what it sees at each repaint (the step, the whole seconds
left, the paced rep, whether it is paused or over), and gets back what to say now, usually
nothing. It remembers what it has said, so a repaint never repeats a cue, however often it
comes; a step played again (restart, back) is announced again. Pure: no clock, no process.

The cues:

- a get-ready: "Get ready: Heel raises, right foot";
- a work step: its exercise and side, and the variant ("Heel raises, right foot, toes out");
- a switch: "Switch to the left foot"; a rest: "Rest 15 seconds";
- 3, 2, 1 as the last seconds of a timed step begin (as the bell rings);
- each paced rep's number, when ``counts`` is on;
- "Done" at the end.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for types only: the app imports this before the library is loaded
    from coach.models import Exercise
    from coach.timeline import Step

__all__ = ["COUNTDOWN", "Cues", "step_cue"]

COUNTDOWN = (3, 2, 1)


def _side(step: Step) -> str:
    return f"{step.side} foot" if step.side else "both feet"


def step_cue(step: Step, exercises: Mapping[str, Exercise], following: Step | None = None
             ) -> str:
    """What is said as ``step`` begins; ``following`` is the step after it (what a get-ready
    or a switch leads to)."""
    if step.kind == "switch_side":
        # A switch step carries the side it leads to.
        target = step.side or (following.side if following is not None else None)
        return f"Switch to the {target} foot" if target else "Switch feet"
    if step.kind == "rest":
        seconds = round(step.seconds or 0)
        return f"Rest {seconds} second{'s' if seconds != 1 else ''}"
    if step.kind == "prepare":
        if following is None:
            return "Get ready"
        return f"Get ready: {_named(following, exercises)}"
    return _named(step, exercises)


def _named(step: Step, exercises: Mapping[str, Exercise]) -> str:
    exercise = exercises.get(step.exercise)
    words = [exercise.name if exercise else step.exercise, _side(step)]
    variant = exercise.variant(step.variant) if exercise and step.variant else None
    if variant is not None:
        words.append(variant.name)
    return ", ".join(words)


@dataclass
class Cues:
    """The cues of one workout; ``counts``: say each paced rep's number too."""

    exercises: Mapping[str, Exercise]
    counts: bool = False
    _step: int | None = None
    _second: tuple[int, int] | None = None
    _rep: tuple[int, int] | None = None
    _done: bool = False

    def seen(self, index: int, step: Step | None, following: Step | None, *,
             remaining: float | None = None, rep: int | None = None, paused: bool = False,
             finished: bool = False) -> list[str]:
        """What to say now that the runner shows step ``index`` (``step``; None once the
        workout is over) with ``remaining`` seconds left and paced ``rep`` in progress."""
        said: list[str] = []
        if finished or step is None:
            if not self._done:
                self._done = True
                said.append("Done")
            return said
        if index != self._step:
            self._step, self._second, self._rep = index, None, None
            said.append(step_cue(step, self.exercises, following))
        if paused:
            return said
        if remaining is not None and step.seconds is not None:
            whole = math.ceil(remaining - 1e-9)
            if whole in COUNTDOWN and self._second != (index, whole) and whole < step.seconds:
                self._second = (index, whole)
                said.append(str(whole))
        if (self.counts and rep is not None and step.kind == "reps" and not step.self_paced
                and self._rep != (index, rep)):
            self._rep = (index, rep)
            said.append(str(rep))
        return said

    def again(self) -> None:
        """The step in progress was restarted: announce it and count it down again."""
        self._step, self._second, self._rep = None, None, None
