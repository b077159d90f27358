"""The routine builder's form as data: a :class:`Draft` routine of :class:`DraftItem`
exercises, each prescription as the person typed it, turned into models and checked field by
field (:func:`parse_prescription`, :func:`bound_field`), with the choices each field offers.

No I/O and no terminal: the builder screen shows these, :mod:`coach.user_library` saves
what they make. Messages are the library's own (:func:`coach.diagnostics.describe_error`),
placed by the field a person can change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from coach.diagnostics import describe_error, did_you_mean
from coach.limits import MAX_STEPS
from coach.models import (
    PRESCRIPTION_KINDS,
    TEMPO_SECONDS,
    Exercise,
    Frequency,
    Hold,
    Name,
    Prescription,
    Reps,
    Routine,
    RoutineItem,
    Slug,
    Span,
    Text,
    Timed,
    side_numbers_problem,
)
from coach.routine_names import free_id, is_slug
from coach.timeline import (
    Measure,
    Step,
    TimelineTooLong,
    bound_problem,
    expand_item,
    longest_measure,
)
from coach.wording import provenance, side_text

__all__ = [
    "COMMON_FIELDS",
    "FIRST_SIDE_CHOICES",
    "HOLD_AT_CHOICES",
    "KIND_FIELDS",
    "SIDES_CHOICES",
    "Draft",
    "DraftItem",
    "bound_field",
    "parse_prescription",
    "prescription_texts",
]

# Which form fields each prescription kind has, in the order the form shows them.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "hold": ("seconds", "up_to_seconds", "holds", "relax_seconds"),
    "reps": ("count", "tempo_seconds", "hold_seconds", "hold_at"),
    "timed": ("seconds",),
}
COMMON_FIELDS = ("sets", "rest_seconds", "rounds", "sides", "first_side", "variants")
_SPANS = {"seconds", "relax_seconds", "rest_seconds", "count", "hold_seconds"}
_WHOLE = {"holds", "sets", "rounds", "up_to_seconds"}
_REQUIRED = {"seconds", "count"}
# Fields that are a choice among words, not a number ("": the model's default).
_CHOICES = {"hold_at"}
# A fresh field when the kind changes to one the exercise's own prescription is not.
_FRESH = {"seconds": "30", "holds": "1", "relax_seconds": "0", "count": "10",
          "tempo_seconds": "", "hold_seconds": "", "up_to_seconds": "", "hold_at": ""}
SIDES_CHOICES = ("", "each", "alternate", "both", "left", "right")  # "": the exercise's own way
FIRST_SIDE_CHOICES = ("right", "left")
HOLD_AT_CHOICES = ("", "bottom", "both")  # "": at the top

_RX: TypeAdapter[Hold | Reps | Timed] = TypeAdapter(Prescription)
_NAME: TypeAdapter[str] = TypeAdapter(Name)
_SLUG_TYPE: TypeAdapter[str] = TypeAdapter(Slug)
_TEXT: TypeAdapter[str] = TypeAdapter(Text)


def prescription_texts(rx: Hold | Reps | Timed) -> dict[str, str]:
    """A prescription as the form shows it."""
    texts = {
        "kind": rx.kind, "sets": str(rx.sets), "rest_seconds": str(rx.rest_seconds),
        "rounds": str(rx.rounds), "sides": rx.sides or "", "first_side": rx.first_side,
        "variants": ", ".join(rx.variants),
    }
    if isinstance(rx, Hold):
        texts.update(seconds=str(rx.seconds), holds=str(rx.holds),
                     relax_seconds=str(rx.relax_seconds),
                     up_to_seconds="" if rx.up_to_seconds is None else str(rx.up_to_seconds))
    elif isinstance(rx, Reps):
        texts.update(count=str(rx.count),
                     tempo_seconds="" if rx.tempo_seconds is None else f"{rx.tempo_seconds:g}",
                     hold_seconds="" if rx.hold_seconds is None else str(rx.hold_seconds),
                     hold_at=rx.hold_at or "")
    else:
        texts.update(seconds=str(rx.seconds))
    return texts


def _number(name: str, text: str) -> tuple[Any, str | None]:
    """What a person typed into a numeric field, as the model wants it, or a message."""
    if name in _SPANS:
        if re.fullmatch(r"\d+", text):
            return int(text), None
        pair = re.fullmatch(r"(\d+)\s*-\s*(\d+)", text)
        if pair:
            return [int(pair[1]), int(pair[2])], None
        return None, "expected a whole number, or a range such as 20-30"
    if name in _WHOLE:
        if re.fullmatch(r"\d+", text):
            return int(text), None
        return None, "expected a whole number"
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):
        return None, "expected a number of seconds, such as 2 or 2.5"
    return value, None


# What a prescription may say that the form does not show: kept from the prescription the
# item started from (``kept``) while its kind stays the same. (The form says it has them:
# DraftItem.kept_lines.)
_UNSHOWN = ("left", "right")


def _with_unshown(rx: Hold | Reps | Timed, kept: Hold | Reps | Timed | None
                  ) -> Hold | Reps | Timed:
    """``rx`` with what the form does not show taken over from ``kept``: per-side numbers,
    and the marks of numbers that are still what they were (a number the person changed is
    theirs now, not coach's or an article's)."""
    if kept is None or kept.kind != rx.kind:
        return rx
    update: dict[str, Any] = {name: getattr(kept, name) for name in _UNSHOWN
                              if getattr(kept, name, None) is not None
                              and getattr(rx, name, None) is None}

    def same(key: str) -> bool:
        if key in update:  # taken over as it was
            return True
        return key in rx.model_fields_set and getattr(rx, key) == getattr(kept, key)

    update["chosen_by_coach"] = [k for k in kept.chosen_by_coach if same(k)]
    update["borrowed"] = {k: v for k, v in kept.borrowed.items() if same(k)}
    update = {k: v for k, v in update.items() if v or k in _UNSHOWN}
    if not update:
        return rx
    # Validated again: per-side numbers must still fit the sides the person chose.
    return _RX.validate_python({**{k: getattr(rx, k) for k in rx.model_fields_set},
                                **update})


def parse_prescription(
    texts: Mapping[str, str], exercise: Exercise, kept: Hold | Reps | Timed | None = None,
) -> tuple[Hold | Reps | Timed | None, dict[str, str]]:
    """The form's texts as a validated prescription, or ``None`` and a message per field.
    ``kept``: the prescription the item started from (see :func:`_with_unshown`)."""
    kind = texts.get("kind", "hold")
    errors: dict[str, str] = {}
    if kind not in PRESCRIPTION_KINDS:
        return None, {"kind": f"must be one of {', '.join(PRESCRIPTION_KINDS)}"}
    data: dict[str, Any] = {"kind": kind}
    for name in (*KIND_FIELDS[kind], "sets", "rest_seconds", "rounds"):
        text = texts.get(name, "").strip()
        if name in _CHOICES:
            if text:
                data[name] = text  # the model says which words it takes
            continue
        if not text:
            if name in _REQUIRED:
                errors[name] = "needed"
            continue
        value, problem = _number(name, text)
        if problem:
            errors[name] = problem
        else:
            data[name] = value
    if texts.get("sides"):
        data["sides"] = texts["sides"]
    if texts.get("first_side"):
        data["first_side"] = texts["first_side"]
    variants = [v for v in re.split(r"[\s,]+", texts.get("variants", "")) if v]
    if variants:
        data["variants"] = variants
        have = [v.id for v in exercise.variants]
        for v in variants:
            if exercise.variant(v) is None and is_slug(v):
                which = f"its variants are {', '.join(have)}" if have else "it has no variants"
                errors.setdefault("variants",
                                  f"no variant '{v}'{did_you_mean(v, have)}; {which}")
    try:
        rx = _with_unshown(_RX.validate_python(data), kept)
    except ValidationError as exc:
        for error in exc.errors():
            name, message = _placed(kind, error)
            errors.setdefault(name, message)
        return None, errors
    if not errors and (sided := side_numbers_problem(exercise, rx)) is not None:
        errors["sides"] = sided[1]
    return (None, errors) if errors else (rx, {})


def _placed(kind: str, error: Mapping[str, Any]) -> tuple[str, str]:
    """The form field a prescription's validation error belongs by, and its message. A check
    of the whole prescription names its key (``at``); one about a side's own numbers goes by
    the hold's seconds, the number the person can change here."""
    loc = error["loc"][1:]  # the first is the kind's tag
    if loc:
        return str(loc[0]), describe_error(error)
    at = (error.get("ctx") or {}).get("at")
    if at in ("left", "right"):
        return "seconds", f"{at} side: {describe_error(error)}"
    if at in (*KIND_FIELDS[kind], *COMMON_FIELDS):
        return str(at), describe_error(error)
    return ("variants" if error["type"] == "variant_repeated" else "kind"), describe_error(error)


# Each number field at its least, to find which one makes an item too long.
_LEAST: dict[str, Any] = {
    "seconds": Span(1, 1), "holds": 1, "relax_seconds": Span(0, 0), "count": Span(1, 1),
    "tempo_seconds": TEMPO_SECONDS[0], "hold_seconds": None, "up_to_seconds": None, "sets": 1,
    "rest_seconds": Span(0, 0), "rounds": 1, "variants": [],
}


def bound_field(exercise: Exercise, rx: Hold | Reps | Timed) -> tuple[str, str] | None:
    """When ``rx`` would make too long a timeline (:func:`coach.timeline.bound_problem`),
    the form field to show it by, and the message: the field whose least value would
    shorten it most (the first in the form's order on a tie)."""
    size = longest_measure(exercise, rx)
    problem = bound_problem(size, "item")
    if problem is None:
        return None
    by_steps = size.steps > MAX_STEPS

    def shortened(name: str) -> float:
        least = longest_measure(exercise, rx.model_copy(update={name: _LEAST[name]}))
        return least.steps if by_steps else least.seconds

    names = [n for n in (*KIND_FIELDS[rx.kind], *COMMON_FIELDS) if n in _LEAST]
    return min(names, key=shortened), problem


def _check(adapter: TypeAdapter[Any], value: Any) -> str | None:
    try:
        adapter.validate_python(value)
    except ValidationError as exc:
        return describe_error(exc.errors()[0])
    return None


@dataclass
class DraftItem:
    """One exercise of a routine being built, its prescription as typed."""

    exercise: Exercise
    texts: dict[str, str]
    note: str = ""
    # It played the exercise's own prescription: saved that way while it still does.
    was_default: bool = False
    # The prescription it started from: what the form does not show is kept from it.
    kept: Hold | Reps | Timed | None = None
    frequency: Frequency | None = None

    @classmethod
    def new(cls, exercise: Exercise) -> DraftItem:
        return cls(exercise, prescription_texts(exercise.prescription), was_default=True,
                   kept=exercise.prescription)

    @classmethod
    def of(cls, item: RoutineItem, exercise: Exercise) -> DraftItem:
        rx = item.prescription or exercise.prescription
        return cls(exercise, prescription_texts(rx), item.note or "",
                   was_default=item.prescription is None, kept=rx, frequency=item.frequency)

    def set_kind(self, kind: str) -> None:
        """Change the kind; fields it brings start from the exercise's own numbers when its
        prescription is of that kind, else from plain ones."""
        own = prescription_texts(self.exercise.prescription)
        for name in KIND_FIELDS[kind]:
            if own["kind"] == kind:
                self.texts[name] = own[name]
            elif not self.texts.get(name):
                self.texts[name] = _FRESH[name]
        self.texts["kind"] = kind

    def check(self) -> tuple[RoutineItem | None, dict[str, str]]:
        rx, errors = parse_prescription(self.texts, self.exercise, self.kept)
        note = self.note.strip() or None
        if note is not None and (problem := _check(_TEXT, note)):
            errors["note"] = problem
        if rx is not None and not errors and (too_long := bound_field(self.exercise, rx)):
            errors[too_long[0]] = too_long[1]
        if errors or rx is None:
            return None, errors
        keep_default = self.was_default and rx == self.exercise.prescription
        return RoutineItem(exercise=self.exercise.id,
                           prescription=None if keep_default else rx, note=note,
                           frequency=self.frequency), {}

    def prescription(self) -> Hold | Reps | Timed | None:
        rx, _ = parse_prescription(self.texts, self.exercise, self.kept)
        return rx

    def kept_lines(self) -> list[str]:
        """What the item keeps that the form does not show, as it will be saved: each side's
        own numbers (``left side: hold 40 s``) and where marked numbers come from."""
        rx = self.prescription()
        if rx is None and self.kept is not None and self.kept.kind == self.texts.get("kind"):
            rx = self.kept  # while a field is wrong: what it started from
        if rx is None:
            return []
        lines = [f"{side} side: {side_text(rx, side)}" for side in ("left", "right")
                 if rx.side_numbers(side) is not None]
        return lines + provenance(rx)

    def steps(self, index: int, *, prepare_seconds: float, switch_seconds: float,
              start_index: int = 0) -> list[Step]:
        """The item's steps; none while it is wrong, or would take the timeline started at
        ``start_index`` past :data:`~coach.limits.MAX_STEPS`."""
        rx = self.prescription()
        if rx is None:
            return []
        try:
            return expand_item(index, self.exercise, rx, prepare_seconds=prepare_seconds,
                               switch_seconds=switch_seconds, start_index=start_index)
        except TimelineTooLong:
            return []


@dataclass
class Draft:
    """A routine being built: what the form holds, and which saved routine it replaces."""

    name: str = ""
    id: str = ""
    description: str = "My own routine."
    source: str | None = None
    items: list[DraftItem] = field(default_factory=list)
    replace_id: str | None = None  # editing this routine of the person's own
    id_follows_name: bool = True  # until the person types an id of their own
    # Kept from the routine it started from; the form does not show them.
    frequency: Frequency | None = None
    claimed_minutes: int | None = None

    @classmethod
    def of(cls, routine: Routine, exercises: Mapping[str, Exercise], *,
           edit: bool = False, taken: Iterable[str] = ()) -> Draft:
        """A routine to edit in place (``edit``), or a copy of it with a free id."""
        items = [DraftItem.of(item, exercises[item.exercise]) for item in routine.items]
        if edit:
            return cls(routine.name, routine.id, routine.description, routine.source, items,
                       replace_id=routine.id, id_follows_name=False,
                       frequency=routine.frequency, claimed_minutes=routine.claimed_minutes)
        name = f"{routine.name} (my copy)"
        if len(name) > 80:
            name = routine.name
        return cls(name, free_id(f"my-{routine.id}", taken), routine.description,
                   routine.source, items, id_follows_name=False,
                   frequency=routine.frequency, claimed_minutes=routine.claimed_minutes)

    def field_errors(self, taken: Iterable[str] = (), shipped: Iterable[str] = ()
                     ) -> dict[str, str]:
        """Messages for the routine's own fields: name, id, description, items."""
        errors: dict[str, str] = {}
        if problem := _check(_NAME, self.name):
            errors["name"] = problem
        if problem := _check(_SLUG_TYPE, self.id):
            errors["id"] = problem
        elif self.id != self.replace_id:
            if self.id in set(shipped):
                errors["id"] = "a shipped routine has this id; shipped routines never change"
            elif self.id in set(taken):
                errors["id"] = "you already have a routine with this id"
        if problem := _check(_TEXT, self.description):
            errors["description"] = problem
        if not self.items:
            errors["items"] = "add at least one exercise (press a)"
        elif problem := self.length_problem():
            errors["items"] = problem
        return errors

    def state(self) -> tuple[Any, ...]:
        """Everything a person can change in the form, to tell an edited draft from the one
        that was opened or saved (a change typed and typed back is no change)."""
        return (self.name, self.id, self.description,
                tuple((i.exercise.id, tuple(sorted(i.texts.items())), i.note)
                      for i in self.items))

    def length_problem(self) -> str | None:
        """Why the routine, as its items stand, would be too long to play, or None."""
        total = Measure(0, 0)
        for item in self.items:
            rx = item.prescription()
            if rx is not None:
                total += longest_measure(item.exercise, rx)
        return bound_problem(total)

    def routine(self) -> Routine | None:
        """The routine, when every field is right (ids free or not: saving checks those)."""
        if self.field_errors():
            return None
        items = []
        for item in self.items:
            checked, _errors = item.check()
            if checked is None:
                return None
            items.append(checked)
        return Routine(id=self.id, name=self.name.strip(), description=self.description.strip(),
                       source=self.source, frequency=self.frequency,
                       claimed_minutes=self.claimed_minutes, items=items)

    def steps(self, *, prepare_seconds: float, switch_seconds: float) -> list[Step]:
        """The timeline of every item that is right as it stands."""
        steps: list[Step] = []
        for i, item in enumerate(self.items):
            steps += item.steps(i, prepare_seconds=prepare_seconds,
                                switch_seconds=switch_seconds, start_index=len(steps))
        return steps
