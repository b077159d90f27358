"""SVG snapshots of the exercise browser on the small test library (tests/small_library.toml).

Update after an intended change with
``pytest tests/test_browser_snapshots.py --snapshot-update`` and look at the SVGs first.
"""

from __future__ import annotations

from pathlib import Path

from support import make_app

from coach.library import load_library

SMALL = Path(__file__).parent / "small_library.toml"


def _app():
    return make_app(load_library(library=SMALL))[0]


def test_browser_filtered_80x24(snap_compare):
    assert snap_compare(_app(), terminal_size=(80, 24), press=["e", "slash", *"toe"])


def test_browser_no_match_60x20(snap_compare):
    assert snap_compare(_app(), terminal_size=(60, 20), press=["e", "slash", *"xyz"])


def test_browser_long_name_100x30(snap_compare):
    assert snap_compare(_app(), terminal_size=(100, 30), press=["e", "end"])
