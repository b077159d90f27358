"""Pilot tests of the routine builder: build, edit, reorder, duplicate and delete a routine
with the keys a person presses, then run it from the picker."""

from __future__ import annotations

import pytest
from support import make_app, wait_for_command
from test_tui import text
from textual.widgets import Input, OptionList

from coach import paths
from coach.library import load_library
from coach.models import Hold, Routine, RoutineItem, Span
from coach.tui.screens.builder import BuilderScreen
from coach.tui.screens.confirm import ConfirmScreen
from coach.tui.screens.exercise_chooser import ExerciseChooser
from coach.tui.screens.pain import PainScreen
from coach.tui.screens.picker import PickerScreen
from coach.tui.screens.runner import RunnerScreen
from coach.user_library import save_routine

SIZE = (100, 30)

# The app reads its library again when the builder saves: the fixed library stays its base.
pytestmark = pytest.mark.usefixtures("fixed_as_shipped")


def user_path():
    return paths.resolve().user_library


def mine(routine_id: str = "mine", name: str = "Mine") -> Routine:
    return Routine(id=routine_id, name=name, description="One of my own.",
                   items=[RoutineItem(exercise="heel-raise"),
                          RoutineItem(exercise="towel-curl")])


def app_with_user_routines(*routines: Routine, **kwargs):
    for routine in routines:
        save_routine(user_path(), routine)
    return make_app(load_library(None, user_library=user_path()), **kwargs)


async def typed(pilot, chars: str) -> None:
    await pilot.press(*chars)
    await pilot.pause()


async def fill(pilot, name: str, value: str) -> None:
    """Go to a field of the builder, clear it and type ``value``."""
    field = pilot.app.screen.query_one(f"#f-{name}", Input)
    field.focus()
    await pilot.press("end", "ctrl+u", *value)
    await pilot.pause()


async def add(pilot, query: str) -> None:
    await pilot.press("ctrl+n")  # from any field (a, on the list)
    assert isinstance(pilot.app.screen, ExerciseChooser)
    await typed(pilot, query)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, BuilderScreen)


async def save(pilot) -> None:
    await pilot.press("ctrl+s")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def picker_ids(app) -> list[str]:
    return [o.id for o in app.screen.query_one("#routines", OptionList).options]


def said(app, monkeypatch) -> list[str]:
    messages: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **kw: messages.append(str(message)))
    return messages


async def run_highlighted(pilot) -> RunnerScreen:
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PainScreen)
    await pilot.press("3", "enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, RunnerScreen)
    return pilot.app.screen


# --- build from scratch ------------------------------------------------------------------------


async def test_build_a_routine_save_it_and_run_it_from_the_picker():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BuilderScreen)
        await typed(pilot, "Stiff left")
        assert screen.query_one("#f-id", Input).value == "stiff-left"  # follows the name
        await add(pilot, "towel str")
        assert "1. Towel stretch" in str(screen.query_one("#items", OptionList).options[0].prompt)
        # Longer holds, the stiff (left) side first.
        await fill(pilot, "seconds", "30-45")
        await fill(pilot, "holds", "3")
        screen.query_one("#f-first_side").focus()
        await pilot.press("right")
        await add(pilot, "raise")
        await fill(pilot, "sets", "3")
        await add(pilot, "towel cu")
        assert text(screen, "#form-title").startswith("Towel curl")
        await save(pilot)
        saved = load_library(None, user_library=user_path()).routines["stiff-left"]
        assert saved == Routine(
            id="stiff-left", name="Stiff left", description="My own routine.",
            items=[
                RoutineItem(exercise="towel-stretch", prescription=Hold(
                    kind="hold", seconds=Span(30, 45), holds=3, relax_seconds=5,
                    first_side="left")),
                RoutineItem(exercise="heel-raise", prescription=app.library.exercises[
                    "heel-raise"].prescription.model_copy(update={"sets": 3})),
                RoutineItem(exercise="towel-curl"),
            ])
        assert "stiff-left" in app.library.routines  # the app reloaded its library
        await pilot.press("escape")  # saved: leaves without asking
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one("#routines", OptionList)
        assert options.highlighted_option.id == "stiff-left"
        assert "Stiff left" in text(app.screen, "#preview-body")
        runner = await run_highlighted(pilot)
        assert runner.workout.routine.id == "stiff-left"
        assert text(runner, "#exercise") == "Towel stretch"
        assert text(runner, "#side") == "LEFT"


async def test_fields_say_what_is_wrong_next_to_them_and_the_preview_follows(monkeypatch):
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        screen = app.screen
        await add(pilot, "towel str")
        total = text(screen, "#preview-total")
        # 5 s to get ready, two holds of 20 s a side with 5 s to relax between, 5 s to
        # switch sides.
        assert total == "1:40 · 8 steps"
        await fill(pilot, "seconds", "45")
        assert text(screen, "#preview-total") == "3:20 · 8 steps"
        await fill(pilot, "seconds", "700")
        assert text(screen, "#m-seconds") == "⚠ must be between 1 and 600 seconds, got 700"
        assert screen.query_one("#f-seconds").has_class("-bad")
        assert "fix its fields" in str(
            screen.query_one("#items", OptionList).options[0].prompt)
        assert "not counting item 1" in text(screen, "#preview-total")
        await fill(pilot, "holds", "x")
        assert text(screen, "#m-holds") == "⚠ expected a whole number"
        messages = said(app, monkeypatch)
        await fill(pilot, "name", "Mine")
        await save(pilot)
        assert not user_path().exists()
        assert messages and "must be between 1 and 600" in messages[-1]
        assert app.focused.id == "f-seconds"  # taken to the first field that is wrong
        await fill(pilot, "seconds", "40")
        await fill(pilot, "holds", "2")
        assert text(screen, "#m-seconds") == "" and text(screen, "#m-holds") == ""


async def test_at_80_columns_the_form_shows_its_choices_whole():
    app, _ = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")  # a copy of the highlighted routine: the form has an item
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BuilderScreen) and screen.has_class("-narrow")
        for field_id in ("f-kind", "f-sides", "f-first_side"):
            field = screen.query_one(f"#{field_id}")
            shown = field.render().cell_len
            assert field.region.width >= shown, field_id
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert not screen.has_class("-narrow")


async def test_kind_changes_which_fields_show():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        screen = app.screen
        await add(pilot, "towel str")
        assert screen.query_one("#row-seconds").display
        assert not screen.query_one("#row-count").display
        screen.query_one("#f-kind").focus()
        await pilot.press("right")  # hold -> reps
        await pilot.pause()
        assert screen.query_one("#row-count").display
        assert not screen.query_one("#row-seconds").display
        assert screen.query_one("#f-count", Input).value == "10"
        assert "10 reps" in str(screen.query_one("#items", OptionList).options[0].prompt)


async def test_an_id_that_is_taken_is_refused_next_to_the_field():
    app, _ = app_with_user_routines(mine())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        screen = app.screen
        await typed(pilot, "Every step")
        assert "shipped routine" in text(screen, "#m-id")
        await fill(pilot, "id", "mine")
        assert "you already have" in text(screen, "#m-id")
        await fill(pilot, "id", "Mine Two")
        assert "lowercase id" in text(screen, "#m-id")
        await fill(pilot, "id", "mine-two")
        assert text(screen, "#m-id") == ""


# --- duplicate, reorder, remove ----------------------------------------------------------------


async def test_copy_a_shipped_routine_reorder_remove_and_save_leaves_it_unchanged():
    shipped_bytes = paths.shipped_library().read_bytes()
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        original = app.library.routines["every-step"]
        assert picker_ids(app)[0] == "every-step"
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BuilderScreen)
        assert screen.query_one("#f-name", Input).value == "Every step (my copy)"
        assert screen.query_one("#f-id", Input).value == "my-every-step"
        order = [i.exercise for i in original.items]
        await pilot.press("shift+down")  # the first item goes second
        assert [i.exercise.id for i in screen.draft.items] == [order[1], order[0], *order[2:]]
        assert screen.query_one("#items", OptionList).highlighted == 1
        await pilot.press("down", "down", "ctrl+up")  # the fourth (the last) goes third
        assert [i.exercise.id for i in screen.draft.items] == [
            order[1], order[0], order[3], order[2]]
        await pilot.press("x")  # the one now third is removed
        assert [i.exercise.id for i in screen.draft.items] == [order[1], order[0], order[2]]
        await save(pilot)
        copy = load_library(None, user_library=user_path()).routines["my-every-step"]
        by_id = {i.exercise: i for i in original.items}
        assert copy.items == [by_id[e] for e in (order[1], order[0], order[2])]
        assert copy.description == original.description
        assert app.library.routines["every-step"] == original
        await pilot.press("escape")
        await pilot.pause()
        assert picker_ids(app)[-1] == "my-every-step"
        runner = await run_highlighted(pilot)
        assert text(runner, "#exercise") == app.library.exercises[order[1]].name
    assert paths.shipped_library().read_bytes() == shipped_bytes


async def test_a_copy_keeps_its_own_prescriptions_when_edited():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await fill(pilot, "seconds", "40-50")  # the first item: two holds of 20-30 s
        await save(pilot)
    copy = load_library(None, user_library=user_path()).routines["my-every-step"]
    assert copy.items[0].prescription.seconds == Span(40, 50)
    assert copy.items[0].prescription.holds == 2


# --- edit and delete your own ------------------------------------------------------------------


async def test_edit_your_own_routine_in_place():
    app, _ = app_with_user_routines(mine(), mine("later", "Later"))
    async with app.run_test(size=SIZE) as pilot:
        ids = picker_ids(app)
        assert ids[-2:] == ["mine", "later"]
        app.screen.query_one("#routines", OptionList).highlighted = ids.index("mine")
        await pilot.press("E")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BuilderScreen)
        assert screen.sub_title == "Editing Mine"
        await fill(pilot, "name", "Mine, longer")
        assert screen.query_one("#f-id", Input).value == "mine"  # an id stays put
        await pilot.press("tab", "tab", "tab")  # id, about, the list
        assert app.focused is screen.query_one("#items")
        await pilot.press("down", "x")  # the towel curl goes
        await save(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert picker_ids(app)[-2:] == ["mine", "later"]  # same place
        assert app.library.routines["mine"] == Routine(
            id="mine", name="Mine, longer", description="One of my own.",
            items=[RoutineItem(exercise="heel-raise")])
        assert "Mine, longer" in text(app.screen, "#preview-body")


async def test_shipped_routines_are_never_edited_or_deleted(monkeypatch):
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        messages = said(app, monkeypatch)
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert messages == ["Shipped routines are never changed — press c to copy"]
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert messages[-1] == "Shipped routines are never deleted"


async def test_delete_your_routine_after_yes():
    app, _ = app_with_user_routines(mine(), mine("later", "Later"))
    async with app.run_test(size=SIZE) as pilot:
        options = app.screen.query_one("#routines", OptionList)
        options.highlighted = picker_ids(app).index("mine")
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Delete your routine 'Mine'?" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert "mine" in picker_ids(app)
        await pilot.press("D")
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert "mine" not in picker_ids(app) and "later" in picker_ids(app)
        assert "mine" not in load_library(None, user_library=user_path()).routines


# --- leaving, and a broken library ---------------------------------------------------------------


async def test_leaving_with_unsaved_changes_asks_first():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await typed(pilot, "Half done")
        await pilot.press("escape")  # one press, from the field
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, BuilderScreen)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert not user_path().exists()


async def test_leaving_untouched_does_not_ask():
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_a_broken_user_library_is_not_overwritten(monkeypatch):
    path = user_path()
    path.parent.mkdir(parents=True)
    broken = b'[[routines]]\nid = "mine"\nname = "Mine"\nitems = []\n'
    path.write_bytes(broken)
    library = load_library(None, user_library=path)
    assert library.problems  # the app opens with the (fixed, here) shipped library alone
    app, _ = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        banner = text(screen, "#builder-banner")
        assert screen.query_one("#builder-banner").display
        assert "won't overwrite it until you fix them" in banner
        assert f"{path}:1: routines[mine]: missing required key 'description'" in banner
        await typed(pilot, "New")
        await add(pilot, "raise")
        messages = said(app, monkeypatch)
        await save(pilot)
        assert "has problems; fix them first" in messages[-1]
    assert path.read_bytes() == broken


async def test_the_palette_opens_a_new_routine():
    app, _ = app_with_user_routines(mine())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await typed(pilot, "New routine")
        await wait_for_command(pilot, "New routine")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BuilderScreen)
        assert app.screen.sub_title == "New routine"


@pytest.mark.parametrize("command, title", [("Edit: Mine", "Editing Mine"),
                                            ("Copy: Mine", "New routine from a copy")])
async def test_the_palette_edits_and_copies(command, title):
    app, _ = app_with_user_routines(mine())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await typed(pilot, command)
        await wait_for_command(pilot, command)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BuilderScreen)
        assert app.screen.sub_title == title
