"""Time from launch to the routine picker being drawn, against a bare Textual app.

What it measures: the wall time from starting a program in a fresh 100x30 tmux session to
a known string being on its screen, polled every 5 ms through a tmux control-mode client:
- coach (``coach``, shipped library, sandboxed ``--config-dir`` / ``--data-dir`` with the
  safety note already seen): until its first routine, "Fix-everything five", shows;
- ``bare_list_app.py``, an App with a five-item OptionList: until its first item shows.
Both run on the same interpreter; starting the tmux session is in both equally.

Each is measured in two ways:
- as this environment runs Python: if ``PYTHONDONTWRITEBYTECODE`` is set (it is in the dev
  setup), coach's own modules, which an editable install never byte-compiled, are compiled
  from source at every launch, while Textual's and pydantic's were compiled by pip;
- with bytecode cached (as an installed wheel would have it): ``PYTHONPYCACHEPREFIX``
  pointing into a temporary directory, after one unmeasured warm-up launch, so nothing is
  written into the source tree.
Runs alternate between the two programs; the median of 5 of each is reported, with the CPU
time each had used when the string appeared (from ``/proc``; a busy machine stretches wall
time more than CPU time, so the CPU ratio is the steadier of the two).

Target: coach within 1.3x of the bare app (judged on the cached runs; both are shown).

Run: ``.venv/bin/python benchmarks/bench_launch.py`` (needs tmux). Takes about 20 s.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from harness import COACH, Sandbox, Tmux, cpu_seconds, machine_note, python_in_pane

RUNS = 5
TARGET_RATIO = 1.3
BARE_APP = Path(__file__).resolve().with_name("bare_list_app.py")
COACH_SHOWS = "Fix-everything five"
BARE_SHOWS = "Bare list item one"


def launch(tmux: Tmux, ctl, name: str, command: list[str], env: dict[str, str],
           shows: str) -> tuple[float, float]:
    """Seconds from starting ``command`` until ``shows`` is on screen, and the CPU seconds
    the program had used by then (less sensitive to a busy machine than wall time)."""
    start = time.monotonic()
    tmux.start(name, command, env)
    try:
        seen, _ = ctl.wait_for(name, lambda text: shows in text, timeout=30)
        cpu = cpu_seconds(python_in_pane(tmux.pane_pid(name)))
    finally:
        tmux.kill(name)
    return seen - start, cpu


def series(tmux: Tmux, ctl, programs: dict[str, tuple[list[str], str]],
           env: dict[str, str], tag: str) -> dict[str, list[tuple[float, float]]]:
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in programs}
    for n in range(RUNS):
        for name, (command, shows) in programs.items():
            times[name].append(launch(tmux, ctl, f"{tag}-{name}-{n}", command, env, shows))
    return times


# Run in a fresh interpreter: CPU seconds of each stage of what coach imports and loads
# before it starts drawing. Each stage counts only what the stages before it left to do.
BREAKDOWN = r"""
import json, time
marks = [time.process_time()]
import textual.app, textual.widgets._option_list
marks.append(time.process_time())
import pydantic
class _First(pydantic.BaseModel):
    a: int
marks.append(time.process_time())
import coach.cli, coach.tui.app
marks.append(time.process_time())
from coach.library import load_library
load_library(None)
marks.append(time.process_time())
print(json.dumps([b - a for a, b in zip(marks, marks[1:])]))
"""
STAGES = ["Textual and OptionList (the bare app imports these too)",
          "pydantic, up to its first model class",
          "coach's modules and the rest of what they import",
          "reading and validating the shipped library"]


def breakdown(env: dict[str, str]) -> list[float]:
    runs = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", BREAKDOWN], env={**os.environ, **env},
                             capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout))
    return [statistics.median(r[i] for r in runs) for i in range(len(STAGES))]


def main() -> int:
    note = machine_note()
    with Tmux(100, 30) as tmux, tmux.control() as ctl, Sandbox() as sandbox:
        programs = {
            "coach": ([str(COACH), *sandbox.args()], COACH_SHOWS),
            "bare": ([sys.executable, str(BARE_APP)], BARE_SHOWS),
        }
        # Panes get this process's environment (the tmux server was started from it).
        uncached = series(tmux, ctl, programs, sandbox.env(), "env")
        # An empty value counts as unset for Python.
        cached_env = {**sandbox.env(), "PYTHONDONTWRITEBYTECODE": "",
                      "PYTHONPYCACHEPREFIX": str(sandbox.root / "pycache")}
        for name, (command, shows) in programs.items():  # fill the cache, unmeasured
            launch(tmux, ctl, f"warm-{name}", command, cached_env, shows)
        cached = series(tmux, ctl, programs, cached_env, "pyc")
        stages = breakdown(cached_env)

    flag = os.environ.get("PYTHONDONTWRITEBYTECODE")
    print(f"Launch to first frame with the list, 100x30 tmux pane, median of {RUNS} ({note})")
    print(f"{'':34}{'coach':>8}{'bare':>8}{'ratio':>7}  {'CPU: coach':>11}{'bare':>7}{'ratio':>7}"
          "   wall of each run, coach / bare (ms)")
    ratios = {}
    for label, runs in ((f"PYTHONDONTWRITEBYTECODE={flag or 'unset'} (as is)", uncached),
                        ("bytecode cached", cached)):
        wall = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
        cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items()}
        ratios[label] = wall["coach"] / wall["bare"]
        each = " / ".join(" ".join(f"{w * 1000:.0f}" for w, _ in runs[k]) for k in programs)
        print(f"{label:34}{wall['coach'] * 1000:6.0f}ms{wall['bare'] * 1000:6.0f}ms"
              f"{ratios[label]:6.2f}x  {cpu['coach'] * 1000:9.0f}ms{cpu['bare'] * 1000:5.0f}ms"
              f"{cpu['coach'] / cpu['bare']:6.2f}x   {each}")
    print(f"Where coach's start-up CPU goes before any drawing (fresh interpreter, bytecode "
          f"cached, median of {RUNS}):")
    for stage, seconds in zip(STAGES, stages):
        print(f"  {seconds * 1000:6.0f} ms  {stage}")
    ratio = ratios["bytecode cached"]
    ok = ratio <= TARGET_RATIO
    print(f"verdict: {'PASS' if ok else 'FAIL'}: coach takes {ratio:.2f}x the bare app's "
          f"launch time with bytecode cached (target <= {TARGET_RATIO}x)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
