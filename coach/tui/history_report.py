"""The history pane's report (``R``): the HTML report of the whole history written to the
``reports`` folder beside the history file (the data directory), and the message that says
where, or why not.

There rather than the current directory: the app is often started from a launcher or a
shortcut, where the current directory is nobody's choice (often the home folder or ``/``),
while the data directory is always coach's own and writable; the notice gives the full
path. A report of the same day replaces the one before in that folder (it is coach's own);
``coach report FILE`` writes anywhere else.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from coach.config import Settings
    from coach.history import HistoryStore
    from coach.library import Library

__all__ = ["REPORTS", "ReportWritten", "report_path", "write_pane_report"]

REPORTS = "reports"


class ReportWritten(Message, bubble=False):
    """The report was written (``ok``) or not; ``text`` says where, or why not."""

    def __init__(self, text: str, ok: bool) -> None:
        super().__init__()
        self.text = text
        self.ok = ok


def report_path(store: HistoryStore, today: date) -> Path:
    """Where the pane writes the report of ``today``."""
    from coach.report.writing import default_name

    return store.path.parent / REPORTS / default_name(today)


def write_pane_report(store: HistoryStore, library: Library, settings: Settings,
                      today: date) -> ReportWritten:
    """Write the report of the whole history through ``today``; never raises for a
    problem a person can meet (an empty history, a folder that cannot be written)."""
    from coach.files import FileProblem
    from coach.history import HistoryError
    from coach.report import NothingToReport
    from coach.report.writing import write_report

    path = report_path(store, today)
    now = datetime.combine(today, datetime.now().time()).astimezone()
    try:
        report = write_report(store, library, settings, path, replace=True, now=now,
                              make_parents=True)
    except NothingToReport:
        return ReportWritten("Nothing to report yet: no session has been played to an end "
                             "and no check-in said.", False)
    except (FileProblem, HistoryError, OSError) as exc:
        return ReportWritten(f"The report was not written: {exc}", False)
    return ReportWritten(f"Report of {report.sessions} sessions written to {path}", True)
