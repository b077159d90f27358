"""One exercise sheet (coach.wording.exercise_sheet) for ``coach show`` and the TUI's
exercise browser: its words, and both places laying out the same words."""

from __future__ import annotations

import dataclasses

import pytest
from support import tiny_library

from coach import cli, wording
from coach.tui.screens import browser

BODY = """
[[exercises]]
id = "ball-roll"
name = "Ball roll"
aliases = ["Tennis ball roll", "Foot massage"]
purpose = "Loosen the sole."
position = "Sit on a chair."
steps = ["Put the ball under the foot.", "Roll it from heel to toes."]
areas = ["feet"]
sides = "each"
prescription = { kind = "timed", seconds = 60 }
variants = [
  { id = "slow", name = "Slow roll", cue = "Press down hard." },
  { id = "quick", name = "Quick roll" },
]

[[exercises]]
id = "stand"
name = "Stand tall"
purpose = "Balance."
position = "Stand."
steps = ["Stand still."]
sides = "both"
prescription = { kind = "hold", seconds = 30 }

[[routines]]
id = "r"
name = "R"
description = "D."
items = [{ exercise = "ball-roll" }, { exercise = "stand" }]
"""


@pytest.fixture
def library(tmp_path):
    return tiny_library(tmp_path, BODY)


def test_the_sheet_says_each_thing_once(library):
    ball = wording.exercise_sheet(library.exercises["ball-roll"])
    assert ball.name == "Ball roll"
    assert ball.aliases == "Tennis ball roll, Foot massage"
    assert ball.steps == ("1. Put the ball under the foot.", "2. Roll it from heel to toes.")
    assert ball.variants == (("Slow roll", "Press down hard."), ("Quick roll", None))
    assert ball.facts == (("Equipment", "none"), ("Works", "feet"),
                          ("Sides", "one foot at a time"))
    assert ball.prescription == wording.prescription_text(
        library.exercises["ball-roll"], library.exercises["ball-roll"].prescription)
    stand = wording.exercise_sheet(library.exercises["stand"])
    assert stand.aliases is None and stand.variants == ()
    assert stand.facts == (("Equipment", "none"), ("Works", "-"),
                           ("Sides", "both feet together"))


def _marked(sheet: wording.ExerciseSheet) -> wording.ExerciseSheet:
    """The sheet with every word changed, so only text taken from it shows the marks."""
    return dataclasses.replace(
        sheet,
        name="NAME*", aliases="ALIASES*", purpose="PURPOSE*", position="POSITION*",
        steps=("STEP*",), variants=(("VARIANT*", "CUE*"),),
        facts=(("LABEL*", "VALUE*"),), prescription="RX*",
    )


MARKS = ["NAME*", "ALIASES*", "PURPOSE*", "POSITION*", "STEP*", "VARIANT*", "LABEL*: VALUE*",
         "RX*"]


def test_coach_show_and_the_browser_both_lay_out_the_sheet(library, monkeypatch, capsys,
                                                          tmp_path):
    """Both take every word from the one sheet: were either to spell an exercise out again
    itself, the marks would be missing from it."""
    real = wording.exercise_sheet
    monkeypatch.setattr(wording, "exercise_sheet", lambda ex: _marked(real(ex)))
    monkeypatch.setattr(browser, "exercise_sheet", lambda ex: _marked(real(ex)))
    shown = browser.exercise_text(library.exercises["ball-roll"], ["r"]).plain
    lib = tmp_path / "tiny.toml"
    assert cli.main(["show", "ball-roll", "--library", str(lib)]) == 0
    printed = capsys.readouterr().out
    for mark in MARKS:
        assert mark in shown, mark
        assert mark in printed, mark
    for word in ("Ball roll", "Loosen the sole", "Sit on a chair", "heel to toes",
                 "Slow roll", "Equipment", "one foot at a time", "60 s"):
        assert word not in shown, word
        assert word not in printed, word
