"""``coach report`` (HTML and Markdown) on ten years of daily sessions with steps, pain and
check-ins, against an almost empty history (a week of sessions) in the same run: the time
and the peak memory of gathering and writing each report.

The ten years are :mod:`bench_today`'s (3,650 completed sessions of 40 steps, each step with
a pain score, pain before and after, a check-in every morning, two plans), written straight
into a history made with coach's own schema. Each report is written ``RUNS`` times in this
process (the median is kept; the first run's peak memory, measured with tracemalloc, is
quoted), then once more by the installed ``coach report`` in a fresh process, start-up
included. Target: every report within :data:`TARGET_SECONDS`. Everything happens in a
sandbox: ``HOME`` and the XDG directories point into a temporary directory.

Run: ``.venv/bin/python benchmarks/bench_report.py`` (after installing the project); exits 1
when the target is missed.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_today import YEARS_OF_DAYS, build, coach_command

from coach.config import Settings
from coach.history import HistoryStore
from coach.library import load_library
from coach.report.writing import write_report

RUNS = 5
TARGET_SECONDS = 3.0


def small(db: Path, now: datetime) -> None:
    """A week of sessions with pain, through the store as the app records them."""
    with HistoryStore(db) as store:
        for back in range(7, 0, -1):
            at = (now - timedelta(days=back)).astimezone()
            sid = store.start_session("feet-first-five", "Feet-first five", 3, started_at=at)
            store.finish_session(sid, "completed", at + timedelta(minutes=12), pain_after=2,
                                 note="felt stiff" if back == 3 else None)


def measure(db: Path, out: Path) -> tuple[float, float]:
    """(median seconds, peak MB) of writing ``out`` from the history at ``db``."""
    library = load_library()
    times = []
    peak = 0.0
    for run in range(RUNS):
        if run == 0:
            tracemalloc.start()
        start = time.perf_counter()
        with HistoryStore(db, read_only=True) as store:
            write_report(store, library, Settings(), out, replace=True)
        times.append(time.perf_counter() - start)
        if run == 0:
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
    return statistics.median(times), peak


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="coach-bench-report-"))
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "xdg-config"),
           "XDG_DATA_HOME": str(home / "xdg-data"), "XDG_CACHE_HOME": str(home / "xdg-cache"),
           "COACH_CACHE_DIR": str(home / "cache")}
    os.environ.update(env)
    missed = False
    try:
        big, little = home / "big", home / "little"
        for d in (big, little):
            d.mkdir()
        now = datetime.now()
        took = build(big / "history.sqlite3", now)
        small(little / "history.sqlite3", now)
        print(f"built {YEARS_OF_DAYS:,} sessions x 40 steps and {YEARS_OF_DAYS:,} check-ins "
              f"in {took:.1f} s\n", file=sys.stderr, flush=True)
        print(f"{'history':<12} {'form':<5} {'in process':>11} {'peak':>9} {'size':>8} "
              f"{'coach report':>13}")
        for name, data in (("a week", little), ("ten years", big)):
            for kind in (".html", ".md"):
                out = home / f"report-{name.replace(' ', '-')}{kind}"
                seconds, peak = measure(data / "history.sqlite3", out)
                start = time.perf_counter()
                done = subprocess.run([*coach_command(), "report", str(out), "--force",
                                       "--config-dir", str(home / "config"),
                                       "--data-dir", str(data)], env=env, capture_output=True)
                whole = time.perf_counter() - start
                if done.returncode != 0:
                    raise SystemExit(f"coach report failed:\n{done.stderr.decode()}")
                missed |= max(seconds, whole) > TARGET_SECONDS
                print(f"{name:<12} {kind:<5} {seconds * 1000:>8.0f} ms {peak:>6.1f} MB "
                      f"{out.stat().st_size / 1024:>5.0f} kB {whole * 1000:>10.0f} ms")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(f"\ntarget: each report within {TARGET_SECONDS:g} s: "
          f"{'missed' if missed else 'met'}")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
