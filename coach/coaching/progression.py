"""A routine's ranged items and their levels from its sessions' lights and the person's choices,
merged in time order, and the routine as the person plays it at those levels. Pure.

The lights (:mod:`coach.coaching.sessions`) and the choices come in as values with their
instants (Unix ms): ``coach.progress`` reads them from the history. An item progresses when
its prescription's ranged number (:func:`coach.coaching.levels.ladder`) is not also set per
side: the sides' own numbers would overrule the level. Items are numbered from 1, as the
preview shows them; a choice counts only while its item still plays the exercise it was made
for (an edited routine does not pass a choice on to another exercise).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from coach.coaching.levels import (
    Choice,
    Event,
    Ladder,
    Level,
    counted_in,
    ladder,
    played,
    start,
    step,
)
from coach.coaching.traffic import Light
from coach.models import Exercise, Hold, Reps, Routine, Timed
from coach.timeline import item_prescription

__all__ = ["ItemLevel", "LevelChoice", "Ranged", "item_levels", "level_line", "played_routine",
           "ranged_items"]


@dataclass(frozen=True)
class LevelChoice:
    """One choice of the person's: when (Unix ms), for which item (1-based) playing which
    exercise, and what (hold, release, reset)."""

    at_ms: int
    item: int
    exercise: str
    choice: Choice


@dataclass(frozen=True)
class Ranged:
    """A routine item that progresses: its number (1-based), exercise, article's
    prescription and ladder."""

    item: int
    exercise: str
    prescription: Hold | Reps | Timed
    ladder: Ladder


@dataclass(frozen=True)
class ItemLevel:
    """Where one ranged item stands for the person."""

    ranged: Ranged
    level: Level

    @property
    def item(self) -> int:
        return self.ranged.item

    @property
    def exercise(self) -> str:
        return self.ranged.exercise

    @property
    def value(self) -> int:
        return self.level.value

    @property
    def reason(self) -> str:
        return self.level.reason

    @property
    def played(self) -> Hold | Reps | Timed:
        """The item's prescription at this level."""
        return played(self.ranged.prescription, self.level.value)


def _set_per_side(rx: Hold | Reps | Timed) -> bool:
    field = "count" if isinstance(rx, Reps) else "seconds"
    return any(numbers is not None and getattr(numbers, field, None) is not None
               for numbers in (rx.left, rx.right))


def ranged_items(routine: Routine, exercises: Mapping[str, Exercise]) -> list[Ranged]:
    """The items of ``routine`` that progress, in order."""
    found = []
    for n, item in enumerate(routine.items, 1):
        exercise = exercises.get(item.exercise)
        if exercise is None:
            continue
        rx = item_prescription(item, exercise)
        rungs = ladder(rx, counted_in(exercise))
        if rungs is not None and not _set_per_side(rx):
            found.append(Ranged(n, exercise.id, rx, rungs))
    return found


def item_levels(ranged: Sequence[Ranged], sessions: Iterable[tuple[int, Light]],
                choices: Iterable[LevelChoice]) -> list[ItemLevel]:
    """Each ranged item's level after ``sessions`` (each played session's start in Unix ms
    and its light) and ``choices``, in time order; a choice made at a session's very start
    comes after it."""
    timeline: list[tuple[int, int, Light | LevelChoice]] = [
        (at, 0, light) for at, light in sessions]
    timeline += [(c.at_ms, 1, c) for c in choices]
    timeline.sort(key=lambda entry: entry[:2])
    found = []
    for one in ranged:
        events: list[Event] = []
        for _, _, event in timeline:
            if isinstance(event, Light):
                events.append(event)
            elif event.item == one.item and event.exercise == one.exercise:
                events.append(event.choice)
        found.append(ItemLevel(one, _fold(one.ladder, events)))
    return found


def _fold(rungs: Ladder, events: Iterable[Event]) -> Level:
    """:func:`coach.coaching.levels.fold`, each distinct (level, event) stepped once: what a
    light does to a level is its colour and its morning alone, so the same steps repeat, and
    ten years of sessions are a few thousand look-ups."""
    levels = [start(rungs)]  # every level met, named by its place here
    named: dict[Level, int] = {levels[0]: 0}
    moves: dict[tuple[int, str, bool | None], int] = {}
    at = 0
    for event in events:
        key = ((at, event.colour, event.settled) if isinstance(event, Light)
               else (at, event, None))
        then = moves.get(key)
        if then is None:
            after = step(rungs, levels[at], event)
            then = named.setdefault(after, len(levels))
            if then == len(levels):
                levels.append(after)
            moves[key] = then
        at = then
    return levels[at]


def played_routine(routine: Routine, levels: Iterable[ItemLevel]) -> Routine:
    """``routine`` with each ranged item's prescription at the person's level: a copy, so the
    timeline expands it as any routine."""
    items = list(routine.items)
    for level in levels:
        at = level.item - 1
        if 0 <= at < len(items) and items[at].exercise == level.exercise:
            items[at] = items[at].model_copy(update={"prescription": level.played})
    return routine.model_copy(update={"items": items})


def level_line(level: ItemLevel, name: str) -> str:
    """One item's level in words, for every screen and command: ``1. Heel raises: 12 reps
    (range 10-20 reps): 12 reps, up from 10 after three easy sessions``."""
    ladder = level.ranged.ladder
    held = ", held" if level.level.held else ""
    return (f"{level.item}. {name}: {ladder.amount(level.value)} (range {ladder.span()}"
            f"{held}): {level.reason}")
