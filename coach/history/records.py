"""What readers of the history get: a session's summary, a session with its steps, a point
of the pain chart, and the statistics of the history pane. Plain frozen values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from coach.history.document import SessionStatus

__all__ = ["DailyStats", "PainPoint", "SessionRecord", "SessionSummary"]


@dataclass(frozen=True)
class SessionSummary:
    """One session without its steps, as the history list shows it."""

    id: str
    routine_id: str
    routine_name: str
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    pain_before: int | None
    pain_after: int | None
    note: str | None
    owner_pid: int | None  # the process that recorded it last, for display and debugging
    active_seconds: float  # sum of the steps' actual_seconds
    steps_done: int  # work steps, each once as its last outcome (see coach.outcomes)
    steps_skipped: int
    # Fields stored in a form that could not be read (a hand edit), shown as well as they
    # can be: e.g. ("started_at", "steps[2].actual_seconds").
    damage: tuple[str, ...] = ()


@dataclass(frozen=True)
class SessionRecord(SessionSummary):
    """One session with every step result, each a dict with the keys of
    :data:`coach.step_record.STEP_FIELDS`."""

    steps: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class PainPoint:
    """Pain before and after one session, on the local day it was played."""

    session_id: str
    day: date
    pain_before: int | None
    pain_after: int | None


@dataclass(frozen=True)
class DailyStats:
    """Everything the history pane draws, computed for one ``today``."""

    days: dict[date, int]  # every day of the heatmap window, oldest first, counted sessions
    current_streak: int
    longest_streak: int
    week_sessions: int
    week_minutes: float
    pain: list[PainPoint]  # oldest first
