"""Ten years of history: how ``coach history`` copes with 3,650 daily sessions of 40 steps.

What it measures, each as a person meets it (a fresh ``coach`` process per run, in a
sandbox: ``HOME`` and the XDG directories point into a temporary directory and every
command gets ``--data-dir``, so nobody's real history is read or written):

1. ``coach history import FILE...`` of a generated JSON export (3,650 sessions, 146,000
   steps, shaped like ``StepResult.to_dict()``; a file a year, as ``coach history export``
   writes a history past the 20 MB coach reads from one file) into a fresh data directory:
   wall time and the process's peak memory, median of ``IMPORT_RUNS`` runs, each into its
   own empty directory. Target: under 10 s (the bar the store's ten-year unit test set,
   in process, before it counted SQLite's work instead).
2. ``coach history --last 30 --json`` on that history against the same command on an empty
   one, median of ``RUNS`` runs each, the two alternating (so a machine whose load drifts
   slows both alike) after one unmeasured warm-up run of each. Target: within 1.5x
   of empty, i.e. reading the newest 30 costs nothing that grows with ten years of history.
   ``coach history --last 30`` (the text table) is measured the same way.
3. For information, no target: ``coach history export`` of the whole history to JSON and
   ``coach history`` listing all 3,650 sessions as text.
4. The store's newest pages in this process (``HistoryStore.sessions(limit=30)``, the same
   for one routine, ``to_document(limit=30)``, ``pain_series``) on the ten years against
   an empty history, median of ``RUNS`` calls each, alternating. Target: under 50 ms plus
   5x empty (the bar the store's ten-year unit test set before it asserted SQLite's work
   instead of seconds). Measured last, after every coach process, so that this process,
   grown by coach's imports, is not counted in their memory.

The history pane in the TUI (first paint, memory) is measured elsewhere; :func:`pane_rows`
is the place to add those rows, with the ten-year data directory already built.

Peak memory is each process's maximum resident set size (``wait4``); the export file is
generated in a child process so that this script stays small and does not inflate it.

Run: ``.venv/bin/python benchmarks/bench_history.py`` (after installing the project).
Takes about a minute; prints one table with a verdict per target and exits 1 if one fails.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

YEARS_OF_DAYS = 3650
STEPS_PER_SESSION = 40
RUNS = 7
IMPORT_RUNS = 3
IMPORT_TARGET_S = 10.0
LISTING_RATIO_TARGET = 1.5


# --- running coach ------------------------------------------------------------------------

def coach_command() -> list[str]:
    exe = Path(sys.executable).with_name("coach")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "coach"]


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_kib: int  # the process's maximum resident set size
    stdout: bytes


def run_once(args: list[str], env: dict[str, str], scratch: Path) -> Run:
    """One coach process, timed wall clock, with its own peak memory from ``wait4``."""
    out_path, err_path = scratch / "stdout", scratch / "stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({proc.returncode}):\n"
                 f"{err_path.read_text(errors='replace')}")
    return Run(seconds, usage.ru_maxrss, out_path.read_bytes())


def median_run(args: list[str], env: dict[str, str], scratch: Path, runs: int = RUNS,
               warm_up: bool = True) -> tuple[float, int, bytes]:
    """(median seconds, highest peak memory, last output) of ``runs`` runs."""
    if warm_up:
        run_once(args, env, scratch)
    done = [run_once(args, env, scratch) for _ in range(runs)]
    return (statistics.median(r.seconds for r in done), max(r.peak_kib for r in done),
            done[-1].stdout)


def paired_runs(a: list[str], b: list[str], env: dict[str, str], scratch: Path,
                runs: int = RUNS) -> tuple[list[Run], list[Run]]:
    """``runs`` runs of each command, alternating, after one warm-up of each: a machine
    whose load drifts meanwhile slows both alike, so their ratio stays fair."""
    run_once(a, env, scratch)
    run_once(b, env, scratch)
    done_a, done_b = [], []
    for _ in range(runs):
        done_a.append(run_once(a, env, scratch))
        done_b.append(run_once(b, env, scratch))
    return done_a, done_b


# --- ten years of sessions ----------------------------------------------------------------

KINDS = ("prepare", "hold", "rest", "reps", "switch_side", "timed")


def ten_years(first_day: datetime) -> dict:
    """A JSON export of one session a day, as the session engine would have recorded it."""
    sessions = []
    for day in range(YEARS_OF_DAYS):
        start = first_day + timedelta(days=day, minutes=7 * (day % 9))
        clock = start
        steps = []
        for i in range(STEPS_PER_SESSION):
            kind = KINDS[i % len(KINDS)]
            planned = None if kind == "reps" else (5.0 if kind in ("prepare", "switch_side")
                                                   else 20.0)
            actual = 24.5 if planned is None else planned
            skipped = kind == "rest" and day % 7 == 0
            if skipped:
                actual = 1.25
            ended = clock + timedelta(seconds=actual)
            steps.append({
                "step_index": i, "item": i // 6, "exercise": f"exercise-{i // 6}",
                "kind": kind, "side": ("left", "right", None)[i % 3], "set": 1 + i % 2,
                "sets": 2, "round": 1, "rounds": 1, "variant": "towel" if i % 10 == 3 else None,
                "planned_seconds": planned, "actual_seconds": actual, "paused_seconds": 0.0,
                "reps": 10 if kind == "reps" else None,
                "started_at": clock.isoformat(timespec="milliseconds"),
                "ended_at": ended.isoformat(timespec="milliseconds"),
                "status": "skipped" if skipped else "done",
            })
            clock = ended
        sessions.append({
            "id": str(uuid.UUID(int=day + 1)), "routine": ("daily", "arch", "knee")[day % 3],
            "routine_name": ("Daily feet", "Arch builder", "Kind to knees")[day % 3],
            "started_at": start.isoformat(timespec="milliseconds"),
            "ended_at": clock.isoformat(timespec="milliseconds"),
            "status": "aborted" if day % 50 == 0 else "completed",
            "pain_before": day % 11, "pain_after": (day + 3) % 11,
            "note": "felt good" if day % 30 == 0 else None, "steps": steps,
        })
    return {"sessions": sessions}


# --- the measurements ---------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    what: str
    figure: str
    target: str = ""
    ok: bool | None = None  # None: for information only

    @property
    def verdict(self) -> str:
        return "" if self.ok is None else ("PASS" if self.ok else "FAIL")


@dataclass(frozen=True)
class Sandbox:
    home: Path
    env: dict[str, str]
    coach: list[str]
    export_files: list[Path]  # the ten-year JSON export, a file a year
    big: Path  # a data directory holding the ten years
    empty: Path  # a data directory with an empty history


def import_rows(box: Sandbox) -> list[Row]:
    runs = []
    for n in range(IMPORT_RUNS):
        target = box.home / f"import-{n}"
        run = run_once([*box.coach, "history", "import", *map(str, box.export_files),
                        "--data-dir", str(target)], box.env, box.home)
        assert run.stdout.startswith(f"Added {YEARS_OF_DAYS:,} new sessions".encode()), run.stdout
        runs.append(run)
        if n == 0:
            shutil.copytree(target, box.big)
        shutil.rmtree(target)
    seconds = statistics.median(r.seconds for r in runs)
    size = sum(f.stat().st_size for f in box.export_files) / 2**20
    return [
        Row(f"history import ({size:.0f} MiB JSON in {len(box.export_files)} files, fresh dir)",
            f"{seconds:.2f} s",
            f"< {IMPORT_TARGET_S:.0f} s", seconds < IMPORT_TARGET_S),
        Row("  peak memory of that import", f"{max(r.peak_kib for r in runs) / 1024:.0f} MiB"),
    ]


def listing_rows(box: Sandbox) -> list[Row]:
    rows = []
    for label, extra in (("history --last 30 --json", ["--last", "30", "--json"]),
                         ("history --last 30", ["--last", "30"])):
        empty, big = paired_runs([*box.coach, "history", *extra, "--data-dir", str(box.empty)],
                                 [*box.coach, "history", *extra, "--data-dir", str(box.big)],
                                 box.env, box.home)
        if "--json" in extra:  # what was timed really is the newest 30, whole
            sessions = json.loads(big[-1].stdout)["sessions"]
            assert len(sessions) == 30 and all(len(s["steps"]) == STEPS_PER_SESSION
                                               for s in sessions)
            assert sessions[0]["id"] == str(uuid.UUID(int=YEARS_OF_DAYS)), sessions[0]["id"]
        else:
            assert big[-1].stdout.count(b"\n") == 1 + 30 + 2  # head, rows, "The last 30 of"
        empty_s = statistics.median(r.seconds for r in empty)
        big_s = statistics.median(r.seconds for r in big)
        ratio = big_s / empty_s
        rows += [
            Row(f"{label}, empty history", f"{empty_s * 1000:.0f} ms"),
            Row(f"{label}, ten years", f"{big_s * 1000:.0f} ms  ({ratio:.2f}x empty)",
                f"<= {LISTING_RATIO_TARGET}x empty", ratio <= LISTING_RATIO_TARGET),
            Row("  peak memory, empty / ten years",
                f"{max(r.peak_kib for r in empty) / 1024:.0f} / "
                f"{max(r.peak_kib for r in big) / 1024:.0f} MiB"),
        ]
    return rows


def whole_history_rows(box: Sandbox) -> list[Row]:
    out_file = box.home / "again.json"
    export_s, _, _ = median_run([*box.coach, "history", "export", str(out_file), "--force",
                                 "--data-dir", str(box.big)], box.env, box.home, runs=3,
                                warm_up=False)
    list_s, _, out = median_run([*box.coach, "history", "--data-dir", str(box.big)], box.env,
                                box.home, runs=3, warm_up=False)
    assert out.count(b"\n") == YEARS_OF_DAYS + 1
    return [Row("history export to JSON, ten years", f"{export_s:.2f} s"),
            Row("history (all 3,650 as text)", f"{list_s * 1000:.0f} ms")]


def pane_rows(box: Sandbox) -> list[Row]:
    """The TUI's history pane on ten years (first paint, memory): measured by the TUI work.
    ``box.big`` is a data directory holding the ten years; return rows to add them here."""
    return []


STORE_SLACK_S = 0.05
STORE_RATIO = 5


def store_rows(box: Sandbox) -> list[Row]:
    """The store's newest pages in process, ten years against empty (see the docstring)."""
    from datetime import date

    from coach.history import HistoryStore
    from coach.paths import HISTORY_NAME

    today = date(2026, 11, 24)  # the day of the newest generated session
    calls = {
        "sessions(limit=30)": lambda s: s.sessions(limit=30),
        "sessions(limit=30, routine='arch')": lambda s: s.sessions(limit=30, routine="arch"),
        "to_document(limit=30)": lambda s: s.to_document(limit=30),
        "pain_series(today)": lambda s: s.pain_series(today),
    }
    big = HistoryStore(box.big / HISTORY_NAME)
    box.empty.mkdir(parents=True, exist_ok=True)
    empty = HistoryStore(box.empty / HISTORY_NAME)
    rows = []
    try:
        assert len(big.sessions(limit=30)) == 30 and not empty.sessions(limit=30)
        assert len(big.pain_series(today)) == 14
        for label, call in calls.items():
            call(big), call(empty)  # warm-up: SQLite's caches, as a running coach has them
            timed: dict[str, list[float]] = {"big": [], "empty": []}
            for _ in range(RUNS):
                for name, store in (("big", big), ("empty", empty)):
                    start = time.perf_counter()
                    call(store)
                    timed[name].append(time.perf_counter() - start)
            big_s, empty_s = (statistics.median(timed[n]) for n in ("big", "empty"))
            bar = STORE_SLACK_S + STORE_RATIO * empty_s
            rows.append(Row(f"store.{label}, ten years vs empty",
                            f"{big_s * 1000:.2f} vs {empty_s * 1000:.2f} ms",
                            f"< {STORE_SLACK_S * 1000:.0f} ms + {STORE_RATIO}x empty",
                            big_s < bar))
    finally:
        big.close()
        empty.close()
    return rows


# --- the table ----------------------------------------------------------------------------

def print_table(rows: list[Row]) -> None:
    widths = [max(len(getattr(r, k)) for r in rows) for k in ("what", "figure", "target")]
    head = ("measure", "figure", "target")
    widths = [max(w, len(h)) for w, h in zip(widths, head, strict=False)]
    print(f"{head[0]:<{widths[0]}}  {head[1]:>{widths[1]}}  {head[2]:<{widths[2]}}  verdict")
    for r in rows:
        print(f"{r.what:<{widths[0]}}  {r.figure:>{widths[1]}}  {r.target:<{widths[2]}}  "
              f"{r.verdict}".rstrip())


def generate(directory: Path) -> None:
    """The ten years as ``YYYY.json`` files in ``directory``, a file a year."""
    doc = ten_years(datetime(2016, 11, 27, 7, 30, tzinfo=timezone(timedelta(hours=1))))
    years: dict[str, list[dict]] = {}
    for session in doc["sessions"]:
        years.setdefault(session["started_at"][:4], []).append(session)
    directory.mkdir(parents=True, exist_ok=True)
    for year, sessions in years.items():
        (directory / f"{year}.json").write_text(json.dumps({"sessions": sessions}),
                                                encoding="utf-8")


def export_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.json"))


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="coach-bench-history-"))
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache"),
           "COACH_DATA_DIR": str(home / "unused")}
    try:
        export_dir = home / "ten-years"
        start = time.perf_counter()
        # In a child: a child's peak memory counts its parent's until it execs coach, so
        # this process stays small and the figures below are coach's own.
        subprocess.run([sys.executable, __file__, "--generate", str(export_dir)], check=True)
        print(f"generated {YEARS_OF_DAYS:,} sessions x {STEPS_PER_SESSION} steps "
              f"in {time.perf_counter() - start:.1f} s; "
              f"{RUNS} runs per listing, {IMPORT_RUNS} imports\n", file=sys.stderr, flush=True)
        box = Sandbox(home, env, coach_command(), export_files(export_dir), home / "big",
                      home / "empty")
        rows = import_rows(box) + listing_rows(box) + whole_history_rows(box) + pane_rows(box)
        floor = run_once([sys.executable, "-c", "pass"], env, home).peak_kib
        rows.append(Row("python -c pass, for scale: peak memory", f"{floor / 1024:.0f} MiB"))
        rows += store_rows(box)  # last: it imports coach into this process
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print_table(rows)
    load = os.getloadavg()[0]
    print(f"\n(load average {load:.1f} on {os.cpu_count()} CPUs while measuring)")
    sys.exit(0 if all(r.ok is not False for r in rows) else 1)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--generate"]:
        generate(Path(sys.argv[2]))
    else:
        main()
