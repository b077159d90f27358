"""One library file on its way in (:class:`Source`): reading it (regular files only, within
the size limit, as UTF-8 TOML text nested within bounds, see :mod:`coach.diagnostics.toml_text`),
and saying where in it each problem is, as ``FILE:LINE: key.path: message``.

Lines come from :class:`coach.diagnostics.toml_locator.Locator`, built only when there is
something to report; key paths name tables by their id where they have a good one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from coach.diagnostics import Problem, did_you_mean
from coach.diagnostics.toml_locator import Key, Locator
from coach.diagnostics.toml_text import TomlProblem, read_toml
from coach.files import FileProblem, read_known
from coach.models import Exercise, Routine
from coach.routine_names import is_slug

__all__ = ["Source", "read_source"]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# Name comparisons spent on did-you-mean suggestions per file (about 20 µs each).
_HINT_BUDGET = 20_000


class Source:
    """One library file on its way in: its text, its TOML, what validated, what is wrong."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.name = str(path)
        self.missing = False
        self.text = ""
        self.raw: dict[str, Any] = {}
        # Validated tables by their position in the file.
        self.exercises: dict[int, Exercise] = {}
        self.routines: dict[int, Routine] = {}
        # Every well-formed id in the file -> position of its first table, whether or not that
        # table validated: a routine naming a broken exercise is not "unknown".
        self.ids: dict[str, dict[str, int]] = {"exercises": {}, "routines": {}}
        self.problems: list[Problem] = []
        self._locator: Locator | None = None
        self._hint_budget = _HINT_BUDGET

    # --- where things are ---

    @property
    def locator(self) -> Locator:
        if self._locator is None:
            self._locator = Locator(self.text)
        return self._locator

    def line(self, key: Key) -> int:
        return self.locator.line(key)

    def add(self, key: Key, message: str, *, at: Key | None = None) -> None:
        """A problem at ``key`` (shown as its path), on the line of ``at`` (default ``key``)."""
        self.problems.append(
            Problem(self.name, self.line(key if at is None else at), self.display(key), message)
        )

    def did_you_mean(self, word: str, choices: list[str]) -> str:
        """A suggestion from ``choices``, while the file's budget lasts: each suggestion
        costs a comparison per choice, so thousands of bad names against thousands of ids
        would otherwise take minutes."""
        if len(choices) > self._hint_budget:
            return ""
        self._hint_budget -= len(choices)
        return did_you_mean(word, choices)

    def add_whole(self, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.name, line, "", message))

    def display(self, key: Key) -> str:
        """``("exercises", 2, "steps", 0)`` -> ``exercises[heel-raises].steps[1]``: tables by
        id where they have a good one, else ``[#3]``; other positions 1-based."""
        out = ""
        node: Any = self.raw
        parent: str | int | None = None
        for part in key:
            child = None
            if isinstance(part, int):
                if isinstance(node, list) and 0 <= part < len(node):
                    child = node[part]
                label = str(part + 1)
                if parent in ("exercises", "routines") or (
                    parent == "variants" and isinstance(child, dict)
                ):
                    ident = child.get("id") if isinstance(child, dict) else None
                    label = ident if isinstance(ident, str) and is_slug(ident) else (
                        f"#{part + 1}"
                    )
                out += f"[{label}]"
            else:
                if isinstance(node, dict):
                    child = node.get(part)
                name = part if _BARE_KEY.fullmatch(part) else f'"{part}"'
                out += f".{name}" if out else name
            node, parent = child, part
        return out

    def sorted_problems(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: p.line or 0)


def read_source(path: Path, contents: Mapping[Path, bytes | None] | None = None) -> Source:
    """The file at ``path`` read and parsed, or with the problem that stopped it. With
    ``contents``, a file it holds is taken from there (None: the file was missing) instead
    of read again, so what is validated is exactly what the caller already read."""
    src = Source(path)
    try:
        # Regular files only, never past the size limit, never waiting on a FIFO.
        data = read_known(path, contents)
    except FileNotFoundError:
        src.missing = True
        src.add_whole("no such file")
        return src
    except FileProblem as exc:
        src.add_whole(_unreadable(exc.reason))
        return src
    try:
        src.text, src.raw = read_toml(data)
    except TomlProblem as exc:
        src.add_whole(exc.message, exc.line)
    return src


def _unreadable(reason: str) -> str:
    """What :func:`~coach.files.read_regular` found, said for a library file."""
    if reason.startswith("is a directory"):
        return "is a directory, not a library file"
    if reason.startswith("is "):  # a FIFO, a device, a socket, too large: as said there
        return reason
    return f"cannot read the file: {reason}"
