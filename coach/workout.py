"""One workout and the record of its steps: what the engine plays out, the recorder commits
and the history stores, in one format.

:class:`StepResult` is a step as it was played; :meth:`StepResult.to_dict` is the step record,
with the keys of :data:`STEP_FIELDS` in the order they are stored and exported.
:class:`Workout` is a workout in progress: the routine, the engine playing it, the results so
far, and what the person said before and after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from coach.models import Routine
from coach.timeline import Step, StepKind

if TYPE_CHECKING:
    from coach.engine import Session
    from coach.recording import Recorder

__all__ = ["STEP_FIELDS", "Status", "StepKind", "StepResult", "Workout"]

Status = Literal["done", "skipped"]

# The keys of ``StepResult.to_dict()``, in the order they are exported and stored.
STEP_FIELDS: tuple[str, ...] = (
    "step_index", "item", "exercise", "kind", "side", "set", "sets", "round", "rounds",
    "variant", "planned_seconds", "actual_seconds", "paused_seconds", "reps",
    "started_at", "ended_at", "status",
)


@dataclass(frozen=True)
class StepResult:
    """One step as it was played: what the history store records."""

    step: Step
    started_at: datetime  # aware, wall clock
    ended_at: datetime
    active_seconds: float  # pauses excluded
    paused_seconds: float
    reps: int | None  # reps done (reps steps), else None
    status: Status

    def to_dict(self) -> dict[str, Any]:
        s = self.step
        return {
            "step_index": s.index,
            "item": s.item,
            "exercise": s.exercise,
            "kind": s.kind,
            "side": s.side,
            "set": s.set,
            "sets": s.sets,
            "round": s.round,
            "rounds": s.rounds,
            "variant": s.variant,
            "planned_seconds": None if s.seconds is None else round(s.seconds, 3),
            "actual_seconds": round(self.active_seconds, 3),
            "paused_seconds": round(self.paused_seconds, 3),
            "reps": self.reps,
            "started_at": self.started_at.isoformat(timespec="milliseconds"),
            "ended_at": self.ended_at.isoformat(timespec="milliseconds"),
            "status": self.status,
        }


@dataclass
class Workout:
    """One workout in progress: what is played, and what the person said about it."""

    routine: Routine
    pain_before: int | None = None
    session: Session = None  # type: ignore[assignment]  # set before the runner starts
    results: list[StepResult] = field(default_factory=list)
    pain_after: int | None = None
    note: str | None = None
    recorder: Recorder | None = None

    def record(self, result: StepResult) -> None:
        """Keep a step's result, and commit it to history the moment the step ends."""
        self.results.append(result)
        if self.recorder is not None:
            self.recorder.step(result.to_dict())

    @property
    def aborted(self) -> bool:
        return self.session.state == "aborted"
