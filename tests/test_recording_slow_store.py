"""A slow history store never holds up the screen: the session's end, its pain after and its
note are written on the recorder's thread, and still all land before the app closes; a
write that fails late still ends in the offer to save the session to a file."""

from __future__ import annotations

import threading

import pytest
from support import HOLD_THEN_REPS, make_app, tiny_library
from test_tui import start_short

from coach.history import HistoryStore, HistoryUnavailable
from coach.tui.screens.picker import PickerScreen
from coach.tui.screens.summary import SummaryScreen

SIZE = (100, 30)
HELD_FOR = 10.0  # seconds the store waits at most for the test to let it go


class SlowStore(HistoryStore):
    """Ends a session only once the test lets it (a disk that takes its time to sync)."""

    def __init__(self, *args, fail: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.go = threading.Event()
        self.ending = threading.Event()  # finish_session has been called
        self.ended = threading.Event()  # ... and has returned
        self.fail = fail

    def finish_session(self, *args, **kwargs) -> None:
        self.ending.set()
        self.go.wait(HELD_FOR)
        if self.fail:
            raise HistoryUnavailable("cannot write history.sqlite3: No space left on device")
        super().finish_session(*args, **kwargs)
        self.ended.set()


async def play_to_the_end(pilot) -> None:
    runner = await start_short(pilot, pain="5")
    while runner.session.state != "finished":
        await pilot.press("n")


async def until(pilot, ready, seconds: float = 5.0) -> bool:
    """Let the app run until ``ready()``; no waiting on workers (one of them waits on the
    store, which is the point)."""
    for _ in range(int(seconds / 0.05)):
        if ready():
            return True
        await pilot.pause(0.05)
    return ready()


async def test_the_summary_shows_while_the_store_is_still_writing_and_nothing_is_lost(tmp_path):
    path = tmp_path / "history.sqlite3"
    store = SlowStore(path)
    app, _ = make_app(tiny_library(tmp_path, HOLD_THEN_REPS), history=store)
    async with app.run_test(size=SIZE) as pilot:
        await play_to_the_end(pilot)
        assert await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        # On screen while the store is still inside finish_session: nothing waited for it.
        assert store.ending.is_set() and not store.ended.is_set()
        summary = app.screen
        await pilot.press("3", "enter", *"sore", "enter")
        assert app.screen is summary  # leaving waits until it knows the session is saved
        store.go.set()
        assert await until(pilot, lambda: isinstance(app.screen, PickerScreen))
        session_id = summary.workout.recorder.session_id
    # Closed: the end (every step was skipped with n), the pain after and the note are all
    # in the file.
    again = HistoryStore(path)
    record = again.session(session_id)
    assert (record.status, record.pain_before, record.pain_after, record.note) == \
        ("skipped", 5, 3, "sore")
    again.close()


@pytest.mark.parametrize("fails", ["once the summary is up", "as it is being made"])
async def test_a_write_that_fails_late_still_offers_the_file(tmp_path, fails):
    store = SlowStore(tmp_path / "history.sqlite3", fail=True)
    app, _ = make_app(tiny_library(tmp_path, HOLD_THEN_REPS), history=store)
    async with app.run_test(size=SIZE) as pilot:
        await play_to_the_end(pilot)
        assert await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        summary = app.screen
        if fails == "once the summary is up":
            # (the summary composes a moment after it is pushed on a loaded machine)
            assert await until(pilot, lambda: bool(summary.query("#pain-after"))
                               and app.focused is summary.query_one("#pain-after"))
            assert not summary.unsaved and not summary.query("#save-path")
        store.go.set()
        assert await until(pilot, lambda: bool(summary.query("#save-path")))
        assert summary.unsaved
        said = str(summary.query_one("#not-saved").render())
        assert "Not saved to history: cannot write history.sqlite3: No space left" in said
        await pilot.press("2", "enter", "enter")  # pain, no note: on to the file's name
        assert app.focused is summary.query_one("#save-path")
        target = tmp_path / "session.json"
        summary.query_one("#save-path").value = str(target)
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, PickerScreen))
    assert '"pain_after": 2' in target.read_text()
