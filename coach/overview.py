"""What the routine picker shows of each routine, as plain data.

The picker draws only from these, never from the models, so its first frame needs neither
pydantic nor the library: :mod:`coach.startup_cache` keeps them from the last start. Importing
this module imports nothing of coach's models; :func:`overviews` imports them when called.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coach.config import Settings
    from coach.library import Library
    from coach.timeline import Step


@dataclass(frozen=True)
class ItemLine:
    """One exercise of a routine: its name and what the routine asks of it."""

    name: str
    prescription: str
    # How often the article asks for this exercise, when it differs from the routine.
    frequency: str | None = None


@dataclass(frozen=True)
class RoutineOverview:
    id: str
    name: str
    description: str
    source: str | None
    # Estimated seconds, get-ready and switch times included; an estimate when self-paced
    # reps count as a few seconds each.
    seconds: float
    self_paced: bool
    # "6:40", or "~12:09" when self-paced reps make it an estimate.
    length: str
    exercise_count: int
    equipment: tuple[str, ...]
    items: tuple[ItemLine, ...]
    # Lower-case text a filter looks in: ids, names, aliases, equipment, description, source.
    words: str
    # How often the article asks for the routine ("every morning (1 a day)"), and the length
    # it promises ("the article says 20 minutes"), in words; None when it says nothing.
    frequency: str | None = None
    claimed: str | None = None

    @property
    def exercises_text(self) -> str:
        """``1 exercise``, ``5 exercises``."""
        return f"{self.exercise_count} exercise{'' if self.exercise_count == 1 else 's'}"

    def matches(self, query: str) -> bool:
        """Every word of ``query`` appears somewhere in what the routine is about."""
        return all(word in self.words for word in query.lower().split())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RoutineOverview:
        """The inverse of :meth:`to_dict`; raises (KeyError, TypeError, ...) on anything else."""
        items = tuple(ItemLine(**item) for item in data["items"])
        made = cls(**{**data, "items": items, "equipment": tuple(data["equipment"])})
        texts = [made.id, made.name, made.description, made.length, made.words,
                 *made.equipment, *(i.name for i in items), *(i.prescription for i in items)]
        maybe = [made.source, made.frequency, made.claimed, *(i.frequency for i in items)]
        well_typed = (
            all(isinstance(t, str) for t in texts)
            and all(isinstance(t, (str, type(None))) for t in maybe)
            and isinstance(made.exercise_count, int)
            and isinstance(made.seconds, (int, float))
            and isinstance(made.self_paced, bool)
        )
        if not well_typed:
            raise TypeError("not a routine overview")
        return made


def overviews(library: Library, settings: Settings) -> tuple[RoutineOverview, ...]:
    """Every routine of ``library`` as the picker shows it, in library order."""
    return tuple(overview(library, routine_id, settings) for routine_id in library.routines)


def overview(library: Library, routine_id: str, settings: Settings,
             steps: list[Step] | None = None) -> RoutineOverview:
    """One routine; ``steps``: its steps under ``settings``, if the caller has them (else
    its length is measured, not expanded: every routine is, on every start)."""
    from coach.models import Reps
    from coach.timeline import estimate_seconds, format_duration, item_prescription, measure_item
    from coach.wording import claimed_text, frequency_text, prescription_text

    routine = library.routines[routine_id]
    exercises = [library.exercises[item.exercise] for item in routine.items]
    if steps is None:
        plans = [item_prescription(item, ex)
                 for item, ex in zip(routine.items, exercises, strict=False)]
        seconds = sum(measure_item(ex, rx, prepare_seconds=settings.prepare_seconds,
                                   switch_seconds=settings.switch_seconds).seconds
                      for ex, rx in zip(exercises, plans, strict=False))
        self_paced = any(isinstance(rx, Reps) and rx.tempo_seconds is None for rx in plans)
    else:
        seconds = estimate_seconds(steps)
        self_paced = any(s.self_paced for s in steps)
    equipment = tuple(library.equipment(routine_id))
    words = " ".join(
        [routine.id, routine.name, routine.description, routine.source or "", *equipment]
        + [ex.name for ex in exercises] + [a for ex in exercises for a in ex.aliases]
    ).lower()
    return RoutineOverview(
        id=routine.id,
        name=routine.name,
        description=routine.description,
        source=routine.source,
        seconds=seconds,
        self_paced=self_paced,
        length=("~" if self_paced else "") + format_duration(seconds),
        exercise_count=len({item.exercise for item in routine.items}),
        equipment=equipment,
        items=tuple(
            ItemLine(ex.name, prescription_text(ex, item_prescription(item, ex)),
                     frequency_text(item.frequency))
            for item, ex in zip(routine.items, exercises, strict=False)
        ),
        words=words,
        frequency=frequency_text(routine.frequency),
        claimed=claimed_text(routine.claimed_minutes),
    )
