"""The library loader: reading one file, merging a user's library over the shipped one, the
:class:`Library` helpers, and the locator that finds the line of every key path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from coach import paths
from coach.diagnostics.toml_locator import Locator
from coach.library import (
    Library,
    LibraryError,
    Problem,
    load_file,
    load_library,
    validate_paths,
)
from coach.models import Hold, LibraryFile, Reps, Span

SHIPPED = textwrap.dedent(
    """\
    [[exercises]]
    id = "heel-stretch"
    name = "Heel stretch"
    purpose = "Stretch the calf and heel."
    position = "Stand facing a wall."
    steps = ["Step back.", "Lean in."]
    equipment = ["wall"]
    sides = "each"
    variants = [
        { id = "straight", name = "Knee straight" },
        { id = "bent", name = "Knee bent" },
    ]
    prescription = { kind = "hold", seconds = [20, 30], holds = 2, relax_seconds = 5 }

    [[exercises]]
    id = "towel-curls"
    name = "Towel curls"
    purpose = "Strengthen the toes."
    position = "Sit with a towel under one foot."
    steps = ["Scrunch the towel."]
    equipment = ["chair", "towel"]
    sides = "each"
    prescription = { kind = "reps", count = 10, tempo_seconds = 2 }

    [[exercises]]
    id = "march"
    name = "March"
    purpose = "Warm up."
    position = "Stand."
    steps = ["March on the spot."]
    sides = "both"
    prescription = { kind = "timed", seconds = 60 }

    [[routines]]
    id = "morning"
    name = "Morning"
    description = "A short start."

    [[routines.items]]
    exercise = "march"

    [[routines.items]]
    exercise = "heel-stretch"
    prescription = { kind = "hold", seconds = 30, variants = ["straight", "bent"] }

    [[routines.items]]
    exercise = "towel-curls"

    [[routines]]
    id = "toes"
    name = "Toes"
    description = "Just toes."
    items = [{ exercise = "towel-curls" }]
    """
)

USER_EXERCISE = textwrap.dedent(
    """\
    [[exercises]]
    id = "marbles"
    name = "Marble pick-up"
    purpose = "Train the toes to grip."
    position = "Sit with marbles and a bowl."
    steps = ["Pick up a marble with your toes.", "Drop it in the bowl."]
    equipment = ["marbles", "bowl", "chair"]
    sides = "each"
    prescription = { kind = "reps", count = 20 }
    """
)


@pytest.fixture
def shipped(tmp_path, monkeypatch) -> Path:
    """A small shipped library in place of the real one, which changes as it is written."""
    path = tmp_path / "shipped.toml"
    path.write_text(SHIPPED)
    monkeypatch.setattr(paths, "shipped_library", lambda: path)
    return path


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


# --- one file ------------------------------------------------------------------------------


def test_load_file_returns_validated_models(shipped):
    lib = load_file(shipped)
    assert isinstance(lib, LibraryFile)
    assert [e.id for e in lib.exercises] == ["heel-stretch", "towel-curls", "march"]
    assert [r.id for r in lib.routines] == ["morning", "toes"]
    heel = lib.exercises[0]
    assert isinstance(heel.prescription, Hold)
    assert heel.prescription.seconds == Span(20, 30)
    assert isinstance(lib.exercises[1].prescription, Reps)
    assert lib.routines[0].items[1].prescription.variants == ["straight", "bent"]


def test_load_file_leaves_outside_exercises_to_the_merge(tmp_path):
    path = write(tmp_path, "mine.toml", """\
        [[routines]]
        id = "mine"
        name = "Mine"
        description = "Built on the shipped exercises."
        items = [{ exercise = "heel-stretch" }]
        """)
    assert [r.id for r in load_file(path).routines] == ["mine"]


def test_load_file_raises_every_problem(tmp_path):
    path = write(tmp_path, "bad.toml", """\
        [[exercises]]
        id = "a"
        name = 3
        """)
    with pytest.raises(LibraryError) as caught:
        load_file(path)
    assert [(p.line, p.path) for p in caught.value.problems] == [
        (1, "exercises[a]"), (1, "exercises[a]"), (1, "exercises[a]"), (1, "exercises[a]"),
        (1, "exercises[a]"), (3, "exercises[a].name"),
    ]
    assert all(p.file == str(path) for p in caught.value.problems)


def test_the_real_shipped_library_loads():
    lib = load_library()
    assert lib.exercises and lib.routines and lib.problems == []
    for routine_id in lib.routines:
        assert lib.steps(routine_id)
        assert lib.estimated_seconds(routine_id) > 0


# --- merging -------------------------------------------------------------------------------


def test_no_user_library_is_the_shipped_one(shipped, tmp_path):
    lib = load_library(None, tmp_path / "absent.toml")
    assert list(lib.exercises) == ["heel-stretch", "towel-curls", "march"]
    assert lib.problems == []
    assert load_library().exercises.keys() == lib.exercises.keys()
    assert lib.origin[("exercise", "march")] == shipped
    assert lib.origin[("routine", "toes")] == shipped


def test_user_library_adds_after_the_shipped(shipped, tmp_path):
    user = write(tmp_path, "user.toml", USER_EXERCISE)
    lib = load_library(None, user)
    assert list(lib.exercises) == ["heel-stretch", "towel-curls", "march", "marbles"]
    assert lib.origin[("exercise", "marbles")] == user
    assert lib.origin[("exercise", "march")] == shipped
    assert lib.problems == []


def test_user_override_keeps_the_shipped_position(shipped, tmp_path):
    user = write(tmp_path, "user.toml", """\
        [[exercises]]
        id = "towel-curls"
        name = "Towel curls, my way"
        purpose = "Strengthen the toes."
        position = "Sit."
        steps = ["Scrunch slowly."]
        sides = "both"
        prescription = { kind = "reps", count = 15 }

        [[routines]]
        id = "morning"
        name = "My morning"
        description = "Replaced."
        items = [{ exercise = "towel-curls" }]
        """)
    lib = load_library(None, user)
    assert list(lib.exercises) == ["heel-stretch", "towel-curls", "march"]
    assert lib.exercises["towel-curls"].name == "Towel curls, my way"
    assert lib.origin[("exercise", "towel-curls")] == user
    assert list(lib.routines) == ["morning", "toes"]
    assert lib.routines["morning"].name == "My morning"
    assert lib.origin[("routine", "morning")] == user
    # The shipped routine that still uses it plays the user's version.
    assert lib.steps("toes")[1].reps == 15


def test_user_routine_uses_shipped_and_own_exercises(shipped, tmp_path):
    user = write(tmp_path, "user.toml", USER_EXERCISE + """
        [[routines]]
        id = "evening"
        name = "Evening"
        description = "Mixed."

        [[routines.items]]
        exercise = "heel-stretch"
        prescription = { kind = "hold", seconds = 20, variants = ["bent"] }

        [[routines.items]]
        exercise = "marbles"
        """)
    lib = load_library(None, user)
    assert lib.problems == []
    assert [i.exercise for i in lib.routines["evening"].items] == ["heel-stretch", "marbles"]
    assert lib.origin[("routine", "evening")] == user


def test_broken_user_library_is_set_aside_with_its_problems(shipped, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "user.toml", USER_EXERCISE + """
        [[routines]]
        id = "evening"
        name = "Evening"
        description = "Names an exercise nobody has."
        items = [{ exercise = "heel-strech" }, { exercise = "marbles", note = "" }]
        """)
    lib = load_library(None, Path("user.toml"))
    assert list(lib.exercises) == ["heel-stretch", "towel-curls", "march"]
    assert list(lib.routines) == ["morning", "toes"]
    assert [str(p) for p in lib.problems] == [
        "user.toml:15: routines[evening].items[2].note: must not be empty",
        "user.toml:15: routines[evening].items[1].exercise: unknown exercise 'heel-strech'"
        " (did you mean 'heel-stretch'?)",
    ]


def test_user_library_with_a_syntax_error_is_set_aside(shipped, tmp_path):
    user = write(tmp_path, "user.toml", "[[exercises]\n")
    lib = load_library(None, user)
    assert list(lib.exercises) == ["heel-stretch", "towel-curls", "march"]
    assert [(p.line, p.message.split(":")[0]) for p in lib.problems] == [(1, "invalid TOML")]


def test_user_library_that_is_a_directory_is_set_aside(shipped, tmp_path):
    (tmp_path / "user.toml").mkdir()
    lib = load_library(None, tmp_path / "user.toml")
    assert lib.problems == [
        Problem(str(tmp_path / "user.toml"), None, "", "is a directory, not a library file")
    ]


def test_override_dropping_a_variant_a_shipped_routine_plays(shipped, tmp_path):
    user = write(tmp_path, "user.toml", """\
        [[exercises]]
        id = "heel-stretch"
        name = "Heel stretch"
        purpose = "Stretch."
        position = "Stand."
        steps = ["Lean."]
        sides = "each"
        variants = [{ id = "straight", name = "Knee straight" }]
        prescription = { kind = "hold", seconds = 30 }
        """)
    lib = load_library(None, user)
    assert lib.exercises["heel-stretch"].name == "Heel stretch"
    assert len(lib.exercises["heel-stretch"].variants) == 2  # the shipped one, kept
    assert [str(p) for p in lib.problems] == [
        f"{user}:1: exercises[heel-stretch].variants: no variant 'bent', which routine"
        f" 'morning' plays (item 2, {shipped}:44); keep the variant or replace that routine too"
    ]


def test_a_routine_a_later_file_replaced_is_not_checked_against_its_exercises(
        shipped, tmp_path):
    # The user's heel stretch has none of the variants the shipped "morning" plays, but the
    # user's "morning" replaces that routine too: nothing of the shipped one is played, so
    # a valid library must load whole (it was set aside with a false problem per variant).
    user = write(tmp_path, "user.toml", """\
        [[exercises]]
        id = "heel-stretch"
        name = "Heel stretch"
        purpose = "Stretch."
        position = "Stand."
        steps = ["Lean."]
        sides = "each"
        variants = [{ id = "upright", name = "Upright" }]
        prescription = { kind = "hold", seconds = 30 }

        [[routines]]
        id = "morning"
        name = "My morning"
        description = "Mine."

        [[routines.items]]
        exercise = "heel-stretch"
        prescription = { kind = "hold", seconds = 20, variants = ["upright"] }

        [[routines.items]]
        exercise = "march"
        """)
    lib = load_library(None, user)
    assert lib.problems == []
    assert lib.routines["morning"].name == "My morning"
    assert [v.id for v in lib.exercises["heel-stretch"].variants] == ["upright"]
    assert list(lib.routines) == ["morning", "toes"]  # the replacement keeps its place
    merged, problems = validate_paths([shipped, user])
    assert problems == []
    assert merged is not None and merged.routines["morning"].name == "My morning"


def test_broken_shipped_library_raises(shipped):
    shipped.write_text(SHIPPED.replace('exercise = "march"', 'exercise = "marhc"'))
    with pytest.raises(LibraryError) as caught:
        load_library()
    assert [str(p) for p in caught.value.problems] == [
        f"{shipped}:40: routines[morning].items[1].exercise: unknown exercise 'marhc'"
        " (did you mean 'march'?)"
    ]


def test_library_flag_bypasses_the_merge(shipped, tmp_path):
    own = write(tmp_path, "own.toml", USER_EXERCISE)
    lib = load_library(own, tmp_path / "ignored.toml")
    assert list(lib.exercises) == ["marbles"]
    assert lib.routines == {}
    assert lib.origin == {("exercise", "marbles"): own}


def test_library_flag_reports_unknown_exercises(shipped, tmp_path):
    own = write(tmp_path, "own.toml", USER_EXERCISE + """
        [[routines]]
        id = "r"
        name = "R"
        description = "D."
        items = [{ exercise = "heel-stretch" }]
        """)
    with pytest.raises(LibraryError, match="unknown exercise 'heel-stretch'"):
        load_library(own)


def test_validate_paths_merges_in_order(shipped, tmp_path):
    user = write(tmp_path, "user.toml", USER_EXERCISE)
    lib, problems = validate_paths([shipped, user])
    assert problems == []
    assert list(lib.exercises)[-1] == "marbles"
    broken = write(tmp_path, "broken.toml", 'x = 1\n')
    lib, problems = validate_paths([shipped, broken, user])
    assert lib is None
    assert [str(p) for p in problems] == [f"{broken}:1: x: unknown key 'x'"]


def test_validate_paths_with_a_broken_file_still_checks_the_next(tmp_path, shipped):
    first = write(tmp_path, "first.toml", USER_EXERCISE.replace('count = 20', 'count = 0'))
    second = write(tmp_path, "second.toml", """\
        [[routines]]
        id = "r"
        name = "R"
        description = "D."
        items = [{ exercise = "marbles" }, { exercise = "nope" }]
        """)
    _, problems = validate_paths([first, second])
    # "marbles" is broken but known, so only "nope" is unknown.
    assert [(p.file, p.line, p.path) for p in problems] == [
        (str(first), 9, "exercises[marbles].prescription.count"),
        (str(second), 5, "routines[r].items[2].exercise"),
    ]


# --- Library helpers -----------------------------------------------------------------------


def test_library_helpers(shipped):
    lib = load_library()
    assert isinstance(lib, Library)
    steps = lib.steps("morning")
    assert steps[0].kind == "prepare" and steps[0].exercise == "march"
    assert {s.exercise for s in steps} == {"march", "heel-stretch", "towel-curls"}
    quick = lib.steps("morning", prepare_seconds=0, switch_seconds=0)
    assert all(s.kind not in ("prepare", "switch_side") for s in quick)
    assert lib.estimated_seconds("morning") == sum(s.estimated_seconds for s in steps)
    assert lib.estimated_seconds("toes") == 5 + 20 + 5 + 20
    assert lib.equipment("morning") == ["wall", "chair", "towel"]
    assert lib.equipment("toes") == ["chair", "towel"]
    assert [r.id for r in lib.routines_using("towel-curls")] == ["morning", "toes"]
    assert [r.id for r in lib.routines_using("march")] == ["morning"]
    assert lib.routines_using("nothing") == []


# --- locator -------------------------------------------------------------------------------

LOCATOR_TEXT = '''\
# comment with [[exercises]] and key = "value"
title = "x"                     # 2
[[exercises]]                   # 3
id = "a"
purpose = """
steps = ["not", "a", "key"]
[[exercises]]
"""
steps = [                       # 9
    "one",                      # 10
    # a comment inside an array
    "two", "three",             # 12
]
prescription = { kind = "hold", seconds = 30, nested = { deep = 1 } }   # 14
"quoted key" = 1                # 15
dotted.inner.key = 2            # 16
literal = \'\'\'
[[routines]]
\'\'\'

[exercises.extra]               # 21
k = 1

[[exercises]]                   # 24
id = "b"
variants = [
    { id = "v1", name = "V1" },  # 27
    { id = "v2",
      name = "V2" },             # 28-29 (a multi-line array element)
]

[[routines]]                    # 32
id = "r"
[[routines.items]]              # 34
exercise = "a"
[[routines.items]]              # 36
exercise = "b"
prescription.kind = "reps"      # 38
[[routines]]                    # 39
[[routines.items]]              # 40
'''


def test_locator_maps_key_paths_to_lines():
    loc = Locator(LOCATOR_TEXT)
    assert loc.stopped_at is None
    expected = {
        ("title",): 2,
        ("exercises",): 3,
        ("exercises", 0): 3,
        ("exercises", 0, "id"): 4,
        ("exercises", 0, "purpose"): 5,
        ("exercises", 0, "steps"): 9,
        ("exercises", 0, "steps", 0): 10,
        ("exercises", 0, "steps", 1): 12,
        ("exercises", 0, "steps", 2): 12,
        ("exercises", 0, "prescription"): 14,
        ("exercises", 0, "prescription", "seconds"): 14,
        ("exercises", 0, "prescription", "nested", "deep"): 14,
        ("exercises", 0, "quoted key"): 15,
        ("exercises", 0, "dotted"): 16,
        ("exercises", 0, "dotted", "inner", "key"): 16,
        ("exercises", 0, "literal"): 17,
        ("exercises", 0, "extra"): 21,
        ("exercises", 0, "extra", "k"): 22,
        ("exercises", 1): 24,
        ("exercises", 1, "variants", 0): 27,
        ("exercises", 1, "variants", 0, "name"): 27,
        ("exercises", 1, "variants", 1): 28,
        ("exercises", 1, "variants", 1, "name"): 29,
        ("routines", 0): 32,
        ("routines", 0, "items"): 34,
        ("routines", 0, "items", 0): 34,
        ("routines", 0, "items", 1, "exercise"): 37,
        ("routines", 0, "items", 1, "prescription", "kind"): 38,
        ("routines", 1): 39,
        ("routines", 1, "items", 0): 40,
    }
    assert {key: loc.exact(key) for key in expected} == expected
    # Strings are never read as keys: there are exactly two exercises and two routines.
    assert loc.exact(("exercises", 2)) is None
    assert loc.exact(("routines", 2)) is None


def test_locator_falls_back_to_the_deepest_prefix():
    loc = Locator(LOCATOR_TEXT)
    assert loc.line(("exercises", 1, "name")) == 24  # missing key: its table's header
    assert loc.line(("exercises", 0, "prescription", "reps")) == 14
    assert loc.line(("routines", 1, "items", 0, "exercise")) == 40
    assert loc.line(("nothing", "here")) == 1


def test_locator_on_the_shipped_library_finds_every_table():
    text = paths.shipped_library().read_text()
    loc = Locator(text)
    assert loc.stopped_at is None
    lines = text.splitlines()
    headers = [n for n, line in enumerate(lines, 1) if line.startswith("[[exercises]]")]
    assert [loc.exact(("exercises", i)) for i in range(len(headers))] == headers


def test_locator_stops_at_an_unterminated_string_without_raising():
    loc = Locator('a = 1\nb = """never closed\n' + "x\n" * 1000)
    assert loc.exact(("a",)) == 1
    assert loc.stopped_at == 2


@pytest.mark.parametrize(
    "text",
    ["", "[", "[[", "a", "a =", "a = [1,", "a = {", 'a = "', "[a]]", "= 1", "a = [1 2]"],
)
def test_locator_never_raises_on_nonsense(text):
    Locator(text).line(("a", 0, "b"))


def test_suggestions_stop_when_their_budget_runs_out(tmp_path):
    # 400 bad names against 400 ids would be 160,000 comparisons: the first problems get a
    # suggestion, the rest are still reported, just without one, so the work stays linear.
    exercises = "".join(
        USER_EXERCISE.replace('"marbles"', f'"exercise-{i}"') for i in range(400)
    )
    routines = "".join(
        f'[[routines]]\nid = "r{r}"\nname = "R"\ndescription = "D."\nitems = ['
        + ", ".join(f'{{ exercise = "exercize-{r * 100 + i}" }}' for i in range(100))
        + "]\n"
        for r in range(4)
    )
    path = write(tmp_path, "many.toml", exercises + routines)
    with pytest.raises(LibraryError) as caught:
        load_library(path)
    problems = caught.value.problems
    assert len(problems) == 400
    assert problems[0].message == "unknown exercise 'exercize-0' (did you mean 'exercise-0'?)"
    assert problems[-1].message == "unknown exercise 'exercize-399'"
