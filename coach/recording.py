"""Record one workout as it happens: into the history store when there is one, and always
in memory, so a session is never lost when the store cannot be written.

Every step result is committed the moment the step ends, on one writer thread of its own
(in order), so a commit's fsync never holds up the countdown on screen; so are the session's
end and the summary's pain and note, so a slow disk never holds up the summary either.
:meth:`Recorder.flush` waits for them all (the app does as it closes, and readers of the
store in worker threads do before they read), and :meth:`Recorder.written` says when they
are in, for an event loop to await. If the store fails
midway (a full disk, a read-only data directory, a history found damaged), the session goes
on in memory and :meth:`Recorder.save_to` writes it as a history document that
``coach history import`` takes back. That file never replaces another: it is created
exclusively, and :meth:`Recorder.suggested_path` offers a name nobody has taken
(``coach-session-YYYYmmdd-HHMM.json``, then ``-2``, ``-3``, ...).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from coach.files import TargetExists, write_file
from coach.history import HistoryError, HistoryStore, HistoryUnavailable, number
from coach.outcomes import finished_status
from coach.safetext import json_text

NAME_TRIES = 1000  # suggested names tried before giving up: -2 ... -1000


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


class Recorder:
    """One session's record. Never raises on a history failure: it says so in
    :attr:`problem` and keeps everything in memory."""

    def __init__(self, store: HistoryStore | None, routine_id: str, routine_name: str,
                 pain_before: int | None, *, problem: str | None = None) -> None:
        self.store = store
        self.routine_id = routine_id
        self.routine_name = routine_name
        self.pain_before = pain_before
        self.problem = problem
        self.session_id: str | None = None
        self.started_at: datetime | None = None
        self.ended_at: datetime | None = None
        self.status: Literal["in_progress", "completed", "skipped", "aborted"] = "in_progress"
        self.pain_after: int | None = None
        self.note: str | None = None
        self.steps: list[dict[str, Any]] = []
        self._file_id: str | None = None
        self._writer: ThreadPoolExecutor | None = None
        self._pending: Future[None] | None = None

    @property
    def saved(self) -> bool:
        """True while everything so far is in the history store."""
        return self.store is not None and self.problem is None

    def _fail(self, exc: Exception) -> None:
        self.problem = str(exc)
        self.store = None

    def _write(self, call: Callable[[HistoryStore, str], None]) -> None:
        """Queue ``call(store, session_id)``; calls run one at a time, in the order they
        were queued, on this recorder's writer thread."""
        session_id = self.session_id
        if not (self.saved and session_id):
            return
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coach-history")
        self._pending = self._writer.submit(self._run, call, session_id)

    def _run(self, call: Callable[[HistoryStore, str], None], session_id: str) -> None:
        store = self.store
        if store is None:  # an earlier write failed: the rest stays in memory
            return
        try:
            call(store, session_id)
        except (HistoryError, ValueError) as exc:  # ValueError: a step the store refuses
            self._fail(exc)

    def written(self) -> Future[None]:
        """Done once every write queued so far has reached the store (or failed: then
        :attr:`saved` is False and :attr:`problem` says why). Never raises."""
        if self._pending is not None:
            return self._pending
        done: Future[None] = Future()
        done.set_result(None)
        return done

    def flush(self) -> None:
        """Wait until every queued write has reached the store (or failed). Blocks: call it
        from a worker thread, or where waiting is the point (the app closing)."""
        self.written().result()

    def start(self, started_at: datetime) -> None:
        self.started_at = started_at
        store = self.store
        if store is not None and self.saved:
            try:
                self.session_id = store.start_session(
                    self.routine_id, self.routine_name, self.pain_before, started_at)
            except HistoryError as exc:
                self._fail(exc)

    def resume(self, session_id: str, started_at: datetime,
               earlier_steps: list[dict[str, Any]]) -> int:
        """Continue an interrupted session; returns the step index to play from. Raises
        HistoryError as the store does (or HistoryUnavailable when there is none)."""
        self.session_id = session_id
        self.started_at = started_at
        self.steps = list(earlier_steps)
        if self.store is None:
            raise HistoryUnavailable(self.problem or "history is off")
        return self.store.resume_session(session_id)

    def step(self, result: dict[str, Any]) -> None:
        self.steps.append(result)
        self._write(lambda store, session_id: store.record_step(session_id, result))

    def finish(self, status: Literal["completed", "aborted"], ended_at: datetime) -> None:
        """End the session: at once here, in the store as soon as the writes before it are
        in (:meth:`written`). Played to its end, it is ``completed``, or ``skipped`` when no
        work step was done, by the same rule as the store's
        (:func:`coach.outcomes.finished_status`)."""
        if status == "completed" and finished_status(self.steps) == "skipped":
            self.status = "skipped"
        else:
            self.status = status
        self.ended_at = ended_at
        self._write(lambda store, session_id: store.finish_session(session_id, status,
                                                                   ended_at))

    def annotate(self, pain_after: int | None, note: str | None) -> None:
        """The summary's pain after and note: at once here, queued for the store."""
        self.pain_after, self.note = pain_after, note

        def write(store: HistoryStore, session_id: str) -> None:
            store.set_pain_after(session_id, pain_after)
            store.set_note(session_id, note)

        self._write(write)

    def document(self) -> dict[str, Any]:
        """This session as a history document (the shape ``coach history import`` reads).

        When the store failed partway, the file gets an id of its own: importing it then
        adds the whole session instead of being skipped as the partial one already there.
        """
        if self.saved and self.session_id:
            doc_id = self.session_id
        else:
            self._file_id = self._file_id or str(uuid.uuid4())
            doc_id = self._file_id
        return {"sessions": [{
            "id": doc_id,
            "routine": self.routine_id,
            "routine_name": self.routine_name,
            "started_at": _iso(self.started_at) if self.started_at else None,
            "ended_at": _iso(self.ended_at) if self.ended_at else None,
            "status": self.status,
            "pain_before": self.pain_before,
            "pain_after": self.pain_after,
            "note": self.note,
            "active_seconds": round(sum(number(s.get("actual_seconds")) or 0.0
                                        for s in self.steps), 3),
            "steps": self.steps,
        }]}

    def suggested_path(self, directory: Path) -> Path:
        """The first name in ``directory`` that is free: ``coach-session-YYYYmmdd-HHMM.json``
        (from the session's start), then ``-2``, ``-3``, ..."""
        stamp = self.started_at.strftime("%Y%m%d-%H%M") if self.started_at else "unknown"
        for n in range(1, NAME_TRIES + 1):
            path = directory / f"coach-session-{stamp}{'' if n == 1 else f'-{n}'}.json"
            if not path.exists() and not path.is_symlink():
                return path
        raise TargetExists(directory / f"coach-session-{stamp}.json",
                           f"and {NAME_TRIES - 1} names after it already exist")

    def save_to(self, path: Path) -> Path:
        """Write :meth:`document` to ``path``, a new file (created exclusively, atomically);
        raises :class:`coach.files.TargetExists` when the name is taken and
        :class:`coach.files.FileProblem` for any other failure, naming ``path``."""
        path = path.expanduser()
        write_file(path, json_text(self.document(), indent=2) + "\n", replace=False)
        return path

    def save_new(self, directory: Path) -> Path:
        """Write :meth:`document` under the first free suggested name in ``directory``;
        a name taken between the look and the write moves on to the next."""
        for _ in range(NAME_TRIES):
            try:
                return self.save_to(self.suggested_path(directory))
            except TargetExists:
                continue
        raise TargetExists(directory, "every suggested name is taken")
