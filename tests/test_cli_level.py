"""``coach level`` and ``coach show`` at the person's levels, through the CLI's entry point:
the levels with their reasons, a choice kept and what it changes, every refusal with what is
wrong and a non-zero exit, and ``show``'s progression, its JSON and ``--base``."""

from __future__ import annotations

import json
from datetime import date

import pytest
from history_helpers.levels import LEVELS_LIBRARY, easy_days

from coach import cli, paths
from coach.history import HistoryStore

DAY = date(2026, 11, 2)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    rc = cli.main([*argv, "--library", str(LEVELS_LIBRARY)])
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def stepped_up():
    """A history of three easy sessions of the ranged routine: every ranged item up a rung."""
    db = paths.resolve(None, None).history_db
    with HistoryStore(db) as store:
        easy_days(store, DAY, 3)
    return db


def test_level_lists_each_ranged_item_with_its_reason(capsys, stepped_up):
    rc, out, err = run(capsys, "level", "ranged")
    assert (rc, err) == (0, "")
    assert out.splitlines() == [
        "Ranged feet: your levels",
        "  1. Heel raises: 12 reps (range 10-20 reps): 12 reps, up from 10 after three easy "
        "sessions",
        "  3. Calf stretch: 25 s (range 20-30 s): 25 s, up from 20 s after three easy sessions",
    ]


def test_level_without_a_history_starts_low_and_creates_no_file(capsys):
    rc, out, _ = run(capsys, "level", "ranged")
    assert rc == 0 and "10 reps (range 10-20 reps): 10 reps, the low end" in out
    assert not paths.resolve(None, None).history_db.exists()


@pytest.mark.parametrize("item", ["1", "heel-raises"])
def test_hold_then_reset_by_number_or_exercise(capsys, stepped_up, item):
    rc, out, _ = run(capsys, "level", "ranged", item, "hold")
    assert rc == 0
    assert out == "1. Heel raises: 12 reps (range 10-20 reps, held): holding at 12 reps, " \
                  "as you chose\n"
    rc, out, _ = run(capsys, "level", "ranged", item, "reset")
    assert rc == 0 and "1. Heel raises: 10 reps" in out and "back to 10 reps" in out
    with HistoryStore(stepped_up) as store:
        assert [c.choice for c in store.level_choices("ranged")] == ["hold", "reset"]
    # the other item is untouched, and show plays the reset level
    rc, out, _ = run(capsys, "show", "ranged", "--json")
    shown = json.loads(out)["progression"]
    assert [(p["item"], p["value"]) for p in shown] == [(1, 10), (3, 25)]


@pytest.mark.parametrize(("argv", "status", "words"), [
    (["level", "rangd"], 1, "no routine 'rangd' (did you mean 'ranged'?); see `coach list`"),
    (["level", "ranged", "2", "hold"], 1,
     "item 2 of ranged (toe-walk) has no level: only an item whose numbers are a range"),
    (["level", "ranged", "toe-walk", "hold"], 1, "item 2 of ranged (toe-walk) has no level"),
    (["level", "ranged", "7", "hold"], 1, "ranged has items 1 to 3; there is no item 7"),
    (["level", "ranged", "0", "hold"], 1, "ranged has items 1 to 3; there is no item 0"),
    (["level", "ranged", "heel-raise", "hold"], 1,
     "no item 'heel-raise' in ranged (did you mean 'heel-raises'?); its items are "
     "1. heel-raises, 2. toe-walk, 3. calf-stretch"),
    (["level", "ranged", "1"], 2, "level: say what to do with item 1: hold, release or reset"),
])
def test_what_is_wrong_is_named_and_nothing_is_kept(capsys, argv, status, words):
    rc, out, err = run(capsys, *argv)
    assert rc == status and out == ""
    assert words in err
    assert not paths.resolve(None, None).history_db.exists()


def test_an_unknown_choice_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["level", "ranged", "1", "freeze"])
    assert exc.value.code == 2
    assert "invalid choice: 'freeze'" in capsys.readouterr().err


def test_show_plays_the_levels_and_says_why(capsys, stepped_up):
    rc, out, _ = run(capsys, "show", "ranged")
    assert rc == 0
    assert "1. Heel raises: 12 reps, 2 s a rep" in out
    assert ("   Your level: 12 reps, up from 10 after three easy sessions (the article's "
            "range: 10-20 reps)") in out
    assert "Calf stretch · right · 0:25" in out


def test_show_json_adds_the_progression_and_plays_it(capsys, stepped_up):
    rc, out, _ = run(capsys, "show", "ranged", "--json")
    shown = json.loads(out)
    assert rc == 0
    assert shown["progression"] == [
        {"item": 1, "exercise": "heel-raises", "value": 12, "low": 10, "high": 20,
         "reason": "12 reps, up from 10 after three easy sessions"},
        {"item": 3, "exercise": "calf-stretch", "value": 25, "low": 20, "high": 30,
         "reason": "25 s, up from 20 s after three easy sessions"}]
    assert [s["reps"] for s in shown["steps"] if s["kind"] == "reps"] == [12]
    assert [s["seconds"] for s in shown["steps"] if s["kind"] == "hold"] == [25, 25]


def test_show_base_has_the_articles_numbers_and_no_progression(capsys, stepped_up):
    rc, out, _ = run(capsys, "show", "ranged", "--json", "--base")
    shown = json.loads(out)
    assert rc == 0 and "progression" not in shown
    assert [s["reps"] for s in shown["steps"] if s["kind"] == "reps"] == [10]
    rc, out, _ = run(capsys, "show", "ranged", "--base")
    assert "1. Heel raises: 10-20 reps" in out and "Your level" not in out
