"""``coach today --json`` on ten years of daily sessions with check-ins, against an empty
history: what the day costs when the history is long.

The ten years are written straight into a fresh history with ``executemany`` (building them
through the store one step at a time would take minutes): 3,650 completed sessions of
:data:`STEPS_PER_SESSION` steps, each step with a pain score during it, pain before and
after each session, a check-in each morning, and two plans, so every part of the day
(due, done, light, trend, missed day) is worked out. The file is made with coach's own
schema (``HistoryStore`` creates it), so its tables and indexes are the ones a person has.

Then the installed ``coach today --json`` runs on each history, a fresh process each time,
the two alternating (a machine whose load drifts slows both alike) after one unmeasured
warm-up of each, ``RUNS`` runs each; the medians and their ratio are printed. Target: the
ten years within :data:`RATIO_TARGET` of empty. Everything happens in a sandbox: ``HOME``
and the XDG directories point into a temporary directory, and every command gets
``--config-dir`` and ``--data-dir``.

Run: ``.venv/bin/python benchmarks/bench_today.py`` (after installing the project); exits 1
when the target is missed.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from coach.history import HistoryStore

YEARS_OF_DAYS = 3650
STEPS_PER_SESSION = 40
RUNS = 11
RATIO_TARGET = 1.5


def coach_command() -> list[str]:
    exe = Path(sys.executable).with_name("coach")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "coach"]


def build(db: Path, now: datetime) -> float:
    """Ten years of daily sessions up to yesterday, with steps, pain and check-ins, and two
    plans; returns the seconds it took."""
    start = time.perf_counter()
    rng = random.Random(13)
    with HistoryStore(db) as store:
        now_local = now.astimezone()
        store.set_plan("feet-first-five", list(range(7)), ["07:30"], now_local - timedelta(
            days=YEARS_OF_DAYS))
        store.set_plan("ten-foot-stretches", [0, 3], [], now_local - timedelta(days=30))
        sessions, steps, checkins = [], [], []
        for back in range(YEARS_OF_DAYS, 0, -1):
            begun = (now_local - timedelta(days=back)).replace(hour=7, minute=30, second=0,
                                                               microsecond=0)
            sid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            iso = begun.isoformat(timespec="milliseconds")
            ended = begun + timedelta(minutes=12)
            sessions.append((sid, "feet-first-five", "Feet-first five", iso,
                             round(begun.timestamp() * 1000), begun.date().isoformat(),
                             ended.isoformat(timespec="milliseconds"), "completed",
                             rng.randint(0, 5), rng.randint(0, 5), None, None))
            for seq in range(STEPS_PER_SESSION):
                at = (begun + timedelta(seconds=15 * seq)).isoformat(timespec="milliseconds")
                steps.append((sid, seq, seq, seq // 4, "towel-curl", "hold", None, 1, 1, None,
                              None, None, 15.0, 15.0, 0.0, None, at, at, "done",
                              rng.randint(0, 6)))
            morning = begun - timedelta(minutes=30)
            checkins.append((round(morning.timestamp() * 1000),
                             morning.isoformat(timespec="milliseconds"),
                             morning.date().isoformat(), rng.randint(0, 5), None))
        c = store.conn  # in autocommit mode: one explicit transaction for the lot
        c.execute("BEGIN")
        c.executemany(f"INSERT INTO sessions VALUES ({', '.join('?' * 12)})", sessions)
        c.executemany(f"INSERT INTO steps VALUES ({', '.join('?' * 20)})", steps)
        c.executemany("INSERT INTO checkins VALUES (?, ?, ?, ?, ?)", checkins)
        c.execute("COMMIT")
    return time.perf_counter() - start


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr.decode()}")
    return took


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="coach-bench-today-"))
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "xdg-config"),
           "XDG_DATA_HOME": str(home / "xdg-data"), "XDG_CACHE_HOME": str(home / "xdg-cache"),
           "COACH_CACHE_DIR": str(home / "cache")}
    try:
        big, empty = home / "big", home / "empty"
        for d in (big, empty):
            d.mkdir()
        took = build(big / "history.sqlite3", datetime.now())
        HistoryStore(empty / "history.sqlite3").close()
        print(f"built {YEARS_OF_DAYS:,} sessions x {STEPS_PER_SESSION} steps and "
              f"{YEARS_OF_DAYS:,} check-ins in {took:.1f} s; {RUNS} runs each\n",
              file=sys.stderr, flush=True)

        def command(data: Path) -> list[str]:
            return [*coach_command(), "today", "--json", "--config-dir", str(home / "config"),
                    "--data-dir", str(data)]

        timed(command(big), env)
        timed(command(empty), env)
        ten, none = [], []
        for _ in range(RUNS):
            ten.append(timed(command(big), env))
            none.append(timed(command(empty), env))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    a, b = statistics.median(ten), statistics.median(none)
    ratio = a / b
    ok = ratio <= RATIO_TARGET
    print(f"{'what':<44} {'median':>9}")
    print(f"{'coach today --json, ten years':<44} {a * 1000:>7.0f} ms")
    print(f"{'coach today --json, empty history':<44} {b * 1000:>7.0f} ms")
    print(f"{'ratio (target within ' + str(RATIO_TARGET) + 'x)':<44} {ratio:>8.2f}x  "
          f"{'ok' if ok else 'MISSED'}")
    print(f"\n(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs while measuring)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
