"""Every session's traffic light over a whole history: the person's usual baseline, the next
morning and the weekly averages each light needs, worked out from plain data in one pass.

Pure: the sessions and the mornings come in as values (``coach.progress`` reads them from the
history), so the rules can be tested on made-up histories.

What each light is judged on (:func:`coach.coaching.traffic.light`):

- ``before``, ``during`` (the highest pain said during a step) and ``after``: the session's;
- the next morning: the first check-in dated the day after the session's day;
- the usual baseline, for a session with no pain before: the median of the last
  :data:`USUAL_OF` known scores before, of earlier sessions;
- the weekly averages: of every pain score during, after and on a morning, per calendar week
  (Monday first); a session is judged on the two complete weeks before its own.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from coach.coaching.traffic import Light, Thresholds, light

# How many earlier pain-before scores make the usual baseline: a week or two of sessions.
USUAL_OF = 5


@dataclass(frozen=True)
class SessionPains:
    """One played session's pain scores (None where none was given), and its local day."""

    id: str
    routine_id: str
    day: date
    before: int | None
    during: int | None
    after: int | None


def week_of(day: date) -> date:
    """The Monday that starts ``day``'s week."""
    return day - timedelta(days=day.weekday())


def weekly_averages(sessions: Iterable[SessionPains], mornings: Mapping[date, int]
                    ) -> dict[date, float]:
    """Average pain of each week (keyed by its Monday) with any score: during, after, mornings."""
    totals: dict[date, list[int]] = {}
    scores = [(s.day, p) for s in sessions for p in (s.during, s.after) if p is not None]
    scores += list(mornings.items())
    for day, pain in scores:
        total = totals.setdefault(week_of(day), [0, 0])
        total[0] += pain
        total[1] += 1
    return {week: total / count for week, (total, count) in totals.items()}


def lights(sessions: Sequence[SessionPains], mornings: Mapping[date, int],
           thresholds: Thresholds) -> dict[str, Light]:
    """The light of every session in ``sessions`` (oldest first), by session id.

    ``mornings``: the first check-in's pain of each day that has one."""
    weeks = weekly_averages(sessions, mornings)
    recent_before: deque[int] = deque(maxlen=USUAL_OF)
    found: dict[str, Light] = {}
    for session in sessions:
        usual = round(median(recent_before)) if recent_before else None
        monday = week_of(session.day)
        two = [weeks.get(monday - timedelta(weeks=n)) for n in (2, 1)]
        weekly = [w for w in two if w is not None] if None not in two else []
        found[session.id] = light(
            before=session.before, during=session.during, after=session.after,
            morning=mornings.get(session.day + timedelta(days=1)),
            usual_baseline=usual, weekly=weekly, thresholds=thresholds)
        if session.before is not None:
            recent_before.append(session.before)
    return found
