"""One exercise played as a workout of its own (Enter in the exercise browser).

It plays the exercise's default prescription, as a routine of one item would. History keeps
it under the routine id ``exercise:<exercise id>`` and the exercise's name: a routine id is a
slug, which has no colon, so the two never share a row, and the history pane, its filter and
``coach history`` list it by the exercise's name like any routine. An interrupted one resumes
the same way (:func:`exercise_of` reads the id back).
"""

from __future__ import annotations

from coach.models import Exercise, Routine, RoutineItem

PREFIX = "exercise:"


def history_id(exercise_id: str) -> str:
    """The routine id history keeps a one-exercise workout under."""
    return PREFIX + exercise_id


def exercise_of(routine_id: str) -> str | None:
    """The exercise a history routine id names, or None for a routine's own id."""
    return routine_id.removeprefix(PREFIX) if routine_id.startswith(PREFIX) else None


def solo_routine(exercise: Exercise) -> Routine:
    """A routine of this one exercise at its default prescription, named as the exercise."""
    return Routine(id=exercise.id, name=exercise.name, description=exercise.purpose,
                   items=[RoutineItem(exercise=exercise.id)])
