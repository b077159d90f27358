"""Start-up and validation speed of the non-UI commands.

Measures, as a person would meet them:
- ``coach list`` and ``coach validate`` end to end (a fresh process each run: interpreter
  start, imports, loading the shipped library), median of several runs;
- validating a generated library of 5,000 exercises (and a routine for every ten of them).

Run: ``.venv/bin/python benchmarks/bench_cli.py`` (after installing the project).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 15


def coach_command() -> list[str]:
    exe = Path(sys.executable).with_name("coach")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "coach"]


def time_command(args: list[str], env: dict[str, str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def big_library(n: int) -> str:
    parts = []
    for i in range(n):
        parts.append(
            f'[[exercises]]\nid = "exercise-{i}"\nname = "Exercise {i}"\n'
            f'purpose = "Bench exercise {i}."\nposition = "Sit on a chair."\n'
            f'steps = ["Lift the foot.", "Lower it slowly."]\nequipment = ["chair"]\n'
            f'areas = ["feet"]\nsides = "each"\n'
            'prescription = { kind = "hold", seconds = [20, 30], holds = 2,'
            ' relax_seconds = 10 }\n'
        )
    for r in range(n // 10):
        items = "".join(
            f'[[routines.items]]\nexercise = "exercise-{r * 10 + k}"\n' for k in range(10)
        )
        parts.append(
            f'[[routines]]\nid = "routine-{r}"\nname = "Routine {r}"\n'
            f'description = "Bench routine."\n{items}'
        )
    return "\n".join(parts)


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="coach-bench-"))
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache")}
    coach = coach_command()
    try:
        list_s = time_command([*coach, "list"], env)
        validate_s = time_command([*coach, "validate"], env)
        python_s = time_command([sys.executable, "-c", "pass"], env)
        big = home / "big.toml"
        big.write_text(big_library(5000), encoding="utf-8")
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from coach.library import load_library

        start = time.perf_counter()
        library = load_library(library=big)
        in_process = time.perf_counter() - start
        assert len(library.exercises) == 5000
        whole = time_command([*coach, "validate", str(big)], env)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(f"python -c pass (interpreter start alone)     {python_s * 1000:7.0f} ms")
    for label, seconds, target in (("coach list", list_s, 300), ("coach validate", validate_s, 300),
                                   ("load + validate 5,000 exercises, in process", in_process,
                                    2000)):
        print(f"{label:<44} {seconds * 1000:7.0f} ms   (target < {target} ms)")
    print(f"coach validate on 5,000 exercises            {whole * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
