"""Left against right (coach.history.sides): which differences between sides are said, with
which averages, in which order; and the read behind them, four weeks of days through an index."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from coach.history import HistoryStore
from coach.history.sides import (
    HOLD_GAP,
    PAIN_GAP,
    REPS_GAP,
    WINDOW_DAYS,
    SideDifference,
    recent_side_steps,
    side_differences,
)

WHEN = datetime(2026, 11, 23, 9, 0, tzinfo=timezone(timedelta(hours=1)))


def pain(side, score, exercise="curl", kind="reps"):
    return {"exercise": exercise, "side": side, "kind": kind, "pain": score}


def hold(side, actual, planned=30.0, exercise="raise"):
    return {"exercise": exercise, "side": side, "kind": "hold", "planned_seconds": planned,
            "actual_seconds": actual}


def reps(side, done, exercise="curl"):
    return {"exercise": exercise, "side": side, "kind": "reps", "reps": done}


def said(rows) -> list[tuple[str, str, str, float, float]]:
    return [(d.exercise, d.measure, d.worse, round(d.left, 2), round(d.right, 2))
            for d in side_differences(rows)]


@pytest.mark.parametrize("rows, expected", [
    # pain: two points apart on average is said, the more painful side named
    ([pain("left", 4), pain("left", 4), pain("right", 2), pain("right", 2)],
     [("curl", "pain", "left", 4, 2)]),
    ([pain("left", 1), pain("left", 2), pain("right", 4), pain("right", 3)],
     [("curl", "pain", "right", 1.5, 3.5)]),
    # just under two points: not said
    ([pain("left", 4), pain("left", 3), pain("right", 2), pain("right", 2)], []),
    # steps without a score count for nothing (not as 0)
    ([pain("left", 4), pain("left", 4), pain("left", None), pain("right", 2),
      pain("right", 2), pain("right", None)], [("curl", "pain", "left", 4, 2)]),
    # one step on a side is one moment, not a difference
    ([pain("left", 9), pain("right", 1), pain("right", 1)], []),
    # no side (both feet): never compared
    ([pain(None, 9), pain(None, 9), pain("right", 1), pain("right", 1)], []),
    # holds: a fifth less of the time asked is said; held longer than asked is not a lead
    ([hold("left", 30), hold("left", 30), hold("right", 24), hold("right", 24)],
     [("raise", "hold", "right", 1, 0.8)]),
    ([hold("left", 60), hold("left", 60), hold("right", 30), hold("right", 30)], []),
    ([hold("left", 30), hold("left", 30), hold("right", 25), hold("right", 25)], []),
    # an open-ended hold asks for no time: nothing to keep
    ([hold("left", 30, None), hold("left", 30, None), hold("right", 5, None),
      hold("right", 5, None)], []),
    # reps: a fifth fewer is said, less is not
    ([reps("left", 8), reps("left", 8), reps("right", 10), reps("right", 10)],
     [("curl", "reps", "left", 8, 10)]),
    ([reps("left", 9), reps("left", 9), reps("right", 10), reps("right", 10)], []),
    # none done on either side: nothing to compare
    ([reps("left", 0), reps("left", 0), reps("right", 0), reps("right", 0)], []),
    # values a hand edit spoiled are left out, not counted
    ([pain("left", 40), pain("left", "x"), pain("right", 2), pain("right", 2)], []),
    ([hold("left", "long"), hold("left", 30), hold("right", 10), hold("right", 10)], []),
])
def test_which_differences_are_said(rows, expected):
    assert said(rows) == expected


def test_pain_first_then_holds_then_reps_the_biggest_gap_first():
    rows = ([reps("left", 5, "a"), reps("left", 5, "a"), reps("right", 10, "a"),
             reps("right", 10, "a")]
            + [hold("left", 10, exercise="b"), hold("left", 10, exercise="b"),
               hold("right", 30, exercise="b"), hold("right", 30, exercise="b")]
            + [pain("left", 5, "c"), pain("left", 5, "c"), pain("right", 2, "c"),
               pain("right", 2, "c")]
            + [pain("left", 9, "d"), pain("left", 9, "d"), pain("right", 1, "d"),
               pain("right", 1, "d")])
    assert [(d.exercise, d.measure) for d in side_differences(rows)] == [
        ("d", "pain"), ("c", "pain"), ("b", "hold"), ("a", "reps")]


def test_the_thresholds_are_what_the_comments_say():
    assert (PAIN_GAP, HOLD_GAP, REPS_GAP, WINDOW_DAYS) == (2, 0.2, 0.2, 28)
    difference = SideDifference("x", "hold", 0.5, 1.0, 4)
    assert difference.worse == "left" and difference.gap == 0.5


# --- the read -------------------------------------------------------------------------------

def record(store: HistoryStore, start: datetime, steps: list[dict]) -> None:
    session_id = store.start_session("daily", "Daily", None, start)
    for i, step in enumerate(steps):
        store.record_step(session_id, {
            "step_index": i, "item": 0, "exercise": step["exercise"], "kind": step["kind"],
            "side": step["side"], "set": 1, "sets": 1, "round": 1, "rounds": 1,
            "variant": None, "planned_seconds": step.get("planned_seconds"),
            "actual_seconds": step.get("actual_seconds", 10.0), "paused_seconds": 0.0,
            "reps": step.get("reps"), "started_at": start.isoformat(),
            "ended_at": start.isoformat(), "status": "done", "pain": step.get("pain")})
    store.finish_session(session_id, "completed", start + timedelta(minutes=5))


def test_the_store_reads_four_weeks_up_to_a_moment(tmp_path):
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        # Five weeks ago the left side hurt; lately it is the right.
        old = WHEN - timedelta(days=WINDOW_DAYS + 7)
        record(store, old, [pain("left", 9), pain("left", 9), pain("right", 0),
                            pain("right", 0)])
        for back in (1, 8):
            record(store, WHEN - timedelta(days=back),
                   [pain("left", 1), pain("right", 4), reps("left", 10, "other"),
                    reps("right", 5, "other")])
        found = store.side_differences(WHEN.date())
        assert [(d.exercise, d.measure, d.worse) for d in found] == [
            ("curl", "pain", "right"), ("other", "reps", "right")]
        # Up to the old session, it is the old difference that is said.
        assert [(d.exercise, d.worse) for d in store.side_differences(old.date())] == [
            ("curl", "left")]
        assert [d.exercise for d in store.side_differences(WHEN.date(), exercises=["other"])] == [
            "other"]


def test_the_read_goes_through_the_start_index(tmp_path):
    from coach.history import sides

    with HistoryStore(tmp_path / "h.sqlite3") as store:
        plan = " ".join(str(row[-1]) for row in store.conn.execute(
            "EXPLAIN QUERY PLAN " + sides._RECENT, ("2026-01-01", "2026-01-28", 10)))
        assert "sessions_by_day" in plan and "SCAN s" not in plan, plan
        assert recent_side_steps(store.conn, WHEN.date()) == []


@pytest.mark.parametrize("back, counted", [(0, True), (WINDOW_DAYS - 1, True),
                                           (WINDOW_DAYS, False)])
def test_the_window_is_four_weeks_of_days_today_included(tmp_path, back, counted):
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        record(store, WHEN - timedelta(days=back),
               [pain("left", 8), pain("left", 8), pain("right", 1), pain("right", 1)])
        assert bool(store.side_differences(WHEN.date())) is counted


def test_a_history_from_before_step_pain_read_only_still_compares_holds(tmp_path):
    import sqlite3

    from test_history_step_pain import START, schema_3

    db = tmp_path / "data" / "history.sqlite3"
    schema_3(db, sessions=1)  # four left holds of 20 s, all kept
    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute("UPDATE steps SET side = 'right', actual_seconds = 5 WHERE seq >= 2")
    raw.close()
    with HistoryStore(db, read_only=True) as store:
        [found] = store.side_differences(START.date())
        assert (found.exercise, found.measure, found.worse, found.right) == (
            "toe-curl", "hold", "right", 0.25)
