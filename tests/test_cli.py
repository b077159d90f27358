"""The command line, as a person meets it: every command, its output, its exit status.

Most tests call :func:`coach.cli.main` in-process with ``capsys`` (fast); a few run
``python -m coach`` for real, with the XDG directories pointed at ``tmp_path``. Expected
numbers come from the shipped library through :mod:`coach.library` and :mod:`coach.timeline`,
so a test fails when the command line says something else than the library means.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
import types
from dataclasses import fields
from pathlib import Path

import pytest
from support import isolated_env

from coach import SAFETY_NOTE, __version__, cli, paths
from coach.cli import app_command, config_command
from coach.library import load_library
from coach.models import Exercise
from coach.timeline import (
    DEFAULT_PREPARE_SECONDS,
    DEFAULT_SWITCH_SECONDS,
    Step,
    estimate_seconds,
    expand,
    format_duration,
)

COMMANDS = ["run", "list", "show", "validate", "config", "serve"]

# A small library of one's own: one new exercise, one routine that also uses a shipped one.
GOOD_USER_LIBRARY = """\
[[exercises]]
id = "toe-taps"
name = "Toe taps"
purpose = "Wake up the shins."
position = "Sit on a chair."
steps = ["Tap your toes."]
sides = "both"
prescription = { kind = "timed", seconds = 30 }

[[routines]]
id = "quick-taps"
name = "Quick taps"
description = "Toe taps, then heel raises."

[[routines.items]]
exercise = "toe-taps"

[[routines.items]]
exercise = "heel-raises"
"""

# Two problems, at known lines: a value out of range (line 8) and a misspelt exercise (16).
BROKEN_LIBRARY = """\
[[exercises]]
id = "toe-taps"
name = "Toe taps"
purpose = "Wake up the shins."
position = "Sit on a chair."
steps = ["Tap your toes."]
sides = "both"
prescription = { kind = "timed", seconds = 0 }

[[routines]]
id = "quick-taps"
name = "Quick taps"
description = "Just toe taps."

[[routines.items]]
exercise = "heel-raise"
"""
BROKEN_LINES = [
    (8, "exercises[toe-taps].prescription.seconds", "must be between 1 and 3600 seconds"),
    (16, "routines[quick-taps].items[1].exercise", "unknown exercise 'heel-raise'"),
]

# FILE:LINE: key.path: message
LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<path>[^:\s]+): (?P<message>.+)$")


# --- helpers --------------------------------------------------------------------------------


def run(capsys, *argv: str | os.PathLike) -> tuple[int, str, str]:
    """``coach ARGV`` in-process: exit status, stdout, stderr."""
    rc = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def usage_error(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        cli.main(list(argv))
    out, err = capsys.readouterr()
    return exc.value.code, out, err


@pytest.fixture
def shipped():
    return load_library()


@pytest.fixture
def config_dir(isolated_user_dirs) -> Path:
    """Where coach looks for config.toml and the user's exercises.toml by default (XDG)."""
    where = isolated_user_dirs / ".config" / "coach"
    where.mkdir(parents=True, exist_ok=True)
    return where


@pytest.fixture
def broken_library(tmp_path) -> Path:
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN_LIBRARY, encoding="utf-8")
    return path


class FakeApp:
    """Stands in for the TUI: records that it was made, and never draws anything."""

    made: list[FakeApp] = []

    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.return_code = 0
        self.crash = None
        FakeApp.made.append(self)

    def run(self):
        self.ran = True


@pytest.fixture
def fake_tui(monkeypatch):
    """A terminal that looks interactive and a TUI that only records it was started, so a
    refusal can only come from the checks before the UI."""
    FakeApp.made = []
    module = types.ModuleType("coach.tui.app")
    module.CoachApp = FakeApp
    monkeypatch.setitem(sys.modules, "coach.tui.app", module)
    monkeypatch.setattr(app_command, "interactive", lambda: True)
    return FakeApp.made


def estimate(library, routine_id: str, prepare=DEFAULT_PREPARE_SECONDS,
             switch=DEFAULT_SWITCH_SECONDS) -> float:
    steps = expand(library.routines[routine_id], library.exercises,
                   prepare_seconds=prepare, switch_seconds=switch)
    return round(estimate_seconds(steps), 1)


def assert_located(err: str, file: Path, expected=BROKEN_LINES) -> None:
    """Every expected problem is on stderr as FILE:LINE: key.path: message."""
    found = [m.groupdict() for m in map(LOCATED.match, err.splitlines()) if m]
    for line, key, message in expected:
        assert any(
            f["file"] == str(file) and f["line"] == str(line) and f["path"] == key
            and f["message"].startswith(message)
            for f in found
        ), f"no {file}:{line}: {key}: {message}... in\n{err}"


# --- version, help, usage errors ------------------------------------------------------------


def test_version(capsys):
    code, out, _ = usage_error(capsys, "--version")
    assert code == 0
    assert out == f"coach {__version__}\n"


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)])
def test_help_on_every_command(capsys, command):
    code, out, err = usage_error(capsys, *command, "--help")
    assert code == 0
    assert out.startswith(f"usage: coach{''.join(' ' + c for c in command)} ")
    assert "--library" in out and "--config-dir" in out and "--data-dir" in out
    assert err == ""


def test_top_help_names_every_command(capsys):
    _, out, _ = usage_error(capsys, "--help")
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s+\S", out, re.MULTILINE), command


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--bogus"],
        ["--bogus"],
        ["frobnicate"],
        ["show"],
        ["run"],
        ["show", "heel-raises", "--jsn"],
        ["config", "extra"],
        ["list", "--library"],
    ],
    ids=lambda a: " ".join(a),
)
def test_bad_flags_are_usage_errors(capsys, argv):
    code, out, err = usage_error(capsys, *argv)
    assert code == 2
    assert "usage: coach" in err
    assert "error:" in err
    assert "Traceback" not in err
    assert out == ""


# --- list -----------------------------------------------------------------------------------


def test_list_shows_routines_with_length_count_and_equipment_then_exercises(capsys, shipped):
    rc, out, err = run(capsys, "list")
    assert rc == 0
    assert err == ""
    routines_at, exercises_at = out.index("Routines\n"), out.index("\nExercises\n")
    assert routines_at < exercises_at
    routine_part, exercise_part = out[routines_at:exercises_at], out[exercises_at:]
    for routine_id, routine in shipped.routines.items():
        line = next(ln for ln in routine_part.splitlines() if ln.split()[:1] == [routine_id])
        steps = shipped.steps(routine_id)
        length = format_duration(estimate_seconds(steps))
        if any(s.self_paced for s in steps):
            length = "~" + length
        count = len({item.exercise for item in routine.items})
        gear = ", ".join(shipped.equipment(routine_id)) or "no equipment"
        assert f" {length} " in line, line
        assert f" {count} exercises " in line, line
        assert line.endswith(f"{routine.name} ({gear})"), line
    listed = [ln.split()[0] for ln in exercise_part.splitlines()[2:] if ln.startswith("  ")]
    assert listed == list(shipped.exercises)


def test_list_feet_first_five_line(capsys):
    _, out, _ = run(capsys, "list")
    line = next(ln for ln in out.splitlines() if ln.strip().startswith("feet-first-five "))
    # 620 s planned, with self-paced reps in it, so marked as an estimate.
    assert re.fullmatch(
        r"\s+feet-first-five\s+~10:20\s+5 exercises\s+Feet-first five "
        r"\(resistance band, chair, towel\)",
        line,
    ), line


def test_list_json_keys_and_values(capsys, shipped):
    rc, out, err = run(capsys, "list", "--json")
    assert rc == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"exercises", "routines"}

    assert [e["id"] for e in data["exercises"]] == list(shipped.exercises)
    for entry in data["exercises"]:
        assert set(entry) == set(Exercise.model_fields)
        assert entry["name"] == shipped.exercises[entry["id"]].name
        assert entry["aliases"] == shipped.exercises[entry["id"]].aliases
    toe_walking = next(e for e in data["exercises"] if e["id"] == "toe-walking")
    assert toe_walking["aliases"] == ["Walking on tiptoes"]
    assert [v["id"] for v in toe_walking["variants"]] == ["forward", "toes-out", "toes-in"]

    assert [r["id"] for r in data["routines"]] == list(shipped.routines)
    for entry in data["routines"]:
        assert set(entry) == {
            "id", "name", "description", "source", "estimated_seconds", "claimed_seconds",
            "frequency", "self_paced", "exercise_count", "equipment", "items",
        }
        routine = shipped.routines[entry["id"]]
        claimed = routine.claimed_minutes
        assert entry["claimed_seconds"] == (None if claimed is None else claimed * 60)
        assert entry["frequency"] == (None if routine.frequency is None
                                      else routine.frequency.model_dump())
        assert entry["estimated_seconds"] == estimate(shipped, entry["id"])
        assert entry["source"] == routine.source
        assert entry["equipment"] == shipped.equipment(entry["id"])
        assert [i["exercise"] for i in entry["items"]] == [i.exercise for i in routine.items]
    morning = next(r for r in data["routines"] if r["id"] == "twenty-minute-morning")
    assert morning["claimed_seconds"] == 1200
    assert morning["frequency"] == {"times": 1, "per": "day", "text": "every morning"}
    fixes = next(r for r in data["routines"] if r["id"] == "fix-everything-five")
    assert fixes["frequency"] is None and fixes["claimed_seconds"] is None
    fff = next(r for r in data["routines"] if r["id"] == "feet-first-five")
    assert fff["name"] == "Feet-first five"
    assert fff["exercise_count"] == 5
    assert fff["self_paced"] is True
    assert fff["equipment"] == ["resistance band", "chair", "towel"]
    first = fff["items"][0]
    assert first["exercise"] == "toe-walking"
    assert first["prescription"]["kind"] == "timed"
    assert first["prescription"]["seconds"] == 20
    assert first["prescription"]["rounds"] == 5
    assert first["prescription"]["variants"] == ["forward", "toes-out", "toes-in"]


def test_estimated_seconds_is_the_timelines(capsys, shipped):
    """``estimated_seconds`` is what coach.timeline makes of the routine, in list and show."""
    expected = estimate(shipped, "feet-first-five")
    assert expected == 620.0  # the shipped routine, as test_shipped_library pins it
    _, out, _ = run(capsys, "list", "--json")
    listed = next(r for r in json.loads(out)["routines"] if r["id"] == "feet-first-five")
    assert listed["estimated_seconds"] == expected
    _, out, _ = run(capsys, "show", "feet-first-five", "--json")
    assert json.loads(out)["estimated_seconds"] == expected


def test_settings_change_the_estimate(capsys, config_dir, shipped):
    """The get-ready and switch times in config.toml are part of every estimate."""
    (config_dir / "config.toml").write_text("prepare_seconds = 0\nswitch_seconds = 10\n")
    expected = estimate(shipped, "feet-first-five", prepare=0, switch=10)
    assert expected != estimate(shipped, "feet-first-five")
    rc, out, err = run(capsys, "list", "--json")
    assert rc == 0 and err == ""
    listed = next(r for r in json.loads(out)["routines"] if r["id"] == "feet-first-five")
    assert listed["estimated_seconds"] == expected
    _, out, _ = run(capsys, "show", "feet-first-five", "--json")
    data = json.loads(out)
    assert data["estimated_seconds"] == expected
    assert not any(s["kind"] == "prepare" for s in data["steps"])


# --- show -----------------------------------------------------------------------------------


def test_show_routine_json(capsys, shipped):
    rc, out, err = run(capsys, "show", "feet-first-five", "--json")
    assert rc == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {
        "id", "name", "description", "source", "estimated_seconds", "claimed_seconds",
        "frequency", "self_paced", "exercise_count", "equipment", "steps", "progression",
    }
    assert data["frequency"] == {"times": 1, "per": "day", "text": "every day"}
    assert data["claimed_seconds"] is None
    assert data["id"] == "feet-first-five"
    assert data["name"] == "Feet-first five"
    step_fields = {f.name for f in fields(Step)}
    assert step_fields >= {
        "exercise", "kind", "side", "set", "sets", "round", "rounds", "variant", "seconds",
        "reps",
    }
    assert all(set(s) == step_fields for s in data["steps"])
    assert [s["index"] for s in data["steps"]] == list(range(len(data["steps"])))
    assert data["steps"] == [s.to_dict() for s in shipped.steps("feet-first-five")]

    walking = [s for s in data["steps"] if s["exercise"] == "toe-walking" and s["kind"] == "timed"]
    assert len(walking) == 15
    assert all(s["seconds"] == 20 for s in walking)
    assert [s["variant"] for s in walking] == ["forward", "toes-out", "toes-in"] * 5
    assert [s["round"] for s in walking] == [r for r in range(1, 6) for _ in range(3)]
    assert all(s["rounds"] == 5 and s["side"] is None for s in walking)
    rests = [s for s in data["steps"] if s["exercise"] == "toe-walking" and s["kind"] == "rest"]
    assert [s["seconds"] for s in rests] == [15] * 4

    # Heel raises: left heel first, 10 reps paced at 3 s.
    raises = [s for s in data["steps"] if s["exercise"] == "heel-raises" and s["kind"] == "reps"]
    assert [(s["side"], s["reps"], s["seconds"]) for s in raises] == [
        ("left", 10, 30), ("right", 10, 30),
    ]


def test_show_routine_text(capsys, shipped):
    rc, out, err = run(capsys, "show", "feet-first-five")
    assert rc == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Feet-first five  (about 10:20)"
    routine = shipped.routines["feet-first-five"]
    assert f"Source: {routine.source}" in lines
    assert "Equipment: resistance band, chair, towel" in lines
    assert any(ln.startswith("1. Toe walking: 20 s · toes pointed forward then") for ln in lines)
    assert "How often: every day" in lines
    steps_at = lines.index("Steps")
    step_lines = lines[steps_at + 1:]
    # The steps, then the safety note with the red flags, after a blank line.
    assert step_lines[-2:] == ["", SAFETY_NOTE]
    step_lines = step_lines[:-2]
    assert len(step_lines) == len(shipped.steps("feet-first-five"))
    assert step_lines[1].split() == [
        "2", "Toe", "walking", "·", "toes", "pointed", "forward", "·", "both", "feet", "·",
        "round", "1", "of", "5", "·", "0:20",
    ]


def test_show_exercise_text(capsys, shipped):
    rc, out, err = run(capsys, "show", "heel-raises")
    assert rc == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Heel raises"
    ex = shipped.exercises["heel-raises"]
    assert lines[1] == ex.purpose
    assert f"Starting position: {ex.position}" in lines
    for n, step in enumerate(ex.steps, 1):
        assert f"  {n}. {step}" in lines
    assert "Equipment: chair" in lines
    assert "Sides: one foot at a time" in lines
    assert ("Default: 10-20 reps, 3 s a rep · each side, right first · coach's choice: tempo"
            in lines)
    used = lines[lines.index("In routines:") + 1:]
    assert [ln.split(":")[0].strip() for ln in used] == [
        r.id for r in shipped.routines_using("heel-raises")
    ]
    assert "  feet-first-five: Feet-first five" in used


def test_show_exercise_json(capsys, shipped):
    rc, out, err = run(capsys, "show", "toe-walking", "--json")
    assert rc == 0 and err == ""
    data = json.loads(out)
    assert set(data) == set(Exercise.model_fields) | {"routines"}
    assert data["id"] == "toe-walking"
    assert data["name"] == "Toe walking"
    assert data["aliases"] == ["Walking on tiptoes"]
    assert data["prescription"]["kind"] == "timed"
    assert data["routines"] == [r.id for r in shipped.routines_using("toe-walking")]
    assert "feet-first-five" in data["routines"]


SHIPPED = load_library()


@pytest.mark.parametrize("ident", [*SHIPPED.exercises, *SHIPPED.routines])
def test_show_every_shipped_id(capsys, ident):
    """Every exercise and routine can be shown, as text and as JSON, and says what it is."""
    rc, out, err = run(capsys, "show", ident)
    assert rc == 0 and err == ""
    is_routine = ident in SHIPPED.routines
    name = (SHIPPED.routines if is_routine else SHIPPED.exercises)[ident].name
    assert out.startswith(name)
    rc, out, err = run(capsys, "show", ident, "--json")
    assert rc == 0 and err == ""
    data = json.loads(out)
    assert data["id"] == ident
    if is_routine:
        assert len(data["steps"]) == len(SHIPPED.steps(ident))
    else:
        assert "prescription" in data and "steps" in data


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("heel-raise", "heel-raises"),
        ("feet-first-fiv", "feet-first-five"),
        ("qqqqqq", None),
    ],
)
def test_show_unknown_id(capsys, typed, hint):
    rc, out, err = run(capsys, "show", typed)
    assert rc == 1
    assert out == ""
    assert f"no exercise or routine '{typed}'" in err
    if hint:
        assert f"(did you mean '{hint}'?)" in err
    else:
        assert "did you mean" not in err
    assert len(err.splitlines()) == 1


# --- validate -------------------------------------------------------------------------------


def test_validate_default_is_one_summary_line(capsys, shipped):
    rc, out, err = run(capsys, "validate")
    assert rc == 0 and err == ""
    assert out == (
        f"ok: {len(shipped.exercises)} exercises, {len(shipped.routines)} routines"
        f" ({paths.shipped_library()})\n"
    )
    assert out.startswith("ok: 15 exercises, 5 routines")


def test_validate_good_path(capsys, tmp_path):
    path = tmp_path / "mine.toml"
    # On its own, a library must define what its routines use.
    path.write_text(GOOD_USER_LIBRARY.replace(
        '[[routines.items]]\nexercise = "heel-raises"\n', ""), encoding="utf-8")
    rc, out, err = run(capsys, "validate", "--alone", path)
    assert rc == 0 and err == ""
    assert out == f"ok: {path} on its own: 1 exercise, 1 routine\n"
    rc, out, err = run(capsys, "validate", path)
    assert rc == 0 and err == ""
    assert out == (f"ok: {path}: 1 exercise and 1 routine of its own, over the shipped library"
                   " (16 exercises, 6 routines in all)\n")


def test_validate_lists_every_problem_located(capsys, broken_library):
    rc, out, err = run(capsys, "validate", broken_library)
    assert rc == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[-1] == "coach: 2 problems found"
    assert len(lines) == 3
    for line in lines[:-1]:
        assert LOCATED.match(line), line
    assert_located(err, broken_library)


@pytest.mark.parametrize("make", ["missing", "directory", "binary"])
def test_validate_unreadable_path(capsys, tmp_path, make):
    path = tmp_path / "lib.toml"
    if make == "directory":
        path.mkdir()
    elif make == "binary":
        path.write_bytes(b"\x00\x01\x02" * 100)
    rc, out, err = run(capsys, "validate", path)
    assert rc == 1 and out == ""
    assert err.splitlines()[0].startswith(f"{path}")
    assert err.splitlines()[-1] == "coach: 1 problem found"


def test_validate_checks_the_users_library_too(capsys, config_dir):
    mine = config_dir / "exercises.toml"
    mine.write_text(BROKEN_LIBRARY, encoding="utf-8")
    rc, out, err = run(capsys, "validate")
    assert rc == 1 and out == ""
    assert_located(err, mine)
    # Merged over the shipped library, the misspelling gets a suggestion.
    assert "unknown exercise 'heel-raise' (did you mean 'heel-raises'?)" in err


def test_validate_merges_a_good_users_library(capsys, config_dir):
    mine = config_dir / "exercises.toml"
    mine.write_text(GOOD_USER_LIBRARY, encoding="utf-8")
    rc, out, err = run(capsys, "validate")
    assert rc == 0 and err == ""
    assert out.startswith("ok: 16 exercises, 6 routines (")
    assert str(mine) in out and str(paths.shipped_library()) in out


def test_validate_takes_a_routine_export_the_way_coach_will_use_it(capsys, tmp_path):
    """An export names shipped exercises it does not carry: over the shipped library (as
    `routine import` and coach use it) it is fine; on its own it is not a whole library."""
    export = tmp_path / "ffs.toml"
    assert run(capsys, "routine", "export", "feet-first-five", export)[0] == 0
    rc, out, err = run(capsys, "validate", export)
    assert (rc, err) == (0, "")
    assert out == (f"ok: {export}: 0 exercises and 1 routine of its own, over the shipped"
                   " library (15 exercises, 5 routines in all)\n")
    rc, out, err = run(capsys, "validate", "--alone", export)
    assert (rc, out) == (1, "")
    lines = export.read_text(encoding="utf-8").splitlines()
    line = lines.index('exercise = "toe-walking"') + 1  # where the file names it
    assert f"{export}:{line}: routines[feet-first-five].items[1].exercise: unknown exercise" \
           " 'toe-walking'" in err
    assert err.splitlines()[-1] == "coach: 6 problems found"


def test_validate_several_files_each_over_the_shipped_library(capsys, tmp_path,
                                                              broken_library):
    good = tmp_path / "good.toml"
    good.write_text(GOOD_USER_LIBRARY, encoding="utf-8")  # uses the shipped heel raises
    rc, out, err = run(capsys, "validate", good, good)
    assert (rc, err) == (0, "") and out.count(f"ok: {good}: 1 exercise and 1 routine") == 2
    # a problem in one file fails the whole check, and each problem says where it is
    rc, out, err = run(capsys, "validate", good, broken_library)
    assert (rc, out) == (1, "")
    assert_located(err, broken_library)
    # over the shipped library the misspelling is of a shipped exercise: a suggestion
    assert "unknown exercise 'heel-raise' (did you mean 'heel-raises'?)" in err


def test_validate_alone_needs_a_file(capsys):
    rc, out, err = run(capsys, "validate", "--alone")
    assert (rc, out) == (2, "")
    assert err == "coach: --alone checks the FILEs given; name at least one\n"


def test_validate_help_says_both_ways(capsys):
    with pytest.raises(SystemExit):
        cli.main(["validate", "--help"])
    out = capsys.readouterr().out
    assert "[--alone] [FILE ...]" in " ".join(out.split())
    assert "over the shipped one" in out and "as a whole library" in out


def test_history_help_shows_the_action_as_optional(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["history", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert exc.value.code == 0
    assert "[--last N] [--json | --csv] [ACTION] ..." in out
    assert "actions (none: list the sessions):" in out
    # and it is optional: no action lists
    assert run(capsys, "history")[:2] == (0, "No sessions yet. Start one with `coach`.\n")


# --- routine import --name ---------------------------------------------------------------------


def test_routine_import_takes_a_new_name_and_refuses_a_second_of_one_name(
        capsys, tmp_path, config_dir):
    export = tmp_path / "ffs.toml"
    run(capsys, "routine", "export", "feet-first-five", export)
    # a new id alone would leave two "Feet-first five" in the picker: refused, and said how
    rc, out, err = run(capsys, "routine", "import", export, "--as", "mine")
    assert (rc, out) == (1, "")
    assert err == ("coach: the routine 'feet-first-five' is already named 'Feet-first five',"
                   " so the picker would show two routines of that name; give it another"
                   " name with --name, such as --name 'Feet-first five (2)'\n")
    assert not (config_dir / "exercises.toml").exists()  # nothing written
    # the clash of ids says both flags at once
    rc, _, err = run(capsys, "routine", "import", export)
    assert rc == 1 and "--as NEW_ID --name NAME (such as --as my-feet-first-five --name" \
        " 'Feet-first five (2)')" in err
    rc, out, err = run(capsys, "routine", "import", export, "--as", "mine", "--name",
                       "  My feet  ")
    assert (rc, err) == (0, "")
    rc, out, _ = run(capsys, "list", "--json")
    names = {r["id"]: r["name"] for r in json.loads(out)["routines"]}
    assert names["mine"] == "My feet"
    # the same name in other spacing and case is the same name
    rc, _, err = run(capsys, "routine", "import", export, "--as", "other", "--name", "my  FEET")
    assert rc == 1 and "the routine 'mine' is already named 'My feet'" in err
    # replacing your own routine keeps its name without clashing with itself
    rc, _, err = run(capsys, "routine", "import", export, "--as", "mine", "--name", "My feet")
    assert rc == 1 and "--replace" in err
    assert usage_error(capsys, "routine", "import", str(export), "--as", "mine",
                       "--replace")[0] == 2  # --replace and --as do not go together
    rc, _, err = run(capsys, "routine", "import", export, "--as", "third", "--name",
                     "Third\x1b[2J")
    assert rc == 1 and "--name: control character U+001B is not allowed" in err


def test_routine_import_name_is_for_a_file_of_one_routine(capsys, tmp_path, config_dir):
    two = tmp_path / "two.toml"
    second = ('\n[[routines]]\nid = "slow-taps"\nname = "Quick  TAPS"\n'
              'description = "The same, slowly."\n\n[[routines.items]]\nexercise = "toe-taps"\n')
    two.write_text(GOOD_USER_LIBRARY + second, encoding="utf-8")
    rc, _, err = run(capsys, "routine", "import", two, "--name", "Both")
    assert rc == 1 and "--name names one routine, but" in err and "holds 2" in err
    # two routines of one name in the file itself: refused, the file is what to change
    rc, _, err = run(capsys, "routine", "import", two)
    assert rc == 1 and "is already named 'Quick  TAPS'" in err and f"rename it in {two}" in err
    assert not (config_dir / "exercises.toml").exists()


# --- --library ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["--library", "{bad}"],
        ["--library", "{bad}", "run", "feet-first-five"],
        ["run", "feet-first-five", "--library", "{bad}"],
        ["--library", "{bad}", "list"],
        ["list", "--json", "--library", "{bad}"],
        ["show", "heel-raises", "--library", "{bad}"],
        ["--library", "{bad}", "show", "feet-first-five", "--json"],
        ["validate", "--library", "{bad}"],
        ["config", "--library", "{bad}"],
    ],
    ids=lambda a: " ".join(a).replace("{bad}", "BAD"),
)
def test_bad_library_flag_refuses_on_every_command(capsys, fake_tui, broken_library, argv):
    rc, out, err = run(capsys, *(a.format(bad=broken_library) for a in argv))
    assert rc == 1
    assert out == ""
    assert_located(err, broken_library)
    assert fake_tui == []  # no UI was started
    assert "Traceback" not in err


def test_missing_library_flag_refuses(capsys, fake_tui, tmp_path):
    missing = tmp_path / "nope.toml"
    rc, out, err = run(capsys, "--library", missing, "run", "feet-first-five")
    assert rc == 1 and out == ""
    assert f"{missing}: no such file" in err
    assert fake_tui == []


def test_good_library_flag_replaces_shipped_and_users(capsys, config_dir, tmp_path):
    (config_dir / "exercises.toml").write_text(GOOD_USER_LIBRARY, encoding="utf-8")
    only = tmp_path / "only.toml"
    only.write_text(GOOD_USER_LIBRARY.replace(
        '[[routines.items]]\nexercise = "heel-raises"\n', ""), encoding="utf-8")
    rc, out, err = run(capsys, "list", "--json", "--library", only)
    assert rc == 0 and err == ""
    data = json.loads(out)
    assert [e["id"] for e in data["exercises"]] == ["toe-taps"]
    assert [r["id"] for r in data["routines"]] == ["quick-taps"]
    # The flag also works before the command.
    rc, out, _ = run(capsys, "--library", only, "show", "quick-taps", "--json")
    assert rc == 0 and json.loads(out)["steps"][1]["seconds"] == 30
    rc, out, err = run(capsys, "config", "--library", only)
    assert rc == 0 and err == ""
    assert f"# library: {only}" in out


# --- run and the TUI ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "hint"), [("feet-first-fiv", "feet-first-five"), ("zzzzzz", None)]
)
def test_run_unknown_routine(capsys, fake_tui, typed, hint):
    rc, out, err = run(capsys, "run", typed)
    assert rc == 1 and out == ""
    assert f"no routine '{typed}'" in err
    assert (f"(did you mean '{hint}'?)" in err) if hint else ("did you mean" not in err)
    assert fake_tui == []


def test_run_starts_the_tui_on_the_routine(capsys, fake_tui, isolated_user_dirs):
    rc, _, err = run(capsys, "run", "feet-first-five")
    assert rc == 0 and err == ""
    [app] = fake_tui
    assert app.ran
    assert app.kwargs["start_routine"] == "feet-first-five"
    assert "feet-first-five" in app.kwargs["library"].routines
    assert app.kwargs["locations"].config_dir == isolated_user_dirs / ".config" / "coach"


def test_bare_coach_opens_the_picker(capsys, fake_tui):
    rc, _, _ = run(capsys)
    assert rc == 0
    [app] = fake_tui
    assert app.kwargs["start_routine"] is None


@pytest.mark.parametrize("argv", [
    [], ["--data-dir", "d"], ["--config-dir=c", "--data-dir", "d"], ["--lib", "x.toml"],
])
def test_bare_coach_needs_no_sub_command_parsers(monkeypatch, argv):
    """The app's start skips building every sub-command's parser, and reads the global
    options (abbreviated or with '=') just as the full parser does."""
    expected = vars(cli.build_parser().parse_args(argv))
    monkeypatch.setattr(cli, "build_parser", lambda: pytest.fail("the full parser was built"))
    assert vars(cli.parse_args(argv)) == expected


@pytest.mark.parametrize("argv", [
    ["--data-dir"], ["--bogus"], ["list"], ["--version"], ["-h"], ["--library", "x", "list"],
])
def test_anything_else_goes_to_the_full_parser(monkeypatch, capsys, argv):
    built = []
    real = cli.build_parser
    monkeypatch.setattr(cli, "build_parser", lambda: built.append(1) or real())
    with contextlib.suppress(SystemExit):  # usage errors, --version and -h leave as ever
        cli.parse_args(argv)
    assert built == [1]


def test_tui_return_code_is_the_exit_status(capsys, fake_tui, monkeypatch):
    def run_and_fail(self):
        self.return_code = 3

    monkeypatch.setattr(FakeApp, "run", run_and_fail)
    assert cli.main(["run", "heel-raises-nope"]) == 1  # unknown: never started
    assert cli.main(["run", "feet-first-five"]) == 3


def _warm_the_cache() -> None:
    """What the app does just after its first frame on a clean start."""
    from coach.overview import overviews
    from coach.startup_cache import Startup

    startup = Startup(paths.resolve())
    startup.load_settings()
    assert startup.remember(overviews(startup.library(), startup.settings))


def test_a_warm_start_hands_the_app_the_cache_not_the_library(capsys, fake_tui):
    assert run(capsys)[0] == 0
    [cold] = fake_tui
    assert cold.kwargs["library"] is not None  # validated before the app, as always
    _warm_the_cache()
    assert run(capsys)[0] == 0
    warm = fake_tui[1]
    assert warm.kwargs["library"] is None
    startup = warm.kwargs["startup"]
    assert [o.id for o in startup.overviews] == list(cold.kwargs["library"].routines)
    assert warm.kwargs["settings"] == cold.kwargs["settings"]


def test_a_warm_start_still_refuses_an_unknown_routine(capsys, fake_tui):
    _warm_the_cache()
    rc, out, err = run(capsys, "run", "feet-first-fiv")
    assert rc == 1 and out == ""
    assert "no routine 'feet-first-fiv' (did you mean 'feet-first-five'?)" in err
    assert fake_tui == []
    assert run(capsys, "run", "feet-first-five")[0] == 0
    assert fake_tui[0].kwargs["start_routine"] == "feet-first-five"


def test_problems_are_reported_on_every_start(capsys, config_dir, fake_tui):
    """Nothing with a problem is cached, so a broken user library is reported each time."""
    (config_dir / "exercises.toml").write_text(BROKEN_LIBRARY, encoding="utf-8")
    for _ in range(2):
        rc, _, err = run(capsys)
        assert rc == 0 and "set aside" in err
        startup = fake_tui[-1].kwargs["startup"]
        assert not startup.remember(())


def test_tui_needs_a_terminal(capsys, monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    rc, out, err = run(capsys, "run", "feet-first-five")
    assert rc == 1 and out == ""
    assert "needs an interactive terminal" in err


# --- the user's library ----------------------------------------------------------------------


def test_broken_user_library_is_set_aside(capsys, config_dir, shipped):
    mine = config_dir / "exercises.toml"
    mine.write_text(BROKEN_LIBRARY, encoding="utf-8")
    rc, out, err = run(capsys, "list", "--json")
    assert rc == 0
    data = json.loads(out)
    assert [r["id"] for r in data["routines"]] == list(shipped.routines)
    assert [e["id"] for e in data["exercises"]] == list(shipped.exercises)
    assert f"your library {mine} has problems, so it was set aside" in err
    assert_located(err, mine)


def test_broken_user_library_does_not_stop_run(capsys, config_dir, fake_tui):
    (config_dir / "exercises.toml").write_text(BROKEN_LIBRARY, encoding="utf-8")
    rc, _, err = run(capsys, "run", "feet-first-five")
    assert rc == 0
    assert "set aside" in err
    [app] = fake_tui
    assert "quick-taps" not in app.kwargs["library"].routines


def test_good_user_library_is_merged(capsys, config_dir, shipped):
    (config_dir / "exercises.toml").write_text(GOOD_USER_LIBRARY, encoding="utf-8")
    rc, out, err = run(capsys, "list", "--json")
    assert rc == 0 and err == ""
    data = json.loads(out)
    assert [r["id"] for r in data["routines"]] == [*shipped.routines, "quick-taps"]
    assert [e["id"] for e in data["exercises"]] == [*shipped.exercises, "toe-taps"]
    rc, out, _ = run(capsys, "show", "quick-taps", "--base")  # the article's numbers
    assert rc == 0
    assert out.startswith("Quick taps  (")
    assert "2. Heel raises: 10-20 reps, 3 s a rep · each side, right first" in out


# --- config and where things live ------------------------------------------------------------


def config_paths(out: str) -> dict[str, str]:
    """``# settings: PATH (...)`` lines -> {"settings": PATH, ...}."""
    found = {}
    for line in out.splitlines():
        m = re.match(r"# ([a-z -]+): (\S+)", line)
        if m:
            found[m[1]] = m[2]
    return found


def test_config_defaults_and_where_they_live(capsys, isolated_user_dirs):
    rc, out, err = run(capsys, "config")
    assert rc == 0 and err == ""
    cfg = isolated_user_dirs / ".config" / "coach"
    data = isolated_user_dirs / ".local" / "share" / "coach"
    assert config_paths(out) == {
        "settings": str(cfg / "config.toml"),
        "your library": str(cfg / "exercises.toml"),
        "history": str(data / "history.sqlite3"),
        "start-up cache": str(isolated_user_dirs / ".cache" / "coach"),
    }
    assert "(not created; defaults)" in out and "(none yet)" in out
    assert "\nprepare_seconds = 5\n" in out
    assert "\nswitch_seconds = 5\n" in out
    assert "\nbell = true\n" in out
    assert '\ntheme = "textual-dark"\n' in out


def test_config_shows_the_settings_in_use(capsys, config_dir):
    (config_dir / "config.toml").write_text('prepare_seconds = 0\nbell = false\n')
    rc, out, err = run(capsys, "config")
    assert rc == 0 and err == ""
    assert "(not created" not in out
    assert "\nprepare_seconds = 0\n" in out and "\nbell = false\n" in out


def test_config_flags_move_things(capsys, tmp_path):
    cfg, data = tmp_path / "cfg", tmp_path / "data"
    rc, out, _ = run(capsys, "--config-dir", cfg, "config", "--data-dir", data)
    assert rc == 0
    found = config_paths(out)
    assert found["settings"] == str(cfg / "config.toml")
    assert found["your library"] == str(cfg / "exercises.toml")
    assert found["history"] == str(data / "history.sqlite3")


def test_config_environment_moves_things(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_CONFIG_DIR", str(tmp_path / "env-cfg"))
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "env-data"))
    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path / "env-cache"))
    _, out, _ = run(capsys, "config")
    assert config_paths(out)["start-up cache"] == str(tmp_path / "env-cache")
    assert config_paths(out)["settings"] == str(tmp_path / "env-cfg" / "config.toml")
    assert config_paths(out)["history"] == str(tmp_path / "env-data" / "history.sqlite3")
    # Flags win over the environment.
    _, out, _ = run(capsys, "config", "--config-dir", tmp_path / "flag")
    assert config_paths(out)["settings"] == str(tmp_path / "flag" / "config.toml")
    assert config_paths(out)["history"] == str(tmp_path / "env-data" / "history.sqlite3")


def test_config_follows_xdg(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xc"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xd"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xh"))
    _, out, _ = run(capsys, "config")
    assert config_paths(out)["start-up cache"] == str(tmp_path / "xh" / "coach")
    assert config_paths(out)["settings"] == str(tmp_path / "xc" / "coach" / "config.toml")
    assert config_paths(out)["history"] == str(tmp_path / "xd" / "coach" / "history.sqlite3")


def test_config_dir_holds_the_users_library(capsys, tmp_path, shipped):
    """--config-dir moves where the user's exercises.toml is read from, not just config.toml."""
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    (cfg / "exercises.toml").write_text(GOOD_USER_LIBRARY, encoding="utf-8")
    _, out, _ = run(capsys, "list", "--json")
    assert "quick-taps" not in [r["id"] for r in json.loads(out)["routines"]]
    _, out, _ = run(capsys, "--config-dir", cfg, "list", "--json")
    assert "quick-taps" in [r["id"] for r in json.loads(out)["routines"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('bell = true\nprepare_seconds = "5"\n',
         [(2, "prepare_seconds", "expected a whole number")]),
        ("switch_seconds = 99\n", [(1, "switch_seconds", "must be at most 60")]),
        ('theme = "x"\ncolour = 1\nthem = "y"\n',
         [(2, "colour", "unknown key 'colour'"),
          (3, "them", "unknown key 'them' (did you mean 'theme'?)")]),
        ('theme = "x"\n\n[bell]\nloud = true\n', [(3, "bell", "expected true or false")]),
        ('"prepare_seconds" = -1\n', [(1, "prepare_seconds", "must be at least 0")]),
        ('\ufeffprepare_seconds = 61\n', [(1, "prepare_seconds", "must be at most 60")]),
    ],
    ids=["quoted-number", "too-big", "unknown-keys", "table", "quoted-key", "bom"],
)
def test_broken_config_is_located_and_defaults_used(capsys, config_dir, text, expected):
    path = config_dir / "config.toml"
    path.write_text(text, encoding="utf-8")
    rc, out, err = run(capsys, "config")
    assert rc == 0
    assert "settings have problems; the defaults are used" in err
    assert_located(err, path, expected)
    problem_lines = [ln for ln in err.splitlines() if ln.startswith(str(path))]
    assert len(problem_lines) == len(expected)
    lines = [int(LOCATED.match(ln)["line"]) for ln in problem_lines]
    assert lines == sorted(lines), "problems are listed in file order"
    assert "\nprepare_seconds = 5\n" in out and "\nbell = true\n" in out


@pytest.mark.parametrize(
    ("text", "line"),
    [("bell = true\nprepare_seconds = \n", 2), ("bell = true\nprepare_seconds = [1,\n", 2),
     ('theme = "open\n', 1)],
    ids=["no-value", "open-array-at-end", "open-string"],
)
def test_config_syntax_error_has_a_line(capsys, config_dir, text, line):
    path = config_dir / "config.toml"
    path.write_text(text, encoding="utf-8")
    rc, out, err = run(capsys, "config")
    assert rc == 0
    [problem] = [ln for ln in err.splitlines() if ln.startswith(str(path))]
    assert problem.startswith(f"{path}:{line}: invalid TOML: ")
    assert "(at " not in problem
    assert "\nprepare_seconds = 5\n" in out


def test_broken_config_does_not_stop_list(capsys, config_dir):
    (config_dir / "config.toml").write_text("prepare_seconds = 'x'\n")
    rc, out, err = run(capsys, "list")
    assert rc == 0
    assert out.startswith("Routines\n")
    assert f"{config_dir / 'config.toml'}:1: prepare_seconds: " in err


# --- failures never show a traceback -------------------------------------------------------


def test_unexpected_error_is_one_line_and_exit_70(capsys, monkeypatch, isolated_user_dirs):
    import coach.library

    def boom(*args, **kwargs):
        raise RuntimeError("the disk\nfell over")

    monkeypatch.setattr(coach.library, "load_library", boom)
    rc, out, err = run(capsys, "list")
    assert rc == 70
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("coach: unexpected error: RuntimeError: the disk fell over")
    assert "Traceback" not in err
    # The details are in a report of its own in the state directory (XDG_STATE_HOME).
    [report] = (isolated_user_dirs / ".local" / "state" / "coach").glob("crash-*.log")
    assert err.endswith(f"; details are in {report}\n")
    assert "Traceback" in report.read_text() and "the disk" in report.read_text()


def test_keyboard_interrupt_exits_130(capsys, monkeypatch):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(config_command, "cmd_config", interrupted)
    rc, _, err = run(capsys, "config")
    assert rc == 130
    assert "Traceback" not in err


def test_problems_are_coloured_only_on_a_terminal(monkeypatch, capsys, broken_library):
    """Colour follows the stderr in use at the time, and NO_COLOR turns it off."""

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    tty = Terminal()
    monkeypatch.setattr(sys, "stderr", tty)
    assert cli.main(["validate", str(broken_library)]) == 1
    assert "\x1b[" in tty.getvalue()

    plain = Terminal()
    monkeypatch.setattr(sys, "stderr", plain)
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli.main(["validate", str(broken_library)]) == 1
    assert "\x1b[" not in plain.getvalue()
    assert_located(plain.getvalue(), broken_library)


# --- real processes ---------------------------------------------------------------------------


def coach(tmp_path: Path, *argv, env: dict | None = None, **kwargs):
    base = {**isolated_env(tmp_path), "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "coach", *map(str, argv)],
        env=base, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
        **kwargs,
    )


def test_process_list_json(tmp_path, shipped):
    proc = coach(tmp_path, "list", "--json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    data = json.loads(proc.stdout)
    assert [r["id"] for r in data["routines"]] == list(shipped.routines)


def test_process_config_follows_xdg_and_environment(tmp_path):
    proc = coach(tmp_path, "config")
    assert proc.returncode == 0
    assert config_paths(proc.stdout)["settings"] == str(
        tmp_path / "xdg-config" / "coach" / "config.toml")
    assert config_paths(proc.stdout)["history"] == str(
        tmp_path / "xdg-data" / "coach" / "history.sqlite3")
    proc = coach(tmp_path, "config", env={"COACH_DATA_DIR": str(tmp_path / "d")})
    assert config_paths(proc.stdout)["history"] == str(tmp_path / "d" / "history.sqlite3")


def test_process_bad_library_refuses_bare_coach(tmp_path, broken_library):
    proc = coach(tmp_path, "--library", broken_library)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert_located(proc.stderr, broken_library)
    assert "Traceback" not in proc.stderr


def test_process_run_unknown(tmp_path):
    proc = coach(tmp_path, "run", "heel-raisess")
    assert proc.returncode == 1
    assert "no routine 'heel-raisess'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_process_usage_error(tmp_path):
    proc = coach(tmp_path, "show", "--nope")
    assert proc.returncode == 2
    assert proc.stderr.startswith("usage: coach")
    assert "Traceback" not in proc.stderr


def test_process_broken_user_library(tmp_path):
    mine = tmp_path / "xdg-config" / "coach" / "exercises.toml"
    mine.parent.mkdir(parents=True)
    mine.write_text(BROKEN_LIBRARY, encoding="utf-8")
    proc = coach(tmp_path, "show", "feet-first-five")
    assert proc.returncode == 0
    assert proc.stdout.startswith("Feet-first five")
    assert "set aside" in proc.stderr
    assert_located(proc.stderr, mine)


@pytest.mark.parametrize("argv", [["list"], ["show", "twenty-minute-morning", "--json"],
                                  ["validate"]])
def test_process_closed_stdout_is_quiet(tmp_path, argv):
    """``coach list | head``: the reader leaving is not an error."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "coach", *argv],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
        env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "c"),
             "XDG_DATA_HOME": str(tmp_path / "d")},
    )
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 0
    assert "Traceback" not in err and "Exception ignored" not in err
