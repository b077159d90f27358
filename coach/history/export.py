"""Writing the history exchange document (see :mod:`coach.history.document`): JSON a session
or a step to a line, TOML, and CSV a step to a row (with its session's fields, note
included); and the export files themselves, written atomically with
:func:`coach.files.write_file`.

What a terminal would act on is escaped: JSON has every control character, C1 included, as
a ``\\u`` escape (``json`` itself leaves DEL and C1 raw), so ``cat``-ing an export or
printing ``--json`` is harmless and the data stays exact. An export that coach could not
read back from one file (over :data:`coach.limits.MAX_FILE_BYTES`) is written one file a
year, or a month where a year is still too big (:func:`export_parts`), each of which imports;
the check-ins, plans, missed-day answers and level choices (small: one a day at most) go whole
into the first. CSV holds the sessions' steps only.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from coach.files import TargetExists, write_file
from coach.history.document import SESSION_CSV_FIELDS
from coach.limits import MAX_FILE_BYTES
from coach.safetext import json_text
from coach.step_record import STEP_FIELDS

__all__ = [
    "BESIDE_SESSIONS",
    "csv_file_text",
    "export_parts",
    "json_file_text",
    "toml_text",
    "write_csv",
    "write_export",
    "write_json",
]


# The document's lists besides the sessions, small (a check-in a day at most): whole in an
# export's first file.
BESIDE_SESSIONS = ("checkins", "plans", "missed_days", "level_choices")


def write_export(doc: dict[str, Any], path: Path, *,
                 replace: bool = False) -> list[tuple[Path, int]]:
    """Write ``doc`` to ``path`` as .json, .toml (None keys left out) or .csv (one row per
    step; a session without steps gets one row with empty step columns), atomically
    (:func:`coach.files.write_file`); a document larger than coach imports from one file
    goes to one .json or .toml file a year (see :func:`export_parts`). An existing file is
    replaced only with ``replace``, and never a symlink, device or FIFO; a missing directory
    is not made. Raises :class:`coach.files.FileProblem` naming the file. Returns each file
    written with the number of sessions in it."""
    parts = export_parts(doc, path)
    if not replace:  # all refused before any is written, not half an export
        for part, _, _ in parts:
            if os.path.lexists(part):
                raise TargetExists(part, "already exists")
    for part, text, _ in parts:
        write_file(part, text, replace=replace, make_parents=False)
    return [(part, n) for part, _, n in parts]


def write_json(doc: dict[str, Any], f: TextIO) -> None:
    """A session's fields on a line, then each of its steps on a line of its own: easy to
    read and to diff, and written by json's C encoder (``indent=`` makes json fall back
    to pure Python, five times slower on ten years of history)."""
    f.write('{"sessions": [')
    for i, s in enumerate(doc["sessions"]):
        head = json_text({k: v for k, v in s.items() if k != "steps"})
        f.write(f'{"," if i else ""}\n  {head[:-1]}, "steps": [')
        for j, step in enumerate(s["steps"]):
            f.write(f'{"," if j else ""}\n    {json_text(step)}')
        f.write("\n  ]}" if s["steps"] else "]}")
    # Then the check-ins, plans, answers and level choices, one a line.
    for key in BESIDE_SESSIONS:
        entries = doc.get(key, [])
        f.write(f'\n], "{key}": [' if key == BESIDE_SESSIONS[0] else f'], "{key}": [')
        f.write(",".join(f"\n  {json_text(e)}" for e in entries))
        if entries:
            f.write("\n")
    f.write("]}\n")


def write_csv(doc: dict[str, Any], f: TextIO,
              cell: Callable[[str], str] | None = None) -> None:
    """One row per step, the session's fields repeated; a session without steps gets one
    row with empty step columns. ``cell`` turns each text cell into what is written."""
    out = csv.writer(f)
    out.writerow(SESSION_CSV_FIELDS + STEP_FIELDS)
    for s in doc["sessions"]:
        head = [s["id"], s["routine"], s["routine_name"], s["started_at"], s["ended_at"],
                s["status"], s["pain_before"], s["pain_after"], s["note"]]
        for step in s["steps"] or [{}]:
            row = ["" if v is None else v
                   for v in head + [step.get(k) for k in STEP_FIELDS]]
            out.writerow(row if cell is None else
                         [cell(v) if isinstance(v, str) else v for v in row])


def json_file_text(doc: dict[str, Any]) -> str:
    out = io.StringIO()
    write_json(doc, out)
    return out.getvalue()


def csv_file_text(doc: dict[str, Any]) -> str:
    out = io.StringIO(newline="")
    write_csv(doc, out)
    return out.getvalue()


_PERIOD = re.compile(r"\d{4}-\d\d")


def export_parts(doc: dict[str, Any], path: Path,
                 limit: int | None = None) -> list[tuple[Path, str, int]]:
    """The files that hold ``doc`` exported to ``path``, as (path, text, sessions). One file,
    unless a .json or .toml export would be larger than coach imports from one file
    (``limit``): then one a year, ``NAME-YYYY.json``, and for a year still too large one a
    month, ``NAME-YYYY-MM.json``, so every part imports. Sessions keep their order."""
    limit = MAX_FILE_BYTES if limit is None else limit
    kind = path.suffix.lower()
    if kind == ".csv":  # read by spreadsheets, not by coach: one file
        return [(path, csv_file_text(doc), len(doc["sessions"]))]
    render = json_file_text if kind == ".json" else toml_text
    whole = render(doc)
    if len(whole.encode("utf-8")) <= limit:
        return [(path, whole, len(doc["sessions"]))]
    parts: list[tuple[Path, str, int]] = []
    beside = {key: doc.get(key, []) for key in BESIDE_SESSIONS}

    def part(sessions: list[dict[str, Any]]) -> str:
        return render({"sessions": sessions,
                       **{key: [] if parts else entries for key, entries in beside.items()}})

    for year, sessions in _by_period(doc["sessions"], 4).items():
        text = part(sessions)
        if len(text.encode("utf-8")) > limit and year != "undated":
            for month, in_month in _by_period(sessions, 7).items():
                parts.append((_part(path, month), part(in_month), len(in_month)))
        else:
            parts.append((_part(path, year), text, len(sessions)))
    return parts


def _by_period(sessions: list[dict[str, Any]], width: int) -> dict[str, list[dict[str, Any]]]:
    """Sessions by the first ``width`` characters of their start (``YYYY`` or ``YYYY-MM``);
    a start that is no date (a hand edit) under "undated"."""
    periods: dict[str, list[dict[str, Any]]] = {}
    for s in sessions:
        start = s.get("started_at")
        key = start[:width] if isinstance(start, str) and _PERIOD.match(start) else "undated"
        periods.setdefault(key, []).append(s)
    return periods


def _part(path: Path, period: str) -> Path:
    return path.with_name(f"{path.stem}-{period}{path.suffix}")


def toml_text(doc: dict[str, Any]) -> str:
    """The document as TOML; keys that are None are left out (TOML has no null)."""
    import tomli_w

    return tomli_w.dumps(_without_none(doc))


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value
