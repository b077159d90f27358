"""SVG snapshots of the settings screen, on the small test library.

Update after an intended change with
``pytest tests/test_settings_snapshots.py --snapshot-update`` and look at the SVGs first.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import make_app

from coach.library import load_library
from coach.paths import Locations

SMALL = Path(__file__).parent / "small_library.toml"


@pytest.fixture
def here(tmp_path, monkeypatch) -> Locations:
    # A relative config directory keeps the temporary path out of the picture.
    monkeypatch.chdir(tmp_path)
    return Locations(Path("config"), Path("data"))


def _app(locations: Locations):
    return make_app(load_library(library=SMALL), locations=locations)[0]


def test_settings(snap_compare, here):
    assert snap_compare(_app(here), terminal_size=(100, 30), press=["s"])


def test_settings_with_a_problem_no_color_80x24(snap_compare, here, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(_app(here), terminal_size=(80, 24), press=["s", "tab", "9", "9"])


def test_settings_refuses_a_broken_file_60x20(snap_compare, here):
    here.config_dir.mkdir()
    here.config_file.write_text('theme = "no-such"\nbell = "yes"\n', encoding="utf-8")

    async def run_before(pilot) -> None:
        await pilot.pause()
        pilot.app.clear_notifications()  # the start-up notices are the app's
        await pilot.press("s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(_app(here), terminal_size=(60, 20), run_before=run_before)
