"""Laying library files over each other, and what only shows across them.

The files merge in order: a later file adds exercises and routines or replaces them by id
(a replacement keeps the earlier position). Every routine is then checked against the
result, and each problem goes to the file that caused it: a routine naming an exercise no
file defines, or a variant its exercise lacks, or playing longer than the timeline's bound
(measured by :func:`coach.timeline.longest_measure`, never expanded). A routine a later
file replaced is skipped: its references no longer matter.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError

from coach.diagnostics.toml_locator import Key
from coach.library.schema import no_variant, raw_tables, slug, variant_names
from coach.library.sources import Source
from coach.limits import MAX_STEPS
from coach.models import Exercise, Hold, Prescription, Reps, Routine, Timed, side_numbers_problem
from coach.timeline import Measure, bound_problem, item_prescription, longest_measure

__all__ = ["Merged", "merge"]


@dataclass
class Merged:
    exercises: dict[str, Exercise]
    routines: dict[str, Routine]
    source: dict[tuple[str, str], tuple[Source, int]]  # (kind, id) -> file and position


def merge(sources: list[Source], *, unknown_ok: bool = False) -> Merged:
    """Lay the files over each other in order and check every routine against the result;
    each problem goes to the file that caused it. ``unknown_ok`` leaves exercises the files
    do not define unreported (a single file checked on its own)."""
    merged = Merged({}, {}, {})
    known: dict[str, None] = {}  # every exercise id written anywhere, in file order
    for src in sources:
        known.update(dict.fromkeys(src.ids["exercises"]))
        # A table whose id came earlier in its file is a duplicate, reported already; a
        # replacement from a later file keeps the earlier position.
        for i, exercise in src.exercises.items():
            if src.ids["exercises"].get(exercise.id) == i:
                merged.exercises[exercise.id] = exercise
                merged.source[("exercise", exercise.id)] = (src, i)
        for i, routine in src.routines.items():
            if src.ids["routines"].get(routine.id) == i:
                merged.routines[routine.id] = routine
                merged.source[("routine", routine.id)] = (src, i)
    ids = list(known)
    for rank, src in enumerate(sources):
        for i, table in raw_tables(src, "routines"):
            routine_id = slug(table.get("id"))
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


def _check_length(merged: Merged, sources: list[Source], routine_id: str) -> None:
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
    merged: Merged,
    sources: list[Source],
    known: dict[str, None],
    ids: list[str],
    src: Source,
    at: Key,
    item: dict[str, Any],
    routine_id: str | None,
    unknown_ok: bool,
) -> None:
    name = slug(item.get("exercise"))
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
    for k, variant in variant_names(item.get("prescription")):
        if exercise.variant(variant) is not None:
            continue
        where = at + ("prescription", "variants", k)
        if sources.index(ex_src) <= sources.index(src):
            src.add(where, no_variant(src, name, variant, have))
        else:
            # A later file replaced the exercise and dropped a variant this routine plays:
            # the later file is what has to change.
            ex_src.add(
                ("exercises", ex_i, "variants"),
                f"no variant '{variant}', which routine '{routine_id}' plays (item"
                f" {int(at[3]) + 1}, {src.name}:{src.line(where)}); keep the variant or replace"
                " that routine too",
                at=("exercises", ex_i),
            )


@functools.cache
def _prescription_adapter() -> TypeAdapter[Hold | Reps | Timed]:
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
