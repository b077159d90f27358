"""Load the exercise library: read and validate TOML files, merge a person's own library over
the shipped one, and say exactly where every problem is.

Every problem is a :class:`Problem`, printed ``FILE:LINE: key.path: message``. A file is
read whole (a regular file of at most :data:`coach.limits.MAX_FILE_BYTES`, through
:func:`coach.files.read_regular`) and all its problems are gathered before anything is
raised: nesting past :data:`coach.limits.MAX_NESTING` and TOML syntax (either stops the
reading), then the schema of :mod:`coach.models` for every table, then what only shows across
tables (duplicate ids, routines naming unknown exercises or variants, and routines whose
timeline, measured by :func:`coach.timeline.longest_measure`, would pass the bound). Lines
come from :class:`coach.diagnostics.toml_locator.Locator`, built only when there is something to report.
A library that loads can therefore be expanded routine by routine without limit checks.

Merging: the shipped library comes first; the user's library adds exercises and routines or
replaces them by id (a replacement keeps the shipped position). A broken user library is set
aside whole and its problems travel in :attr:`Library.problems`, so the app can still open.
"""

from __future__ import annotations

import contextlib
import datetime
import difflib
import functools
import gc
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from coach import paths
from coach.diagnostics import Problem
from coach.diagnostics.toml_locator import Key, Locator
from coach.files import FileProblem, read_regular
from coach.limits import MAX_STEPS, nesting_problem
from coach.models import (
    PRESCRIPTION_KINDS,
    Exercise,
    Hold,
    LibraryFile,
    Prescription,
    Reps,
    Routine,
    RoutineItem,
    Timed,
    Variant,
    side_numbers_problem,
)
from coach.timeline import (
    DEFAULT_PREPARE_SECONDS,
    DEFAULT_SWITCH_SECONDS,
    Measure,
    Step,
    bound_problem,
    expand,
    item_prescription,
    longest_measure,
    measure_item,
)

__all__ = [
    "Library",
    "LibraryError",
    "Problem",
    "load_file",
    "load_library",
    "validate_paths",
]


class LibraryError(Exception):
    """A library that cannot be used; ``str()`` lists every problem, one a line."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # keep the problems when pickled, e.g. across a process pool
        return (type(self), (self.problems,))


@dataclass
class Library:
    """Exercises and routines by id, in file order: shipped first, user additions after."""

    exercises: dict[str, Exercise] = field(default_factory=dict)
    routines: dict[str, Routine] = field(default_factory=dict)
    origin: dict[tuple[str, str], Path] = field(default_factory=dict)
    # Problems of a user library that was set aside; empty when it was merged or absent.
    problems: list[Problem] = field(default_factory=list)

    def steps(
        self,
        routine_id: str,
        *,
        prepare_seconds: float = DEFAULT_PREPARE_SECONDS,
        switch_seconds: float = DEFAULT_SWITCH_SECONDS,
    ) -> list[Step]:
        return expand(
            self.routines[routine_id], self.exercises,
            prepare_seconds=prepare_seconds, switch_seconds=switch_seconds,
        )

    def estimated_seconds(
        self,
        routine_id: str,
        *,
        prepare_seconds: float = DEFAULT_PREPARE_SECONDS,
        switch_seconds: float = DEFAULT_SWITCH_SECONDS,
    ) -> float:
        routine = self.routines[routine_id]
        return sum(
            (measure_item(ex, item_prescription(item, ex), prepare_seconds=prepare_seconds,
                          switch_seconds=switch_seconds)
             for item in routine.items for ex in (self.exercises[item.exercise],)),
            Measure(0, 0),
        ).seconds

    def equipment(self, routine_id: str) -> list[str]:
        """Everything the routine needs, each once, in the order it is first used."""
        seen: dict[str, None] = {}
        for item in self.routines[routine_id].items:
            for thing in self.exercises[item.exercise].equipment:
                seen.setdefault(thing)
        return list(seen)

    def routines_using(self, exercise_id: str) -> list[Routine]:
        return [
            r for r in self.routines.values() if any(i.exercise == exercise_id for i in r.items)
        ]


# --- reading one file ---------------------------------------------------------------------

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_KINDS: dict[str, type[BaseModel]] = {"hold": Hold, "reps": Reps, "timed": Timed}
_TABLES: dict[str, type[BaseModel]] = {"exercises": Exercise, "routines": Routine}
# Which model a table inside an array belongs to, by the array's key.
_MODEL_OF_ARRAY: dict[str, type[BaseModel]] = {
    "exercises": Exercise,
    "routines": Routine,
    "variants": Variant,
    "items": RoutineItem,
}
_NOUN = {"exercises": "exercise", "routines": "routine"}
# Name comparisons spent on did-you-mean suggestions per file (about 20 µs each).
_HINT_BUDGET = 20_000


class _Source:
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
        return _did_you_mean(word, choices)

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
                    label = ident if isinstance(ident, str) and _SLUG.fullmatch(ident) else (
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


def _parse(path: Path, contents: Mapping[Path, bytes | None] | None = None) -> _Source:
    """Read, decode, parse and validate one file, gathering every problem it has on its own.
    With ``contents``, a file it holds is taken from there (None: the file was missing)
    instead of read again, so what is validated is exactly what the caller already read."""
    src = _Source(path)
    text = _read(src, contents)
    if text is None:
        return src
    src.text = text
    # tomllib recurses once a level and places a long dotted header in quadratic time:
    # a file nested past the limit is refused before it is parsed (or located).
    deep = nesting_problem(text, "toml")
    if deep is not None:
        src.add_whole(deep[1], deep[0])
        return src
    with _gc_paused():
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            line, message = _syntax_problem(str(exc), text)
            src.add_whole(message, line)
            return src
        src.raw = raw
        _validate(src)
    _check_file(src)
    return src


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Parsing builds a large tree of dicts and lists that all survive: cyclic garbage
    collection passes over it are wasted work (a fifth of the time for a big library)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read(src: _Source, contents: Mapping[Path, bytes | None] | None = None) -> str | None:
    path = src.path
    try:
        if contents is not None and path in contents:
            data = contents[path]
            if data is None:
                raise FileNotFoundError(path)
        else:
            # Regular files only, never past the size limit, never waiting on a FIFO.
            data = read_regular(path)
    except FileNotFoundError:
        src.missing = True
        src.add_whole("no such file")
        return None
    except FileProblem as exc:
        src.add_whole(_unreadable(exc.reason))
        return None
    binary_at = _binary_line(data)
    if binary_at is not None:
        src.add_whole("binary data, not a TOML text file", binary_at)
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[start : exc.start].decode("utf-8", "replace")) + 1
        src.add_whole(
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at column {column} cannot be read;"
            " save the file as UTF-8",
            data.count(b"\n", 0, exc.start) + 1,
        )
        return None
    # Editors on Windows like to start a file with a byte-order mark; TOML does not allow it.
    return text.removeprefix("\ufeff")


def _unreadable(reason: str) -> str:
    """What :func:`~coach.files.read_regular` found, said for a library file."""
    if reason.startswith("is a directory"):
        return "is a directory, not a library file"
    if reason.startswith("is "):  # a FIFO, a device, a socket, too large: as said there
        return reason
    return f"cannot read the file: {reason}"


_ODD = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def _binary_line(data: bytes) -> int | None:
    """The line of the first odd byte when the file's start is mostly not text (a stray
    control character in a text file is a TOML error, not a sign of binary data)."""
    head = data[:4096].decode("utf-8", "replace")
    odd = _ODD.findall(head)
    if len(odd) < 4 or len(odd) * 20 < len(head):
        return None
    return head.count("\n", 0, _ODD.search(head).start()) + 1


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


def _syntax_problem(error: str, text: str) -> tuple[int, str]:
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


# --- schema ---------------------------------------------------------------------------------


def _validate(src: _Source) -> None:
    raw = src.raw
    for key in raw:
        if key not in _TABLES:
            src.add((key,), _unknown_key(key, list(_TABLES)))
    for key, model in _TABLES.items():
        tables = raw.get(key, [])
        if not isinstance(tables, list):
            src.add((key,), f"expected an array of tables [[{key}]], got {_kind(tables)}")
            continue
        ids = src.ids[key]
        validated = src.exercises if key == "exercises" else src.routines
        for i, table in enumerate(tables):
            if not isinstance(table, dict):
                src.add((key, i), f"expected a table, got {_kind(table)}")
                continue
            ident = table.get("id")
            if isinstance(ident, str) and _SLUG.fullmatch(ident):
                if ident in ids:
                    src.add(
                        (key, i, "id"),
                        f"duplicate {_NOUN[key]} id '{ident}' (first defined at line"
                        f" {src.line((key, ids[ident], 'id'))})",
                    )
                else:
                    ids[ident] = i
            try:
                validated[i] = model.model_validate(table)
            except ValidationError as exc:
                for error in exc.errors():
                    _schema_problem(src, (key, i), error)
    # A misnamed table is already reported as an unknown key; say "empty" only when it is.
    if all(not value for value in raw.values()):
        src.add_whole(
            "no exercises or routines: a library needs at least one [[exercises]] or"
            " [[routines]] table",
            1,
        )


def _schema_problem(src: _Source, prefix: Key, error: dict[str, Any]) -> None:
    """One pydantic error, reworded for a person editing TOML and placed in the file."""
    loc = prefix + _strip_tags(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        src.add(loc[:-1], f"missing required key '{loc[-1]}'")
    elif kind == "extra_forbidden":
        src.add(loc[:-1], _unknown_field(src, loc), at=loc)
    elif kind == "union_tag_invalid":
        tag = ctx.get("tag")
        shown = repr(tag) if isinstance(tag, str) else tag
        if isinstance(value, dict) and not isinstance(value.get("kind"), str):
            shown = _kind(value.get("kind"))
        src.add(
            loc + ("kind",),
            f"unknown prescription kind {shown}{_did_you_mean(tag, PRESCRIPTION_KINDS)};"
            f" the kinds are {_quoted(PRESCRIPTION_KINDS)}",
        )
    elif kind == "union_tag_not_found":
        src.add(loc, f"missing required key 'kind' (one of {_quoted(PRESCRIPTION_KINDS, 'or')})")
    elif kind == "variant_repeated":
        # Raised for the whole prescription; point at the second mention.
        repeated = ctx.get("v")
        names = value.get("variants", []) if isinstance(value, dict) else []
        where = [j for j, v in enumerate(names) if v == repeated]
        at = loc + ("variants", where[1]) if len(where) > 1 else loc + ("variants",)
        src.add(at, f"variant '{repeated}' is listed twice")
    else:
        # A check across a table's keys says which key it is about (ctx "at").
        at = ctx.get("at")
        src.add(loc + (at,) if isinstance(at, str) else loc,
                _reword(kind, value, ctx, error["msg"]))


def _strip_tags(loc: tuple[str | int, ...]) -> Key:
    """Drop what pydantic adds to a location beyond the keys: the union tag after
    ``prescription`` and validator names such as ``function-plain[...]``."""
    out: list[str | int] = []
    for part in loc:
        if out and out[-1] == "prescription" and part in PRESCRIPTION_KINDS:
            continue
        if isinstance(part, str) and "[" in part and part.endswith("]"):
            continue
        out.append(part)
    return tuple(out)


def _unknown_field(src: _Source, loc: Key) -> str:
    key = str(loc[-1])
    table = loc[:-1]
    if table and table[-1] == "prescription":
        node = _node(src.raw, table)
        kind = node.get("kind") if isinstance(node, dict) else None
        model = _KINDS.get(kind) if isinstance(kind, str) else None
        if model is not None:
            fields = list(model.model_fields)
            owners = [k for k, m in _KINDS.items() if key in m.model_fields]
            if owners and not _did_you_mean(key, fields):
                return (
                    f"unknown key '{key}' for a '{kind}' prescription ('{key}' belongs to"
                    f" {' and '.join(repr(o) for o in owners)})"
                )
            return _unknown_key(key, fields)
        fields = sorted({f for m in _KINDS.values() for f in m.model_fields})
        return _unknown_key(key, fields)
    model = None
    if len(table) >= 2 and isinstance(table[-1], int):
        model = _MODEL_OF_ARRAY.get(str(table[-2]))
    return _unknown_key(key, list(model.model_fields) if model else [])


def _unknown_key(key: str, known: Iterable[str]) -> str:
    return f"unknown key '{key}'{_did_you_mean(key, known)}"


def _did_you_mean(word: object, choices: Iterable[str]) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _quoted(words: Iterable[str], conjunction: str = "and") -> str:
    words = [f"'{w}'" for w in words]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + f" {conjunction} " + words[-1]


def _node(raw: Any, key: Key) -> Any:
    node = raw
    for part in key:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(part, str) and isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


def _kind(value: Any) -> str:
    """What a TOML value is, in the words of someone writing TOML."""
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime.datetime):
        return "a date-time"
    if isinstance(value, datetime.date):
        return "a date"
    if isinstance(value, datetime.time):
        return "a time"
    return type(value).__name__


def _unquote_hint(value: Any, parse: type) -> str:
    """A hint when a number was written in quotes."""
    if isinstance(value, str):
        try:
            parse(value.strip())
        except ValueError:
            return ""
        return f" ({value!r}); write it without quotes"
    return ""


def _reword(kind: str, value: Any, ctx: dict[str, Any], message: str) -> str:
    if kind == "int_type":
        if isinstance(value, float):
            return f"expected a whole number, got a decimal number ({value})"
        return f"expected a whole number, got {_kind(value)}{_unquote_hint(value, int)}"
    if kind in ("float_type", "float_parsing"):
        return f"expected a number, got {_kind(value)}{_unquote_hint(value, float)}"
    if kind == "string_type":
        return f"expected a string (in quotes), got {_kind(value)}"
    if kind == "list_type":
        return f"expected an array [...], got {_kind(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a table, got {_kind(value)}"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        if isinstance(value, str):
            choices = re.findall(r"'([^']*)'", expected)
            return f"must be {expected}, got {value!r}{_did_you_mean(value, choices)}"
        return f"must be {expected}, got {_kind(value)}"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}, got {value}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}, got {value}"
    if kind == "greater_than":
        return f"must be more than {ctx.get('gt')}, got {value}"
    if kind == "less_than":
        return f"must be less than {ctx.get('lt')}, got {value}"
    if kind == "string_too_short":
        least = ctx.get("min_length", 1)
        return "must not be empty" if least == 1 else f"must be at least {least} characters"
    if kind == "string_too_long":
        length = len(value.strip()) if isinstance(value, str) else "more"
        return f"must be at most {ctx.get('max_length')} characters, got {length}"
    if kind == "string_pattern_mismatch":
        slug = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")
        hint = f"; try '{slug}'" if slug and slug != value else ""
        return (
            f"must be a lowercase id such as 'heel-raises' (letters a-z, digits, single"
            f" hyphens), got {value!r}{hint}"
        )
    if kind == "too_short":
        least, got = ctx.get("min_length"), ctx.get("actual_length")
        return f"must hold at least {least} {_entries(least)}, got {got or 'none'}"
    if kind == "too_long":
        most, got = ctx.get("max_length"), ctx.get("actual_length")
        return f"must hold at most {most} {_entries(most)}, got {got}"
    if kind == "span_type":
        if isinstance(value, list):
            return "expected a whole number or a range [low, high] of two whole numbers"
        return (
            f"expected a whole number or a range [low, high], got {_kind(value)}"
            f"{_unquote_hint(value, int)}"
        )
    if kind.startswith("span_") or kind == "control_character":
        # The models' own messages are already written for people.
        return message
    return message[:1].lower() + message[1:]


def _entries(n: object) -> str:
    return "entry" if n == 1 else "entries"


# --- what only shows across tables ---------------------------------------------------------


def _slug(value: Any) -> str | None:
    return value if isinstance(value, str) and _SLUG.fullmatch(value) else None


def _tables(src: _Source, key: str) -> Iterable[tuple[int, dict[str, Any]]]:
    """The file's raw tables under ``key``, with their positions; whatever validated or not,
    so cross-references are checked even in tables with other problems."""
    tables = src.raw.get(key)
    if isinstance(tables, list):
        for i, table in enumerate(tables):
            if isinstance(table, dict):
                yield i, table


def _variant_names(prescription: Any) -> Iterable[tuple[int, str]]:
    """The well-formed variant ids a raw prescription plays, each once (bad ones are schema
    problems, repeats the model's)."""
    names = prescription.get("variants") if isinstance(prescription, dict) else None
    if isinstance(names, list):
        seen: set[str] = set()
        for k, name in enumerate(names):
            if _slug(name) and name not in seen:
                seen.add(name)
                yield k, name


def _check_file(src: _Source) -> None:
    """Inside each exercise: variant ids once each, and the prescription's variants exist."""
    for i, table in _tables(src, "exercises"):
        variants = table.get("variants", [])
        if not isinstance(variants, list):
            continue
        seen: dict[str, int] = {}
        for j, variant in enumerate(variants):
            ident = _slug(variant.get("id")) if isinstance(variant, dict) else None
            if ident is None:
                continue
            if ident in seen:
                first = src.line(("exercises", i, "variants", seen[ident], "id"))
                src.add(
                    ("exercises", i, "variants", j, "id"),
                    f"duplicate variant id '{ident}' (first defined at line {first})",
                )
            else:
                seen[ident] = j
        for k, name in _variant_names(table.get("prescription")):
            if name not in seen:
                src.add(
                    ("exercises", i, "prescription", "variants", k),
                    _no_variant(src, _slug(table.get("id")), name, list(seen)),
                )
    # An exercise's own prescription plays wherever a routine names it without one.
    for i, exercise in src.exercises.items():
        problem = bound_problem(longest_measure(exercise, exercise.prescription), "exercise")
        if problem is not None:
            src.add(("exercises", i, "prescription"), problem)
        sided = side_numbers_problem(exercise, exercise.prescription)
        if sided is not None:
            src.add(("exercises", i, "prescription", sided[0]), sided[1])


def _no_variant(src: _Source, exercise_id: str | None, name: str, have: list[str]) -> str:
    if not have:
        which = "it has no variants"
    elif len(have) <= 10:
        which = f"its variants are {_quoted(have)}"
    else:
        shown = ", ".join(f"'{v}'" for v in have[:10])
        which = f"its variants are {shown} and {len(have) - 10} more"
    who = f"exercise '{exercise_id}'" if exercise_id else "this exercise"
    return f"{who} has no variant '{name}'{src.did_you_mean(name, have)}; {which}"


@dataclass
class _Merged:
    exercises: dict[str, Exercise]
    routines: dict[str, Routine]
    source: dict[tuple[str, str], tuple[_Source, int]]  # (kind, id) -> file and position


def _merge(sources: list[_Source], *, unknown_ok: bool = False) -> _Merged:
    """Lay the files over each other in order and check every routine against the result;
    each problem goes to the file that caused it. ``unknown_ok`` leaves exercises the files
    do not define unreported (a single file checked on its own)."""
    merged = _Merged({}, {}, {})
    known: dict[str, None] = {}  # every exercise id written anywhere, in file order
    for src in sources:
        known.update(dict.fromkeys(src.ids["exercises"]))
        for key, validated, target in (
            ("exercises", src.exercises, merged.exercises),
            ("routines", src.routines, merged.routines),
        ):
            first = src.ids[key]
            for i, model in validated.items():
                if first.get(model.id) != i:
                    continue  # a duplicate id, already reported
                target[model.id] = model  # a replacement keeps the earlier position
                merged.source[(key[:-1], model.id)] = (src, i)
    ids = list(known)
    for rank, src in enumerate(sources):
        for i, table in _tables(src, "routines"):
            routine_id = _slug(table.get("id"))
            winner = merged.source.get(("routine", routine_id)) if routine_id else None
            if winner is not None and winner[0] is not src and rank < sources.index(winner[0]):
                continue  # replaced by a later file: its references no longer matter
            items = table.get("items")
            if not isinstance(items, list):
                continue
            for j, item in enumerate(items):
                if isinstance(item, dict):
                    _check_item(merged, sources, known, ids, src, ("routines", i, "items", j),
                                item, routine_id, unknown_ok)
    for routine_id in merged.routines:
        _check_length(merged, sources, routine_id)
    return merged


def _check_length(merged: _Merged, sources: list[_Source], routine_id: str) -> None:
    """Hold the routine to the timeline's bound, measured, never expanded. The problem goes
    to its biggest item; or, when a later file gave an exercise the routine plays by default
    its prescription, to that file (the routine's own file may be the shipped one)."""
    src, i = merged.source[("routine", routine_id)]
    routine = merged.routines[routine_id]
    sizes: list[Measure] = []
    for item in routine.items:
        exercise = merged.exercises.get(item.exercise)
        if exercise is None:
            return  # an unknown exercise, said already (or left to the merge that knows it)
        sizes.append(longest_measure(exercise, item_prescription(item, exercise)))
    total = sum(sizes, Measure(0, 0))
    problem = bound_problem(total)
    if problem is None:
        return
    by_steps = total.steps > MAX_STEPS

    def biggest(positions: list[int]) -> int:
        return max(positions, key=lambda k: sizes[k].steps if by_steps else sizes[k].seconds)

    rank = sources.index(src)
    later = [j for j, item in enumerate(routine.items) if item.prescription is None
             and sources.index(merged.source[("exercise", item.exercise)][0]) > rank]
    if later:
        j = biggest(later)
        ex_src, ex_i = merged.source[("exercise", routine.items[j].exercise)]
        at: Key = ("routines", i, "items", j)
        ex_src.add(("exercises", ex_i, "prescription"),
                   bound_problem(total, f"routine '{routine_id}' ({src.name}:{src.line(at)},"
                                        " which plays it)") or problem)
        return
    j = biggest(list(range(len(sizes))))
    at = ("routines", i, "items", j)
    src.add(at, problem, at=at + ("prescription",) if routine.items[j].prescription else at)


def _check_item(
    merged: _Merged,
    sources: list[_Source],
    known: dict[str, None],
    ids: list[str],
    src: _Source,
    at: Key,
    item: dict[str, Any],
    routine_id: str | None,
    unknown_ok: bool,
) -> None:
    name = _slug(item.get("exercise"))
    if name is None:
        return  # a schema problem, reported already
    exercise = merged.exercises.get(name)
    if exercise is None:
        if not unknown_ok and name not in known:
            src.add(
                at + ("exercise",),
                f"unknown exercise '{name}'{src.did_you_mean(name, ids)}",
            )
        return  # or known but broken: its own table says what is wrong
    ex_src, ex_i = merged.source[("exercise", name)]
    rx = _prescription_of(item.get("prescription"))
    sided = side_numbers_problem(exercise, rx) if rx is not None else None
    if sided is not None:
        src.add(at + ("prescription", sided[0]), sided[1])
    have = [v.id for v in exercise.variants]
    for k, variant in _variant_names(item.get("prescription")):
        if exercise.variant(variant) is not None:
            continue
        where = at + ("prescription", "variants", k)
        if sources.index(ex_src) <= sources.index(src):
            src.add(where, _no_variant(src, name, variant, have))
        else:
            # A later file replaced the exercise and dropped a variant this routine plays:
            # the later file is what has to change.
            ex_src.add(
                ("exercises", ex_i, "variants"),
                f"no variant '{variant}', which routine '{routine_id}' plays (item"
                f" {at[3] + 1}, {src.name}:{src.line(where)}); keep the variant or replace"
                " that routine too",
                at=("exercises", ex_i),
            )


@functools.cache
def _prescription_adapter() -> TypeAdapter:
    return TypeAdapter(Prescription)


def _prescription_of(raw: Any) -> Hold | Reps | Timed | None:
    """A routine item's prescription as validated, or None (absent, or a schema problem
    reported already)."""
    if not isinstance(raw, dict):
        return None
    try:
        return _prescription_adapter().validate_python(raw)
    except ValidationError:
        return None


def _library(merged: _Merged, problems: list[Problem] | None = None) -> Library:
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
    merged = _merge([src], unknown_ok=True)
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
        merged = _merge([src])
        if src.problems:
            raise LibraryError(src.sorted_problems())
        return _library(merged)
    shipped = _parse(paths.shipped_library(), contents)
    base = _merge([shipped])
    if shipped.problems:
        raise LibraryError(shipped.sorted_problems())
    if user_library is None:
        return _library(base)
    user = _parse(user_library, contents)
    if user.missing:
        return _library(base)
    merged = _merge([shipped, user])
    if user.problems:
        return _library(base, user.sorted_problems())
    return _library(merged)


def validate_paths(paths: list[Path]) -> tuple[Library | None, list[Problem]]:
    """Check files as :func:`load_library` would merge them, in order (later files add to
    and replace earlier ones): the merged library when nothing is wrong, and every problem
    of every file. Never raises."""
    sources = [_parse(Path(p)) for p in paths]
    merged = _merge(sources)
    problems = [p for src in sources for p in src.sorted_problems()]
    return (None if problems else _library(merged)), problems
