"""Speaking cues (coach.speech): which engine is found, what reaches it (one argument, never
an option, no control characters), that saying never waits for the engine, that a new cue cuts
the one being spoken, and that a missing engine is said once. A fake engine records what it
is given; where espeak-ng is installed, it speaks into a WAV file that must hold sound."""

from __future__ import annotations

import shutil
import sys
import textwrap
import time
import wave
from array import array
from pathlib import Path

import pytest

from coach.speech import MAX_CUE, Speaker, engine, spoken


def fake_engine(tmp_path: Path, *, wait_for: Path | None = None) -> tuple[list[str], Path]:
    """A speech command that writes its last argument to a file of its own (one per cue,
    numbered by its pid), after ``wait_for`` exists when given."""
    said = tmp_path / "said"
    said.mkdir()
    script = tmp_path / "speak.py"
    script.write_text(textwrap.dedent(f"""
        import os, sys, time
        gate = {str(wait_for)!r} if {wait_for is not None!r} else None
        out = os.path.join({str(said)!r}, str(os.getpid()))
        open(out + ".started", "w").close()
        while gate and not os.path.exists(gate):
            time.sleep(0.01)
        with open(out, "w") as f:
            f.write(sys.argv[-1])
    """))
    return [sys.executable, str(script)], said


def wait_for(ready, within: float = 10.0) -> None:
    deadline = time.monotonic() + within
    while not ready():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.01)


def test_the_first_engine_found_is_used_and_a_speech_command_alone():
    found = {"spd-say": "/usr/bin/spd-say", "say": "/usr/bin/say", "myspeak": "/opt/myspeak"}
    assert engine("", found.get) == (["/usr/bin/spd-say"], None)
    assert engine("myspeak -r 1.5", found.get) == (["/opt/myspeak", "-r", "1.5"], None)
    argv, why = engine("espeak-ng", found.get)
    assert argv is None and "no program 'espeak-ng' found" in why
    argv, why = engine("", {}.get)
    assert argv is None and "install espeak-ng" in why and "the bell stays" in why
    argv, why = engine('say "unclosed', found.get)
    assert argv is None and "cannot be read" in why


def test_a_cue_reaches_the_engine_as_one_harmless_line():
    assert spoken("--help me") == "help me"
    assert spoken("Heel\x1b]0;title\x07 raises,\nright foot") == "Heel ]0;title raises, right foot"
    assert len(spoken("a" * 1000)) == MAX_CUE
    assert spoken(" \t ") == ""


def test_what_is_said_reaches_the_engine(tmp_path):
    argv, said = fake_engine(tmp_path)
    speaker = Speaker(argv)
    try:
        speaker.say("Heel raises, right foot")
        wait_for(lambda: any(p.suffix == "" for p in said.iterdir()))
    finally:
        speaker.close()
    assert [p.read_text() for p in said.iterdir() if p.suffix == ""] == [
        "Heel raises, right foot"]


def test_saying_never_waits_and_a_new_cue_cuts_the_one_being_spoken(tmp_path):
    gate = tmp_path / "gate"  # the fake engine "speaks" until this exists: forever here
    argv, said = fake_engine(tmp_path, wait_for=gate)
    speaker = Speaker(argv)
    try:
        speaker.say("first")  # returns while the engine is still speaking
        wait_for(lambda: len(list(said.glob("*.started"))) == 1)
        first = speaker._process
        assert first is not None and first.poll() is None
        speaker.say("second")
        wait_for(lambda: first.poll() is not None)  # cut, not waited for
        wait_for(lambda: len(list(said.glob("*.started"))) == 2)
        gate.touch()
        wait_for(lambda: any(p.suffix == "" for p in said.iterdir()))
    finally:
        speaker.close()
    assert [p.read_text() for p in said.iterdir() if p.suffix == ""] == ["second"]


def test_an_engine_that_cannot_start_is_said_once(tmp_path):
    errors = []
    speaker = Speaker([str(tmp_path / "gone")], on_error=errors.append)
    try:
        speaker.say("one")
        wait_for(lambda: errors)
        speaker.say("two")
        speaker.say("three")
        time.sleep(0.2)
    finally:
        speaker.close()
    assert len(errors) == 1 and "could not start" in errors[0] and "the bell stays" in errors[0]


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_espeak_ng_speaks_a_cue_into_a_wav_file(tmp_path):
    wav = tmp_path / "cue.wav"
    speaker = Speaker([shutil.which("espeak-ng"), "-w", str(wav)])
    try:
        speaker.say("Heel raises, right foot")
        wait_for(lambda: speaker._process is not None and speaker._process.poll() is not None)
    finally:
        speaker.close()
    with wave.open(str(wav)) as sound:
        frames = sound.readframes(sound.getnframes())
        assert sound.getsampwidth() == 2 and sound.getnframes() > sound.getframerate() // 2
    samples = array("h", frames)
    assert max(abs(s) for s in samples) > 1000  # a voice, not silence
