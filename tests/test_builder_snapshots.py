"""SVG snapshots of the routine builder, on the fixed snapshot library
(tests/snapshot_apps.py): a new routine, a copy of the long-named routine, a reps item's
form, the exercise chooser and a field with a problem at every size; a broken library of
your own; and without colour.

Update after an intended change with
``pytest tests/test_builder_snapshots.py --snapshot-update`` and look at the SVGs first.
"""

from __future__ import annotations

from pathlib import Path

from snapshot_apps import SIZES, SNAPSHOT_LIBRARY, each_size, keys, snapshot_app
from support import make_app

from coach import paths
from coach.library import load_library
from coach.paths import Locations

# A copy of "Every step", its first item's hold seconds focused and wrong.
WITH_A_PROBLEM = keys("c", "enter", "tab", typed=("ctrl+u", *"1x"))


@each_size
def test_builder_new_routine(snap_compare, size):
    app, _ = snapshot_app()
    assert snap_compare(app, terminal_size=SIZES[size],
                        run_before=keys("b", typed=tuple("Stiff left")))


@each_size
def test_builder_copy_of_a_long_named_routine(snap_compare, size):
    app, _ = snapshot_app()
    assert snap_compare(app, terminal_size=SIZES[size], run_before=keys("end", "c"))


@each_size
def test_builder_reps_form(snap_compare, size):
    # The second item of "Every step" is heel raises: paced reps with a hold at the top.
    app, _ = snapshot_app()
    assert snap_compare(app, terminal_size=SIZES[size],
                        run_before=keys("c", "down", "enter"))


@each_size
def test_builder_exercise_chooser(snap_compare, size):
    app, _ = snapshot_app()
    assert snap_compare(app, terminal_size=SIZES[size],
                        run_before=keys("b", "ctrl+n", typed=tuple("stretch")))


@each_size
def test_builder_field_with_a_problem(snap_compare, size):
    app, _ = snapshot_app()
    assert snap_compare(app, terminal_size=SIZES[size], run_before=WITH_A_PROBLEM)


def test_builder_refuses_a_broken_library(snap_compare, tmp_path, monkeypatch):
    # Your own library over the snapshot library (as over the shipped one); a relative
    # config directory keeps the temporary path out of the picture.
    monkeypatch.setattr(paths, "shipped_library", lambda: SNAPSHOT_LIBRARY)
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

    assert snap_compare(app, terminal_size=SIZES["80x24"], run_before=run_before)


# --- without colour: the focused field's label in reverse, the problem marked ⚠ --------------

def test_builder_no_color(snap_compare, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app, _ = snapshot_app()
    assert snap_compare(app, terminal_size=SIZES["100x30"], run_before=WITH_A_PROBLEM)


def test_builder_no_color_80x24(snap_compare, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app, _ = snapshot_app()
    assert snap_compare(app, terminal_size=SIZES["80x24"], run_before=WITH_A_PROBLEM)
