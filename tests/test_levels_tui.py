"""The levels in the app, as a person meets them: the picker's preview plays each ranged item
at the person's level and says why; `l` opens the levels, where `h` holds (and releases) and
`x` resets the highlighted item, kept in the history at once and shown in the preview; a
workout plays the levels, and the runner says why on one line."""

from __future__ import annotations

from datetime import timedelta

from history_helpers.levels import easy_days, ranged_library, until
from support import WALL_START, make_app

from coach.history import HistoryStore
from coach.tui.screens.levels import LevelsScreen
from coach.tui.screens.picker import PickerScreen
from coach.tui.screens.runner import RunnerScreen

SIZE = (100, 30)
FIRST_DAY = WALL_START.date() - timedelta(days=10)
UP = "12 reps, up from 10 after three easy sessions"


def app_with_easy_days(days: int = 3):
    """An app on the ranged test library, its history holding ``days`` easy days."""
    app, _ = make_app(ranged_library())
    db = app.locations.history_db
    db.parent.mkdir(parents=True, exist_ok=True)
    with HistoryStore(db) as store:
        easy_days(store, FIRST_DAY, days)
    return app, db


def preview(app) -> str:
    return str(app.screen.query_one("#preview-body").content)


async def levels_read(pilot, app, words: str) -> None:
    await until(pilot, lambda: isinstance(app.screen, PickerScreen)
                     and words in preview(app), what=f"the preview to say {words!r}")


def listed(app) -> list[str]:
    listing = app.screen.query_one("#levels-list")
    return [str(listing.get_option_at_index(n).prompt) for n in range(listing.option_count)]


async def test_the_preview_plays_the_level_and_says_why():
    app, _ = app_with_easy_days()
    async with app.run_test(size=SIZE) as pilot:
        await levels_read(pilot, app, UP)
        said = preview(app)
        assert "1. Heel raises\n   12 reps, 2 s a rep" in said
        assert f"   {UP}\n" in said
        assert "25 s, up from 20 s after three easy sessions" in said
        assert "2. Toe walk\n   30 s" in said  # not ranged: no reason under it


async def test_l_holds_releases_and_resets_and_the_preview_follows():
    app, db = app_with_easy_days()
    async with app.run_test(size=SIZE) as pilot:
        await levels_read(pilot, app, UP)
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, LevelsScreen)
                         and app.screen.levels is not None, what="the levels")
        assert "1. Heel raises  12 reps (range 10-20 reps)" in listed(app)[0]
        assert UP in listed(app)[0]
        await pilot.press("h")
        await until(pilot, lambda: "held" in listed(app)[0], what="the hold")
        assert "holding at 12 reps, as you chose" in listed(app)[0]
        await pilot.press("down", "x")
        await until(pilot, lambda: "back to 20 s" in listed(app)[1], what="the reset")
        assert "held" in listed(app)[0]  # the other item is untouched
        await pilot.press("up", "h")  # h again: the held level is released
        await until(pilot, lambda: "no longer held" in listed(app)[0], what="release")
        await pilot.press("escape")
        await levels_read(pilot, app, "back to 20 s, the low end, as you chose")
        assert "12 reps, no longer held" in preview(app)
    with HistoryStore(db) as store:
        assert [(c.item, c.choice) for c in store.level_choices("ranged")] == [
            (1, "hold"), (3, "reset"), (1, "release")]


async def test_without_a_history_a_choice_says_why_it_is_not_kept():
    app, _ = make_app(ranged_library(), history=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, LevelsScreen)
                         and app.screen.levels is not None, what="the levels")
        assert "10 reps, the low end" in listed(app)[0]
        await pilot.press("h")
        await until(pilot, lambda: any("The level was not changed" in n.message
                                            for n in app._notifications), what="the notice")
        assert "held" not in listed(app)[0]


async def test_a_workout_plays_the_levels_and_the_runner_says_why():
    app, _ = app_with_easy_days()
    async with app.run_test(size=SIZE) as pilot:
        await levels_read(pilot, app, UP)
        await pilot.press("enter", "enter")  # start; skip the pain question
        await until(pilot, lambda: isinstance(app.screen, RunnerScreen), what="runner")
        runner = app.screen
        assert [s.reps for s in runner.session.steps if s.kind == "reps"] == [12]
        # from the get-ready of a ranged item on
        assert runner.session.current.kind == "prepare"
        assert runner.query_one("#level").display
        assert str(runner.query_one("#level").content) == UP
        while runner.session.current.exercise != "toe-walk":
            await pilot.press("n")
        await until(pilot, lambda: not runner.query_one("#level").display,
                         what="no line for an item without a range")


async def play_to_summary(pilot, app, clock, during: str):
    """Start the ranged routine with pain 2 before, say ``during`` in the first step, and
    let every step run out; the summary's light line, once read."""
    from coach.tui.screens.summary import SummaryScreen

    await pilot.press("enter", "2", "enter")
    await until(pilot, lambda: isinstance(app.screen, RunnerScreen)
                     and app.screen.session.state == "running", what="the runner started")
    await pilot.press(during)
    clock.advance(1000)
    app.screen._tick()
    await until(pilot, lambda: isinstance(app.screen, SummaryScreen)
                     and app.screen.query("#summary-light")
                     and app.screen.query_one("#summary-light").display, what="the light")
    said = str(app.screen.query_one("#summary-light").content)
    await pilot.press("escape")  # back to the routines, as a person leaves it
    await until(pilot, lambda: isinstance(app.screen, PickerScreen), what="the routines")
    return said


async def test_the_summary_says_the_light_so_far_and_the_level_it_will_move():
    app, _ = app_with_easy_days(2)
    clock = app.clock
    async with app.run_test(size=SIZE) as pilot:
        await levels_read(pilot, app, "two easy sessions in a row")
        said = await play_to_summary(pilot, app, clock, "3")
    assert said.startswith("Traffic light so far: GREEN Pain stayed within the limits")
    assert "no check-in the morning after" in said.lower()
    assert ("Heel raises: up to 12 reps next time if your pain is back to where it started "
            "by tomorrow morning") in said


async def test_the_summary_says_a_level_that_moved():
    app, _ = app_with_easy_days(3)
    clock = app.clock
    async with app.run_test(size=SIZE) as pilot:
        await levels_read(pilot, app, UP)
        said = await play_to_summary(pilot, app, clock, "6")
    assert said.startswith("Traffic light so far: RED Pain reached 6/10, over the limit")
    assert "Heel raises: 10 reps next time (back to 10 after a red session)" in said
    assert "Calf stretch: 20 s next time (back to 20 s after a red session)" in said


async def test_coach_run_plays_the_levels_too():
    from coach.tui.screens.pain import PainScreen

    app, _ = app_with_easy_days()
    app.start_routine = "ranged"
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PainScreen), what="question")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RunnerScreen), what="runner")
        assert [s.reps for s in app.screen.session.steps if s.kind == "reps"] == [12]
