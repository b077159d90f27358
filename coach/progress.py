"""Where the person stands, from their history and settings: every session's traffic light.

The glue between the history (:mod:`coach.history.pains`) and the pure coaching rules
(:mod:`coach.coaching`): the commands and the app ask here, never the rules directly, so a
light is judged the same way everywhere.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from coach.coaching.sessions import USUAL_OF, lights, week_of
from coach.coaching.traffic import Light, Thresholds
from coach.config import Settings

if TYPE_CHECKING:
    from coach.history import HistoryStore

__all__ = ["history_lights", "lights_between", "thresholds"]


def thresholds(settings: Settings) -> Thresholds:
    """The pain-monitoring model's limits as the person set them in ``config.toml``."""
    return Thresholds(limit=settings.pain_limit, above_baseline=settings.pain_above_baseline)


def history_lights(store: HistoryStore, settings: Settings,
                   routine: str | None = None) -> dict[str, Light]:
    """The light of every session played to an end, by id, oldest first; only ``routine``'s
    when given (judged against the whole history: the baseline and the weekly averages are
    the person's, not the routine's)."""
    sessions = store.session_pains()
    found = lights(sessions, store.mornings(), thresholds(settings))
    if routine is None:
        return found
    return {s.id: found[s.id] for s in sessions if s.routine_id == routine}


def lights_between(store: HistoryStore, settings: Settings, first: date, last: date
                   ) -> dict[str, Light]:
    """The lights of the sessions played from ``first`` to ``last`` (each day included), as
    :func:`history_lights` judges them, from the weeks they need rather than the whole
    history: the two weeks before ``first``'s own onwards (the weekly averages), the day
    after ``last`` (its next morning), and further back only when those weeks hold fewer
    than :data:`~coach.coaching.sessions.USUAL_OF` scores before (the usual baseline)."""
    since: date | None = week_of(first) - timedelta(weeks=2)
    sessions = store.session_pains(since=since, until=last)
    if sum(s.before is not None for s in sessions if s.day < first) < USUAL_OF:
        sessions, since = store.session_pains(until=last), None
    mornings = store.mornings(since=since, until=last + timedelta(days=1))
    judged = lights(sessions, mornings, thresholds(settings))
    return {s.id: judged[s.id] for s in sessions if s.day >= first}
