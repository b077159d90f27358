"""SVG snapshots of the routine builder at 100x30.

Update after an intended change with
``pytest tests/test_builder_snapshots.py --snapshot-update`` and look at the SVGs first.
"""

from __future__ import annotations

from pathlib import Path

from support import make_app

from coach.library import load_library
from coach.paths import Locations

SIZE = (100, 30)


def test_builder_new_routine(snap_compare):
    app, _ = make_app()
    assert snap_compare(app, terminal_size=SIZE, press=["b", *"Stiff left"])


def test_builder_copy_of_a_shipped_routine(snap_compare):
    app, _ = make_app()
    assert snap_compare(app, terminal_size=SIZE, press=["c", "down"])


def test_builder_field_with_a_problem(snap_compare):
    app, _ = make_app()

    async def run_before(pilot) -> None:
        await pilot.press("c")
        await pilot.pause()
        pilot.app.screen.query_one("#f-seconds").focus()
        await pilot.press("end", "ctrl+u", "7", "0", "0")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_builder_reps_form(snap_compare):
    app, _ = make_app()
    # The third item of the second routine is heel raises, played as reps.
    assert snap_compare(app, terminal_size=SIZE, press=["down", "c", "down", "down", "enter"])


def test_builder_exercise_chooser(snap_compare):
    app, _ = make_app()
    assert snap_compare(app, terminal_size=SIZE, press=["b", "escape", "a", *"stretch"])


def test_builder_refuses_a_broken_library(snap_compare, tmp_path, monkeypatch):
    # A relative config directory keeps the temporary path out of the picture.
    monkeypatch.chdir(tmp_path)
    locations = Locations(Path("config"), Path("data"))
    locations.config_dir.mkdir()
    locations.user_library.write_text(
        '[[routines]]\nid = "mine"\nname = "Mine"\nitems = [{ exercise = "heel-raise" }]\n',
        encoding="utf-8")
    library = load_library(None, user_library=locations.user_library)
    app, _ = make_app(library, locations=locations)

    async def run_before(pilot) -> None:
        await pilot.pause()
        pilot.app.clear_notifications()  # the start-up notices are the app's, not the builder's
        await pilot.press("b")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
