"""The routine builder writes the whole schema: one side alone, where a rep pauses, an
open-ended hold's cap, each checked as typed with the library's own models and messages by
the field; a side's own numbers, the marks of where numbers come from, and how often and how
long the article says are kept when a routine is copied or edited, and the form says so."""

from __future__ import annotations

import pytest
from support import make_app
from test_builder import add, fill, save, user_path
from test_tui import text
from textual.widgets import Input

from coach import paths
from coach.drafts import SIDES_CHOICES, Draft, DraftItem, parse_prescription, prescription_texts
from coach.library import load_library
from coach.models import Frequency, Hold, Reps, Routine, RoutineItem, Span
from coach.tui.screens.builder import BuilderScreen
from coach.tui.widgets.builder_fields import ChoiceField
from coach.user_library import save_routine

SIZE = (100, 30)


@pytest.fixture(scope="module")
def shipped():
    return load_library(None, user_library=None)


def texts_of(rx, **changes) -> dict[str, str]:
    return {**prescription_texts(rx), **changes}


# --- open-ended holds: "Up to (s)" ------------------------------------------------------------

def test_an_open_ended_hold_is_shown_and_read_back_as_it_was(shipped):
    toe_press = shipped.exercises["toe-pressing"]
    rx = toe_press.prescription
    assert prescription_texts(rx)["up_to_seconds"] == "30"
    assert parse_prescription(prescription_texts(rx), toe_press, rx) == (rx, {})
    fixed, errors = parse_prescription(texts_of(rx, up_to_seconds=""), toe_press)
    assert errors == {} and fixed.up_to_seconds is None  # blank: a hold of fixed length


@pytest.mark.parametrize(("typed", "message"), [
    ("2", "up_to_seconds (2) must be at least the hold's seconds (3)"),
    ("2.5", "expected a whole number"),
    ("1-5", "expected a whole number"),
])
def test_a_wrong_cap_is_said_by_its_field(shipped, typed, message):
    toe_press = shipped.exercises["toe-pressing"]
    rx, errors = parse_prescription(texts_of(toe_press.prescription, up_to_seconds=typed),
                                    toe_press)
    assert rx is None and errors == {"up_to_seconds": message}


def test_a_cap_past_the_bound_is_said_in_the_models_words(shipped):
    toe_press = shipped.exercises["toe-pressing"]
    _, errors = parse_prescription(texts_of(toe_press.prescription, up_to_seconds="601"),
                                   toe_press)
    assert list(errors) == ["up_to_seconds"] and "600" in errors["up_to_seconds"]


# --- where a rep pauses: "Pause at" ----------------------------------------------------------

def test_where_a_rep_pauses_is_shown_and_read_back(shipped):
    flexion = shipped.exercises["resisted-flexion"]
    rx = flexion.prescription
    assert prescription_texts(rx)["hold_at"] == "both"
    assert parse_prescription(prescription_texts(rx), flexion, rx) == (rx, {})
    bottom, _ = parse_prescription(texts_of(rx, hold_at="bottom"), flexion)
    assert bottom.hold_at == "bottom"
    top, _ = parse_prescription(texts_of(rx, hold_at=""), flexion)
    assert top.hold_at is None and top.holds_per_rep == 1  # "": at the top


def test_a_place_to_pause_without_a_pause_is_said_by_pause_at(shipped):
    flexion = shipped.exercises["resisted-flexion"]
    rx, errors = parse_prescription(texts_of(flexion.prescription, hold_seconds="",
                                             hold_at="bottom"), flexion)
    assert rx is None
    assert errors == {"hold_at": "hold_at needs hold_seconds: how long each pause lasts"}


# --- one side alone ----------------------------------------------------------------------------

@pytest.mark.parametrize("side", ["left", "right"])
def test_one_side_alone_is_a_choice(shipped, side):
    assert side in SIDES_CHOICES
    raises = shipped.exercises["heel-raises"]
    rx, errors = parse_prescription(texts_of(raises.prescription, sides=side), raises)
    assert errors == {} and rx.sides == side


# --- kept as they were: a side's own numbers, marks, frequency, claimed length -------------

def stiff_left(shipped) -> DraftItem:
    stretch = shipped.exercises["heel-stretch"]
    rx = Hold(kind="hold", seconds=Span(20, 20), sides="each", left={"seconds": 40},
              relax_seconds=Span(5, 5), holds=2, chosen_by_coach=["relax_seconds"])
    return DraftItem.of(RoutineItem(exercise=stretch.id, prescription=rx), stretch)


def test_a_sides_own_numbers_are_kept_and_the_form_says_so(shipped):
    item = stiff_left(shipped)
    assert item.kept_lines() == [
        "left side: 2 holds of 40 s, 5 s relax between", "coach's choice: relax"]
    item.texts["seconds"] = "25"  # the right side's length, changed
    checked, errors = item.check()
    assert errors == {}
    assert checked.prescription.left.seconds == Span(40, 40)
    assert checked.prescription.seconds == Span(25, 25)
    assert checked.prescription.chosen_by_coach == ["relax_seconds"]  # relax unchanged


def test_a_sides_own_numbers_must_still_fit_the_sides_played(shipped):
    item = stiff_left(shipped)
    item.texts["sides"] = "right"
    _, errors = item.check()
    assert errors == {"sides": "numbers for the left side, but only the right side is played"}
    item.texts["sides"] = "left"
    assert item.check()[1] == {}


def test_a_mark_goes_with_a_number_the_person_changes(shipped):
    item = stiff_left(shipped)
    item.texts["relax_seconds"] = "8"
    checked, _ = item.check()
    assert checked.prescription.chosen_by_coach == []
    assert item.kept_lines() == ["left side: 2 holds of 40 s, 8 s relax between"]


def test_another_kind_keeps_nothing_of_the_old_one(shipped):
    item = stiff_left(shipped)
    item.set_kind("reps")
    checked, errors = item.check()
    assert errors == {} and isinstance(checked.prescription, Reps)
    assert checked.prescription.left is None and item.kept_lines() == []


@pytest.mark.parametrize("edit", [False, True])
def test_how_often_and_the_claimed_length_are_kept_on_copy_and_edit(shipped, edit):
    routine = shipped.routines["twenty-minute-morning"]
    assert routine.frequency is not None and routine.claimed_minutes == 20
    draft = Draft.of(routine, shipped.exercises, edit=edit, taken=shipped.routines)
    made = draft.routine()
    assert (made.frequency, made.claimed_minutes) == (routine.frequency, 20)
    assert [i.frequency for i in made.items] == [i.frequency for i in routine.items]
    assert [i.prescription or shipped.exercises[i.exercise].prescription
            for i in made.items] == [i.prescription or shipped.exercises[i.exercise].prescription
                                     for i in routine.items]


def test_the_whole_schema_is_written_and_read_back(shipped, tmp_path):
    path = tmp_path / "exercises.toml"
    routine = Routine(
        id="everything", name="Everything", description="Every new key.",
        frequency=Frequency(times=2, per="week", text="twice a week"), claimed_minutes=10,
        items=[
            RoutineItem(exercise="heel-stretch", prescription=Hold(
                kind="hold", seconds=Span(5, 5), up_to_seconds=60, sides="each",
                left={"seconds": 10, "up_to_seconds": 90}, chosen_by_coach=["up_to_seconds"])),
            RoutineItem(exercise="resisted-flexion", prescription=Reps(
                kind="reps", count=Span(8, 8), tempo_seconds=2, hold_seconds=Span(2, 2),
                hold_at="bottom", sides="right"),
                frequency=Frequency(times=1, per="day", text="daily")),
        ])
    save_routine(path, routine)
    assert load_library(None, user_library=path).routines["everything"] == routine


# --- on screen ---------------------------------------------------------------------------------

# An open-ended hold and a rep that pauses at both ends, which the fixed library has not.
CAP_AND_PAUSE = """
[[exercises]]
id = "toe-pressing"
name = "Toe pressing"
purpose = "Test exercise."
position = "Stand tall."
steps = ["Claw the toes into the floor."]
sides = "both"
prescription = { kind = "hold", seconds = 3, up_to_seconds = 30, holds = 10, relax_seconds = 2 }

[[exercises]]
id = "resisted-flexion"
name = "Resisted flexion"
purpose = "Test exercise."
position = "Sit, a band under one foot."
steps = ["Push the foot away into the band."]
sides = "each"
prescription = { kind = "reps", count = 10, hold_seconds = 2, hold_at = "both", tempo_seconds = 2 }

[[routines]]
id = "pressing"
name = "Pressing"
description = "The toes, then the band."
items = [{ exercise = "toe-pressing" }, { exercise = "resisted-flexion" }]
"""


async def test_the_form_takes_a_cap_a_place_to_pause_and_one_side_and_saves_them(
        tmp_path, monkeypatch):
    base = tmp_path / "base.toml"
    base.write_text(CAP_AND_PAUSE, encoding="utf-8")
    # As the app's base library, so that the builder's save checks against it and keeps it.
    monkeypatch.setattr(paths, "shipped_library", lambda: base)
    app, _ = make_app(load_library(None, user_library=None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BuilderScreen)
        await pilot.press(*"Open ends")
        await add(pilot, "toe pressing")
        await fill(pilot, "up_to_seconds", "2")
        assert text(screen, "#m-up_to_seconds") == (
            "⚠ up_to_seconds (2) must be at least the hold's seconds (3)")
        await fill(pilot, "up_to_seconds", "45")
        assert text(screen, "#m-up_to_seconds") == "held as long as you can"
        assert "aim 0:03" in text(screen, "#preview-steps")
        await add(pilot, "resisted")
        pause_at = screen.query_one("#f-hold_at", ChoiceField)
        assert pause_at.value == "both"
        pause_at.focus()
        await pilot.press("left")  # both -> bottom
        assert pause_at.value == "bottom"
        await fill(pilot, "hold_seconds", "")
        assert text(screen, "#m-hold_at") == (
            "⚠ hold_at needs hold_seconds: how long each pause lasts")
        await fill(pilot, "hold_seconds", "3")
        assert text(screen, "#m-hold_at") == ""
        sides = screen.query_one("#f-sides", ChoiceField)
        sides.focus()
        while sides.value != "left":
            await pilot.press("right")
        assert "left only" in str(sides.render())
        await save(pilot)
        saved = load_library(None, user_library=user_path()).routines["open-ends"]
        press, flexion = (item.prescription for item in saved.items)
        assert press.up_to_seconds == 45
        assert (flexion.hold_at, flexion.hold_seconds, flexion.sides) == (
            "bottom", Span(3, 3), "left")


@pytest.mark.usefixtures("fixed_as_shipped")
async def test_editing_a_routine_shows_what_a_side_keeps_and_saves_it_unchanged():
    routine = Routine(id="stiff", name="Stiff", description="Longer on the left.",
                      claimed_minutes=5,
                      items=[RoutineItem(exercise="towel-stretch", prescription=Hold(
                          kind="hold", seconds=Span(20, 20), sides="each",
                          left={"seconds": 40}))])
    save_routine(user_path(), routine)
    app, _ = make_app(load_library(None, user_library=user_path()))
    async with app.run_test(size=SIZE) as pilot:
        app.screen.highlight("stiff")
        await pilot.press("E")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BuilderScreen)
        assert text(screen, "#form-kept") == "left side: hold 40 s"
        await fill(pilot, "seconds", "25")
        assert screen.query_one("#f-seconds", Input).value == "25"
        await save(pilot)
        saved = load_library(None, user_library=user_path()).routines["stiff"]
        assert saved.items[0].prescription.left.seconds == Span(40, 40)
        assert saved.items[0].prescription.seconds == Span(25, 25)
        assert saved.claimed_minutes == 5
