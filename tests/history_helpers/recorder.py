"""A coach process as the history store sees it, for tests that need a real second process.

    recorder.py DB hold N          start a session, record N steps, print "ready ID", sleep
    recorder.py DB write N GOFILE  start a session, print "ready ID", wait for GOFILE,
                                   record N steps as fast as possible, finish, print "done"
"""

from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from coach.history import HistoryStore

ZONE = timezone(timedelta(hours=1))
START = datetime(2026, 11, 23, 9, 0, tzinfo=ZONE)


def step(i: int) -> dict:
    begin = START + timedelta(seconds=10 * i)
    return {
        "step_index": i, "item": 0, "exercise": "toe-curl", "kind": "hold", "side": "left",
        "set": 1, "sets": 1, "round": 1, "rounds": 1, "variant": None,
        "planned_seconds": 10.0, "actual_seconds": 10.0, "paused_seconds": 0.0, "reps": None,
        "started_at": begin.isoformat(timespec="milliseconds"),
        "ended_at": (begin + timedelta(seconds=10)).isoformat(timespec="milliseconds"),
        "status": "done",
    }


def main(db: str, mode: str, n: str, go: str | None = None) -> None:
    store = HistoryStore(Path(db))
    session_id = store.start_session("daily", "Daily feet", 4, START)
    if mode == "hold":
        for i in range(int(n)):
            store.record_step(session_id, step(i))
        print("ready", session_id, flush=True)
        time.sleep(600)
        return
    print("ready", session_id, flush=True)
    while not Path(go).exists():
        time.sleep(0.005)
    for i in range(int(n)):
        store.record_step(session_id, step(i))
    store.finish_session(session_id, "completed", START + timedelta(hours=1), 2)
    store.close()
    print("done", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
