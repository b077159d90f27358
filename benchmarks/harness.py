"""Shared plumbing for the real-terminal benchmarks: a private tmux server, a sandbox for
coach's directories, and CPU accounting from ``/proc``.

Not a benchmark itself. Every benchmark runs its programs in panes of its own tmux server
(``tmux -L coach-bench-PID -f /dev/null``), so it never touches anyone's tmux sessions or
tmux configuration, and every coach it starts gets ``--config-dir`` / ``--data-dir`` in a
temporary directory (with the safety-note marker already there), so a person's real
settings and history are never read or written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

VENV_BIN = Path(sys.executable).parent
COACH = VENV_BIN / "coach"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SAFETY_MARKER = ".safety-note-seen"  # coach.paths.SAFETY_MARKER_NAME


# --- tmux ---------------------------------------------------------------------------------

class _Polling:
    def capture(self, name: str) -> str:
        raise NotImplementedError

    def wait_for(self, name: str, found: Callable[[str], bool], timeout: float = 15.0,
                 every: float = 0.005) -> tuple[float, str]:
        """Poll the pane until ``found(text)``; the monotonic instant it was seen, and the text."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.capture(name)
            now = time.monotonic()
            if found(text):
                return now, text
            if now > deadline:
                raise TimeoutError(f"gave up waiting in tmux session {name!r}; screen was:\n"
                                   + text)
            time.sleep(every)


class Tmux(_Polling):
    """A tmux server of our own; ``close()`` ends it and everything running in it."""

    def __init__(self, width: int = 100, height: int = 30) -> None:
        if shutil.which("tmux") is None:
            sys.exit("these benchmarks need tmux")
        self.socket = f"coach-bench-{os.getpid()}"
        self.width, self.height = width, height
        # A session that only idles keeps the server up, so starting the server is never
        # part of what is measured.
        self.run("new-session", "-d", "-s", "keeper", "-x", str(width), "-y", str(height),
                 "sleep 900")  # ends by itself if a crash ever leaves the server behind
        self._socket_path = Path(self.run("display-message", "-p", "#{socket_path}").strip())

    def run(self, *args: str) -> str:
        out = subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args],
                             capture_output=True, text=True, check=True)
        return out.stdout

    def start(self, name: str, command: list[str], env: dict[str, str] | None = None) -> None:
        """Run ``command`` (no shell) in a new detached session ``width`` x ``height``."""
        extra = [a for k, v in (env or {}).items() for a in ("-e", f"{k}={v}")]
        self.run("new-session", "-d", "-s", name, "-x", str(self.width), "-y", str(self.height),
                 *extra, *command)

    def capture(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-t", name)

    def keys(self, name: str, *keys: str) -> None:
        self.run("send-keys", "-t", name, *keys)

    def pane_pid(self, name: str) -> int:
        return int(self.run("list-panes", "-t", name, "-F", "#{pane_pid}").split()[0])

    def kill(self, name: str) -> None:
        subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", "kill-session", "-t", name],
                       capture_output=True)

    def control(self) -> Control:
        """A control-mode client for fast polling (see :class:`Control`)."""
        return Control(self)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", "kill-server"],
                       capture_output=True)
        self._socket_path.unlink(missing_ok=True)  # tmux leaves it behind

    def __enter__(self) -> Tmux:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Control(_Polling):
    """A tmux control-mode client (``tmux -C``) attached to the idle keeper session.

    Commands go down one pipe and answers come back between ``%begin`` and ``%end``, so a
    ``capture-pane`` takes tens of microseconds instead of the few milliseconds of starting
    a ``tmux`` process: polling every 5 ms then costs the machine next to nothing, and the
    poller hardly competes for the CPU with what it watches. A control client that never
    sets a size does not resize the windows; pane output notifications are switched off.
    """

    def __init__(self, tmux: Tmux) -> None:
        self._proc = subprocess.Popen(
            ["tmux", "-L", tmux.socket, "-f", "/dev/null", "-C", "attach", "-t", "keeper"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        self._answer()  # the attach itself answers with an empty block
        self.command("refresh-client -f no-output")

    def _answer(self) -> str:
        out: list[str] = []
        inside = False
        while True:
            line = self._proc.stdout.readline()
            if not line:
                raise EOFError("the tmux control client went away")
            if line.startswith("%begin"):
                inside = True
            elif inside and line.startswith("%error"):
                raise RuntimeError("tmux: " + "".join(out).strip())
            elif inside and line.startswith("%end"):
                return "".join(out)
            elif inside:
                out.append(line)
            # Anything outside a block is a notification (%session-changed, ...): skipped.

    def command(self, line: str) -> str:
        self._proc.stdin.write(line + "\n")
        self._proc.stdin.flush()
        return self._answer()

    def capture(self, name: str) -> str:
        return self.command(f"capture-pane -p -t {name}")

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.stdin.close()
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()

    def __enter__(self) -> Control:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --- coach's directories --------------------------------------------------------------------

class Sandbox:
    """Temporary config and data directories for coach, and the arguments that point at them."""

    def __init__(self, library: str | None = None, config: str = "") -> None:
        self.root = Path(tempfile.mkdtemp(prefix="coach-bench-"))
        self.config_dir = self.root / "config"
        self.data_dir = self.root / "data"
        self.config_dir.mkdir()
        self.data_dir.mkdir()
        (self.data_dir / SAFETY_MARKER).touch()
        (self.config_dir / "config.toml").write_text(config, encoding="utf-8")
        self.library = None
        if library is not None:
            self.library = self.root / "library.toml"
            self.library.write_text(library, encoding="utf-8")

    def args(self) -> list[str]:
        args = ["--config-dir", str(self.config_dir), "--data-dir", str(self.data_dir)]
        if self.library is not None:
            args += ["--library", str(self.library)]
        return args

    def env(self) -> dict[str, str]:
        # Belt and braces: even a code path that ignored the flags would land in the sandbox.
        # The start-up cache has no flag of its own: it goes in the sandbox too.
        return {"XDG_CONFIG_HOME": str(self.root / "xdg-config"),
                "XDG_DATA_HOME": str(self.root / "xdg-data"),
                "XDG_CACHE_HOME": str(self.root / "xdg-cache"),
                "COACH_CACHE_DIR": str(self.root / "cache")}

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def hold_library(seconds: int, holds: int = 1, relax_seconds: int = 0) -> str:
    """A one-exercise, one-routine library (routine id ``bench``): ``holds`` holds of
    ``seconds``, both feet together, ``relax_seconds`` of rest between them."""
    rx = f'kind = "hold", seconds = {seconds}, holds = {holds}, relax_seconds = {relax_seconds}'
    return f"""\
[[exercises]]
id = "bench-hold"
name = "Bench hold"
purpose = "A plain hold for benchmarks."
position = "Sit on a chair."
steps = ["Hold still."]
equipment = []
areas = ["feet"]
sides = "both"
prescription = {{ {rx} }}

[[routines]]
id = "bench"
name = "Bench routine"
description = "Holds only."

[[routines.items]]
exercise = "bench-hold"
"""


# --- processes and CPU time -----------------------------------------------------------------

def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces; fields resume after the last ')'.
    return raw[raw.rindex(")") + 2:].split()


def children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None and int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def tree(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += children(p)
    return found


def cmdline(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "?"
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()


def python_in_pane(pane_pid: int, timeout: float = 10.0) -> int:
    """The Python process a pane runs: the pane's own process, or the first Python below it
    (tmux may run the command through a shell)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid in tree(pane_pid):
            try:
                exe = os.readlink(f"/proc/{pid}/exe")
            except OSError:
                continue  # gone, or not ours to read
            if "python" in os.path.basename(exe):
                return pid
        time.sleep(0.05)
    raise RuntimeError(f"no Python process under pane {pane_pid}: {cmdline(pane_pid)}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of ``pid`` (all its threads), its reaped children, and any live
    processes below it."""
    total = 0
    for p in tree(pid):
        fields = _stat(p)
        if fields is None:
            continue
        # Fields 14-17 of /proc/PID/stat (1-based): utime stime cutime cstime, here from 3.
        utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
        total += utime + stime + cutime + cstime
    return total / CLOCK_TICKS


def machine_note() -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores, load average {load} at the start"


def context_switches(pid: int) -> int:
    """Voluntary + involuntary context switches of every thread of ``pid``: about how many
    times it woke up."""
    total = 0
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            status = (task / "status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                total += int(line.split()[1])
    return total
