"""CPU used by coach during a hold when served to a browser (``coach serve``), next to the
same hold in a terminal, in the same run.

What it measures: one 60 s hold (a one-exercise library, ``prepare_seconds = 0``) runs
twice at the same time: ``coach run bench`` in a 100x30 tmux pane, and ``coach serve``
opened in headless Chromium (Debian's ``chromium``, driven by Playwright; its viewport
gives the page about 100x30 cells), where the routine is started with Enter, Enter as a
person would. Once both are holding and have settled for 2 s, the CPU time (user + system,
every thread, from ``/proc/PID/stat``) of each app's Python process is read at the start
and the end of the same 10 s of wall time, and shown as % of one core. Beside them, for
the record: the ``coach serve`` process itself (textual-serve relaying the screen to the
page) and Chromium (all its processes, drawing the page). Three rounds; medians.

Target: the served app uses no more than twice the terminal's CPU and under 2 % of a core
(the web driver sends the same screen updates, packed for the websocket). Reported, not a
target: what the relay and the browser cost.

Run: ``.venv/bin/python benchmarks/bench_serve.py`` (needs tmux, chromium, and Playwright
from the test extras). Takes about a minute.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from harness import (
    COACH,
    Sandbox,
    Tmux,
    cmdline,
    context_switches,
    cpu_seconds,
    hold_library,
    machine_note,
    python_in_pane,
    tree,
)

ROUNDS = 3
SETTLE = 2.0
WINDOW = 10.0
TARGET_PERCENT = 2.0
TARGET_RATIO = 2.0
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NAMES = ("terminal", "served", "relay", "chromium")


def coach_is_holding(text: str) -> bool:
    lines = text.splitlines()  # the title bar, then the exercise with the kind at the right
    return len(lines) > 1 and lines[1].rstrip().endswith("Hold") and "Pause" in text


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def served_app(serve_pid: int, timeout: float = 15.0) -> int:
    """The coach app textual-serve started for the browser (a Python below ``serve_pid``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid in tree(serve_pid):
            argv = cmdline(pid).split(" ")
            # Below it: `sh -c "python -m coach ..."`, then the Python it runs.
            if pid != serve_pid and "python" in Path(argv[0]).name and argv[1:3] == ["-m",
                                                                                  "coach"]:
                return pid
        time.sleep(0.05)
    raise RuntimeError("no app process below coach serve")


def chromium_pids() -> list[int]:
    return [p for p in tree(os.getpid()) if "chrom" in cmdline(p).split(" ")[0]]


def measure(pids: dict[str, int], browser: list[int]) -> dict[str, tuple[float, float]]:
    """% of one core and wake-ups a second for each over the same WINDOW seconds; the relay
    is the serve process without the app below it, the browser all its processes."""
    def read() -> dict[str, tuple[float, int]]:
        cpu = {k: cpu_seconds(p) for k, p in pids.items()}
        cpu["relay"] = max(0.0, cpu["relay"] - cpu["served"])  # the serve process alone
        cpu["chromium"] = sum(cpu_seconds(p) for p in browser)
        ctx = {k: context_switches(p) for k, p in pids.items()}
        ctx["chromium"] = sum(context_switches(p) for p in browser)
        return {k: (cpu[k], ctx[k]) for k in NAMES}

    start, before = time.monotonic(), read()
    time.sleep(WINDOW)
    after, wall = read(), time.monotonic() - start
    return {k: (100 * (after[k][0] - before[k][0]) / wall,
                (after[k][1] - before[k][1]) / wall) for k in NAMES}


def one_round(tmux: Tmux, sandbox: Sandbox, playwright, n: int) -> dict:
    name, port = f"coach-{n}", free_port()
    tmux.start(name, [str(COACH), "run", "bench", *sandbox.args()], sandbox.env())
    serve = subprocess.Popen(
        [str(COACH), "serve", "--port", str(port), *sandbox.args()],
        env={**os.environ, **sandbox.env()}, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    browser = None
    try:
        assert serve.stdout is not None
        for line in serve.stdout:
            if "press Ctrl+C" in line:
                break
        else:
            raise RuntimeError(f"coach serve did not start: {serve.stderr.read()}")
        received = bytearray()
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1000, "height": 560})
        page.on("websocket", lambda ws: ws.on("framereceived", lambda data: received.extend(
            data if isinstance(data, bytes) else b"")))

        def page_shows(words: str) -> None:
            deadline = time.monotonic() + 30
            while words.encode() not in received:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the page never showed {words!r}")
                page.wait_for_timeout(50)

        page.goto(f"http://127.0.0.1:{port}/")
        page_shows("Bench routine")
        page.locator(".xterm-helper-textarea").focus()
        page.keyboard.press("Enter")
        page_shows("How is your pain")
        page.keyboard.press("Enter")
        page_shows("done")
        served_held = time.monotonic()

        tmux.wait_for(name, lambda t: "How is your pain" in t)
        tmux.keys(name, "Enter")  # skip the pain question: the hold starts at once
        held, _ = tmux.wait_for(name, coach_is_holding)
        pids = {"terminal": python_in_pane(tmux.pane_pid(name)),
                "served": served_app(serve.pid), "relay": serve.pid}
        page.wait_for_timeout(1000 * max(0.0, max(held, served_held) + SETTLE
                                         - time.monotonic()))
        result = measure(pids, chromium_pids())
        if not coach_is_holding(tmux.capture(name)):
            raise RuntimeError("coach left the hold before the window ended")
        return result
    finally:
        if browser is not None:
            browser.close()
        tmux.kill(name)
        serve.send_signal(2)  # Ctrl+C
        serve.communicate(timeout=30)


def main() -> int:
    if not Path(CHROMIUM).exists():
        sys.exit("this benchmark needs chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    note = machine_note()
    rounds = []
    with Tmux(100, 30) as tmux, Sandbox(hold_library(60), "prepare_seconds = 0\n") as sandbox, \
            sync_playwright() as playwright:
        for n in range(ROUNDS):
            rounds.append(one_round(tmux, sandbox, playwright, n))

    print(f"CPU during a running hold, in a 100x30 tmux pane and served to headless Chromium "
          f"(about 100x30 cells), {WINDOW:.0f} s windows after {SETTLE:.0f} s settling "
          f"({note})")
    print(f"{'':10}" + "".join(f"  round {n + 1:<5}" for n in range(ROUNDS))
          + "      median   wake-ups/s (median)")
    medians = {}
    for name in NAMES:
        cpu = [r[name][0] for r in rounds]
        wakes = [r[name][1] for r in rounds]
        medians[name] = statistics.median(cpu)
        print(f"{name:10}" + "".join(f"  {c:9.2f} %" for c in cpu)
              + f"  {medians[name]:8.2f} %   {statistics.median(wakes):8.0f}")
    served, terminal = medians["served"], medians["terminal"]
    ok = served < TARGET_PERCENT and served <= max(terminal * TARGET_RATIO, 0.1)
    print(f"verdict: {'PASS' if ok else 'FAIL'}: the served app {served:.2f} % of one core "
          f"vs {terminal:.2f} % in the terminal (target: under {TARGET_PERCENT:g} % and no "
          f"more than {TARGET_RATIO:g}x the terminal's); the relay "
          f"{medians['relay']:.2f} %, Chromium {medians['chromium']:.2f} % (reported)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
