"""Routines between libraries: ``coach routine export`` writes one routine (with the
exercises it needs) to a file that imports anywhere; ``coach routine import`` adds such a
file's routines to the person's own library, refusing ids and names that would clash.

Both check the file they write or read as it would merge over the shipped library, and
write through :mod:`coach.user_library`'s rules: nothing is written when anything is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w
from pydantic import TypeAdapter, ValidationError

from coach import paths
from coach.diagnostics import describe_error, did_you_mean
from coach.files import FileProblem, TargetExists, write_file
from coach.library import Library, LibraryError, load_file, validate_paths
from coach.models import Exercise, Name, Routine
from coach.routine_names import SLUG_MAX, free_id, free_name, is_slug, same_name, slugify
from coach.user_library import (
    IdClash,
    NameClash,
    TargetTaken,
    UserLibraryError,
    check_over_shipped,
    checked_against,
    exercise_table,
    read_tables,
    routine_table,
    same_file,
    shipped_library,
    table_ids,
    write_tables,
)

__all__ = ["EXPORT_HEADER", "export_routine", "import_routine"]

EXPORT_HEADER = (
    "# A coach routine. Add it to your library with `coach routine import FILE`.\n\n"
)
_NAME: TypeAdapter[str] = TypeAdapter(Name)


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
    shipped = shipped_library()
    exercises: dict[str, Exercise] = {}
    for item in routine.items:
        exercise = library.exercises[item.exercise]
        if shipped.exercises.get(exercise.id) != exercise:
            exercises.setdefault(exercise.id, exercise)
    doc: dict[str, Any] = {}
    if exercises:
        doc["exercises"] = [exercise_table(e) for e in exercises.values()]
    doc["routines"] = [routine_table(routine)]
    path = Path(path)
    try:
        write_file(path, EXPORT_HEADER + tomli_w.dumps(doc), replace=force,
                   check=checked_against(path, check_over_shipped))
    except TargetExists as exc:
        raise TargetTaken(f"{exc}; add --force to replace it") from None
    except FileProblem as exc:
        raise UserLibraryError(str(exc)) from None


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
        try:
            _NAME.validate_python(name)
        except ValidationError as exc:
            raise UserLibraryError(f"--name: {describe_error(exc.errors()[0])}") from None
    raw = read_tables(user_path)
    # Located problems in the file being imported, as it would sit over the libraries.
    layers = [paths.shipped_library(), *([user_path] if user_path.exists() else []), path]
    _, problems = validate_paths(layers)
    problems = [p for p in problems if same_file(Path(p.file), path)]
    if problems:
        raise UserLibraryError(f"{path} has problems, so nothing was imported:", problems)
    shipped = shipped_library()

    ex_ids = table_ids(raw["exercises"])
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
            if not is_slug(new_id) or len(new_id) > SLUG_MAX:
                raise UserLibraryError(
                    f"--as {new_id!r}: an id is lowercase letters a-z, digits and single"
                    f" hyphens, such as '{slugify(new_id)}'")
            routine = Routine.model_validate({**routine_table(routine), "id": new_id})
        if name is not None:
            routine = Routine.model_validate({**routine_table(routine), "name": name})
        ids = table_ids(raw["routines"])
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
    write_tables(user_path, raw)
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
