"""Time from launch to the routine picker being drawn, against a bare Textual app.

What it measures: the wall time from starting a program in a fresh 100x30 tmux session to
its screen being drawn, polled every 5 ms through a tmux control-mode client:
- coach (``coach``, shipped library, sandboxed ``--config-dir`` / ``--data-dir`` / cache,
  with the safety note already seen), at two moments:
  - drawn: the routine list ("Fix-everything five") and the preview of the highlighted
    routine ("From: The Secret ...") are on screen; this is coach's first frame;
  - complete: the footer's keys ("b New routine") are there too. Textual's Footer fills in
    its keys only after the first frame, so this is always one frame later;
- ``bare_list_app.py``, an App with a five-item OptionList, until its first item shows.
Both run on the same interpreter, with bytecode cached (``PYTHONPYCACHEPREFIX`` in a temporary
directory, filled by one unmeasured launch of each, as an installed wheel would have it);
starting the tmux session is in both equally.

coach is started two ways (see ``coach/startup_cache.py``):
- warm: the start-up cache holds an entry for the library and settings files, as on every
  start but the first after installing or editing them; the picker is drawn from it and
  pydantic loads after the first frame;
- cold: the cache is emptied before each launch, so the library is validated (pydantic
  imported, models built) before anything is drawn.
Runs alternate between the three; the median of 15 of each is reported, with the CPU time
each had used when its list was drawn (from ``/proc``; a busy machine stretches wall time
more than CPU time, so the CPU ratio is the steadier of the two).

Target: coach's picker drawn within 1.3x of the bare app's list, judged on the warm start
(everything is shown).

Run: ``.venv/bin/python benchmarks/bench_launch.py`` (needs tmux). Takes about three minutes.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from harness import COACH, Sandbox, Tmux, cpu_seconds, machine_note, python_in_pane

RUNS = 15
TARGET_RATIO = 1.3
BARE_APP = Path(__file__).resolve().with_name("bare_list_app.py")
COACH_DRAWN = ("Fix-everything five", "From: The Secret")
COACH_COMPLETE = ("b New routine",)
BARE_DRAWN = ("Bare list item one",)
SETTLE = 0.5
CACHE_FILE = "start.json"  # coach.startup_cache.CACHE_NAME, without importing coach


def launch(tmux: Tmux, ctl, name: str, command: list[str], env: dict[str, str],
           drawn: tuple[str, ...], complete: tuple[str, ...] = (),
           linger: float = 0.0) -> tuple[float, float, float]:
    """Seconds from starting ``command`` until every string of ``drawn`` is on screen, the
    CPU seconds the program had used by then, and the seconds until ``complete`` shows too.
    ``linger``: seconds to leave it running afterwards (so coach finishes what it does after
    its first frame)."""
    time.sleep(SETTLE)  # let the last program's exit finish before the clock starts
    start = time.monotonic()
    tmux.start(name, command, env)
    try:
        seen, _ = ctl.wait_for(name, lambda text: all(s in text for s in drawn), timeout=30)
        cpu = cpu_seconds(python_in_pane(tmux.pane_pid(name)))
        done, _ = ctl.wait_for(name, lambda text: all(s in text for s in complete), timeout=30)
        time.sleep(linger)
    finally:
        tmux.kill(name)
    return seen - start, cpu, done - start


# Run in a fresh interpreter: CPU seconds of each stage of coach's start before it draws.
# Each stage counts only what the stages before it left to do. The last two are what a cold
# start adds (and a warm one does just after its first frame).
BREAKDOWN = r"""
import json, sys, time
marks = [time.process_time()]
import textual.app, textual.widgets._option_list
marks.append(time.process_time())
import coach.cli, coach.cli.common, coach.startup_cache
args = coach.cli.parse_args(sys.argv[1:])
startup = coach.startup_cache.Startup(coach.cli.common.locations_for(args))
assert startup.from_cache(), "no start-up cache entry"
marks.append(time.process_time())
import coach.tui.app
marks.append(time.process_time())
import pydantic
class _First(pydantic.BaseModel):
    a: int
marks.append(time.process_time())
startup.library()
marks.append(time.process_time())
print(json.dumps([b - a for a, b in zip(marks, marks[1:])]))
"""
STAGES = ["Textual and OptionList (the bare app imports these too)",
          "coach's command line, and the picker's data from the start-up cache",
          "coach's app and picker modules",
          "cold start only: pydantic, up to its first model class",
          "cold start only: coach's models, and validating the shipped library"]


def breakdown(env: dict[str, str], args: list[str], where: Path) -> list[float]:
    runs = []
    for _ in range(RUNS):
        # Run from ``where``, not the checkout: ``python -c`` puts the working directory
        # first on the path, and from the checkout it would import the source tree's coach
        # instead of the installed one the launches used (another library path, another
        # start-up cache key: no entry to find).
        out = subprocess.run([sys.executable, "-c", BREAKDOWN, *args], cwd=where,
                             env={**os.environ, **env}, capture_output=True, text=True,
                             check=True)
        runs.append(json.loads(out.stdout))
    return [statistics.median(r[i] for r in runs) for i in range(len(STAGES))]


def main() -> int:
    note = machine_note()
    with Tmux(100, 30) as tmux, tmux.control() as ctl, Sandbox() as sandbox:
        # An empty value counts as unset for Python.
        env = {**sandbox.env(), "PYTHONDONTWRITEBYTECODE": "",
               "PYTHONPYCACHEPREFIX": str(sandbox.root / "pycache")}
        cache_dir = Path(env["COACH_CACHE_DIR"])
        coach = [str(COACH), *sandbox.args()]
        bare = [sys.executable, str(BARE_APP)]

        def cold(name: str) -> tuple[float, float, float]:
            shutil.rmtree(cache_dir, ignore_errors=True)
            return launch(tmux, ctl, name, coach, env, COACH_DRAWN, COACH_COMPLETE)

        def warm(name: str) -> tuple[float, float, float]:
            if not (cache_dir / CACHE_FILE).exists():
                raise SystemExit("coach wrote no start-up cache entry; nothing warm to time")
            return launch(tmux, ctl, name, coach, env, COACH_DRAWN, COACH_COMPLETE)

        programs = {
            "warm": warm,
            "cold": cold,
            "bare": lambda name: launch(tmux, ctl, name, bare, env, BARE_DRAWN),
        }
        # Unmeasured: fill the bytecode cache, and let coach write its start-up cache.
        launch(tmux, ctl, "fill-bare", bare, env, BARE_DRAWN)
        launch(tmux, ctl, "fill-coach", coach, env, COACH_DRAWN, linger=1.5)
        runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in programs}
        for n in range(RUNS):
            for name, run in programs.items():
                runs[name].append(run(f"{name}-{n}"))
                if name == "cold":  # put the entry back for the next warm run
                    launch(tmux, ctl, f"refill-{n}", coach, env, COACH_DRAWN, linger=1.5)
        stages = breakdown(env, sandbox.args(), sandbox.root)

    def median(name: str, i: int) -> float:
        return statistics.median(r[i] for r in runs[name])

    bare_wall, bare_cpu = median("bare", 0), median("bare", 1)
    print(f"Launch to the first frame, 100x30 tmux pane, bytecode cached, median of {RUNS} "
          f"({note})")
    print(f"{'':24}{'drawn':>7}{'ratio':>7}  {'CPU':>7}{'ratio':>7}  {'complete':>9}"
          "   drawn, each run (ms)")
    labels = {"warm": "coach, warm start", "cold": "coach, cold start",
              "bare": "bare Textual list app"}
    for name, label in labels.items():
        wall, cpu, done = median(name, 0), median(name, 1), median(name, 2)
        each = " ".join(f"{r[0] * 1000:.0f}" for r in runs[name])
        complete = f"{done * 1000:7.0f}ms" if name != "bare" else f"{'-':>9}"
        print(f"{label:24}{wall * 1000:5.0f}ms{wall / bare_wall:6.2f}x  {cpu * 1000:5.0f}ms"
              f"{cpu / bare_cpu:6.2f}x  {complete}   {each}")
    print(f"Where coach's start-up CPU goes (fresh interpreter, bytecode cached, median of "
          f"{RUNS}):")
    for stage, seconds in zip(STAGES, stages, strict=False):
        print(f"  {seconds * 1000:6.0f} ms  {stage}")
    ratio = median("warm", 0) / bare_wall
    ok = ratio <= TARGET_RATIO
    print(f"verdict: {'PASS' if ok else 'FAIL'}: a warm start draws the picker in {ratio:.2f}x "
          f"the bare app's time to its list (target <= {TARGET_RATIO}x); a cold start takes "
          f"{median('cold', 0) / bare_wall:.2f}x")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
