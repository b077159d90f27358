"""The morning's pain question: asked once over the routines on the first start of a day after
a session, after the history has loaded; an answer is kept as a check-in, a skip keeps
nothing and is not asked again in this run; after the safety note, never before it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from snapshot_apps import SIZES, each_size, snapshot_app
from support import WALL_START, burst, make_app, wait_until
from textual.widgets import Input, Label

from coach import RED_FLAGS
from coach.history import HistoryStore
from coach.history.document import MAX_NOTE
from coach.recent import checkin_due
from coach.tui.checkin import QUESTION
from coach.tui.screens.pain import NOTE_NEEDS_SCORE, PainScreen
from coach.tui.screens.picker import PickerScreen

SIZE = (100, 30)
TODAY = WALL_START.date()


def session(db, start: datetime, *, finished: bool = True) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    with HistoryStore(db) as store:
        session_id = store.start_session("daily", "Daily feet", 4, start)
        if finished:
            store.finish_session(session_id, "aborted", start + timedelta(minutes=5))


def checkins(db) -> list[tuple[int, date]]:
    with HistoryStore(db) as store:
        return [(c.pain, c.at.date()) for c in store.checkins()]


def asking(app) -> bool:
    return isinstance(app.screen, PainScreen) and app.screen.question == QUESTION


async def history_read(pilot, app) -> None:
    """Until the picker has read the history (it asks, if it does, right then)."""
    await wait_until(pilot, lambda: app._history is not None and app._settled
                     and not app.workers._workers, what="the history read")
    await pilot.pause()


# --- when it is due (coach.recent.checkin_due) ----------------------------------------------

@pytest.mark.parametrize("days_ago, checked_in_today, due", [
    (1, False, True), (5, False, True), (0, False, False), (1, True, False)])
def test_due_the_day_after_a_session_until_a_checkin_that_day(tmp_path, days_ago,
                                                               checked_in_today, due):
    db = tmp_path / "history.sqlite3"
    with HistoryStore(db) as store:
        assert not checkin_due(store, TODAY)  # no session yet
        session(db, WALL_START - timedelta(days=days_ago))
        store.add_checkin(WALL_START - timedelta(days=1, hours=-1), 2)  # yesterday's: no matter
        if checked_in_today:
            store.add_checkin(WALL_START, 3)
        assert checkin_due(store, TODAY) is due


def test_a_session_left_unfinished_counts_by_its_start(tmp_path):
    db = tmp_path / "history.sqlite3"
    session(db, WALL_START - timedelta(days=1), finished=False)
    with HistoryStore(db) as store:
        assert checkin_due(store, TODAY)


# --- the app --------------------------------------------------------------------------------

async def test_the_day_after_a_session_it_asks_and_keeps_the_answer():
    app, _ = make_app(today=TODAY, morning_question=True)
    db = app.locations.history_db
    session(db, WALL_START - timedelta(days=1))
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, PickerScreen)  # the first frame is the picker
        await wait_until(pilot, lambda: asking(app), what="the morning question")
        await pilot.press("3", "enter")
        assert asking(app) and app.focused is app.screen.query_one("#note")  # the note next
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen),
                         what="back to the routines")
        assert checkins(db) == [(3, TODAY)]
        # Back from another screen, the picker reads the history again: not asked again.
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("escape")
        await history_read(pilot, app)
        assert isinstance(app.screen, PickerScreen)


async def test_high_pain_shows_the_red_flags_before_it_is_kept():
    app, _ = make_app(today=TODAY, morning_question=True)
    db = app.locations.history_db
    session(db, WALL_START - timedelta(days=2))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: asking(app), what="the morning question")
        await pilot.press("8", "enter")
        await pilot.pause()
        assert asking(app)  # the red flags first
        flags = str(app.screen.query_one("#pain-flags").render())
        assert RED_FLAGS in " ".join(flags.split())
        assert app.focused is app.screen.query_one("#note")  # on to the note, flags said
        await pilot.press("enter")
        await wait_until(pilot, lambda: not asking(app), what="the answer kept")
        assert checkins(db) == [(8, TODAY)]


@pytest.mark.parametrize("key", ["enter", "escape"])
async def test_a_skip_keeps_nothing_and_is_not_asked_again_this_run(key):
    app, _ = make_app(today=TODAY, morning_question=True)
    db = app.locations.history_db
    session(db, WALL_START - timedelta(days=1))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: asking(app), what="the morning question")
        await pilot.press(key)
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen),
                         what="back to the routines")
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("escape")
        await history_read(pilot, app)
        assert isinstance(app.screen, PickerScreen)
    assert checkins(db) == []


async def test_after_a_session_today_it_does_not_ask():
    app, _ = make_app(today=TODAY, morning_question=True)
    db = app.locations.history_db
    session(db, WALL_START - timedelta(days=1))
    session(db, WALL_START - timedelta(hours=1))
    async with app.run_test(size=SIZE) as pilot:
        await history_read(pilot, app)
        assert isinstance(app.screen, PickerScreen)


async def test_the_safety_note_comes_first():
    app, _ = make_app(today=TODAY, morning_question=True, show_safety=True)
    db = app.locations.history_db
    session(db, WALL_START - timedelta(days=1))
    async with app.run_test(size=SIZE) as pilot:
        await history_read(pilot, app)
        assert not asking(app)  # the safety note is up, the question waits
        await pilot.press("enter")
        await wait_until(pilot, lambda: asking(app), what="the morning question")


def test_the_morning_question_at_high_pain(snap_compare):
    """Its look: the pain question's, with its own words and a note field, the red flags
    said at 8 on the way to the note."""
    app, _ = snapshot_app(today=TODAY, morning_question=True)
    session(app.locations.history_db, WALL_START - timedelta(days=1))

    async def run_before(pilot) -> None:
        await pilot._wait_for_screen()
        await wait_until(pilot, lambda: asking(app), what="the morning question")
        await pilot.press("8", "enter")

    assert snap_compare(app, terminal_size=SIZES["100x30"], run_before=run_before)


# --- the note -------------------------------------------------------------------------------

def kept(db) -> list[tuple[int, str | None]]:
    with HistoryStore(db) as store:
        return [(c.pain, c.note) for c in store.checkins()]


async def asked(pilot, app) -> None:
    await wait_until(pilot, lambda: asking(app), what="the morning question")


def app_asking():
    app, _ = make_app(today=TODAY, morning_question=True)
    session(app.locations.history_db, WALL_START - timedelta(days=1))
    return app, app.locations.history_db


@pytest.mark.parametrize("keys, expected", [
    # typed fast, as a burst: nothing lost to the digits-only score field
    (("3", "enter", *"Talon gauche [raide] à l'aube, ça va", "enter"),
     (3, "Talon gauche [raide] à l'aube, ça va")),
    # Tab goes on to the note as Enter does
    (("4", "tab", *"[b]bold[/b]?", "enter"), (4, "[b]bold[/b]?")),
    # an empty note is no note; spaces around one are not kept
    (("0", "enter", "enter"), (0, None)),
    (("2", "tab", *"  ok  ", "enter"), (2, "ok")),
])
async def test_a_note_typed_fast_is_kept_with_the_score_as_typed(keys, expected):
    app, db = app_asking()
    async with app.run_test(size=SIZE) as pilot:
        await asked(pilot, app)
        await burst(pilot, *keys)
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen),
                         what="back to the routines")
    assert kept(db) == [expected]


async def test_a_note_is_cut_at_the_limit_coach_checkin_keeps():
    app, db = app_asking()
    async with app.run_test(size=SIZE) as pilot:
        await asked(pilot, app)
        await burst(pilot, "1", "enter", *("é" * (MAX_NOTE + 5)))
        note = app.screen.query_one("#note", Input)
        assert note.value == "é" * MAX_NOTE
        await burst(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen),
                         what="back to the routines")
    assert kept(db) == [(1, "é" * MAX_NOTE)]


async def test_a_note_needs_a_score():
    app, db = app_asking()
    async with app.run_test(size=SIZE) as pilot:
        await asked(pilot, app)
        await burst(pilot, "tab", *"sore", "enter")
        assert asking(app)
        assert str(app.screen.query_one("#pain-error", Label).render()) == NOTE_NEEDS_SCORE
        assert app.focused is app.screen.query_one("#pain")  # back to the score
        await burst(pilot, "5", "tab", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen),
                         what="back to the routines")
    assert kept(db) == [(5, "sore")]


async def test_high_pain_reached_with_tab_says_the_red_flags_before_keeping():
    app, db = app_asking()
    async with app.run_test(size=SIZE) as pilot:
        await asked(pilot, app)
        await burst(pilot, "9", "tab", *"bad night", "enter")
        assert asking(app) and app.screen.query_one("#pain-flags").display
        assert kept(db) == []
        await burst(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen),
                         what="back to the routines")
    assert kept(db) == [(9, "bad night")]


@pytest.mark.parametrize("keys", [("3", "enter", *"note", "escape"), ("enter",)])
async def test_esc_on_the_note_or_enter_alone_on_the_score_keeps_nothing(keys):
    app, db = app_asking()
    async with app.run_test(size=SIZE) as pilot:
        await asked(pilot, app)
        await burst(pilot, *keys)
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen),
                         what="back to the routines")
    assert kept(db) == []


async def test_the_workouts_pain_question_has_no_note():
    app, _ = make_app(today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PainScreen),
                         what="the pain question")
        assert not app.screen.query("#note")


@each_size
def test_the_morning_question_with_a_note_typed(snap_compare, size):
    """The note field at each size, a note with brackets and accents typed in it."""
    app, _ = snapshot_app(today=TODAY, morning_question=True)
    session(app.locations.history_db, WALL_START - timedelta(days=1))

    async def run_before(pilot) -> None:
        await pilot._wait_for_screen()
        await wait_until(pilot, lambda: asking(app), what="the morning question")
        await burst(pilot, "3", "enter", *"talon [gauche] raidi, ça passe")

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)
