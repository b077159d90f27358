"""``coach history``: the listing in text, JSON and CSV, export, import, and what a person
sees when the data directory or the file is wrong. Histories are built with the store
directly; the command runs through ``coach.cli.main`` as a person would call it."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import selectors
import signal
import subprocess
import sys
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import tomli_w

from coach.cli import main
from coach.history import SESSION_CSV_FIELDS, STEP_FIELDS, HistoryStore

CET = timezone(timedelta(hours=1))
IST = timezone(timedelta(hours=5, minutes=30))
RECORDER = Path(__file__).parent / "history_helpers" / "recorder.py"
SESSION_KEYS = ["id", "routine", "routine_name", "started_at", "ended_at", "status",
                "pain_before", "pain_after", "note", "active_seconds", "steps"]


def step(i: int, start: datetime, **changes) -> dict:
    """A step result shaped like ``StepResult.to_dict()``."""
    begin = start + timedelta(seconds=30 * i)
    result = {
        "step_index": i, "item": i // 2, "exercise": "toe-curl", "kind": "hold",
        "side": "left" if i % 2 == 0 else "right", "set": 1, "sets": 1, "round": 1,
        "rounds": 1, "variant": None, "planned_seconds": 20.0, "actual_seconds": 20.0,
        "paused_seconds": 0.0, "reps": None,
        "started_at": begin.isoformat(timespec="milliseconds"),
        "ended_at": (begin + timedelta(seconds=20)).isoformat(timespec="milliseconds"),
        "status": "done", "pain": None,
    }
    result.update(changes)
    return result


def record(store: HistoryStore, start: datetime, steps: list[dict], *,
           status: str = "completed", routine: tuple[str, str] = ("daily", "Daily feet"),
           pain: tuple[int | None, int | None] = (5, 3), note: str | None = None) -> str:
    session_id = store.start_session(routine[0], routine[1], pain[0], start)
    for s in steps:
        store.record_step(session_id, s)
    store.finish_session(session_id, status, start + timedelta(minutes=15), pain[1], note)
    return session_id


def run(capsys, *args: str, data: Path | None = None) -> tuple[int, str, str]:
    argv = ["history", *args] + (["--data-dir", str(data)] if data is not None else [])
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def cells(line: str) -> list[str]:
    return re.split(r"\s{2,}", line.strip())


@pytest.fixture
def data(tmp_path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def three(data) -> dict:
    """Three sessions on three days: completed, aborted with a skip, one played in India."""
    first_start = datetime(2026, 11, 23, 9, 0, tzinfo=CET)
    second_start = datetime(2026, 11, 24, 18, 30, tzinfo=CET)
    third_start = datetime(2026, 11, 25, 7, 5, tzinfo=IST)
    steps = {
        "first": [step(i, first_start) for i in range(3)],
        "second": [step(0, second_start, kind="prepare", side=None, planned_seconds=5.0,
                        actual_seconds=5.0),
                   step(1, second_start, kind="reps", planned_seconds=None,
                        actual_seconds=35.0, reps=10, variant="towel"),
                   step(2, second_start, kind="rest", status="skipped", actual_seconds=1.25,
                        paused_seconds=12.0)],
        "third": [step(i, third_start, kind="timed", side=None, set=2, sets=2, round=i + 1,
                       rounds=4) for i in range(4)],
    }
    with HistoryStore(data / "history.sqlite3") as store:
        ids = {
            "first": record(store, first_start, steps["first"]),
            "second": record(store, second_start, steps["second"], status="aborted",
                             routine=("knees", "Kind to knees"), pain=(4, None),
                             note="knee twinged"),
            "third": record(store, third_start, steps["third"], pain=(None, None)),
        }
    return {"ids": ids, "steps": steps}


# --- listing ------------------------------------------------------------------------------

def test_the_table_shows_every_session_newest_first_at_the_time_it_was_played(
        capsys, data, three):
    code, out, err = run(capsys, data=data)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert cells(lines[0]) == ["When", "Routine", "Active", "Done", "Skipped", "Pain", "Status"]
    assert [cells(line) for line in lines[1:]] == [
        ["2026-11-25 07:05", "Daily feet", "1:20", "4", "0", "- -> -", "completed"],
        # exercise steps only: the reps done; the get-ready and the skipped rest count not
        ["2026-11-24 18:30", "Kind to knees", "0:41", "1", "0", "4 -> -", "ended early"],
        ["2026-11-23 09:00", "Daily feet", "1:00", "3", "0", "5 -> 3", "completed"],
    ]


def test_last_keeps_the_newest_sessions_and_says_how_many_there_are(capsys, data, three):
    code, out, _ = run(capsys, "--last", "2", data=data)
    lines = out.splitlines()
    assert code == 0
    assert [cells(line)[0] for line in lines[1:3]] == ["2026-11-25 07:05", "2026-11-24 18:30"]
    assert lines[3:] == ["", "The last 2 of 3 sessions."]
    code, out, _ = run(capsys, "--last", "3", data=data)
    assert len(out.splitlines()) == 4  # all there: no "last N of" line


def test_json_has_exactly_the_documented_keys_newest_first(capsys, data, three):
    code, out, err = run(capsys, "--json", data=data)
    assert (code, err) == (0, "")
    sessions = json.loads(out)["sessions"]
    ids = three["ids"]
    assert [s["id"] for s in sessions] == [ids["third"], ids["second"], ids["first"]]
    for s in sessions:
        assert list(s) == SESSION_KEYS
        for st in s["steps"]:
            assert list(st) == list(STEP_FIELDS)
    second = sessions[1]
    assert {k: v for k, v in second.items() if k != "steps"} == {
        "id": ids["second"], "routine": "knees", "routine_name": "Kind to knees",
        "started_at": "2026-11-24T18:30:00.000+01:00",
        "ended_at": "2026-11-24T18:45:00.000+01:00", "status": "aborted",
        "pain_before": 4, "pain_after": None, "note": "knee twinged", "active_seconds": 41.25,
    }
    assert second["steps"] == three["steps"]["second"]
    assert sessions[0]["steps"] == three["steps"]["third"]


def test_json_last_takes_the_newest(capsys, data, three):
    _, out, _ = run(capsys, "--last", "2", "--json", data=data)
    assert [s["id"] for s in json.loads(out)["sessions"]] == [three["ids"]["third"],
                                                              three["ids"]["second"]]


def test_csv_is_the_exports_rows_one_per_step_newest_session_first(capsys, data, three,
                                                                   tmp_path):
    code, out, err = run(capsys, "--csv", data=data)
    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == list(SESSION_CSV_FIELDS + STEP_FIELDS)
    body = [dict(zip(rows[0], r, strict=False)) for r in rows[1:]]
    assert [(r["session_id"], r["step_index"]) for r in body] == [
        (three["ids"][name], str(i))
        for name, n in (("third", 4), ("second", 3), ("first", 3)) for i in range(n)]
    skipped = body[6]
    assert (skipped["session_status"], skipped["pain_after"], skipped["kind"],
            skipped["status"], skipped["paused_seconds"]) == ("aborted", "", "rest",
                                                              "skipped", "12.0")
    # the same rows as `export FILE.csv`, whose sessions run oldest first
    exported = tmp_path / "all.csv"
    run(capsys, "export", str(exported), data=data)
    with open(exported, newline="", encoding="utf-8") as f:
        file_rows = list(csv.reader(f))

    def by_session(rs):
        return [r for sid in (three["ids"][n] for n in ("third", "second", "first"))
                for r in rs if r[0] == sid]

    assert file_rows[0] == rows[0] and by_session(file_rows[1:]) == rows[1:]


def test_an_empty_history_says_how_to_start(capsys, data):
    assert run(capsys, data=data) == (0, "No sessions yet. Start one with `coach`.\n", "")
    code, out, _ = run(capsys, "--json", data=data)
    assert (code, json.loads(out)) == (0, {"sessions": [], "checkins": [], "plans": [],
                                      "missed_days": [], "level_choices": []})
    code, out, _ = run(capsys, "--csv", data=data)
    assert out.splitlines() == [",".join(SESSION_CSV_FIELDS + STEP_FIELDS)]


def test_the_data_dir_comes_from_the_flag_the_environment_or_xdg(capsys, tmp_path, monkeypatch,
                                                                 isolated_user_dirs):
    def one_session(directory: Path) -> str:
        with HistoryStore(directory / "history.sqlite3") as store:
            return record(store, datetime(2026, 1, 2, 8, 0, tzinfo=CET), [])

    xdg = one_session(isolated_user_dirs / ".local" / "share" / "coach")
    env = one_session(tmp_path / "env")
    flag = one_session(tmp_path / "flag")

    def listed(*argv: str) -> list[str]:
        assert main(list(argv)) == 0
        return [s["id"] for s in json.loads(capsys.readouterr().out)["sessions"]]

    assert listed("history", "--json") == [xdg]
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "env"))
    assert listed("history", "--json") == [env]
    assert listed("history", "--json", "--data-dir", str(tmp_path / "flag")) == [flag]
    assert listed("--data-dir", str(tmp_path / "flag"), "history", "--json") == [flag]


def test_history_commands_never_import_textual(data, three, tmp_path):
    script = (
        "import sys\n"
        "from coach.cli import main\n"
        f"d, f = {str(data)!r}, {str(tmp_path / 'out.json')!r}\n"
        "codes = [main(['history', '--data-dir', d]),\n"
        "         main(['history', '--json', '--data-dir', d]),\n"
        "         main(['history', 'export', f, '--data-dir', d]),\n"
        "         main(['history', 'import', f, '--data-dir', d])]\n"
        "print(codes, sorted(m for m in sys.modules if m.split('.')[0] == 'textual'"
        " or m.startswith('coach.tui')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.splitlines()[-1] == "[0, 0, 0, 0] []", done.stderr


# --- export and import --------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["json", "toml"])
def test_export_then_import_into_a_fresh_history_gives_the_same_document(
        capsys, data, three, tmp_path, kind):
    exported = tmp_path / f"history.{kind}"
    code, out, err = run(capsys, "export", str(exported), data=data)
    assert (code, err) == (0, "")
    assert out == f"Wrote 3 sessions to {exported}\n"
    fresh = tmp_path / "fresh"
    code, out, err = run(capsys, "import", str(exported), data=fresh)
    assert (code, err) == (0, "")
    assert out == f"Added 3 new sessions to {fresh / 'history.sqlite3'}\n"
    _, before, _ = run(capsys, "--json", data=data)
    _, after, _ = run(capsys, "--json", data=fresh)
    assert json.loads(after) == json.loads(before)
    assert len(json.loads(after)["sessions"]) == 3


def test_export_csv_writes_one_row_per_step(capsys, data, three, tmp_path):
    exported = tmp_path / "steps.CSV"  # the extension is read case-blind, as the store does
    code, out, _ = run(capsys, "export", str(exported), data=data)
    assert (code, out) == (0, f"Wrote 3 sessions to {exported}\n")
    with open(exported, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 10
    assert [r["session_id"] for r in rows[:3]] == [three["ids"]["first"]] * 3


def test_export_says_it_with_a_relative_path_resolved(capsys, data, three, tmp_path,
                                                      monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "export", "mine.json", data=data)
    assert (code, out) == (0, f"Wrote 3 sessions to {tmp_path / 'mine.json'}\n")
    assert len(json.loads((tmp_path / "mine.json").read_text())["sessions"]) == 3


def test_one_session_is_said_in_the_singular(capsys, data, tmp_path):
    with HistoryStore(data / "history.sqlite3") as store:
        record(store, datetime(2026, 1, 2, 8, 0, tzinfo=CET), [])
    _, out, _ = run(capsys, "export", str(tmp_path / "one.json"), data=data)
    assert out.startswith("Wrote 1 session to ")


@pytest.mark.parametrize("name, said", [
    ("history.txt", "cannot export to '.txt' files; use .json, .toml or .csv"),
    ("history", "cannot export to a file without an extension; use .json, .toml or .csv"),
])
def test_export_to_another_extension_is_refused(capsys, data, tmp_path, name, said):
    target = tmp_path / name
    code, out, err = run(capsys, "export", str(target), data=data)
    assert (code, out) == (1, "")
    assert err == f"coach: {target}: {said}\n"
    assert not target.exists()


def test_export_into_a_missing_directory_says_so(capsys, data, three, tmp_path):
    target = tmp_path / "nowhere" / "history.json"
    code, out, err = run(capsys, "export", str(target), data=data)
    assert (code, out) == (1, "")
    # the words `routine export` uses: both write through coach.files.write_file
    assert err == f"coach: {target}: the directory {target.parent} does not exist\n"
    assert not target.parent.exists()


def test_a_history_too_big_for_one_file_goes_out_by_year_and_comes_back_in_one_import(
        capsys, data, tmp_path, monkeypatch):
    days = [datetime(2024, 12, 31, 9, 0, tzinfo=CET), datetime(2025, 3, 1, 9, 0, tzinfo=CET),
            datetime(2025, 8, 1, 9, 0, tzinfo=CET), datetime(2026, 1, 2, 9, 0, tzinfo=CET)]
    with HistoryStore(data / "history.sqlite3") as store:
        for day in days:
            record(store, day, [step(0, day)])
    _, before, _ = run(capsys, "--json", data=data)
    from coach.history import json_file_text

    one = max(len(json_file_text({"sessions": [s]}).encode())
              for s in json.loads(before)["sessions"])
    # as if coach read one session from a file, at most: 2025 is split by month
    monkeypatch.setattr("coach.history.export.MAX_FILE_BYTES", one)
    target = tmp_path / "all.json"
    code, out, err = run(capsys, "export", str(target), data=data)
    assert (code, err) == (0, "")
    names = ["all-2024.json", "all-2025-03.json", "all-2025-08.json", "all-2026.json"]
    assert out.splitlines() == [
        "Wrote 4 sessions to 4 files, by year, as coach imports files of up to 20.0 MB:",
        *[f"  {tmp_path / name}  (1 session)" for name in names]]
    assert not target.exists()
    assert all((tmp_path / name).stat().st_size <= one for name in names)
    # all refused before any is written when one of them is taken
    for name in names:
        (tmp_path / name).unlink()
    (tmp_path / names[2]).write_text("mine", encoding="utf-8")
    code, out, err = run(capsys, "export", str(target), data=data)
    assert (code, out) == (1, "")
    assert err == f"coach: {tmp_path / names[2]}: already exists; add --force to replace it\n"
    assert [p.name for p in tmp_path.glob("all-*")] == [names[2]]
    assert run(capsys, "export", str(target), "--force", data=data)[0] == 0
    fresh = tmp_path / "fresh"
    code, out, err = run(capsys, "import", *[str(tmp_path / name) for name in names],
                         data=fresh)
    assert (code, err) == (0, "")
    assert out == f"Added 4 new sessions to {fresh / 'history.sqlite3'}\n"
    assert json.loads(run(capsys, "--json", data=fresh)[1]) == json.loads(before)


def test_import_of_several_files_is_all_or_nothing(capsys, data, three, tmp_path):
    good = tmp_path / "good.json"
    run(capsys, "export", str(good), data=data)
    bad = tmp_path / "bad.json"
    bad.write_text('{"sessions": [{"id": "x"}]}', encoding="utf-8")
    fresh = tmp_path / "fresh"
    code, out, err = run(capsys, "import", str(good), str(bad), str(tmp_path / "gone.json"),
                         data=fresh)
    assert (code, out) == (1, "")
    said = err.splitlines()
    assert said[-1] == "coach: 6 problems in 3 files; nothing was imported"
    assert said[0].startswith(f"{bad}:1: sessions[0].id: not a uuid: 'x'")
    assert said[-2] == f"{tmp_path / 'gone.json'}: cannot be read: no such file or directory"
    assert run(capsys, "--json", data=fresh)[1] == (
        '{\n  "sessions": [],\n  "checkins": [],\n  "plans": [],\n  "missed_days": [],\n'
        '  "level_choices": []\n}\n')


def test_a_second_import_adds_nothing(capsys, data, three, tmp_path):
    exported = tmp_path / "history.json"
    run(capsys, "export", str(exported), data=data)
    fresh = tmp_path / "fresh"
    assert run(capsys, "import", str(exported), data=fresh)[0] == 0
    assert run(capsys, "import", str(exported), data=fresh) == (
        0, "0 new sessions; all were already there\n", "")
    # and into the history it came from
    assert run(capsys, "import", str(exported), data=data) == (
        0, "0 new sessions; all were already there\n", "")
    _, out, _ = run(capsys, "--json", data=fresh)
    assert len(json.loads(out)["sessions"]) == 3


def _broken_document(three_doc: dict) -> dict:
    doc = json.loads(json.dumps(three_doc))
    new = json.loads(json.dumps(doc["sessions"][0]))
    doc["sessions"].append({**new, "id": str(uuid.uuid4())})  # valid and new
    doc["sessions"][1]["pain_before"] = 11
    doc["sessions"][2]["steps"][1]["status"] = "finished"
    doc["sessions"][2]["steps"][2]["started_at"] = "2026-11-25T07:06:00"
    doc["sessions"][3]["steps"][0]["colour"] = "blue"
    return doc


def test_a_bad_toml_import_lists_every_problem_with_its_line_and_changes_nothing(
        capsys, data, three, tmp_path):
    _, before, _ = run(capsys, "--json", data=data)
    original = json.loads(before)
    original["sessions"].reverse()  # an export runs oldest first
    bad = tmp_path / "bad.toml"
    text = tomli_w.dumps(_without_none(_broken_document(original)))
    bad.write_text(text, encoding="utf-8")
    lines = text.splitlines()

    code, out, err = run(capsys, "import", str(bad), data=data)
    assert (code, out) == (1, "")
    said = err.splitlines()
    assert said[-1] == f"coach: 4 problems in {bad}; nothing was imported"
    expected = [  # (path, message start, text on the line it names)
        ("sessions[1].pain_before", "must be at most 10, got 11", "pain_before = 11"),
        ("sessions[2].steps[1].status", "must be 'done' or 'skipped', got 'finished'",
         'status = "finished"'),
        ("sessions[2].steps[2].started_at", "time '2026-11-25T07:06:00' has no UTC offset",
         'started_at = "2026-11-25T07:06:00"'),
        ("sessions[3].steps[0].colour", "unknown key 'colour'", 'colour = "blue"'),
    ]
    assert len(said) == len(expected) + 1
    for problem, (path, message, on_line) in zip(said, expected, strict=False):
        m = re.fullmatch(rf"{re.escape(str(bad))}:(\d+): {re.escape(path)}: (.*)", problem)
        assert m, problem
        assert m.group(2).startswith(message)
        assert lines[int(m.group(1)) - 1].strip() == on_line
    _, after, _ = run(capsys, "--json", data=data)
    assert after == before


def test_a_bad_json_import_names_each_problem_and_changes_nothing(capsys, data, three,
                                                                   tmp_path):
    _, before, _ = run(capsys, "--json", data=data)
    original = json.loads(before)
    bad = tmp_path / "bad.json"
    text = json.dumps(_broken_document(original), indent=2)
    bad.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    code, out, err = run(capsys, "import", str(bad), data=data)
    assert (code, out) == (1, "")
    said = err.splitlines()[:-1]
    expected = [  # (path, text on the line it names)
        ("sessions[1].pain_before", '"pain_before": 11'),
        ("sessions[2].steps[1].status", '"status": "finished"'),
        ("sessions[2].steps[2].started_at", '"started_at": "2026-11-25T07:06:00"'),
        ("sessions[3].steps[0].colour", '"colour": "blue"'),
    ]
    assert len(said) == len(expected)
    for problem, (path, on_line) in zip(said, expected, strict=False):
        m = re.fullmatch(rf"{re.escape(str(bad))}:(\d+): {re.escape(path)}: .*", problem)
        assert m, problem
        assert lines[int(m.group(1)) - 1].strip().rstrip(",") == on_line
    assert run(capsys, "--json", data=data)[1] == before


def test_a_json_import_problem_on_one_line_of_many():
    """Lines are found in JSON however it is laid out: nested, on one line, with strings
    holding brackets, commas and escaped quotes."""
    from coach.history.document import _json_lines

    text = ('{"sessions": [\n  {"id": "a,]}", "note": "say \\"hi\\"", "steps": []},\n'
            '  {"id": "b", "steps": [{"n": 1}, {"n": -2.5e3, "ok": true}]}\n]}')
    lines = _json_lines(text)
    assert lines[("sessions", 0, "note")] == 2
    assert lines[("sessions", 1)] == 3
    assert lines[("sessions", 1, "steps", 1, "n")] == 3
    assert lines[("sessions", 1, "steps", 1, "ok")] == 3
    assert len([k for k in lines if k[:1] == ("sessions",)]) == 13


def _without_none(value):
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "missing.json"


def _directory(tmp_path: Path) -> Path:
    (tmp_path / "dir.json").mkdir()
    return tmp_path / "dir.json"


def _latin1(tmp_path: Path) -> Path:
    path = tmp_path / "latin.json"
    path.write_bytes('{"sessions": [], "note": "caf\u00e9"}'.encode("latin-1"))
    return path


def _unreadable(tmp_path: Path) -> Path:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = tmp_path / "locked.json"
    path.write_text('{"sessions": []}', encoding="utf-8")
    path.chmod(0)
    return path


@pytest.mark.parametrize("make, said", [
    (_missing, "{f}: cannot be read: no such file or directory"),
    (_directory, "{f}: is a directory, not a regular file"),
    (_latin1, "{f}:1: is not UTF-8 text"),
    (_unreadable, "{f}: cannot be read: permission denied"),
], ids=["missing", "directory", "not-utf8", "unreadable"])
def test_an_unusable_import_file_is_said_plainly(capsys, data, three, tmp_path, make, said):
    path = make(tmp_path)
    _, before, _ = run(capsys, "--json", data=data)
    code, out, err = run(capsys, "import", str(path), data=data)
    assert (code, out) == (1, "")
    assert err.splitlines() == [said.format(f=path),
                                f"coach: 1 problem in {path}; nothing was imported"]
    assert run(capsys, "--json", data=data)[1] == before


@pytest.mark.parametrize("name", ["history.csv", "history.yaml", "history"])
def test_import_of_another_extension_is_refused_before_anything_is_read(capsys, tmp_path,
                                                                        name):
    path = tmp_path / name
    path.write_text("session_id\n", encoding="utf-8")
    data = tmp_path / "data"
    code, out, err = run(capsys, "import", str(path), data=data)
    assert (code, out) == (1, "")
    assert err.startswith(f"coach: {path}: cannot import ")
    assert err.endswith("; use .json or .toml\n")
    assert not data.exists()  # refused before the history was even opened


# --- usage --------------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    ["--json", "--csv"], ["--last", "0"], ["--last", "many"], ["export"], ["exprot", "x.json"],
])
def test_a_malformed_command_line_is_a_usage_error(capsys, data, argv):
    with pytest.raises(SystemExit) as exit_:
        main(["history", *argv, "--data-dir", str(data)])
    assert exit_.value.code == 2
    assert "usage: coach history" in capsys.readouterr().err


def test_listing_options_with_an_action_are_refused(capsys, data, tmp_path):
    code, _, err = run(capsys, "--json", "export", str(tmp_path / "x.json"), data=data)
    assert code == 2
    assert err == "coach: --last, --json and --csv are for listing, not for `export`\n"
    assert not (tmp_path / "x.json").exists()


# --- the data directory -------------------------------------------------------------------

@pytest.mark.parametrize("args", [[], ["--json"], ["export", "{t}/out.json"],
                                  ["import", "{t}/in.json"]])
def test_a_data_dir_that_cannot_be_made_is_named_without_a_traceback(capsys, tmp_path, args):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory\n", encoding="utf-8")
    (tmp_path / "in.json").write_text('{"sessions": []}', encoding="utf-8")
    data = blocker / "data"
    code, out, err = run(capsys, *[a.format(t=tmp_path) for a in args], data=data)
    assert (code, out) == (1, "")
    assert err == (f"coach: cannot keep history in {data / 'history.sqlite3'}: "
                   f"{data}: Not a directory\n")
    assert not (tmp_path / "out.json").exists()


def test_a_corrupt_history_is_moved_aside_with_a_warning_and_the_command_goes_on(
        capsys, data, tmp_path):
    data.mkdir()
    db = data / "history.sqlite3"
    garbage = bytes(range(256)) * 40
    db.write_bytes(garbage)
    code, out, err = run(capsys, data=data)
    assert (code, out) == (0, "No sessions yet. Start one with `coach`.\n")
    asides = list(data.glob("history.sqlite3.corrupt-*"))
    assert len(asides) == 1 and asides[0].read_bytes() == garbage
    assert err == (f"coach: {db} was not a readable history; it was moved to {asides[0]} "
                   "and a new history started\n")
    # the fresh history works, and the warning is not repeated
    exported = tmp_path / "none.json"
    assert run(capsys, "export", str(exported), data=data) == (
        0, f"Wrote 0 sessions to {exported}\n", "")


# --- sessions recorded elsewhere ----------------------------------------------------------

def _read_line(proc: subprocess.Popen, timeout: float = 60) -> str:
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    if not sel.select(timeout):
        raise AssertionError(f"recorder {proc.pid} said nothing within {timeout}s")
    line = proc.stdout.readline()
    assert line, f"recorder exited early: {proc.wait()} {proc.stderr.read()}"
    return line.strip()


def test_a_session_whose_recorder_was_killed_shows_interrupted(capsys, data):
    db = data / "history.sqlite3"
    HistoryStore(db).close()
    child = subprocess.Popen([sys.executable, str(RECORDER), str(db), "hold", "3"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        word, session_id = _read_line(child).split()
        assert word == "ready"
        _, out, _ = run(capsys, data=data)
        assert cells(out.splitlines()[1]) == ["2026-11-23 09:00", "Daily feet", "0:30", "3",
                                              "0", "4 -> -", "in progress"]
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
        code, out, _ = run(capsys, data=data)
        assert code == 0
        assert cells(out.splitlines()[1])[-1] == "interrupted"
        _, out, _ = run(capsys, "--json", data=data)
        (session,) = json.loads(out)["sessions"]
        assert (session["id"], session["status"], session["ended_at"]) == (
            session_id, "interrupted", None)
        assert [s["step_index"] for s in session["steps"]] == [0, 1, 2]
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        child.stdout.close()
        child.stderr.close()
