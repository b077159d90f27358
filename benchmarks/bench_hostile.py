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

A second table times the guards alone, in this process, each against the same guard on an
ordinary file in the same run (median of ``RUNS``; memory at the peak of one run, from
``tracemalloc``). These were wall-clock assertions in the unit tests, which now assert the
bounded work instead (tokens read, parsers never called, stack depth):

- :func:`coach.limits.nesting_problem` on TOML nested 3,000 deep (arrays, inline tables), a
  header and a dotted key of 20,000 parts, and JSON nested 3,000 deep, against the shipped
  library (TOML) and an ordinary history export (JSON). Target: under 0.5 s and 100 MB.
- The TOML line finder (:class:`coach.diagnostics.toml_locator.Locator`) on the same shapes
  100,000 levels deep, against the shipped library. Target: under 0.5 s and 10 MB.
- ``HistoryStore.import_file`` refusing a history export nested too deep (JSON 3,000 and
  150 deep, TOML 3,000 deep, a TOML header of 20,000 parts), against importing an ordinary
  export of one session; each into a new store, whose opening is in both figures. Target:
  refused with its located problem in under a second.

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
from collections.abc import Callable
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
    prescription = ('{ kind = "hold", seconds = 600, holds = 50, sets = 20, rounds = 20,'
                    f' variants = [{plays}] }}')
    return f"""\
[[exercises]]
id = "huge"
name = "Huge"
purpose = "Far too much."
position = "Stand."
steps = ["Hold."]
sides = "each"
variants = [{variants}]
prescription = {prescription}

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
    refused_as_expected = code == 1 and case.expect in text
    if (case.hostile and not refused_as_expected) or (not case.hostile and code != 0):
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


# --- the guards alone, in this process ----------------------------------------------------

GUARD_TIME_TARGET_S = 0.5
HISTORY_TIME_TARGET_S = 1.0


@dataclass
class Guard:
    label: str
    call: Callable[[], object]
    target_s: float | None  # None: the reference, no target
    target_mb: float | None = None
    check: Callable[[object], bool] = lambda result: True
    seconds: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    ok_result: bool = True


def _history_export(sessions: int = 1) -> str:
    import json

    def step(i: int) -> dict:
        return {"step_index": i, "item": 0, "exercise": "toe-curl", "kind": "hold",
                "side": "left", "set": 1, "sets": 2, "round": 1, "rounds": 1,
                "variant": None, "planned_seconds": 20.0, "actual_seconds": 20.0,
                "paused_seconds": 0.0, "reps": None,
                "started_at": f"2026-11-23T09:00:{2 * i:02d}.000+01:00",
                "ended_at": f"2026-11-23T09:00:{2 * i + 1:02d}.000+01:00", "status": "done"}

    return json.dumps({"sessions": [{
        "id": f"00000000-0000-0000-0000-{n:012d}", "routine": "daily",
        "routine_name": "Daily feet", "started_at": "2026-11-23T09:00:00.000+01:00",
        "ended_at": "2026-11-23T09:05:00.000+01:00", "status": "completed",
        "pain_before": 5, "pain_after": 3, "note": None,
        "steps": [step(i) for i in range(20)]} for n in range(sessions)]}, indent=2)


def guards(scratch: Path) -> list[Guard]:
    from coach.diagnostics.toml_locator import Locator
    from coach.history import HistoryImportError, HistoryStore
    from coach.limits import nesting_problem

    shipped = (ROOT / "exercises.toml").read_text(encoding="utf-8")
    export = _history_export()

    def found(result: object) -> bool:
        return isinstance(result, tuple)

    toml_cases = {
        "array nested 3,000 deep": "x = " + "[" * 3000 + "]" * 3000 + "\n",
        "inline table nested 3,000 deep": "x = " + "{ a = " * 3000 + "1" + " }" * 3000 + "\n",
        "header of 20,000 parts": "[" + ".".join(["a"] * 20_000) + "]\n",
        "dotted key of 20,000 parts": ".".join(["a"] * 20_000) + " = 1\n",
    }
    rows = [Guard("nesting check: shipped library (reference)",
                  lambda: nesting_problem(shipped), None)]
    rows += [Guard(f"nesting check: {label}", lambda t=text: nesting_problem(t),
                   GUARD_TIME_TARGET_S, 100.0, found) for label, text in toml_cases.items()]
    rows.append(Guard("nesting check: ordinary history export, JSON (reference)",
                      lambda: nesting_problem(export, "json"), None))
    deep_json = '{"sessions": [\n' + "[" * 3000 + "]" * 3000 + "]}"
    rows.append(Guard("nesting check: JSON nested 3,000 deep",
                      lambda: nesting_problem(deep_json, "json"), GUARD_TIME_TARGET_S, 100.0,
                      found))

    locator_cases = {
        "header of 100,000 parts": "[" + ".".join(["a"] * 100_000) + "]\n",
        "dotted key of 100,000 parts": ".".join(["a"] * 100_000) + " = 1\n",
        "array nested 100,000 deep": "x = " + "[" * 100_000 + "]" * 100_000 + "\n",
        "inline table nested 50,000 deep":
            "x = " + "{ a = " * 50_000 + "1" + " }" * 50_000 + "\n",
    }
    rows.append(Guard("line finder: shipped library (reference)", lambda: Locator(shipped),
                      None))
    rows += [Guard(f"line finder: {label}", lambda t=text: Locator(t), GUARD_TIME_TARGET_S,
                   10.0, lambda loc: getattr(loc, "stopped_at", None) == 1)
             for label, text in locator_cases.items()]

    history = {
        "ordinary.json": export,
        "deep.json": deep_json,
        "deeper.json": '{"sessions": [{"id": ' + "[" * 150 + "]" * 150 + "}]}",
        "deep.toml": "sessions = " + "[" * 3000 + "]" * 3000 + "\n",
        "header.toml": "[[sessions]]\n[" + ".".join(["a"] * 20_000) + "]\n",
    }
    for name, text in history.items():
        (scratch / name).write_text(text, encoding="utf-8")
    counter = iter(range(10**6))

    def import_into_new_store(name: str) -> object:
        store = HistoryStore(scratch / f"history-{next(counter)}.sqlite3")
        try:
            return store.import_file(scratch / name)
        except HistoryImportError as refused:
            return [str(p) for p in refused.problems]
        finally:
            store.close()

    def refused_deep(result: object) -> bool:
        return (isinstance(result, list) and len(result) == 1
                and "nested more than" in result[0])

    rows.append(Guard("history import: ordinary export of one session (reference)",
                      lambda: import_into_new_store("ordinary.json"), None,
                      check=lambda added: added == 1))
    rows += [Guard(f"history import: {label}", lambda n=name: import_into_new_store(n),
                   HISTORY_TIME_TARGET_S, check=refused_deep)
             for name, label in (("deep.json", "JSON nested 3,000 deep"),
                                 ("deeper.json", "JSON nested 150 deep"),
                                 ("deep.toml", "TOML nested 3,000 deep"),
                                 ("header.toml", "TOML header of 20,000 parts"))]
    return rows


def measure_guards(rows: list[Guard]) -> None:
    import tracemalloc

    for row in rows:
        row.call()  # once first: what it imports is not timed
    for _ in range(RUNS):  # round-robin, as above
        for row in rows:
            start = time.perf_counter()
            result = row.call()
            row.seconds.append(time.perf_counter() - start)
            row.ok_result = row.ok_result and row.check(result)
    for row in rows:
        tracemalloc.start()
        try:
            row.call()
            row.peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
        finally:
            tracemalloc.stop()


def print_guards(rows: list[Guard]) -> bool:
    """The second table; False if a target is missed."""
    failed = False
    width = max(len(r.label) for r in rows)
    print(f"\n{'the guard alone, in process':<{width}}  {'time':>10}  {'allocated':>9}  verdict")
    for row in rows:
        took = statistics.median(row.seconds)
        if not row.ok_result:
            verdict, failed = "FAIL: not the expected result", True
        elif row.target_s is None:
            verdict = "reference"
        elif took < row.target_s and (row.target_mb is None or row.peak_mb < row.target_mb):
            verdict = "ok"
        else:
            verdict, failed = f"FAIL: over {row.target_s} s or {row.target_mb} MB", True
        print(f"{row.label:<{width}}  {took * 1000:7.3f} ms  {row.peak_mb:6.2f} MB  {verdict}")
    print(f"\ntargets for the guards: nesting check under {GUARD_TIME_TARGET_S} s and 100 MB,"
          f" line finder under {GUARD_TIME_TARGET_S} s and 10 MB, history refused under"
          f" {HISTORY_TIME_TARGET_S:.0f} s")
    return not failed


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
        guard_rows = guards(scratch)
        measure_guards(guard_rows)
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
    failed = not print_guards(guard_rows) or failed
    print("verdict:", "FAIL" if failed else "ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
