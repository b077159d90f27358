"""Check-ins: the store keeps them (its own migration), exports and imports them with the
sessions (all or nothing, twice adds nothing), and ``coach checkin`` says one from the shell."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from coach import FLAGS_WHY, RED_FLAGS, high_pain_reason
from coach.cli import main
from coach.history import SCHEMA_VERSION, HistoryError, HistoryImportError, HistoryStore
from coach.history.checkins import Checkin
from coach.history.document import MAX_NOTE

CET = timezone(timedelta(hours=1))
MORNING = datetime(2026, 12, 2, 8, 0, tzinfo=CET)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


def session(store: HistoryStore, start: datetime) -> str:
    session_id = store.start_session("daily", "Daily feet", 4, start)
    store.finish_session(session_id, "aborted", start + timedelta(minutes=5), 2, "ok")
    return session_id


# --- the store ------------------------------------------------------------------------------

def test_the_checkins_table_comes_with_the_current_schema(db):
    with HistoryStore(db) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        columns = [r[1] for r in store.conn.execute("PRAGMA table_info(checkins)")]
        assert columns == ["at_ms", "at", "day", "pain", "note"]


def test_a_history_from_before_checkins_is_migrated_and_keeps_its_sessions(db):
    with HistoryStore(db) as store:
        kept = session(store, MORNING - timedelta(days=1))
        store.conn.execute("DROP TABLE checkins")
        store.conn.execute("PRAGMA user_version = 4")  # check-ins came with version 5
    with HistoryStore(db) as store:
        assert [s.id for s in store.sessions()] == [kept]
        assert store.checkins() == []
        store.add_checkin(MORNING, 2)
        assert [c.pain for c in store.checkins()] == [2]


def test_add_list_and_last(db):
    with HistoryStore(db) as store:
        assert store.last_checkin() is None
        first = store.add_checkin(MORNING, 3, "stiff heel")
        assert first == Checkin(MORNING, 3, "stiff heel")
        later = store.add_checkin(MORNING + timedelta(days=1), 1)
        assert store.checkins() == [first, later]
        assert store.checkins(since=MORNING + timedelta(hours=1)) == [later]
        assert store.last_checkin() == later
        assert later.at.utcoffset() == timedelta(hours=1)  # in the offset it was said in


@pytest.mark.parametrize("pain", [-1, 11, 2.5, True, None, "3"])
def test_a_pain_off_the_scale_is_refused(db, pain):
    with HistoryStore(db) as store:
        with pytest.raises(ValueError, match="whole number from 0 to 10"):
            store.add_checkin(MORNING, pain)  # type: ignore[arg-type]
        assert store.checkins() == []


@pytest.mark.parametrize("note", ["\x1b[2J", "x" * (MAX_NOTE + 1)])
def test_a_note_with_a_control_character_or_too_long_is_refused(db, note):
    with HistoryStore(db) as store:
        with pytest.raises(ValueError):
            store.add_checkin(MORNING, 3, note)
        assert store.add_checkin(MORNING, 3, "two\nlines\tok").note == "two\nlines\tok"


def test_a_second_checkin_at_the_same_instant_is_refused(db):
    with HistoryStore(db) as store:
        store.add_checkin(MORNING, 3)
        with pytest.raises(HistoryError, match="already"):
            store.add_checkin(MORNING.astimezone(UTC), 5)
        assert [c.pain for c in store.checkins()] == [3]


@pytest.mark.parametrize("kind", [".json", ".toml"])
def test_export_then_import_gives_the_same_checkins_and_twice_adds_nothing(db, tmp_path,
                                                                           kind):
    with HistoryStore(db) as store:
        session(store, MORNING - timedelta(days=1))
        store.add_checkin(MORNING, 3, "stiff")
        store.add_checkin(MORNING + timedelta(days=1), 0)
        store.export(tmp_path / f"out{kind}")
        exported = store.to_document()
    assert exported["checkins"] == [
        {"at": "2026-12-02T08:00:00.000+01:00", "pain": 3, "note": "stiff"},
        {"at": "2026-12-03T08:00:00.000+01:00", "pain": 0, "note": None},
    ]
    with HistoryStore(tmp_path / "fresh.sqlite3") as fresh:
        assert fresh.import_documents([tmp_path / f"out{kind}"]) == (1, 2, 0, 0, 0)
        assert fresh.to_document() == exported
        assert fresh.import_documents([tmp_path / f"out{kind}"]) == (0, 0, 0, 0, 0)
        assert fresh.to_document() == exported


def write(path: Path, doc: dict) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_the_same_instant_in_another_offset_is_imported_once(db, tmp_path):
    with HistoryStore(db) as store:
        store.add_checkin(MORNING, 3)
        again = write(tmp_path / "utc.json", {"sessions": [], "checkins": [
            {"at": "2026-12-02T07:00:00Z", "pain": 6}]})
        assert store.import_documents([again]) == (0, 0, 0, 0, 0)
        assert [c.pain for c in store.checkins()] == [3]


def test_an_export_from_before_checkins_still_imports(db, tmp_path):
    with HistoryStore(tmp_path / "source.sqlite3") as source:
        session(source, MORNING)
        doc = source.to_document()
    del doc["checkins"]
    with HistoryStore(db) as store:
        assert store.import_documents([write(tmp_path / "old.json", doc)]) == (1, 0, 0, 0, 0)


@pytest.mark.parametrize("bad, said", [
    ({"at": "2026-12-02T08:00:00Z", "pain": 11}, "checkins[1].pain"),
    ({"at": "2026-12-02T08:00:00", "pain": 1}, "has no UTC offset"),
    ({"at": "2026-12-02T08:00:00Z", "pain": 1, "note": "\x07"}, "U+0007"),
    ({"at": "2026-12-02T08:00:00Z", "pain": 1, "note": "x" * (MAX_NOTE + 1)},
     "checkins[1].note"),
    ({"at": "2026-12-02T08:00:00Z", "pain": 1, "mood": "fine"}, "mood"),
    ({"at": "2026-12-01T10:00:00+03:00", "pain": 1}, "the same time as checkins[0]"),
])
def test_one_bad_checkin_and_nothing_is_imported(db, tmp_path, bad, said):
    with HistoryStore(tmp_path / "source.sqlite3") as source:
        session(source, MORNING)
        doc = source.to_document()
    doc["checkins"] = [{"at": "2026-12-01T07:00:00Z", "pain": 2}, bad]
    with HistoryStore(db) as store:
        with pytest.raises(HistoryImportError) as caught:
            store.import_documents([write(tmp_path / "bad.json", doc)])
        assert said in str(caught.value)
        assert store.count() == 0 and store.checkins() == []


def test_a_bad_toml_checkin_is_said_with_its_line(db, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('sessions = []\n\n[[checkins]]\nat = "2026-12-02T08:00:00Z"\n'
                    "pain = 12\n", encoding="utf-8")
    with HistoryStore(db) as store, pytest.raises(HistoryImportError) as caught:
        store.import_documents([path])
    assert str(caught.value).startswith(f"{path}:5: checkins[0].pain:")


def test_a_hand_edited_row_is_left_out_of_the_reading_not_a_failure(db):
    with HistoryStore(db) as store:
        store.add_checkin(MORNING, 3)
        store.conn.execute("INSERT INTO checkins VALUES (1, 'not a time', '?', 4, NULL)")
        assert [c.pain for c in store.checkins()] == [3]
        assert store.last_checkin() is not None


def test_a_read_only_history_from_before_checkins_reads_as_none(db):
    with HistoryStore(db) as store:
        session(store, MORNING)
        store.conn.execute("DROP TABLE checkins")
    with HistoryStore(db, read_only=True) as store:
        assert store.checkins() == [] and store.last_checkin() is None
        assert store.to_document()["checkins"] == []


def test_the_table_refuses_a_pain_off_the_scale_written_past_the_store(db):
    with HistoryStore(db) as store, pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("INSERT INTO checkins VALUES (1, '2026-12-02T08:00Z', "
                           "'2026-12-02', 11, NULL)")


# --- coach checkin --------------------------------------------------------------------------

def checkin(capsys, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    try:
        rc = main(["checkin", *args, "--data-dir", str(tmp_path / "data")])
    except SystemExit as exc:  # argparse's own usage errors
        rc = int(exc.code or 0)
    out, err = capsys.readouterr()
    return rc, out, err


def test_checkin_records_and_says_what(capsys, tmp_path):
    rc, out, err = checkin(capsys, tmp_path, "3", "--note", "stiff heel")
    assert (rc, err) == (0, "")
    assert out.startswith("Checked in at ") and out.endswith(": pain 3/10, note: stiff heel\n")
    with HistoryStore(tmp_path / "data" / "history.sqlite3") as store:
        [kept] = store.checkins()
    assert (kept.pain, kept.note) == (3, "stiff heel")
    assert kept.at.utcoffset() is not None
    assert f"{kept.at:%Y-%m-%d %H:%M}" in out


def test_checkin_at_seven_or_more_says_the_red_flags(capsys, tmp_path):
    rc, out, _ = checkin(capsys, tmp_path, "7")
    assert rc == 0 and RED_FLAGS in out
    # In the app's words, the reason with them: the pain question says the same.
    assert high_pain_reason(7) in out and FLAGS_WHY in out
    rc, out, _ = checkin(capsys, tmp_path, "6")
    assert rc == 0 and RED_FLAGS not in out


@pytest.mark.parametrize("pain, said", [("11", "must be from 0 to 10, got 11"),
                                        ("-1", "must be from 0 to 10, got -1"),
                                        ("x", "expected a whole number from 0 to 10"),
                                        ("2.5", "expected a whole number from 0 to 10")])
def test_checkin_off_the_scale_is_a_usage_error(capsys, tmp_path, pain, said):
    rc, out, err = checkin(capsys, tmp_path, "--", pain)
    assert rc == 2 and out == ""
    assert said in err and "Traceback" not in err
    assert not (tmp_path / "data" / "history.sqlite3").exists()


def test_checkin_note_with_a_control_character_is_a_usage_error(capsys, tmp_path):
    rc, out, err = checkin(capsys, tmp_path, "3", "--note", "a\x1b[2Jb")
    assert rc == 2 and out == ""
    assert "control character U+001B is not allowed" in err
    assert "\x1b[2J" not in err


def test_checkin_without_a_history_says_why_and_records_nothing(capsys, tmp_path):
    (tmp_path / "data").write_text("a file where the directory goes")
    rc, out, err = checkin(capsys, tmp_path, "3")
    assert rc == 1 and out == ""
    assert "cannot keep history in" in err and "nothing was recorded" in err


def test_history_export_and_import_carry_checkins_through_the_command_line(capsys, tmp_path):
    checkin(capsys, tmp_path, "4")
    export = tmp_path / "out.json"
    assert main(["history", "export", str(export), "--data-dir", str(tmp_path / "data")]) == 0
    other = tmp_path / "other"
    argv = ["history", "import", str(export), "--data-dir", str(other)]
    capsys.readouterr()
    assert main(argv) == 0
    assert capsys.readouterr().out == (f"Added 0 new sessions and 1 check-in to "
                                       f"{other / 'history.sqlite3'}\n")
    assert main(argv) == 0
    assert capsys.readouterr().out == "0 new sessions; all were already there\n"
