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
    assert snap_compare(app, terminal_size=SIZE, press=["b", "ctrl+n", *"stretch"])


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


# --- on the small test library (tests/small_library.toml), at the sizes of issue 10 --------

SMALL = Path(__file__).parent / "small_library.toml"


def _small_app():
    return make_app(load_library(library=SMALL))


async def _copy_with_a_problem(pilot) -> None:
    """A copy of the long-named routine, the press's seconds focused and wrong."""
    await pilot.press("down", "c")
    await pilot.pause()
    await pilot.press("down", "enter", "tab", "ctrl+u", *"1x")
    await pilot.pause()


def test_builder_no_color(snap_compare, monkeypatch):
    # Without colour the focused field's label is in reverse and the problem is marked ⚠.
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(_small_app()[0], terminal_size=SIZE, run_before=_copy_with_a_problem)


def test_builder_no_color_80x24(snap_compare, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(_small_app()[0], terminal_size=(80, 24),
                        run_before=_copy_with_a_problem)


def test_builder_60x20(snap_compare):
    # The steps give way to the form; the list says the length.
    assert snap_compare(_small_app()[0], terminal_size=(60, 20),
                        run_before=_copy_with_a_problem)
