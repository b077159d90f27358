"""The real ``coach`` in a child process, its output captured as bytes: whatever a path, a
library, a history row, an exception or the command line holds, no ESC or BEL byte (nor a raw
C1 control) reaches stdout or stderr; and with any stdout encoding (``LC_ALL=C``,
``PYTHONIOENCODING=ascii`` or ``latin-1``) every command prints, with replacements, and exits
as it does under UTF-8, never with a UnicodeEncodeError."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from support import isolated_env

ESC_TITLE = "\x1b]0;pwned\x07"
# Every kind of control a terminal obeys: OSC title, OSC 52 clipboard, CSI clear, C1 CSI,
# a lone CR that would overwrite the line, backspace, NUL, DEL.
HOSTILE = f"Caf\xe9 {ESC_TITLE} \x1b]52;c;aGk=\x07 \x1b[2J \x9b31m \rover\x08\x00\x7f"
# HOSTILE as coach shows it: every control as its picture (C1 has none: U+FFFD).
SHOWN = "Caf\xe9 ␛]0;pwned␇ ␛]52;c;aGk=␇ ␛[2J \ufffd31m ␍over␈␀␡"
WHEN = datetime(2026, 11, 23, 9, 0, tzinfo=timezone(timedelta(hours=1)))


def coach(tmp_path: Path, *argv, env: dict | None = None,
          prelude: str = "") -> subprocess.CompletedProcess[bytes]:
    """``coach ARGV`` in a fresh interpreter (``prelude`` runs first), its output as bytes."""
    code = f"{prelude}\nimport sys\nfrom coach.cli import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, argv)],
        env={**isolated_env(tmp_path), "NO_COLOR": "1", **(env or {})},
        capture_output=True, timeout=60, stdin=subprocess.DEVNULL,
    )


# What a terminal obeys: C0 but tab and newline (CR only in a CSV row's CRLF), DEL, C1.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def assert_inert(proc: subprocess.CompletedProcess[bytes], encoding: str = "utf-8") -> None:
    """Nothing in the output can drive a terminal, and no traceback. Read in the encoding
    the output was written in: in UTF-8, ␛ is E2 90 9B, a 0x9B byte that is no CSI."""
    for name, data in (("stdout", proc.stdout), ("stderr", proc.stderr)):
        assert b"\x1b" not in data and b"\x07" not in data, f"{name}:\n{data!r}"
        found = CONTROL.search(data.decode(encoding))
        assert found is None, f"{found.group()!r} on {name}:\n{data!r}"
    assert b"Traceback" not in proc.stderr, proc.stderr.decode(errors="replace")


# --- paths and the command line -------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ["--data-dir", ESC_TITLE, "config"],
    ["--config-dir", ESC_TITLE, "config"],
    ["--library", f"/nonexistent/{ESC_TITLE}.toml", "list"],
    ["validate", f"/nonexistent/{ESC_TITLE}.toml"],
    ["show", f"no-such-{ESC_TITLE}"],
    ["run", f"no-such-{ESC_TITLE}"],
    ["list", ESC_TITLE],  # argparse: unrecognized arguments
    ["history", "--last", ESC_TITLE],  # argparse: a type's own message
    ["history", "export", f"out-{ESC_TITLE}.txt"],
    [ESC_TITLE],  # argparse: invalid choice
], ids=lambda argv: " ".join(a.replace(ESC_TITLE, "ESC") for a in argv))
def test_paths_and_arguments_are_shown_not_obeyed(tmp_path, argv):
    proc = coach(tmp_path, *argv)
    assert_inert(proc)
    said = (proc.stdout + proc.stderr).decode()
    # Shown: made visible, or as argparse's repr() of what was typed.
    assert "␛]0;pwned␇" in said or "'\\x1b]0;pwned\\x07'" in said, said


def test_data_dir_with_controls_is_shown_as_typed(tmp_path):
    proc = coach(tmp_path, "--data-dir", ESC_TITLE, "config")
    assert proc.returncode == 0
    assert f"# history: {'␛]0;pwned␇'}/history.sqlite3".encode() in proc.stdout


# --- a library whose strings hold control characters ---------------------------------------

LIBRARY = r'''
[[exercises]]
id = "press"
name = "Toe \u001b]0;pwned\u0007 press"
aliases = ["press \u001b[5m"]
purpose = "Purpose \u001b[2J."
position = "Stand \u009b31m tall."
steps = ["Press \u0007 down.", "Line\r over"]
sides = "both"
prescription = { kind = "hold", seconds = 10 }

[[routines]]
id = "evil"
name = "Evil \u001b]52;c;aGk=\u0007 routine"
description = "Clears \u001b[2J the screen."
source = "\u001b[31mred"
items = [{ exercise = "press", note = "note \u001b[8m" }]
'''


@pytest.fixture
def library(tmp_path) -> Path:
    path = tmp_path / "hostile.toml"
    path.write_text(LIBRARY, encoding="utf-8")
    return path


@pytest.mark.parametrize("argv", [
    ["list"], ["list", "--json"], ["show", "evil"], ["show", "evil", "--json"],
    ["show", "press"], ["show", "press", "--json"], ["validate"], ["config"], ["run", "evil"],
    ["routine", "export", "evil", "{tmp}/out.toml"],
], ids=" ".join)
def test_library_strings_never_reach_the_terminal_raw(tmp_path, library, argv):
    """Whether the library is refused (as it must be, with a located problem) or shown,
    nothing in it drives the terminal."""
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    proc = coach(tmp_path, "--library", library, *argv)
    assert_inert(proc)
    if b"--json" in b" ".join(a.encode() for a in argv) and proc.returncode == 0:
        json.loads(proc.stdout)


# --- a history row holding control characters, written straight into the database ---------


def plant_history(tmp_path: Path) -> dict[str, str]:
    """A history in the child's data directory with one session whose texts hold every
    kind of control: put there with SQL, as a damaged or hand-edited database might.
    Returns what the session's texts are."""
    from coach.history import HistoryStore

    db = tmp_path / "xdg-data" / "coach" / "history.sqlite3"
    db.parent.mkdir(parents=True)
    store = HistoryStore(db)
    session = store.start_session("short", "Short one", 3, WHEN)
    store.record_step(session, {
        "step_index": 0, "item": 0, "exercise": "press", "kind": "hold", "side": "right",
        "set": 1, "sets": 1, "round": 1, "rounds": 1, "variant": None,
        "planned_seconds": 10.0, "actual_seconds": 10.0, "paused_seconds": 0.0,
        "reps": None, "started_at": WHEN.isoformat(timespec="milliseconds"),
        "ended_at": (WHEN + timedelta(seconds=10)).isoformat(timespec="milliseconds"),
        "status": "done",
    })
    store.finish_session(session, "completed", WHEN + timedelta(seconds=10))
    store.close()
    texts = {"routine_name": f"Name {HOSTILE}", "note": f"Note {HOSTILE}",
             "routine_id": "id\x1b[1m"}
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE sessions SET routine_name = ?, note = ?, routine_id = ?",
                     (texts["routine_name"], texts["note"], texts["routine_id"]))
        conn.execute("UPDATE steps SET exercise = ?, variant = ?",
                     (f"ex {ESC_TITLE}", f"variant {HOSTILE}"))
    conn.close()
    return texts


def test_history_rows_are_listed_with_their_controls_made_visible(tmp_path):
    plant_history(tmp_path)
    proc = coach(tmp_path, "history")
    assert proc.returncode == 0, proc.stderr
    assert_inert(proc)
    assert f"Name {SHOWN}".encode() in proc.stdout


def test_history_json_is_valid_and_keeps_every_character(tmp_path):
    texts = plant_history(tmp_path)
    proc = coach(tmp_path, "history", "--json")
    assert proc.returncode == 0, proc.stderr
    assert_inert(proc)
    [session] = json.loads(proc.stdout)["sessions"]
    assert {k: session[k] for k in ("routine_name", "note")} == {
        k: texts[k] for k in ("routine_name", "note")}
    assert session["steps"][0]["variant"] == f"variant {HOSTILE}"


def test_history_csv_parses_with_its_controls_made_visible(tmp_path):
    plant_history(tmp_path)
    proc = coach(tmp_path, "history", "--csv")
    assert proc.returncode == 0, proc.stderr
    assert_inert(proc)
    rows = list(csv.DictReader(io.StringIO(proc.stdout.decode(), newline="")))
    assert len(rows) == 1
    assert rows[0]["routine_name"] == f"Name {SHOWN}"
    assert rows[0]["exercise"] == "ex ␛]0;pwned␇"


# --- an exception's message ------------------------------------------------------------------

BOOM = """
import coach.library
def boom(*args, **kwargs):
    raise RuntimeError("bad \\x1b]52;c;aGk=\\x07 \\x9b2J end")
coach.library.load_library = boom
"""


def test_an_unexpected_errors_message_is_shown_not_obeyed(tmp_path):
    proc = coach(tmp_path, "list", prelude=BOOM)
    assert proc.returncode == 70
    assert_inert(proc)
    assert "RuntimeError: bad ␛]52;c;aGk=␇ \ufffd2J end; details are in".encode() in proc.stderr


# --- any stdout encoding -----------------------------------------------------------------------

ENCODINGS = {
    "LC_ALL=C": {"LC_ALL": "C"},
    # The C locale without Python's UTF-8 mode: stdout is plain ASCII.
    "LC_ALL=C, no UTF-8 mode": {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
    "PYTHONIOENCODING=ascii": {"PYTHONIOENCODING": "ascii"},
    "PYTHONIOENCODING=latin-1": {"PYTHONIOENCODING": "latin-1"},
}
ONLY_ASCII = {"LC_ALL=C, no UTF-8 mode", "PYTHONIOENCODING=ascii"}
# Every command, with the status it leaves with. "{tmp}" is the test's directory.
COMMANDS = [
    (["--help"], 0),
    (["list"], 0),
    (["list", "--json"], 0),
    (["show", "feet-first-five"], 0),
    (["show", "heel-raises", "--json"], 0),
    (["validate"], 0),
    (["config"], 0),
    (["history"], 0),
    (["history", "--json"], 0),
    (["history", "--csv"], 0),
    (["history", "export", "{tmp}/out é.json"], 0),
    (["routine", "export", "feet-first-five", "{tmp}/r é.toml"], 0),
    (["show", "héel-raises"], 1),
    (["run", "feet-first-five"], 1),  # no terminal here
    (["list", "--nöpe"], 2),
]


@pytest.mark.parametrize("name", list(ENCODINGS))
def test_every_command_prints_in_any_encoding(tmp_path, name):
    plant_history(tmp_path)
    env = ENCODINGS[name]
    for argv, status in COMMANDS:
        argv = [a.replace("{tmp}", str(tmp_path / name)) for a in argv]
        (tmp_path / name).mkdir(exist_ok=True)
        proc = coach(tmp_path, *argv, env=env)
        shown = f"{name}: coach {' '.join(argv)}"
        assert proc.returncode == status, f"{shown}\n{proc.stderr.decode(errors='replace')}"
        assert b"Traceback" not in proc.stderr and b"UnicodeEncodeError" not in proc.stderr, \
            f"{shown}\n{proc.stderr.decode(errors='replace')}"
        assert_inert(proc, "latin-1" if "latin-1" in name else "utf-8")
        assert proc.stdout or proc.stderr, shown
        if name in ONLY_ASCII:
            assert proc.stdout.isascii() and proc.stderr.isascii(), shown
        if "--json" in argv:
            assert json.loads(proc.stdout), shown


def test_json_says_the_same_in_every_encoding(tmp_path):
    texts = plant_history(tmp_path)
    utf8 = coach(tmp_path, "history", "--json", env={"PYTHONIOENCODING": "utf-8"})
    for env in ENCODINGS.values():
        proc = coach(tmp_path, "history", "--json", env=env)
        assert json.loads(proc.stdout) == json.loads(utf8.stdout)
    assert json.loads(utf8.stdout)["sessions"][0]["note"] == texts["note"]


def test_latin1_shows_what_it_can_as_itself(tmp_path):
    proc = coach(tmp_path, "show", "feet-first-five", env={"PYTHONIOENCODING": "latin-1"})
    assert proc.returncode == 0
    assert " \xb7 ".encode("latin-1") in proc.stdout  # the middle dot is in latin-1
