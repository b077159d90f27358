"""The runner: coaches one routine step by step with a live countdown and progress bars.

All time comes from the session engine; this screen only draws it. It repaints when
something visible changes (the next whole second, the next rep or rep cue, the next cell of
a bar) and not otherwise: a single timer is set for that instant, and none runs while paused.
What must be read from the floor is big: the countdown (or in reps steps the rep, ``4/10``;
in an open-ended hold the seconds held, counting up) as large as the space left by the text
allows, and beside it the side, the variant and each paced rep's cue in big letters (an
open-ended hold's cue says when its aim is met; the bell rings then too). The state is
said in words, never by colour alone: while paused the top right and a banner say so and
the key bar offers Resume; a muted bell shows as "Bell off" at the top right of every
screen until it is on again. Pain noted with a digit shows under the detail line; why a
ranged item plays its number (its level), on one small line under the detail.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from coach.engine import MAX_COUNTED_REPS
from coach.timeline import Step, format_duration
from coach.tui.kept_settings import keep_setting
from coach.tui.services import Coach
from coach.tui.text import literal
from coach.tui.widgets.bigclock import BigClock
from coach.tui.widgets.bigtext import BigStack, BigText
from coach.tui.widgets.keybar import KeyBar
from coach.tui.widgets.meter import Meter
from coach.tui.widgets.pain_now import PAIN_BINDINGS, PainNow
from coach.tui.widgets.titlebar import TitleBar
from coach.wording import KIND_LABELS, PAUSE_AT, SIDE_LABELS, step_counters, step_line
from coach.workout import Workout

if TYPE_CHECKING:
    from coach.models import Exercise

BELL_COUNTDOWN = (3, 2, 1)
FINISHED_PAUSE_SECONDS = 0.4


def clock_text(seconds: float | None) -> str:
    """Remaining time as the big clock shows it: whole seconds, rounded up."""
    if seconds is None:
        return ""
    return format_duration(math.ceil(seconds - 1e-9))


CUE_WORDS = {"go": "GO", "hold": "HOLD", "back": "BACK"}
# An open-ended hold: held, then held for its aim or longer.
AIM_WORDS = ("HOLD", "AIM MET")
OPEN_HOLD_LABEL = "Hold as long as you can"


class RunnerScreen(Screen[Workout]):
    CSS_PATH = "runner.tcss"
    # Two bindings share space (and m): check_action lets through the one the state fits.
    BINDINGS = [
        Binding("space", "pause", "Pause"),
        Binding("space", "resume", "Resume"),
        Binding("n,right", "next", "Next"),
        Binding("p,left", "previous", "Back"),
        Binding("r", "restart", "Restart"),
        Binding("plus", "add_time", "+10 s", key_display="+"),
        Binding("enter", "done", "Record reps"),
        Binding("enter", "let_go", "Let go"),
        Binding("up", "count(1)", "Rep +1", key_display="↑"),
        Binding("down", "count(-1)", "Rep -1", key_display="↓"),
        *PAIN_BINDINGS,  # 0-9 and ! (10): pain now, without pausing
        Binding("m", "mute", "Mute"),
        Binding("m", "unmute", "Unmute"),
        Binding("M", "keep_bell", "Keep the bell on or off in config.toml", show=False),
        Binding("v", "voice", "Voice", show=False),
        Binding("V", "keep_voice", "Keep the voice on or off in config.toml", show=False),
        Binding("q,escape", "quit_session", "Quit"),
    ]

    def __init__(self, coach: Coach, workout: Workout) -> None:
        super().__init__()
        self.coach = coach
        self.workout = workout
        self.session = workout.session
        self.sub_title = workout.routine.name
        self._timer: Timer | None = None
        self._shown: dict[str, object] = {}
        self._beeped: tuple[int, int] | None = None
        self._aim_rung = False  # the bell for an open-ended hold's aim, rung once
        self._step_key: int | None = None
        self._instructions_shape: tuple[str, int, int] | None = None

    @property
    def exercises(self) -> dict[str, Exercise]:
        return self.coach.library.exercises

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="runner"):
            with Horizontal(id="runner-head"):
                yield Static(id="exercise")
                yield Static(id="kind")
            with Horizontal(id="hero"):
                with BigStack(id="cues"):
                    # rank: the lowest is drawn small first when the column is short.
                    yield BigText(id="side", rank=2)
                    yield BigText(id="variant", rank=0)
                    yield BigText(id="cue", rank=1)
                yield BigClock(id="clock")
            yield Static(id="detail")
            yield Static(id="level")
            yield PainNow(id="pain-now")
            yield Meter(id="step-bar")
            # Scrolls where the screen is short; never focused: ↑/↓ count reps.
            with VerticalScroll(id="instructions-box") as box:
                box.can_focus = False
                yield Static(id="instructions")
            yield Static(id="next")
            yield Static("", id="paused")
            with Horizontal(id="routine-row"):
                yield Meter(id="routine-bar")
                yield Static(id="routine-times")
        yield KeyBar(compact=True)

    def on_mount(self) -> None:
        self._redraw()
        if self.session.state == "ready":
            # The first step starts the moment the screen is first drawn: building it takes a
            # moment, which must come out of no get-ready (the signal comes just after the
            # frame is written). Subscribed as the clock: the screen has a subscription of
            # its own, and unsubscribing is by node.
            self.screen_layout_refresh_signal.subscribe(
                self.query_one("#clock"), self._first_frame, immediate=True)

    def _first_frame(self, _screen: Screen) -> None:
        self.screen_layout_refresh_signal.unsubscribe(self.query_one("#clock"))
        if self.session.state == "ready":
            self.session.start()
            self.call_later(self._tick)

    def on_resize(self) -> None:
        self._redraw()

    # --- drawing ------------------------------------------------------------------------

    def _set(self, key: str, value: Any, apply: Callable[[Any], object]) -> None:
        """Apply ``value`` to the widget ``key`` only when it differs from what is shown."""
        if self._shown.get(key) != value:
            self._shown[key] = value
            apply(value)

    def _bar(self, key: str, fraction: float) -> None:
        self.query_one(f"#{key}", Meter).set_fraction(fraction)

    def _redraw(self) -> None:
        s = self.session
        step = s.current
        if step is None:
            return
        ex = self.exercises[step.exercise]
        q = self.query_one
        if self._step_key != step.index:
            self._step_key = step.index
            self.refresh_bindings()
        # The head line's two parts have fixed widths, so a new step repaints them without a
        # layout (which would show the new kind a frame later).
        self._set("exercise", ex.name,
                  lambda v: q("#exercise", Static).update(literal(v, "bold"), layout=False))
        kind = KIND_LABELS[step.kind]
        if step.up_to_seconds is not None:
            kind = OPEN_HOLD_LABEL
        elif step.kind == "switch_side":
            kind = f"Switch to your {SIDE_LABELS[step.side].lower()} foot"
        self._set("kind", kind, lambda v: q("#kind", Static).update(v, layout=False))
        self._set("cues", self._cues(step), self._show_cues)
        q("#clock", BigClock).update(self._clock_value(step))
        self._set("detail", self._detail(step), self._show_detail)
        self._set("level", self.workout.levels.get(step.item, ""), self._show_level)
        self.set_class(q("#pain-now", PainNow).show(s.pain), "-flags")  # see runner.tcss
        self._set("instructions", (step.exercise, step.item, step.kind == "prepare",
                                   step.variant), lambda _: self._show_instructions(step))
        nxt = s.next_step
        upcoming = ("Next: " + step_line(nxt, self.exercises)) if nxt else "Next: the summary"
        if not step.is_work and step.kind != "prepare":
            upcoming = "Coming up: " + step_line(nxt or step, self.exercises) if nxt else upcoming
        self._set("next", upcoming, lambda v: q("#next", Static).update(literal(v)))
        paused = s.is_paused
        self._set("paused", paused, self._show_paused)
        self._bar("step-bar", s.step_fraction())
        self._bar("routine-bar", s.routine_fraction())
        total = s.routine_total()
        done = min(s.routine_elapsed(), total)
        # Whole seconds: done rounds down and left rounds up, like the big clock.
        self._set("routine-times",
                  f"{format_duration(math.floor(done))} done · "
                  f"{format_duration(math.ceil(total - done - 1e-9))} left",
                  lambda v: q("#routine-times", Static).update(v, layout=False))

    def _clock_value(self, step: Step) -> str:
        """The big display: the rep in reps steps (``4/10``), the seconds held in an
        open-ended hold, else the time left."""
        if step.kind == "reps":
            return f"{self.session.current_rep() or 0}/{step.reps}"
        if step.up_to_seconds is not None:
            return format_duration(self.session.held() or 0)
        return clock_text(self.session.remaining())

    def _cues(self, step: Step) -> tuple[str, str, str]:
        """The side, the variant and the rep's cue, for the big letters."""
        ex = self.exercises[step.exercise]
        variant = ex.variant(step.variant) if step.variant else None
        cue = self.session.rep_cue()
        word = CUE_WORDS[cue] if cue else ""
        if step.up_to_seconds is not None:
            word = AIM_WORDS[self.session.aim_met()]
        return (SIDE_LABELS[step.side], variant.name if variant else "", word)

    def _show_cues(self, cues: tuple[str, str, str]) -> None:
        for name, word in zip(("side", "variant", "cue"), cues, strict=False):
            self.query_one(f"#{name}", BigText).update(word)
        self.query_one("#cues", BigStack).fit()

    def _show_detail(self, line: str) -> None:
        detail = self.query_one("#detail", Static)
        # Paced reps count down here once a second; a line of the same length wraps the same,
        # so it needs no layout.
        before = str(detail.content)
        detail.update(literal(line), layout=len(line) != len(before))

    def _show_level(self, reason: str) -> None:
        level = self.query_one("#level", Static)
        level.update(literal(reason, "italic"))
        level.display = bool(reason)

    def _detail(self, step: Step) -> str:
        ex = self.exercises[step.exercise]
        bits = []
        variant = ex.variant(step.variant) if step.variant else None
        if variant:
            bits.append(variant.name)
        bits += step_counters(step)
        if step.kind == "reps":
            rep = self.session.current_rep() or 0
            if step.self_paced:
                bits.append(f"{rep} of {step.reps} reps at your pace · ↑/↓ how many you did "
                            f"(0-{MAX_COUNTED_REPS}) · Enter records it (0: set skipped)")
            else:
                bits.append(f"Rep {rep} of {step.reps}")
                if step.rep_hold_seconds:
                    where = PAUSE_AT[step.rep_hold_at or "top"]
                    bits.append(f"hold {step.rep_hold_seconds} s {where}")
                bits.append(f"{clock_text(self.session.remaining())} left")
        elif step.up_to_seconds is not None:
            bits.append(f"aim {format_duration(step.seconds or 0)}, up to "
                        f"{format_duration(step.up_to_seconds)} · Enter when you let go")
        return " · ".join(bits)

    def _instructions(self, step: Step) -> Text:
        """The position, the variant's cue, the exercise's steps and the routine's note: the
        same lines on every step of an exercise (the get-ready's position in bold), so from
        get-ready to last set no layout, and no jump in the clock's size."""
        ex = self.exercises[step.exercise]
        lines = [literal(f"Position: {ex.position}", "bold" if step.kind == "prepare" else "",
                         multiline=True)]
        variant = ex.variant(step.variant) if step.variant else None
        if variant is not None and variant.cue:
            lines.append(literal(variant.cue, "bold", multiline=True))
        lines += [literal(f"{n}. {line}", multiline=True) for n, line in enumerate(ex.steps, 1)]
        item = self.workout.routine.items[step.item]
        if item.note:
            lines.append(literal(item.note, "italic", multiline=True))
        return Text("\n").join(lines).append("\n")

    def _show_instructions(self, step: Step) -> None:
        instructions = self.query_one("#instructions", Static)
        before = self._instructions_shape
        text = self._instructions(step)
        self._instructions_shape = (step.exercise, step.item, text.plain.count("\n"))
        # The same lines of the same exercise (only a style changed) wrap the same.
        instructions.update(text, layout=self._instructions_shape != before)
        if self._instructions_shape != before:  # other lines: from their top
            self.query_one("#instructions-box").scroll_home(animate=False)

    def _show_paused(self, paused: bool) -> None:
        banner = self.query_one("#paused", Static)
        banner.update("PAUSED · space to resume" if paused else "")
        banner.set_class(paused, "on")
        self.set_class(paused, "paused")
        self.query_one(TitleBar).status = "Paused" if paused else ""
        self.refresh_bindings()  # space now says Resume, or Pause again

    # --- time ---------------------------------------------------------------------------

    def _tick(self) -> None:
        """Apply what the clock says, cue the bell, repaint, and sleep until the next change."""
        self._timer = None
        s = self.session
        before = s.index
        s.update()
        self.coach.voice.follow(s, self.exercises)
        if s.state == "finished":
            self._finish()
            return
        if s.index != before:
            self.coach.ring()
        self._countdown_bell()
        self._aim_bell()
        self._redraw()
        self._schedule()

    def _countdown_bell(self) -> None:
        remaining = self.session.remaining()
        if remaining is None or self.session.is_paused:
            return
        whole = math.ceil(remaining - 1e-9)
        key = (self.session.index, whole)
        if whole in BELL_COUNTDOWN and self._beeped != key:
            self._beeped = key
            self.coach.ring()

    def _aim_bell(self) -> None:
        """Ring once as an open-ended hold reaches its aim (again if seen unmet again)."""
        met = self.session.aim_met()
        if met and not self._aim_rung:
            self.coach.ring()
        self._aim_rung = met

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        # One repaint a second at most (more only for paced reps): the bars move with them.
        instant = self.session.next_change()
        if instant is None:
            return  # paused or self-paced: nothing changes by itself
        delay = max(0.01, instant - self.coach.clock())
        self._timer = self.set_timer(delay, self._tick)

    def on_screen_resume(self) -> None:
        self._tick()

    def on_show(self) -> None:
        self._schedule()

    # --- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        step = self.session.current
        if action in ("pause", "resume"):
            return self.session.is_paused == (action == "resume")
        if action in ("mute", "unmute"):
            return self.coach.bell_on == (action == "mute")
        if step is None:
            return True
        if action in ("done", "count"):
            return step.self_paced
        if action == "let_go":
            return step.up_to_seconds is not None
        if action == "add_time":  # an open-ended hold's end is the person's to say
            return step.kind != "reps" and step.up_to_seconds is None
        return True

    def _after_action(self) -> None:
        self.coach.voice.follow(self.session, self.exercises)
        if self.session.state == "finished":
            self._finish()
            return
        self._redraw()
        self._schedule()

    def action_pause(self) -> None:
        self.session.pause()
        self._after_action()

    def action_resume(self) -> None:
        self.session.resume()
        self._after_action()

    def action_next(self) -> None:
        self.session.next()
        self._after_action()

    def action_previous(self) -> None:
        self.session.previous()
        self._after_action()

    def action_restart(self) -> None:
        self.session.restart_step()
        self._beeped = None
        self.coach.voice.restarted()
        self._after_action()

    def action_add_time(self) -> None:
        if self.session.add_time(10):
            self._beeped = None
        self._after_action()

    def action_done(self) -> None:
        self.session.done()
        self._after_action()

    def action_let_go(self) -> None:
        self.session.let_go()
        self._after_action()

    def action_count(self, delta: int) -> None:
        self.session.count_rep(delta)
        self._after_action()

    def action_note_pain(self, pain: int) -> None:
        self.session.note_pain(pain)
        self._after_action()

    def action_mute(self) -> None:
        self._set_bell(False)

    def action_unmute(self) -> None:
        self._set_bell(True)

    def _set_bell(self, on: bool) -> None:
        """For this run of coach; M keeps it in config.toml."""
        self.coach.bell_on = on
        self.refresh_bindings()
        kept = self.coach.settings.bell == on
        self.notify(f"Bell {'on' if on else 'off'}"
                    + ("" if kept else f" for now; M keeps it {'on' if on else 'off'}"),
                    timeout=4)

    def action_keep_bell(self) -> None:
        keep_setting(self, self.coach, "bell", self.coach.bell_on, "The bell")

    def action_voice(self) -> None:
        self.notify(self.coach.voice.toggle(), timeout=4)
        self.coach.voice.follow(self.session, self.exercises)  # the step in progress, at once

    def action_keep_voice(self) -> None:
        keep_setting(self, self.coach, "voice", self.coach.voice.on, "The voice")

    def action_quit_session(self) -> None:
        was_paused = self.session.is_paused
        if not was_paused:
            self.session.pause()
        self._after_action()

        def answered(yes: bool | None) -> None:
            if yes:
                self.session.abort()
                self._finish()
            else:
                if not was_paused:
                    self.session.resume()
                self._after_action()

        self.coach.confirm("End this session?", answered)

    def _finish(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self.is_current:
            return
        if self.session.state == "finished":
            # Show the end at the instant it happens, and leave it up a moment: the summary
            # is built only after this frame is on screen, so its set-up time never
            # lengthens the last step.
            self.query_one("#kind", Static).update("Done")
            self.query_one("#clock", BigClock).update("0:00")
            self.query_one("#step-bar", Meter).set_fraction(1.0)
            self.query_one("#routine-bar", Meter).set_fraction(1.0)
            self.set_timer(FINISHED_PAUSE_SECONDS, self._leave)
        else:
            self._leave()

    def _leave(self) -> None:
        # Not awaited: dismiss() from the screen's own callbacks must not wait on itself.
        self.dismiss(self.workout)
