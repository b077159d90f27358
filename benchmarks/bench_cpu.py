"""CPU used by the runner during a hold, next to termdown counting down in the same terminal.

What it measures: coach runs a 60 s hold (a one-exercise library, ``prepare_seconds = 0``)
in a real 100x30 terminal (a tmux pane), and ``termdown 60`` counts down in another pane of
the same size at the same time. Once both are drawing and have settled for 2 s, the CPU
time (user + system, every thread, and any child processes, from ``/proc/PID/stat``) of each
one's Python process is read at the start and the end of the same 10 s of wall time, and
shown as % of one core. Three rounds; the verdict uses the medians.

Target: coach uses no more CPU than termdown, and under 2% of one core.

``/proc`` counts CPU in clock ticks (10 ms), so over 10 s the grain is 0.1% of a core.
The wake-ups column (context switches per second, all threads) says how often each one
woke up, which is what an idle countdown mostly pays for.

Run: ``.venv/bin/python benchmarks/bench_cpu.py`` (needs tmux, and ``pip install termdown``
in the same environment). Takes about 40 s.
"""

from __future__ import annotations

import statistics
import sys
import time

from harness import (
    COACH,
    VENV_BIN,
    Sandbox,
    Tmux,
    context_switches,
    cpu_seconds,
    hold_library,
    machine_note,
    python_in_pane,
)

ROUNDS = 3
SETTLE = 2.0
WINDOW = 10.0
TARGET_PERCENT = 2.0


def coach_is_holding(text: str) -> bool:
    lines = text.splitlines()  # the title bar, then the exercise with the kind at the right
    return len(lines) > 1 and lines[1].rstrip().endswith("Hold") and "Pause" in text


def measure(pids: dict[str, int]) -> dict[str, tuple[float, float]]:
    """% of one core and wake-ups a second for each process over the same WINDOW seconds."""
    cpu0 = {k: cpu_seconds(p) for k, p in pids.items()}
    ctx0 = {k: context_switches(p) for k, p in pids.items()}
    start = time.monotonic()
    time.sleep(WINDOW)
    cpu1 = {k: cpu_seconds(p) for k, p in pids.items()}
    ctx1 = {k: context_switches(p) for k, p in pids.items()}
    wall = time.monotonic() - start
    return {k: (100 * (cpu1[k] - cpu0[k]) / wall, (ctx1[k] - ctx0[k]) / wall) for k in pids}


def one_round(tmux: Tmux, sandbox: Sandbox, termdown: str, n: int) -> dict:
    coach_s, termdown_s = f"coach-{n}", f"termdown-{n}"
    tmux.start(coach_s, [str(COACH), "run", "bench", *sandbox.args()], sandbox.env())
    tmux.start(termdown_s, [termdown, "60"])
    try:
        tmux.wait_for(coach_s, lambda t: "How is your pain" in t)
        tmux.keys(coach_s, "Enter")  # skip the pain question: the hold starts at once
        held, _ = tmux.wait_for(coach_s, coach_is_holding)
        tmux.wait_for(termdown_s, lambda t: t.strip() != "")
        pids = {"coach": python_in_pane(tmux.pane_pid(coach_s)),
                "termdown": python_in_pane(tmux.pane_pid(termdown_s))}
        time.sleep(max(0.0, held + SETTLE - time.monotonic()))
        result = measure(pids)
        if not coach_is_holding(tmux.capture(coach_s)):
            raise RuntimeError("coach left the hold before the window ended")
        return result
    finally:
        tmux.kill(coach_s)
        tmux.kill(termdown_s)


def main() -> int:
    termdown = VENV_BIN / "termdown"
    if not termdown.exists():
        sys.exit(f"termdown is not installed: {VENV_BIN / 'pip'} install termdown")
    note = machine_note()
    rounds = []
    with Tmux(100, 30) as tmux, Sandbox(hold_library(60), "prepare_seconds = 0\n") as sandbox:
        for n in range(ROUNDS):
            rounds.append(one_round(tmux, sandbox, str(termdown), n))

    print(f"CPU during a running hold, 100x30 tmux pane, {WINDOW:.0f} s windows "
          f"after {SETTLE:.0f} s settling ({note})")
    print(f"{'':10}" + "".join(f"  round {n + 1:<5}" for n in range(ROUNDS))
          + "      median   wake-ups/s (median)")
    medians = {}
    for name in ("coach", "termdown"):
        cpu = [r[name][0] for r in rounds]
        wakes = [r[name][1] for r in rounds]
        medians[name] = statistics.median(cpu)
        print(f"{name:10}" + "".join(f"  {c:9.2f} %" for c in cpu)
              + f"  {medians[name]:8.2f} %   {statistics.median(wakes):8.0f}")
    ok = medians["coach"] <= medians["termdown"] and medians["coach"] < TARGET_PERCENT
    print(f"verdict: {'PASS' if ok else 'FAIL'}: coach {medians['coach']:.2f} % of one core "
          f"vs termdown {medians['termdown']:.2f} % "
          f"(target: no more than termdown, and under {TARGET_PERCENT:g} %)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
