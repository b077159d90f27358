"""Lights from a real history (coach.progress over coach.history.pains): what a session's
pain during is, which sessions are judged, the morning's first check-in, and the thresholds
a person sets in config.toml."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from history_helpers.sessions import at, ms
from support import fixed

from coach.config import Settings, load_settings
from coach.history import HistoryStore
from coach.progress import history_lights, lights_between, thresholds

DAY = date(2026, 11, 2)


def play(store: HistoryStore, routine: str, start, *, before=2, during=(), after=3,
         finish="completed") -> str:
    """A session of ``routine`` whose steps had the pains ``during`` (one step each)."""
    library = fixed()
    session = store.start_session(routine, library.routines[routine].name, before, start)
    moment = start
    for step, pain in zip(library.steps(routine), during, strict=False):
        store.record_step(session, {
            "step_index": step.index, "item": step.item, "exercise": step.exercise,
            "kind": step.kind, "side": step.side, "set": step.set, "sets": step.sets,
            "round": step.round, "rounds": step.rounds, "variant": step.variant,
            "planned_seconds": step.seconds, "actual_seconds": 10.0, "paused_seconds": 0.0,
            "reps": None, "started_at": ms(moment),
            "ended_at": ms(moment + timedelta(seconds=10)), "status": "done", "pain": pain,
        })
        moment += timedelta(seconds=10)
    if finish:
        store.finish_session(session, finish, moment, after)
    return session


def test_pain_during_is_the_highest_any_step_had(tmp_path):
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        first = play(store, "every-step", at(DAY), during=(1, None, 4, 2))
        silent = play(store, "every-step", at(DAY + timedelta(days=1)), during=(None, None))
        play(store, "every-step", at(DAY + timedelta(days=2)), finish=None)  # in progress
        aborted = play(store, "every-step", at(DAY + timedelta(days=3)), during=(6,),
                       finish="aborted", after=None)
        found = {p.id: p for p in store.session_pains()}
    assert set(found) == {first, silent, aborted}  # one in progress has no light yet
    assert (found[first].before, found[first].during, found[first].after) == (2, 4, 3)
    assert found[silent].during is None
    assert found[aborted].during == 6 and found[aborted].day == DAY + timedelta(days=3)


def test_a_mornings_first_checkin_counts(tmp_path):
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        store.add_checkin(at(DAY, 7), 3)
        store.add_checkin(at(DAY, 9), 8, "later the same day")
        store.add_checkin(at(DAY + timedelta(days=1), 7), 1)
        assert store.mornings() == {DAY: 3, DAY + timedelta(days=1): 1}


def test_history_lights_judge_each_routine_against_the_whole_history(tmp_path):
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        easy = play(store, "every-step", at(DAY), during=(3,))
        store.add_checkin(at(DAY + timedelta(days=1), 7), 2)
        other = play(store, "long-name", at(DAY + timedelta(days=1), 12), during=(6,))
        all_lights = history_lights(store, Settings())
        mine = history_lights(store, Settings(), routine="every-step")
        lenient = history_lights(store, Settings(pain_limit=6), routine="long-name")
    assert set(all_lights) == {easy, other}
    assert set(mine) == {easy}
    assert mine[easy].colour == "green" and mine[easy].settled is True
    assert all_lights[other].colour == "red"  # 6 is over the default limit of 5
    assert lenient[other].colour != "red"


def test_the_thresholds_come_from_config_toml(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("pain_limit = 4\npain_above_baseline = 1\n")
    settings, problems = load_settings(config)
    assert problems == []
    assert (thresholds(settings).limit, thresholds(settings).above_baseline) == (4, 1)
    assert thresholds(Settings()).limit == 5 and thresholds(Settings()).above_baseline == 2


def test_a_pain_limit_out_of_range_is_reported_with_its_line(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("bell = true\npain_limit = 11\n")
    settings, problems = load_settings(config)
    assert settings == Settings()
    assert [(p.line, p.path) for p in problems] == [(2, "pain_limit")]


@pytest.mark.parametrize(("first", "last"), [(20, 20), (10, 25), (0, 3), (38, 41)])
def test_lights_between_read_only_the_weeks_they_need_and_agree(tmp_path, first, last):
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        for n in range(42):
            day = DAY + timedelta(days=n)
            before = None if n % 4 == 0 else n % 3  # some with no pain before
            play(store, "every-step", at(day), before=before, during=((n * 7) % 6,),
                 after=(n * 5) % 7)
            if n % 2:
                store.add_checkin(at(day + timedelta(days=1), 7), (n * 3) % 5)
        whole = history_lights(store, Settings())
        days = {p.id: p.day for p in store.session_pains()}
        part = lights_between(store, Settings(), DAY + timedelta(days=first),
                              DAY + timedelta(days=last))
    wanted = {sid: light for sid, light in whole.items()
              if first <= (days[sid] - DAY).days <= last}
    assert part == wanted and len(part) == last - first + 1
