"""SVG snapshots of the exercise browser, on the fixed snapshot library
(tests/snapshot_apps.py): the exercise with the long name at every size, a filter, and a
filter that matches nothing.

Update after an intended change with
``pytest tests/test_browser_snapshots.py --snapshot-update`` and look at the SVGs first.
"""

from __future__ import annotations

from snapshot_apps import SIZES, each_size, keys, snapshot_app


@each_size
def test_browser_long_name(snap_compare, size):
    app, _ = snapshot_app()
    assert snap_compare(app, terminal_size=SIZES[size], run_before=keys("e", "end"))


def test_browser_filtered(snap_compare):
    app, _ = snapshot_app()
    assert snap_compare(app, terminal_size=SIZES["80x24"],
                        run_before=keys("e", typed=("/", *"toe")))


def test_browser_no_match(snap_compare):
    app, _ = snapshot_app()
    assert snap_compare(app, terminal_size=SIZES["60x20"],
                        run_before=keys("e", typed=("/", *"xyz")))
