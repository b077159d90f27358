"""A TOML file a person edits, from its bytes to its data, or the one located problem that
stops the reading: binary data, bytes that are not UTF-8, nesting past the limit, or a
syntax error, each said the same way for every such file (library files, ``config.toml``).

tomllib's messages are reworded for someone editing the file, with the line (and column)
where the mistake is; "at end of document" becomes the last line, or where a string left
open was opened.
"""

from __future__ import annotations

import contextlib
import gc
import re
import tomllib
from collections.abc import Iterator
from typing import Any

from coach.diagnostics.toml_locator import Locator
from coach.limits import nesting_problem

__all__ = ["TomlProblem", "gc_paused", "read_toml", "syntax_problem"]


class TomlProblem(Exception):
    """Why a TOML file cannot be read, and the line it is on (None: the whole file)."""

    def __init__(self, line: int | None, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(message if line is None else f"{line}: {message}")


def read_toml(data: bytes) -> tuple[str, dict[str, Any]]:
    """The text of a TOML file (a byte-order mark dropped) and its data; raises
    :class:`TomlProblem` for what stops the reading."""
    binary_at = _binary_line(data)
    if binary_at is not None:
        raise TomlProblem(binary_at, "binary data, not a TOML text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[start : exc.start].decode("utf-8", "replace")) + 1
        raise TomlProblem(
            data.count(b"\n", 0, exc.start) + 1,
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at column {column} cannot be read;"
            " save the file as UTF-8",
        ) from None
    # Editors on Windows like to start a file with a byte-order mark; TOML does not allow it.
    text = text.removeprefix("\ufeff")
    # tomllib recurses once a level and places a long dotted header in quadratic time:
    # a file nested past the limit is refused before it is parsed (or located).
    deep = nesting_problem(text, "toml")
    if deep is not None:
        raise TomlProblem(*deep)
    with gc_paused():
        try:
            return text, tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise TomlProblem(*syntax_problem(str(exc), text)) from None


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Parsing builds a large tree of dicts and lists that all survive: cyclic garbage
    collection passes over it are wasted work (a fifth of the time for a big library)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_ODD = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def _binary_line(data: bytes) -> int | None:
    """The line of the first odd byte when the file's start is mostly not text (a stray
    control character in a text file is a TOML error, not a sign of binary data)."""
    head = data[:4096].decode("utf-8", "replace")
    first = _ODD.search(head)
    if first is None:
        return None
    odd = len(_ODD.findall(head))
    if odd < 4 or odd * 20 < len(head):
        return None
    return head.count("\n", 0, first.start()) + 1


_TOML_COORD = re.compile(
    r"^(?P<msg>.*) \(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$", re.S
)
# tomllib's wording -> words for a person editing the file.
_TOML_MESSAGES = [
    ("Expected '=' after a key in a key/value pair", "expected '=' after a key (key = value)"),
    ("Invalid value", "invalid value (text needs quotes: name = \"Heel raises\")"),
    ("Cannot overwrite a value", "this key is already set (each key may appear once per table)"),
    ("Unterminated string", "unterminated string: the closing quotes are missing"),
    ("Illegal character '\\n'", "unterminated string: a \"...\" string must close on its line"
     " (use \"\"\"...\"\"\" for several lines)"),
    ("Unclosed array", "unclosed array: a ']' is missing"),
    ("Unclosed inline table", "unclosed inline table: a '}' is missing (an inline table must"
     " stay on one line)"),
    ("Invalid statement", "expected key = value, a [table] or an [[array of tables]]"),
    ("Invalid initial character for a key part", "expected a key"),
]
_DECLARED_TWICE = re.compile(r"Cannot declare \((?P<key>.*)\) twice")


def syntax_problem(error: str, text: str) -> tuple[int, str]:
    """tomllib's error about ``text``, as its line and a message for a person."""
    match = _TOML_COORD.match(error)
    message, line, column = error, None, None
    if match:
        message = match["msg"]
        if match["line"]:
            line, column = int(match["line"]), int(match["col"])
    if line is None:
        # "at end of document": the last line, or, for a string left open, where it opened.
        line = Locator(text).stopped_at if message == "Unterminated string" else None
        line = line or max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
    for theirs, ours in _TOML_MESSAGES:
        if message == theirs:
            message = ours
            break
    else:
        twice = _DECLARED_TWICE.fullmatch(message)
        if twice:
            names = ".".join(p.strip().strip("'\"") for p in twice["key"].split(",") if p.strip())
            message = f"table [{names}] is declared twice"
        else:
            message = message[:1].lower() + message[1:]
    where = f" (column {column})" if column else ""
    return line, f"invalid TOML: {message}{where}"
