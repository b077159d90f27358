"""Rows of the history database, made safe to show and to export whatever is in them.

The store writes only what it validated, but the file is the person's: a hand edit can leave
text in a number column, a time that is not a time, NULL where a value belongs, a BLOB in
any column, or an infinity. No reader fails on such a row:

- :func:`summary_values` and :func:`step_values` give the types the screens and tables
  expect (a number that cannot be read is None, or 0 where one is needed; a start time falls
  back to the stored instant) and name each field they could not read, so a reader can say
  so;
- :func:`exported` keeps a value as stored, for an export or ``--json``, where the person can
  see it and fix it; it only makes it JSON-safe (a BLOB as text, a non-finite number as
  null). An import then refuses what is wrong, with its place in the file.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Any

from coach.history.document import MAX_STEP_SECONDS

__all__ = [
    "EPOCH",
    "day",
    "exported",
    "maybe_text",
    "moment",
    "number",
    "step_values",
    "summary_values",
    "text",
    "whole",
]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # a start time that cannot be read at all

_INT_STEP_FIELDS = ("step_index", "item", "set", "sets", "round", "rounds", "reps")
_SECONDS_FIELDS = ("planned_seconds", "actual_seconds", "paused_seconds")
_NEEDED_SECONDS = ("actual_seconds", "paused_seconds")  # shown as 0 when unreadable
_SIDES = ("left", "right")


def exported(value: Any) -> Any:
    """``value`` as stored, fit for JSON: bytes as UTF-8 text, a non-finite number as None."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def text(value: Any) -> str:
    """Any stored value as text; NULL as the empty text."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value if isinstance(value, str) else str(value)


def maybe_text(value: Any) -> str | None:
    return None if value is None else text(value)


def whole(value: Any, low: int | None = None, high: int | None = None) -> int | None:
    """A whole number within [low, high], or None for anything else."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    if (low is not None and value < low) or (high is not None and value > high):
        return None
    return value


def number(value: Any) -> float | None:
    """A finite number, or None for anything else."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def moment(value: Any) -> datetime | None:
    """An aware time stored as ISO 8601 text, or None."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.utcoffset() is not None else None


def day(value: Any) -> date | None:
    """A calendar day stored as ``YYYY-MM-DD``, or None."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _from_ms(value: Any) -> datetime | None:
    ms = whole(value)
    if ms is None:
        return None
    try:
        return datetime.fromtimestamp(ms / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def summary_values(row: Any) -> tuple[dict[str, Any], list[str]]:
    """The fields of a session summary from a row of ``id, routine_id, routine_name,
    started_at, ended_at, status, pain_before, pain_after, note, owner_pid, active seconds,
    steps done, steps skipped, started_ms, steps whose seconds cannot be read``; and the
    fields that could not be read."""
    damage: list[str] = []

    def check(name: str, raw: Any, value: Any, *, allow_none: bool = True) -> Any:
        if value is None and (raw is not None or not allow_none):
            damage.append(name)
        return value

    started = moment(row[3])
    if started is None:
        damage.append("started_at")
        started = _from_ms(row[13]) or EPOCH
    for name, raw in (("id", row[0]), ("routine_id", row[1]), ("routine_name", row[2]),
                      ("status", row[5])):
        if not isinstance(raw, str):
            damage.append(name)
    # the total of the steps' readable seconds; row[14] counts those that are not
    active = number(row[10]) or 0.0
    if whole(row[14]):
        damage.append("active_seconds")
    values = dict(
        id=text(row[0]), routine_id=text(row[1]), routine_name=text(row[2]),
        started_at=started, ended_at=check("ended_at", row[4], moment(row[4])),
        status=text(row[5]),
        pain_before=check("pain_before", row[6], whole(row[6], 0, 10)),
        pain_after=check("pain_after", row[7], whole(row[7], 0, 10)),
        note=maybe_text(row[8]), owner_pid=whole(row[9], 0),
        active_seconds=round(active, 3),
        steps_done=whole(row[11]) or 0, steps_skipped=whole(row[12]) or 0,
    )
    if row[8] is not None and not isinstance(row[8], str):
        damage.append("note")
    return values, damage


def step_values(step: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A stored step (a dict of :data:`~coach.step_record.STEP_FIELDS`) with every value of
    its documented type; and the fields that could not be read."""
    damage: list[str] = []
    out = dict(step)
    for name in _INT_STEP_FIELDS:
        out[name] = whole(step[name], 0)
        if out[name] is None and step[name] is not None:
            damage.append(name)
    for name in _SECONDS_FIELDS:
        value = number(step[name])
        if value is not None and not 0 <= value <= MAX_STEP_SECONDS:
            value = None
        if value is None and (step[name] is not None or name in _NEEDED_SECONDS):
            damage.append(name)
        out[name] = 0.0 if value is None and name in _NEEDED_SECONDS else value
    for name in ("exercise", "kind", "started_at", "ended_at", "status"):
        if not isinstance(step[name], str):
            damage.append(name)
        out[name] = text(step[name])
    if step["side"] is not None and step["side"] not in _SIDES:
        damage.append("side")
        out["side"] = None
    out["pain"] = whole(step["pain"], 0, 10)
    if out["pain"] is None and step["pain"] is not None:
        damage.append("pain")
    if step["variant"] is not None and not isinstance(step["variant"], str):
        damage.append("variant")
    out["variant"] = maybe_text(step["variant"])
    return out, damage
