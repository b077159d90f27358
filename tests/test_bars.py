"""Pilot tests of coach's top and bottom lines (TitleBar, KeyBar): what they say, and that
a click does what the same click on Textual's Header and Footer does."""

from __future__ import annotations

from snapshot_apps import snapshot_app
from textual.command import CommandPalette

from coach.tui.screens.browser import ExerciseBrowserScreen
from coach.tui.screens.history import HistoryScreen
from coach.tui.widgets.keybar import KeyBar
from coach.tui.widgets.titlebar import TitleBar

SIZE = (100, 30)


def line(widget) -> str:
    return str(widget.render())


async def test_the_key_bar_lists_the_screens_keys_and_follows_the_focus():
    app, _ = snapshot_app()
    async with app.run_test(size=SIZE) as pilot:
        bar = app.screen.query_one(KeyBar)
        shown = line(bar)
        assert shown.startswith(" / Filter  l Levels  e Exercises  h History  b New routine"
                                "  q Quit")
        assert shown.rstrip().endswith("▏^p palette") and len(shown) == SIZE[0]
        assert "Copy routine" not in shown  # bindings with show=False stay out
        await pilot.press("slash")  # the filter field has the focus: its keys are not the list's
        await pilot.pause()
        assert line(bar) != shown


async def test_clicking_a_key_presses_it():
    app, _ = snapshot_app()
    async with app.run_test(size=SIZE) as pilot:
        bar = app.screen.query_one(KeyBar)
        start = line(bar).index("e Exercises")
        await pilot.click(KeyBar, offset=(start + 3, 0))
        await pilot.pause()
        assert isinstance(app.screen, ExerciseBrowserScreen)
        await pilot.press("escape")
        start = line(app.screen.query_one(KeyBar)).index("h History")
        await pilot.click(KeyBar, offset=(start, 0))
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


async def test_the_key_bar_keeps_the_palette_key_when_narrow():
    app, _ = snapshot_app()
    async with app.run_test(size=(60, 20)):
        shown = line(app.screen.query_one(KeyBar))
        # Shortened to ^p, which leaves room for the picker's keys up to ? Keys.
        assert len(shown) == 60 and shown.endswith("▏^p")
        assert shown.startswith("/ Filter l Levels e Exercises h History q Quit ? Keys")


async def test_a_narrow_key_bar_keeps_save_and_drops_the_keys_of_one_action_together():
    """The builder's list at 80 columns: every key fits once the palette key is shortened;
    at 70 Move up and Move down go together, and Save stays with the way out and Keys."""
    app, _ = snapshot_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        assert line(bar).rstrip() == ("a Add exercise x Remove ⇧↑ Move up ⇧↓ Move down ^s Save "
                                      "esc Back ? Keys      ▏^p")
        await pilot.resize_terminal(70, 24)
        await pilot.pause()
        assert line(bar).rstrip() == ("a Add exercise x Remove ^s Save esc Back ? Keys"
                                      "            ▏^p palette")
        await pilot.resize_terminal(30, 24)  # only the kept keys: the palette key shortened
        await pilot.pause()
        assert line(bar).rstrip() == "^s Save esc Back ? Keys    ▏^p"


async def test_the_title_bar_centres_title_and_sub_title_and_opens_the_palette():
    app, _ = snapshot_app()
    async with app.run_test(size=SIZE) as pilot:
        shown = line(app.screen.query_one(TitleBar))
        assert shown.startswith(" ⭘ ")
        assert shown.index("coach") == 8 + (SIZE[0] - 18 - len("coach")) // 2
        await pilot.press("h")
        await pilot.pause()
        assert "coach — History" in line(app.screen.query_one(TitleBar))
        await pilot.click(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
