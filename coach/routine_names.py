"""Telling routines apart by name, as the picker shows them: two names that differ only in
case or spacing read the same to a person, so they are one name here. Used when routines
come into a person's library (``coach routine import``), so the picker never shows two
routines that read alike without coach having said so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["free_name", "name_key", "same_name"]

NAME_MAX = 80  # characters of a name, as the library allows


def name_key(name: str) -> str:
    """A routine's name as compared with another's: case and runs of spaces do not count."""
    return " ".join(name.split()).casefold()


def free_name(base: str, taken: Iterable[Any]) -> str:
    """``base`` if no name in ``taken`` reads the same, else ``base (2)``, ``base (3)``, ...
    (never longer than a name may be). What is not text in ``taken`` is left out."""
    keys = {name_key(t) for t in taken if isinstance(t, str)}
    if name_key(base) not in keys:
        return base
    n = 2
    while True:
        tail = f" ({n})"
        candidate = base[: NAME_MAX - len(tail)].rstrip() + tail
        if name_key(candidate) not in keys:
            return candidate
        n += 1


def same_name(names: Mapping[Any, Any], routine_id: Any) -> list[Any]:
    """The ids of the other routines in ``names`` (id -> name) whose name reads as the name
    of ``routine_id``, in order."""
    mine = names.get(routine_id)
    if not isinstance(mine, str):
        return []
    return [other for other, name in names.items() if other != routine_id
            and isinstance(name, str) and name_key(name) == name_key(mine)]
