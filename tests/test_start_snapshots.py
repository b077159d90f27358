"""SVG snapshots of what the picker says on start (a problem in config.toml, an interrupted
session to resume, when each routine was last done) and of the pain field refusing a key,
at 100x30 and 60x20.

Update after an intended change with ``pytest tests/test_start_snapshots.py
--snapshot-update`` and look at the SVGs before committing them.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from support import WALL_START, make_app, wait_until

from coach.history import HistoryStore
from coach.problems import Problem
from coach.session import StepResult

SIZES = {"100x30": (100, 30), "60x20": (60, 20)}


def picker_with_notices():
    """The shipped library; a history where one routine was done yesterday and another
    was interrupted two hours ago; and a config.toml problem (said with a fixed file name:
    the real one is a temporary directory)."""
    app, _ = make_app(today=WALL_START.date())
    db = app.locations.history_db
    db.parent.mkdir(parents=True, exist_ok=True)
    with HistoryStore(db) as store:
        for routine, start, finish in (
                ("feet-first-five", WALL_START - timedelta(days=1), True),
                ("fix-everything-five", WALL_START - timedelta(hours=2), False)):
            session = store.start_session(routine, app.library.routines[routine].name, 3,
                                          start)
            at = start
            for step in app.library.steps(routine)[:4]:
                end = at + timedelta(seconds=step.estimated_seconds)
                store.record_step(session, StepResult(
                    step, at, end, step.estimated_seconds, 0.0, None, "done").to_dict())
                at = end
            if finish:
                store.finish_session(session, "completed", at)

    async def run_before(pilot) -> None:
        await wait_until(pilot, lambda: pilot.app.picker._resumable is not None,
                         what="the offer to resume")
        pilot.app._announce_settings([Problem(
            "~/.config/coach/config.toml", 2, "bel", "unknown key 'bel' (did you mean 'bell'?)")])
        await pilot.pause()
        pilot.app.clear_notifications()  # the toasts go; the notice is what lasts
        await pilot.pause()

    return app, run_before


@pytest.mark.parametrize("size", SIZES)
def test_picker_with_notices_and_last_done(snap_compare, size):
    app, run_before = picker_with_notices()
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_pain_question_refusing_a_minus(snap_compare, size):
    app, _ = make_app()
    assert snap_compare(app, terminal_size=SIZES[size], press=["enter", "-"])


def test_picker_filtering(snap_compare):
    app, _ = make_app()
    assert snap_compare(app, terminal_size=SIZES["100x30"], press=["/", *"heel"])
