"""How much coach reads and builds from one input, at most; the README quotes these.

Everything a person gives coach (a library, ``config.toml``, a history export, a routine
someone shared) is bounded before the work it causes: a file's size when it is opened, its
nesting before it is parsed (``tomllib`` and ``json`` recurse once a level, so a deep enough
array ends in ``RecursionError``; a 20,000-part table header costs quadratic time to place),
and a routine's timeline before it is expanded.

:func:`nesting_problem` checks the nesting in one pass over the text, so a hostile file is
refused in time linear in its size.
"""

from __future__ import annotations

import functools
import re

# A file coach reads: a library, the settings, an import. The shipped library is ~25 KB; ten
# years of daily history as JSON is about 50 MB, so an export past this is written a file a
# year (coach.history.export), each of which imports.
MAX_FILE_BYTES = 20 * 1024 * 1024
# Levels of arrays, inline tables, objects and dotted key parts. The deepest path the
# library or a history document uses is six.
MAX_NESTING = 32
# One routine as played: steps, and seconds with the longest get-ready and switch settings.
MAX_STEPS = 2000
MAX_ROUTINE_SECONDS = 4 * 3600


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


# --- nesting ---------------------------------------------------------------------------------

@functools.cache
def _toml_token() -> re.Pattern[str]:
    # Possessive repeats throughout: an unterminated string must never backtrack. Compiled
    # on first use: most commands never read a hostile file, and start faster without it.
    return re.compile(
        r'"""(?:[^"\\]++|\\.|"(?!""))*+"""'
        r"|'''(?:[^']++|'(?!''))*+'''"
        r'|"(?:[^"\\\n]++|\\.)*+"'
        r"|'[^'\n]*+'"
        r"|#[^\n]*+"
        r"|[\[\]{}.=,\n]",
        re.S,
    )


@functools.cache
def _json_token() -> re.Pattern[str]:
    return re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')


def _too_deep(depth: int) -> str:
    return f"nested more than {MAX_NESTING} levels deep; coach reads at most {MAX_NESTING}"


def nesting_problem(text: str, kind: str = "toml") -> tuple[int, str] | None:
    """(line, message) where ``text`` first nests deeper than :data:`MAX_NESTING`, or None.

    TOML counts the parts of a table header, of a dotted key, and the arrays and inline
    tables a value opens; JSON counts arrays and objects. Strings and comments are stepped
    over. Text that is not valid is left for the parser to report.
    """
    if kind == "json":
        return _json_nesting(text)
    return _toml_nesting(text)


def _json_nesting(text: str) -> tuple[int, str] | None:
    depth = 0
    for token in _json_token().finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return text.count("\n", 0, token.start()) + 1, _too_deep(depth)
        elif char in "]}":
            depth = max(0, depth - 1)
    return None


def _toml_nesting(text: str) -> tuple[int, str] | None:
    line = 1
    brackets: list[str] = []  # the arrays and inline tables open at this point
    header = False  # inside a [table] or [[array]] header
    parts = 1  # key parts of the header or key being read
    expect_key = True  # at a place where a key may start
    for token in _toml_token().finditer(text):
        tok = token.group()
        char = tok[0]
        if char == "\n":
            line += 1
            if not brackets:
                header, parts, expect_key = False, 1, True
            continue
        if char in "\"'#":
            line += tok.count("\n")
            continue
        if header:
            if char == ".":
                parts += 1
                if parts > MAX_NESTING:
                    return line, _too_deep(parts)
            elif char == "]":
                header = False
            continue
        if char == "[":
            if not brackets and expect_key:
                header, parts = True, 1  # "[[" reads as one header; the second "[" is text
                continue
            brackets.append("[")
            expect_key = False
        elif char == "{":
            brackets.append("{")
            expect_key, parts = True, 1
        elif char in "]}":
            if brackets:
                brackets.pop()
            expect_key = False
        elif char == ",":
            expect_key = bool(brackets) and brackets[-1] == "{"
            parts = 1
        elif char == "=":
            expect_key = False
        elif char == "." and expect_key:
            parts += 1
        else:
            continue
        if len(brackets) + parts > MAX_NESTING:
            return line, _too_deep(len(brackets) + parts)
    return None
