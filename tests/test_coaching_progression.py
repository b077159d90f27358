"""Levels from a made-up history (coach.coaching.progression, pure): days of sessions with
their pain scores, next-morning check-ins and the person's choices, each at its hour of a
fake calendar, go through the lights of coach.coaching.sessions and come out as each ranged
item's level; which items progress; and the routine as the person plays it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from coach.coaching.progression import (
    LevelChoice,
    item_levels,
    played_routine,
    ranged_items,
)
from coach.coaching.sessions import SessionPains, lights
from coach.coaching.traffic import Thresholds
from coach.models import Exercise, Routine, Span
from coach.timeline import expand

MONDAY = date(2026, 11, 2)


def exercise(id_: str, name: str, prescription: dict) -> Exercise:
    return Exercise.model_validate({
        "id": id_, "name": name, "purpose": "p", "position": "p", "steps": ["s"],
        "sides": "both", "prescription": prescription})


EXERCISES = {e.id: e for e in (
    exercise("raise", "Heel raises", {"kind": "reps", "count": [10, 20]}),
    exercise("circle", "Ankle circles", {"kind": "reps", "count": [5, 10]}),
    exercise("stretch", "Calf stretch", {"kind": "hold", "seconds": [20, 30]}),
    exercise("roll", "Foot massage", {"kind": "timed", "seconds": [60, 180]}),
    exercise("walk", "Toe walk", {"kind": "timed", "seconds": 30}),
)}
ROUTINE = Routine.model_validate({
    "id": "daily", "name": "Daily", "description": "d",
    "items": [{"exercise": "raise"}, {"exercise": "walk"}, {"exercise": "circle"},
              {"exercise": "stretch"}, {"exercise": "roll"},
              # per-side numbers for the ranged number: the sides would overrule a level
              {"exercise": "raise", "prescription": {
                  "kind": "reps", "count": [10, 20], "sides": "each",
                  "left": {"count": [12, 20]}}}]})

# One day of the script: a session at 09:00 and, for all but "bare", the next morning's
# check-in at 07:00 (pain before, highest during, after, next morning).
DAYS = {
    "easy": (2, 3, 2, 2),   # green, settled
    "bare": (2, 3, 2, None),  # green, the next morning not in (no check-in)
    "amber": (1, 4, 2, 1),  # 3 over the baseline of 1: amber
    "sore": (2, 3, 2, 4),   # the next morning not settled: red
    "hurt": (2, 6, 3, 2),   # over the limit of 5: red
}


def run(script: str) -> list:
    """The levels after ``script``: one word a day ("easy", "amber", ...), or a choice
    ("hold 1" holds item 1 at 08:00 on the next session's day, an hour before it)."""
    sessions, mornings, choices, starts = [], {}, [], {}
    day = MONDAY
    for word in script.split(","):
        word = word.strip()
        if not word:
            continue
        name, *item = word.split()
        if name in ("hold", "release", "reset"):
            eight = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
            n = int(item[0])
            choices.append(LevelChoice(ms(eight), n, ROUTINE.items[n - 1].exercise, name))
            continue
        before, during, after, morning = DAYS[name]
        sid = f"s{len(sessions)}"
        sessions.append(SessionPains(sid, "daily", day, before, during, after))
        starts[sid] = ms(datetime(day.year, day.month, day.day, 9, tzinfo=UTC))
        if morning is not None:
            mornings[day + timedelta(days=1)] = morning
        day += timedelta(days=1)
    found = lights(sessions, mornings, Thresholds())
    return item_levels(ranged_items(ROUTINE, EXERCISES),
                       [(starts[s], found[s]) for s in found], choices)


def ms(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


def test_only_ranged_items_progress_and_per_side_numbers_do_not():
    ranged = ranged_items(ROUTINE, EXERCISES)
    assert [(r.item, r.exercise, r.ladder.unit) for r in ranged] == [
        (1, "raise", "reps"), (3, "circle", "circles"), (4, "stretch", "seconds"),
        (5, "roll", "minutes")]


# script -> the values of items 1, 3, 4, 5, and item 1's reason
CASES = [
    ("", (10, 5, 20, 60), "10 reps, the low end of the article's 10-20 reps: where everyone "
                          "starts"),
    ("easy, easy", (10, 5, 20, 60), "10 reps: two easy sessions in a row, three step up to 12"),
    ("easy, easy, easy", (12, 6, 25, 90), "12 reps, up from 10 after three easy sessions"),
    ("easy, easy, bare", (10, 5, 20, 60), "holding at 10 reps: no check-in the morning after"),
    ("easy, easy, amber, easy", (10, 5, 20, 60), "10 reps: one easy session in a row, three "
                                                 "step up to 12"),
    ("easy, easy, easy, sore", (10, 5, 20, 60), "back to 10 after a red session"),
    ("easy, easy, easy, hurt", (10, 5, 20, 60), "back to 10 after a red session"),
    ("easy, easy, easy, easy, easy, easy", (14, 7, 30, 120),
     "14 reps, up from 12 after three easy sessions"),
    # the article's high end is the most: 30 s after two steps, 20 reps after five
    (", ".join(["easy"] * 18), (20, 10, 30, 180), "20 reps, the article's most: no higher to go"),
    # choices are for one item, in time order with the sessions
    ("easy, easy, hold 1, easy", (10, 6, 25, 90), "holding at 10 reps, as you chose"),
    ("hold 1, easy, easy, easy, release 1, easy, easy, easy", (12, 7, 30, 120),
     "12 reps, up from 10 after three easy sessions"),
    ("easy, easy, easy, reset 1", (10, 6, 25, 90), "back to 10 reps, the low end, as you chose"),
    ("easy, easy, easy, hold 1, hurt", (10, 5, 20, 60), "back to 10 after a red session"),
]


@pytest.mark.parametrize(("script", "values", "reason"), CASES)
def test_levels_from_sessions_checkins_and_choices(script, values, reason):
    levels = run(script)
    assert tuple(level.value for level in levels) == values
    assert levels[0].reason == reason


def test_a_choice_for_an_item_that_now_plays_another_exercise_is_not_counted():
    stale = LevelChoice(0, 1, "circle", "hold")
    levels = item_levels(ranged_items(ROUTINE, EXERCISES), [], [stale])
    assert not levels[0].level.held


def test_the_played_routine_expands_at_the_levels():
    levels = run("easy, easy, easy")
    mine = played_routine(ROUTINE, levels)
    assert mine.items[0].prescription.count == Span(12, 12)
    assert mine.items[1] == ROUTINE.items[1]  # not ranged: as the article has it
    assert mine.items[4].prescription.seconds == Span(90, 90)
    assert ROUTINE.items[0].prescription is None  # the library's own is untouched
    reps = [s.reps for s in expand(mine, EXERCISES) if s.exercise == "raise" and s.reps]
    assert reps[0] == 12
    base = [s.reps for s in expand(ROUTINE, EXERCISES) if s.exercise == "raise" and s.reps]
    assert base[0] == 10


def test_the_merge_steps_exactly_as_the_rules_fold():
    """item_levels steps each distinct (level, event) once: over a long mixed history it
    must land where coach.coaching.levels.fold does, reason, run and hold included."""
    import random

    from coach.coaching.levels import fold
    from coach.coaching.traffic import Light

    pick = random.Random(13)
    kinds = [Light("green", "a", True), Light("green", "b", None), Light("green", "c", False),
             Light("amber", "d", True), Light("red", "e", True)]
    lights_at = [(n * 10, pick.choice(kinds[:1] * 6 + kinds)) for n in range(3000)]
    made = [LevelChoice(n * 10 + 5, 1, "raise", pick.choice(["hold", "release", "reset"]))
            for n in range(0, 3000, 97)]
    [level, *_] = item_levels(ranged_items(ROUTINE, EXERCISES), lights_at, made)
    events = sorted([(at, 0, light) for at, light in lights_at]
                    + [(c.at_ms, 1, c.choice) for c in made], key=lambda e: e[:2])
    assert level.level == fold(level.ranged.ladder, [e for _, _, e in events])
