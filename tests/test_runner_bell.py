"""The countdown bell of the workout screen: 3-2-1 before a step ends, rung again for the same
step after ``r`` restarts it (issue 12 asks for this one)."""

from __future__ import annotations

import math

from support import HOLD_THEN_REPS, make_app, tiny_library
from test_tui import start_short, tick

SIZE = (100, 30)


async def test_restart_rings_the_3_2_1_again_for_the_same_step(tmp_path, monkeypatch):
    app, clock = make_app(tiny_library(tmp_path, HOLD_THEN_REPS))
    async with app.run_test(size=SIZE) as pilot:
        runner = await start_short(pilot)
        rung: list[tuple[int, int]] = []

        def bell() -> None:  # the terminal's bell, noted as (step, whole seconds left)
            rung.append((runner.session.index, math.ceil(runner.session.remaining() - 1e-9)))

        monkeypatch.setattr(app, "bell", bell)
        await pilot.press("n")  # past the get-ready: the 10 s hold
        hold = runner.session.index
        assert runner.session.current.kind == "hold"
        await tick(pilot, clock, 7.5)  # 2.5 s left: the 3
        assert rung == [(hold, 3)]

        # Restarted just after the 3 rang: the same step at the same second again must
        # ring again (a bell remembered only by step and second would stay silent).
        rung.clear()
        await pilot.press("r")
        assert runner.session.index == hold and runner.session.remaining() == 10
        assert rung == []  # restarting is not a new step: no bell of its own
        await tick(pilot, clock, 7.5)
        await tick(pilot, clock, 1)
        await tick(pilot, clock, 1)
        assert rung == [(hold, 3), (hold, 2), (hold, 1)]
