"""Where a resumed session picks up: the step it stopped in, from its beginning, after a
get-ready.

A session is interrupted mid-step (a closed terminal, a crash, a killed process): the steps
that ended are in the history, the one that was playing is not. Resuming plays that step
again from its start, never part-way, and first counts down a get-ready, so the person can
get back into position before a hold or a set begins: as long as the ``prepare_seconds``
setting, but at least :data:`RESUME_GET_READY_SECONDS` (even with the setting at 0: coming
back to a workout is not going straight on from the last exercise). When the step it
stopped in is itself a get-ready, that one plays in full instead.

The added get-ready is not a step of the routine: it carries index -1 and is not recorded,
so the history of a resumed session holds the same steps as one played straight through,
and a session interrupted again resumes from the same step.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from coach.timeline import Step

RESUME_GET_READY_SECONDS = 5
LEAD_IN_INDEX = -1  # no step of a routine has it


def resumed(steps: Sequence[Step], stopped_at: int,
            prepare_seconds: float) -> tuple[list[Step], Step | None]:
    """The steps to play and the get-ready put before ``steps[stopped_at]`` (which is then
    at ``stopped_at`` itself, the step it leads into one after it), or None when that step
    is a get-ready already."""
    step = steps[stopped_at]
    if step.kind == "prepare":
        return list(steps), None
    lead_in = dataclasses.replace(
        step, index=LEAD_IN_INDEX, kind="prepare",
        seconds=max(float(prepare_seconds), RESUME_GET_READY_SECONDS),
        reps=None, hold=None, holds=None, rep_seconds=None, rep_hold_seconds=None)
    return [*steps[:stopped_at], lead_in, *steps[stopped_at:]], lead_in
