"""Pilot tests of how the app starts: from the start-up cache, the library validated just
after the first frame, and keys pressed before that still doing what they say."""

from __future__ import annotations

import json

import pytest
from support import HOLD_THEN_REPS, FakeClock, wait_until
from textual.widgets import Label, OptionList

from coach import paths
from coach.overview import overviews
from coach.startup_cache import CACHE_NAME, Startup
from coach.tui import app as app_module
from coach.tui.app import CoachApp
from coach.tui.screens.pain import PainScreen
from coach.tui.screens.picker import PickerScreen

SIZE = (100, 30)


@pytest.fixture
def no_settling(monkeypatch):
    """The app never gets round to its after-the-first-frame work by itself (so a test can
    look at the moment before it, however slowly the machine draws)."""
    monkeypatch.setattr(app_module, "SETTLE_AFTER", 3600)


def warm_cache(where: paths.Locations) -> None:
    startup = Startup(where)
    startup.load_settings()
    assert startup.remember(overviews(startup.library(), startup.settings))


def warm_app(where: paths.Locations) -> CoachApp:
    startup = Startup(where)
    assert startup.from_cache()
    clock = FakeClock()
    return CoachApp(settings=startup.settings, locations=where, startup=startup, clock=clock,
                    wall=clock.wall, show_safety=False, cursor_blink=False)


def listed(app: CoachApp) -> list[str]:
    return [str(o.prompt).split("\n")[0]
            for o in app.screen.query_one("#routines", OptionList).options]


async def test_the_picker_draws_from_the_cache_and_the_library_loads_after(no_settling):
    where = paths.resolve()
    warm_cache(where)
    app = warm_app(where)
    async with app.run_test(size=SIZE):
        assert app.screen_stack[0] is app.screen and isinstance(app.screen, PickerScreen)
        names = [o.name for o in app.overviews]
        assert listed(app) == names and "Fix-everything five" in names
        # Drawn with neither the validated library nor the history store yet.
        assert app._library is None and app._history is None
        app._settle()
        assert app._library is not None
        assert app._history is not None and app.history_problem is None
        assert listed(app) == names


async def test_the_library_loads_by_itself_soon_after_start():
    where = paths.resolve()
    warm_cache(where)
    app = warm_app(where)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app._library is not None and app._history is not None,
                         what="the library and history to load")


async def test_a_key_pressed_before_the_library_loads_still_starts_the_routine(no_settling):
    where = paths.resolve()
    warm_cache(where)
    app = warm_app(where)
    async with app.run_test(size=SIZE) as pilot:
        assert app._library is None
        await pilot.press("enter")
        assert isinstance(app.screen, PainScreen)
        context = app.screen.query_one(".dialog-context", Label)
        assert str(context.content) == "Before Fix-everything five"


async def test_a_cache_that_disagrees_with_the_library_is_corrected(no_settling):
    """Should an entry ever say something the files do not (it can't, short of a bug or a
    hand edit), the picker shows the library's version once it is checked, and the entry is
    written again."""
    where = paths.resolve()
    warm_cache(where)
    cache = where.cache_dir / CACHE_NAME
    entry = json.loads(cache.read_text(encoding="utf-8"))
    entry["routines"][0]["name"] = "Stale name"
    cache.write_text(json.dumps(entry), encoding="utf-8")
    app = warm_app(where)
    async with app.run_test(size=SIZE) as pilot:
        assert listed(app)[0] == "Stale name"
        app._settle()
        await pilot.pause()
        assert listed(app)[0] == "Fix-everything five"
    again = Startup(where)
    assert again.from_cache() and again.overviews[0].name == "Fix-everything five"


async def test_a_cold_start_writes_the_cache_after_the_first_frame(no_settling):
    where = paths.resolve()
    startup = Startup(where)
    assert not startup.from_cache()
    library = startup.library()
    startup.load_settings()
    clock = FakeClock()
    app = CoachApp(library, startup.settings, where, startup=startup, clock=clock,
                   wall=clock.wall, show_safety=False, cursor_blink=False)
    async with app.run_test(size=SIZE):
        assert not (where.cache_dir / CACHE_NAME).exists()
        app._settle()
    assert Startup(where).from_cache()


async def test_a_changed_library_is_cached_when_the_app_reloads_it():
    """The routine builder saves, the app reloads: the next start is warm and knows it."""
    where = paths.resolve()
    warm_cache(where)
    app = warm_app(where)
    async with app.run_test(size=SIZE):
        app._settle()
        where.config_dir.mkdir(parents=True, exist_ok=True)
        where.user_library.write_text(HOLD_THEN_REPS, encoding="utf-8")
        app.reload_library()
        assert "Short one" in [o.name for o in app.overviews]
    again = Startup(where)
    assert again.from_cache()
    assert again.overviews[-1].name == "Short one"


# --- problems in config.toml, on the picker for as long as they last ------------------------

def notice(app: CoachApp) -> str:
    widget = app.picker.query_one("#picker-notice")
    return str(widget.content).replace("\n", " ") if widget.display else ""


async def test_config_problems_are_a_lasting_notice_with_file_and_line(no_settling):
    """A start with problems never comes from the cache (they are never cached), so the
    picker is drawn after the check, and the notice is there from the first frame."""
    where = paths.resolve()
    warm_cache(where)
    where.config_dir.mkdir(parents=True, exist_ok=True)
    where.config_file.write_text('bell = true\nbel = false\nprepare_seconds = 99\n',
                                 encoding="utf-8")
    startup = Startup(where)
    assert not startup.from_cache()
    library = startup.library()
    startup.load_settings()
    clock = FakeClock()
    app = CoachApp(library, startup.settings, where, startup=startup, clock=clock,
                   wall=clock.wall, show_safety=False, cursor_blink=False)
    config = str(where.config_file)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        said = notice(app)
        assert "Settings have problems; the defaults are used:" in said
        assert f"{config}:2: bel: unknown key 'bel' (did you mean 'bell'?)" in said
        assert f"{config}:3: prepare_seconds: must be at most 60, got 99" in said
        assert app.settings.prepare_seconds == 5
        # The toasts go; the notice stays, on every screen's way back to the picker.
        app.clear_notifications()
        await pilot.press("h")
        await pilot.press("escape")
        assert f"{config}:2: bel:" in notice(app)
    assert not Startup(where).from_cache()  # and the next start checks again


async def test_an_unknown_theme_is_located_even_when_drawn_from_the_cache(no_settling):
    where = paths.resolve()
    where.config_dir.mkdir(parents=True, exist_ok=True)
    where.config_file.write_text('# mine\nbell = false\ntheme = "solarised-lite"\n',
                                 encoding="utf-8")
    warm_cache(where)  # the theme is a valid setting for the file: the entry is written
    app = warm_app(where)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app._library is None  # drawn from the cache
        said = notice(app)
        assert (f"{where.config_file}:3: theme: unknown theme 'solarised-lite' (did you mean "
                "'solarized-light'?); the default is used") in said
        assert app.theme == "textual-dark" and app.settings.bell is False


async def test_no_notice_without_problems(no_settling):
    where = paths.resolve()
    warm_cache(where)
    app = warm_app(where)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert notice(app) == ""
        assert app.picker.query_one("#filter-hint").region.y == 1  # right under the title


async def test_a_long_list_of_problems_is_cut_and_says_where_to_see_all(no_settling):
    from coach.diagnostics import Problem

    where = paths.resolve()
    warm_cache(where)
    app = warm_app(where)
    async with app.run_test(size=SIZE) as pilot:
        app._announce_settings([Problem("c.toml", n, f"k{n}", "bad") for n in range(1, 6)])
        await pilot.pause()
        said = notice(app)
        assert "c.toml:3: k3: bad" in said and "c.toml:4" not in said
        assert "... and 2 more (`coach config` lists them all)" in said


async def test_an_unknown_theme_given_without_a_file_is_still_said():
    from support import make_app

    from coach.config import Settings

    app, _ = make_app(settings=Settings(theme="nope"), locations=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "config.toml: theme: unknown theme 'nope'; the default is used" in notice(app)
