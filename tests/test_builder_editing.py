"""Pilot tests of editing in the routine builder as a new user found it (issue 10): where
the keys go, when a field speaks up, leaving, undoing a removal, long names, NO_COLOR."""

from __future__ import annotations

from pathlib import Path

from support import make_app
from test_builder import SIZE, fill, typed
from test_tui import text
from textual import events
from textual.widgets import Input, OptionList

from coach.library import load_library
from coach.tui.screens.builder import BuilderScreen
from coach.tui.screens.confirm import ConfirmScreen
from coach.tui.screens.picker import PickerScreen

SMALL = Path(__file__).parent / "small_library.toml"


def small_app(**kwargs):
    return make_app(load_library(library=SMALL), **kwargs)


async def burst(pilot, *keys: str) -> None:
    """Keys as a terminal delivers a paste or a fast typist: all at once, the app reading
    none of them before the last has arrived (``pilot.press`` waits after every key)."""
    app = pilot.app
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)
    await pilot.pause()
    await pilot.pause()


def style_at(app, needle: str):
    """The style of the first cell of ``needle`` on screen, as drawn (filters applied)."""
    for strip in app.screen._compositor.render_strips():
        line = "".join(segment.text for segment in strip)
        at = line.find(needle)
        if at < 0:
            continue
        x = 0
        for segment in strip:
            if x + len(segment.text) > at:
                return segment.style
            x += len(segment.text)
    raise AssertionError(f"{needle!r} is not on screen")


async def open_copy(pilot, routine: int = 0) -> BuilderScreen:
    await pilot.press(*["down"] * routine, "c")
    await pilot.pause()
    assert isinstance(pilot.app.screen, BuilderScreen)
    return pilot.app.screen


# --- where the keys go ---------------------------------------------------------------------


async def test_keys_typed_right_after_tab_land_in_the_next_field():
    app, _ = small_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_copy(pilot)
        await pilot.press("enter")  # from the list into the form: the kind
        assert app.focused is screen.query_one("#f-kind")
        await pilot.press("tab", "1", "2")
        assert screen.query_one("#f-seconds", Input).value == "12"
        # In one burst, as a terminal delivers a fast typist: Screen's own Tab binding would
        # move the focus only after the 3 and 4 had gone to the field it left.
        await burst(pilot, "tab", "3", "4", "tab", "5", "shift+tab", "shift+tab", "6")
        assert screen.query_one("#f-up_to_seconds", Input).value == "34"
        assert screen.query_one("#f-holds", Input).value == "5"
        assert screen.query_one("#f-seconds", Input).value == "6"


async def test_the_focused_field_is_marked_without_colour(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app, _ = small_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_copy(pilot)
        assert style_at(app, "Exercises").reverse  # the list has the keys
        assert not style_at(app, "Seconds").reverse
        await pilot.press("enter", "tab")
        assert app.focused is screen.query_one("#f-seconds")
        assert style_at(app, "Seconds").reverse
        assert not style_at(app, "Exercises").reverse
        assert not style_at(app, "Holds").reverse
        await pilot.press("ctrl+u", "x")  # a problem: said in words, marked, in bold
        await pilot.pause()
        message = text(screen, "#m-seconds")
        assert message.startswith("⚠ expected a whole number")
        assert style_at(app, "⚠ expected").bold


# --- when a field speaks up ----------------------------------------------------------------


async def test_an_empty_form_says_nothing_is_wrong_until_touched_or_saved():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        for name in ("name", "id", "items"):
            assert not screen.query_one(f"#m-{name}").display, name
            assert text(screen, f"#m-{name}") == ""
        assert not screen.query_one("#f-name").has_class("-bad")
        await typed(pilot, "x")
        await pilot.press("backspace")
        await pilot.pause()
        assert "must not be empty" in text(screen, "#m-name")  # touched: now it says
        assert screen.query_one("#f-name").has_class("-bad")
        assert not screen.query_one("#m-items").display
        await pilot.press("ctrl+s")  # a save tried: every field says what it needs
        await pilot.pause()
        assert "add at least one exercise" in text(screen, "#m-items")
        assert screen.query_one("#m-items").display


# --- leaving -------------------------------------------------------------------------------


async def test_escape_leaves_from_a_field_in_one_press_when_nothing_changed():
    app, _ = small_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_copy(pilot)
        await pilot.press("enter", "tab")
        assert app.focused is screen.query_one("#f-seconds")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_a_change_typed_back_is_no_change():
    app, _ = small_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_copy(pilot)
        await fill(pilot, "seconds", "45")
        await fill(pilot, "seconds", "10")  # as it was
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_escape_with_a_change_asks_once_and_no_stays():
    app, _ = small_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_copy(pilot)
        await fill(pilot, "seconds", "45")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#f-seconds", Input).value == "45"


# --- undoing a removal ---------------------------------------------------------------------


async def test_a_removed_exercise_comes_back_at_its_place_with_u(monkeypatch):
    app, _ = small_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_copy(pilot, routine=1)  # the walk, then the press
        said: list[str] = []
        monkeypatch.setattr(app, "notify", lambda message, **kw: said.append(message))
        assert [i.exercise.id for i in screen.draft.items] == ["long-walk", "press"]
        await pilot.press("x")
        await pilot.pause()
        assert [i.exercise.id for i in screen.draft.items] == ["press"]
        assert "press u to put it back" in said[-1].lower()
        assert said[-1].startswith("Removed Slow heel-to-toe walk")
        await pilot.press("x")
        await pilot.pause()
        assert screen.draft.items == []
        await pilot.press("u")
        await pilot.pause()
        assert [i.exercise.id for i in screen.draft.items] == ["press"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [i.exercise.id for i in screen.draft.items] == ["long-walk", "press"]
        options = screen.query_one("#items", OptionList)
        assert options.highlighted == 0 and text(screen, "#form-title").startswith("Slow")
        await pilot.press("u")
        assert said[-1] == "Nothing to put back."
        await pilot.press("escape")  # everything back as it was: nothing to ask
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


# --- long names ----------------------------------------------------------------------------


async def test_long_names_are_shown_whole():
    app, _ = small_app()
    for size in (SIZE, (80, 24)):
        async with app.run_test(size=size) as pilot:
            screen = await open_copy(pilot, routine=1)
            name = screen.query_one("#f-name", Input)
            if size == SIZE:  # the whole name and the cursor after it fit in the field
                assert name.content_region.width > len(name.value)
            else:  # a name may have 80 characters: at 80 columns the label takes a few
                assert name.content_region.width >= 70
            # The exercise's name wraps in the list, every word of it there.
            lines = [line.rstrip() for line in _region_text(app, screen.query_one("#items"))]
            shown = " ".join(" ".join(lines).split())
            assert "1. Slow heel-to-toe walk along the hallway, counting every careful step" \
                in shown, (size, lines)
            await pilot.press("escape")
            await pilot.pause()
        app, _ = small_app()


def _region_text(app, widget) -> list[str]:
    region = widget.region
    rows = app.screen._compositor.render_strips()[region.y:region.bottom]
    return ["".join(s.text for s in strip)[region.x:region.right] for strip in rows]


async def test_at_80_and_60_columns_every_choice_shows_whole():
    for size in ((80, 24), (60, 20)):
        app, _ = small_app()
        async with app.run_test(size=size) as pilot:
            screen = await open_copy(pilot, routine=1)
            await pilot.press("down")  # the press: its sides as usual, the longest choice
            await pilot.pause()
            assert "usual" in str(screen.query_one("#f-sides").render())
            for field_id in ("f-kind", "f-sides", "f-first_side"):
                field = screen.query_one(f"#{field_id}")
                assert field.content_region.width >= field.render().cell_len, (size, field_id)
