"""The shipped exercises.toml: it validates, and every routine plays its article's numbers.

Loaded with tomllib and the models directly, so these tests do not depend on the loader.
Each routine item is pinned through :func:`coach.timeline.expand`, so changing a number in
the TOML fails here.
"""

from __future__ import annotations

import itertools
import tomllib
from pathlib import Path

import pytest

from coach.models import Exercise, LibraryFile, Routine
from coach.timeline import Step, expand

LIBRARY = Path(__file__).parents[1] / "exercises.toml"
SEEDS = Path(__file__).parents[2] / "shared" / "seeds"

EXERCISE_IDS = {
    "warm-up", "toe-walking", "ankle-circles", "toe-curls", "heel-raises",
    "tibialis-anterior", "resisted-flexion", "band-stretch", "upward-stretch",
    "heel-stretch", "toe-stretch", "heel-tendon-stretch", "foot-massage", "toe-pressing",
    "toe-pencil-grip",
}

# Routine id -> the first line of its article (shared/seeds/00N_*.txt), in article order.
SOURCES = {
    "fix-everything-five":
        "The Secret to Back Pain is in Your Feet! The 5 Exercises that Fix Everything!",
    "warm-up-and-stretch":
        "The Secret To Getting Rid Of Back Pain Is In Your Feet. "
        "5 Exercises That Will Fix Everything",
    "ten-foot-stretches": "These 10 Foot Stretches Will Relieve The Pain In Your Back!",
    "feet-first-five":
        "If Your Back Pain Comes From Your Feet, These Are The Right Exercises "
        "For You To Relieve The Pain",
    "twenty-minute-morning":
        "Your Feet Are The Secret In Relieving The Back Pain, Do This And In Just 20 Minutes "
        "Your Pain Will Be Gone!",
}


@pytest.fixture(scope="module")
def library() -> LibraryFile:
    with LIBRARY.open("rb") as f:
        return LibraryFile.model_validate(tomllib.load(f))


@pytest.fixture(scope="module")
def exercises(library) -> dict[str, Exercise]:
    return {e.id: e for e in library.exercises}


@pytest.fixture(scope="module")
def routines(library) -> dict[str, Routine]:
    return {r.id: r for r in library.routines}


def item_steps(routines, exercises, routine_id: str, item: int) -> list[Step]:
    steps = expand(routines[routine_id], exercises, prepare_seconds=0, switch_seconds=0)
    return [s for s in steps if s.item == item]


def work(steps: list[Step]) -> list[tuple]:
    """Work steps as (side, set, round, variant, amount): seconds, or reps for reps steps."""
    out = []
    for s in steps:
        if s.kind in ("hold", "timed"):
            out.append((s.side, s.set, s.round, s.variant, s.seconds))
        elif s.kind == "reps":
            out.append((s.side, s.set, s.round, s.variant, s.reps))
    return out


def rests(steps: list[Step]) -> list[float]:
    return [s.seconds for s in steps if s.kind == "rest"]


def kinds(steps: list[Step]) -> set[str]:
    return {s.kind for s in steps if s.is_work}


# --- the file as a whole ---------------------------------------------------------------------


def test_file_validates(library):
    assert library.exercises and library.routines


def test_exactly_the_fifteen_exercises(library):
    ids = [e.id for e in library.exercises]
    assert len(ids) == len(set(ids))
    assert set(ids) == EXERCISE_IDS


def test_routine_items_name_real_exercises_and_their_variants(library, exercises):
    for routine in library.routines:
        for n, item in enumerate(routine.items):
            where = f"{routine.id} item {n}"
            assert item.exercise in exercises, where
            exercise = exercises[item.exercise]
            assert item.prescription is not None, f"{where}: give the article's numbers"
            for variant in item.prescription.variants:
                assert exercise.variant(variant) is not None, f"{where}: {variant}"
    for exercise in library.exercises:
        for variant in exercise.prescription.variants:
            assert exercise.variant(variant) is not None, f"{exercise.id}: {variant}"


def test_exercises_are_complete(library):
    for e in library.exercises:
        assert 2 <= len(e.steps) <= 6, e.id
        assert e.purpose and e.position and e.areas, e.id


def test_toe_walking_and_ankle_circle_variants(exercises):
    assert [v.id for v in exercises["toe-walking"].variants] == ["forward", "toes-out", "toes-in"]
    assert exercises["toe-walking"].sides == "both"
    assert [v.id for v in exercises["ankle-circles"].variants] == [
        "clockwise", "counter-clockwise",
    ]


def test_five_routines_in_article_order_with_exact_sources(library):
    assert [r.id for r in library.routines] == list(SOURCES)
    for routine in library.routines:
        assert routine.source == SOURCES[routine.id]


def test_sources_match_the_seed_articles(library):
    if not SEEDS.is_dir():
        pytest.skip("the seed articles are not next to this checkout")
    seeds = sorted(SEEDS.glob("00[0-4]_*.txt"))
    assert len(seeds) == 5
    firsts = [p.read_text(encoding="utf-8").splitlines()[0].strip() for p in seeds]
    assert [r.source for r in library.routines] == firsts


def test_warm_up_comes_first_in_the_stretching_article(routines):
    assert routines["warm-up-and-stretch"].items[0].exercise == "warm-up"


def test_every_routine_expands_without_self_paced_surprises(routines, exercises):
    for routine in routines.values():
        steps = expand(routine, exercises)
        assert any(s.is_work for s in steps), routine.id


# --- article 000: fix-everything-five ---------------------------------------------------------

ROUTINE_000 = "fix-everything-five"


def test_000_order(routines):
    assert [i.exercise for i in routines[ROUTINE_000].items] == [
        "upward-stretch", "heel-stretch", "toe-stretch", "heel-tendon-stretch", "foot-massage",
    ]


def test_000_upward_stretch_20_to_30_s_twice_each_leg(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_000, 0)
    assert kinds(steps) == {"hold"}
    assert work(steps) == [
        ("right", 1, 1, None, 20.0), ("right", 1, 1, None, 20.0),
        ("left", 1, 1, None, 20.0), ("left", 1, 1, None, 20.0),
    ]
    assert str(routines[ROUTINE_000].items[0].prescription.seconds) == "20-30"


def test_000_heel_stretch_half_minute_twice_each_leg(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_000, 1)
    assert kinds(steps) == {"hold"}
    assert work(steps) == [("right", 1, 1, None, 30.0)] * 2 + [("left", 1, 1, None, 30.0)] * 2


def test_000_toe_stretch_10_s_three_times_left_foot_first(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_000, 2)
    assert kinds(steps) == {"hold"}
    assert work(steps) == [("left", 1, 1, None, 10.0)] * 3 + [("right", 1, 1, None, 10.0)] * 3
    # The article names no pause between repeats: coach's 5 s, marked as its choice.
    assert rests(steps) == [5.0] * 4
    assert routines[ROUTINE_000].items[2].prescription.chosen_by_coach == ["relax_seconds"]


def test_000_heel_tendon_stretch_hold_and_relax_half_minute_twice(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_000, 3)
    # The right foot steps forward first, so the left (back) leg stretches first.
    assert work(steps) == [("left", 1, 1, None, 30.0)] * 2 + [("right", 1, 1, None, 30.0)] * 2
    assert rests(steps) == [30.0, 30.0]  # one relax between the two holds, on each leg


def test_000_foot_massage_1_to_3_minutes_each_foot(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_000, 4)
    assert kinds(steps) == {"timed"}
    assert work(steps) == [("right", 1, 1, None, 60.0), ("left", 1, 1, None, 60.0)]
    assert str(routines[ROUTINE_000].items[4].prescription.seconds) == "60-180"


# --- article 001: warm-up-and-stretch ---------------------------------------------------------

ROUTINE_001 = "warm-up-and-stretch"


def test_001_order(routines):
    assert [i.exercise for i in routines[ROUTINE_001].items] == [
        "warm-up", "toe-curls", "ankle-circles", "toe-walking", "tibialis-anterior",
        "heel-raises",
    ]


def test_001_warm_up_is_one_timed_step(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_001, 0)
    assert kinds(steps) == {"timed"}
    assert work(steps) == [(None, 1, 1, None, 180.0)]


def test_001_toe_curls_hold_for_a_count_of_ten_each_foot(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_001, 1)
    assert kinds(steps) == {"hold"}
    assert work(steps) == [("right", 1, 1, None, 10.0), ("left", 1, 1, None, 10.0)]


def test_001_ankle_circles_a_few_each_leg(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_001, 2)
    assert work(steps) == [("right", 1, 1, None, 3), ("left", 1, 1, None, 3)]
    assert all(s.rep_seconds == 3.0 for s in steps if s.kind == "reps")


def test_001_toe_walking_forward_and_out_four_times_with_count_of_ten(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_001, 3)
    assert kinds(steps) == {"timed"}
    assert work(steps) == [
        (None, 1, r, v, 20.0) for r in range(1, 5) for v in ("forward", "toes-out")
    ]
    assert rests(steps) == [10.0] * 3


def test_001_tibialis_anterior_ten_self_paced_each_leg(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_001, 4)
    assert work(steps) == [("right", 1, 1, None, 10), ("left", 1, 1, None, 10)]
    assert all(s.self_paced for s in steps if s.kind == "reps")


def test_001_heel_raises_ten_each_leg(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_001, 5)
    assert work(steps) == [("right", 1, 1, None, 10), ("left", 1, 1, None, 10)]
    assert all(s.seconds == 30.0 for s in steps if s.kind == "reps")


# --- article 002: ten-foot-stretches ----------------------------------------------------------

ROUTINE_002 = "ten-foot-stretches"


def test_002_order(routines):
    assert [i.exercise for i in routines[ROUTINE_002].items] == [
        "toe-walking", "toe-stretch", "toe-pressing", "toe-pencil-grip", "ankle-circles",
        "heel-tendon-stretch", "heel-stretch", "foot-massage", "upward-stretch",
        "band-stretch",
    ]


def test_002_toe_walking_20_to_30_s(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_002, 0)
    assert work(steps) == [(None, 1, 1, "forward", 20.0)]
    assert str(routines[ROUTINE_002].items[0].prescription.seconds) == "20-30"


def test_002_toe_stretch_three_times_per_foot(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_002, 1)
    assert work(steps) == [("right", 1, 1, None, 3), ("left", 1, 1, None, 3)]
    assert all(s.self_paced for s in steps if s.is_work)


def test_002_toe_pressing_3_s_or_as_long_as_you_can_ten_times(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_002, 2)
    holds = [s for s in steps if s.is_work]
    assert work(steps) == [(None, 1, 1, None, 3.0)] * 10
    assert {(s.hold, s.holds) for s in holds} == {(n, 10) for n in range(1, 11)}
    assert all(s.up_to_seconds == 30 for s in holds)  # open-ended, aiming at 3 s
    assert routines[ROUTINE_002].items[2].frequency.text == "every day"


def test_002_toe_pencil_grip_five_per_foot_as_long_as_you_can(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_002, 3)
    assert work(steps) == [("right", 1, 1, None, 5.0)] * 5 + [("left", 1, 1, None, 5.0)] * 5
    assert all(s.up_to_seconds == 60 for s in steps if s.is_work)
    item = routines[ROUTINE_002].items[3]
    assert (item.frequency.times, item.frequency.per) == (2, "week")
    assert item.prescription.chosen_by_coach == ["seconds", "up_to_seconds", "relax_seconds"]


def test_002_ankle_circles_up_to_15_s_each_leg(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_002, 4)
    assert kinds(steps) == {"timed"}
    assert work(steps) == [("right", 1, 1, None, 15.0), ("left", 1, 1, None, 15.0)]


def test_002_heel_tendon_stretch_half_minute_each_leg(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_002, 5)
    assert kinds(steps) == {"hold"}
    # The right knee bends in front: the left (back) leg stretches first.
    assert work(steps) == [("left", 1, 1, None, 30.0), ("right", 1, 1, None, 30.0)]
    item = routines[ROUTINE_002].items[5]
    assert (item.frequency.times, item.frequency.per) == (2, "day")


def test_002_heel_stretch_half_minute_each_leg(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_002, 6)
    assert work(steps) == [("right", 1, 1, None, 30.0), ("left", 1, 1, None, 30.0)]


def test_002_foot_massage_borrows_1_to_3_minutes(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_002, 7)
    assert work(steps) == [("right", 1, 1, None, 60.0), ("left", 1, 1, None, 60.0)]
    assert str(routines[ROUTINE_002].items[7].prescription.seconds) == "60-180"


def test_002_upward_stretch_30_s_each_leg(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_002, 8)
    assert kinds(steps) == {"hold"}
    assert work(steps) == [("right", 1, 1, None, 30.0), ("left", 1, 1, None, 30.0)]


def test_002_band_stretch_15_s_ten_times(routines, exercises):
    # Each of the ten holds is its own counted step, with coach's short ease-off between.
    steps = item_steps(routines, exercises, ROUTINE_002, 9)
    assert work(steps) == [(None, 1, 1, None, 15.0)] * 10
    assert rests(steps) == [5.0] * 9


# --- article 003: feet-first-five -------------------------------------------------------------

ROUTINE_003 = "feet-first-five"


def test_003_order(routines):
    assert [i.exercise for i in routines[ROUTINE_003].items] == [
        "toe-walking", "tibialis-anterior", "heel-raises", "ankle-circles", "toe-curls",
        "toe-curls",
    ]


def test_003_toe_walking_three_ways_five_rounds(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_003, 0)
    timed = [s for s in steps if s.kind == "timed"]
    assert len(timed) == 15
    assert work(steps) == [
        (None, 1, r, v, 20.0)
        for r in range(1, 6)
        for v in ("forward", "toes-out", "toes-in")
    ]
    assert rests(steps) == [15.0] * 4


def test_003_tibialis_anterior_2_s_ten_times(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_003, 1)
    assert work(steps) == [("right", 1, 1, None, 10), ("left", 1, 1, None, 10)]
    assert all(s.rep_hold_seconds == 2 for s in steps if s.kind == "reps")


def test_003_heel_raises_10_to_20_left_leg_works_first(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_003, 2)
    assert work(steps) == [("left", 1, 1, None, 10), ("right", 1, 1, None, 10)]
    assert str(routines[ROUTINE_003].items[2].prescription.count) == "10-20"


def test_003_ankle_circles_5_to_10_each_ankle(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_003, 3)
    assert work(steps) == [("right", 1, 1, None, 5), ("left", 1, 1, None, 5)]
    assert str(routines[ROUTINE_003].items[3].prescription.count) == "5-10"


def test_003_toe_curls_crumple_with_both_then_grab_with_each(routines, exercises):
    crumple = item_steps(routines, exercises, ROUTINE_003, 4)
    assert work(crumple) == [(None, 1, 1, None, 5)]
    assert str(routines[ROUTINE_003].items[4].prescription.count) == "5-10"
    grab = item_steps(routines, exercises, ROUTINE_003, 5)
    assert kinds(grab) == {"hold"}
    assert work(grab) == [("right", 1, 1, None, 10.0), ("left", 1, 1, None, 10.0)]


# --- article 004: twenty-minute-morning -------------------------------------------------------

ROUTINE_004 = "twenty-minute-morning"


def test_004_order(routines):
    assert [i.exercise for i in routines[ROUTINE_004].items] == [
        "heel-raises", "toe-walking", "ankle-circles", "toe-curls", "resisted-flexion",
    ]


def test_004_heel_raises_10_per_side_three_times(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_004, 0)
    assert work(steps) == [
        (side, n, 1, None, 10) for n in (1, 2, 3) for side in ("right", "left")
    ]
    assert str(routines[ROUTINE_004].items[0].prescription.count) == "10-20"


def test_004_toe_walking_three_ways_five_rounds(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_004, 1)
    assert work(steps) == [
        (None, 1, r, v, 20.0)
        for r in range(1, 6)
        for v in ("forward", "toes-out", "toes-in")
    ]
    assert rests(steps) == [15.0] * 4


def test_004_ankle_circles_both_directions_five_sets_each_foot(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_004, 2)
    assert work(steps) == [
        (side, n, 1, v, 5)
        for n in range(1, 6)
        for side in ("right", "left")
        for v in ("clockwise", "counter-clockwise")
    ]
    assert str(routines[ROUTINE_004].items[2].prescription.count) == "5-10"


def test_004_toe_curls_five_sets_both_directions_left_foot_first(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_004, 3)
    assert work(steps) == [
        (side, n, 1, v, 5)
        for side in ("left", "right")
        for n in range(1, 6)
        for v in ("toward", "away")
    ]
    assert str(routines[ROUTINE_004].items[3].prescription.count) == "5-10"


def test_004_resisted_flexion_ten_reps_three_sets_each_foot(routines, exercises):
    steps = item_steps(routines, exercises, ROUTINE_004, 4)
    assert work(steps) == [
        (side, n, 1, None, 10) for n in (1, 2, 3) for side in ("right", "left")
    ]
    assert all(s.rep_hold_seconds == 2 and s.rep_hold_at == "both"
               for s in steps if s.kind == "reps")


# --- coach's own choices ----------------------------------------------------------------------


def test_coach_chosen_tempos_are_deliberate(routines, exercises):
    # The articles give no tempo; these are coach's choices (see the TOML comments). Seconds
    # a rep, the hold at the top included, per (routine, item); every other reps item is
    # self-paced.
    paced = {
        ("warm-up-and-stretch", 2): 3.0, ("warm-up-and-stretch", 5): 3.0,
        ("feet-first-five", 1): 4.0, ("feet-first-five", 2): 3.0, ("feet-first-five", 3): 3.0,
        ("twenty-minute-morning", 0): 3.0, ("twenty-minute-morning", 2): 3.0,
        ("twenty-minute-morning", 4): 6.0,  # 2 s of movement and a 2 s pause at each end
    }
    found = {}
    for routine in routines.values():
        for s in expand(routine, exercises):
            if s.kind == "reps" and not s.self_paced:
                found[(routine.id, s.item)] = s.rep_seconds
    assert found == paced


def test_coach_chosen_tempos_are_marked_in_the_data(routines, exercises):
    """Every tempo is coach's choice (no article gives one), so every prescription that sets
    one says so, where `coach show` and the picker can show it."""
    prescriptions = [e.prescription for e in exercises.values()]
    prescriptions += [i.prescription for r in routines.values() for i in r.items]
    for rx in prescriptions:
        if getattr(rx, "tempo_seconds", None) is not None:
            assert "tempo_seconds" in rx.chosen_by_coach, rx


def test_alternating_sets_always_leave_time_to_change_feet(routines, exercises):
    """Wherever two work steps of an item in a row are on different sides, a switch_side
    step comes between (the band or the foot has to move), after any rest."""
    for routine in routines.values():
        steps = expand(routine, exercises, prepare_seconds=5, switch_seconds=5)
        work_steps = [s for s in steps if s.is_work]
        for before, after in itertools.pairwise(work_steps):
            if before.item == after.item and before.side != after.side:
                between = steps[before.index + 1:after.index]
                assert between and between[-1].kind == "switch_side", (routine.id, after.index)


def test_004_claims_twenty_minutes_every_morning(routines):
    routine = routines["twenty-minute-morning"]
    assert routine.claimed_minutes == 20
    assert (routine.frequency.times, routine.frequency.per, routine.frequency.text) == (
        1, "day", "every morning")
    for routine_id in ("ten-foot-stretches", "feet-first-five"):
        assert routines[routine_id].frequency is not None, routine_id
