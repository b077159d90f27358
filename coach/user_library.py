"""The person's own library file: read it, save and delete routines in it, and tell its
routines from the shipped ones.

The user's ``exercises.toml`` in the config directory is what people edit by hand and what the
routine builder writes. Every change reads the file as it is now, changes one routine, and
checks the WHOLE resulting file, merged over the shipped library, with :mod:`coach.library`
before it takes the old file's place through :func:`coach.files.write_file` (a temporary
file beside it, fsynced, renamed over it), so a crash mid-save leaves the old file byte for
byte as it was. A file that is already broken is never overwritten: :class:`BrokenUserLibrary`
carries its problems until the person fixes them. Their own exercises are kept as written;
comments are not (tomli-w writes data only), which the file's first lines say.

Shipped routines are never changed: an id that names one is refused, with a free id offered.
Routines travel between libraries through :mod:`coach.routine_transfer`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import tomli_w

from coach import paths
from coach.diagnostics import did_you_mean
from coach.diagnostics.toml_text import TomlProblem, read_toml
from coach.files import FileProblem, TargetExists, drop_none, read_regular, write_file
from coach.library import Library, Problem, load_library, validate_paths
from coach.models import Exercise, Routine
from coach.routine_names import free_id

__all__ = [
    "USER_HEADER",
    "BrokenUserLibrary",
    "IdClash",
    "NameClash",
    "TargetTaken",
    "UserLibraryError",
    "check_over_shipped",
    "checked_against",
    "delete_routine",
    "exercise_table",
    "is_user_routine",
    "read_tables",
    "routine_table",
    "same_file",
    "save_routine",
    "shipped_library",
    "table_ids",
    "user_problems",
    "user_routine_ids",
    "write_tables",
]

USER_HEADER = (
    "# Your own coach exercises and routines, merged over the shipped library.\n"
    "# coach rewrites this file when you save in the routine builder; comments are not kept.\n\n"
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



def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (as written, when either cannot be resolved)."""
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return Path(a) == Path(b)


def is_user_routine(library: Library, user_path: Path, routine_id: str) -> bool:
    """Whether ``routine_id`` comes from the person's own file (and so may be changed)."""
    origin = library.origin.get(("routine", routine_id))
    return origin is not None and same_file(origin, user_path)


# --- reading --------------------------------------------------------------------------------


def shipped_library() -> Library:
    """The shipped library alone, as a person's file is checked against it."""
    return load_library(None, user_library=None)


def user_problems(user_path: Path) -> list[Problem]:
    """What is wrong with the person's file, checked as the app loads it; empty when it is
    fine or does not exist."""
    return load_library(None, user_library=user_path).problems


def read_tables(user_path: Path) -> dict[str, list[Any]]:
    """The file's tables as written, refusing a file with problems."""
    problems = user_problems(user_path)
    if problems:
        raise BrokenUserLibrary(
            f"your library {user_path} has problems, so coach will not overwrite it; fix them"
            " first (`coach validate` lists them again):",
            problems,
        )
    try:
        _, raw = read_toml(read_regular(user_path))
    except FileNotFoundError:
        return {"exercises": [], "routines": []}
    except (FileProblem, TomlProblem) as exc:  # changed since it was checked
        raise BrokenUserLibrary(f"your library {user_path} cannot be read: {exc}") from None
    return {"exercises": list(raw.get("exercises", [])), "routines": list(raw.get("routines", []))}


def table_ids(tables: list[Any]) -> list[str | None]:
    """The id of each raw table, in order (None where it has none)."""
    return [t.get("id") if isinstance(t, dict) else None for t in tables]


def user_routine_ids(user_path: Path) -> list[str]:
    """The routine ids in the person's file, in file order ([] for a missing or broken file)."""
    try:
        return [i for i in table_ids(read_tables(user_path)["routines"]) if isinstance(i, str)]
    except UserLibraryError:
        return []


# --- writing --------------------------------------------------------------------------------


def _kind_first(table: dict[str, Any]) -> dict[str, Any]:
    """A prescription reads best starting with its kind, as the shipped library writes it."""
    rx = table.get("prescription")
    if isinstance(rx, dict) and "kind" in rx:
        table["prescription"] = {"kind": rx["kind"], **rx}
    return table


def routine_table(routine: Routine) -> dict[str, Any]:
    """A routine as it is written in TOML: defaults left out, ranges as ``[low, high]``."""
    table: dict[str, Any] = drop_none(routine.model_dump(mode="json", exclude_defaults=True))
    for item in table["items"]:
        _kind_first(item)
    return table


def exercise_table(exercise: Exercise) -> dict[str, Any]:
    table: dict[str, Any] = drop_none(exercise.model_dump(mode="json", exclude_defaults=True))
    return _kind_first(table)


def checked_against(path: Path, check: Callable[[Path], list[Problem]]
                    ) -> Callable[[Path], None]:
    """A ``check`` for :func:`coach.files.write_file`: ``check``'s problems with the
    temporary file, named after ``path``, raise :class:`UserLibraryError`, so nothing is
    written."""

    def checked(tmp: Path) -> None:
        problems = [
            Problem(str(path), p.line, p.path, p.message) if same_file(Path(p.file), tmp)
            else p
            for p in check(tmp)
        ]
        if problems:
            raise UserLibraryError(f"{path} would have problems, so nothing was written:",
                                   problems)

    return checked


def check_over_shipped(candidate: Path) -> list[Problem]:
    """Every problem the file would have as the user's library, merged over the shipped one."""
    _, problems = validate_paths([paths.shipped_library(), candidate])
    return problems


def write_tables(user_path: Path, raw: dict[str, list[Any]]) -> None:
    """Put ``raw``'s tables in the person's file, checked whole over the shipped library; with
    nothing left, the file goes."""
    doc = {key: raw[key] for key in ("exercises", "routines") if raw[key]}
    if not doc:
        # A library file must hold something; with nothing left, the file goes.
        with contextlib.suppress(FileNotFoundError):
            user_path.unlink()
        return
    try:
        write_file(user_path, USER_HEADER + tomli_w.dumps(doc), make_parents=True,
                   check=checked_against(user_path, check_over_shipped))
    except TargetExists as exc:
        raise TargetTaken(str(exc)) from None
    except FileProblem as exc:
        raise UserLibraryError(str(exc)) from None


def _clash_message(routine_id: str, suggestion: str, *, shipped: bool) -> str:
    if shipped:
        return (f"'{routine_id}' is a shipped routine, and shipped routines are never changed;"
                f" give yours another id, such as '{suggestion}'")
    return f"you already have a routine '{routine_id}'; choose another id, such as '{suggestion}'"


def save_routine(user_path: Path, routine: Routine, *, replace_id: str | None = None) -> None:
    """Add ``routine`` to the person's file, or put it in place of ``replace_id`` (keeping its
    position; the id may change). Refuses an id another routine has, shipped or theirs."""
    raw = read_tables(user_path)
    shipped = shipped_library()
    routines = raw["routines"]
    ids = table_ids(routines)
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
    write_tables(user_path, raw)


def delete_routine(user_path: Path, routine_id: str) -> None:
    """Take ``routine_id`` out of the person's file; their exercises stay."""
    raw = read_tables(user_path)
    ids = table_ids(raw["routines"])
    if routine_id not in ids:
        if routine_id in shipped_library().routines:
            raise UserLibraryError(
                f"'{routine_id}' is a shipped routine; shipped routines are never changed")
        raise UserLibraryError(f"there is no routine '{routine_id}' in your library {user_path}"
                               f"{did_you_mean(routine_id, [i for i in ids if i])}")
    del raw["routines"][ids.index(routine_id)]
    write_tables(user_path, raw)

