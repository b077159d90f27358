"""The crash report: an error coach did not expect, written down for later.

The person sees one line saying what went wrong and where the details are; the traceback
goes to a file of its own in the user's state directory (:func:`coach.paths.state_dir`),
never to a shared, fixed path such as ``/tmp/coach-crash.log``. Each report is a new file,
named for the moment and the process, readable by its owner only (a traceback can hold paths
and data), and created exclusively: the name is linked into place, which fails when anything
is there already, a planted symbolic link included, so a link is never followed. A name that
is taken moves on to the next one.
"""

from __future__ import annotations

import os
import traceback
from datetime import UTC, datetime
from pathlib import Path

from coach import paths
from coach.files import FileProblem, TargetExists, write_file
from coach.safetext import visible

NAMES_TRIED = 20


def _now() -> datetime:
    return datetime.now(UTC)


def report_name(moment: datetime, pid: int, n: int = 0) -> str:
    """``crash-20261123T080005Z-4242.log``; the n-th alternative when that is taken."""
    more = f"-{n}" if n else ""
    return f"crash-{moment.strftime('%Y%m%dT%H%M%SZ')}-{pid}{more}.log"


def write_report(exc: BaseException, directory: Path | None = None) -> Path | None:
    """Write ``exc``'s traceback to a new file; its path, or None when none could be
    written."""
    # Shown as text if someone cats the file: a message may hold terminal controls.
    text = visible("".join(traceback.format_exception(exc)), multiline=True)
    try:
        directory = paths.state_dir() if directory is None else directory
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # RuntimeError: no home directory to expand
        return None
    moment, pid = _now(), os.getpid()
    for n in range(NAMES_TRIED):
        try:
            return write_file(directory / report_name(moment, pid, n), text, replace=False,
                              mode=0o600)
        except TargetExists:
            continue
        except FileProblem:
            return None
    return None
