"""Pilot tests of the settings screen (s, or the palette): checked as typed with
config.toml's bounds, saved atomically, in force at once, and a broken file left alone."""

from __future__ import annotations

import tomllib

from snapshot_apps import snapshot_app
from support import wait_for_command
from test_builder_editing import burst, style_at
from test_tui import text
from test_tui_start import warm_app, warm_cache
from textual.widgets import Input, OptionList

from coach import paths
from coach.config import Settings, load_settings
from coach.startup_cache import Startup
from coach.tui.keys import key_sections
from coach.tui.screens.confirm import ConfirmScreen
from coach.tui.screens.picker import PickerScreen
from coach.tui.screens.settings import SettingsScreen

SIZE = (100, 30)


async def open_settings(pilot) -> SettingsScreen:
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SettingsScreen)
    await pilot.app.workers.wait_for_complete()
    return pilot.app.screen


async def set_field(pilot, key: str, value: str) -> None:
    field = pilot.app.screen.query_one(f"#f-{key}", Input)
    pilot.app.screen.set_focus(field)
    await pilot.press("end", "ctrl+u", *value)
    await pilot.pause()


async def save(pilot) -> None:
    await pilot.press("ctrl+s")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_fields_are_checked_as_typed_with_the_bounds_of_config_toml(monkeypatch):
    app, _ = snapshot_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert app.focused is screen.query_one("#f-prepare_seconds")
        assert "(0-60 s)" in text(screen, "#m-prepare_seconds")  # the bounds, before a key
        await pilot.press("7", "0")  # the field arrives selected: 70 replaces 5
        await pilot.pause()
        assert text(screen, "#m-prepare_seconds") == "⚠ must be at most 60, got 70"
        assert screen.query_one("#f-prepare_seconds").has_class("-bad")
        await set_field(pilot, "switch_seconds", "x")
        assert text(screen, "#m-switch_seconds").startswith("⚠ expected a whole number")
        said: list[str] = []
        monkeypatch.setattr(app, "notify", lambda message, **kw: said.append(message))
        await save(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert said[-1] == "Get ready (s): must be at most 60, got 70"
        assert app.focused is screen.query_one("#f-prepare_seconds")
        assert not paths.resolve().config_file.exists()
        await set_field(pilot, "prepare_seconds", "0")  # 0 is allowed: straight in
        assert "⚠" not in text(screen, "#m-prepare_seconds")


async def test_saved_settings_are_written_and_in_force_at_once():
    where = paths.resolve()
    warm_cache(where)
    app = warm_app(where)
    async with app.run_test(size=SIZE) as pilot:
        app._settle()
        before = {o.id: o.length for o in app.overviews}
        screen = await open_settings(pilot)
        await burst(pilot, "2", "0", "tab", "1", "5")  # Tab in a burst: 15 lands in switch
        assert screen.query_one("#f-switch_seconds", Input).value == "15"
        await pilot.press("tab", "right")  # the bell off
        await pilot.press("tab", "right")  # the next theme, tried at once
        await pilot.pause()
        theme = screen.query_one("#f-theme").value
        assert theme != "textual-dark" and app.theme == theme
        await save(pilot)
        assert isinstance(app.screen, PickerScreen)
        assert app.settings == Settings(prepare_seconds=20, switch_seconds=15, bell=False,
                                        theme=theme)
        assert not app.bell_on and app.theme == theme
        written = tomllib.loads(where.config_file.read_text(encoding="utf-8"))
        assert written == Settings(prepare_seconds=20, switch_seconds=15, bell=False,
                                   theme=theme).to_dict()  # every setting, with its comment
        assert load_settings(where.config_file) == (app.settings, [])
        # The picker's lengths count the new get-ready and switch seconds.
        after = {o.id: o.length for o in app.overviews}
        assert after != before
        preview = app.screen.query_one("#routines", OptionList).options[0].prompt
        assert after[app.overviews[0].id] in str(preview)
    # The next start is warm, from the new file, and shows what this app showed.
    again = Startup(where)
    assert again.from_cache()
    assert again.settings == Settings(20, 15, False, theme)
    assert {o.id: o.length for o in again.overviews} == after


async def test_saving_keeps_the_pain_thresholds_the_screen_does_not_show():
    where = paths.resolve()
    where.config_file.parent.mkdir(parents=True, exist_ok=True)
    where.config_file.write_text("pain_limit = 4\npain_above_baseline = 1\n")
    warm_cache(where)
    app = warm_app(where)
    async with app.run_test(size=SIZE) as pilot:
        app._settle()
        assert app.settings.pain_limit == 4
        screen = await open_settings(pilot)
        await pilot.press("escape")  # nothing shown has changed: no question
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        screen = await open_settings(pilot)
        await set_field(pilot, "prepare_seconds", "9")
        await save(pilot)
        assert screen.is_attached is False
        assert (app.settings.prepare_seconds, app.settings.pain_limit,
                app.settings.pain_above_baseline) == (9, 4, 1)
        written = tomllib.loads(where.config_file.read_text(encoding="utf-8"))
        assert (written["pain_limit"], written["pain_above_baseline"]) == (4, 1)


async def test_escape_puts_the_tried_theme_back_and_asks_only_after_a_change():
    app, _ = snapshot_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await pilot.press("escape")  # nothing changed: one press
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        screen = await open_settings(pilot)
        screen.set_focus(screen.query_one("#f-theme"))
        await pilot.press("right")
        await pilot.pause()
        assert app.theme != "textual-dark"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.theme == "textual-dark"
        assert not paths.resolve().config_file.exists()


async def test_a_config_toml_with_problems_is_not_overwritten_and_the_screen_says_why():
    where = paths.resolve()
    where.config_dir.mkdir(parents=True, exist_ok=True)
    broken = b"prepare_seconds = 5\nswich_seconds = 5\n"
    where.config_file.write_bytes(broken)
    app, _ = snapshot_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        banner = text(screen, "#settings-banner")
        assert screen.query_one("#settings-banner").display
        assert "has problems, so it will not be overwritten" in banner
        assert f"{where.config_file}:2: swich_seconds: unknown key" in banner
        await pilot.press("9")
        await save(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert "Not saved" in text(screen, "#settings-banner")
        assert app.settings == Settings()  # nothing applied
    assert where.config_file.read_bytes() == broken


async def test_the_palette_opens_settings_and_help_lists_its_keys():
    app, _ = snapshot_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"Settings")
        await wait_for_command(pilot, "Settings")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
    sections = dict(key_sections())
    assert ("s", "Settings") in sections["Routines"]  # the picker's key
    assert {("ctrl+s", "Save"), ("Esc", "Back")} <= set(sections["Settings"])


async def test_the_focused_setting_is_marked_without_colour(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app, _ = snapshot_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        assert style_at(app, "Get ready (s)").reverse
        assert not style_at(app, "Switch (s)").reverse
        await pilot.press("tab")
        assert style_at(app, "Switch (s)").reverse
