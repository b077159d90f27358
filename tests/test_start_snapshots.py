"""SVG snapshots of what opens first and what sits over any screen: the picker (plain,
filtering, and with what it says on start: a problem in config.toml, an interrupted session
to resume, when each routine was last done), the pain field refusing a key, the safety note,
the keys (?) and the command palette. On the fixed snapshot library (tests/snapshot_apps.py).

Update after an intended change with ``pytest tests/test_start_snapshots.py
--snapshot-update`` and look at the SVGs before committing them.
"""

from __future__ import annotations

from datetime import timedelta

from snapshot_apps import SIZES, each_size, keys, snapshot_app
from support import WALL_START, highlighted_command, wait_until

from coach.diagnostics import Problem
from coach.history import HistoryStore
from coach.step_record import StepResult


@each_size
def test_picker(snap_compare, size):
    app, _ = snapshot_app()
    assert snap_compare(app, terminal_size=SIZES[size])


def picker_with_notices():
    """A history where one routine was done yesterday and another was interrupted two
    hours ago; and a config.toml problem (said with a fixed file name: the real one is a
    temporary directory)."""
    app, _ = snapshot_app(today=WALL_START.date())
    db = app.locations.history_db
    db.parent.mkdir(parents=True, exist_ok=True)
    with HistoryStore(db) as store:
        for routine, start, finish in (
                ("every-step", WALL_START - timedelta(days=1), True),
                ("long-name", WALL_START - timedelta(hours=2), False)):
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


@each_size
def test_picker_with_notices_and_last_done(snap_compare, size):
    app, run_before = picker_with_notices()
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


def test_picker_filtering(snap_compare):
    app, _ = snapshot_app()
    assert snap_compare(app, terminal_size=SIZES["80x24"], run_before=keys(typed=("/", *"desk")))


def test_picker_without_colour(snap_compare, monkeypatch):
    """The highlighted routine and the notices stand out without colour."""
    monkeypatch.setenv("NO_COLOR", "1")
    app, run_before = picker_with_notices()

    async def then_down(pilot) -> None:
        await run_before(pilot)
        await pilot.press("down")

    assert snap_compare(app, terminal_size=SIZES["80x24"], run_before=then_down)


@each_size
def test_pain_question_refusing_a_minus(snap_compare, size):
    app, _ = snapshot_app()
    assert snap_compare(app, terminal_size=SIZES[size], press=["enter", "-"])


@each_size
def test_safety_note_on_first_run(snap_compare, size):
    app, _ = snapshot_app(show_safety=True)
    assert snap_compare(app, terminal_size=SIZES[size])


@each_size
def test_help(snap_compare, size):
    app, _ = snapshot_app()
    assert snap_compare(app, terminal_size=SIZES[size], press=["question_mark"])


@each_size
def test_command_palette(snap_compare, size):
    app, _ = snapshot_app()

    async def run_before(pilot) -> None:
        await pilot.press("ctrl+p", *"ev")
        # the palette gathers its hits in a worker and shows them in batches
        await wait_until(pilot, lambda: highlighted_command(pilot.app) != "",
                         what="the palette's hits")
        await pilot.pause(0.6)  # past a blink: the cursor must stay drawn (a loaded CI found it)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)
