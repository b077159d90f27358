"""Plans and missed-day answers in the history: their migration, the store's methods, a hand
edit that cannot be read, and a read-only history from before plans existed."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from coach.coaching.plan import Plan
from coach.history import HistoryError, HistoryStore
from coach.history.schema import MIGRATIONS

CET = timezone(timedelta(hours=1))
NOW = datetime(2026, 12, 2, 8, 0, tzinfo=CET)  # a Wednesday


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


def test_the_tables_come_with_the_current_schema(db):
    with HistoryStore(db) as store:
        c = store.conn
        assert [r[1] for r in c.execute("PRAGMA table_info(plans)")] == [
            "routine_id", "days", "times", "set_at"]
        assert [r[1] for r in c.execute("PRAGMA table_info(missed_days)")] == [
            "day", "routine_id", "answer", "answered_at"]


# The version a file has before the plans' migration: the migration that creates the table.
PLANS_VERSION = next(n for n, migration in enumerate(MIGRATIONS)
                     if any("TABLE IF NOT EXISTS plans" in str(step) for step in migration))


def test_a_history_from_before_plans_is_migrated_and_keeps_its_checkins(db):
    with HistoryStore(db) as store:
        store.add_checkin(NOW, 3)
        store.conn.execute("DROP TABLE plans")
        store.conn.execute("DROP TABLE missed_days")
        store.conn.execute(f"PRAGMA user_version = {PLANS_VERSION}")
    with HistoryStore(db) as store:
        assert [c.pain for c in store.checkins()] == [3]
        assert store.plans() == []
        store.set_plan("daily", [0], [], NOW)
        assert [p.routine for p in store.plans()] == ["daily"]


def test_set_list_replace_and_clear(db):
    with HistoryStore(db) as store:
        kept = store.set_plan("daily", [4, 0, 2], ["15:00", "07:30"], NOW)
        assert kept == Plan("daily", (0, 2, 4), ("07:30", "15:00"), NOW.date())
        assert store.plans() == [kept]
        store.set_plan("daily", [1], [], NOW + timedelta(days=1))
        assert store.plans() == [Plan("daily", (1,), (), date(2026, 12, 3))]
        assert store.clear_plan("daily") is True
        assert store.clear_plan("daily") is False
        assert store.plans() == []


@pytest.mark.parametrize(("days", "times", "said"), [
    ([], [], "at least one day"),
    ([7], [], r"0 \(Monday\) to 6"),
    ([0], ["25:00"], "not a time of day"),
    ([0], ["7:30"], "written HH:MM"),
    ([0], ["07:30", "07:30"], "each time of day once"),
    ([0], [f"0{i}:00" for i in range(9)], "at most 8"),
])
def test_a_bad_plan_is_refused_and_nothing_kept(db, days, times, said):
    with HistoryStore(db) as store:
        with pytest.raises(ValueError, match=said):
            store.set_plan("daily", days, times, NOW)
        assert store.plans() == []


def test_a_hand_edited_row_that_cannot_be_read_is_left_out(db):
    with HistoryStore(db) as store:
        store.set_plan("good", [0], [], NOW)
        for row in [("bad-days", "x,1", "", NOW.isoformat()),
                    ("bad-time", "1", "99:99", NOW.isoformat()),
                    ("bad-when", "1", "", "yesterday"),
                    ("not-text", b"\x01", "", NOW.isoformat())]:
            store.conn.execute("INSERT INTO plans VALUES (?, ?, ?, ?)", row)
        assert [p.routine for p in store.plans()] == ["good"]


def test_completed_by_day_counts_completed_sessions_only_within_the_days(db):
    with HistoryStore(db) as store:
        def played(routine: str, when: datetime, status: str) -> None:
            sid = store.start_session(routine, routine, None, when)
            store.finish_session(sid, status, when + timedelta(minutes=5), None)
        played("a", NOW, "completed")
        played("a", NOW + timedelta(hours=2), "completed")
        played("b", NOW, "aborted")
        played("b", NOW - timedelta(days=1), "completed")
        played("a", NOW - timedelta(days=9), "completed")
        found = store.completed_by_day(NOW.date() - timedelta(days=7), NOW.date())
        assert found == {NOW.date(): {"a": 2}, NOW.date() - timedelta(days=1): {"b": 1}}


def test_missed_answers_are_kept_once_a_day_and_routine(db):
    with HistoryStore(db) as store:
        monday = date(2026, 11, 30)
        store.answer_missed(monday, "daily", "forgot", NOW)
        store.answer_missed(monday, "daily", "pain", NOW)  # said again: the last answer
        store.answer_missed(monday - timedelta(days=10), "daily", "no time", NOW)
        assert store.missed_answers(monday - timedelta(days=7)) == {(monday, "daily"): "pain"}
        with pytest.raises(ValueError, match="one of pain, no time, forgot, not now"):
            store.answer_missed(monday, "daily", "bored", NOW)  # type: ignore[arg-type]


def test_a_read_only_history_from_before_plans_reads_as_having_none(db):
    db.parent.mkdir(parents=True)
    raw = sqlite3.connect(db)
    for migration in MIGRATIONS[:PLANS_VERSION]:
        for step in migration:
            raw.execute(step) if isinstance(step, str) else step(raw)
    raw.execute(f"PRAGMA user_version = {PLANS_VERSION}")
    raw.commit()
    raw.close()
    with HistoryStore(db, read_only=True) as store:
        assert store.plans() == []
        assert store.missed_answers(date(2026, 1, 1)) == {}
        with pytest.raises(HistoryError):
            store.set_plan("daily", [0], [], NOW)
