"""The library's entry points: one file on its own (:func:`load_file`), the library to
coach from (:func:`load_library`: the shipped one, or ``--library``, with the person's own
merged over it), and files checked as they would merge (:func:`validate_paths`).

A file is read whole and all its problems are gathered before anything is raised. A
library that loads can therefore be expanded routine by routine without limit checks. A
broken user library is set aside whole and its problems travel in
:attr:`Library.problems`, so the app can still open.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from coach import paths
from coach.diagnostics import Problem
from coach.diagnostics.toml_text import gc_paused
from coach.library.loaded import Library, LibraryError
from coach.library.merge import Merged, merge
from coach.library.schema import check_exercises, check_schema
from coach.library.sources import Source, read_source
from coach.models import LibraryFile

__all__ = ["load_file", "load_library", "validate_paths"]


def _parse(path: Path, contents: Mapping[Path, bytes | None] | None = None) -> Source:
    """Read, parse and validate one file, gathering every problem it has on its own."""
    src = read_source(path, contents)
    if src.problems:  # missing, unreadable, or not TOML: nothing to check
        return src
    with gc_paused():
        check_schema(src)
    check_exercises(src)
    return src


def _library(merged: Merged, problems: list[Problem] | None = None) -> Library:
    return Library(
        exercises=merged.exercises,
        routines=merged.routines,
        origin={key: src.path for key, (src, _) in merged.source.items()},
        problems=problems or [],
    )


# --- public entry points --------------------------------------------------------------------


def load_file(path: Path) -> LibraryFile:
    """One library file on its own; every problem it has raised together as
    :class:`LibraryError`. Routines may name exercises the file does not define (a user's
    library builds on the shipped one): :func:`load_library` checks those."""
    src = _parse(path)
    merged = merge([src], unknown_ok=True)
    if src.problems:
        raise LibraryError(src.sorted_problems())
    return LibraryFile(
        exercises=list(merged.exercises.values()), routines=list(merged.routines.values())
    )


def load_library(library: Path | None = None, user_library: Path | None = None, *,
                 contents: Mapping[Path, bytes | None] | None = None) -> Library:
    """The library to coach from.

    With ``library`` (the ``--library`` flag): that file alone. Otherwise the shipped
    library, with ``user_library`` merged over it when that file exists. Problems in the file
    given or the shipped one raise :class:`LibraryError`; problems in the user's library set
    it aside whole and come back in :attr:`Library.problems`. ``contents`` holds files
    already read (bytes, or None for a missing file), by the path given here.
    """
    if library is not None:
        src = _parse(library, contents)
        merged = merge([src])
        if src.problems:
            raise LibraryError(src.sorted_problems())
        return _library(merged)
    shipped = _parse(paths.shipped_library(), contents)
    base = merge([shipped])
    if shipped.problems:
        raise LibraryError(shipped.sorted_problems())
    if user_library is None:
        return _library(base)
    user = _parse(user_library, contents)
    if user.missing:
        return _library(base)
    merged = merge([shipped, user])
    if user.problems:
        return _library(base, user.sorted_problems())
    return _library(merged)


def validate_paths(paths: list[Path]) -> tuple[Library | None, list[Problem]]:
    """Check files as :func:`load_library` would merge them, in order (later files add to
    and replace earlier ones): the merged library when nothing is wrong, and every problem
    of every file. Never raises."""
    sources = [_parse(Path(p)) for p in paths]
    merged = merge(sources)
    problems = [p for src in sources for p in src.sorted_problems()]
    return (None if problems else _library(merged)), problems
