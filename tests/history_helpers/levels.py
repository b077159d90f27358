"""Easy days for the levels' tests: sessions of the ranged test routine (levels_library.toml)
with pain during a step and the next morning's check-in, recorded as the app records them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from history_helpers.sessions import at, ms

from coach.history import HistoryStore
from coach.library import Library, load_library

LEVELS_LIBRARY = Path(__file__).parent.parent / "levels_library.toml"
_loaded: Library | None = None


def ranged_library() -> Library:
    """The library of levels_library.toml, loaded once (it is never changed)."""
    global _loaded
    if _loaded is None:
        _loaded = load_library(library=LEVELS_LIBRARY)
    return _loaded


def play_day(store: HistoryStore, day: date, *, before: int = 2, during: int = 3,
             after: int = 2, morning: int | None = 2, routine: str = "ranged") -> str:
    """A session of ``routine`` at 09:00 on ``day`` whose first step had pain ``during``,
    and the next morning's check-in at 07:00 (none when ``morning`` is None)."""
    library = ranged_library()
    start = at(day)
    session = store.start_session(routine, library.routines[routine].name, before, start)
    step = library.steps(routine)[0]
    store.record_step(session, {
        "step_index": step.index, "item": step.item, "exercise": step.exercise,
        "kind": step.kind, "side": step.side, "set": step.set, "sets": step.sets,
        "round": step.round, "rounds": step.rounds, "variant": step.variant,
        "planned_seconds": step.seconds, "actual_seconds": 10.0, "paused_seconds": 0.0,
        "reps": None, "started_at": ms(start), "ended_at": ms(start + timedelta(seconds=10)),
        "status": "done", "pain": during,
    })
    store.finish_session(session, "completed", start + timedelta(seconds=10), after)
    if morning is not None:
        store.add_checkin(at(day + timedelta(days=1), 7), morning)
    return session


def easy_days(store: HistoryStore, first: date, count: int) -> date:
    """``count`` easy sessions with settled mornings from ``first``; the day after the last."""
    for n in range(count):
        play_day(store, first + timedelta(days=n))
    return first + timedelta(days=count)


async def until(pilot, ready, what: str, within: float = 15.0) -> None:
    """Let the app run until ``ready()`` holds. Unlike support.wait_until it never waits on
    the workers themselves: the picker's read of the recent history and the levels is an
    exclusive worker, so one started again cancels the one before, which wait_for_complete
    would raise."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not ready():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)
