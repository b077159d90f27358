"""The help screen (`?`): every key of every screen and dialog, the screen it was opened
over first, and the ways to close it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from snapshot_apps import snapshot_app
from support import wait_until
from textual.screen import Screen
from textual.widgets import Static

import coach.tui.screens
from coach.tui.keys import key_name, key_sections, key_sources
from coach.tui.screens.help import HelpScreen
from coach.tui.screens.history import HistoryScreen
from coach.tui.screens.picker import PickerScreen

SIZE = (100, 30)


def section_titles(screen: HelpScreen) -> list[str]:
    """The section titles in the order the help shows them."""
    return [static.content.title for static in screen.query(".help-section").results(Static)]


def test_every_screen_and_dialog_has_its_section():
    """A screen added to coach (a settings screen, a dialog) must be added to the help's
    list, or its keys would be missing from `?`."""
    listed = {cls for _, classes in key_sources() for cls in classes}
    found = set()
    for module in pkgutil.iter_modules(coach.tui.screens.__path__):
        mod = importlib.import_module(f"coach.tui.screens.{module.name}")
        found |= {cls for _, cls in inspect.getmembers(mod, inspect.isclass)
                  if issubclass(cls, Screen) and cls.__module__ == mod.__name__}
    missing = sorted(cls.__name__ for cls in found - listed)
    assert found and not missing, f"not in the help: {missing}"


def test_the_keys_people_asked_for_are_listed():
    said = {title: dict(keys) for title, keys in key_sections()}
    assert said["History"]["Enter"] == "Details"
    assert "Tab / shift+Tab" in said["Anywhere"]
    assert "ctrl+p" in said["Anywhere"]
    assert said["These keys"]["Esc / q / ?"] == "Close"
    assert said["Yes/no questions"] == {"y": "Yes", "n / Esc": "No"}
    assert "Enter" in said["Pain question"] and "Enter" in said["Add an exercise"]
    assert said["Routine builder"]["shift+↑ / ctrl+↑"] == "Move up"
    assert key_name("shift+tab") == "shift+Tab" and key_name("question_mark") == "?"


async def test_help_opens_with_the_screen_below_first_and_closes_three_ways():
    app, _ = snapshot_app()
    async with app.run_test(size=SIZE) as pilot:
        for close in ("escape", "q", "question_mark"):
            await pilot.press("question_mark")
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            assert section_titles(help_screen)[:2] == ["Routines", "Anywhere"]
            await pilot.press(close)
            assert isinstance(app.screen, PickerScreen)
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("question_mark")
        help_screen = app.screen
        titles = section_titles(help_screen)
        assert titles[:2] == ["History", "Anywhere"]
        assert sorted(titles) == sorted(title for title, _ in key_sections())
        # the list is longer than the screen: the arrows scroll it
        dialog = help_screen.query_one("#help-dialog")
        assert dialog.max_scroll_y > 0
        await pilot.press("down", "down", "down")
        await wait_until(pilot, lambda: dialog.scroll_y > 0, what="the help to scroll")
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)


async def test_wide_terminals_show_the_sections_side_by_side():
    app, _ = snapshot_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.press("question_mark")
        help_screen = app.screen
        assert help_screen.has_class("-wide")
        first, second = list(help_screen.query(".help-section"))[:2]
        assert first.region.y == second.region.y and second.region.x > first.region.x
