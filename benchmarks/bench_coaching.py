"""Levels at scale: ``coach show ROUTINE --json`` on ten years of daily sessions with pain
during steps and a check-in every next morning, against the same command on an empty history.

``coach show`` plays the person's levels, so it reads every session's pain scores and every
morning to judge each session's light (the baseline and the weekly averages are the whole
history's), then folds the routine's lights and the person's choices into each ranged
item's level. What it measures, as a person meets it (a fresh ``coach`` process per run, in
a sandbox: ``HOME`` and the XDG directories point into a temporary directory and every
command gets ``--data-dir``, so nobody's real history is read or written):

- ``coach show feet-first-five --json`` with an empty history and with ten years (3,650
  sessions of ``STEPS_PER_SESSION`` steps, a pain score on every fourth step, pain before
  and after, a check-in the next morning, a level choice a month), median of ``RUNS`` runs
  each, the two alternating after a warm-up of each. Target: within 1.5x of empty.
- ``coach level feet-first-five`` the same way, for information.

The ten years are written straight into a history file made by coach's own store (so its
schema and migrations are coach's), with ``executemany``: a few seconds.

Run: ``.venv/bin/python benchmarks/bench_coaching.py`` (after installing the project).
Prints one table with a verdict and exits 1 if the target is missed.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench_history import Row, coach_command, paired_runs, print_table

YEARS_OF_DAYS = 3650
STEPS_PER_SESSION = 40
RUNS = 9
RATIO_TARGET = 1.5
ROUTINE = "feet-first-five"
ZONE = timezone(timedelta(hours=1))


def fill(db: Path) -> None:
    """Ten years of daily sessions of ``ROUTINE`` into a new history at ``db``."""
    from coach.history import HistoryStore

    HistoryStore(db).close()  # coach's own tables, at the current version
    import sqlite3

    first = datetime(2016, 11, 27, 7, 30, tzinfo=ZONE)
    sessions, steps, checkins, choices = [], [], [], []
    for day in range(YEARS_OF_DAYS):
        start = first + timedelta(days=day)
        sid = str(uuid.UUID(int=day + 1))
        clock = start
        for i in range(STEPS_PER_SESSION):
            ended = clock + timedelta(seconds=20)
            steps.append((sid, i, i, i // 8, f"exercise-{i // 8}", "hold", None, 1, 1, 1, 1,
                          None, 20.0, 20.0, 0.0, None, clock.isoformat(timespec="milliseconds"),
                          ended.isoformat(timespec="milliseconds"), "done",
                          (day + i) % 6 if i % 4 == 0 else None))
            clock = ended
        sessions.append((sid, ROUTINE, "Feet-first five", start.isoformat(timespec="milliseconds"),
                         round(start.timestamp() * 1000), start.date().isoformat(),
                         clock.isoformat(timespec="milliseconds"), "completed",
                         day % 4, (day + 1) % 5, None, None))
        morning = start + timedelta(days=1, hours=-0.5)
        checkins.append((round(morning.timestamp() * 1000),
                         morning.isoformat(timespec="milliseconds"),
                         morning.date().isoformat(), day % 4, None))
        if day % 30 == 15:
            noon = start + timedelta(hours=4)
            choices.append((round(noon.timestamp() * 1000), noon.isoformat(timespec="milliseconds"),
                            ROUTINE, 3, "heel-raises", ("hold", "release", "reset")[day % 3]))
    with sqlite3.connect(db) as conn:
        conn.executemany("INSERT INTO sessions VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", sessions)
        conn.executemany("INSERT INTO steps VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         steps)
        conn.executemany("INSERT INTO checkins VALUES (?,?,?,?,?)", checkins)
        conn.executemany("INSERT INTO level_choices VALUES (?,?,?,?,?,?)", choices)
    conn.close()


def main() -> None:
    from coach.history import HistoryStore
    from coach.paths import HISTORY_NAME

    home = Path(tempfile.mkdtemp(prefix="coach-bench-coaching-"))
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache"),
           "COACH_DATA_DIR": str(home / "unused")}
    coach = coach_command()
    rows = []
    try:
        big, empty = home / "big", home / "empty"
        big.mkdir()
        empty.mkdir()
        start = time.perf_counter()
        fill(big / HISTORY_NAME)
        HistoryStore(empty / HISTORY_NAME).close()
        print(f"wrote {YEARS_OF_DAYS:,} sessions x {STEPS_PER_SESSION} steps with check-ins "
              f"in {time.perf_counter() - start:.1f} s; {RUNS} runs each\n", file=sys.stderr,
              flush=True)
        for label, argv, target in (
                (f"show {ROUTINE} --json", ["show", ROUTINE, "--json"], True),
                (f"level {ROUTINE}", ["level", ROUTINE], False)):
            quiet, full = paired_runs([*coach, *argv, "--data-dir", str(empty)],
                                      [*coach, *argv, "--data-dir", str(big)], env, home, RUNS)
            if "--json" in argv:  # what was timed really did read the ten years
                found = json.loads(full[-1].stdout)["progression"]
                assert found and found[0]["reason"] != json.loads(
                    quiet[-1].stdout)["progression"][0]["reason"], found
            empty_s = statistics.median(r.seconds for r in quiet)
            big_s = statistics.median(r.seconds for r in full)
            ratio = big_s / empty_s
            rows += [Row(f"{label}, empty history", f"{empty_s * 1000:.0f} ms"),
                     Row(f"{label}, ten years", f"{big_s * 1000:.0f} ms  ({ratio:.2f}x empty)",
                         f"<= {RATIO_TARGET}x empty" if target else "",
                         ratio <= RATIO_TARGET if target else None)]
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print_table(rows)
    print(f"\n(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs while measuring)")
    sys.exit(0 if all(r.ok is not False for r in rows) else 1)


if __name__ == "__main__":
    main()
