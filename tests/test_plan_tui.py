"""The plan in the app: the picker marks what is due today (and what of it is done), and on
start a missed planned day is asked about once (p pain, t no time, f forgot, Esc not now),
the answer kept and its offer made: the gentler version, the short version, a reminder."""

from __future__ import annotations

from datetime import timedelta

import pytest
from snapshot_apps import SIZES, snapshot_app
from support import WALL_START, make_app, shipped, wait_until

from coach.history import HistoryStore
from coach.tui.screens.confirm import ConfirmScreen
from coach.tui.screens.missed import MissedDayScreen
from coach.tui.screens.pain import PainScreen
from coach.tui.screens.picker import PickerScreen

SIZE = (100, 30)
TODAY = WALL_START.date()  # a Monday
LAST_WEEK = WALL_START - timedelta(weeks=1)


def plan(db, routine: str, days: list[int], times: list[str], since=LAST_WEEK) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    with HistoryStore(db) as store:
        store.set_plan(routine, days, times, since)


def play(db, routine: str, when) -> None:
    with HistoryStore(db) as store:
        sid = store.start_session(routine, routine, None, when)
        store.finish_session(sid, "completed", when + timedelta(minutes=5))


def answers(db) -> dict:
    with HistoryStore(db) as store:
        return store.missed_answers(TODAY - timedelta(days=30))


def prompts(app) -> dict[str, str]:
    options = app.picker.query_one("#routines").options
    return {o.id: str(o.prompt).split("\n")[0] for o in options}


async def history_read(pilot, app) -> None:
    await wait_until(pilot, lambda: app._history is not None and app._settled
                     and not app.workers._workers, what="the history read")
    await pilot.pause()


def asked(app) -> bool:
    return isinstance(app.screen, MissedDayScreen)


# --- the picker's marks ---------------------------------------------------------------------

async def test_the_picker_marks_what_is_due_today_and_what_is_done():
    app, _ = make_app(today=TODAY)
    db = app.locations.history_db
    plan(db, "every-step", [0], [], since=WALL_START)  # set today: nothing missed
    plan(db, "desk-break", [0, 2], ["08:00", "14:00"], since=WALL_START)
    plan(db, "long-name", [1], [], since=WALL_START)  # Tuesdays: not today
    play(db, "every-step", WALL_START - timedelta(hours=1))
    play(db, "desk-break", WALL_START - timedelta(minutes=30))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "✓" in prompts(app).get("every-step", ""),
                         what="the marks")
        shown = prompts(app)
        assert shown["every-step"] == "Every step  ✓ done today"
        assert shown["desk-break"] == "Desk break  ● due 08:00, 14:00 (1 of 2 done)"
        assert "due" not in shown["long-name"] and "done" not in shown["long-name"]
        assert not asked(app)


async def test_no_plan_no_marks_and_no_question():
    app, _ = make_app(today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await history_read(pilot, app)
        assert all("due" not in p for p in prompts(app).values())
        assert isinstance(app.screen, PickerScreen)


# --- the missed day's question ----------------------------------------------------------------

async def test_esc_puts_the_question_aside_and_it_is_not_asked_again():
    app, _ = make_app(today=TODAY)
    db = app.locations.history_db
    plan(db, "every-step", list(range(7)), [])
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: asked(app), what="the missed-day question")
        assert app.screen.routine_name == "Every step"
        assert app.screen.day == TODAY - timedelta(days=1)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen), what="back")
    assert answers(db) == {(TODAY - timedelta(days=1), "every-step"): "not now"}
    again, _ = make_app(today=TODAY)
    async with again.run_test(size=SIZE) as pilot:
        await history_read(pilot, again)
        assert not asked(again)


async def test_forgot_keeps_the_answer_and_offers_a_reminder():
    app, _ = make_app(today=TODAY)
    db = app.locations.history_db
    plan(db, "every-step", list(range(7)), [])
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: asked(app), what="the missed-day question")
        await pilot.press("f")
        await wait_until(pilot, lambda: app._notifications, what="the reminder")
        said = [n.message for n in app._notifications]
        assert any("coach plan set every-step --at HH:MM" in m and "coach remind" in m
                   and "coach plan export" in m for m in said)
        assert isinstance(app.screen, PickerScreen)
    assert answers(db) == {(TODAY - timedelta(days=1), "every-step"): "forgot"}


@pytest.mark.parametrize(("key", "answer", "offered", "items"), [
    ("t", "no time", "short version of Every step: its first 2 of 4", 2),
    ("p", "pain", "gentler version of Every step: every range at its low end", 4),
])
async def test_pain_and_no_time_offer_a_version_to_start(key, answer, offered, items):
    app, _ = make_app(today=TODAY)
    db = app.locations.history_db
    plan(db, "every-step", list(range(7)), [])
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: asked(app), what="the missed-day question")
        await pilot.press(key)
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen),
                         what="the offer")
        assert offered in app.screen.question
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, PainScreen),
                         what="the workout's pain question")
        await pilot.press("enter")  # no pain score: the runner starts
        await wait_until(pilot, lambda: app.workouts.playing is not None, what="the runner")
        routine = app.workouts.playing.routine
        assert routine.id == "every-step" and len(routine.items) == items
    assert answers(db) == {(TODAY - timedelta(days=1), "every-step"): answer}


async def test_the_gentler_version_plays_each_range_at_its_low_end():
    from coach.coaching.levels import ladder

    library = shipped()
    app, _ = make_app(library, today=TODAY)
    plan(app.locations.history_db, "feet-first-five", list(range(7)), [])
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: asked(app), what="the missed-day question")
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="offer")
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, PainScreen), what="pain")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.workouts.playing is not None, what="the runner")
        played = app.workouts.playing.routine.items
    ranged = 0
    for item, base in zip(played, library.routines["feet-first-five"].items, strict=True):
        rungs = ladder(base.prescription or library.exercises[base.exercise].prescription)
        if rungs is not None:
            ranged += 1
            span = item.prescription.count if item.prescription.kind == "reps" \
                else item.prescription.seconds
            assert (span.low, span.high) == (rungs.low, rungs.low)
    assert ranged > 0


async def test_declining_the_offer_goes_back_to_the_routines():
    app, _ = make_app(today=TODAY)
    plan(app.locations.history_db, "every-step", list(range(7)), [])
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: asked(app), what="the missed-day question")
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="offer")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen), what="back")


async def test_the_morning_question_comes_first_then_the_missed_day():
    app, _ = make_app(today=TODAY, morning_question=True)
    db = app.locations.history_db
    plan(db, "every-step", [6], [])  # Sundays: yesterday
    play(db, "desk-break", WALL_START - timedelta(days=1))  # the morning question is due
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, PainScreen),
                         what="the morning question")
        assert not any(isinstance(s, MissedDayScreen) for s in app.screen_stack)
        await pilot.press("escape")
        await wait_until(pilot, lambda: asked(app), what="the missed-day question")


async def test_a_day_done_is_not_asked_about():
    app, _ = make_app(today=TODAY)
    db = app.locations.history_db
    plan(db, "every-step", list(range(7)), [])
    play(db, "every-step", WALL_START - timedelta(days=1))
    async with app.run_test(size=SIZE) as pilot:
        await history_read(pilot, app)
        assert not asked(app)


# --- how they look --------------------------------------------------------------------------

def _missed_app():
    app, _ = snapshot_app(today=TODAY)
    plan(app.locations.history_db, "long-name", list(range(7)), [])
    return app


@pytest.mark.parametrize("size", SIZES)
def test_the_missed_day_question(snap_compare, size):
    app = _missed_app()

    async def run_before(pilot) -> None:
        await pilot._wait_for_screen()
        await wait_until(pilot, lambda: asked(app), what="the missed-day question")

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_the_pickers_marks(snap_compare, size):
    app, _ = snapshot_app(today=TODAY)
    db = app.locations.history_db
    plan(db, "every-step", [0], [], since=WALL_START)
    plan(db, "desk-break", [0], ["08:00", "14:00"], since=WALL_START)
    play(db, "every-step", WALL_START - timedelta(hours=1))

    async def run_before(pilot) -> None:
        await pilot._wait_for_screen()
        await wait_until(pilot, lambda: "✓" in prompts(app).get("every-step", ""),
                         what="the marks")

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)
