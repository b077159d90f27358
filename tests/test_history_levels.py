"""Level choices in a real history (coach.history.levels, its migration) and each ranged
item's level from it (coach.progress.routine_levels): the sessions' lights and the choices
merged in time order, and the routine as the person plays it."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest
from history_helpers.levels import easy_days, play_day, ranged_library
from history_helpers.sessions import at

from coach.config import Settings
from coach.history import MIGRATIONS, HistoryError, HistoryStore
from coach.progress import played_library, routine_levels

DAY = date(2026, 11, 2)
# The version before level choices: the migration that makes their table takes a file on.
BEFORE = next(n for n, migration in enumerate(MIGRATIONS)
              if any("level_choices" in str(step) for step in migration))


def levels(store: HistoryStore | None, settings: Settings | None = None):
    library = ranged_library()
    return routine_levels(store, settings or Settings(), library.routines["ranged"], library)


def test_choices_are_kept_in_order_for_their_routine(tmp_path):
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        store.add_level_choice(at(DAY, 10), "ranged", 1, "heel-raises", "hold")
        store.add_level_choice(at(DAY, 8), "ranged", 3, "calf-stretch", "reset")
        store.add_level_choice(at(DAY, 9), "other", 1, "heel-raises", "release")
        found = store.level_choices("ranged")
    assert [(c.item, c.exercise, c.choice) for c in found] == [
        (3, "calf-stretch", "reset"), (1, "heel-raises", "hold")]


@pytest.mark.parametrize(("item", "choice", "words"), [
    (1, "freeze", "one of hold, release, reset"), (0, "hold", "from 1"),
    (True, "hold", "from 1")])
def test_a_choice_that_cannot_be_one_is_refused(tmp_path, item, choice, words):
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        with pytest.raises(ValueError, match=words):
            store.add_level_choice(at(DAY), "ranged", item, "heel-raises", choice)
        assert store.level_choices("ranged") == []


def test_a_history_from_before_level_choices_is_migrated(tmp_path):
    db = tmp_path / "h.sqlite3"
    with HistoryStore(db) as store:
        kept = play_day(store, DAY)
        store.conn.execute("DROP TABLE level_choices")
        store.conn.execute(f"PRAGMA user_version = {BEFORE}")
    with HistoryStore(db) as store:
        assert store.session_starts("ranged").keys() == {kept}
        store.add_level_choice(at(DAY, 12), "ranged", 1, "heel-raises", "hold")
        assert len(store.level_choices("ranged")) == 1


def test_a_read_only_history_without_the_table_reads_as_no_choices(tmp_path):
    db = tmp_path / "h.sqlite3"
    with HistoryStore(db) as store:
        store.conn.execute("DROP TABLE level_choices")
        store.conn.execute(f"PRAGMA user_version = {BEFORE}")
    with HistoryStore(db, read_only=True) as store:
        assert store.level_choices("ranged") == []
        with pytest.raises(HistoryError):
            store.add_level_choice(at(DAY), "ranged", 1, "heel-raises", "hold")
    # nothing was written to it
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == BEFORE


def test_without_a_history_every_item_starts_at_its_low_end():
    found = levels(None)
    assert [(level.item, level.exercise, level.value) for level in found] == [
        (1, "heel-raises", 10), (3, "calf-stretch", 20)]


def test_three_easy_sessions_step_up_and_a_hold_made_between_keeps_the_level(tmp_path):
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        after = easy_days(store, DAY, 3)
        up = levels(store)
        store.add_level_choice(at(after, 8), "ranged", 1, "heel-raises", "hold")
        easy_days(store, after, 3)
        held = levels(store)
    assert [level.value for level in up] == [12, 25]
    assert up[0].reason == "12 reps, up from 10 after three easy sessions"
    assert [level.value for level in held] == [12, 30]
    assert held[0].reason == "holding at 12 reps, as you chose"


def test_only_played_sessions_of_the_routine_count_and_the_settings_judge_them(tmp_path):
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        for n in range(3):
            play_day(store, DAY + timedelta(days=n), during=6)  # over the limit of 5
        strict = levels(store)
        lenient = levels(store, Settings(pain_limit=6, pain_above_baseline=4))
        store.start_session("ranged", "Ranged feet", 2, at(DAY + timedelta(days=4)))
        unfinished = levels(store, Settings(pain_limit=6, pain_above_baseline=4))
    assert strict[0].value == 10 and "red session" in strict[0].reason
    assert lenient[0].value == 12
    assert unfinished[0].value == 12


def test_the_played_library_expands_the_routine_at_the_levels(tmp_path):
    library = ranged_library()
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        easy_days(store, DAY, 3)
        found = levels(store)
    mine = played_library(library, library.routines["ranged"], found)
    reps = [s.reps for s in mine.steps("ranged") if s.kind == "reps"]
    holds = [s.seconds for s in mine.steps("ranged") if s.kind == "hold"]
    assert reps == [12] and holds == [25, 25]
    assert [s.reps for s in library.steps("ranged") if s.kind == "reps"] == [10]


def test_every_routines_levels_at_once_are_each_routines_own(tmp_path):
    from coach.progress import levels_by_routine

    library = ranged_library()
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        easy_days(store, DAY, 3)
        every = levels_by_routine(store, Settings(), library)
        one = levels(store)
    assert list(every) == ["ranged"]
    assert every["ranged"] == one
    assert levels_by_routine(None, Settings(), library)["ranged"] == levels(None)
