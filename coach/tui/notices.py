"""The picker's lasting notices, as text: problems found in the person's files on start, and
an interrupted session to resume. They stay on the notice line above the routines for as
long as they hold (a toast says the same problems when they are found, and goes). And
whether the first-run safety note is to be shown (until its marker file is written).

Problems are shown as :class:`~coach.diagnostics.Problem` says them (``FILE:LINE: key: message``),
at most :data:`SHOWN` of a kind, then how many more and the command that lists them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text

from coach.tui.text import literal

if TYPE_CHECKING:
    from coach.diagnostics import Problem
    from coach.paths import Locations
    from coach.recent import Interrupted

SHOWN = 3  # problems of one kind on the notice line; the rest are counted

SETTINGS_TITLE = "Settings have problems; the defaults are used"
LIBRARY_TITLE = "Your library was set aside"


def problems_notice(title: str, problems: Sequence[Problem], lists_all: str) -> Text | None:
    """``title``, then the first problems one a line; ``lists_all`` names the command that
    prints every one. None when there are none."""
    if not problems:
        return None
    text = Text(f"{title}:", style="bold")
    for problem in problems[:SHOWN]:
        text.append("\n")
        text.append(literal(f"  {problem}"))
    if len(problems) > SHOWN:
        text.append(f"\n  ... and {len(problems) - SHOWN} more (`{lists_all}` lists them all)")
    return text


def resume_notice(session: Interrupted, now: datetime) -> Text:
    """``Interrupted 2 h ago: Morning, stopped at 4:10 of 12:00 · r resumes it``; short, to
    fit a small terminal (the README says how resuming plays)."""
    from coach.recent import time_ago
    from coach.timeline import format_duration

    text = Text(f"Interrupted {time_ago(session.started_at, now)}: ", style="bold")
    text.append(literal(session.routine_name))
    if session.done_seconds is not None and session.total_seconds is not None:
        text.append(f", stopped at {format_duration(session.done_seconds)} of "
                    f"{format_duration(session.total_seconds)}")
    text.append(" · ")
    text.append("r", style="bold reverse")
    text.append(" resumes it")
    return text


def wants_safety_note(show: bool | None, locations: Locations | None) -> bool:
    """Whether to show the safety note: as ``show`` says when given, else on a first run
    (no marker in the data directory)."""
    if show is not None:
        return show
    return locations is not None and not locations.safety_marker.exists()


def mark_safety_seen(locations: Locations | None) -> None:
    """Note that the safety note was seen, so it is not shown again."""
    if locations is None:
        return
    try:
        locations.data_dir.mkdir(parents=True, exist_ok=True)
        locations.safety_marker.touch()
    except OSError:
        pass  # the note simply shows again next time
