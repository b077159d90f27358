"""Plans, missed-day answers and level choices travel with the history: export then import
gives them back, importing twice adds nothing, the later plan and answer win, a bad entry is
refused with its place and nothing is imported, and an export from before them imports."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from coach.cli import main
from coach.history import HistoryImportError, HistoryStore
from coach.history.export import toml_text

CET = timezone(timedelta(hours=1))
SET = datetime(2026, 11, 30, 7, 0, tzinfo=CET)


def planned(store: HistoryStore) -> None:
    """A session, a check-in, two plans, two missed-day answers and three level choices."""
    sid = store.start_session("daily", "Daily feet", 4, SET)
    store.finish_session(sid, "aborted", SET + timedelta(minutes=5), 2, None)
    store.add_checkin(SET + timedelta(hours=1), 2)
    store.set_plan("daily", [0, 2, 4], ["07:30", "18:00"], SET)
    store.set_plan("arch", [5], [], SET + timedelta(days=1))
    store.answer_missed(date(2026, 11, 28), "daily", "pain", SET)
    store.answer_missed(date(2026, 11, 29), "arch", "no time", SET + timedelta(minutes=1))
    store.add_level_choice(SET, "daily", 2, "towel curls", "hold")
    store.add_level_choice(SET + timedelta(days=1), "daily", 2, "towel curls", "release")
    store.add_level_choice(SET, "arch", 1, "short foot", "reset")


def state(store: HistoryStore) -> tuple[object, ...]:
    """Everything the store says of plans, answers and choices."""
    return (store.plans(), store.missed_answers(date(2000, 1, 1)),
            store.level_choices("daily"), store.level_choices("arch"))


def write(path: Path, doc: dict) -> Path:
    path.write_text(toml_text(doc) if path.suffix == ".toml" else json.dumps(doc),
                    encoding="utf-8")
    return path


@pytest.fixture
def source(tmp_path: Path) -> HistoryStore:
    store = HistoryStore(tmp_path / "source.sqlite3")
    planned(store)
    yield store
    store.close()


@pytest.mark.parametrize("kind", [".json", ".toml"])
def test_export_then_import_gives_the_same_plans_answers_and_choices(source, tmp_path, kind):
    source.export(tmp_path / f"out{kind}")
    doc = source.to_document()
    assert doc["plans"] == [
        {"routine": "arch", "days": ["sat"], "times": [],
         "set_at": "2026-12-01T07:00:00.000+01:00"},
        {"routine": "daily", "days": ["mon", "wed", "fri"], "times": ["07:30", "18:00"],
         "set_at": "2026-11-30T07:00:00.000+01:00"}]
    assert doc["missed_days"][0] == {"day": "2026-11-28", "routine": "daily",
                                     "answer": "pain",
                                     "answered_at": "2026-11-30T07:00:00.000+01:00"}
    assert [c["choice"] for c in doc["level_choices"]] == ["reset", "hold", "release"]
    with HistoryStore(tmp_path / "fresh.sqlite3") as fresh:
        assert fresh.import_documents([tmp_path / f"out{kind}"]) == (1, 1, 2, 2, 3)
        assert state(fresh) == state(source)
        assert fresh.to_document() == doc
        # a second time adds nothing and changes nothing
        assert fresh.import_documents([tmp_path / f"out{kind}"]) == (0, 0, 0, 0, 0)
        assert fresh.to_document() == doc


def test_the_plan_set_later_wins_either_way(source, tmp_path):
    doc = source.to_document()
    older = dict(doc["plans"][1], days=["sun"], set_at="2026-11-01T07:00:00+01:00")
    newer = dict(doc["plans"][0], days=["tue"], times=["06:00"],
                 set_at="2026-12-01T06:00:01Z")  # one second after arch's, in UTC
    path = write(tmp_path / "plans.json", {"sessions": [], "plans": [older, newer]})
    assert source.import_documents([path]).plans == 1
    plans = {p.routine: p for p in source.plans()}
    assert (plans["daily"].days, plans["daily"].times) == ((0, 2, 4), ("07:30", "18:00"))
    assert (plans["arch"].days, plans["arch"].times) == ((1,), ("06:00",))
    # the same instant in another offset: what is here stays
    same = dict(doc["plans"][1], days=["sun"], set_at="2026-11-30T06:00:00Z")
    assert source.import_documents([write(tmp_path / "same.json",
                                          {"sessions": [], "plans": [same]})]).plans == 0
    assert {p.routine: p.days for p in source.plans()}["daily"] == (0, 2, 4)


def test_between_two_files_the_later_plan_wins_whatever_their_order(tmp_path):
    def plan(days: list[str], at: str) -> dict:
        return {"routine": "daily", "days": days, "times": [], "set_at": at}
    late = write(tmp_path / "late.json", {"sessions": [], "plans": [
        plan(["thu"], "2026-12-01T08:00:00+01:00")]})
    early = write(tmp_path / "early.json", {"sessions": [], "plans": [
        plan(["mon"], "2026-11-01T08:00:00+01:00")]})
    for order in ([late, early], [early, late]):
        with HistoryStore(tmp_path / f"{order[0].stem}.sqlite3") as store:
            assert store.import_documents(order).plans == 1
            assert [p.days for p in store.plans()] == [(3,)]


def test_the_later_answer_about_a_missed_day_wins(source, tmp_path):
    answers = [
        {"day": "2026-11-28", "routine": "daily", "answer": "forgot",
         "answered_at": "2026-11-30T05:59:59Z"},  # a second before the one kept
        {"day": "2026-11-29", "routine": "arch", "answer": "not now",
         "answered_at": "2026-12-01T00:00:00+01:00"},  # later than the one kept
        {"day": "2026-11-27", "routine": "daily", "answer": "pain",
         "answered_at": "2026-11-27T20:00:00+01:00"},  # a new day
    ]
    path = write(tmp_path / "answers.json", {"sessions": [], "missed_days": answers})
    assert source.import_documents([path]).missed_days == 2
    assert source.missed_answers(date(2000, 1, 1)) == {
        (date(2026, 11, 28), "daily"): "pain",
        (date(2026, 11, 29), "arch"): "not now",
        (date(2026, 11, 27), "daily"): "pain"}
    assert source.import_documents([path]).missed_days == 0


def test_a_level_choice_is_kept_once_by_instant_routine_and_item(source, tmp_path):
    kept = source.to_document()["level_choices"][1]  # daily's hold, item 2
    same = dict(kept, at="2026-11-30T06:00:00Z", choice="reset")  # that instant, in UTC
    other_item = dict(kept, item=3)
    other_routine = dict(kept, routine="heel")
    path = write(tmp_path / "choices.json", {"sessions": [], "level_choices": [
        same, other_item, other_routine]})
    assert source.import_documents([path]).level_choices == 2
    assert [(c.item, c.choice) for c in source.level_choices("daily")] == [
        (2, "hold"), (3, "hold"), (2, "release")]
    assert [c.choice for c in source.level_choices("heel")] == ["hold"]


GOOD_PLAN = {"routine": "daily", "days": ["mon"], "times": ["07:30"],
             "set_at": "2026-11-30T07:00:00+01:00"}
GOOD_ANSWER = {"day": "2026-11-28", "routine": "daily", "answer": "pain",
               "answered_at": "2026-11-30T07:00:00+01:00"}
GOOD_CHOICE = {"at": "2026-11-30T07:00:00+01:00", "routine": "daily", "item": 1,
               "exercise": "towel curls", "choice": "hold"}


@pytest.mark.parametrize("key, bad, said", [
    ("plans", dict(GOOD_PLAN, days=["mon", "funday"]), "plans[1].days[1]: "),
    ("plans", dict(GOOD_PLAN, days=[]), "plans[1].days: "),
    ("plans", dict(GOOD_PLAN, days=["mon", "mon"]), "'mon' is named twice; each once"),
    ("plans", dict(GOOD_PLAN, times=["7:30"]), "'7:30' is not a time of day written HH:MM"),
    ("plans", dict(GOOD_PLAN, times=["25:00"]), "is not a time of day: use HH:MM"),
    ("plans", dict(GOOD_PLAN, set_at="2026-11-30T07:00:00"), "has no UTC offset"),
    ("plans", dict(GOOD_PLAN, routine=""), "plans[1].routine: "),
    ("plans", dict(GOOD_PLAN, routine="dai\x1bly"), "U+001B"),
    ("plans", dict(GOOD_PLAN, dayz=["mon"]), "plans[1].dayz: "),
    ("plans", dict(GOOD_PLAN), "plans[1].routine: the same routine as plans[0]"),
    ("missed_days", dict(GOOD_ANSWER, day="2026-02-30"), "'2026-02-30' is not a real day"),
    ("missed_days", dict(GOOD_ANSWER, day="28.11.2026"), "expected a day written YYYY-MM-DD"),
    ("missed_days", dict(GOOD_ANSWER, answer="busy"), "missed_days[1].answer: "),
    ("missed_days", dict(GOOD_ANSWER, answered_at="later"), "missed_days[1].answered_at: "),
    ("missed_days", dict(GOOD_ANSWER), "the same day and routine as missed_days[0]"),
    ("level_choices", dict(GOOD_CHOICE, item=0), "level_choices[1].item: "),
    ("level_choices", dict(GOOD_CHOICE, item="2"), "level_choices[1].item: "),
    ("level_choices", dict(GOOD_CHOICE, choice="skip"), "level_choices[1].choice: "),
    ("level_choices", dict(GOOD_CHOICE, at="2026-11-30T06:00:00Z"),
     "level_choices[1].at: the same time, routine and item as level_choices[0]"),
])
def test_one_bad_entry_and_nothing_is_imported(tmp_path, key, bad, said):
    first = {"plans": GOOD_PLAN, "missed_days": GOOD_ANSWER, "level_choices": GOOD_CHOICE}
    with HistoryStore(tmp_path / "source.sqlite3") as source:
        planned(source)
        doc = source.to_document()
    doc[key] = [first[key], bad]
    path = write(tmp_path / "bad.json", doc)
    with HistoryStore(tmp_path / "fresh.sqlite3") as store:
        with pytest.raises(HistoryImportError) as caught:
            store.import_documents([path])
        message = str(caught.value)
        assert message.startswith(f"{path}:1: {key}[1]"), message
        assert said in message
        assert store.count() == 0 and store.checkins() == []
        assert state(store) == ([], {}, [], [])


def test_a_bad_toml_entry_is_said_with_its_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('sessions = []\n\n[[plans]]\nroutine = "daily"\ndays = ["mon"]\n'
                    'set_at = "2026-11-30T07:00:00Z"\n\n[[level_choices]]\n'
                    'at = "2026-11-30T07:00:00Z"\nroutine = "daily"\nitem = 1\n'
                    'exercise = "towel curls"\nchoise = "hold"\n', encoding="utf-8")
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        with pytest.raises(HistoryImportError) as caught:
            store.import_documents([path])
        assert state(store) == ([], {}, [], [])
    said = str(caught.value).splitlines()
    assert said[0].startswith(f"{path}:8: level_choices[0].choice: "), said
    assert said[1].startswith(f"{path}:13: level_choices[0].choise: "), said
    assert "choice" in said[1]  # did you mean


def test_hand_written_toml_dates_import(tmp_path):
    path = tmp_path / "hand.toml"
    path.write_text('sessions = []\n\n[[missed_days]]\nday = 2026-11-28\nroutine = "daily"\n'
                    'answer = "forgot"\nanswered_at = 2026-11-30T07:00:00+01:00\n',
                    encoding="utf-8")
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        assert store.import_documents([path]).missed_days == 1
        assert store.missed_answers(date(2026, 11, 1)) == {
            (date(2026, 11, 28), "daily"): "forgot"}


@pytest.mark.parametrize("kind", [".json", ".toml"])
def test_an_export_from_before_plans_still_imports(source, tmp_path, kind):
    doc = source.to_document()
    for key in ("plans", "missed_days", "level_choices"):
        del doc[key]
    with HistoryStore(tmp_path / "fresh.sqlite3") as store:
        assert store.import_documents([write(tmp_path / f"old{kind}", doc)]) == (
            1, 1, 0, 0, 0)
        assert state(store) == ([], {}, [], [])


def test_the_command_line_says_what_it_took(source, tmp_path, capsys):
    source.export(tmp_path / "out.json")
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "history", "import", str(tmp_path / "out.json")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Added 1 new session, 1 check-in, 2 plans, 2 missed-day answers"
                          " and 3 level choices to "), out
    assert main(["--data-dir", str(data), "history", "import", str(tmp_path / "out.json")]) == 0
    assert capsys.readouterr().out == "0 new sessions; all were already there\n"


def test_an_export_in_parts_carries_them_once_in_the_first(source, tmp_path):
    from coach.history.export import export_parts

    doc = source.to_document()
    doc["sessions"] = [dict(doc["sessions"][0], id=f"00000000-0000-0000-0000-00000000000{n}",
                            started_at=f"202{n}-11-30T07:00:00.000+01:00", ended_at=None)
                       for n in (4, 5)]
    parts = export_parts(doc, tmp_path / "out.json", limit=1500)
    assert [p.name for p, _, _ in parts] == ["out-2024.json", "out-2025.json"]
    first, second = (json.loads(text) for _, text, _ in parts)
    for key in ("checkins", "plans", "missed_days", "level_choices"):
        assert first[key] == doc[key] and second[key] == []
    for path, text, _ in parts:
        path.write_text(text, encoding="utf-8")
    with HistoryStore(tmp_path / "fresh.sqlite3") as fresh:
        assert fresh.import_documents([p for p, _, _ in parts]) == (2, 1, 2, 2, 3)
        assert state(fresh) == state(source)
