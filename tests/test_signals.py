"""SIGTERM and SIGHUP during a workout: the app leaves through Textual's own shutdown, every
step that has ended is in the history, and the session reads as interrupted once the app is
gone (so it can be resumed). The real terminal's side, alternate screen, mouse and cursor
given back, is in test_e2e_tmux.py."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest
from support import HOLD_THEN_REPS, make_app, tiny_library

from coach.history import HistoryStore
from coach.tui.screens.runner import RunnerScreen

SIGNALS = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]


@pytest.fixture
def survive():
    """Should coach not handle a signal, this handler catches it instead of the default
    (which would end the test run), and says so."""
    caught: list[int] = []
    saved = {s: signal.signal(s, lambda signum, frame: caught.append(signum)) for s in SIGNALS}
    yield caught
    for signum, handler in saved.items():
        signal.signal(signum, handler)


async def wait_until_gone(app, within: float = 5.0) -> None:
    """Wait, ``within`` seconds at most, for the app to stop running."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        if not app.is_running or loop.time() >= deadline:
            return
        await asyncio.sleep(0.02)


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
async def test_a_signal_ends_the_workout_as_interrupted_keeping_every_ended_step(
        tmp_path, survive, signum):
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "6", "enter")
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        session_id = runner.workout.recorder.session_id
        # The get-ready (5 s) and the first hold (10 s) end; no frame is drawn after, so
        # only the signal's handler can see that they did.
        clock.advance(16)
        os.kill(os.getpid(), signum)
        await wait_until_gone(app)
        assert not app.is_running
    assert survive == []
    assert app.return_code == 128 + signum
    with HistoryStore(app.locations.history_db) as store:
        record = store.session(session_id)
    assert record.status == "interrupted"
    assert [(s["kind"], s["status"]) for s in record.steps] == [("prepare", "done"),
                                                                ("hold", "done")]
    assert record.pain_before == 6


async def test_a_signal_at_the_picker_just_quits(tmp_path, survive):
    app, _ = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=(100, 30)):
        os.kill(os.getpid(), signal.SIGTERM)
        await wait_until_gone(app)
        assert not app.is_running
    assert survive == []
    assert app.return_code == 128 + signal.SIGTERM
