"""The library's schema: exercises, prescriptions and routines as strict pydantic models.

Everything a person can write in ``exercises.toml`` (or in their own library) is described
here, with the bounds the loader enforces: numbers, lengths of texts and lists, and no
control characters in any text (tab and newline only in texts that may run over several
lines), refused in :mod:`coach.safetext`'s words. The routine builder validates with these
same types, so it refuses what the loader would. Cross-references (a routine naming an exercise,
a prescription naming a variant) are checked by :mod:`coach.library`, which knows where in
the file each value came from.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, NamedTuple, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from coach.safetext import control_problem

# --- bounds -------------------------------------------------------------------------------
# One table of limits, used by the models and quoted by the README.
HOLD_SECONDS = (1, 600)
TIMED_SECONDS = (1, 3600)
REPS = (1, 200)
SETS = (1, 20)
HOLDS = (1, 50)
ROUNDS = (1, 20)
REST_SECONDS = (0, 600)
TEMPO_SECONDS = (0.5, 60.0)

# Entries in each list an exercise may carry (steps have their own bound, 20; a routine's
# items, 100). Past these a list is a mistake, not an exercise.
MAX_ALIASES = 20
MAX_EQUIPMENT = 20
MAX_AREAS = 20
MAX_VARIANTS = 20


def _refuse_controls(multiline: bool):
    """A validator refusing control characters (tab and newline allowed when ``multiline``),
    in :mod:`coach.safetext`'s words, which the library and the builder pass on as they are."""

    def check(value: str) -> str:
        problem = control_problem(value, multiline=multiline)
        if problem is not None:
            raise PydanticCustomError("control_character", problem)
        return value

    return check


one_line = AfterValidator(_refuse_controls(multiline=False))
many_lines = AfterValidator(_refuse_controls(multiline=True))

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=64),
]
# Descriptions, instructions, notes, cues, sources: tab and newline allowed.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400),
                 many_lines]
# Names, aliases, equipment, areas: one line.
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
                 one_line]

Side = Literal["left", "right"]
# How an exercise treats the two feet: one at a time, or both together.
SidesNature = Literal["each", "both"]
# How a prescription plays the sides: every set on the first side then every set on the
# other ("each"), switching side after every set ("alternate"), or both feet at once.
SidesPlan = Literal["each", "alternate", "both"]


class Span(NamedTuple):
    """A number or an inclusive range of numbers, as the articles give them ("10-20 reps").

    The timeline plays :attr:`chosen`, the low end: a person starts there and works up.
    """

    low: int
    high: int

    @property
    def chosen(self) -> int:
        return self.low

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


def _span_validator(low: int, high: int, unit: str):
    def validate(value: Any) -> Span:
        if isinstance(value, Span):
            pair = [value.low, value.high]
        elif isinstance(value, int) and not isinstance(value, bool):
            pair = [value, value]
        elif isinstance(value, (list, tuple)):
            pair = list(value)
            if len(pair) != 2 or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in pair
            ):
                raise PydanticCustomError(
                    "span_type",
                    "expected a whole number or a range [low, high] of two whole numbers",
                )
        else:
            raise PydanticCustomError(
                "span_type",
                "expected a whole number or a range [low, high], got {got}",
                {"got": type(value).__name__},
            )
        for v in pair:
            if not low <= v <= high:
                raise PydanticCustomError(
                    "span_range",
                    "must be between {low} and {high} {unit}, got {value}",
                    {"low": low, "high": high, "unit": unit, "value": v},
                )
        if pair[0] > pair[1]:
            raise PydanticCustomError(
                "span_order",
                "range [{a}, {b}] runs backwards; write the smaller number first",
                {"a": pair[0], "b": pair[1]},
            )
        return Span(pair[0], pair[1])

    return validate


def _span_serializer(value: Span) -> int | list[int]:
    return value.low if value.low == value.high else [value.low, value.high]


def SpanOf(low: int, high: int, unit: str) -> Any:  # noqa: N802 - reads like a type
    """A :class:`Span` field bounded to ``low..high``; written back as an int or a pair."""
    return Annotated[
        Span,
        PlainValidator(_span_validator(low, high, unit), json_schema_input_type=int | list[int]),
        PlainSerializer(_span_serializer),
    ]


class Strict(BaseModel):
    """Unknown keys are errors, and values are never coerced from the wrong type."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Variant(Strict):
    id: Slug
    name: Name
    cue: Text | None = None


class _Prescription(Strict):
    sets: Annotated[int, Field(ge=SETS[0], le=SETS[1])] = 1
    # Between sets and between rounds.
    rest_seconds: SpanOf(*REST_SECONDS, "seconds") = Span(0, 0)  # type: ignore[valid-type]
    rounds: Annotated[int, Field(ge=ROUNDS[0], le=ROUNDS[1])] = 1
    # Variant ids played in order within each round; empty plays the exercise plainly.
    variants: Annotated[list[Slug], Field(max_length=MAX_VARIANTS)] = []
    # None: the exercise's own nature ("each" for one foot at a time, "both" otherwise).
    sides: SidesPlan | None = None
    first_side: Side = "right"

    @model_validator(mode="after")
    def _variants_unique(self) -> _Prescription:
        seen: set[str] = set()
        for v in self.variants:
            if v in seen:
                raise PydanticCustomError(
                    "variant_repeated", "variant '{v}' is listed twice", {"v": v}
                )
            seen.add(v)
        return self


class Hold(_Prescription):
    """Hold a position for ``seconds``, ``holds`` times, relaxing ``relax_seconds`` between."""

    kind: Literal["hold"]
    seconds: SpanOf(*HOLD_SECONDS, "seconds")  # type: ignore[valid-type]
    holds: Annotated[int, Field(ge=HOLDS[0], le=HOLDS[1])] = 1
    relax_seconds: SpanOf(*REST_SECONDS, "seconds") = Span(0, 0)  # type: ignore[valid-type]


class Reps(_Prescription):
    """``count`` repetitions, paced at ``tempo_seconds`` each, or self-paced when unset.

    ``hold_seconds`` is an optional pause at the top of every rep, on top of the tempo.
    """

    kind: Literal["reps"]
    count: SpanOf(*REPS, "reps")  # type: ignore[valid-type]
    # Strict floats take whole numbers too (2 -> 2.0) but never strings or booleans.
    tempo_seconds: Annotated[float, Field(ge=TEMPO_SECONDS[0], le=TEMPO_SECONDS[1])] | None = None
    hold_seconds: SpanOf(*HOLD_SECONDS, "seconds") | None = None  # type: ignore[valid-type]


class Timed(_Prescription):
    """Keep doing the movement for ``seconds``."""

    kind: Literal["timed"]
    seconds: SpanOf(*TIMED_SECONDS, "seconds")  # type: ignore[valid-type]


Prescription = Annotated[Union[Hold, Reps, Timed], Field(discriminator="kind")]
PRESCRIPTION_KINDS = ("hold", "reps", "timed")


class Exercise(Strict):
    id: Slug
    name: Name
    aliases: Annotated[list[Name], Field(max_length=MAX_ALIASES)] = []
    purpose: Text
    position: Text
    steps: Annotated[list[Text], Field(min_length=1, max_length=20)]
    equipment: Annotated[list[Name], Field(max_length=MAX_EQUIPMENT)] = []
    areas: Annotated[list[Name], Field(max_length=MAX_AREAS)] = []
    sides: SidesNature
    variants: Annotated[list[Variant], Field(max_length=MAX_VARIANTS)] = []
    prescription: Prescription

    def variant(self, variant_id: str) -> Variant | None:
        return next((v for v in self.variants if v.id == variant_id), None)


class RoutineItem(Strict):
    exercise: Slug
    # None plays the exercise's default prescription.
    prescription: Prescription | None = None
    note: Text | None = None


class Routine(Strict):
    id: Slug
    name: Name
    description: Text
    source: Text | None = None
    items: Annotated[list[RoutineItem], Field(min_length=1, max_length=100)]


class LibraryFile(Strict):
    """One TOML file as written: either list may be empty in a user's own library."""

    exercises: list[Exercise] = []
    routines: list[Routine] = []


def sides_plan(exercise: Exercise, prescription: Hold | Reps | Timed) -> SidesPlan:
    """How the sides are played: the prescription's choice, else the exercise's nature."""
    return prescription.sides or exercise.sides
