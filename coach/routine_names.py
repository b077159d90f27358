"""What ids and names of exercises and routines may be, and telling routines apart by them.

Ids: :data:`SLUG_PATTERN` is the one definition of an id (the models check it, the library
and the builder test it with :func:`is_slug`); :func:`slugify` turns a name into one and
:func:`free_id` finds one nobody has.

Names: two names that differ only in case or spacing read the same to a person, so they are
one name here. Used when routines come into a person's library (``coach routine import``),
so the picker never shows two routines that read alike without coach having said so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeGuard

__all__ = [
    "SLUG_MAX",
    "SLUG_PATTERN",
    "free_id",
    "free_name",
    "is_slug",
    "name_key",
    "same_name",
    "slug_of",
    "slugify",
]

# An id: lowercase letters and digits in words joined by single hyphens ("heel-raises").
SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
SLUG_MAX = 64  # characters of an id
_SLUG = re.compile(SLUG_PATTERN)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def is_slug(value: object) -> TypeGuard[str]:
    """Whether ``value`` is text written as an id (its length is the schema's business)."""
    return isinstance(value, str) and _SLUG.fullmatch(value) is not None


def slug_of(text: str) -> str:
    """``"My morning (left side)"`` -> ``"my-morning-left-side"``, however long."""
    return _NOT_SLUG.sub("-", text.lower()).strip("-")


def slugify(text: str, fallback: str = "my-routine") -> str:
    """:func:`slug_of` cut to an id's length; ``fallback`` when nothing of ``text`` is left."""
    return slug_of(text)[:SLUG_MAX].strip("-") or fallback


def free_id(base: str, taken: Iterable[str]) -> str:
    """``base`` as an id if nobody has it, else ``base-2``, ``base-3``, ..."""
    taken = set(taken)
    base = slugify(base)
    if base not in taken:
        return base
    n = 2
    while True:
        tail = f"-{n}"
        candidate = base[: SLUG_MAX - len(tail)].strip("-") + tail
        if candidate not in taken:
            return candidate
        n += 1

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
