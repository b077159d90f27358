"""The history exchange document, ``{"sessions": [...], "checkins": [...], "plans": [...],
"missed_days": [...], "level_choices": [...]}``: what ``coach history export`` writes and
``coach history import`` reads, as JSON or TOML (CSV is written only, and holds the sessions
alone). The plans, answers and choices are :mod:`coach.history.plan_document`'s.

Reading is strict, because an import is data from outside: the file must be a regular file
of at most :data:`coach.limits.MAX_FILE_BYTES`, UTF-8, nested no deeper than
:data:`coach.limits.MAX_NESTING`, and shaped as :class:`HistoryDoc`. The nesting is checked
before a parser written in Python recurses into it (``tomllib``, ``json``, the line finder);
pydantic's own JSON parser needs no check, it stops by itself at about 200 levels, so a big
valid export never pays for one. Every problem is located, ``FILE[:LINE]: key.path:
message``, and said in the words the library uses. Beyond the shape:

- text holds no control characters (a note may hold tab and newline);
- numbers are finite and within documented bounds, so SQLite can store each one:
  seconds (planned, active, paused) at most :data:`MAX_STEP_SECONDS` (a year), reps at most
  :data:`MAX_REPS`, a step's index and item at most :data:`MAX_INDEX`, set and round
  counts from 1 to :data:`MAX_COUNT`, pain (a session's before and after, a step's) 0 to 10;
- a session or a step does not end before it starts;
- a check-in's pain is a whole number from 0 to 10, its note at most :data:`MAX_NOTE`
  characters, and no two check-ins of a document are at the same instant;
- a session's id is a UUID in any spelling (upper case, no hyphens, braces, ``urn:uuid:``)
  and is kept in one form, lower case with hyphens, so every spelling is one session.

Writing the document is :mod:`coach.history.export`'s job.
"""

from __future__ import annotations

import json
import json.decoder
import os
import re
import tomllib
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated, Any, Literal, cast

from pydantic import AfterValidator, BaseModel, Field, ValidationError

from coach.diagnostics import Problem, describe_error
from coach.files import FileProblem, read_regular, reason_of
from coach.history.doc_fields import CLOCK, AwareTime, Line, Lines, Pain, Strict
from coach.history.plan_document import (
    MODELS,
    TIME_KEYS,
    LevelChoiceDoc,
    MissedDayDoc,
    PlanDoc,
    Planning,
    problems_of,
)
from coach.limits import nesting_problem
from coach.safetext import visible
from coach.step_record import StepKind

__all__ = [
    "MAX_COUNT",
    "MAX_INDEX",
    "MAX_NOTE",
    "MAX_REPS",
    "MAX_STEP_SECONDS",
    "SESSION_CSV_FIELDS",
    "SESSION_STATUSES",
    "CheckinDoc",
    "DocumentProblems",
    "HistoryDoc",
    "SessionDoc",
    "StepDoc",
    "canonical_id",
    "parse_document",
    "read_document",
    "read_documents",
]

# What each means, and how a person reads it: coach.outcomes. A file may say ``completed``
# of a session whose every work step was skipped (written before ``skipped`` existed): the
# store keeps it as ``skipped``, by the rule.
SessionStatus = Literal["in_progress", "completed", "skipped", "aborted", "interrupted"]
SESSION_STATUSES: tuple[str, ...] = ("in_progress", "completed", "skipped", "aborted",
                                     "interrupted")

SESSION_CSV_FIELDS = ("session_id", "routine", "routine_name", "session_started_at",
                      "session_ended_at", "session_status", "pain_before", "pain_after",
                      "note")

# Far past any real workout (a step left paused for days still fits), far below what
# SQLite's 64-bit integers and doubles hold.
MAX_STEP_SECONDS = 366 * 24 * 3600
MAX_REPS = 100_000
MAX_INDEX = 1_000_000
MAX_COUNT = 10_000
MAX_NOTE = 400  # characters of a check-in's note, as of a text in the library
SHOWN_INPUT = 60  # characters of a refused value quoted in a message, at most


class DocumentProblems(Exception):
    """A document that cannot be read; ``problems`` says where and why."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# --- the shape ------------------------------------------------------------------------------

def canonical_id(text: str) -> str:
    """The one spelling of a session id: lower case with hyphens. Raises ValueError for
    text that is not a UUID."""
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise ValueError(f"not a uuid: {_shown(text)}") from None


Count = Annotated[int, Field(ge=1, le=MAX_COUNT)]
Index = Annotated[int, Field(ge=0, le=MAX_INDEX)]
Seconds = Annotated[float, Field(ge=0, le=MAX_STEP_SECONDS, allow_inf_nan=False)]


class StepDoc(Strict):
    """One step result; the keys of ``StepResult.to_dict()``, times as aware ISO 8601 text.
    Keys that are ``None`` may be left out (TOML has no null)."""

    step_index: Index | None = None  # None: its position in the list
    item: Index | None = None
    exercise: Line
    kind: StepKind
    side: Literal["left", "right"] | None = None
    set: Count
    sets: Count | None = None
    round: Count
    rounds: Count | None = None
    variant: Line | None = None
    planned_seconds: Seconds | None = None  # None: self-paced reps
    actual_seconds: Seconds
    paused_seconds: Seconds = 0.0
    reps: Annotated[int, Field(ge=0, le=MAX_REPS)] | None = None
    started_at: AwareTime
    ended_at: AwareTime
    status: Literal["done", "skipped"]
    pain: Pain | None = None  # noted during the step; older exports have none


class SessionDoc(Strict):
    id: Annotated[str, AfterValidator(canonical_id)]
    routine: Annotated[Line, Field(min_length=1)]
    routine_name: Line
    started_at: AwareTime
    ended_at: AwareTime | None = None
    status: SessionStatus
    pain_before: Pain | None = None
    pain_after: Pain | None = None
    note: Lines | None = None
    active_seconds: Annotated[float, Field(allow_inf_nan=False)] | None = None  # ignored
    steps: list[StepDoc] = []


class CheckinDoc(Strict):
    """Pain said on a morning (``coach checkin``, or the question on the first start of a day
    after a session)."""

    at: AwareTime
    pain: Pain
    note: Annotated[Lines, Field(max_length=MAX_NOTE)] | None = None


class HistoryDoc(Strict):
    sessions: list[SessionDoc]
    # None of these in an export of a coach before them
    checkins: list[CheckinDoc] = []
    plans: list[PlanDoc] = []
    missed_days: list[MissedDayDoc] = []
    level_choices: list[LevelChoiceDoc] = []


# --- reading --------------------------------------------------------------------------------

def read_document(path: str | os.PathLike[str]) -> HistoryDoc:
    """The document in the .json or .toml file at ``path``; raises
    :class:`DocumentProblems` listing every problem found."""
    path = Path(path)
    name = str(path)
    kind = path.suffix.lower()
    if kind not in (".json", ".toml"):
        raise DocumentProblems([Problem(name, None, "",
                                        f"cannot import '{kind}' files, use .json or .toml")])
    try:
        data = read_regular(path)
    except FileNotFoundError as exc:
        raise DocumentProblems([Problem(name, None, "", f"cannot be read: {reason_of(exc)}")
                                ]) from None
    except FileProblem as exc:
        # "is a FIFO, not a regular file", "is larger than ...": said as it is
        said = exc.reason if exc.reason.startswith("is ") else f"cannot be read: {exc.reason}"
        raise DocumentProblems([Problem(name, None, "", said)]) from None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DocumentProblems([Problem(name, line, "", "is not UTF-8 text")]) from None
    return parse_document(name, text, kind.lstrip("."))


def read_documents(paths: Iterable[str | os.PathLike[str]]) -> tuple[HistoryDoc, list[Problem]]:
    """The documents at ``paths`` as one, each entry once (of a session or a check-in found
    in two files, the first; of plans and answers, the last set, see
    :class:`~coach.history.plan_document.Planning`), and every problem of every file."""
    found: list[Problem] = []
    sessions: dict[str, SessionDoc] = {}
    checkins: dict[datetime, CheckinDoc] = {}
    planning = Planning()
    for path in paths:
        try:
            doc = read_document(path)
        except DocumentProblems as e:
            found += e.problems
            continue
        for s in doc.sessions:
            sessions.setdefault(s.id, s)
        for checkin in doc.checkins:
            checkins.setdefault(datetime.fromisoformat(checkin.at), checkin)
        planning.add(doc.plans, doc.missed_days, doc.level_choices)
    whole = HistoryDoc.model_construct(
        sessions=list(sessions.values()), checkins=list(checkins.values()),
        plans=planning.plans, missed_days=planning.missed_days,
        level_choices=planning.level_choices)
    return whole, found


def parse_document(name: str, text: str, kind: str) -> HistoryDoc:
    """The document in ``text`` (``kind`` "json" or "toml"); ``name`` is the file it is
    said to come from."""
    lines: dict[tuple[str | int, ...], int] | None = None  # JSON: found only if something is wrong
    if kind == "toml":
        _check_nesting(name, text, "toml")  # tomllib recurses once a level
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            m = re.search(r"\(at line (\d+), column \d+\)", str(e))
            message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(e))
            raise DocumentProblems([Problem(name, int(m.group(1)) if m else None, "",
                                            message)]) from None
        lines = _toml_lines(text)
        text = json.dumps(data, default=_json_default)
    return _validate(name, text, lines)


def _json_default(value: Any) -> str:
    # TOML's native dates and times, for TOML written by hand
    if isinstance(value, date | time):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON data")


def _validate(name: str, text: str, lines: dict[tuple[str | int, ...], int] | None) -> HistoryDoc:
    """The document in ``text`` (JSON); ``lines`` maps paths to lines of the file as
    written, None when that is ``text`` itself."""
    def line_of(loc: tuple[str | int, ...]) -> int | None:
        nonlocal lines
        if lines is None:
            _check_nesting(name, text, "json")  # _json_lines recurses once a level
            lines = _json_lines(text)
        for end in range(len(loc), 0, -1):
            if loc[:end] in lines:
                return lines[loc[:end]]
        return None

    def problem(loc: tuple[str | int, ...], message: str) -> Problem:
        return Problem(name, line_of(loc), _loc_text(_said_loc(loc)), message)

    try:
        doc = HistoryDoc.model_validate_json(text)
    except ValidationError as e:
        errors = e.errors()
        if any(err["type"] == "json_invalid" for err in errors):
            _check_nesting(name, text, "json")  # pydantic stops at ~200 levels; json does not
            try:  # the standard parser says on which line
                json.loads(text)
            except json.JSONDecodeError as je:
                raise DocumentProblems([Problem(name, je.lineno, "", je.msg)]) from None
        raise DocumentProblems([problem(tuple(err["loc"]), _say(err))
                                for err in errors]) from None
    seen: dict[str, int] = {}
    problems = []
    for i, s in enumerate(doc.sessions):
        if s.id in seen:
            problems.append(problem(("sessions", i, "id"),
                                    f"the same id as sessions[{seen[s.id]}]"))
        seen.setdefault(s.id, i)
        if s.ended_at is not None and _ends_first(s.started_at, s.ended_at):
            problems.append(problem(("sessions", i, "ended_at"),
                                    f"{s.ended_at!r} is before started_at {s.started_at!r}"))
        for j, step in enumerate(s.steps):
            if _ends_first(step.started_at, step.ended_at):
                problems.append(problem(("sessions", i, "steps", j, "ended_at"),
                                        f"{step.ended_at!r} is before started_at "
                                        f"{step.started_at!r}"))
    instants: dict[datetime, int] = {}
    for i, checkin in enumerate(doc.checkins):
        at = datetime.fromisoformat(checkin.at)  # one instant, whatever the offset
        if at in instants:
            problems.append(problem(("checkins", i, "at"),
                                    f"the same time as checkins[{instants[at]}]"))
        instants.setdefault(at, i)
    problems += [problem(loc, message) for loc, message in
                 problems_of(doc.plans, doc.missed_days, doc.level_choices)]
    if problems:
        raise DocumentProblems(problems)
    return doc


def _check_nesting(name: str, text: str, kind: str) -> None:
    deep = nesting_problem(text, kind)
    if deep is not None:
        raise DocumentProblems([Problem(name, deep[0], "", deep[1])])


def _ends_first(started: str, ended: str) -> bool:
    return datetime.fromisoformat(ended) < datetime.fromisoformat(started)


def _shown(value: Any) -> str:
    """A refused value as quoted in a message: its repr (control characters escaped), cut
    short, so a megabyte of junk is not a megabyte of message."""
    text = repr(value)
    return text if len(text) <= SHOWN_INPUT else text[:SHOWN_INPUT - 1] + "…"


def _say(err: Any) -> str:
    """A pydantic error about the document in words."""
    kind = err["type"]
    given = err.get("input")
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind == "string_pattern_mismatch" and err["loc"][-1] == "day":
        return f"expected a day written YYYY-MM-DD, got {_shown(given)}"
    if kind == "string_pattern_mismatch" and err["loc"][-1] in ("started_at", "ended_at", "at",
                                                                *TIME_KEYS):
        if re.fullmatch(CLOCK, given):
            return f"time {_shown(given)} has no UTC offset (add one, e.g. +01:00 or Z)"
        return ("expected an ISO 8601 time with a UTC offset like "
                f"'2026-11-23T09:00:05.000+01:00', got {_shown(given)}")
    if kind == "finite_number":
        return f"must be a finite number, got {_shown(given)}"
    if kind in _QUOTES_INPUT:
        ctx = {k: int(v) if isinstance(v, float) and v.is_integer() else v
               for k, v in (err.get("ctx") or {}).items()}  # "at most 31622400", not ".0"
        err = {**err, "input": _Shown(_shown(given)), "ctx": ctx}
    return describe_error({**err, "loc": _said_loc(tuple(err["loc"]))},
                          _fields_at(tuple(err["loc"])))


def _said_loc(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """A path as said in a message: a key from the file (an unknown one may hold anything)
    with its control characters made visible and cut short."""
    return tuple(part if isinstance(part, int) else
                 (shown if len(shown := visible(str(part))) <= SHOWN_INPUT
                  else shown[:SHOWN_INPUT - 1] + "…")
                 for part in loc)


# The errors whose words quote the value given: quoted cut short.
_QUOTES_INPUT = {"less_than_equal", "greater_than_equal", "less_than", "greater_than",
                 "literal_error"}


class _Shown(str):
    """Text that reprs as itself: a value already cut short for a message."""

    def __repr__(self) -> str:
        return str(self)


def _fields_at(loc: tuple[str | int, ...]) -> tuple[str, ...]:
    """The keys allowed where an unknown key was found, for 'did you mean'."""
    model: type[BaseModel] = HistoryDoc
    nested: dict[str, type[BaseModel]] = {"sessions": SessionDoc, "steps": StepDoc,
                                          "checkins": CheckinDoc, **MODELS}
    for part in loc[:-1]:
        model = nested.get(str(part), model)
    return tuple(model.model_fields)


# --- lines of a problem ---------------------------------------------------------------------

def _loc_text(loc: Sequence[str | int]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _toml_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """Line of each ``[[sessions]]`` / ``[[sessions.steps]]`` table, of each other list of
    tables at the top (``[[checkins]]``, ``[[plans]]``...), and of each key in them, keyed
    by the path pydantic reports; enough to put a line on most schema problems."""
    lines: dict[tuple[str | int, ...], int] = {}
    where: tuple[str | int, ...] = ()
    session = step = -1
    counts: dict[str, int] = {}
    header = re.compile(r"\s*\[\[\s*(?:sessions(\s*\.\s*steps)?|([A-Za-z_]+))\s*\]\]")
    key = re.compile(r"""\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")
    for number, line in enumerate(text.splitlines(), 1):
        if m := header.match(line):
            if m.group(2):
                counts[m.group(2)] = counts.get(m.group(2), -1) + 1
                where = (m.group(2), counts[m.group(2)])
            elif m.group(1):
                step += 1
                where = ("sessions", session, "steps", step)
            else:
                session, step = session + 1, -1
                where = ("sessions", session)
            lines.setdefault(where, number)
        elif where and (m := key.match(line)):
            lines.setdefault(where + (m.group(1) or m.group(2) or m.group(3),), number)
    return lines


_JSON_SCALAR = re.compile(r"[^,\]}\s]+")
_JSON_SPACE = re.compile(r"\s*")


def _end(pattern: re.Pattern[str], text: str, i: int) -> int:
    """Where ``pattern`` matched at ``i`` ends (``text`` parsed as JSON: it matches)."""
    found = pattern.match(text, i)
    if found is None:
        raise ValueError(f"unexpected JSON at {i}")
    return found.end()


def _json_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """Line of every value of a JSON document (keys: paths of object keys and list indexes,
    as pydantic reports them). Only read when something is wrong, so a big import that is
    fine never pays for it; ``text`` must parse, nested no deeper than the limit (this
    recurses once a level)."""
    from bisect import bisect_right

    # json's own string scanner (C), which typeshed does not list
    scanstring = cast("Callable[[str, int], tuple[str, int]]", vars(json.decoder)["scanstring"])

    breaks = [m.end() for m in re.finditer("\n", text)]
    lines: dict[tuple[str | int, ...], int] = {}

    def space(i: int) -> int:
        return _end(_JSON_SPACE, text, i)

    def value(i: int, path: tuple[str | int, ...]) -> int:
        """Index just after the value starting at or after ``i``."""
        i = space(i)
        lines.setdefault(path, bisect_right(breaks, i) + 1)
        opener = text[i]
        if opener == '"':
            return scanstring(text, i + 1)[1]
        if opener not in "[{":
            return _end(_JSON_SCALAR, text, i)
        closer, n, i = ("]" if opener == "[" else "}"), 0, space(i + 1)
        while text[i] != closer:
            if opener == "{":
                key, i = scanstring(text, i + 1)
                i = value(space(i) + 1, path + (key,))  # past the ':'
            else:
                i = value(i, path + (n,))
                n += 1
            i = space(i)
            if text[i] == ",":
                i = space(i + 1)
        return i + 1

    value(0, ())
    return lines
