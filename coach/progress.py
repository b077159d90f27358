"""Where the person stands, from their history and settings: every session's traffic light,
and each ranged routine item's level (the routine as the person plays it).

The glue between the history (:mod:`coach.history.pains`) and the pure coaching rules
(:mod:`coach.coaching`): the commands and the app ask here, never the rules directly, so a
light is judged the same way everywhere.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from coach.coaching.progression import ItemLevel, item_levels, played_routine, ranged_items
from coach.coaching.sessions import lights
from coach.coaching.traffic import Light, Thresholds
from coach.config import Settings

if TYPE_CHECKING:
    from coach.history import HistoryStore
    from coach.library import Library
    from coach.models import Routine

__all__ = ["history_lights", "played_library", "routine_levels", "thresholds"]


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


def routine_levels(store: HistoryStore | None, settings: Settings, routine: Routine,
                   library: Library) -> list[ItemLevel]:
    """The level of each of ``routine``'s ranged items (1-based, in order): its sessions'
    lights and the person's choices merged in time order. Every item at its low end when
    there is no history."""
    ranged = ranged_items(routine, library.exercises)
    if not ranged or store is None:
        return item_levels(ranged, (), ())
    found = history_lights(store, settings, routine=routine.id)
    starts = store.session_starts(routine.id)
    sessions = [(starts[sid], light) for sid, light in found.items() if sid in starts]
    return item_levels(ranged, sessions, store.level_choices(routine.id))


def played_library(library: Library, routine: Routine, levels: list[ItemLevel]) -> Library:
    """``library`` with ``routine`` as the person plays it at ``levels``, so every way of
    expanding, measuring or describing a routine from a library plays the levels."""
    mine = played_routine(routine, levels)
    return replace(library, routines={**library.routines, routine.id: mine})
