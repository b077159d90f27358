"""A step as it was played, and its record: the one format in which the engine reports a
step, the recorder commits it and the history stores and exports it.

:class:`StepResult` is a step as it was played; :meth:`StepResult.to_dict` is the step record,
with the keys of :data:`STEP_FIELDS` in the order they are stored and exported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from coach.timeline import Step, StepKind

__all__ = ["STEP_FIELDS", "Status", "StepKind", "StepResult"]

Status = Literal["done", "skipped"]

# The keys of ``StepResult.to_dict()``, in the order they are exported and stored.
STEP_FIELDS: tuple[str, ...] = (
    "step_index", "item", "exercise", "kind", "side", "set", "sets", "round", "rounds",
    "variant", "planned_seconds", "actual_seconds", "paused_seconds", "reps",
    "started_at", "ended_at", "status", "pain",
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
    pain: int | None = None  # pain 0-10 the person noted during the step, else None

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
            "pain": self.pain,
        }
