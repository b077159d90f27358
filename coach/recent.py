"""What the routine picker says of recent history: when each routine was last done, an
interrupted session of the last day that can be resumed, and whether the morning's pain
question is due.

Read from the store in a few queries (:meth:`~coach.history.HistoryStore.last_done` for every
routine at once, :meth:`~coach.history.HistoryStore.interrupted_since`), by the app in a
worker thread once the history has opened after the picker's first frame; this module reads
and words, and never imports Textual.

A routine counts as *done* on a day when a session of it that day had at least one exercise
step done (a hold, reps or a timed step), whatever the session's status: a workout ended
early still happened; one whose every exercise was skipped, or that stopped during the first
get-ready, did not.

The morning's question (:func:`checkin_due`) is due when the newest session, of any status,
ended on a calendar day before today (its start day when it never ended) and no check-in was
said today; each is dated in the UTC offset it was recorded in, the days history keeps.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from coach.history import HistoryError, HistoryStore

if TYPE_CHECKING:
    from coach.timeline import Step

# How recent an interrupted session must be for the picker to offer it on start; older ones
# are still in the history pane, where `r` resumes them too.
OFFER_WITHIN = timedelta(hours=24)


@dataclass(frozen=True)
class Interrupted:
    """An interrupted session worth offering, and where it stopped."""

    session_id: str
    routine_id: str
    routine_name: str
    started_at: datetime
    stopped_at: int  # the index of the step it stopped in (the first not recorded)
    # How far it got, in the routine's estimated seconds (the runner's progress bar):
    # before the step it stopped in, and in all; None when every step had ended.
    done_seconds: float | None
    total_seconds: float | None


@dataclass(frozen=True)
class Recent:
    last_done: dict[str, date]  # routine id -> the day it was last done
    interrupted: Interrupted | None  # the newest from the last day, if any
    checkin_due: bool = False  # the morning's pain question is to be asked (checkin_due)


def checkin_due(store: HistoryStore, today: date) -> bool:
    """Whether the morning's pain question is due ``today`` (see the module's docstring).
    Raises HistoryError as the store does."""
    return store.checkin_due(today)


def read_recent(store: HistoryStore, now: datetime,
                steps_of: Callable[[str], Sequence[Step] | None],
                today: date | None = None) -> Recent:
    """What the picker shows, as of ``now`` (aware). ``steps_of(routine_id)``: the steps a
    routine plays, or None when the library no longer has it (its sessions cannot be
    resumed, so none is offered). With ``today``, whether the morning's question is due
    then. Raises HistoryError as the store does."""
    last_done = store.last_done()
    due = today is not None and checkin_due(store, today)
    for session in store.interrupted_since(now - OFFER_WITHIN):
        steps = steps_of(session.routine_id)
        if steps is None:
            continue
        try:
            stopped_at = store.resume_point(session.id)
        except HistoryError:  # its last step cannot be read: the history pane says so
            continue
        done = total = None
        if stopped_at < len(steps):
            total = sum(s.estimated_seconds for s in steps)
            done = sum(s.estimated_seconds for s in steps[:stopped_at])
        return Recent(last_done, Interrupted(session.id, session.routine_id,
                                             session.routine_name, session.started_at,
                                             stopped_at, done, total), due)
    return Recent(last_done, None, due)


def days_ago(day: date, today: date) -> str:
    """``today``, ``yesterday``, ``3 days ago``, ``2 weeks ago``, ``5 months ago``."""
    days = (today - day).days
    if days <= 0:  # a clock set back shows a later day as today, never "in 2 days"
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    return f"{days // 30} months ago"


def time_ago(moment: datetime, now: datetime) -> str:
    """``just now``, ``25 min ago``, ``3 h ago`` (for the last day or so)."""
    minutes = int((now - moment).total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min ago"
    return f"{minutes // 60} h ago"
