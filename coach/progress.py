"""Where the person stands, from their history and settings: every session's traffic light.

The glue between the history (:mod:`coach.history.pains`) and the pure coaching rules
(:mod:`coach.coaching`): the commands and the app ask here, never the rules directly, so a
light is judged the same way everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.coaching.sessions import lights
from coach.coaching.traffic import Light, Thresholds
from coach.config import Settings

if TYPE_CHECKING:
    from coach.history import HistoryStore

__all__ = ["history_lights", "thresholds"]


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
