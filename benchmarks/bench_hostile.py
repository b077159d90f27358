"""Hostile library files against the shipped library: what refusing them costs.

Each case is ``coach validate FILE`` in a fresh process, as a person meets it, timed wall
clock with the process's peak memory (maximum resident set size, from ``wait4``), in the
same run as the shipped library so the two are compared on the same machine at the same
moment (the runs go round-robin, one of each case in turn, so a drifting load slows all
alike). Every coach gets ``HOME`` and the XDG directories in a temporary directory.
Starting Python and importing pydantic is most of a process's figures, so the validation
alone is measured too, in this process: :func:`coach.library.validate_paths` on the file,
its time (median) and the memory it allocates at its peak (``tracemalloc``, one run).

The files:

- the shipped library (``exercises.toml``): the reference;
- a giant timeline: a 3 KB library whose one routine would play over 80 million steps
  (100 items of an exercise with 20 sets, 20 rounds, 20 variants and 50 holds a side);
- an array nested 3,000 deep, and a table header of 20,000 dotted parts;
- a file over the 20 MB limit (21 MB of comments);
- for information, no target: a valid 19 MB library of 55,000 exercises, the most work a
  file within the size limit can ask for (one run; it takes seconds).

Target for the hostile files: refused with their located problem (exit 1) in under a second
and under 100 MB, as the shipped library is read; a Python process with coach's imports is
most of either figure.

Run: ``.venv/bin/python benchmarks/bench_hostile.py`` (after installing the project).
Prints one table and a verdict; exits 1 if a target is missed.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
TIME_TARGET_S = 1.0
MEMORY_TARGET_MB = 100.0


def coach_command() -> list[str]:
    exe = Path(sys.executable).with_name("coach")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "coach"]


# --- the files ------------------------------------------------------------------------------

def giant_timeline() -> str:
    variants = ", ".join(f'{{ id = "v{i}", name = "V{i}" }}' for i in range(20))
    plays = ", ".join(f'"v{i}"' for i in range(20))
    items = ", ".join(['{ exercise = "huge" }'] * 100)
    return f"""\
[[exercises]]
id = "huge"
name = "Huge"
purpose = "Far too much."
position = "Stand."
steps = ["Hold."]
sides = "each"
variants = [{variants}]
prescription = {{ kind = "hold", seconds = 600, holds = 50, sets = 20, rounds = 20, variants = [{plays}] }}

[[routines]]
id = "huge"
name = "Huge"
description = "Would play for years."
items = [{items}]
"""


def deep_array() -> str:
    return "x = " + "[" * 3000 + "]" * 3000 + "\n"


def long_header() -> str:
    return "[" + ".".join(["a"] * 20_000) + "]\n"


def over_the_limit(path: Path) -> None:
    line = b"# " + b"x" * 77 + b"\n"
    with open(path, "wb") as out:
        for _ in range(21 * 1024 * 1024 // len(line) + 1):
            out.write(line)


def at_the_limit(n: int = 55_000) -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_cli import big_library

    return big_library(n)


# --- running ------------------------------------------------------------------------------

@dataclass
class Case:
    label: str
    path: Path
    expect: str  # a line coach prints on stderr ("" for the shipped library)
    hostile: bool = True
    runs: int = RUNS
    seconds: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    problem: str = ""
    alone: list[float] = field(default_factory=list)  # validation in process, seconds
    alone_peak: float = 0.0  # MB allocated at the peak of one validation

    @property
    def time(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak(self) -> float:
        return statistics.median(self.peaks)


def run_once(case: Case, env: dict[str, str]) -> None:
    start = time.perf_counter()
    proc = subprocess.Popen([*coach_command(), "validate", str(case.path)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    case.seconds.append(time.perf_counter() - start)
    case.peaks.append(usage.ru_maxrss / 1024)  # KiB -> MiB
    code = os.waitstatus_to_exitcode(status)
    text = err.decode(errors="replace")
    if (case.hostile and (code != 1 or case.expect not in text)) or (not case.hostile and code != 0):
        case.problem = f"exit {code}, said: {text.strip()[:200]}"


def validate_alone(case: Case) -> None:
    """The validation without the process around it: time, then allocations at the peak."""
    import tracemalloc

    from coach.library import validate_paths

    for _ in range(case.runs):
        start = time.perf_counter()
        validate_paths([case.path])
        case.alone.append(time.perf_counter() - start)
    tracemalloc.start()
    try:
        validate_paths([case.path])
        case.alone_peak = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def main() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="coach-bench-"))
    env = {**os.environ, "HOME": str(scratch / "home"),
           "XDG_CONFIG_HOME": str(scratch / "config"), "XDG_DATA_HOME": str(scratch / "data"),
           "XDG_CACHE_HOME": str(scratch / "cache"), "XDG_STATE_HOME": str(scratch / "state")}
    env = {k: v for k, v in env.items() if not k.startswith("COACH_")}
    try:
        files = {
            "giant.toml": giant_timeline(),
            "deep.toml": deep_array(),
            "header.toml": long_header(),
        }
        for name, text in files.items():
            (scratch / name).write_text(text, encoding="utf-8")
        over_the_limit(scratch / "big.toml")
        (scratch / "limit.toml").write_text(at_the_limit(), encoding="utf-8")
        size = {name: (scratch / name).stat().st_size for name in
                ("giant.toml", "deep.toml", "header.toml", "big.toml", "limit.toml")}
        cases = [
            Case("shipped library (exercises.toml)", ROOT / "exercises.toml", "",
                 hostile=False),
            Case(f"giant timeline ({size['giant.toml'] / 1024:.1f} KB, 80 million steps)",
                 scratch / "giant.toml", "coach plays at most 2,000"),
            Case("array nested 3,000 deep", scratch / "deep.toml",
                 "nested more than 32 levels deep"),
            Case("table header of 20,000 parts", scratch / "header.toml",
                 "nested more than 32 levels deep"),
            Case(f"file over the limit ({size['big.toml'] / 2**20:.1f} MB)",
                 scratch / "big.toml", "coach reads files up to 20.0 MB"),
            Case(f"library at the limit ({size['limit.toml'] / 2**20:.1f} MB, 55,000"
                 " exercises; information)", scratch / "limit.toml", "", hostile=False,
                 runs=1),
        ]
        print(f"{os.cpu_count()} cores, load average "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} at the start; "
              f"median of {RUNS} fresh `coach validate FILE` processes each\n")
        for n in range(RUNS):
            for case in cases:
                if n < case.runs:
                    run_once(case, env)
        sys.path.insert(0, str(ROOT))
        for case in cases:
            validate_alone(case)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    shipped = cases[0]
    failed = False
    width = max(len(c.label) for c in cases)
    print(f"{'':<{width}}  {'coach validate FILE':^37}  {'validation alone':^20}")
    print(f"{'file':<{width}}  {'time':>8}  {'peak':>9}  {'vs shipped':>16}"
          f"  {'time':>9}  {'allocated':>9}  verdict")
    for case in cases:
        versus = ("" if case is shipped else
                  f"{case.time / shipped.time:4.2f}x {case.peak - shipped.peak:+6.1f} MB")
        if case.problem:
            verdict, failed = f"FAIL: {case.problem}", True
        elif not case.hostile:
            verdict = "read" if case is shipped else "read (no target)"
        elif case.time < TIME_TARGET_S and case.peak < MEMORY_TARGET_MB:
            verdict = "refused, ok"
        else:
            verdict, failed = (f"FAIL: over {TIME_TARGET_S:.0f} s or {MEMORY_TARGET_MB:.0f}"
                               " MB"), True
        print(f"{case.label:<{width}}  {case.time * 1000:6.0f} ms  {case.peak:6.1f} MB"
              f"  {versus:>16}  {statistics.median(case.alone) * 1000:6.1f} ms"
              f"  {case.alone_peak:6.2f} MB  {verdict}")
    print(f"\ntarget for each hostile file: refused with its problem, under "
          f"{TIME_TARGET_S:.0f} s and {MEMORY_TARGET_MB:.0f} MB")
    print("verdict:", "FAIL" if failed else "ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
