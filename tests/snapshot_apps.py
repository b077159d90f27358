"""What every snapshot test (tests/test_*snapshots.py) draws from: the fixed library in
``snapshot_library.toml`` (so an edit to the shipped exercises.toml never moves a snapshot),
the three terminal sizes of issue 10, and apps opened at a given moment of a workout.

Each screen state is taken once per size: 100x30, 80x24 (where every screen must be
complete) and 60x20 (where every screen must be usable).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from history_helpers.sessions import TODAY, at, player
from support import FIXED_LIBRARY, burst, fixed, make_app

from coach.config import Settings
from coach.history import HistoryStore
from coach.library import Library

SNAPSHOT_LIBRARY = FIXED_LIBRARY
SIZES = {"100x30": (100, 30), "80x24": (80, 24), "60x20": (60, 20)}
# Every size, for a test that takes ``size`` (a key of SIZES).
each_size = pytest.mark.parametrize("size", SIZES)


def library() -> Library:
    """The snapshot library: the fixed test library every Pilot test draws by default."""
    return fixed()


def snapshot_app(**kwargs):
    """An app on the snapshot library, and its clock."""
    return make_app(library(), **kwargs)


def keys(*pressed: str, typed: tuple[str, ...] = ()):
    """A run_before that presses ``pressed`` a key at a time (each waits for the screen it
    opens), then types ``typed`` in one go, as a fast typist would: the app takes them all,
    in order, which is much quicker to set up than a key at a time. A burst stays on one
    screen: keys behind one that opens another may land on either."""

    async def run_before(pilot) -> None:
        await pilot._wait_for_screen()  # run_before runs before the first screen is up
        if pressed:
            await pilot.press(*pressed)
        if typed:
            await burst(pilot, *typed)

    return run_before


ROUTINE = "every-step"


def workout_at(kind: str, routine: str = ROUTINE, *, seconds_in: float = 3.4,
               keys: tuple = (), occurrence: int = 0, bell: bool = True, **kwargs):
    """An app, and a run_before that opens ``routine`` at its ``occurrence``-th step of
    ``kind``, skips the pain question, lets ``seconds_in`` pass and types ``keys`` (in one
    go: they stay on the workout's screen, or the last one leaves it). With
    ``bell=False`` the bell is off in the settings (as `m` would turn it off, without the
    notice that says so)."""
    app, clock = snapshot_app(settings=Settings(bell=bell), **kwargs)
    steps = app.library.steps(routine)
    index = [s.index for s in steps if s.kind == kind][occurrence]

    async def run_before(pilot) -> None:
        pilot.app.start_workout(routine, start_index=index)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        clock.advance(seconds_in)
        pilot.app.screen._tick()
        await pilot.pause()
        if keys:
            await burst(pilot, *keys)

    return app, run_before


def a_month_of_sessions(store: HistoryStore) -> None:
    """Five weeks of mornings of the snapshot library's routines (up to ``TODAY``), a few
    rest days and one gap, pain easing as it goes; one full session with a note yesterday,
    and one interrupted this evening. In the last two weeks the towel stretch hurts on the
    left (4, 5 yesterday) more than on the right (2)."""
    play = player(library())

    def stretch_pain(left: int):
        def pain(step) -> int | None:
            if step.exercise != "towel-stretch" or step.kind != "hold":
                return None
            return left if step.side == "left" else 2
        return pain

    routines = ("every-step", "desk-break", "long-name")
    for back in range(34, -1, -1):
        if back % 5 == 3 or back in (11, 12):
            continue
        day = TODAY - timedelta(back)
        for k in range(1 + (back % 9 == 0) + (back % 13 == 0)):
            before = 7 - (34 - back) // 8 + k % 2
            play(store, routines[(back + k) % 3], at(day, 7 + 5 * k, 30),
                 status="aborted" if back == 16 else "completed",
                 pain=(before, max(0, before - 2 - back % 2)), steps=6,
                 skip=(3,) if back % 4 == 0 else (),
                 step_pain=stretch_pain(4) if back <= 14 else None)
        if back == 1:
            play(store, "every-step", at(day, 18, 45), pain=(4, 2), steps=None,
                 note="left heel sore at first, fine after the massage", skip=(5, 6),
                 step_pain=stretch_pain(5))
    play(store, "desk-break", at(TODAY, 19, 5), status="in_progress", pain=(3, None),
         steps=3)
