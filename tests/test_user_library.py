"""The user's own library file: round trips, crash-safe saves, refusals, export and import,
and the builder's drafts, all without a terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from coach import cli, files, paths, user_library
from coach.drafts import Draft, DraftItem, parse_prescription
from coach.library import load_file, load_library
from coach.models import Hold, Reps, Routine, RoutineItem, Span
from coach.routine_transfer import export_routine, import_routine
from coach.user_library import (
    BrokenUserLibrary,
    IdClash,
    NameClash,
    UserLibraryError,
    delete_routine,
    routine_table,
    save_routine,
)

OWN_EXERCISE = '''\
# my physio's exercise
[[exercises]]
id = "marble-pickup"
name = "Marble pick-up"
purpose = "Strengthen the toes."
position = "Sit with marbles on the floor."
steps = ["Pick up a marble with the toes.", "Drop it in a cup."]
sides = "each"
prescription = { kind = "reps", count = 10 }
'''


@pytest.fixture
def shipped():
    return load_library(None, user_library=None)


@pytest.fixture
def user_path(tmp_path) -> Path:
    return tmp_path / "config" / "coach" / "exercises.toml"


def stiff_side() -> Routine:
    """What the issue asks for: three exercises, longer holds on the stiff side."""
    return Routine(
        id="stiff-left",
        name="Stiff left side",
        description="The three that help, with longer holds on the left.",
        items=[
            RoutineItem(exercise="heel-stretch",
                        prescription=Hold(kind="hold", seconds=Span(30, 45), holds=3,
                                          sides="each", first_side="left")),
            RoutineItem(exercise="heel-raises",
                        prescription=Reps(kind="reps", count=Span(10, 10), tempo_seconds=2.5,
                                          sets=3, rest_seconds=Span(30, 30)),
                        note="Slowly down."),
            RoutineItem(exercise="toe-curls"),
        ],
    )


# --- round trips ------------------------------------------------------------------------------


def test_build_save_load_is_the_same_routine(user_path):
    routine = stiff_side()
    save_routine(user_path, routine)
    library = load_library(None, user_library=user_path)
    assert library.problems == []
    assert library.routines["stiff-left"] == routine
    assert library.origin[("routine", "stiff-left")] == user_path


def test_tables_write_spans_as_numbers_or_pairs_and_leave_out_nulls():
    table = routine_table(stiff_side())
    first, second, third = table["items"]
    assert first["prescription"] == {"kind": "hold", "seconds": [30, 45], "holds": 3,
                                     "sides": "each", "first_side": "left"}
    assert second["prescription"]["count"] == 10 and second["prescription"]["rest_seconds"] == 30
    assert third == {"exercise": "toe-curls"}  # no prescription: the exercise's own
    assert "source" not in table


def test_every_shipped_routine_round_trips_through_a_draft(user_path, shipped):
    """Copy each shipped routine in the builder's draft, save it, load it: the same items."""
    for n, routine in enumerate(shipped.routines.values()):
        draft = Draft.of(routine, shipped.exercises, taken=shipped.routines)
        built = draft.routine()
        assert built is not None, draft.field_errors()
        assert built.items == routine.items
        save_routine(user_path, built)
        loaded = load_library(None, user_library=user_path)
        assert loaded.routines[built.id] == built
        assert len(loaded.routines) == len(shipped.routines) + n + 1


def test_saving_keeps_the_users_own_exercises_untouched(user_path):
    user_path.parent.mkdir(parents=True)
    user_path.write_text(OWN_EXERCISE, encoding="utf-8")
    before = tomllib.loads(OWN_EXERCISE)["exercises"]
    routine = Routine(id="marbles", name="Marbles", description="Toes.",
                      items=[RoutineItem(exercise="marble-pickup")])
    save_routine(user_path, routine)
    raw = tomllib.loads(user_path.read_text(encoding="utf-8"))
    assert raw["exercises"] == before
    assert load_library(None, user_library=user_path).routines["marbles"] == routine


def test_replace_keeps_the_position_and_may_rename(user_path):
    base = stiff_side()
    save_routine(user_path, base.model_copy(update={"id": "one"}))
    save_routine(user_path, base.model_copy(update={"id": "two"}))
    save_routine(user_path, base.model_copy(update={"id": "three"}))
    save_routine(user_path, base.model_copy(update={"id": "deux", "name": "Deux"}),
                 replace_id="two")
    ids = [t["id"] for t in tomllib.loads(user_path.read_text())["routines"]]
    assert ids == ["one", "deux", "three"]


def test_the_config_directory_is_made_when_missing(tmp_path):
    path = tmp_path / "a" / "b" / "exercises.toml"
    save_routine(path, stiff_side())
    assert path.is_file()


# --- refusals --------------------------------------------------------------------------------


def test_an_id_of_a_shipped_routine_is_refused_with_a_free_one(user_path):
    routine = stiff_side().model_copy(update={"id": "feet-first-five"})
    with pytest.raises(IdClash) as caught:
        save_routine(user_path, routine)
    assert caught.value.suggestion == "my-feet-first-five"
    assert "never changed" in str(caught.value)
    assert not user_path.exists()


def test_an_id_of_another_of_your_routines_is_refused(user_path):
    save_routine(user_path, stiff_side())
    with pytest.raises(IdClash) as caught:
        save_routine(user_path, stiff_side())
    assert caught.value.suggestion == "stiff-left-2"
    # Editing it in place is fine.
    save_routine(user_path, stiff_side().model_copy(update={"name": "Left"}),
                 replace_id="stiff-left")
    assert load_library(None, user_library=user_path).routines["stiff-left"].name == "Left"


def test_a_broken_user_file_is_never_overwritten(user_path):
    user_path.parent.mkdir(parents=True)
    broken = b'[[routines]]\nid = "mine"\nname = "Mine"\nitems = [{ exercise = "nope" }]\n'
    user_path.write_bytes(broken)
    for change in (lambda: save_routine(user_path, stiff_side()),
                   lambda: delete_routine(user_path, "mine")):
        with pytest.raises(BrokenUserLibrary) as caught:
            change()
        lines = [str(p) for p in caught.value.problems]
        assert any(line.startswith(f"{user_path}:1: routines[mine]: missing required key"
                                   " 'description'") for line in lines), lines
        assert any("unknown exercise 'nope'" in line for line in lines)
    assert user_path.read_bytes() == broken


def test_a_file_that_would_be_wrong_is_not_written(user_path):
    save_routine(user_path, stiff_side())
    before = user_path.read_bytes()
    bad = Routine(id="bad", name="Bad", description="Names an exercise nobody has.",
                  items=[RoutineItem(exercise="no-such-exercise")])
    with pytest.raises(UserLibraryError) as caught:
        save_routine(user_path, bad)
    [problem] = caught.value.problems
    assert problem.file == str(user_path) and problem.line is not None
    assert "unknown exercise 'no-such-exercise'" in problem.message
    assert user_path.read_bytes() == before
    assert sorted(p.name for p in user_path.parent.iterdir()) == ["exercises.toml"]


# --- crash-safe saves ----------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["replace", "fsync"])
def test_a_failure_before_the_rename_leaves_the_old_file_byte_for_byte(user_path, monkeypatch,
                                                                        where):
    save_routine(user_path, stiff_side())
    save_routine(user_path, stiff_side().model_copy(update={"id": "second"}))
    before = user_path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError(5, "simulated crash")

    monkeypatch.setattr(files.os, where, crash)
    # Said of the person's file, never of the temporary one.
    with pytest.raises(UserLibraryError) as caught:
        save_routine(user_path, stiff_side().model_copy(update={"id": "another"}))
    assert caught.value.message == f"{user_path}: simulated crash"
    with pytest.raises(UserLibraryError, match="simulated crash"):
        delete_routine(user_path, "stiff-left")
    monkeypatch.undo()
    assert user_path.read_bytes() == before
    # No temporary file is left behind beside it.
    assert sorted(p.name for p in user_path.parent.iterdir()) == ["exercises.toml"]


def test_the_new_file_is_flushed_and_fsynced_before_the_rename(user_path, monkeypatch):
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(files.os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd)))
    monkeypatch.setattr(files.os, "replace",
                        lambda a, b: (events.append("replace"), real_replace(a, b)))
    save_routine(user_path, stiff_side())
    assert events[:2] == ["fsync", "replace"]


def test_the_old_files_permissions_are_kept(user_path):
    save_routine(user_path, stiff_side())
    user_path.chmod(0o640)
    save_routine(user_path, stiff_side().model_copy(update={"id": "b"}))
    assert user_path.stat().st_mode & 0o777 == 0o640


# --- delete ---------------------------------------------------------------------------------


def test_delete_removes_only_that_routine_and_keeps_exercises(user_path):
    user_path.parent.mkdir(parents=True)
    user_path.write_text(OWN_EXERCISE, encoding="utf-8")
    save_routine(user_path, stiff_side())
    save_routine(user_path, stiff_side().model_copy(update={"id": "other"}))
    delete_routine(user_path, "stiff-left")
    library = load_library(None, user_library=user_path)
    assert "stiff-left" not in library.routines and "other" in library.routines
    assert "marble-pickup" in library.exercises


def test_deleting_the_last_routine_of_a_routine_only_file_removes_the_file(user_path):
    save_routine(user_path, stiff_side())
    delete_routine(user_path, "stiff-left")
    assert not user_path.exists()
    assert load_library(None, user_library=user_path).problems == []


def test_delete_refuses_shipped_and_unknown_routines(user_path):
    save_routine(user_path, stiff_side())
    with pytest.raises(UserLibraryError, match="never changed"):
        delete_routine(user_path, "feet-first-five")
    with pytest.raises(UserLibraryError, match="did you mean 'stiff-left'"):
        delete_routine(user_path, "stiff-lef")


# --- export and import -------------------------------------------------------------------------


def test_export_then_import_under_a_new_id(tmp_path, user_path, shipped):
    out = tmp_path / "ffs.toml"
    export_routine(shipped, "feet-first-five", out)
    assert load_file(out).routines == [shipped.routines["feet-first-five"]]
    assert "exercises" not in tomllib.loads(out.read_text())  # all shipped, as they are
    with pytest.raises(IdClash) as caught:
        import_routine(out, user_path)
    assert caught.value.suggestion == "my-feet-first-five"
    with pytest.raises(NameClash) as named:  # beside the shipped one, under the same name
        import_routine(out, user_path, new_id="mine")
    assert named.value.suggestion == "Feet-first five (2)"
    assert import_routine(out, user_path, new_id="mine", name="Mine") == ["mine"]
    loaded = load_library(None, user_library=user_path).routines["mine"]
    assert loaded.items == shipped.routines["feet-first-five"].items


def test_export_brings_the_users_own_exercises_along(tmp_path, user_path):
    user_path.parent.mkdir(parents=True)
    user_path.write_text(OWN_EXERCISE, encoding="utf-8")
    routine = Routine(id="marbles", name="Marbles", description="Toes.",
                      items=[RoutineItem(exercise="marble-pickup"),
                             RoutineItem(exercise="heel-raises")])
    save_routine(user_path, routine)
    library = load_library(None, user_library=user_path)
    out = tmp_path / "marbles.toml"
    export_routine(library, "marbles", out)
    assert [e.id for e in load_file(out).exercises] == ["marble-pickup"]
    # On another machine: nothing of theirs yet.
    elsewhere = tmp_path / "elsewhere" / "exercises.toml"
    assert import_routine(out, elsewhere) == ["marbles"]
    other = load_library(None, user_library=elsewhere)
    assert other.routines["marbles"] == routine
    assert other.exercises["marble-pickup"] == library.exercises["marble-pickup"]
    # Importing the same file again over it: the exercise is the same, the routine clashes.
    with pytest.raises(IdClash, match="--replace"):
        import_routine(out, elsewhere)
    assert import_routine(out, elsewhere, replace=True) == ["marbles"]


def test_import_reports_located_problems_and_changes_nothing(tmp_path, user_path):
    save_routine(user_path, stiff_side())
    before = user_path.read_bytes()
    bad = tmp_path / "bad.toml"
    bad.write_text('[[routines]]\nid = "x"\nname = "X"\ndescription = "D."\n'
                   'items = [{ exercise = "heel-raise" }]\n', encoding="utf-8")
    with pytest.raises(UserLibraryError) as caught:
        import_routine(bad, user_path)
    assert [str(p) for p in caught.value.problems] == [
        f"{bad}:5: routines[x].items[1].exercise: unknown exercise 'heel-raise'"
        " (did you mean 'heel-raises'?)"]
    bad.write_text('[[routines]]\nid = "x"\nname = "X"\ndescription = "D."\n'
                   'items = [{ exercise = "heel-raises", prescription = { kind = "hold",'
                   ' seconds = 900 } }]\n', encoding="utf-8")
    with pytest.raises(UserLibraryError) as caught:
        import_routine(bad, user_path)
    assert [str(p) for p in caught.value.problems] == [
        f"{bad}:5: routines[x].items[1].prescription.seconds: must be between 1 and 600"
        " seconds, got 900"]
    assert user_path.read_bytes() == before


def test_import_never_replaces_a_shipped_exercise(tmp_path, user_path, shipped):
    changed = shipped.exercises["heel-raises"].model_copy(update={"name": "Raises"})
    doc = {"exercises": [user_library.exercise_table(changed)],
           "routines": [routine_table(stiff_side())]}
    out = tmp_path / "x.toml"
    import tomli_w

    out.write_text(tomli_w.dumps(doc), encoding="utf-8")
    with pytest.raises(UserLibraryError, match="shipped exercises are never changed"):
        import_routine(out, user_path)
    assert not user_path.exists()


# --- the command line --------------------------------------------------------------------------


def run_cli(*argv: str) -> int:
    return cli.main(list(argv))


def test_cli_export_and_import(tmp_path, capsys):
    out = tmp_path / "ffs.toml"
    assert run_cli("routine", "export", "feet-first-five", str(out)) == 0
    assert run_cli("routine", "import", str(out)) == 1
    err = capsys.readouterr().err
    assert "shipped routine" in err and "--as my-feet-first-five" in err
    assert run_cli("routine", "import", str(out), "--as", "mine", "--name", "Mine") == 0
    assert "imported 'mine'" in capsys.readouterr().out
    assert run_cli("routine", "import", str(out), "--as", "mine") == 1
    assert "--replace" in capsys.readouterr().err
    assert run_cli("routine", "import", str(out), "--as", "Mine!") == 1
    assert "such as 'mine'" in capsys.readouterr().err
    assert run_cli("routine", "export", "nope", str(out)) == 1
    assert "no routine 'nope'" in capsys.readouterr().err


def test_cli_import_lists_every_problem_with_its_line(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[routines]]\nid = "x"\nname = ""\ndescription = "D."\n'
                   'items = [{ exercise = "heel-raises", prescription = { kind = "hop" } }]\n',
                   encoding="utf-8")
    assert run_cli("routine", "import", str(bad)) == 1
    err = capsys.readouterr().err
    assert f"{bad}:3: routines[x].name: must not be empty" in err
    assert f"{bad}:5: routines[x].items[1].prescription.kind: unknown prescription kind" in err
    assert "Traceback" not in err


def test_cli_routine_commands_never_import_textual(tmp_path):
    out = tmp_path / "ffs.toml"
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "c"),
           "XDG_DATA_HOME": str(tmp_path / "d")}
    code = (
        "import json, sys\nimport coach.cli\n"
        f"rc = coach.cli.main(['routine', 'export', 'feet-first-five', {str(out)!r}])\n"
        f"rc2 = coach.cli.main(['routine', 'import', {str(out)!r}, '--as', 'x', '--name', 'X'])\n"
        "print(json.dumps([rc, rc2, any(m.startswith('textual') for m in sys.modules)]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=120)
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == [0, 0, False], proc.stderr


# --- the builder's drafts -------------------------------------------------------------------------


def test_fields_are_checked_with_the_models_and_messages_name_the_field(shipped):
    item = DraftItem.new(shipped.exercises["heel-stretch"])
    assert item.texts["kind"] == "hold"
    cases = {
        ("seconds", "700"): "must be between 1 and 600 seconds, got 700",
        ("seconds", "30-20"): "range [30, 20] runs backwards; write the smaller number first",
        ("seconds", "abc"): "expected a whole number, or a range such as 20-30",
        ("seconds", ""): "needed",
        ("holds", "0"): "must be at least 1, got 0",
        ("sets", "2.5"): "expected a whole number",
        ("rest_seconds", "601"): "must be between 0 and 600 seconds, got 601",
    }
    for (name, text), message in cases.items():
        texts = {**item.texts, name: text}
        rx, errors = parse_prescription(texts, item.exercise)
        assert rx is None
        assert errors == {name: message}, (name, text)


def test_reps_take_a_tempo_or_none_for_self_paced(shipped):
    item = DraftItem.new(shipped.exercises["heel-raises"])
    item.texts.update(count="10-15", tempo_seconds="2.5", sets="3")
    rx, errors = parse_prescription(item.texts, item.exercise)
    assert errors == {} and rx.count == Span(10, 15) and rx.tempo_seconds == 2.5 and rx.sets == 3
    item.texts["tempo_seconds"] = ""
    assert parse_prescription(item.texts, item.exercise)[0].tempo_seconds is None
    item.texts["tempo_seconds"] = "fast"
    assert parse_prescription(item.texts, item.exercise)[1] == {
        "tempo_seconds": "expected a number of seconds, such as 2 or 2.5"}
    item.texts["tempo_seconds"] = "100"
    assert "at most 60" in parse_prescription(item.texts, item.exercise)[1]["tempo_seconds"]


def test_variants_must_be_the_exercises_own(shipped):
    item = DraftItem.new(shipped.exercises["toe-walking"])
    item.texts["variants"] = "forward, toes-in"
    rx, errors = parse_prescription(item.texts, item.exercise)
    assert errors == {} and rx.variants == ["forward", "toes-in"]
    item.texts["variants"] = "forward, sideways"
    _, errors = parse_prescription(item.texts, item.exercise)
    assert errors["variants"].startswith("no variant 'sideways'")
    item.texts["variants"] = "forward forward"
    assert parse_prescription(item.texts, item.exercise)[1] == {
        "variants": "variant 'forward' is listed twice"}


def test_changing_kind_brings_sensible_fields(shipped):
    item = DraftItem.new(shipped.exercises["heel-stretch"])  # a hold
    item.set_kind("reps")
    rx, errors = parse_prescription(item.texts, item.exercise)
    assert errors == {} and rx.kind == "reps" and rx.count == Span(10, 10)
    item.set_kind("hold")
    assert item.prescription() == item.exercise.prescription


def test_an_untouched_item_keeps_playing_the_exercises_own_prescription(shipped):
    item = DraftItem.new(shipped.exercises["heel-raises"])
    assert item.check() == (RoutineItem(exercise="heel-raises"), {})
    item.texts["sets"] = "3"
    built, _ = item.check()
    assert built.prescription is not None and built.prescription.sets == 3


def test_draft_fields_and_ids(shipped):
    draft = Draft()
    errors = draft.field_errors()
    assert errors["name"] == "must not be empty"
    assert errors["items"] == "add at least one exercise (press a)"
    draft.name, draft.id = "Mine", "Mine"
    assert "lowercase id" in draft.field_errors()["id"]
    draft.id = "feet-first-five"
    assert "shipped" in draft.field_errors(shipped=shipped.routines)["id"]
    draft.id = "taken"
    assert "already have" in draft.field_errors(taken={"taken"})["id"]
    copy = Draft.of(shipped.routines["feet-first-five"], shipped.exercises,
                    taken=shipped.routines)
    assert copy.id == "my-feet-first-five" and copy.name == "Feet-first five (my copy)"
    assert copy.replace_id is None
    edit = Draft.of(shipped.routines["feet-first-five"], shipped.exercises, edit=True)
    assert edit.replace_id == "feet-first-five" and edit.field_errors(shipped={"x"}) == {}


def test_user_routine_ids_and_origin(user_path):
    assert user_library.user_routine_ids(user_path) == []
    save_routine(user_path, stiff_side())
    assert user_library.user_routine_ids(user_path) == ["stiff-left"]
    library = load_library(None, user_library=user_path)
    assert user_library.is_user_routine(library, user_path, "stiff-left")
    assert not user_library.is_user_routine(library, user_path, "feet-first-five")
    assert paths.shipped_library().is_file()
