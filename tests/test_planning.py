"""The plan and the day from a real history and the shipped library: ``coach plan``'s rows,
``coach today``'s parts, the picker's marks, the missed-day question and its offers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from support import shipped

from coach.coaching.levels import ladder
from coach.coaching.plan import Missed, Plan
from coach.config import Settings
from coach.history import HistoryStore
from coach.models import Span
from coach.planning import (
    adherence_on,
    due_marks,
    gentler_version,
    missed_question,
    offer,
    planned,
    short_version,
    today,
)

CET = timezone(timedelta(hours=1))
WED = datetime(2026, 12, 2, 9, 0, tzinfo=CET)
MON = WED - timedelta(days=2)


@pytest.fixture
def store(tmp_path: Path):
    with HistoryStore(tmp_path / "history.sqlite3") as s:
        yield s


def play(store: HistoryStore, routine: str, when: datetime, *, status: str = "completed",
         before: int | None = None, after: int | None = None) -> str:
    sid = store.start_session(routine, routine.title(), before, when)
    store.finish_session(sid, status, when + timedelta(minutes=10), after)
    return sid


def test_planned_lists_plans_then_article_defaults_not_yet_planned(store):
    library = shipped()
    store.set_plan("feet-first-five", [0, 2, 4], ["07:30"], MON)
    store.set_plan("gone-now", [1], [], MON)
    rows = planned(store, library.routines)
    assert [r.routine for r in rows[:2]] == ["feet-first-five", "gone-now"]
    first = rows[0]
    assert first.plan == Plan("feet-first-five", (0, 2, 4), ("07:30",), MON.date())
    assert first.words == "every day" and first.default is not None
    assert rows[1].name is None and rows[1].default is None
    offered = {r.routine: r for r in rows[2:]}
    assert "feet-first-five" not in offered
    morning = offered["twenty-minute-morning"]
    assert morning.plan is None and morning.words == "every morning"
    assert morning.default == Plan("twenty-minute-morning", tuple(range(7)))
    with_frequency = {r.id for r in library.routines.values() if r.frequency is not None}
    assert set(offered) == with_frequency - {"feet-first-five"}


def test_due_marks_and_today_say_what_is_due_and_done(store):
    store.set_plan("a", [2], ["07:30", "18:00"], MON)
    store.set_plan("b", [2], [], MON)
    store.set_plan("c", [0], [], MON)
    play(store, "a", WED - timedelta(hours=1))
    play(store, "b", WED - timedelta(hours=2), status="aborted")
    marks = due_marks(store, WED.date())
    assert set(marks) == {"a", "b"}
    assert (marks["a"].completed, marks["a"].done, marks["b"].done) == (1, False, False)
    day = today(store, {}, Settings(), WED)
    assert [(d.routine, name, d.times) for d, name in day.due] == [
        ("a", "a", ("07:30", "18:00")), ("b", "b", ())]
    assert [(r, s) for r, _, _, s in day.played] == [("b", "aborted"), ("a", "completed")]
    assert day.missed == Missed(MON.date(), "c")


def test_today_with_an_empty_history(store):
    day = today(store, {}, Settings(), WED)
    assert (day.due, day.played, day.light, day.trend, day.missed) == ([], [], None, None, None)
    assert day.suggestion.text.startswith("Start gently")


def test_today_judges_the_last_session_and_the_trend(store):
    start = WED - timedelta(days=20)
    for n in range(3):
        play(store, "a", start + timedelta(days=n), before=5, after=6)
    play(store, "a", WED - timedelta(days=1), before=2, after=2)
    store.add_checkin(WED - timedelta(hours=1), 2)
    day = today(store, {}, Settings(), WED)
    assert day.light is not None and day.light.colour == "green"
    assert day.suggestion.text.startswith("Carry on")
    assert day.trend is not None and day.trend.direction == "better"
    assert (day.trend.first_week, day.trend.last_days, day.trend.meaningful) == (6.0, 2.0, True)


def test_the_missed_question_is_asked_once(store):
    store.set_plan("a", [0], [], MON - timedelta(weeks=1))
    assert missed_question(store, WED.date()) == Missed(MON.date(), "a")
    store.answer_missed(MON.date(), "a", "not now", WED)
    assert missed_question(store, WED.date()) is None


def test_the_offers_of_each_answer():
    library = shipped()
    routine = library.routines["feet-first-five"]
    gentle = gentler_version(routine, library.exercises)
    assert len(gentle.items) == len(routine.items)
    for item, old in zip(gentle.items, routine.items, strict=True):
        before = old.prescription or library.exercises[old.exercise].prescription
        rungs = ladder(before)
        if rungs is not None:
            after = item.prescription
            assert after is not None
            span = after.count if after.kind == "reps" else after.seconds
            assert span == Span(rungs.low, rungs.low)
    assert any(ladder(old.prescription or library.exercises[old.exercise].prescription)
               for old in routine.items)  # the test checks something
    short = short_version(routine)
    assert short.items == routine.items[:(len(routine.items) + 1) // 2]
    assert offer("pain", routine).how == "gentler"
    assert offer("no time", routine).how == "short"
    forgot = offer("forgot", routine)
    assert forgot.how == "reminder" and "coach plan set feet-first-five --at HH:MM" in forgot.text
    assert offer("not now", routine) is None


def test_a_gentler_version_leaves_items_without_a_range_as_they_are():
    library = shipped()
    for routine in library.routines.values():
        gentle = gentler_version(routine, library.exercises)
        for item, old in zip(gentle.items, routine.items, strict=True):
            base = old.prescription or library.exercises[old.exercise].prescription
            if ladder(base) is None:
                assert item == old


@pytest.mark.parametrize("before_every", [1, 9])  # 9: few scores before, the long way round
def test_the_last_light_and_the_trend_match_the_whole_historys(store, before_every):
    import random

    from coach.coaching.today import pain_trend
    from coach.progress import history_lights

    rng = random.Random(before_every)
    start = WED - timedelta(days=60)
    for n in range(58):
        if n % 3 == 2:
            continue
        when = start + timedelta(days=n)
        sid = store.start_session("a", "A", rng.randint(0, 6) if n % before_every == 0 else None,
                                  when)
        store.record_step(sid, {"step_index": 0, "item": 0, "exercise": "x", "kind": "hold",
                                "side": None, "set": 1, "sets": 1, "round": 1,
                                "rounds": 1, "variant": None, "planned_seconds": 5.0,
                                "actual_seconds": 5.0, "paused_seconds": 0.0, "reps": None,
                                "started_at": when.isoformat(), "ended_at": when.isoformat(),
                                "status": "done", "pain": rng.randint(0, 6)})
        store.finish_session(sid, "completed", when + timedelta(minutes=5), rng.randint(0, 6))
        if n % 2:
            store.add_checkin(when + timedelta(days=1, hours=-2), rng.randint(0, 6))
    settings = Settings()
    whole = list(history_lights(store, settings).values())
    assert today(store, {}, settings, WED).light == whole[-1]
    sessions, mornings = store.session_pains(), store.mornings()
    scores = [(s.day, p) for s in sessions for p in (s.during, s.after) if p is not None]
    expected = pain_trend(WED.date(), [*scores, *mornings.items()])
    assert expected is not None
    assert today(store, {}, settings, WED).trend == expected


def test_pains_of_some_days_and_the_first_day_with_a_score(store):
    assert (store.first_pain_day(), store.last_played_day()) == (None, None)
    play(store, "a", MON - timedelta(days=5), before=3)          # no score during or after
    play(store, "a", MON - timedelta(days=3), after=4)
    play(store, "a", MON, after=2)
    store.add_checkin(MON - timedelta(days=4), 1)
    assert store.first_pain_day() == (MON - timedelta(days=4)).date()
    assert store.last_played_day() == MON.date()
    days = [s.day for s in store.session_pains(since=(MON - timedelta(days=3)).date(),
                                               until=(MON - timedelta(days=1)).date())]
    assert days == [(MON - timedelta(days=3)).date()]
    assert store.mornings(since=MON.date()) == {}
    assert list(store.mornings(until=MON.date())) == [(MON - timedelta(days=4)).date()]


def test_adherence_on_a_day_reads_the_plans_and_the_weeks_sessions(store):
    store.set_plan("a", [0, 2], [], MON - timedelta(weeks=6))
    play(store, "a", MON)
    play(store, "a", MON - timedelta(weeks=1))
    play(store, "a", MON - timedelta(weeks=1) + timedelta(days=2), status="aborted")
    play(store, "a", MON - timedelta(weeks=5))  # outside the four weeks before
    found = adherence_on(store, WED.date())
    assert (found.this_week.done, found.this_week.planned) == (1, 2)
    assert [(w.done, w.planned) for w in found.earlier] == [(0, 2), (0, 2), (0, 2), (1, 2)]
