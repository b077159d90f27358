"""A problem found in a file a person edits, and how it is said: ``FILE:LINE: key.path: message``.

What a problem quotes comes from the file (a key, a value, the file's own name), so its text
is made harmless here, once, for every place it is printed or shown: control characters
become look-alikes (:func:`coach.safetext.visible`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

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


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    import difflib  # only when something is wrong

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


_TYPE_WORDS = {
    "int_type": "a whole number", "float_type": "a number", "bool_type": "true or false",
    "string_type": "text in quotes", "list_type": "a list [...]", "dict_type": "a table",
    "model_type": "a table", "model_attributes_type": "a table",
}


def _kind_of(value: Any) -> str:
    return {bool: "true/false", int: "a whole number", float: "a number", str: "text",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


def describe_error(err: dict, fields: Iterable[str] = ()) -> str:
    """A pydantic error dict in words for someone editing TOML."""
    kind, ctx, loc = err["type"], err.get("ctx") or {}, err.get("loc") or ()
    if kind == "extra_forbidden":
        return f"unknown key '{loc[-1]}'{did_you_mean(str(loc[-1]), fields)}"
    if kind == "missing":
        return f"missing required key '{loc[-1]}'"
    if kind in _TYPE_WORDS:
        return f"expected {_TYPE_WORDS[kind]}, got {_kind_of(err.get('input'))}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}, got {err.get('input')!r}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}, got {err.get('input')!r}"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}, got {err.get('input')!r}"
    return err["msg"][0].lower() + err["msg"][1:]
