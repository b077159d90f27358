"""One workout in progress: the routine, the engine playing it, the results so far, and
what the person said before and after (each step's record is :mod:`coach.step_record`'s).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.engine import Session
from coach.models import Routine
from coach.recording import Recorder
from coach.step_record import StepResult

__all__ = ["Workout"]


@dataclass
class Workout:
    """One workout in progress: what is played, and what the person said about it."""

    routine: Routine
    session: Session
    pain_before: int | None = None
    results: list[StepResult] = field(default_factory=list)
    pain_after: int | None = None
    note: str | None = None
    recorder: Recorder | None = None
    # Why each ranged item plays the number it does, by its index as steps number items.
    levels: dict[int, str] = field(default_factory=dict)

    def record(self, result: StepResult) -> None:
        """Keep a step's result, and commit it to history the moment the step ends."""
        self.results.append(result)
        if self.recorder is not None:
            self.recorder.step(result.to_dict())

    @property
    def aborted(self) -> bool:
        return self.session.state == "aborted"
