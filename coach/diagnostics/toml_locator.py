"""Where a key path sits in TOML text, since tomllib gives no positions.

:class:`Locator` scans the text once, left to right, and maps every key path it meets to a
1-based line: ``("exercises", 2, "prescription", "seconds")`` -> 41. It follows ``[table]``
and ``[[array.of.tables]]`` headers (an ``[[routines.items]]`` entry belongs to the latest
``[[routines]]``), bare, quoted and dotted keys, inline tables, and arrays (element ``i`` at
the line where it starts), and steps over strings, multi-line ones included, so their
contents are never read as keys.

It is meant for text tomllib has already parsed, so it trusts the grammar; on anything it
does not understand it stops quietly and keeps what it mapped so far (:attr:`stopped_at`
says where). It never raises, and its work stays linear in the text: it stops at a key path
deeper than any :data:`coach.limits.MAX_NESTING` allows (each path is a new tuple, so a
20,000-part header would otherwise cost quadratic time and memory).
"""

from __future__ import annotations

import re
import tomllib

from coach.limits import MAX_NESTING

Key = tuple[str | int, ...]

# Blank space, newlines and comments between tokens.
_BLANK = re.compile(r"(?:[ \t\r\n]++|#[^\n]*+)*+")
_SPACE = re.compile(r"[ \t]*")
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"(?:[^"\\\n]++|\\.)*+"')
_LITERAL = re.compile(r"'[^'\n]*'")
# A multi-line string may end with one or two quotes of its own just before the closing three.
# Possessive repeats: an unterminated string must not backtrack exponentially.
_ML_BASIC = re.compile(r'"""(?:[^"\\]++|\\.|"{1,2}(?!"))*+"""(?:"{1,2})?', re.S)
_ML_LITERAL = re.compile(r"'''(?:[^']++|'{1,2}(?!'))*+'''(?:'{1,2})?", re.S)
# The longest key path mapped: every level may add a key and an array index.
_DEEPEST = 2 * MAX_NESTING
# Numbers, booleans and dates: everything up to what may follow a value.
_SCALAR = re.compile(r"[^,\]}\n#]*")


class _Stop(Exception):
    """The text stopped making sense: keep what was mapped so far."""


class Locator:
    """Key paths of one TOML text, mapped to the lines they are written on."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: dict[Key, int] = {}
        # Lines are counted as the scan moves forward, so the whole scan stays linear.
        self._cursor = 0
        self._cursor_line = 1
        self._pos = 0
        # Entries so far in each array of tables, by its path.
        self._arrays: dict[Key, int] = {}
        self.stopped_at: int | None = None
        """Line where the scan gave up (an unterminated string, say), or None."""
        try:
            self._document()
        except (_Stop, IndexError, RecursionError):
            self.stopped_at = self._line_at(self._pos)

    # --- lookups ------------------------------------------------------------------------

    def exact(self, path: Key) -> int | None:
        """The line of ``path`` itself, or None when the text does not hold it."""
        return self._lines.get(tuple(path))

    def line(self, path: Key) -> int:
        """The line of ``path``, else of its deepest prefix the text holds (a missing key
        points at its table's header); line 1 when nothing matches."""
        path = tuple(path)
        for end in range(len(path), 0, -1):
            found = self._lines.get(path[:end])
            if found is not None:
                return found
        return 1

    def __len__(self) -> int:
        return len(self._lines)

    # --- scanning -----------------------------------------------------------------------

    def _line_at(self, pos: int) -> int:
        if pos < self._cursor:
            return self._text.count("\n", 0, pos) + 1
        self._cursor_line += self._text.count("\n", self._cursor, pos)
        self._cursor = pos
        return self._cursor_line

    def _record(self, path: Key, pos: int, *, first: bool = True) -> None:
        if len(path) > _DEEPEST:
            raise _Stop
        line = self._line_at(pos)
        if first:
            self._lines.setdefault(path, line)
        else:
            self._lines[path] = line

    def _skip(self, pattern: re.Pattern[str]) -> None:
        match = pattern.match(self._text, self._pos)
        if match is None:  # the patterns skipped with match the empty string too
            raise _Stop
        self._pos = match.end()

    def _document(self) -> None:
        text = self._text
        self._pos = 0
        table: Key = ()
        while True:
            self._skip(_BLANK)
            if self._pos >= len(text):
                return
            start = self._pos
            if text.startswith("[[", start):
                table = self._header(array=True)
            elif text[start] == "[":
                table = self._header(array=False)
            else:
                self._key_value(table)
            if self._pos <= start:
                raise _Stop

    def _header(self, *, array: bool) -> Key:
        start = self._pos
        self._pos += 2 if array else 1
        parts = self._key()
        closing = "]]" if array else "]"
        if not self._text.startswith(closing, self._pos):
            raise _Stop
        self._pos += len(closing)
        path: Key = ()
        for i, part in enumerate(parts):
            path += (part,)
            if array and i == len(parts) - 1:
                index = self._arrays.get(path, 0)
                self._arrays[path] = index + 1
                self._record(path, start)
                path += (index,)
            elif path in self._arrays:
                path += (self._arrays[path] - 1,)
            self._record(path, start)
        return path

    def _key(self) -> list[str]:
        text = self._text
        parts: list[str] = []
        while True:
            self._skip(_SPACE)
            pos = self._pos
            for pattern in (_BARE, _BASIC, _LITERAL):
                match = pattern.match(text, pos)
                if match:
                    break
            else:
                raise _Stop
            raw = match.group()
            if raw[0] == '"':
                parts.append(_unquote(raw))
            elif raw[0] == "'":
                parts.append(raw[1:-1])
            else:
                parts.append(raw)
            self._pos = match.end()
            self._skip(_SPACE)
            if len(parts) > _DEEPEST:
                raise _Stop
            if self._pos < len(text) and text[self._pos] == ".":
                self._pos += 1
                continue
            return parts

    def _key_value(self, table: Key) -> None:
        start = self._pos
        parts = self._key()
        if not self._text.startswith("=", self._pos):
            raise _Stop
        self._pos += 1
        path = table
        for part in parts:
            path += (part,)
            self._record(path, start)
        self._skip(_SPACE)
        self._value(path)

    def _value(self, path: Key) -> None:
        text = self._text
        pos = self._pos
        char = text[pos]
        if char == "{":
            self._inline_table(path)
        elif char == "[":
            self._array(path)
        else:
            if char == '"':
                pattern = _ML_BASIC if text.startswith('"""', pos) else _BASIC
            elif char == "'":
                pattern = _ML_LITERAL if text.startswith("'''", pos) else _LITERAL
            else:
                pattern = _SCALAR
            match = pattern.match(text, pos)
            if not match:
                raise _Stop
            self._pos = match.end()

    def _inline_table(self, path: Key) -> None:
        text = self._text
        self._pos += 1
        while True:
            self._skip(_BLANK)
            if text[self._pos] == "}":
                self._pos += 1
                return
            self._key_value(path)
            self._skip(_BLANK)
            if text[self._pos] == ",":
                self._pos += 1
            elif text[self._pos] != "}":
                raise _Stop

    def _array(self, path: Key) -> None:
        text = self._text
        self._pos += 1
        index = 0
        while True:
            self._skip(_BLANK)
            if text[self._pos] == "]":
                self._pos += 1
                return
            element = path + (index,)
            self._record(element, self._pos)
            self._value(element)
            self._skip(_BLANK)
            if text[self._pos] == ",":
                self._pos += 1
                index += 1
            elif text[self._pos] != "]":
                raise _Stop


def _unquote(raw: str) -> str:
    """A basic-string key as tomllib reads it, escapes and all."""
    if "\\" not in raw:
        return raw[1:-1]
    try:
        key = tomllib.loads(f"k = {raw}")["k"]
    except tomllib.TOMLDecodeError:
        return raw[1:-1]
    return key if isinstance(key, str) else raw[1:-1]
