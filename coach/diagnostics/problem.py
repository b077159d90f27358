"""A problem found in a file a person edits, and how it is said: ``FILE:LINE: key.path: message``;
and the did-you-mean that many problems end with.

What a problem quotes comes from the file (a key, a value, the file's own name), so its text
is made harmless here, once, for every place it is printed or shown: control characters
become look-alikes (:func:`coach.safetext.visible`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coach.safetext import visible


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        said = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return visible(said)


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the choice closest to ``word``, or ""."""
    if not isinstance(word, str):
        return ""
    import difflib  # only when something is wrong

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
