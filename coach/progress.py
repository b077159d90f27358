"""Where the person stands, from their history and settings: every session's traffic light,
and each ranged routine item's level (the routine as the person plays it).

The glue between the history (:mod:`coach.history.pains`) and the pure coaching rules
(:mod:`coach.coaching`): the commands and the app ask here, never the rules directly, so a
light is judged the same way everywhere.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from coach.coaching.progression import ItemLevel, item_levels, played_routine, ranged_items
from coach.coaching.sessions import USUAL_OF, lights, week_of
from coach.coaching.traffic import Light, Thresholds
from coach.config import Settings

if TYPE_CHECKING:
    from coach.history import HistoryStore
    from coach.library import Library
    from coach.models import Routine

__all__ = ["history_lights", "levels_by_routine", "lights_between", "played_library",
           "routine_levels", "session_outlook", "thresholds"]


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


def levels_by_routine(store: HistoryStore | None, settings: Settings,
                      library: Library) -> dict[str, list[ItemLevel]]:
    """The levels of every routine with a ranged item, by id, as :func:`routine_levels`
    gives them, the whole history's lights judged once."""
    ranged = {rid: items for rid, routine in library.routines.items()
              if (items := ranged_items(routine, library.exercises))}
    if store is None or not ranged:
        return {rid: item_levels(items, (), ()) for rid, items in ranged.items()}
    judged = history_lights(store, settings)
    levels = {}
    for rid, items in ranged.items():
        starts = store.session_starts(rid)
        sessions = [(at, judged[sid]) for sid, at in starts.items() if sid in judged]
        levels[rid] = item_levels(items, sessions, store.level_choices(rid))
    return levels


def played_library(library: Library, routine: Routine, levels: list[ItemLevel]) -> Library:
    """``library`` with ``routine`` as the person plays it at ``levels``, so every way of
    expanding, measuring or describing a routine from a library plays the levels."""
    mine = played_routine(routine, levels)
    return replace(library, routines={**library.routines, routine.id: mine})


def session_outlook(store: HistoryStore, settings: Settings, routine: Routine,
                    library: Library, session_id: str) -> tuple[Light | None, list[str]]:
    """A session just played, as the summary says it: its light so far (None when it has
    none, e.g. not played to an end), and a line for each of ``routine``'s ranged items
    whose level it moved, or will move once the next morning settles."""
    ranged = ranged_items(routine, library.exercises)
    judged = history_lights(store, settings, routine=routine.id)
    light = judged.get(session_id)
    if light is None or not ranged:
        return light, []
    starts = store.session_starts(routine.id)
    choices = store.level_choices(routine.id)
    sessions = [(at, judged[sid]) for sid, at in starts.items() if sid in judged]
    mine = starts.get(session_id, 0)
    before = item_levels(ranged, [(at, lt) for at, lt in sessions if at < mine], choices)
    now = item_levels(ranged, sessions, choices)
    settled = Light(light.colour, light.reason, True)
    hoped = item_levels(ranged, [(at, settled if at == mine else lt) for at, lt in sessions],
                        choices)
    lines = []
    for was, is_, may in zip(before, now, hoped, strict=True):
        name = library.exercises[is_.exercise].name
        ladder = is_.ranged.ladder
        if is_.value != was.value:
            lines.append(f"{name}: {ladder.amount(is_.value)} next time ({is_.reason})")
        elif light.settled is None and may.value != is_.value:
            lines.append(f"{name}: up to {ladder.amount(may.value)} next time if your pain "
                         "is back to where it started by tomorrow morning")
    return light, lines
