"""Hostile input to the library, config.toml and routine files, as a person meets it (issue 9).

One case per way in, each through the real command line where a person would meet it
(``coach validate``, ``coach --library X list``, ``coach routine import/export``, ``coach
config``, the app's start) and each asserting the exact message or outcome:

- item 2: control characters in any text are refused where they are, in one wording;
- item 3: a routine's timeline is bounded (measured, never expanded), and so is nesting;
- item 4: only regular files of at most 20 MB are read, and nothing waits on a FIFO;
- item 9: ``routine export`` never replaces a file without ``--force``, never a symlink,
  device or FIFO, and says a missing directory as ``history export`` does.
"""

from __future__ import annotations

import os
import pty
import socket
import subprocess
import sys
import tomllib
import tracemalloc
from pathlib import Path

import pytest
from support import fixed, isolated_env

from coach import cli, paths
from coach.drafts import Draft, DraftItem
from coach.files import FileProblem, write_file
from coach.library import load_file, validate_paths
from coach.limits import MAX_FILE_BYTES
from coach.startup_cache import CACHE_NAME, Startup

# One of everything a person writes in a library, each on a line of its own.
BASE = """\
# A library with one of every text.
[[exercises]]
id = "esc-ex"
name = "Esc"
aliases = ["Also"]
purpose = "Why."
position = "Stand."
steps = ["Move."]
equipment = ["chair"]
areas = ["calves"]
sides = "each"
variants = [{ id = "v", name = "Vee", cue = "Cue." }]
prescription = { kind = "hold", seconds = 10 }

[[routines]]
id = "r"
name = "Routine"
description = "Desc."
source = "Src."

[[routines.items]]
exercise = "esc-ex"
note = "Note."
"""


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """Run from tmp_path, so files show as ``my.toml`` the way a person typed them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def coach(capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    # Whatever the data held, no terminal control reaches the terminal.
    assert "\x1b" not in out + err and "\x07" not in out + err
    return status, out, err


def problems_of(err: str) -> list[str]:
    return [line for line in err.splitlines() if not line.startswith("coach: ")]


# --- item 2: control characters ------------------------------------------------------------

CONTROL_CASES = [
    # (what is written, what it becomes, the problem)
    ('name = "Esc"', r'name = "Esc\u001b"',
     "my.toml:4: exercises[esc-ex].name: control character U+001B is not allowed"),
    ('name = "Esc"', r'name = "E\tsc"',
     "my.toml:4: exercises[esc-ex].name: control character U+0009 is not allowed"),
    ('name = "Esc"', 'name = "Esc\u009b2J"',  # a raw C1 CSI: valid TOML
     "my.toml:4: exercises[esc-ex].name: control character U+009B is not allowed"),
    ('["Also"]', r'["Al\u0007so"]',
     "my.toml:5: exercises[esc-ex].aliases[1]: control character U+0007 is not allowed"),
    ('purpose = "Why."', r'purpose = "Why\u001b]0;pwned\u0007"',
     "my.toml:6: exercises[esc-ex].purpose: control character U+001B is not allowed"),
    ('position = "Stand."', r'position = "Sta\u0008nd."',
     "my.toml:7: exercises[esc-ex].position: control character U+0008 is not allowed"),
    ('["Move."]', r'["Mo\u0000ve."]',
     "my.toml:8: exercises[esc-ex].steps[1]: control character U+0000 is not allowed"),
    ('["chair"]', r'["ch\u007fair"]',
     "my.toml:9: exercises[esc-ex].equipment[1]: control character U+007F is not allowed"),
    ('["calves"]', r'["cal\nves"]',
     "my.toml:10: exercises[esc-ex].areas[1]: control character U+000A is not allowed"),
    ('name = "Vee"', r'name = "V\u001b[2Jee"',
     "my.toml:12: exercises[esc-ex].variants[v].name: control character U+001B is not allowed"),
    ('cue = "Cue."', r'cue = "C\u0085ue."',
     "my.toml:12: exercises[esc-ex].variants[v].cue: control character U+0085 is not allowed"),
    ('name = "Routine"', r'name = "Rou\u009btine"',
     "my.toml:17: routines[r].name: control character U+009B is not allowed"),
    ('description = "Desc."', r'description = "De\u001bsc."',
     "my.toml:18: routines[r].description: control character U+001B is not allowed"),
    ('source = "Src."', r'source = "S\rrc."',
     "my.toml:19: routines[r].source: control character U+000D is not allowed"),
    ('note = "Note."', r'note = "No\u0007te."',
     "my.toml:23: routines[r].items[1].note: control character U+0007 is not allowed"),
]


@pytest.mark.parametrize("old, new, problem", CONTROL_CASES,
                         ids=[c[2].split(": ")[1] + " " + c[1][-8:] for c in CONTROL_CASES])
def test_control_characters_are_refused_where_they_are(here, capsys, old, new, problem):
    assert BASE.count(old) == 1
    Path("my.toml").write_text(BASE.replace(old, new), encoding="utf-8")
    status, out, err = coach(capsys, "validate", "my.toml")
    assert status == 1
    assert problems_of(err) == [problem]
    assert "1 problem found" in err
    # The same file as the whole library refuses to start anything.
    status, out, err = coach(capsys, "--library", "my.toml", "list")
    assert (status, out, problems_of(err)) == (1, "", [problem])


def test_tab_and_newline_are_allowed_where_a_text_runs_over_lines(here, capsys):
    text = BASE
    for old, new in [('"Why."', r'"Why\n\tthis."'), ('"Stand."', r'"Stand\ttall."'),
                     ('["Move."]', '["Move.", """Then\n\tmore."""]'),
                     ('"Cue."', r'"Cue\none."'), ('"Desc."', r'"Line one.\nLine two."'),
                     ('"Src."', r'"A\tB"'), ('"Note."', r'"A\nB"')]:
        text = text.replace(old, new)
    Path("my.toml").write_text(text, encoding="utf-8")
    assert coach(capsys, "validate", "--alone", "my.toml")[:2] == (
        0, "ok: my.toml on its own: 1 exercise, 1 routine\n")


def test_a_raw_escape_byte_is_a_toml_error_shown_escaped(here, capsys):
    Path("my.toml").write_bytes(BASE.replace('"Esc"', '"Esc\x1b[2J"').encode())
    status, _, err = coach(capsys, "validate", "my.toml")
    assert (status, problems_of(err)) == (
        1, [r"my.toml:4: invalid TOML: illegal character '\x1b' (column 12)"])


def test_a_control_character_in_a_key_is_shown_harmless(here, capsys):
    Path("my.toml").write_text(BASE.replace('sides = "each"',
                                            'sides = "each"\n"a\\u001b]0;t\\u0007" = 1'),
                               encoding="utf-8")
    status, _, err = coach(capsys, "validate", "my.toml")
    assert (status, problems_of(err)) == (
        1, ["my.toml:12: exercises[esc-ex]: unknown key 'a\u241b]0;t\u2407'"])


def test_control_characters_in_config_toml_are_refused(capsys):
    config = paths.resolve().config_file
    config.parent.mkdir(parents=True)
    config.write_text('bell = false\ntheme = "dark\\u001b]0;pwned\\u0007"\n', encoding="utf-8")
    status, out, err = coach(capsys, "config")
    assert status == 0
    assert problems_of(err) == [f"{config}:2: theme: control character U+001B is not allowed"]
    assert 'theme = "textual-dark"' in out and "bell = true" in out  # the defaults stand


def test_the_builder_refuses_control_characters_by_the_field():
    library = fixed()
    draft = Draft(name="Morning\x1b]0;x\x07", id="morning", description="Two\nlines\tok.")
    assert draft.field_errors() == {
        "name": "control character U+001B is not allowed",
        "items": "add at least one exercise (press a)",
    }
    item = DraftItem.new(library.exercises["heel-raise"])
    item.note = "Slowly\x07"
    assert item.check() == (None, {"note": "control character U+0007 is not allowed"})
    item.note = "Slowly,\nthen hold."
    assert item.check()[1] == {}


# --- item 3: bounded work -----------------------------------------------------------------

HUGE = BASE.replace('note = "Note."', '''note = "Note."

[[routines]]
id = "huge"
name = "Huge"
description = "Far too much."

[[routines.items]]
exercise = "esc-ex"

[[routines.items]]
exercise = "esc-ex"
prescription = { kind = "hold", seconds = 10, holds = 50, sets = 20, rounds = 20, variants = ["v"] }
''')

HUGE_PROBLEM = ("my.toml:35: routines[huge].items[2]: the routine would play 40,006 steps;"
                " coach plays at most 2,000 (lower sets, rounds or holds)")


def test_a_routine_past_the_step_bound_is_refused_naming_routine_and_item(here, capsys,
                                                                          monkeypatch):
    from coach import timeline

    def refuse(*args, **kwargs):
        raise AssertionError("expanded a routine past the step bound")

    # 40,000 steps are never built: measuring them is a few multiplications.
    monkeypatch.setattr(timeline, "expand_item", refuse)
    monkeypatch.setattr(timeline, "expand", refuse)
    Path("my.toml").write_text(HUGE, encoding="utf-8")
    status, _, err = coach(capsys, "validate", "my.toml")
    assert (status, problems_of(err)) == (1, [HUGE_PROBLEM])
    status, out, err = coach(capsys, "--library", "my.toml", "list")
    assert (status, out, problems_of(err)) == (1, "", [HUGE_PROBLEM])
    status, out, err = coach(capsys, "--library", "my.toml", "show", "huge")
    assert (status, out, problems_of(err)) == (1, "", [HUGE_PROBLEM])


def test_validation_never_expands(here, monkeypatch):
    import coach.timeline

    def refuse(*args, **kwargs):
        raise AssertionError("expanded during validation")

    monkeypatch.setattr(coach.timeline, "expand_item", refuse)
    monkeypatch.setattr(coach.timeline, "expand", refuse)
    Path("my.toml").write_text(HUGE, encoding="utf-8")
    _, problems = validate_paths([Path("my.toml")])
    assert [str(p) for p in problems] == [HUGE_PROBLEM]


def test_a_routine_past_four_hours_is_refused(here, capsys):
    Path("my.toml").write_text(BASE.replace(
        'note = "Note."',
        'note = "Note."\nprescription = { kind = "hold", seconds = [300, 600], holds = 10,'
        ' sets = 3 }'), encoding="utf-8")
    status, _, err = coach(capsys, "validate", "my.toml")
    # 2 sides x 3 sets x 10 holds of up to 600 s, with a 60 s get-ready and switch.
    assert (status, problems_of(err)) == (1, [
        "my.toml:24: routines[r].items[1]: the routine would last up to 10:02:00; coach plays"
        " at most 4:00:00 (shorter times, or lower sets, rounds or holds)"])


def test_an_exercises_own_prescription_is_bounded_too(here, capsys):
    Path("my.toml").write_text(BASE.replace(
        'prescription = { kind = "hold", seconds = 10 }',
        'prescription = { kind = "hold", seconds = 10, holds = 50, sets = 20 }'),
        encoding="utf-8")
    status, _, err = coach(capsys, "validate", "my.toml")
    assert (status, problems_of(err)) == (1, [
        "my.toml:13: exercises[esc-ex].prescription: the exercise would play 2,002 steps;"
        " coach plays at most 2,000 (lower sets, rounds or holds)",
        # The routine plays that default, so it is too long as well.
        "my.toml:21: routines[r].items[1]: the routine would play 2,002 steps; coach plays"
        " at most 2,000 (lower sets, rounds or holds)"])


def test_a_later_file_that_makes_a_routine_too_long_is_the_one_told(here):
    many = BASE.replace('note = "Note."', 'note = "Note."\n' + (
        '\n[[routines.items]]\nexercise = "esc-ex"\n' * 99))
    Path("a.toml").write_text(many, encoding="utf-8")
    assert validate_paths([Path("a.toml")])[1] == []
    # Each item's default grows from 4 steps to 22: still fine alone, too much 100 times.
    Path("b.toml").write_text(BASE.split("[[routines]]")[0].replace(
        'seconds = 10 }', 'seconds = 10, holds = 10 }'), encoding="utf-8")
    _, problems = validate_paths([Path("a.toml"), Path("b.toml")])
    assert [str(p) for p in problems] == [
        "b.toml:13: exercises[esc-ex].prescription: the routine 'r' (a.toml:21, which plays"
        " it) would play 2,200 steps; coach plays at most 2,000 (lower sets, rounds or holds)"]


def test_the_builder_refuses_a_value_that_crosses_the_bound_by_its_field():
    # A hold on each side, no relax between holds.
    item = DraftItem.new(fixed().exercises["toe-press"])
    item.texts.update(holds="50", sets="20")
    assert item.check() == (None, {
        "holds": "the item would play 2,002 steps; coach plays at most 2,000"
                 " (lower sets, rounds or holds)"})
    assert item.steps(0, prepare_seconds=5, switch_seconds=5) == []
    # Said by the field that lengthens it most: 80 holds of 600 s.
    item.texts.update(holds="2", sets="1", seconds="600", rounds="20")
    assert item.check() == (None, {
        "seconds": "the item would last up to 13:22:00; coach plays at most 4:00:00"
                   " (shorter times, or lower sets, rounds or holds)"})
    # A tie goes to the field first in the form.
    item.texts.update(seconds="1", holds="3", rounds="20", sets="20")
    assert item.check()[1] == {
        "sets": "the item would play 2,402 steps; coach plays at most 2,000"
                " (lower sets, rounds or holds)"}
    # Fine alone, too much together: said by the routine's items.
    item.texts.update(holds="20", sets="2", seconds="10", rounds="1")
    assert item.check()[1] == {}
    draft = Draft(name="Mine", id="mine", items=[item] * 25)
    assert draft.field_errors() == {
        "items": "the routine would play 2,050 steps; coach plays at most 2,000"
                 " (lower sets, rounds or holds)"}
    assert draft.routine() is None
    # The preview stops building at the bound.
    assert len(draft.steps(prepare_seconds=5, switch_seconds=5)) <= 2000


async def test_the_builder_screen_shows_the_bound_by_the_field(monkeypatch):
    from support import make_app
    from test_builder import add, fill, said, save, user_path
    from test_tui import text

    app, _ = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("b")
        screen = app.screen
        await add(pilot, "toe press")  # a hold on each side, no relax between holds
        await fill(pilot, "sets", "20")
        await fill(pilot, "holds", "50")
        assert text(screen, "#m-holds") == ("⚠ the item would play 2,002 steps; coach plays at"
                                            " most 2,000 (lower sets, rounds or holds)")
        assert screen.query_one("#f-holds").has_class("-bad")
        assert "not counting item 1" in text(screen, "#preview-total")
        messages = said(app, monkeypatch)
        await fill(pilot, "name", "Mine")
        await save(pilot)
        assert not user_path().exists()
        assert messages and "coach plays at most 2,000" in messages[-1]
        await fill(pilot, "holds", "2")
        assert text(screen, "#m-holds") == ""
        assert text(screen, "#preview-total").endswith("· 82 steps")


def refuse_to_parse(*args, **kwargs):
    raise AssertionError("parsed a file nested past the limit")


@pytest.mark.parametrize("text", [
    "x = " + "[" * 3000 + "]" * 3000 + "\n",
    "[" + ".".join(["a"] * 20_000) + "]\n",
    ".".join(["a"] * 20_000) + " = 1\n",
    "x = " + "{ a = " * 3000 + "1" + " }" * 3000 + "\n",
], ids=["array-3000-deep", "header-20000-parts", "dotted-key-20000-parts", "inline-3000-deep"])
def test_deep_nesting_is_refused_at_once(here, capsys, monkeypatch, text):
    Path("deep.toml").write_text("# deep\n" + text, encoding="utf-8")
    status, _, err = coach(capsys, "validate", "deep.toml")
    assert (status, problems_of(err)) == (
        1, ["deep.toml:2: nested more than 32 levels deep; coach reads at most 32"])
    # refused before tomllib, which recurses once a level, ever sees it
    monkeypatch.setattr(tomllib, "loads", refuse_to_parse)
    tracemalloc.start()
    try:
        _, problems = validate_paths([Path("deep.toml")])
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < 100 * 1024 * 1024
    assert len(problems) == 1


def test_deep_nesting_in_config_toml_is_refused(capsys):
    config = paths.resolve().config_file
    config.parent.mkdir(parents=True)
    config.write_text("[" + ".".join(["a"] * 20_000) + "]\n", encoding="utf-8")
    status, _out, err = coach(capsys, "config")
    assert status == 0
    assert problems_of(err) == [f"{config}:1: nested more than 32 levels deep; coach reads"
                                " at most 32"]


def test_lists_are_bounded(here, capsys):
    Path("my.toml").write_text(BASE.replace('["Also"]', "[" + ", ".join(
        f'"Name {i}"' for i in range(21)) + "]"), encoding="utf-8")
    status, _, err = coach(capsys, "validate", "my.toml")
    assert (status, problems_of(err)) == (
        1, ["my.toml:5: exercises[esc-ex].aliases: must hold at most 20 entries, got 21"])


# --- item 4: only regular files -----------------------------------------------------------


def test_a_fifo_is_refused_without_waiting_for_a_writer(here, capsys):
    os.mkfifo("pipe.toml")
    problem = "pipe.toml: is a FIFO (named pipe), not a regular file"
    status, _, err = coach(capsys, "validate", "pipe.toml")
    assert (status, problems_of(err)) == (1, [problem])
    status, out, err = coach(capsys, "--library", "pipe.toml", "list")
    assert (status, out, problems_of(err)) == (1, "", [problem])
    status, _, err = coach(capsys, "routine", "import", "pipe.toml")
    assert (status, problems_of(err)) == (1, [problem])
    assert "pipe.toml has problems, so nothing was imported" in err


def test_devices_sockets_and_directories_are_refused(here, capsys):
    Path("lib.toml").mkdir()
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind("sock.toml")
        for path, problem in [
            ("/dev/zero", "/dev/zero: is a character device, not a regular file"),
            ("/dev/null", "/dev/null: is a character device, not a regular file"),
            ("sock.toml", "sock.toml: is a socket, not a regular file"),
            ("lib.toml", "lib.toml: is a directory, not a library file"),
        ]:
            status, _, err = coach(capsys, "validate", path)
            assert (status, problems_of(err)) == (1, [problem])


def test_a_file_over_the_size_limit_is_refused_unread(here, capsys):
    with open("big.toml", "wb") as big:  # sparse: 21 MB that take no room
        big.truncate(MAX_FILE_BYTES + 1024 * 1024)
    status, _, err = coach(capsys, "validate", "big.toml")
    assert (status, problems_of(err)) == (1, [
        "big.toml: is larger than 20.0 MB (22,020,096 bytes); coach reads files up to 20.0 MB"])


def test_stdin_at_a_terminal_is_refused(tmp_path):
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "coach", "validate", "/dev/stdin"],
                              stdin=follower, capture_output=True, text=True, timeout=60,
                              env=isolated_env(tmp_path))
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == ("/dev/stdin: is a character device, not a regular"
                                           " file")


def test_config_toml_as_a_fifo_is_refused_and_the_defaults_stand(capsys):
    config = paths.resolve().config_file
    config.parent.mkdir(parents=True)
    os.mkfifo(config)
    status, _out, err = coach(capsys, "config")
    assert status == 0
    assert problems_of(err) == [f"{config}: is a FIFO (named pipe), not a regular file"]


def test_the_app_starts_with_a_fifo_as_the_users_library(tmp_path):
    """The start-up cache hashes every library file before anything else: a FIFO there must
    neither stall it nor be trusted; the library is set aside and the app opens without."""
    env = isolated_env(tmp_path)
    user = tmp_path / "xdg-config" / "coach" / "exercises.toml"
    user.parent.mkdir(parents=True)
    os.mkfifo(user)
    # Not at a terminal, the app stops just after its start-up, so the start is all that runs.
    proc = subprocess.run([sys.executable, "-m", "coach"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 1
    assert problems_of(proc.stderr) == [f"{user}: is a FIFO (named pipe), not a regular file"]
    assert (f"coach: your library {user} has problems, so it was set aside (the shipped"
            " library is used):") in proc.stderr
    assert "needs an interactive terminal" in proc.stderr


def test_the_start_up_cache_itself_as_a_fifo_is_ignored(tmp_path):
    where = paths.Locations(tmp_path / "config", tmp_path / "data", tmp_path / "cache")
    where.cache_dir.mkdir(parents=True)
    os.mkfifo(where.cache_dir / CACHE_NAME)
    startup = Startup(where)
    assert not startup.from_cache()  # returned at once: nothing waited on the FIFO
    assert startup.library().routines


# --- item 9: routine export never clobbers --------------------------------------------------


def export(capsys, path: str, *more: str) -> tuple[int, str]:
    status, out, err = coach(capsys, "routine", "export", "feet-first-five", path, *more)
    return status, (out + err).strip()


def test_export_refuses_an_existing_file_unless_forced(here, capsys):
    Path("out.toml").write_text("mine\n", encoding="utf-8")
    assert export(capsys, "out.toml") == (
        1, "coach: out.toml: already exists; add --force to replace it")
    assert Path("out.toml").read_text() == "mine\n"
    assert export(capsys, "out.toml", "--force") == (
        0, "exported 'feet-first-five' to out.toml")
    assert load_file(Path("out.toml")).routines
    assert sorted(os.listdir()) == ["out.toml"]  # no temporary file left behind


def test_export_never_replaces_a_symlink(here, capsys):
    Path("real.toml").write_text("mine\n", encoding="utf-8")
    os.symlink("real.toml", "link.toml")
    assert export(capsys, "link.toml") == (
        1, "coach: link.toml: already exists; add --force to replace it")
    assert export(capsys, "link.toml", "--force") == (
        1, "coach: link.toml: is a symbolic link, not a regular file; coach only replaces"
           " regular files")
    assert os.readlink("link.toml") == "real.toml"
    assert Path("real.toml").read_text() == "mine\n"


def test_export_never_touches_a_fifo_or_a_device(here, capsys):
    os.mkfifo("pipe.toml")
    assert export(capsys, "pipe.toml", "--force") == (
        1, "coach: pipe.toml: is a FIFO (named pipe), not a regular file; coach only replaces"
           " regular files")
    assert export(capsys, "/dev/null", "--force") == (
        1, "coach: /dev/null: is a character device, not a regular file; coach only replaces"
           " regular files")
    assert Path("pipe.toml").is_fifo()


def test_export_into_a_missing_directory_says_so_as_history_export_does(here, capsys):
    status, said = export(capsys, "nowhere/out.toml")
    assert status == 1
    # History export writes with the same call, so it says the same thing.
    with pytest.raises(FileProblem) as caught:
        write_file(Path("nowhere/out.toml"), "", make_parents=False)
    assert said == f"coach: {caught.value}"
    assert said == "coach: nowhere/out.toml: the directory nowhere does not exist"
    assert not Path("nowhere").exists()


def test_a_users_exercise_that_makes_a_shipped_routine_too_long_sets_aside_only_theirs(here):
    """The routine is shipped and its biggest item plays its own prescription; the person's
    file changed another item's default. Theirs is the file that has to change, so the
    shipped library still opens."""
    shipped = Path("shipped.toml")
    shipped.write_text(BASE.replace('note = "Note."', '''note = "Note."
prescription = { kind = "hold", seconds = 1, holds = 45, sets = 20 }

[[routines.items]]
exercise = "other"
''') + BASE.split("[[routines]]")[0].replace('"esc-ex"', '"other"').replace(
        "# A library with one of every text.\n", ""), encoding="utf-8")
    assert validate_paths([shipped])[1] == []
    Path("mine.toml").write_text(BASE.split("[[routines]]")[0].replace(
        '"esc-ex"', '"other"').replace("seconds = 10 }", "seconds = 10, holds = 50, sets = 2 }"),
        encoding="utf-8")
    _, problems = validate_paths([shipped, Path("mine.toml")])
    assert [str(p) for p in problems] == [
        "mine.toml:13: exercises[other].prescription: the routine 'r' (shipped.toml:26, which"
        " plays it) would play 2,004 steps; coach plays at most 2,000 (lower sets, rounds or"
        " holds)"]


def test_the_locator_stays_linear_on_hostile_text():
    from coach.diagnostics.toml_locator import Locator

    for text in ["[" + ".".join(["a"] * 100_000) + "]\n",
                 ".".join(["a"] * 100_000) + " = 1\n",
                 "x = " + "[" * 100_000 + "]" * 100_000 + "\n",
                 "x = " + "{ a = " * 50_000 + "1" + " }" * 50_000 + "\n"]:
        tracemalloc.start()
        try:
            locator = Locator(text)
        finally:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        assert peak < 10 * 1024 * 1024
        assert locator.stopped_at == 1  # gave up at the depth no library reaches
