"""End to end in a real terminal: the installed ``coach`` runs in tmux and is driven by
keystrokes, the way a person uses it, and judged only by what the terminal shows.

It plays the small fixed library in ``e2e_library.toml`` (so edits to the shipped library
never move these expectations), with no get-ready step and the bell off. The tmux server is
private to the test (its own socket, no config file), so the user's tmux is never touched.
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

TMUX = shutil.which("tmux")
COACH = Path(sys.executable).with_name("coach")
LIBRARY = Path(__file__).with_name("e2e_library.toml")
WIDTH, HEIGHT = 100, 30
POLL_SECONDS = 0.1

pytestmark = [
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
    pytest.mark.skipif(not COACH.exists(), reason=f"no installed coach at {COACH}"),
    pytest.mark.skipif(sys.platform == "win32", reason="tmux runs on POSIX terminals only"),
]

T = TypeVar("T")

# --- reading the screen -------------------------------------------------------------------

PROGRESS = re.compile(r"(\d+):(\d\d) done · (\d+):(\d\d) left")


def routine_done(screen: str) -> int | None:
    """Whole seconds on the runner's "M:SS done · M:SS left" line, or None if not shown."""
    match = PROGRESS.search(screen)
    return int(match[1]) * 60 + int(match[2]) if match else None


def _fonts() -> list[tuple[dict[tuple[str, ...], str], int]]:
    """Every size the big clock can take (coach.tui.widgets.bigclock): its half-block digits
    at each scale that fits the pane, then the three-row box digits; each as a table from a
    glyph's rows to its character, with the columns drawn between characters."""
    from coach.tui.widgets.bigclock import render_box, render_scaled

    fonts = [({render_scaled(char, scale): char for char in "0123456789:"}, scale)
             for scale in (4, 3, 2, 1)]
    fonts.append(({render_box(char): char for char in "0123456789:"}, 0))
    return fonts


FONTS = _fonts()


def _runs(rows: list[str], glyphs: dict[tuple[str, ...], str], gap: int) -> Iterator[str]:
    """Each run of characters drawn side by side in ``rows`` in one font, left to right."""
    x, run, width = 0, "", len(rows[0])
    while x < width:
        for glyph, char in glyphs.items():
            if all(row.startswith(part, x) for row, part in zip(rows, glyph, strict=False)):
                run, x = run + char, x + len(glyph[0]) + gap
                break
        else:
            if run:
                yield run
            run, x = "", x + 1
    if run:
        yield run


def big_clock(screen: str) -> int | None:
    """Seconds on the big M:SS clock, in whichever size it is drawn, or None."""
    lines = screen.splitlines()
    width = max(map(len, lines), default=0)
    for glyphs, gap in FONTS:
        height = len(next(iter(glyphs)))
        for top in range(len(lines) - height + 1):
            rows = [line.ljust(width) for line in lines[top:top + height]]
            if not any(row.strip() for row in rows):
                continue
            for run in _runs(rows, glyphs, gap):
                if match := re.fullmatch(r"(\d+):(\d\d)", run):
                    return int(match[1]) * 60 + int(match[2])
    return None


# --- the terminal -------------------------------------------------------------------------

class Terminal:
    """A private tmux server; each ``start`` opens a detached WIDTHxHEIGHT session."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"coach-e2e-{os.getpid()}-{secrets.token_hex(4)}"
        self.env = env
        self.session = ""
        self.socket_path: Path | None = None

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            [TMUX, "-L", self.socket, "-f", os.devnull, *args],
            env=self.env, capture_output=True, text=True, timeout=10,
        )
        if done.returncode:
            raise AssertionError(f"tmux {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self, name: str, command: str) -> None:
        self.session = name
        self.tmux("new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT), command)
        if self.socket_path is None:
            self.socket_path = Path(self.tmux("display-message", "-p", "#{socket_path}").strip())

    def kill(self) -> None:
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], env=self.env,
                       capture_output=True, timeout=10)
        if self.socket_path is not None:  # tmux leaves the socket file behind
            self.socket_path.unlink(missing_ok=True)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def press(self, *keys: str) -> None:
        """tmux key names: Enter, Escape, Space, or single characters."""
        for key in keys:
            self.tmux("send-keys", "-t", self.session, key)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.session, "-l", text)

    def poll(self, read: Callable[[str], T | None], what: str, timeout: float = 5.0) -> T:
        """Capture the pane every POLL_SECONDS until ``read(screen)`` gives a value."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            value = read(screen)
            if value is not None and value is not False:
                return value
            if time.monotonic() > deadline:
                pytest.fail(f"waited {timeout} s for {what}; the screen was:\n{screen}")
            time.sleep(POLL_SECONDS)

    def wait_for(self, *texts: str, timeout: float = 5.0) -> str:
        """The screen, once every one of ``texts`` is on it."""
        return self.poll(lambda s: s if all(t in s for t in texts) else None,
                         " and ".join(repr(t) for t in texts), timeout)

    def wait_gone(self, text: str, timeout: float = 5.0) -> str:
        return self.poll(lambda s: s if text not in s else None, f"{text!r} to go", timeout)

    def read(self, what: str, reader: Callable[[str], int | None]) -> int:
        return self.poll(reader, what, timeout=2.0)


@pytest.fixture
def dirs(tmp_path: Path) -> dict[str, Path]:
    home = tmp_path / "home"
    out = {"home": home, "config": tmp_path / "config", "data": tmp_path / "data"}
    for path in out.values():
        path.mkdir()
    # No get-ready step, so the routine opens on its first hold; no bell in the test's tty.
    (out["config"] / "config.toml").write_text("prepare_seconds = 0\nbell = false\n")
    return out


@pytest.fixture
def terminal(dirs: dict[str, Path]) -> Iterator[Terminal]:
    home = dirs["home"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
    env |= {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "SHELL": "/bin/sh",
        "TERM": "xterm-256color",
    }
    for name in ("COACH_CONFIG_DIR", "COACH_DATA_DIR", "COACH_CACHE_DIR", "NO_COLOR"):
        env.pop(name, None)
    term = Terminal(env)
    try:
        yield term
    finally:
        term.kill()


def coach_command(dirs: dict[str, Path], *args: str, library: Path = LIBRARY,
                  env: dict[str, str] | None = None, pidfile: Path | None = None) -> str:
    """A shell line that runs coach, then leaves its exit status on the screen; with
    ``pidfile``, coach's process id is written there first (``exec`` keeps it)."""
    # stderr stays on the terminal: Textual draws there.
    settings = [f"{k}={v}" for k, v in {"TERM": "xterm-256color", **(env or {})}.items()]
    coach = shlex.join([
        "env", *settings, str(COACH), "--library", str(library),
        "--config-dir", str(dirs["config"]), "--data-dir", str(dirs["data"]), *args,
    ])
    if pidfile is not None:
        coach = f"sh -c {shlex.quote(f'echo $$ > {shlex.quote(str(pidfile))}; exec {coach}')}"
    return f"{coach}; echo EXIT=$?; sleep 30"


def history_json(t: Terminal, dirs: dict[str, Path]) -> dict:
    """What `coach history --json` says of the data directory."""
    import json

    shown = subprocess.run([str(COACH), "--data-dir", str(dirs["data"]), "history", "--json"],
                           env={**t.env, "NO_COLOR": "1"}, capture_output=True, text=True,
                           timeout=60)
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)


def pane_modes(t: Terminal) -> dict[str, str]:
    """What the terminal is set to: alternate screen, cursor shown, mouse reporting."""
    names = ("alternate_on", "cursor_flag", "mouse_any_flag")
    shown = t.tmux("display-message", "-p", "-t", t.session,
                   " ".join(f"#{{{n}}}" for n in names))
    return dict(zip(names, shown.split(), strict=False))


def test_a_session_in_a_real_terminal(terminal: Terminal, dirs: dict[str, Path]) -> None:
    t = terminal
    t.start("first", coach_command(dirs))

    # First run: the safety note over the picker.
    t.wait_for("Before you start", "Press Enter to continue", timeout=15)
    t.press("Enter")
    t.wait_for("Quick roll", "Towel then ball", "q Quit")
    t.wait_gone("Before you start")

    # `/` and part of a name, in one burst, then Enter starts the one routine left.
    t.type("/tow")
    t.poll(lambda s: "tow" in s and "Quick roll" not in s, "the filter to leave one routine")
    t.press("Enter")

    t.wait_for("Before Towel then ball", "How is your pain right now, 0-10?")
    t.type("3")
    t.wait_gone("0-10, Enter to skip")  # the field's placeholder gives way to the 3
    t.press("Enter")

    # The runner, on the first of two 60 s holds, counting down.
    t.wait_for("Towel pull", "Hold 1 of 2", "Next: Towel pull · both feet · hold 2 of 2 · 1:00")
    clock_1, done_1 = t.read("the clock", big_clock), t.read("the progress line", routine_done)
    began = time.monotonic()
    time.sleep(2.0)
    clock_2, done_2 = t.read("the clock", big_clock), t.read("the progress line", routine_done)
    waited = time.monotonic() - began
    assert 55 <= clock_1 <= 60, clock_1
    assert 1 <= clock_1 - clock_2 <= 3, (clock_1, clock_2, waited)
    assert 1 <= done_2 - done_1 <= 3, (done_1, done_2, waited)

    # Space pauses: the banner shows, the top right says so (and that the bell is off, as
    # config.toml has it), the key bar offers Resume, and neither time moves.
    t.press("Space")
    screen = t.wait_for("PAUSED", "space Resume")
    assert screen.splitlines()[0].rstrip().endswith("Paused  Bell off")
    time.sleep(0.3)  # past the frame that drew the banner
    paused_at = t.read("the clock", big_clock), t.read("the progress line", routine_done)
    time.sleep(1.5)
    screen = t.wait_for("PAUSED")
    assert (big_clock(screen), routine_done(screen)) == paused_at

    # Space again resumes: the banner goes and time moves on.
    t.press("Space")
    t.wait_gone("PAUSED")
    assert "space Pause" in t.wait_gone("Paused ")
    t.poll(lambda s: (routine_done(s) or 0) > paused_at[1], "the done time to advance", 3.0)
    t.poll(lambda s: (big_clock(s) or 99) < paused_at[0], "the clock to count down", 3.0)

    # n skips to the second hold, which starts from its full minute.
    t.press("n")
    screen = t.wait_for("Hold 2 of 2", "Next: Ball roll · both feet · 0:30")
    assert "Hold 1 of 2" not in screen
    assert 58 <= t.read("the clock", big_clock) <= 60

    # q asks first; y ends the session and shows the summary.
    t.press("q")
    t.wait_for("End this session? y/n")
    t.press("y")
    t.wait_for("Ended early: Towel then ball", "pain before: 3/10",
               "How is your pain now, 0-10?")
    # The score, Enter and the note in one burst, as a fast typist sends them: every letter
    # of the note lands in the note, none in the digits-only pain field.
    t.type("2\rcalves tight")
    t.wait_for("calves tight")
    t.press("Enter")

    # Back at the picker, on the list; the filter still holds "tow", so Escape clears it.
    t.wait_for("2:30 · 2 exercises")
    t.wait_gone("Ended early: ")
    t.press("Escape")
    t.wait_for("Quick roll", "Towel then ball", "q Quit")
    t.press("q")
    t.wait_for("EXIT=0")
    assert (dirs["data"] / ".safety-note-seen").exists()
    [kept] = history_json(t, dirs)["sessions"]
    assert (kept["pain_before"], kept["pain_after"], kept["note"]) == (3, 2, "calves tight")
    # The first run validated the library before drawing, and left a start-up cache entry
    # behind for the next (see coach/quickstart.py), which then starts from it.
    assert (dirs["home"] / ".cache" / "coach" / "start.json").is_file()

    # A second run: `coach run ROUTINE` goes straight to the pain prompt, no safety note.
    t.start("second", coach_command(dirs, "run", "quick-roll"))
    screen = t.wait_for("Before Quick roll", "How is your pain right now, 0-10?", timeout=15)
    assert "Before you start" not in screen
    t.press("Enter")  # skips the question (Escape would go back to the routines)
    t.wait_for("Ball roll", "Keep going", "Next: the summary")
    assert 28 <= t.read("the clock", big_clock) <= 30
    t.press("q")
    t.wait_for("End this session? y/n")
    t.press("y")
    screen = t.wait_for("Ended early: Quick roll", "How is your pain now, 0-10?")
    assert "pain before" not in screen
    t.press("Escape")
    t.wait_for("Quick roll", "Towel then ball", "q Quit")
    t.press("q")
    t.wait_for("EXIT=0")


# --- signals and encodings ------------------------------------------------------------------

SHORT_HOLDS = """
[[exercises]]
id = "press"
name = "Toe press"
purpose = "Press the toes down."
position = "Stand tall."
steps = ["Press the toes down."]
sides = "both"
prescription = { kind = "hold", seconds = 2, holds = 10 }

[[routines]]
id = "presses"
name = "Presses"
description = "Ten short holds."
items = [{ exercise = "press" }]
"""


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_a_signal_gives_the_terminal_back_and_keeps_the_session(
        terminal: Terminal, dirs: dict[str, Path], tmp_path: Path, signame: str) -> None:
    import json
    import signal

    t = terminal
    signum = getattr(signal, signame)
    library = tmp_path / "holds.toml"
    library.write_text(SHORT_HOLDS, encoding="utf-8")
    (dirs["data"] / ".safety-note-seen").touch()
    pidfile = tmp_path / "coach.pid"
    t.start("signal", coach_command(dirs, "run", "presses", library=library, pidfile=pidfile))
    t.wait_for("Before Presses", "How is your pain right now, 0-10?", timeout=15)
    t.press("Enter")  # no pain given
    # Two 2 s holds end by themselves; pausing on the third keeps the count exact.
    t.wait_for("Hold 3 of 10", timeout=10)
    t.press("Space")
    t.wait_for("PAUSED")
    assert pane_modes(t) == {"alternate_on": "1", "cursor_flag": "0", "mouse_any_flag": "1"}

    os.kill(int(pidfile.read_text()), signum)
    screen = t.wait_for(f"EXIT={128 + signum}")
    assert "Traceback" not in screen
    assert pane_modes(t) == {"alternate_on": "0", "cursor_flag": "1", "mouse_any_flag": "0"}

    env = {**t.env, "NO_COLOR": "1"}
    shown = subprocess.run([str(COACH), "--data-dir", str(dirs["data"]), "history", "--json"],
                           env=env, capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0, shown.stderr
    [session] = json.loads(shown.stdout)["sessions"]
    assert (session["routine"], session["status"]) == ("presses", "interrupted")
    assert [(s["step_index"], s["kind"], s["status"]) for s in session["steps"]] == [
        (0, "hold", "done"), (1, "hold", "done")]


def test_the_app_starts_and_quits_with_an_ascii_terminal_encoding(
        terminal: Terminal, dirs: dict[str, Path]) -> None:
    """Textual writes to the terminal itself: with PYTHONIOENCODING=ascii each character
    it cannot write shows as one "?", so the screen keeps its shape, and q quits."""
    t = terminal
    (dirs["data"] / ".safety-note-seen").touch()
    t.start("ascii", coach_command(dirs, env={"PYTHONIOENCODING": "ascii"}))
    screen = t.wait_for("Quick roll", "Towel then ball", "Quit", timeout=15)
    assert "\\u" not in screen  # not Python's backslash escapes, six cells for one
    assert "?" in screen  # the line drawing, replaced
    t.press("q")
    screen = t.wait_for("EXIT=0")
    assert "Traceback" not in screen and "Error" not in screen
    assert pane_modes(t) == {"alternate_on": "0", "cursor_flag": "1", "mouse_any_flag": "0"}


# --- keys in bursts, and an interrupted session resumed ---------------------------------------

@pytest.mark.parametrize("word", ["heel", "band", "quad"])
def test_a_filter_burst_lands_whole(terminal: Terminal, dirs: dict[str, Path], word: str) -> None:
    """`/` and a word in one write to the terminal: the field shows the whole word and the
    list is filtered; none of its letters ran a key (h History, b builder, q quit, e
    exercises). Before `/`, "quad" quit coach and left "ad" for the shell."""
    t = terminal
    (dirs["data"] / ".safety-note-seen").touch()
    t.start("burst", coach_command(dirs))
    t.wait_for("Quick roll", "Towel then ball", "Press / to filter routines", timeout=15)
    t.type(f"/{word}")
    screen = t.wait_for(f"▊  {word} ", "No routine matches the filter")
    assert "Quick roll" not in screen and "Towel then ball" not in screen
    # Still the picker (another screen names itself in the title: "coach — History"), and
    # coach is running.
    title = screen.splitlines()[0]  # "Bell off" may stand at its right: the e2e bell is off
    assert title.split()[:2] == ["⭘", "coach"] and "—" not in title, screen
    assert "EXIT=" not in screen
    t.press("Escape")  # clears it: every routine again, and the list has the keys
    t.wait_for("Quick roll", "Towel then ball", "Press / to filter routines")
    t.type("/ball")  # matches both: filtered, not emptied
    t.wait_for("▊  ball ", "Quick roll", "Towel then ball")
    t.press("Escape")
    t.wait_gone("▊  ball ")  # (an Escape and a q sent together would read as alt+q)
    t.press("q")
    t.wait_for("EXIT=0")


def test_an_interrupted_session_is_offered_and_resumes_after_a_get_ready(
        terminal: Terminal, dirs: dict[str, Path], tmp_path: Path) -> None:
    import signal

    t = terminal
    library = tmp_path / "holds.toml"
    library.write_text(SHORT_HOLDS, encoding="utf-8")
    (dirs["data"] / ".safety-note-seen").touch()
    pidfile = tmp_path / "coach.pid"
    t.start("first", coach_command(dirs, "run", "presses", library=library, pidfile=pidfile))
    t.wait_for("Before Presses", "How is your pain right now, 0-10?", timeout=15)
    t.press("Enter")
    t.wait_for("Hold 3 of 10", timeout=10)  # two holds ended and are in the history
    t.press("Space")
    t.wait_for("PAUSED")
    os.kill(int(pidfile.read_text()), signal.SIGTERM)  # as a closed terminal would end it
    t.wait_for(f"EXIT={128 + signal.SIGTERM}")

    t.start("second", coach_command(dirs, library=library))
    t.wait_for("Interrupted just now: Presses, stopped at 0:04 of 0:20 · r resumes it",
               timeout=15)
    t.press("r")
    # A get-ready (5 s: prepare_seconds is 0 here, a resumed session still gets one), then
    # the hold it stopped in, from its beginning.
    t.wait_for("Get ready", "Next: Toe press · both feet · hold 3 of 10")
    assert 4 <= t.read("the clock", big_clock) <= 5
    screen = t.wait_for("Hold 3 of 10", timeout=8)
    assert "Get ready" not in screen
    assert t.read("the clock", big_clock) == 2
    t.press("q")
    t.wait_for("End this session? y/n")
    t.press("y")
    t.wait_for("Ended early: Presses")
    t.press("Escape")
    t.wait_for("Press / to filter routines")  # the picker, where the offer has gone
    t.wait_gone("Interrupted just now")
    t.press("q")
    t.wait_for("EXIT=0")
    [session] = history_json(t, dirs)["sessions"]
    assert session["status"] == "aborted"
    assert [(s["step_index"], s["status"]) for s in session["steps"]] == [
        (0, "done"), (1, "done"), (2, "skipped")]
