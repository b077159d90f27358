"""The session engine: a clocked state machine that plays a list of steps.

Time is measured, never counted. A step's elapsed time is ``banked + (now - run_from)``:
pausing banks what has run so far, resuming starts a new run. Everything the runner shows
(remaining time, the rep in progress, progress through the routine) is computed from one
injected monotonic clock, so the answers are the same whether :meth:`Session.update` is
called every 10 ms or once a minute. A timed step ends at the exact instant its planned
length is reached, and the next one starts at that instant, never when ``update()`` noticed.

Wall-clock times for the history are derived from one anchor taken at :meth:`Session.start`
(wall time then, plus monotonic time since), so they agree with the measured durations even
if the system clock jumps mid-session.

Self-paced reps are counted by the person: the counter starts at the prescribed count, goes
from 0 to :data:`MAX_COUNTED_REPS`, and :meth:`Session.done` records exactly what it shows. A
set recorded with 0 reps is a set not done, so it is kept as ``skipped``. A self-paced set left
any other way (next, back, quit) is skipped with 0 reps: only Enter records a count. Paced reps
record the reps whose time has fully run, whichever way the step ends.

Time added to a step (:meth:`Session.add_time`) belongs to that step as it was last played, and
counts in the routine's total and elapsed time, so time done plus time left is always the total.

An open-ended hold (:mod:`coach.holds`) counts up from 0 towards its aim, and ends when the
person lets go (:meth:`Session.let_go`, ``done`` with the seconds held) or by itself at its
cap. Its time left is the time to the cap; routine progress counts it at its aim however long
it is held, so time done plus time left stays the total. Nothing is added to it (``+10 s``):
the person already decides its end.

Pain noted during a step (:meth:`Session.note_pain`, 0-10, the last one counts) stays with that
step until it ends and goes into its result; the next step starts with none.

This module never imports Textual; the TUI drives it and only repaints.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from itertools import accumulate
from typing import Literal

from coach import holds
from coach import reps as paced
from coach.reps import RepCue
from coach.step_record import Status, StepResult
from coach.timeline import Step

Clock = Callable[[], float]
WallClock = Callable[[], datetime]
State = Literal["ready", "running", "paused", "finished", "aborted"]

# The most reps a self-paced set can record; the history takes far more, this keeps the
# counter to three digits on screen.
MAX_COUNTED_REPS = 999

# How far past a whole second (or a rep boundary) float arithmetic may land and still count
# as on it; keeps next_change() from answering "now" forever at an exact boundary.
_EPSILON = 1e-9


def _now() -> datetime:
    return datetime.now().astimezone()


class Session:
    """Plays ``steps`` from ``start_index``; see the module docstring for how time works.

    Queries (``elapsed``, ``remaining``, ...) read the clock but never change state: a step
    that has run out still shows as current, clamped at its end, until ``update()`` or any
    action applies the boundary. Actions never raise in the wrong state; they do nothing.
    """

    def __init__(
        self,
        steps: Sequence[Step],
        *,
        clock: Clock = time.monotonic,
        wall: WallClock = _now,
        start_index: int = 0,
        on_step_end: Callable[[StepResult], None] | None = None,
    ) -> None:
        self.steps: tuple[Step, ...] = tuple(steps)
        if self.steps and not 0 <= start_index < len(self.steps):
            raise ValueError(f"start_index {start_index} is outside 0..{len(self.steps) - 1}")
        self._clock = clock
        self._wall = wall
        self._on_step_end = on_step_end
        self.state: State = "ready"
        self.index: int = start_index if self.steps else 0
        self.results: list[StepResult] = []
        self.started_at: datetime | None = None
        # Estimated seconds of every step before index i, for routine progress.
        self._before = [0.0, *accumulate(s.estimated_seconds for s in self.steps)]
        self._anchor_mono = 0.0
        # The current step, all in monotonic seconds.
        self._step_start = 0.0  # when it began (its result's started_at)
        self._banked = 0.0  # active seconds up to the last pause/resume/restart
        self._run_from: float | None = None  # start of the running stretch; None unless running
        self._paused_banked = 0.0  # paused seconds in this step before the current pause
        self._paused_since: float | None = None  # None unless paused
        self._discarded = 0.0  # active seconds thrown away by restart_step()
        # add_time() extensions by step index, as each step was last played: the current
        # step's planned length, and the routine's total, include them.
        self._extra: dict[int, float] = {}
        self._count = self._first_count() if self.steps else 0  # self-paced reps counter
        self.pain: int | None = None  # pain noted during the current step

    # --- what is playing ---------------------------------------------------------------

    @property
    def current(self) -> Step | None:
        if self.state in ("finished", "aborted") or not self.steps:
            return None
        return self.steps[self.index]

    @property
    def next_step(self) -> Step | None:
        if self.current is None or self.index + 1 >= len(self.steps):
            return None
        return self.steps[self.index + 1]

    @property
    def is_paused(self) -> bool:
        return self.state == "paused"

    @property
    def _active(self) -> bool:
        return self.state in ("running", "paused")

    @property
    def _added(self) -> float:
        return self._extra.get(self.index, 0.0)

    def _planned(self) -> float | None:
        """When the current step ends by itself: its planned length including added time,
        an open-ended hold's cap; None if self-paced."""
        return holds.limit(self.steps[self.index], self._added)

    def _elapsed_at(self, t: float) -> float:
        return self._banked if self._run_from is None else self._banked + (t - self._run_from)

    def _elapsed_now(self, now: float) -> float:
        """Elapsed at ``now``, clamped at the planned end a pending update() will apply."""
        e = max(0.0, self._elapsed_at(now))
        planned = self._planned()
        return e if planned is None else min(e, planned)

    # --- queries -------------------------------------------------------------------------

    def elapsed(self) -> float:
        """Active seconds in the current step (clamped at its planned end)."""
        return self._elapsed_now(self._clock()) if self._active else 0.0

    def remaining(self) -> float | None:
        step = self.current
        if step is None or step.seconds is None:
            return None
        if self.state == "ready":
            return holds.limit(step)
        planned = self._planned()
        if planned is None:
            return None
        # Rounded to the nanosecond (the monotonic clock's grain) so that at the instant
        # next_change() names, remaining() is exactly the whole number it promised.
        return max(0.0, round(planned - self.elapsed(), 9))

    def step_fraction(self) -> float:
        """How far through the current step: its time, or for self-paced reps the count
        against the prescription (full at or above it)."""
        step = self.current
        if step is None or self.state == "ready":
            return 0.0
        if step.seconds is None:
            return min(1.0, self._count / step.reps) if step.reps else 1.0
        if step.up_to_seconds is not None:
            return holds.fraction(step, self.elapsed())
        planned = self._planned()
        return 1.0 if planned is None or planned <= 0 else min(1.0, self.elapsed() / planned)

    def routine_elapsed(self) -> float:
        """Seconds of the routine behind us: every step before the current one at its
        estimate plus any time added to it, and the current one as far as it has run."""
        if self.state == "finished":
            return self.routine_total()
        index = self.index
        done = self._before[index] + sum(x for i, x in self._extra.items() if i < index)
        step = self.current
        if step is None:
            return done
        return done + min(self.elapsed(), step.estimated_seconds + self._added)

    def routine_total(self) -> float:
        """The routine's estimated seconds, with the time added to its steps."""
        return self._before[-1] + sum(self._extra.values())

    def routine_fraction(self) -> float:
        total = self.routine_total()
        if total <= 0:
            return 1.0 if self.state == "finished" else 0.0
        return min(1.0, self.routine_elapsed() / total)

    @property
    def open_ended(self) -> bool:
        """Whether the current step is an open-ended hold."""
        return holds.is_open(self.current)

    def held(self) -> int | None:
        """An open-ended hold's whole seconds held (what it counts up); else None."""
        return holds.held(self.elapsed()) if self.open_ended else None

    def aim_met(self) -> bool:
        """An open-ended hold held for its aim or longer."""
        step = self.current
        return step is not None and holds.is_open(step) and holds.aim_met(step, self.elapsed())

    def current_rep(self) -> int | None:
        """Paced reps: the rep in progress, from 1. Self-paced: the counter."""
        step = self.current
        if step is None or step.kind != "reps":
            return None
        if step.self_paced:
            return self._count
        return min(paced.reps_done(step, self.elapsed()) + 1, step.reps or 0)

    def rep_cue(self) -> RepCue | None:
        """The cue of the paced rep in progress (see :mod:`coach.reps`): None for other
        steps, and once the set's time has run."""
        step = self.current
        if step is None or step.kind != "reps" or step.self_paced or self.state == "ready":
            return None
        return paced.cue(step, self.elapsed())

    def rep_phase(self) -> float | None:
        step = self.current
        if (step is None or step.kind != "reps" or step.self_paced or step.seconds is None
                or not step.rep_seconds):
            return None
        e = self.elapsed()
        if e >= step.seconds:
            return 1.0
        return (e % step.rep_seconds) / step.rep_seconds

    def next_change(self) -> float | None:
        """Monotonic instant of the next visible change: whole second, rep, or step end.

        None when nothing changes by itself (not running, or a self-paced step).
        """
        if self.state != "running":
            return None
        planned = self._planned()
        run_from = self._run_from
        if planned is None or run_from is None:
            return None
        now = self._clock()

        def at(x: float) -> float:
            # The instant elapsed reaches x, from the anchors rather than from now.
            return run_from + (x - self._banked)

        elapsed = self._elapsed_at(now)
        left = planned - elapsed
        if left <= _EPSILON:
            return at(planned)  # the end is due; update() will apply it
        step = self.steps[self.index]
        if step.up_to_seconds is not None:
            return at(holds.next_mark(step, elapsed))
        whole = math.ceil(left - _EPSILON) - 1  # the next whole number remaining() reaches
        change = at(planned - whole)
        if step.kind == "reps" and step.rep_seconds:
            # The next rep, or the next cue within this one.
            change = min(change, at(paced.next_mark(step, elapsed)))
        return change

    # --- the clock -----------------------------------------------------------------------

    def _wall_at(self, t: float) -> datetime:
        if self.started_at is None:
            raise RuntimeError("the session has not started")
        return self.started_at + timedelta(seconds=t - self._anchor_mono)

    def start(self) -> None:
        if self.state != "ready":
            return
        now = self._clock()
        self.started_at = self._wall()
        self._anchor_mono = now
        if not self.steps:
            self.state = "finished"
            return
        self.state = "running"
        self._begin(self.index, now)
        self._advance(now)  # a zero-length first step ends at once

    def update(self) -> list[StepResult]:
        """Apply every step end that has passed by now; return the results produced."""
        if self.state != "running":
            return []
        return self._advance(self._clock())

    def _advance(self, now: float) -> list[StepResult]:
        produced: list[StepResult] = []
        while self.state == "running":
            planned = self._planned()
            if planned is None or self._run_from is None:
                break
            # The exact instant the step runs out: the next one starts there, whatever now
            # is. Compared as an instant so that now == next_change() always ends the step.
            end = self._run_from + (planned - self._banked)
            if now < end:
                break
            produced.append(self._finish_step("done", end, planned))
        return produced

    def _emit(self, result: StepResult) -> None:
        # Called once the session has moved past the step, so the store sees it consistent.
        if self._on_step_end is not None:
            self._on_step_end(result)

    def _settle(self) -> float | None:
        """Apply passed boundaries before an action; the instant to act at, or None."""
        if not self._active:
            return None
        now = self._clock()
        if self.state == "running":
            self._advance(now)
        return now if self._active else None

    # --- step transitions ----------------------------------------------------------------

    def _begin(self, index: int, t: float) -> None:
        """Make ``steps[index]`` current from zero at ``t``, keeping running or paused."""
        self.index = index
        self._step_start = t
        self._banked = 0.0
        self._discarded = 0.0
        self._extra.pop(index, None)  # played again: from its planned length
        self._count = self._first_count()
        self.pain = None
        self._paused_banked = 0.0
        if self.state == "paused":
            self._run_from, self._paused_since = None, t
        else:
            self._run_from, self._paused_since = t, None

    def _first_count(self) -> int:
        """Where the self-paced counter starts: the prescribed reps, so Enter alone records
        the set as prescribed."""
        step = self.steps[self.index]
        return (step.reps or 0) if step.self_paced else 0

    def _result(self, status: Status, t: float, elapsed: float, reps: int | None) -> StepResult:
        step = self.steps[self.index]
        paused = self._paused_banked
        if self._paused_since is not None:
            paused += t - self._paused_since
        if reps is None and step.kind == "reps":
            # A self-paced set left this way records 0: only done() records a count.
            reps = 0 if step.self_paced else paced.reps_done(step, elapsed)
        result = StepResult(
            step=step,
            started_at=self._wall_at(self._step_start),
            ended_at=self._wall_at(t),
            active_seconds=self._discarded + elapsed,
            paused_seconds=paused,
            reps=reps,
            status=status,
            pain=self.pain,
        )
        self.results.append(result)
        return result

    def _finish_step(
        self, status: Status, t: float, elapsed: float, reps: int | None = None
    ) -> StepResult:
        """End the current step at ``t`` and start the one after it (or finish)."""
        result = self._result(status, t, elapsed, reps)
        if self.index + 1 < len(self.steps):
            self._begin(self.index + 1, t)
        else:
            self.index = len(self.steps)
            self.state = "finished"
            self._run_from = self._paused_since = None
        self._emit(result)
        return result

    # --- actions -------------------------------------------------------------------------

    def pause(self) -> None:
        if (now := self._settle()) is None or self.state != "running":
            return
        self._banked = self._elapsed_at(now)
        self._run_from = None
        self._paused_since = now
        self.state = "paused"

    def resume(self) -> None:
        if self.state != "paused" or self._paused_since is None:
            return
        now = self._clock()
        self._paused_banked += now - self._paused_since
        self._paused_since = None
        self._run_from = now
        self.state = "running"

    def toggle_pause(self) -> None:
        if self.state == "paused":
            self.resume()
        else:
            self.pause()

    def next(self) -> None:
        if (now := self._settle()) is None:
            return
        self._finish_step("skipped", now, self._elapsed_now(now))

    def previous(self) -> None:
        if (now := self._settle()) is None:
            return
        if self.index == 0:
            self._restart(now)
            return
        result = self._result("skipped", now, self._elapsed_now(now), None)
        self._begin(self.index - 1, now)
        self._emit(result)

    def restart_step(self) -> None:
        now = self._settle()
        if now is not None:
            self._restart(now)

    def _restart(self, now: float) -> None:
        # The time already spent stays in the step's result (active_seconds), so a result's
        # started_at..ended_at always equals its active plus paused seconds.
        self._discarded += self._elapsed_now(now)
        self._banked = 0.0
        self._extra.pop(self.index, None)
        self._count = self._first_count()
        if self.state == "running":
            self._run_from = now

    def add_time(self, seconds: float = 10) -> bool:
        """Extend the current timed step; False for reps steps or when nothing is playing."""
        if self._settle() is None or seconds <= 0:
            return False
        step = self.steps[self.index]
        if step.seconds is None or step.kind == "reps" or step.up_to_seconds is not None:
            return False
        self._extra[self.index] = self._added + seconds
        return True

    def count_rep(self, delta: int = 1) -> None:
        if self._settle() is None:
            return
        step = self.steps[self.index]
        if step.kind != "reps" or not step.self_paced:
            return
        self._count = max(0, min(MAX_COUNTED_REPS, self._count + delta))

    def note_pain(self, pain: int) -> bool:
        """Note pain (0-10) felt now, for the current step; False when nothing is playing."""
        if not 0 <= pain <= 10 or self._settle() is None:
            return False
        self.pain = pain
        return True

    def done(self) -> bool:
        """End a self-paced reps step, recording exactly the counter: ``done`` with that
        many reps, or ``skipped`` with 0 when it shows 0 (no reps is no set)."""
        if (now := self._settle()) is None:
            return False
        step = self.steps[self.index]
        if step.kind != "reps" or not step.self_paced:
            return False
        status: Status = "done" if self._count else "skipped"
        self._finish_step(status, now, self._elapsed_now(now), self._count)
        return True

    def let_go(self) -> bool:
        """End an open-ended hold now, as ``done`` with the seconds held (a pause does not
        count). False, doing nothing, on any other step."""
        if (now := self._settle()) is None or self.steps[self.index].up_to_seconds is None:
            return False
        self._finish_step("done", now, self._elapsed_now(now))
        return True

    def abort(self) -> None:
        if self.state == "ready":
            self.state = "aborted"
            return
        if (now := self._settle()) is None:
            return
        result = self._result("skipped", now, self._elapsed_now(now), None)
        self.state = "aborted"
        self._run_from = self._paused_since = None
        self._emit(result)
