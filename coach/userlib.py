"""A person's own library file: save, delete, export and import routines, safely.

The user's ``exercises.toml`` in the config directory is what people edit by hand and what the
routine builder writes. Every change reads the file as it is now, changes one routine, and
checks the WHOLE resulting file, merged over the shipped library, with :mod:`coach.library`
before it takes the old file's place: written to a temporary file beside it, flushed, fsynced
and renamed over it, so a crash mid-save leaves the old file byte for byte as it was. A file
that is already broken is never overwritten: :class:`BrokenUserLibrary` carries its problems
until the person fixes them. Their own exercises are kept as written; comments are not
(tomli-w writes data only), which the file's first lines say.

Shipped routines are never changed: an id that names one is refused, with a free id offered.

Also here, so they are tested without a terminal: the builder's drafts (:class:`Draft`,
:class:`DraftItem`), which turn what a person typed into models and say, field by field,
what is wrong.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import TypeAdapter, ValidationError

from coach import paths
from coach.diagnostics import describe_error, did_you_mean
from coach.files import FileProblem, TargetExists, read_regular, write_file
from coach.library import Library, LibraryError, Problem, load_file, load_library, validate_paths
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
from coach.routine_names import free_name, same_name
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
    "BrokenUserLibrary",
    "Draft",
    "DraftItem",
    "IdClash",
    "NameClash",
    "TargetTaken",
    "UserLibraryError",
    "delete_routine",
    "export_routine",
    "free_id",
    "import_routine",
    "is_user_routine",
    "routine_table",
    "save_routine",
    "slugify",
    "user_problems",
    "user_routine_ids",
    "write_atomic",
]

USER_HEADER = (
    "# Your own coach exercises and routines, merged over the shipped library.\n"
    "# coach rewrites this file when you save in the routine builder; comments are not kept.\n\n"
)
EXPORT_HEADER = (
    "# A coach routine. Add it to your library with `coach routine import FILE`.\n\n"
)


class UserLibraryError(Exception):
    """A change to the user's library that was refused; nothing was written."""

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        self.message = message
        self.problems = list(problems)
        super().__init__("\n".join([message, *(str(p) for p in self.problems)]))


class BrokenUserLibrary(UserLibraryError):
    """The user's file has problems of its own; it is left alone until they are fixed."""


class TargetTaken(UserLibraryError):
    """Something is already at the path to write, and it was not to be replaced."""


class IdClash(UserLibraryError):
    """A routine id that is already taken; ``suggestion`` is a free one."""

    def __init__(self, message: str, routine_id: str, suggestion: str) -> None:
        super().__init__(message)
        self.routine_id = routine_id
        self.suggestion = suggestion


class NameClash(UserLibraryError):
    """A routine name another routine has; ``suggestion`` is a free one."""

    def __init__(self, message: str, routine_id: str, suggestion: str) -> None:
        super().__init__(message)
        self.routine_id = routine_id
        self.suggestion = suggestion


# --- ids ------------------------------------------------------------------------------------

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SLUG_MAX = 64


def slugify(text: str, fallback: str = "my-routine") -> str:
    """``"My morning (left side)"`` -> ``"my-morning-left-side"``."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:_SLUG_MAX].strip("-") or fallback


def free_id(base: str, taken: Iterable[str]) -> str:
    """``base`` if nobody has it, else ``base-2``, ``base-3``, ..."""
    taken = set(taken)
    base = slugify(base)
    if base not in taken:
        return base
    n = 2
    while True:
        tail = f"-{n}"
        candidate = base[: _SLUG_MAX - len(tail)].strip("-") + tail
        if candidate not in taken:
            return candidate
        n += 1


def _same_file(a: Path, b: Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return Path(a) == Path(b)


def is_user_routine(library: Library, user_path: Path, routine_id: str) -> bool:
    """Whether ``routine_id`` comes from the person's own file (and so may be changed)."""
    origin = library.origin.get(("routine", routine_id))
    return origin is not None and _same_file(origin, user_path)


# --- reading --------------------------------------------------------------------------------


def _shipped() -> Library:
    return load_library(None, user_library=None)


def user_problems(user_path: Path) -> list[Problem]:
    """What is wrong with the person's file, checked as the app loads it; empty when it is
    fine or does not exist."""
    return load_library(None, user_library=user_path).problems


def _read_raw(user_path: Path) -> dict[str, list[Any]]:
    """The file's tables as written, refusing a file with problems."""
    problems = user_problems(user_path)
    if problems:
        raise BrokenUserLibrary(
            f"your library {user_path} has problems, so coach will not overwrite it; fix them"
            " first (`coach validate` lists them again):",
            problems,
        )
    try:
        text = read_regular(user_path).decode("utf-8")
    except FileNotFoundError:
        return {"exercises": [], "routines": []}
    except (FileProblem, UnicodeDecodeError) as exc:  # changed since it was checked
        raise BrokenUserLibrary(f"your library {user_path} cannot be read: {exc}") from None
    raw = tomllib.loads(text.removeprefix("\ufeff"))
    return {"exercises": list(raw.get("exercises", [])), "routines": list(raw.get("routines", []))}


def _ids(tables: list[Any]) -> list[str | None]:
    return [t.get("id") if isinstance(t, dict) else None for t in tables]


def user_routine_ids(user_path: Path) -> list[str]:
    """The routine ids in the person's file, in file order ([] for a missing or broken file)."""
    try:
        return [i for i in _ids(_read_raw(user_path)["routines"]) if isinstance(i, str)]
    except UserLibraryError:
        return []


# --- writing --------------------------------------------------------------------------------


def _drop_none(value: Any) -> Any:
    """TOML has no null: leave out what is unset."""
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value if v is not None]
    return value


def _kind_first(table: dict[str, Any]) -> dict[str, Any]:
    """A prescription reads best starting with its kind, as the shipped library writes it."""
    rx = table.get("prescription")
    if isinstance(rx, dict) and "kind" in rx:
        table["prescription"] = {"kind": rx["kind"], **rx}
    return table


def routine_table(routine: Routine) -> dict[str, Any]:
    """A routine as it is written in TOML: defaults left out, ranges as ``[low, high]``."""
    table = _drop_none(routine.model_dump(mode="json", exclude_defaults=True))
    for item in table["items"]:
        _kind_first(item)
    return table


def exercise_table(exercise: Exercise) -> dict[str, Any]:
    return _kind_first(_drop_none(exercise.model_dump(mode="json", exclude_defaults=True)))


def write_atomic(
    path: Path, text: str, check: Callable[[Path], list[Problem]] | None = None, *,
    replace: bool = True, make_parents: bool = True,
) -> None:
    """Put ``text`` at ``path`` all at once with :func:`coach.files.write_file` (a temporary
    file beside it, fsynced, renamed into place), after ``check``-ing the temporary file: its
    problems, named after ``path``, raise :class:`UserLibraryError` and nothing is written.
    A file that cannot be written raises :class:`UserLibraryError` too, naming ``path``;
    ``replace=False`` refuses a path that is taken (:class:`TargetTaken`)."""
    path = Path(path)

    def checked(tmp: Path) -> None:
        problems = [
            Problem(str(path), p.line, p.path, p.message) if _same_file(Path(p.file), tmp)
            else p
            for p in (check(tmp) if check is not None else [])
        ]
        if problems:
            raise UserLibraryError(f"{path} would have problems, so nothing was written:",
                                   problems)

    try:
        write_file(path, text, replace=replace, make_parents=make_parents,
                   check=None if check is None else checked)
    except TargetExists as exc:
        raise TargetTaken(str(exc)) from None
    except FileProblem as exc:
        raise UserLibraryError(str(exc)) from None


def _check_over_shipped(candidate: Path) -> list[Problem]:
    """Every problem the file would have as the user's library, merged over the shipped one."""
    _, problems = validate_paths([paths.shipped_library(), candidate])
    return problems


def _commit(user_path: Path, raw: dict[str, list[Any]]) -> None:
    doc = {key: raw[key] for key in ("exercises", "routines") if raw[key]}
    if not doc:
        # A library file must hold something; with nothing left, the file goes.
        with contextlib.suppress(FileNotFoundError):
            user_path.unlink()
        return
    write_atomic(user_path, USER_HEADER + tomli_w.dumps(doc), _check_over_shipped)


def _clash_message(routine_id: str, suggestion: str, *, shipped: bool) -> str:
    if shipped:
        return (f"'{routine_id}' is a shipped routine, and shipped routines are never changed;"
                f" give yours another id, such as '{suggestion}'")
    return f"you already have a routine '{routine_id}'; choose another id, such as '{suggestion}'"


def save_routine(user_path: Path, routine: Routine, *, replace_id: str | None = None) -> None:
    """Add ``routine`` to the person's file, or put it in place of ``replace_id`` (keeping its
    position; the id may change). Refuses an id another routine has, shipped or theirs."""
    raw = _read_raw(user_path)
    shipped = _shipped()
    routines = raw["routines"]
    ids = _ids(routines)
    pos = ids.index(replace_id) if replace_id is not None and replace_id in ids else None
    taken = {i for i in ids if isinstance(i, str)} | set(shipped.routines)
    for i, other in enumerate(ids):
        if other == routine.id and i != pos:
            raise IdClash(_clash_message(routine.id, free_id(routine.id, taken), shipped=False),
                          routine.id, free_id(routine.id, taken))
    if routine.id in shipped.routines and routine.id not in ids:
        suggestion = free_id(f"my-{routine.id}", taken)
        raise IdClash(_clash_message(routine.id, suggestion, shipped=True), routine.id,
                      suggestion)
    table = routine_table(routine)
    if pos is None:
        routines.append(table)
    else:
        routines[pos] = table
    _commit(user_path, raw)


def delete_routine(user_path: Path, routine_id: str) -> None:
    """Take ``routine_id`` out of the person's file; their exercises stay."""
    raw = _read_raw(user_path)
    ids = _ids(raw["routines"])
    if routine_id not in ids:
        if routine_id in _shipped().routines:
            raise UserLibraryError(
                f"'{routine_id}' is a shipped routine; shipped routines are never changed")
        raise UserLibraryError(f"there is no routine '{routine_id}' in your library {user_path}"
                               f"{did_you_mean(routine_id, [i for i in ids if i])}")
    del raw["routines"][ids.index(routine_id)]
    _commit(user_path, raw)


# --- export and import ----------------------------------------------------------------------


def export_routine(library: Library, routine_id: str, path: Path, *,
                   force: bool = False) -> None:
    """Write one routine to ``path``, with every exercise it uses that the shipped library
    does not have as it is, so the file imports anywhere. A path that is taken is refused
    (:class:`TargetTaken`) unless ``force``, and even then only a regular file is replaced;
    a missing directory is a problem, as for ``coach history export``."""
    routine = library.routines.get(routine_id)
    if routine is None:
        raise UserLibraryError(f"no routine '{routine_id}'"
                               f"{did_you_mean(routine_id, library.routines)}; see `coach list`")
    shipped = _shipped()
    exercises: dict[str, Exercise] = {}
    for item in routine.items:
        exercise = library.exercises[item.exercise]
        if shipped.exercises.get(exercise.id) != exercise:
            exercises.setdefault(exercise.id, exercise)
    doc: dict[str, Any] = {}
    if exercises:
        doc["exercises"] = [exercise_table(e) for e in exercises.values()]
    doc["routines"] = [routine_table(routine)]
    try:
        write_atomic(Path(path), EXPORT_HEADER + tomli_w.dumps(doc), _check_over_shipped,
                     replace=force, make_parents=False)
    except TargetTaken as exc:
        raise TargetTaken(f"{exc.message}; add --force to replace it") from None


def import_routine(
    path: Path, user_path: Path, *, replace: bool = False, new_id: str | None = None,
    name: str | None = None,
) -> list[str]:
    """Add the routines of an exported file (and the exercises they bring) to the person's
    library; the ids added. ``replace`` overwrites their own routine of the same id;
    ``new_id`` gives the one routine the file holds another id, ``name`` another name.
    Shipped routines are never replaced, and a routine whose name another routine of the
    library has already is refused (:class:`NameClash`), so the picker never shows two
    routines that read the same."""
    path = Path(path)
    try:
        incoming = load_file(path)
    except LibraryError as exc:
        raise UserLibraryError(f"{path} has problems, so nothing was imported:",
                               exc.problems) from None
    if not incoming.routines:
        raise UserLibraryError(f"{path} holds no routine to import")
    if new_id is not None and len(incoming.routines) != 1:
        raise UserLibraryError(
            f"--as renames one routine, but {path} holds {len(incoming.routines)}")
    if name is not None:
        if len(incoming.routines) != 1:
            raise UserLibraryError(
                f"--name names one routine, but {path} holds {len(incoming.routines)}")
        problem = _check(_NAME, name)
        if problem is not None:
            raise UserLibraryError(f"--name: {problem}")
    raw = _read_raw(user_path)
    # Located problems in the file being imported, as it would sit over the libraries.
    layers = [paths.shipped_library(), *([user_path] if user_path.exists() else []), path]
    _, problems = validate_paths(layers)
    problems = [p for p in problems if _same_file(Path(p.file), path)]
    if problems:
        raise UserLibraryError(f"{path} has problems, so nothing was imported:", problems)
    shipped = _shipped()

    ex_ids = _ids(raw["exercises"])
    for exercise in incoming.exercises:
        if exercise.id in ex_ids:
            pos = ex_ids.index(exercise.id)
            mine = raw["exercises"][pos]
            if Exercise.model_validate(mine) == exercise:
                continue
            if not replace:
                raise UserLibraryError(
                    f"you already have a different exercise '{exercise.id}'; use --replace to"
                    " take the one in the file")
            raw["exercises"][pos] = exercise_table(exercise)
        elif exercise.id in shipped.exercises:
            if shipped.exercises[exercise.id] == exercise:
                continue
            raise UserLibraryError(
                f"the exercise '{exercise.id}' in {path} differs from the shipped one of that"
                " id, and shipped exercises are never changed; give it another id in the file")
        else:
            raw["exercises"].append(exercise_table(exercise))

    added: list[str] = []
    for routine in incoming.routines:
        if new_id is not None:
            if not _SLUG.fullmatch(new_id) or len(new_id) > _SLUG_MAX:
                raise UserLibraryError(
                    f"--as {new_id!r}: an id is lowercase letters a-z, digits and single"
                    f" hyphens, such as '{slugify(new_id)}'")
            routine = Routine.model_validate({**routine_table(routine), "id": new_id})
        if name is not None:
            routine = Routine.model_validate({**routine_table(routine), "name": name})
        ids = _ids(raw["routines"])
        taken = {i for i in ids if isinstance(i, str)} | set(shipped.routines) | set(added)
        # Kept beside the one it clashes with, it would clash by name too: say both flags.
        names = _names(raw, shipped)
        rename = (name is None and len(incoming.routines) == 1
                  and free_name(routine.name, names.values()) != routine.name)
        name_flag = f" --name {free_name(routine.name, names.values())!r}" if rename else ""
        flags = "--as NEW_ID --name NAME" if rename else "--as NEW_ID"
        if routine.id in ids:
            if not replace:
                suggestion = free_id(routine.id, taken)
                raise IdClash(
                    f"you already have a routine '{routine.id}'; use --replace to overwrite"
                    f" it, or {flags} (such as --as {suggestion}"
                    f"{name_flag}) to keep both",
                    routine.id, suggestion)
            raw["routines"][ids.index(routine.id)] = routine_table(routine)
        elif routine.id in shipped.routines:
            suggestion = free_id(f"my-{routine.id}", taken)
            raise IdClash(
                f"'{routine.id}' is a shipped routine, and shipped routines are never replaced;"
                f" import it under another id with {flags} (such as --as {suggestion}"
                f"{name_flag})",
                routine.id, suggestion)
        else:
            raw["routines"].append(routine_table(routine))
        added.append(routine.id)
    _refuse_same_names(raw, shipped, added, several=len(incoming.routines) > 1, path=path)
    _commit(user_path, raw)
    return added


def _names(raw: dict[str, list[Any]], shipped: Library) -> dict[Any, Any]:
    """Every routine's name by id, as the library would merge them."""
    names: dict[Any, Any] = {routine_id: r.name for routine_id, r in shipped.routines.items()}
    names.update((t.get("id"), t.get("name")) for t in raw["routines"] if isinstance(t, dict))
    return names


def _refuse_same_names(raw: dict[str, list[Any]], shipped: Library, added: list[str], *,
                       several: bool, path: Path) -> None:
    """Raise :class:`NameClash` when a routine just added has the name of another routine
    the library would hold (the shipped ones, the person's, or another added one)."""
    names = _names(raw, shipped)
    for routine_id in added:
        others = same_name(names, routine_id)
        if not others:
            continue
        suggestion = free_name(names[routine_id], names.values())
        how = (f"rename it in {path}" if several
               else f"give it another name with --name, such as --name {suggestion!r}")
        raise NameClash(
            f"the routine '{others[0]}' is already named {names[others[0]]!r}, so the picker"
            f" would show two routines of that name; {how}", routine_id, suggestion)


# --- the builder's drafts -------------------------------------------------------------------

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

_RX = TypeAdapter(Prescription)
_NAME = TypeAdapter(Name)
_SLUG_TYPE = TypeAdapter(Slug)
_TEXT = TypeAdapter(Text)


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


def _message(error: Mapping[str, Any]) -> str:
    if str(error["type"]).startswith("span_"):
        return str(error["msg"])  # the models' own words, already written for people
    if error["type"] == "string_pattern_mismatch":
        return (f"must be a lowercase id such as 'my-morning' (a-z, 0-9, single hyphens);"
                f" try '{slugify(str(error.get('input', '')))}'")
    if error["type"] == "string_too_short":
        return "must not be empty"
    return describe_error(dict(error))


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
            if exercise.variant(v) is None and _SLUG.fullmatch(v):
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
        return str(loc[0]), _message(error)
    at = (error.get("ctx") or {}).get("at")
    if at in ("left", "right"):
        return "seconds", f"{at} side: {_message(error)}"
    if at in (*KIND_FIELDS[kind], *COMMON_FIELDS):
        return str(at), _message(error)
    return ("variants" if error["type"] == "variant_repeated" else "kind"), _message(error)


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


def _check(adapter: TypeAdapter, value: Any) -> str | None:
    try:
        adapter.validate_python(value)
    except ValidationError as exc:
        return _message(exc.errors()[0])
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
        kept = dict(frequency=routine.frequency, claimed_minutes=routine.claimed_minutes)
        if edit:
            return cls(routine.name, routine.id, routine.description, routine.source, items,
                       replace_id=routine.id, id_follows_name=False, **kept)
        name = f"{routine.name} (my copy)"
        if len(name) > 80:
            name = routine.name
        return cls(name, free_id(f"my-{routine.id}", taken), routine.description,
                   routine.source, items, id_follows_name=False, **kept)

    def field_errors(self, taken: Iterable[str] = (), shipped: Iterable[str] = ()) -> dict[str, str]:
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
