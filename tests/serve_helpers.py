"""A real ``coach serve`` for the serve tests: a child process in an isolated environment
on a free port, with its own library, config and data directories; and the text of what
the served app sends (terminal output with its escape sequences taken out)."""

from __future__ import annotations

import contextlib
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from support import isolated_env

from coach.paths import SAFETY_MARKER_NAME

# One routine of one 60 s hold: started, it counts down at once (no get-ready step).
HOLD_LIBRARY = """\
[[exercises]]
id = "floor-hold"
name = "Floor hold"
purpose = "A plain hold for the serve tests."
position = "Stand by a chair."
steps = ["Hold still."]
sides = "both"
prescription = { kind = "hold", seconds = 60 }

[[routines]]
id = "floor"
name = "Floor routine"
description = "One hold."
items = [{ exercise = "floor-hold" }]

[[routines]]
id = "second-floor"
name = "Second routine"
description = "The same hold again."
items = [{ exercise = "floor-hold" }]
"""

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\x1b[=>]")
CURSOR_MOVE = re.compile(r"\x1b\[\d+;\d+H")


def free_port() -> int:
    """A port nothing listens on just now (the kernel's pick)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def screen_text(data: bytes) -> str:
    """What the app drew, as text: each cursor move starts a new line, every other escape
    sequence is dropped."""
    text = data.decode("utf-8", errors="replace")
    return ANSI.sub("", CURSOR_MOVE.sub("\n", text))


@dataclass
class Served:
    """A running ``coach serve``: its address, process and what it printed."""

    url: str
    port: int
    process: subprocess.Popen[str]
    stdout: list[str] = field(default_factory=list)
    stderr: str = ""


def sandbox(tmp_path: Path, library: str = HOLD_LIBRARY) -> list[str]:
    """The location options of a private library, config (no get-ready step, no bell) and
    data directory (the safety note already seen)."""
    config, data = tmp_path / "config", tmp_path / "data"
    config.mkdir()
    data.mkdir()
    (data / SAFETY_MARKER_NAME).touch()
    (config / "config.toml").write_text("prepare_seconds = 0\nbell = false\n", encoding="utf-8")
    (tmp_path / "library.toml").write_text(library, encoding="utf-8")
    return ["--library", str(tmp_path / "library.toml"), "--config-dir", str(config),
            "--data-dir", str(data)]


@contextlib.contextmanager
def serving(tmp_path: Path, *extra: str, within: float = 30.0) -> Iterator[Served]:
    """``coach serve`` on a free loopback port until the block ends, then Ctrl+C (SIGINT)
    and the exit awaited; ``served.stderr`` holds what it said on stderr."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "coach", "serve", "--port", str(port),
         *sandbox(tmp_path), *extra],
        env=isolated_env(tmp_path), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )
    served = Served(f"http://127.0.0.1:{port}/", port, process)
    announced = threading.Event()

    def read_stdout() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            served.stdout.append(line)
            if "press Ctrl+C" in line:
                announced.set()

    reader = threading.Thread(target=read_stdout, daemon=True)
    reader.start()
    deadline = time.monotonic() + within
    while not announced.wait(0.05):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            _, err = process.communicate()
            raise AssertionError(f"coach serve did not start: {served.stdout} {err}")
    try:
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        try:
            _, served.stderr = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise
        reader.join(5)
