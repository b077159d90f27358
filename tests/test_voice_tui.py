"""The voice in the app: what the runner hands the speech engine as a workout moves (a
recording speaker stands in for the engine, so what is said is checked exactly), `v` and `V`,
the palette, no engine, and that saying never waits for the engine."""

from __future__ import annotations

import sys

from support import make_app, wait_for_command, wait_until
from test_tui import start_short, tick

from coach.config import Settings, load_settings
from coach.tui import voice as voice_module

SIZE = (100, 30)


class Recorder:
    """A Speaker that writes down what it is given, and when (on the test's fake clock)."""

    said: list[str]

    def __init__(self, argv, on_error=None) -> None:
        self.argv = argv
        Recorder.said = []

    def say(self, text: str) -> None:
        Recorder.said.append(text)

    def close(self) -> None:
        pass


def speaking(monkeypatch, found: bool = True) -> None:
    monkeypatch.setattr(voice_module, "Speaker", Recorder)
    monkeypatch.setattr(voice_module, "engine", lambda command: (
        (["/usr/bin/espeak-ng"], None) if found else (None, "no speech engine found")))
    Recorder.said = []


async def test_the_runner_says_each_step_and_counts_down(monkeypatch):
    speaking(monkeypatch)
    app, clock = make_app(settings=Settings(voice=True))  # the fixed library: every-step first
    async with app.run_test(size=SIZE) as pilot:
        await start_short(pilot)
        assert Recorder.said == ["Get ready: Towel stretch, right foot"]
        await tick(pilot, clock, 2.5)  # 2.5 s left of the 5 s get-ready
        await tick(pilot, clock, 0.6)
        await tick(pilot, clock, 1.0)
        await tick(pilot, clock, 1.0)  # into the hold
        assert Recorder.said == ["Get ready: Towel stretch, right foot", "3", "2", "1",
                                 "Towel stretch, right foot"]


async def test_paused_nothing_is_said_and_restart_says_the_step_again(monkeypatch):
    speaking(monkeypatch)
    app, clock = make_app(settings=Settings(voice=True))
    async with app.run_test(size=SIZE) as pilot:
        await start_short(pilot)
        await pilot.press("space")
        await tick(pilot, clock, 30)
        assert Recorder.said == ["Get ready: Towel stretch, right foot"]
        await pilot.press("space", "r")
        await pilot.pause()
        assert Recorder.said[-1] == "Get ready: Towel stretch, right foot"
        assert len(Recorder.said) == 2


async def test_done_is_said_at_the_end(monkeypatch):
    speaking(monkeypatch)
    app, _clock = make_app(settings=Settings(voice=True))
    async with app.run_test(size=SIZE) as pilot:
        runner = await start_short(pilot)
        while runner.session.state != "finished":
            await pilot.press("n")
        assert Recorder.said[-1] == "Done"
        assert Recorder.said.count("Done") == 1


async def test_the_palette_turns_the_voice_on(monkeypatch):
    speaking(monkeypatch)
    app, _clock = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"voice")
        await wait_for_command(pilot, "Voice")
        await pilot.press("enter")
        await pilot.pause()
        assert app.voice.on
        assert any("Voice on" in str(n.message) for n in app._notifications)


async def test_v_turns_the_voice_on_and_off_and_capital_v_keeps_it(monkeypatch):
    speaking(monkeypatch)
    app, _clock = make_app()  # voice off, as by default
    config = app.locations.config_file
    async with app.run_test(size=SIZE) as pilot:
        await start_short(pilot)
        assert Recorder.said == []
        await pilot.press("v")
        await pilot.pause()
        assert app.voice.on
        assert Recorder.said == ["Get ready: Towel stretch, right foot"]  # at once
        assert any("Voice on" in str(n.message) for n in app._notifications)
        await pilot.press("V")
        await wait_until(pilot, lambda: config.exists() and "voice = true" in config.read_text(),
                         what="the save")
        assert load_settings(config)[0].voice is True and app.settings.voice is True
        await pilot.press("v")
        await pilot.pause()
        assert not app.voice.on


async def test_without_an_engine_the_voice_says_why_once_and_stays_off(monkeypatch):
    speaking(monkeypatch, found=False)
    app, clock = make_app(settings=Settings(voice=True))
    async with app.run_test(size=SIZE) as pilot:
        await start_short(pilot)
        await tick(pilot, clock, 3)
        await pilot.press("v")
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert sum("no speech engine found" in m for m in messages) == 2  # on start, on v
        assert messages[0].startswith("Voice off:")
        assert "Voice unavailable" in messages[-1]
        assert not app.voice.on and app.bell_on  # the bell stays


async def test_a_slow_engine_never_holds_up_the_runner(tmp_path):
    # A real Speaker and an engine that takes 30 s to say anything: the runner's keys and
    # steps go on at once.
    slow = tmp_path / "slow.py"
    slow.write_text("import time; time.sleep(30)\n")
    command = f"{sys.executable} {slow}"
    app, clock = make_app(settings=Settings(voice=True, speech_command=command))
    async with app.run_test(size=SIZE) as pilot:
        runner = await start_short(pilot)
        for _ in range(4):
            await pilot.press("n")
        await tick(pilot, clock, 1)
        assert runner.session.index == 4
        speaker = app.voice._speaker
        assert speaker is not None
        await wait_until(pilot, lambda: speaker._process is not None, what="the engine")
        assert speaker._process.poll() is None  # still "speaking"
    app.voice.close()
    assert speaker._process is None
