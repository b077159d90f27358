"""Routine names as a person tells them apart (coach.routine_names)."""

from __future__ import annotations

from coach.routine_names import NAME_MAX, free_name, name_key, same_name


def test_case_and_spacing_do_not_make_another_name():
    assert name_key("  My   Feet ") == name_key("my feet")
    assert name_key("My feet") != name_key("My feet 2")


def test_a_free_name_counts_up_and_stays_within_the_length_of_a_name():
    assert free_name("Morning", ["Evening"]) == "Morning"
    assert free_name("Morning", ["morning", "MORNING (2)", None]) == "Morning (3)"
    long = "x" * NAME_MAX
    assert free_name(long, [long]) == "x" * (NAME_MAX - 4) + " (2)"


def test_same_name_lists_the_others_that_read_the_same():
    names = {"a": "Quick taps", "b": "quick  TAPS", "c": "Slow", "d": None}
    assert same_name(names, "a") == ["b"]
    assert same_name(names, "c") == []
    assert same_name(names, "d") == []
