"""Hostile history, through the store and through the real command line: control characters
in imported and stored text, files that are not files, deep nesting, numbers out of range,
one session spelled many ways, hand-edited rows, a file damaged after it opened, a database
that is not coach's, a read-only data directory, and exports that must not clobber.

Each test names the item of issue 9 it holds to, and asserts the message a person sees."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import tomllib
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from history_helpers.damage import asides, ruin_after_first_page

from coach.cli import main
from coach.history import (
    MAX_COUNT,
    MAX_REPS,
    MAX_STEP_SECONDS,
    SCHEMA_VERSION,
    HistoryDamaged,
    HistoryImportError,
    HistoryReadOnly,
    HistoryStore,
    HistoryUnavailable,
)
from coach.limits import MAX_NESTING

CET = timezone(timedelta(hours=1))
START = datetime(2026, 11, 23, 9, 0, tzinfo=CET)
CONTROL = set(map(chr, [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]))


# --- building histories -------------------------------------------------------------------

def ms(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def step_doc(i: int, start: datetime = START, **changes) -> dict:
    begin = start + timedelta(seconds=30 * i)
    step = {
        "step_index": i, "item": 0, "exercise": "toe-curl", "kind": "hold", "side": "left",
        "set": 1, "sets": 2, "round": 1, "rounds": 1, "variant": None,
        "planned_seconds": 20.0, "actual_seconds": 20.0, "paused_seconds": 0.0, "reps": None,
        "started_at": ms(begin), "ended_at": ms(begin + timedelta(seconds=20)),
        "status": "done",
    }
    step.update(changes)
    return step


def session_doc(start: datetime = START, steps: int = 2, **changes) -> dict:
    session = {
        "id": str(uuid.uuid4()), "routine": "daily", "routine_name": "Daily feet",
        "started_at": ms(start), "ended_at": ms(start + timedelta(minutes=5)),
        "status": "completed", "pain_before": 5, "pain_after": 3, "note": None,
        "steps": [step_doc(i, start) for i in range(steps)],
    }
    session.update(changes)
    return session


def write_doc(path: Path, *sessions: dict) -> Path:
    path.write_text(json.dumps({"sessions": list(sessions)}, indent=2), encoding="utf-8")
    return path


def record(store: HistoryStore, start: datetime = START, steps: int = 3,
           name: str = "Daily feet") -> str:
    session_id = store.start_session("daily", name, 5, start)
    for i in range(steps):
        store.record_step(session_id, step_doc(i, start))
    store.finish_session(session_id, "completed", start + timedelta(minutes=20), 3, "fine")
    return session_id


def problems(store: HistoryStore, path: Path) -> list[str]:
    with pytest.raises(HistoryImportError) as caught:
        store.import_file(path)
    return [str(p) for p in caught.value.problems]


def line_of(path: Path, needle: str) -> int:
    """The line of ``path`` holding ``needle`` (JSON-escaped as the file has it)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    [number] = [n for n, line in enumerate(lines, 1) if needle in line]
    return number


def run(capsys, *args: str, data: Path) -> tuple[int, str, str]:
    code = main(["history", *args, "--data-dir", str(data)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data(tmp_path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def db(data) -> Path:
    return data / "history.sqlite3"


@pytest.fixture
def store(db):
    with HistoryStore(db) as s:
        yield s


def finishes(call, seconds: float = 10.0):
    """``call()``'s result, failing the test (instead of hanging it) if it blocks."""
    box: dict = {}

    def target() -> None:
        try:
            box["result"] = call()
        except BaseException as exc:  # handed to the test thread
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"{call} blocked for {seconds} s"
    if "error" in box:
        raise box["error"]
    return box["result"]


# --- item 2: control characters in imported text ------------------------------------------

@pytest.mark.parametrize("where, key, value, code", [
    ("session", "routine_name", "Morning\x1b]0;owned\x07", "001B"),
    ("session", "routine", "daily\x00", "0000"),
    ("session", "note", "fine\x07 today", "0007"),
    ("session", "note", "left\r", "000D"),
    ("step", "exercise", "toe\x9b31mcurl", "009B"),
    ("step", "variant", "towel\x7f", "007F"),
    ("step", "exercise", "toe\ncurl", "000A"),  # a name is one line
])
def test_control_characters_in_imported_text_are_refused_where_they_are(
        store, tmp_path, where, key, value, code):
    session = session_doc()
    (session if where == "session" else session["steps"][1])[key] = value
    path = write_doc(tmp_path / "hostile.json", session)
    at = "sessions[0]" + ("" if where == "session" else ".steps[1]") + f".{key}"
    line = line_of(path, json.dumps(value))
    assert problems(store, path) == [
        f"{path}:{line}: {at}: control character U+{code} is not allowed"]
    assert store.count() == 0


def test_an_unknown_key_is_named_with_its_controls_made_visible_and_cut_short(store,
                                                                             tmp_path):
    session = session_doc()
    session["\x1b]0;owned\x07"] = 1
    session["k" * 5000] = 2
    path = write_doc(tmp_path / "keys.json", session)
    said = problems(store, path)
    assert f"{path}:{line_of(path, 'owned')}: sessions[0].\u241b]0;owned\u2407: unknown key " \
           "'\u241b]0;owned\u2407'" in said
    long = [p for p in said if "kkk" in p]
    assert len(long) == 1 and len(long[0]) < len(str(path)) + 200
    assert not CONTROL & set("".join(said))


def test_a_note_may_run_over_lines_and_hold_tabs(store, tmp_path):
    session = session_doc(note="left calf\ttight\nright fine")
    assert store.import_file(write_doc(tmp_path / "ok.json", session)) == 1
    assert store.session(session["id"]).note == "left calf\ttight\nright fine"


def test_control_characters_in_toml_are_refused_with_the_line(store, tmp_path):
    path = tmp_path / "hostile.toml"
    session_id = uuid.uuid4()
    path.write_text(f"""[[sessions]]
id = "{session_id}"
routine = "daily"
routine_name = "Morning\\u001b[2J"
started_at = "2026-11-23T09:00:00+01:00"
status = "completed"
""", encoding="utf-8")
    assert problems(store, path) == [
        f"{path}:4: sessions[0].routine_name: control character U+001B is not allowed"]


# --- item 2: what is already stored is shown, never obeyed --------------------------------

def hand_edit(db: Path, sql: str, *args) -> None:
    """Change the file as a person with the sqlite3 shell could, checks switched off."""
    raw = sqlite3.connect(db)
    raw.execute("PRAGMA ignore_check_constraints = ON")
    raw.execute(sql, args)
    raw.commit()
    raw.close()


@pytest.fixture
def hostile_rows(db) -> dict:
    """Two sessions: one with terminal controls in its text, one broken every other way."""
    with HistoryStore(db) as store:
        loud = record(store, START)
        broken = record(store, START - timedelta(days=1))
    hand_edit(db, "UPDATE sessions SET routine_name = ?, note = ? WHERE id = ?",
              "Morning\x1b]0;owned\x07\x9b2J", "ok\x1b[31m", loud)
    hand_edit(db, "UPDATE steps SET exercise = ?, variant = ? WHERE session_id = ? AND seq = 0",
              "toe\x1b[1Acurl", "\x08\x08towel", loud)
    hand_edit(db, "UPDATE sessions SET started_at = 'yesterday', started_ms = 'x',"
                  " day = 'garbage', pain_before = 'high', ended_at = 12,"
                  " routine_id = X'6461696c79', note = X'ff00' WHERE id = ?", broken)
    hand_edit(db, "UPDATE steps SET actual_seconds = 'abc', step_index = 'x', side = 'up',"
                  " planned_seconds = 9e999, reps = -3, status = 'weird', started_at = X'00',"
                  " item = NULL WHERE session_id = ? AND seq = 0", broken)
    hand_edit(db, "UPDATE steps SET actual_seconds = 9e999, paused_seconds = 1e300"
                  " WHERE session_id = ? AND seq = 1", broken)
    hand_edit(db, "UPDATE steps SET actual_seconds = 9223372036854775807"
                  " WHERE session_id = ? AND seq = 2", broken)
    return {"loud": loud, "broken": broken}


def test_hand_edited_rows_read_without_a_traceback_and_say_what_was_unreadable(db,
                                                                              hostile_rows):
    with HistoryStore(db) as store:
        by_id = {s.id: s for s in store.sessions()}
        broken = by_id[hostile_rows["broken"]]
        assert broken.started_at == datetime(1970, 1, 1, tzinfo=UTC)
        assert {"started_at", "ended_at", "pain_before", "note", "active_seconds"} <= set(
            broken.damage)
        assert (broken.pain_before, broken.active_seconds, broken.routine_id) == (
            None, 0.0, "daily")
        record_ = store.session(hostile_rows["broken"])
        first = record_.steps[0]
        assert (first["step_index"], first["actual_seconds"], first["side"],
                first["planned_seconds"], first["reps"]) == (None, 0.0, None, None, None)
        assert "steps[0].actual_seconds" in record_.damage
        assert "steps[2].actual_seconds" in record_.damage  # past any real step
        assert by_id[hostile_rows["loud"]].damage == ()
        stats = store.daily_stats(START.date())
        assert stats.week_minutes == 1.0  # the loud session's three readable steps
        assert [routine_id for routine_id, _ in store.routines()] == ["daily"]
        doc = store.to_document()
        json.loads(json.dumps(doc, allow_nan=False))  # JSON-safe as stored


def test_hand_edited_rows_are_listed_with_controls_made_visible(capsys, data, hostile_rows):
    code, out, err = run(capsys, data=data)
    assert (code, err) == (0, "")
    assert not CONTROL & (set(out) - {"\n"})
    assert "Morning\u241b]0;owned\u2407\ufffd2J" in out
    lines = out.splitlines()
    # the broken one first: its start, text where a number belongs, sorts after every time
    assert lines[1].startswith("?  ")  # the start time that cannot be read
    assert lines[-1].startswith("1 session has values that could not be read")


def test_json_listing_stays_valid_json_and_escapes_every_control(capsys, data, hostile_rows):
    code, out, err = run(capsys, "--json", data=data)
    assert (code, err) == (0, "")
    assert not CONTROL & (set(out) - {"\n"})  # C1 too: \u009b, not the raw character
    assert "\\u001b]0;owned\\u0007\\u009b2J" in out
    by_id = {s["id"]: s for s in json.loads(out)["sessions"]}
    loud, broken = by_id[hostile_rows["loud"]], by_id[hostile_rows["broken"]]
    assert loud["routine_name"] == "Morning\x1b]0;owned\x07\x9b2J"  # exactly as stored
    assert loud["steps"][0]["variant"] == "\x08\x08towel"
    assert broken["started_at"] == "yesterday" and broken["pain_before"] == "high"
    assert broken["steps"][1]["actual_seconds"] is None  # an infinity, which JSON cannot hold
    assert broken["steps"][0]["actual_seconds"] == "abc"


def test_csv_listing_and_every_export_survive_hand_edited_rows(capsys, data, tmp_path,
                                                                hostile_rows):
    code, out, _ = run(capsys, "--csv", data=data)
    assert code == 0 and not CONTROL & (set(out) - {"\n", "\r"})
    for kind in ("json", "toml", "csv"):
        target = tmp_path / f"out.{kind}"
        code, out, err = run(capsys, "export", str(target), data=data)
        assert (code, err) == (0, ""), err
        assert out == f"Wrote 2 sessions to {target}\n"
    exported = target.with_suffix(".json").read_text(encoding="utf-8")
    assert "\x9b" not in exported and "\\u009b" in exported
    notes = {s["id"]: s["note"] for s in json.loads(exported)["sessions"]}
    assert notes[hostile_rows["loud"]] == "ok\x1b[31m"
    assert tomllib.loads(target.with_suffix(".toml").read_text(encoding="utf-8"))
    # What was edited by hand comes back as located problems, never as a traceback.
    code, out, err = run(capsys, "import", str(target.with_suffix(".json")),
                         data=tmp_path / "fresh")
    assert (code, out) == (1, "")
    # oldest first, and text where the start's instant belongs sorts after every number
    said = err.splitlines()
    exported_path = target.with_suffix(".json")
    assert (f"{exported_path}:2: sessions[0].routine_name: control character U+001B is not "
            "allowed") in said
    broken_line = line_of(exported_path, hostile_rows["broken"])
    assert any(line.startswith(f"{exported_path}:{broken_line}: sessions[1].started_at: "
                               "expected an ISO 8601 time") for line in said)
    assert said[-1] == f"coach: {len(said) - 1} problems in {exported_path}; nothing was imported"


# --- item 4: only regular files, of a bounded size ----------------------------------------

def _fifo(where: Path) -> Path:
    os.mkfifo(where / "pipe.json")
    return where / "pipe.json"


def _device(where: Path) -> Path:
    (where / "zero.json").symlink_to("/dev/zero")
    return where / "zero.json"


def _directory(where: Path) -> Path:
    (where / "dir.json").mkdir()
    return where / "dir.json"


def _socket(where: Path) -> Path:
    path = where / "s.json"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    where.joinpath(".keep").write_text("")  # the socket lives as long as the test
    _socket.keep = server  # type: ignore[attr-defined]
    return path


def _huge(where: Path) -> Path:
    path = where / "huge.json"
    with open(path, "wb") as f:
        f.truncate(21 * 1024 * 1024)  # sparse: nothing is written, and nothing must be read
    return path


@pytest.mark.parametrize("make, said", [
    (_fifo, "is a FIFO (named pipe), not a regular file"),
    (_device, "is a character device, not a regular file"),
    (_directory, "is a directory, not a regular file"),
    (_socket, "is a socket, not a regular file"),
    (_huge, "is larger than 20.0 MB (22,020,096 bytes); coach reads files up to 20.0 MB"),
], ids=["fifo", "device", "directory", "socket", "over-20-MB"])
def test_import_refuses_what_is_not_a_regular_file_without_reading_it(capsys, make, said):
    # A short directory: a socket's path must fit in 108 bytes.
    where = Path(tempfile.mkdtemp(prefix="coach-"))
    data = where / "data"
    try:
        path = make(where)
        with HistoryStore(data / "history.sqlite3") as store:
            assert finishes(lambda: problems(store, path)) == [f"{path}: {said}"]
        code, out, err = finishes(lambda: run(capsys, "import", str(path), data=data))
        assert (code, out) == (1, "")
        assert err.splitlines() == [f"{path}: {said}",
                                    f"coach: 1 problem in {path}; nothing was imported"]
    finally:
        subprocess.run(["rm", "-rf", str(where)], check=True)


# --- item 4: nesting is bounded before anything recurses ----------------------------------

def deepest_stack(call) -> int:
    """How many Python frames deep ``call()`` went at most, below the caller. A parser that
    recurses once a level (tomllib, the line finder) goes a frame deeper with each one."""
    depth = deepest = 0

    def count(frame, event, arg):
        nonlocal depth, deepest
        if event == "call":
            depth += 1
            deepest = max(deepest, depth)
        elif event == "return":
            depth -= 1

    sys.setprofile(count)
    try:
        call()
    finally:
        sys.setprofile(None)
    return deepest


@pytest.mark.parametrize("name, text, line", [
    ("deep.json", '{"sessions": [\n' + "[" * 3000 + "]" * 3000 + "]}", 2),
    # deep enough to pass pydantic's own parser (which stops at about 200 levels) and fail
    # the schema: the line finder, which recurses, must not walk it
    ("deeper.json", '{"sessions": [{"id": ' + "[" * 150 + "]" * 150 + "}]}", 1),
    ("deep.toml", "sessions = " + "[" * 3000 + "]" * 3000 + "\n", 1),
    ("header.toml", "[[sessions]]\n[" + ".".join(["a"] * 20_000) + "]\n", 2),
], ids=["json-3000", "json-150", "toml-3000", "toml-header"])
def test_deep_nesting_is_a_located_problem_before_anything_recurses(store, tmp_path, name,
                                                                    text, line):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    said = problems(store, path)  # once first, so that what it imports is not counted
    assert len(said) == 1 and said[0].startswith(f"{path}:{line}: nested more than ")
    assert said[0].endswith(f"coach reads at most {MAX_NESTING}")
    # A walk of the text's levels would go 150 frames deep or more (3,000 for tomllib).
    assert deepest_stack(lambda: problems(store, path)) < 100


def test_deep_nesting_through_the_command_line(capsys, data, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 3000 + "]" * 3000, encoding="utf-8")
    code, out, err = run(capsys, "import", str(path), data=data)
    assert (code, out) == (1, "")
    assert err.splitlines()[0].startswith(f"{path}:1: nested more than {MAX_NESTING} levels")


# --- item 5: numbers ----------------------------------------------------------------------

BIG = str(2**63)  # one past what SQLite's integers hold


@pytest.mark.parametrize("where, key, token, said", [
    ("step", "actual_seconds", "NaN", "must be a finite number, got nan"),
    ("step", "paused_seconds", "Infinity", "must be a finite number, got inf"),
    ("step", "planned_seconds", "-Infinity", "must be a finite number, got -inf"),
    ("step", "actual_seconds", "1e300", f"must be at most {MAX_STEP_SECONDS}, got 1e+300"),
    ("step", "reps", BIG, f"must be at most {MAX_REPS}, got {BIG}"),
    ("step", "step_index", BIG, f"must be at most 1000000, got {BIG}"),
    ("step", "item", "-1", "must be at least 0, got -1"),
    ("step", "set", "0", "must be at least 1, got 0"),
    ("step", "rounds", "1000001", f"must be at most {MAX_COUNT}, got 1000001"),
    ("session", "pain_after", BIG, f"must be at most 10, got {BIG}"),
    ("step", "reps", "9" * 400, "must be at most 100000, got " + "9" * 59 + "…"),
])
def test_numbers_that_are_not_finite_or_out_of_range_are_refused_where_they_are(
        store, tmp_path, where, key, token, said):
    session = session_doc()
    (session if where == "session" else session["steps"][1])[key] = "@@"
    path = tmp_path / "numbers.json"
    path.write_text(json.dumps({"sessions": [session]}, indent=2).replace('"@@"', token),
                    encoding="utf-8")
    at = "sessions[0]" + ("" if where == "session" else ".steps[1]") + f".{key}"
    line = line_of(path, f'"{key}": {token}')
    assert problems(store, path) == [f"{path}:{line}: {at}: {said}"]
    assert store.count() == 0


def test_toml_infinity_and_nan_are_refused(store, tmp_path):
    path = tmp_path / "n.toml"
    path.write_text(f"""[[sessions]]
id = "{uuid.uuid4()}"
routine = "daily"
routine_name = "Daily"
started_at = "2026-11-23T09:00:00+01:00"
status = "completed"

[[sessions.steps]]
exercise = "toe-curl"
kind = "hold"
set = 1
round = 1
actual_seconds = inf
paused_seconds = nan
started_at = "2026-11-23T09:00:00+01:00"
ended_at = "2026-11-23T09:00:20+01:00"
status = "done"
""", encoding="utf-8")
    assert problems(store, path) == [
        f"{path}:13: sessions[0].steps[0].actual_seconds: must be a finite number, got inf",
        f"{path}:14: sessions[0].steps[0].paused_seconds: must be a finite number, got nan"]


def test_a_session_or_step_that_ends_before_it_starts_is_refused(store, tmp_path):
    session = session_doc(ended_at=ms(START - timedelta(minutes=1)))
    session["steps"][1]["ended_at"] = ms(START - timedelta(hours=1))
    path = write_doc(tmp_path / "backwards.json", session)
    assert problems(store, path) == [
        f"{path}:{line_of(path, ms(START - timedelta(minutes=1)))}: sessions[0].ended_at: "
        f"'{ms(START - timedelta(minutes=1))}' is before started_at '{ms(START)}'",
        f"{path}:{line_of(path, ms(START - timedelta(hours=1)))}: "
        f"sessions[0].steps[1].ended_at: '{ms(START - timedelta(hours=1))}' is before "
        f"started_at '{session['steps'][1]['started_at']}'",
    ]


def test_last_is_bounded_on_the_command_line_and_in_the_store(capsys, data, store):
    record(store)
    with pytest.raises(SystemExit) as exit_:
        main(["history", "--last", "9" * 30, "--json", "--data-dir", str(data)])
    assert exit_.value.code == 2
    assert "--last: must be at most 1,000,000, got 99999999999999999999…" in (
        capsys.readouterr().err)
    code, out, _ = run(capsys, "--last", "1000000", "--json", data=data)
    assert code == 0 and len(json.loads(out)["sessions"]) == 1
    assert len(store.sessions(limit=2**80, offset=2**80)) == 0
    assert len(store.sessions(limit=2**80)) == len(store.to_document(2**80)["sessions"]) == 1


# --- item 5: one session, however its id is spelled ---------------------------------------

def test_every_spelling_of_a_uuid_is_one_session_kept_lower_case_with_hyphens(store,
                                                                             tmp_path):
    the = uuid.uuid4()
    spellings = [str(the).upper(), the.hex, "{" + str(the) + "}", f"urn:uuid:{the}",
                 the.hex.upper(), str(the)]
    first = session_doc(id=spellings[0])
    assert store.import_file(write_doc(tmp_path / "0.json", first)) == 1
    assert [s.id for s in store.sessions()] == [str(the)]
    for n, spelling in enumerate(spellings[1:], 1):
        path = write_doc(tmp_path / f"{n}.json", session_doc(id=spelling))
        assert store.import_file(path) == 0, spelling
    assert store.count() == 1
    both = write_doc(tmp_path / "both.json", session_doc(id=spellings[1]),
                     session_doc(id=spellings[3]))
    said = problems(store, both)
    assert said == [f"{both}:{line_of(both, spellings[3])}: sessions[1].id: "
                    "the same id as sessions[0]"]


def test_ids_stored_by_older_imports_in_another_spelling_are_made_canonical(db, tmp_path):
    the, twin = uuid.uuid4(), uuid.uuid4()
    with HistoryStore(db) as store:
        kept = record(store)
        twin_id = record(store, START + timedelta(days=1))
    # What an older coach stored: the file's spelling, and once the same session twice.
    hand_edit(db, "PRAGMA foreign_keys = OFF")
    raw = sqlite3.connect(db)
    raw.execute("UPDATE sessions SET id = ? WHERE id = ?", (str(the).upper(), kept))
    raw.execute("UPDATE steps SET session_id = ? WHERE session_id = ?", (str(the).upper(), kept))
    raw.execute("UPDATE sessions SET id = ? WHERE id = ?", ("{" + str(twin) + "}", twin_id))
    raw.execute("UPDATE steps SET session_id = ? WHERE session_id = ?",
                ("{" + str(twin) + "}", twin_id))
    raw.execute("INSERT INTO sessions SELECT ?, routine_id, routine_name, started_at,"
                " started_ms, day, ended_at, status, pain_before, pain_after, note, owner_pid"
                " FROM sessions WHERE id = ?", (str(twin), "{" + str(twin) + "}"))
    raw.execute("PRAGMA user_version = 1")
    raw.commit()
    raw.close()
    with HistoryStore(db) as store:
        ids = {s.id for s in store.sessions()}
        # renamed where the one spelling was free; kept apart where it was taken
        assert ids == {str(the), str(twin), "{" + str(twin) + "}"}
        assert len(store.session(str(the)).steps) == 3
        assert store.import_file(write_doc(tmp_path / "again.json",
                                           session_doc(id=str(the).upper()))) == 0
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


# --- item 6: damage found after opening ---------------------------------------------------

def damage(db: Path, sessions: int = 40) -> bytes:
    """A populated history, then :func:`ruin_after_first_page`: it opens, and the first read
    of a session fails. Returns the damaged bytes."""
    with HistoryStore(db) as store:
        for day in range(sessions):
            record(store, START - timedelta(days=day), steps=8)
    assert db.stat().st_size > 8 * 4096 and not db.with_name(db.name + "-wal").exists()
    return ruin_after_first_page(db)


def test_damage_found_while_reading_moves_the_file_aside_and_starts_afresh(db):
    damaged = damage(db)
    store = HistoryStore(db)
    assert store.moved_aside is None  # it opened
    with pytest.raises(HistoryDamaged) as caught:
        store.sessions()
    [aside] = asides(db)
    assert caught.value.moved_to == aside == store.moved_aside
    assert str(caught.value) == (
        f"the history in {db} is damaged (database disk image is malformed); it was moved "
        f"to {aside} and a fresh history started")
    assert aside.read_bytes() == damaged  # never deleted, never written to
    assert store.sessions() == [] and store.count() == 0
    record(store)
    store.close()
    with HistoryStore(db) as again:
        assert again.count() == 1 and again.moved_aside is None


def test_damage_found_by_a_write_keeps_the_write_out_of_both_files(db):
    damaged = damage(db)
    with HistoryStore(db) as store:
        with pytest.raises(HistoryDamaged):
            store.start_session("daily", "Daily feet", 4, START)
        [aside] = asides(db)
        assert aside.read_bytes() == damaged
        assert store.count() == 0  # not redone on the fresh file either
        assert not list(store.lock_dir.iterdir())


def test_a_damaged_file_is_moved_with_its_wal_and_shm(db):
    db.parent.mkdir(parents=True)
    db.write_bytes(b"not a database" * 500)
    for end, content in (("-wal", b"old log"), ("-shm", b"old index")):
        db.with_name(db.name + end).write_bytes(content)
    with HistoryStore(db) as store:
        aside = store.moved_aside
    assert aside.read_bytes() == b"not a database" * 500
    assert aside.with_name(aside.name + "-wal").read_bytes() == b"old log"
    assert aside.with_name(aside.name + "-shm").exists()  # an index SQLite may rebuild


def test_damage_through_the_command_line_is_said_as_at_open(capsys, data, db, tmp_path):
    damaged = damage(db)
    code, out, err = run(capsys, "--json", data=data)
    [aside] = asides(db)
    assert (code, json.loads(out)) == (0, {"sessions": [], "checkins": [], "plans": [],
                                           "missed_days": [], "level_choices": []})
    assert err == (f"coach: {db} was not a readable history; it was moved to {aside} "
                   "and a new history started\n")
    assert aside.read_bytes() == damaged
    # export of a history found damaged writes nothing, not an empty file over an old one
    damage(db)
    target = tmp_path / "old-export.json"
    target.write_text("my old export", encoding="utf-8")
    code, out, err = run(capsys, "export", str(target), "--force", data=data)
    assert (code, out) == (1, "")
    assert err.startswith(f"coach: the history in {db} is damaged")
    assert err.endswith("; nothing was exported\n")
    assert target.read_text(encoding="utf-8") == "my old export"
    # and so when the damage shows as it opens
    db.write_bytes(b"garbage" * 1000)
    code, out, err = run(capsys, "export", str(target), "--force", data=data)
    assert (code, out) == (1, "")
    assert err.splitlines()[1] == (f"coach: nothing was exported to {target}: the history was "
                                   "moved aside, and the new one is empty")
    assert target.read_text(encoding="utf-8") == "my old export"


def test_a_version_0_database_with_coachs_tables_is_adopted(db):
    with HistoryStore(db) as store:
        session_id = record(store)
    hand_edit(db, "PRAGMA user_version = 0")
    with HistoryStore(db) as store:
        assert store.moved_aside is None
        assert len(store.session(session_id).steps) == 3
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_database_holding_other_tables_is_moved_aside_as_not_coachs(capsys, data, db):
    data.mkdir()
    raw = sqlite3.connect(db)
    raw.execute("CREATE TABLE notes (text TEXT)")
    raw.execute("INSERT INTO notes VALUES ('my diary')")
    raw.commit()
    raw.close()
    with pytest.raises(HistoryUnavailable, match="not a coach history"):
        HistoryStore(db, read_only=True)  # read-only: left exactly as it is
    assert not asides(db)
    code, out, err = run(capsys, data=data)
    [aside] = asides(db)
    assert (code, out) == (0, "No sessions yet. Start one with `coach`.\n")
    assert f"it was moved to {aside}" in err
    kept = sqlite3.connect(aside)
    assert kept.execute("SELECT text FROM notes").fetchall() == [("my diary",)]
    kept.close()


# --- item 7: a read-only data directory ---------------------------------------------------

@pytest.fixture
def populated(db) -> list[str]:
    with HistoryStore(db) as store:
        ids = [record(store, START - timedelta(days=d)) for d in range(3)]
        interrupted = store.start_session("daily", "Daily feet", 2, START + timedelta(days=1))
        store.record_step(interrupted, step_doc(0))
    for leftover in db.parent.iterdir():
        if leftover != db:
            subprocess.run(["rm", "-rf", str(leftover)], check=True)
    return [interrupted, *ids]


def test_a_read_only_store_reads_everything_and_writes_nothing(db, populated, tmp_path):
    before = db.read_bytes()
    with HistoryStore(db, read_only=True) as store:
        assert store.read_only and store.read_only_reason == "it was opened to read only"
        assert [s.id for s in store.sessions()] == populated
        assert store.status(populated[0]) == "interrupted"
        assert len(store.session(populated[1]).steps) == 3
        assert store.daily_stats(START.date()).current_streak == 3
        assert store.export(tmp_path / "out.json") == [(tmp_path / "out.json", 4)]
        said = f"cannot save to the history in {db}: it was opened to read only"
        for write in (lambda: store.start_session("daily", "Daily", None, START),
                      lambda: store.delete(populated[1]),
                      lambda: store.resume_session(populated[0]),
                      lambda: store.set_note(populated[1], "x"),
                      lambda: store.import_file(tmp_path / "out.json")):
            with pytest.raises(HistoryReadOnly) as caught:
                write()
            assert str(caught.value) == said
        assert store.count() == 4
    assert db.read_bytes() == before
    assert not db.with_name(db.name + ".locks").exists()
    assert not db.with_name(db.name + "-wal").stat().st_size  # SQLite's, for its readers


def test_read_only_falls_back_to_immutable_when_the_shared_memory_cannot_be_had(db,
                                                                              populated):
    os.mkfifo(db.with_name(db.name + "-shm"))  # not a file SQLite can map
    with HistoryStore(db, read_only=True) as store:
        assert len(store.sessions()) == 4


def test_a_directory_that_cannot_be_written_opens_read_only(db, populated, monkeypatch):
    """Simulated: root writes anywhere, so the directory reads as not writable."""
    real = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: (
        False if Path(path) == db.parent and mode & os.W_OK else real(path, mode, **kw)))
    with HistoryStore(db) as store:
        assert store.read_only_reason == f"{db.parent}: Permission denied"
        assert len(store.sessions()) == 4


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root writes into read-only directories")
def test_a_chmod_read_only_directory_opens_read_only(db, populated):
    db.parent.chmod(0o500)
    try:
        with HistoryStore(db) as store:
            assert store.read_only_reason == f"{db.parent}: Permission denied"
            assert len(store.sessions()) == 4
    finally:
        db.parent.chmod(0o700)


def test_a_read_only_history_lists_and_exports_but_refuses_an_import(capsys, data, db,
                                                                     populated, tmp_path,
                                                                     monkeypatch):
    real = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: (
        False if Path(path) == data and mode & os.W_OK else real(path, mode, **kw)))
    code, out, err = run(capsys, data=data)
    assert (code, err) == (0, "") and len(out.splitlines()) == 5
    assert out.splitlines()[1].endswith("interrupted")
    code, out, _ = run(capsys, "--json", data=data)
    assert code == 0 and len(json.loads(out)["sessions"]) == 4
    target = tmp_path / "out.json"
    assert run(capsys, "export", str(target), data=data)[0] == 0
    code, out, err = run(capsys, "import", str(target), data=data)
    assert (code, out) == (1, "")
    assert err == (f"coach: cannot save to the history in {db}: {data}: Permission denied\n")


# --- item 9: exports never clobber --------------------------------------------------------

@pytest.fixture
def history(data) -> Path:
    with HistoryStore(data / "history.sqlite3") as store:
        record(store)
    return data


def test_export_refuses_an_existing_file_unless_forced(capsys, history, tmp_path):
    target = tmp_path / "mine.json"
    target.write_text("keep me", encoding="utf-8")
    code, out, err = run(capsys, "export", str(target), data=history)
    assert (code, out) == (1, "")
    assert err == f"coach: {target}: already exists; add --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "keep me"
    code, out, err = run(capsys, "export", str(target), "--force", data=history)
    assert (code, err) == (0, "")
    assert len(json.loads(target.read_text(encoding="utf-8"))["sessions"]) == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_export_never_replaces_a_symlink_even_forced(capsys, history, tmp_path):
    real = tmp_path / "real.json"
    real.write_text("the real one", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    code, out, err = run(capsys, "export", str(link), "--force", data=history)
    assert (code, out) == (1, "")
    assert err == (f"coach: {link}: is a symbolic link, not a regular file; coach only "
                   "replaces regular files\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "the real one"
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "nowhere.json")
    code, _, err = run(capsys, "export", str(dangling), data=history)
    assert code == 1 and err == f"coach: {dangling}: already exists; add --force to replace it\n"
    assert not (tmp_path / "nowhere.json").exists()


def test_export_never_opens_a_fifo_even_forced(capsys, history, tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    code, out, err = finishes(lambda: run(capsys, "export", str(fifo), "--force", data=history))
    assert (code, out) == (1, "")
    assert err == (f"coach: {fifo}: is a FIFO (named pipe), not a regular file; coach only "
                   "replaces regular files\n")
    assert ".tmp" not in err


def test_the_store_export_refuses_an_existing_file_by_default(store, tmp_path):
    from coach.files import TargetExists

    record(store)
    target = tmp_path / "h.toml"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(TargetExists, match=f"^{target}: already exists$"):
        store.export(target)
    assert store.export(target, replace=True) == [(target, 1)]
    assert tomllib.loads(target.read_text(encoding="utf-8"))["sessions"][0]["note"] == "fine"
