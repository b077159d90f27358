"""Past sessions for tests of the history screens: each recorded as the runner records it,
step by step, from the routines of a library the test chooses (the snapshots' fixed one, so
an edit to the shipped library never moves them); and the wait for the pane to read them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from coach.history import HistoryStore
from coach.library import Library
from coach.timeline import Step

CET = timezone(timedelta(hours=1))
TODAY = date(2026, 11, 23)  # a Monday


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CET)


def ms(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def player(library: Library):
    """``play`` for the routines of ``library``."""

    def play(store: HistoryStore, routine_id: str, start: datetime, *,
             status: str = "completed", pain: tuple[int | None, int | None] = (5, 3),
             note: str | None = None, steps: int | None = 4,
             skip: tuple[int, ...] = (),
             step_pain: Callable[[Step], int | None] | None = None) -> str:
        """Record the first ``steps`` steps of a routine (all when None) as the runner
        would: each step as it ends, ``skip`` ones skipped after a second. A session left
        ``in_progress`` reads as interrupted once the store that holds it is closed.
        ``step_pain``: the pain noted during a step, if any."""
        routine = library.routines[routine_id]
        session_id = store.start_session(routine_id, routine.name, pain[0], start)
        moment = start
        for step in library.steps(routine_id)[:steps]:
            skipped = step.index in skip
            seconds = 1.0 if skipped else step.estimated_seconds
            reps = None if step.kind != "reps" else (0 if skipped else step.reps)
            store.record_step(session_id, {
                "step_index": step.index, "item": step.item, "exercise": step.exercise,
                "kind": step.kind, "side": step.side, "set": step.set, "sets": step.sets,
                "round": step.round, "rounds": step.rounds, "variant": step.variant,
                "planned_seconds": step.seconds, "actual_seconds": seconds,
                "paused_seconds": 0.0, "reps": reps, "started_at": ms(moment),
                "ended_at": ms(moment + timedelta(seconds=seconds)),
                "status": "skipped" if skipped else "done",
                "pain": step_pain(step) if step_pain is not None else None,
            })
            moment += timedelta(seconds=seconds)
        if status in ("completed", "aborted"):
            store.finish_session(session_id, status, moment, pain[1], note)
        return session_id

    return play


def history_at(path: Path, fill) -> HistoryStore:
    """A store at ``path`` filled by ``fill(store)`` and reopened, as the app finds it."""
    with HistoryStore(path) as store:
        store.conn.execute("PRAGMA synchronous = OFF")  # tests need no power-loss safety
        fill(store)
    return HistoryStore(path)


async def settle(pilot) -> None:
    """Let the screen's workers finish and their messages land."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def open_history(pilot):
    """Press ``h`` and wait for the history pane to read its first page; the pane."""
    from coach.tui.screens.history import HistoryScreen

    await pilot.press("h")
    await settle(pilot)
    assert isinstance(pilot.app.screen, HistoryScreen)
    return pilot.app.screen
