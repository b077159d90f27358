"""What the routine picker shows of each routine, as plain data.

The picker draws only from these, never from the models, so its first frame needs neither
pydantic nor the library: :mod:`coach.quickstart` keeps them from the last start. Importing
this module imports nothing of coach's models; :func:`overviews` imports them when called.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coach.config import Settings
    from coach.library import Library


@dataclass(frozen=True)
class ItemLine:
    """One exercise of a routine: its name and what the routine asks of it."""

    name: str
    prescription: str


@dataclass(frozen=True)
class RoutineOverview:
    id: str
    name: str
    description: str
    source: str | None
    # "6m 40s", or "~12m" when self-paced reps make it an estimate.
    length: str
    exercise_count: int
    equipment: tuple[str, ...]
    items: tuple[ItemLine, ...]
    # Lower-case text a filter looks in: ids, names, aliases, equipment, description, source.
    words: str

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
        if not all(isinstance(t, str) for t in texts) or not isinstance(made.exercise_count, int) \
                or not isinstance(made.source, (str, type(None))):
            raise TypeError("not a routine overview")
        return made


def overviews(library: Library, settings: Settings) -> tuple[RoutineOverview, ...]:
    """Every routine of ``library`` as the picker shows it, in library order."""
    from coach.describe import prescription_text
    from coach.timeline import estimate_seconds, format_duration, item_prescription

    out = []
    for routine in library.routines.values():
        steps = library.steps(routine.id, prepare_seconds=settings.prepare_seconds,
                              switch_seconds=settings.switch_seconds)
        approx = "~" if any(s.self_paced for s in steps) else ""
        exercises = [library.exercises[item.exercise] for item in routine.items]
        equipment = tuple(library.equipment(routine.id))
        words = " ".join(
            [routine.id, routine.name, routine.description, routine.source or "", *equipment]
            + [ex.name for ex in exercises] + [a for ex in exercises for a in ex.aliases]
        ).lower()
        out.append(RoutineOverview(
            id=routine.id,
            name=routine.name,
            description=routine.description,
            source=routine.source,
            length=approx + format_duration(estimate_seconds(steps)),
            exercise_count=len({item.exercise for item in routine.items}),
            equipment=equipment,
            items=tuple(
                ItemLine(ex.name, prescription_text(ex, item_prescription(item, ex)))
                for item, ex in zip(routine.items, exercises)
            ),
            words=words,
        ))
    return tuple(out)
