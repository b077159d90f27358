"""What a load gives: the :class:`Library` to coach from (exercises and routines by id, with
where each came from), and :class:`LibraryError` for a library that cannot be used."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from coach.diagnostics import Problem
from coach.models import Exercise, Routine
from coach.timeline import (
    DEFAULT_PREPARE_SECONDS,
    DEFAULT_SWITCH_SECONDS,
    Measure,
    Step,
    expand,
    item_prescription,
    measure_item,
)


class LibraryError(Exception):
    """A library that cannot be used; ``str()`` lists every problem, one a line."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


    def __reduce__(self) -> tuple[type[LibraryError], tuple[list[Problem]]]:
        # Keep the problems when pickled, e.g. across a process pool.
        return (type(self), (self.problems,))


@dataclass
class Library:
    """Exercises and routines by id, in file order: shipped first, user additions after."""

    exercises: dict[str, Exercise] = field(default_factory=dict)
    routines: dict[str, Routine] = field(default_factory=dict)
    origin: dict[tuple[str, str], Path] = field(default_factory=dict)
    # Problems of a user library that was set aside; empty when it was merged or absent.
    problems: list[Problem] = field(default_factory=list)

    def steps(
        self,
        routine_id: str,
        *,
        prepare_seconds: float = DEFAULT_PREPARE_SECONDS,
        switch_seconds: float = DEFAULT_SWITCH_SECONDS,
    ) -> list[Step]:
        return expand(
            self.routines[routine_id], self.exercises,
            prepare_seconds=prepare_seconds, switch_seconds=switch_seconds,
        )

    def estimated_seconds(
        self,
        routine_id: str,
        *,
        prepare_seconds: float = DEFAULT_PREPARE_SECONDS,
        switch_seconds: float = DEFAULT_SWITCH_SECONDS,
    ) -> float:
        routine = self.routines[routine_id]
        return sum(
            (measure_item(ex, item_prescription(item, ex), prepare_seconds=prepare_seconds,
                          switch_seconds=switch_seconds)
             for item in routine.items for ex in (self.exercises[item.exercise],)),
            Measure(0, 0),
        ).seconds

    def equipment(self, routine_id: str) -> list[str]:
        """Everything the routine needs, each once, in the order it is first used."""
        seen: dict[str, None] = {}
        for item in self.routines[routine_id].items:
            for thing in self.exercises[item.exercise].equipment:
                seen.setdefault(thing)
        return list(seen)

    def routines_using(self, exercise_id: str) -> list[Routine]:
        return [
            r for r in self.routines.values() if any(i.exercise == exercise_id for i in r.items)
        ]
