"""Writing a report to a file: the form by the file's extension (``.html`` or ``.md``), the
facts gathered once, the file written atomically (:func:`coach.files.write_file`), never
over an existing one unless asked. Shared by ``coach report`` and the history pane."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coach.config import Settings
from coach.files import write_file
from coach.report.facts import Report, gather

if TYPE_CHECKING:
    from coach.history import HistoryStore
    from coach.library import Library

__all__ = ["KINDS", "default_name", "kind_problem", "render", "write_report"]

KINDS = (".html", ".md")


def kind_problem(path: Path) -> str | None:
    """Why ``path``'s extension is not a report's, or None."""
    kind = path.suffix.lower()
    if kind in KINDS:
        return None
    what = f"'{kind}' files" if kind else "a file without an extension"
    return f"{path}: cannot write a report to {what}; use .html or .md"


def render(report: Report, kind: str) -> str:
    """The report as ``kind`` (``.html`` or ``.md``)."""
    if kind == ".md":
        from coach.report.markdown import document

        return document(report)
    from coach.report.html import page

    return page(report)


def default_name(day: date) -> str:
    """The name the history pane gives a report written on ``day``."""
    return f"coach-report-{day:%Y-%m-%d}.html"


def write_report(store: HistoryStore, library: Library, settings: Settings,
                 path: str | os.PathLike[str], *, replace: bool = False,
                 since: date | None = None, routine: str | None = None,
                 now: datetime | None = None, make_parents: bool = False) -> Report:
    """Gather the report and write it to ``path`` in the form its extension says. Raises
    :class:`~coach.report.NothingToReport` (nothing written),
    :class:`~coach.files.TargetExists` or :class:`~coach.files.FileProblem`, and ValueError
    for an extension that is not a report's."""
    target = Path(path)
    problem = kind_problem(target)
    if problem is not None:
        raise ValueError(problem)
    report = gather(store, library, settings, since=since, routine=routine, now=now)
    write_file(target, render(report, target.suffix.lower()), replace=replace,
               make_parents=make_parents)
    return report
