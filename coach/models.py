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

from collections.abc import Callable
from typing import Annotated, Any, Literal, NamedTuple

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

from coach.routine_names import SLUG_MAX, SLUG_PATTERN
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


def _refuse_controls(multiline: bool) -> Callable[[str], str]:
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
    StringConstraints(pattern=f"^{SLUG_PATTERN}$", min_length=1, max_length=SLUG_MAX),
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
# other ("each"), switching side after every set ("alternate"), both feet at once, or one
# side alone ("left", "right").
SidesPlan = Literal["each", "alternate", "both", "left", "right"]
# Where a rep pauses: at the top of the movement, at the bottom (back at the start), or both.
HoldAt = Literal["top", "bottom", "both"]
# How often an article asks for a routine or an exercise.
Per = Literal["day", "week"]
TIMES_PER = (1, 20)
CLAIMED_MINUTES = (1, 600)


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


def _span_validator(low: int, high: int, unit: str) -> Callable[[Any], Span]:
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


def SpanOf(low: int, high: int, unit: str) -> Any:
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
    # Where its numbers come from, when not from the article the routine follows: coach's
    # own choice (a tempo, a relax time), or another article (by its words). Each names a
    # key set in this prescription; ``coach show`` and the picker say so beside the number.
    chosen_by_coach: Annotated[list[str], Field(max_length=20)] = []
    borrowed: Annotated[dict[str, Text], Field(max_length=20)] = {}

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

    @model_validator(mode="after")
    def _marks_name_numbers_set_here(self) -> _Prescription:
        markable = sorted(set(self.model_fields_set) - _NOT_MARKABLE)
        for where, keys in (("chosen_by_coach", self.chosen_by_coach),
                            ("borrowed", list(self.borrowed))):
            for key in keys:
                if key not in markable:
                    raise PydanticCustomError(
                        "mark_unknown",
                        "'{key}' is marked, but this prescription sets no '{key}'"
                        " (it sets {keys})",
                        {"key": key, "keys": ", ".join(markable) or "nothing to mark",
                         "at": where},
                    )
        both = set(self.chosen_by_coach) & set(self.borrowed)
        if both:
            raise PydanticCustomError(
                "mark_twice", "'{key}' is marked both as coach's choice and as borrowed",
                {"key": sorted(both)[0], "at": "borrowed"},
            )
        return self

    def side_numbers(self, side: Side) -> _SideNumbers | None:
        """The numbers this prescription changes for ``side``, if any."""
        return getattr(self, side, None)

    def for_side(self, side: Side | None) -> Any:
        """This prescription as played on ``side``: its per-side numbers laid over it."""
        numbers = self.side_numbers(side) if side is not None else None
        if numbers is None:
            return self
        # Attributes, not model_dump(): that would write ranges back as plain numbers.
        update = {name: getattr(numbers, name) for name in type(numbers).model_fields
                  if getattr(numbers, name) is not None}
        return self.model_copy(update=update)


# What a mark cannot name: the kind, the marks themselves, the order of variants.
_NOT_MARKABLE = frozenset({"kind", "chosen_by_coach", "borrowed", "variants", "left", "right"})


class _SideNumbers(Strict):
    """Numbers of a prescription that one side plays differently ("longer holds on the
    stiff side"): any left out are the prescription's own."""

    sets: Annotated[int, Field(ge=SETS[0], le=SETS[1])] | None = None
    rest_seconds: SpanOf(*REST_SECONDS, "seconds") | None = None  # type: ignore[valid-type]
    rounds: Annotated[int, Field(ge=ROUNDS[0], le=ROUNDS[1])] | None = None


class HoldSide(_SideNumbers):
    seconds: SpanOf(*HOLD_SECONDS, "seconds") | None = None  # type: ignore[valid-type]
    holds: Annotated[int, Field(ge=HOLDS[0], le=HOLDS[1])] | None = None
    relax_seconds: SpanOf(*REST_SECONDS, "seconds") | None = None  # type: ignore[valid-type]
    up_to_seconds: Annotated[int, Field(ge=HOLD_SECONDS[0], le=HOLD_SECONDS[1])] | None = None


class RepsSide(_SideNumbers):
    count: SpanOf(*REPS, "reps") | None = None  # type: ignore[valid-type]
    tempo_seconds: Annotated[float, Field(ge=TEMPO_SECONDS[0], le=TEMPO_SECONDS[1])] | None = None
    hold_seconds: SpanOf(*HOLD_SECONDS, "seconds") | None = None  # type: ignore[valid-type]


class TimedSide(_SideNumbers):
    seconds: SpanOf(*TIMED_SECONDS, "seconds") | None = None  # type: ignore[valid-type]


class Hold(_Prescription):
    """Hold a position for ``seconds``, ``holds`` times, relaxing ``relax_seconds`` between.

    With ``up_to_seconds``, a hold is open-ended ("hold as long as you can"): it counts up
    from zero, ``seconds`` is the aim, and it ends when the person says so, or at
    ``up_to_seconds`` at the latest.
    """

    kind: Literal["hold"]
    seconds: SpanOf(*HOLD_SECONDS, "seconds")  # type: ignore[valid-type]
    holds: Annotated[int, Field(ge=HOLDS[0], le=HOLDS[1])] = 1
    relax_seconds: SpanOf(*REST_SECONDS, "seconds") = Span(0, 0)  # type: ignore[valid-type]
    up_to_seconds: Annotated[int, Field(ge=HOLD_SECONDS[0], le=HOLD_SECONDS[1])] | None = None
    left: HoldSide | None = None
    right: HoldSide | None = None

    @model_validator(mode="after")
    def _cap_above_aim(self) -> Hold:
        for side in (None, "left", "right"):
            rx = self.for_side(side)
            if rx.up_to_seconds is not None and rx.up_to_seconds < rx.seconds.high:
                raise PydanticCustomError(
                    "cap_below_aim",
                    "up_to_seconds ({cap}) must be at least the hold's seconds ({aim})",
                    {"cap": rx.up_to_seconds, "aim": rx.seconds.high,
                     "at": "up_to_seconds" if side is None else side},
                )
        return self


class Reps(_Prescription):
    """``count`` repetitions, paced at ``tempo_seconds`` each, or self-paced when unset.

    ``hold_seconds`` is an optional pause at the top of every rep, on top of the tempo.
    """

    kind: Literal["reps"]
    count: SpanOf(*REPS, "reps")  # type: ignore[valid-type]
    # Strict floats take whole numbers too (2 -> 2.0) but never strings or booleans.
    tempo_seconds: Annotated[float, Field(ge=TEMPO_SECONDS[0], le=TEMPO_SECONDS[1])] | None = None
    hold_seconds: SpanOf(*HOLD_SECONDS, "seconds") | None = None  # type: ignore[valid-type]
    # Where each rep pauses for hold_seconds; "both" pauses at each end (two holds a rep).
    hold_at: HoldAt | None = None
    left: RepsSide | None = None
    right: RepsSide | None = None

    @model_validator(mode="after")
    def _hold_at_needs_a_hold(self) -> Reps:
        if self.hold_at is not None and self.hold_seconds is None:
            raise PydanticCustomError(
                "hold_at_alone", "hold_at needs hold_seconds: how long each pause lasts",
                {"at": "hold_at"})
        return self

    @property
    def holds_per_rep(self) -> int:
        """Pauses in one rep: none, one (top or bottom), or two (both ends)."""
        if self.hold_seconds is None:
            return 0
        return 2 if self.hold_at == "both" else 1


class Timed(_Prescription):
    """Keep doing the movement for ``seconds``."""

    kind: Literal["timed"]
    seconds: SpanOf(*TIMED_SECONDS, "seconds")  # type: ignore[valid-type]
    left: TimedSide | None = None
    right: TimedSide | None = None


Prescription = Annotated[Hold | Reps | Timed, Field(discriminator="kind")]
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


class Frequency(Strict):
    """How often an article asks for something, as data and in its own words:
    ``{ times = 1, per = "day", text = "every morning" }``."""

    times: Annotated[int, Field(ge=TIMES_PER[0], le=TIMES_PER[1])]
    per: Per
    text: Name


class RoutineItem(Strict):
    exercise: Slug
    # None plays the exercise's default prescription.
    prescription: Prescription | None = None
    note: Text | None = None
    frequency: Frequency | None = None


class Routine(Strict):
    id: Slug
    name: Name
    description: Text
    source: Text | None = None
    frequency: Frequency | None = None
    # The length the article itself promises ("in just 20 minutes"), beside coach's estimate.
    claimed_minutes: (
        Annotated[int, Field(ge=CLAIMED_MINUTES[0], le=CLAIMED_MINUTES[1])] | None
    ) = None
    items: Annotated[list[RoutineItem], Field(min_length=1, max_length=100)]


class LibraryFile(Strict):
    """One TOML file as written: either list may be empty in a user's own library."""

    exercises: list[Exercise] = []
    routines: list[Routine] = []


def sides_plan(exercise: Exercise, prescription: Hold | Reps | Timed) -> SidesPlan:
    """How the sides are played: the prescription's choice, else the exercise's nature."""
    return prescription.sides or exercise.sides


def played_sides(plan: SidesPlan, first: Side) -> list[Side | None]:
    """The sides a plan plays, in order: None for both feet together."""
    if plan == "both":
        return [None]
    if plan in ("left", "right"):
        return [plan]
    return [first, "left" if first == "right" else "right"]


def side_numbers_problem(exercise: Exercise, rx: Hold | Reps | Timed) -> tuple[str, str] | None:
    """(key, message) when ``rx`` gives numbers for a side it does not play, else None."""
    plan = sides_plan(exercise, rx)
    played = played_sides(plan, rx.first_side)
    for side in ("left", "right"):
        if rx.side_numbers(side) is not None and side not in played:
            if plan == "both":
                why = "both feet play together; per-side numbers need sides = 'each' or 'alternate'"
            else:
                why = f"only the {plan} side is played"
            return side, f"numbers for the {side} side, but {why}"
    return None
