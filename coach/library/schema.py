"""The schema of a library file, table by table, and what only shows across one file's
tables: every problem placed on its line.

Each ``[[exercises]]`` and ``[[routines]]`` table is validated against :mod:`coach.models`
on its own, so one broken table does not hide the others; pydantic's errors are worded by
:func:`coach.diagnostics.describe_error` and placed here (a missing key at its table, an
unknown key with what the table allows, a prescription's kind with the kinds there are).
Then, inside each exercise: variant ids once each, the prescription's variants existing,
its timeline within the bound, and per-side numbers fitting its sides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from coach.diagnostics import describe_error, did_you_mean
from coach.diagnostics.toml_locator import Key
from coach.diagnostics.validation import kind_of, quoted, unknown_key
from coach.library.sources import Source
from coach.models import (
    PRESCRIPTION_KINDS,
    Exercise,
    Hold,
    Reps,
    Routine,
    RoutineItem,
    Timed,
    Variant,
    side_numbers_problem,
)
from coach.routine_names import is_slug
from coach.timeline import bound_problem, longest_measure

__all__ = ["check_exercises", "check_schema", "no_variant", "raw_tables", "slug", "variant_names"]

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


def check_schema(src: Source) -> None:
    raw = src.raw
    for key in raw:
        if key not in _TABLES:
            src.add((key,), unknown_key(key, list(_TABLES)))
    for key, model in _TABLES.items():
        tables = raw.get(key, [])
        if not isinstance(tables, list):
            src.add((key,), f"expected an array of tables [[{key}]], got {kind_of(tables)}")
            continue
        ids = src.ids[key]
        for i, table in enumerate(tables):
            if not isinstance(table, dict):
                src.add((key, i), f"expected a table, got {kind_of(table)}")
                continue
            ident = table.get("id")
            if is_slug(ident):
                if ident in ids:
                    src.add(
                        (key, i, "id"),
                        f"duplicate {_NOUN[key]} id '{ident}' (first defined at line"
                        f" {src.line((key, ids[ident], 'id'))})",
                    )
                else:
                    ids[ident] = i
            try:
                if model is Exercise:
                    src.exercises[i] = Exercise.model_validate(table)
                else:
                    src.routines[i] = Routine.model_validate(table)
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


def _schema_problem(src: Source, prefix: Key, error: Mapping[str, Any]) -> None:
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
            shown = kind_of(value.get("kind"))
        src.add(
            loc + ("kind",),
            f"unknown prescription kind {shown}{did_you_mean(tag, PRESCRIPTION_KINDS)};"
            f" the kinds are {quoted(PRESCRIPTION_KINDS)}",
        )
    elif kind == "union_tag_not_found":
        src.add(loc, f"missing required key 'kind' (one of {quoted(PRESCRIPTION_KINDS, 'or')})")
    elif kind == "variant_repeated":
        # Raised for the whole prescription; point at the second mention.
        repeated = ctx.get("v")
        names = value.get("variants", []) if isinstance(value, dict) else []
        where = [j for j, v in enumerate(names) if v == repeated]
        at = loc + ("variants", where[1]) if len(where) > 1 else loc + ("variants",)
        src.add(at, f"variant '{repeated}' is listed twice")
    else:
        # A check across a table's keys says which key it is about (ctx "at").
        about = ctx.get("at")
        src.add(loc + (about,) if isinstance(about, str) else loc, describe_error(error))


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


def _unknown_field(src: Source, loc: Key) -> str:
    key = str(loc[-1])
    table = loc[:-1]
    if table and table[-1] == "prescription":
        node = _node(src.raw, table)
        kind = node.get("kind") if isinstance(node, dict) else None
        model = _KINDS.get(kind) if isinstance(kind, str) else None
        if model is not None:
            fields = list(model.model_fields)
            owners = [k for k, m in _KINDS.items() if key in m.model_fields]
            if owners and not did_you_mean(key, fields):
                return (
                    f"unknown key '{key}' for a '{kind}' prescription ('{key}' belongs to"
                    f" {' and '.join(repr(o) for o in owners)})"
                )
            return unknown_key(key, fields)
        fields = sorted({f for m in _KINDS.values() for f in m.model_fields})
        return unknown_key(key, fields)
    model = None
    if len(table) >= 2 and isinstance(table[-1], int):
        model = _MODEL_OF_ARRAY.get(str(table[-2]))
    return unknown_key(key, list(model.model_fields) if model else [])




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



def slug(value: Any) -> str | None:
    return value if is_slug(value) else None


def raw_tables(src: Source, key: str) -> Iterable[tuple[int, dict[str, Any]]]:
    """The file's raw tables under ``key``, with their positions; whatever validated or not,
    so cross-references are checked even in tables with other problems."""
    tables = src.raw.get(key)
    if isinstance(tables, list):
        for i, table in enumerate(tables):
            if isinstance(table, dict):
                yield i, table


def variant_names(prescription: Any) -> Iterable[tuple[int, str]]:
    """The well-formed variant ids a raw prescription plays, each once (bad ones are schema
    problems, repeats the model's)."""
    names = prescription.get("variants") if isinstance(prescription, dict) else None
    if isinstance(names, list):
        seen: set[str] = set()
        for k, name in enumerate(names):
            if slug(name) and name not in seen:
                seen.add(name)
                yield k, name


def check_exercises(src: Source) -> None:
    """Inside each exercise: variant ids once each, and the prescription's variants exist."""
    for i, table in raw_tables(src, "exercises"):
        variants = table.get("variants", [])
        if not isinstance(variants, list):
            continue
        seen: dict[str, int] = {}
        for j, variant in enumerate(variants):
            ident = slug(variant.get("id")) if isinstance(variant, dict) else None
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
        for k, name in variant_names(table.get("prescription")):
            if name not in seen:
                src.add(
                    ("exercises", i, "prescription", "variants", k),
                    no_variant(src, slug(table.get("id")), name, list(seen)),
                )
    # An exercise's own prescription plays wherever a routine names it without one.
    for i, exercise in src.exercises.items():
        problem = bound_problem(longest_measure(exercise, exercise.prescription), "exercise")
        if problem is not None:
            src.add(("exercises", i, "prescription"), problem)
        sided = side_numbers_problem(exercise, exercise.prescription)
        if sided is not None:
            src.add(("exercises", i, "prescription", sided[0]), sided[1])


def no_variant(src: Source, exercise_id: str | None, name: str, have: list[str]) -> str:
    if not have:
        which = "it has no variants"
    elif len(have) <= 10:
        which = f"its variants are {quoted(have)}"
    else:
        shown = ", ".join(f"'{v}'" for v in have[:10])
        which = f"its variants are {shown} and {len(have) - 10} more"
    who = f"exercise '{exercise_id}'" if exercise_id else "this exercise"
    return f"{who} has no variant '{name}'{src.did_you_mean(name, have)}; {which}"

