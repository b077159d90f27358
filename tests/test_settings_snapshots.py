"""SVG snapshots of the settings screen, on the fixed snapshot library
(tests/snapshot_apps.py): as it opens at every size, a problem without colour, and a broken
config.toml it will not overwrite.

Update after an intended change with
``pytest tests/test_settings_snapshots.py --snapshot-update`` and look at the SVGs first.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from snapshot_apps import SIZES, each_size, keys, snapshot_app

from coach.paths import Locations


@pytest.fixture
def here(tmp_path, monkeypatch) -> Locations:
    # A relative config directory keeps the temporary path out of the picture.
    monkeypatch.chdir(tmp_path)
    return Locations(Path("config"), Path("data"))


def _app(locations: Locations):
    return snapshot_app(locations=locations)[0]


@each_size
def test_settings(snap_compare, here, size):
    assert snap_compare(_app(here), terminal_size=SIZES[size], run_before=keys("s"))


def test_settings_with_a_problem_no_color_80x24(snap_compare, here, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(_app(here), terminal_size=SIZES["80x24"],
                        run_before=keys("s", "tab", typed=("9", "9")))


def test_settings_refuses_a_broken_file_60x20(snap_compare, here):
    here.config_dir.mkdir()
    here.config_file.write_text('theme = "no-such"\nbell = "yes"\n', encoding="utf-8")

    async def run_before(pilot) -> None:
        await pilot.pause()
        pilot.app.clear_notifications()  # the start-up notices are the app's
        await pilot.press("s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(_app(here), terminal_size=SIZES["60x20"], run_before=run_before)
