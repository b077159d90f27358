"""What a session and its steps came to: when a step counts as done, the status a finished
session ends with, and the one wording of every status, shared by the history pane, the
session detail, the summary, ``coach history`` and the README.

The rules, in one place:

- Only **work steps** count (holds, reps, timed steps): get-ready, rest and side switches
  are the routine's own time, not something a person did or skipped.
- A work step **counts as done** when it ended ``done`` and, for reps, with at least one
  rep: a reps step stored with ``reps = 0`` counts as skipped.
- A step played more than once (after going back) counts **once, as its last outcome**.
- A session played to its end is ``completed`` when at least one work step counts as done,
  and ``skipped`` when it has work steps and none of them does. A session that records no
  work step at all (an import written by hand) keeps the word it came with. ``aborted`` and
  ``interrupted`` stay what they are, whatever was done.

The same rule is said twice, in Python (:func:`counts_as_done`, :func:`finished_status`)
and as SQL (:data:`DONE_SQL`, :func:`work_count_sql`) for the history's counts; a test
holds them together.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from coach.timeline import WORK_KINDS

__all__ = [
    "DONE_SQL",
    "STATUS_LABELS",
    "WORK_SQL",
    "counts_as_done",
    "finished_status",
    "last_outcomes",
    "status_label",
    "work_count_sql",
    "work_counts",
]

# Every status a session can have, as a person reads it. The stored word is the key; what
# the screens, `coach history` and the README say is the value.
STATUS_LABELS: dict[str, str] = {
    "completed": "completed",
    "skipped": "all skipped",
    "aborted": "ended early",
    "interrupted": "interrupted",
    "in_progress": "in progress",
}


def status_label(status: str) -> str:
    """The words for ``status``; a word coach does not know (a hand edit) as it is."""
    return STATUS_LABELS.get(status, status)


def counts_as_done(kind: Any, status: Any, reps: Any) -> bool:
    """Whether a work step with these stored values counts as done (False for any other
    kind of step)."""
    if kind not in WORK_KINDS or status != "done":
        return False
    return not (kind == "reps" and type(reps) is int and reps == 0)


def last_outcomes(steps: Iterable[Mapping[str, Any]]) -> dict[Any, Mapping[str, Any]]:
    """The work steps by step index, each the last one recorded for that index, in the
    order their indexes were first met."""
    last: dict[Any, Mapping[str, Any]] = {}
    for n, step in enumerate(steps):
        if step.get("kind") in WORK_KINDS:
            index = step.get("step_index")
            last[n if index is None else index] = step
    return last


def work_counts(steps: Iterable[Mapping[str, Any]]) -> tuple[int, int]:
    """(done, skipped) work steps, each counted once as its last outcome."""
    done = skipped = 0
    for step in last_outcomes(steps).values():
        if counts_as_done(step.get("kind"), step.get("status"), step.get("reps")):
            done += 1
        else:
            skipped += 1
    return done, skipped


def finished_status(steps: Iterable[Mapping[str, Any]], given: str = "completed") -> str:
    """The status of a session played to its end: ``completed``, or ``skipped`` when it has
    work steps and none counts as done; ``given`` when it records no work step."""
    done, skipped = work_counts(steps)
    if done:
        return "completed"
    return "skipped" if skipped else given


# --- the same rule in SQL, over the history's ``steps`` table -------------------------------

_KINDS = ", ".join(f"'{k}'" for k in sorted(WORK_KINDS))
WORK_SQL = f"kind IN ({_KINDS})"
# A row of ``steps`` that counts as done (reps stored as a whole 0: skipped).
DONE_SQL = (f"({WORK_SQL} AND status = 'done'"
            " AND NOT (kind = 'reps' AND typeof(reps) = 'integer' AND reps = 0))")


def work_count_sql(session: str, done: bool) -> str:
    """A scalar subquery: the work steps of the session whose id is the SQL expression
    ``session`` that count as done (or, with ``done=False``, as skipped), each step index
    once, as the last recorded for it (no later row of that index). Walks the session's
    own rows by the primary key, never a sort."""
    wanted = DONE_SQL if done else f"NOT {DONE_SQL}"
    return (f"(SELECT COUNT(*) FROM steps t WHERE t.session_id = {session} AND {WORK_SQL}"
            f" AND {wanted} AND NOT EXISTS (SELECT 1 FROM steps u WHERE"
            " u.session_id = t.session_id AND u.seq > t.seq AND u.step_index IS t.step_index"
            f" AND u.{WORK_SQL}))")
