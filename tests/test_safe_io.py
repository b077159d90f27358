"""The shared guards against hostile input: control characters, nesting, and files that are
not regular or too big, read and written one way everywhere."""

from __future__ import annotations

import os
import re
import socket
import stat
import threading
import tracemalloc
from pathlib import Path

import pytest

from coach import limits
from coach.files import FileProblem, TargetExists, read_regular, write_file
from coach.safetext import control_problem, visible

# --- control characters --------------------------------------------------------------------

@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x00", "\x08", "\x7f", "\x9b", "\r"])
def test_every_control_character_is_refused_and_made_visible(char):
    text = f"Heel{char}raises"
    assert control_problem(text) == f"control character U+{ord(char):04X} is not allowed"
    shown = visible(text)
    assert shown.startswith("Heel") and shown.endswith("raises")
    assert not any(ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f for c in shown)


def test_tab_and_newline_only_where_text_may_run_over_lines():
    assert control_problem("a\nb") == "control character U+000A is not allowed"
    assert control_problem("a\tb") == "control character U+0009 is not allowed"
    assert control_problem("a\nb\tc", multiline=True) is None
    assert visible("a\nb", multiline=True) == "a\nb"
    assert visible("a\nb") == "a\u240ab"
    assert visible("\x1b]52;c;aGk=\x07") == "\u241b]52;c;aGk=\u2407"


def test_plain_text_is_left_alone():
    text = "Morning [easy] · Fußübung ½ → 5"
    assert control_problem(text) is None
    assert visible(text) is text


# --- nesting -------------------------------------------------------------------------------

def _peak_bytes(fn, *args):
    """What ``fn(*args)`` returns, and the most memory it had allocated at once."""
    tracemalloc.start()
    try:
        result = fn(*args)
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return result, peak


class _CountingPattern:
    """A token pattern that counts the tokens the scan asked for."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.read = pattern, 0

    def finditer(self, text: str):
        for token in self.pattern.finditer(text):
            self.read += 1
            yield token


def _count_tokens(monkeypatch, kind: str) -> _CountingPattern:
    name = "_json_token" if kind == "json" else "_toml_token"
    counting = _CountingPattern(getattr(limits, name)())
    monkeypatch.setattr(limits, name, lambda: counting)
    return counting


# Where the depth goes past the limit the scan stops: a long tail after it is never read.
TAIL = "x = [1, 2, 3]\n" * 100_000


@pytest.mark.parametrize("text, line", [
    ("x = 1\n[" + ".".join(["a"] * 20_000) + "]\n", 2),
    ("a = " + "[" * 3000 + "]" * 3000 + "\n", 1),
    ("a = " + "{b = " * 3000 + "}" * 3000 + "\n", 1),
    ("\n\n" + ".".join(["k"] * 40) + " = 1\n", 3),
    ("a = [\n" + "[" * 50 + "]" * 50 + "\n]\n", 2),
])
def test_deep_toml_is_found_with_its_line_in_bounded_work(monkeypatch, text, line):
    found, peak = _peak_bytes(limits.nesting_problem, text)
    assert found is not None and found[0] == line
    assert "more than 32 levels" in found[1]
    assert peak < 100 * 1024 * 1024
    tokens = _count_tokens(monkeypatch, "toml")
    assert limits.nesting_problem(text + TAIL) == found
    # a few tokens a level, up to the first level too deep; never the rest nor the tail
    assert tokens.read <= 4 * limits.MAX_NESTING


def test_ordinary_toml_passes_whatever_its_strings_hold():
    text = ('title = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["\n'
            "raw = '....................................................'\n"
            'multi = """\n' + "[" * 100 + '\n"""\n'
            "# " + "{" * 100 + "\n"
            "[[routines]]\nid = 'a'\n[[routines.items]]\nprescription = { kind = 'hold', "
            "seconds = [20, 30], variants = ['a', 'b'] }\nx = 1.5\n"
            "when = 1979-05-27T07:32:00.999Z\n")
    assert limits.nesting_problem(text) is None
    shipped = Path(limits.__file__).parent.parent / "exercises.toml"
    if shipped.exists():
        assert limits.nesting_problem(shipped.read_text(encoding="utf-8")) is None


def test_deep_json_is_found_in_bounded_work(monkeypatch):
    text = '{"sessions": [\n' + "[" * 3000 + "]" * 3000 + "]}"
    found, peak = _peak_bytes(limits.nesting_problem, text, "json")
    assert found == (2, "nested more than 32 levels deep; coach reads at most 32")
    assert peak < 100 * 1024 * 1024
    tokens = _count_tokens(monkeypatch, "json")
    assert limits.nesting_problem(text[:-2] + ", [1, 2]" * 100_000 + "]}", "json") == found
    assert tokens.read == 3 + 31  # "{", the key, "[", then 31 more: level 33 is too deep
    assert limits.nesting_problem('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}',
                                  "json") is None


# --- reading -------------------------------------------------------------------------------

def test_a_regular_file_is_read(tmp_path):
    path = tmp_path / "a.toml"
    path.write_bytes(b"x = 1\n")
    assert read_regular(path) == b"x = 1\n"
    link = tmp_path / "link.toml"
    link.symlink_to(path)
    assert read_regular(link) == b"x = 1\n"


def test_a_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "none.toml")


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    result: list[BaseException] = []
    reader = threading.Thread(target=lambda: result.append(_raises(read_regular, fifo)),
                              daemon=True)
    reader.start()
    reader.join(5)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert str(result[0]) == f"{fifo}: is a FIFO (named pipe), not a regular file"


def _raises(fn, *args):
    try:
        fn(*args)
    except FileProblem as exc:
        return exc
    raise AssertionError("no FileProblem")


@pytest.mark.parametrize("device, words", [("/dev/zero", "is a character device"),
                                           ("/dev/null", "is a character device")])
def test_a_device_is_refused(device, words):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    assert str(_raises(read_regular, device)) == f"{device}: {words}, not a regular file"


def test_a_directory_and_a_socket_are_refused(tmp_path):
    assert "is a directory, not a regular file" in str(_raises(read_regular, tmp_path))
    sock_path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        assert "is a socket, not a regular file" in str(_raises(read_regular, sock_path))


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.toml"
    with open(big, "wb") as f:
        f.truncate(limits.MAX_FILE_BYTES + 1)
    message = str(_raises(read_regular, big))
    assert message.startswith(f"{big}: is larger than 20.0 MB")
    assert read_regular(big, limit=limits.MAX_FILE_BYTES + 1) is not None


# --- writing -------------------------------------------------------------------------------

def test_write_file_replaces_a_regular_file_keeping_its_mode(tmp_path):
    path = tmp_path / "out.json"
    path.write_text("old")
    path.chmod(0o640)
    write_file(path, "new")
    assert path.read_text() == "new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_write_file_without_replace_refuses_any_existing_name(tmp_path):
    path = tmp_path / "out.json"
    path.write_text("old")
    with pytest.raises(TargetExists, match=r"out\.json: already exists"):
        write_file(path, "new", replace=False)
    assert path.read_text() == "old"
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "nowhere")
    with pytest.raises(TargetExists):
        write_file(dangling, "new", replace=False)
    assert not (tmp_path / "nowhere").exists()
    fresh = write_file(tmp_path / "fresh.json", b"{}", replace=False, mode=0o600)
    assert fresh.read_bytes() == b"{}" and stat.S_IMODE(fresh.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dangling.json", "fresh.json",
                                                          "out.json"]


@pytest.mark.parametrize("kind", ["symlink", "fifo", "directory"])
def test_write_file_never_replaces_what_is_not_a_regular_file(tmp_path, kind):
    path = tmp_path / "out.json"
    victim = tmp_path / "victim"
    victim.write_text("keep")
    if kind == "symlink":
        path.symlink_to(victim)
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    with pytest.raises(FileProblem, match="not a regular file; coach only replaces regular"):
        write_file(path, "new")
    assert victim.read_text() == "keep"
    assert path.is_symlink() if kind == "symlink" else True


def test_write_file_names_the_persons_path_not_the_temporary_file(tmp_path):
    missing = tmp_path / "no-such-dir" / "out.json"
    with pytest.raises(FileProblem) as caught:
        write_file(missing, "x")
    assert str(caught.value) == f"{missing}: the directory {missing.parent} does not exist"
    write_file(missing, "x", make_parents=True)
    assert missing.read_text() == "x"


def test_a_failing_check_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "lib.toml"
    path.write_text("old")

    def check(tmp):
        assert tmp.read_text() == "new" and tmp != path
        raise ValueError("no")

    with pytest.raises(ValueError):
        write_file(path, "new", check=check)
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["lib.toml"]


# --- saving settings -----------------------------------------------------------------------

def test_settings_are_saved_atomically_and_read_back(tmp_path):
    from dataclasses import replace

    from coach.config import Settings, load_settings, save_settings

    path = tmp_path / "cfg" / "config.toml"
    wanted = replace(Settings(), bell=False, prepare_seconds=10, theme="nord")
    save_settings(path, wanted)
    assert load_settings(path) == (wanted, [])
    assert path.read_text(encoding="utf-8").startswith("# coach settings.")


def test_settings_with_problems_are_never_overwritten(tmp_path):
    from coach.config import Settings, SettingsNotSaved, save_settings

    path = tmp_path / "config.toml"
    path.write_text("bel = false\n", encoding="utf-8")
    with pytest.raises(SettingsNotSaved, match=r"config.toml has problems.*config.toml:1: bel"):
        save_settings(path, Settings())
    assert path.read_text(encoding="utf-8") == "bel = false\n"


def test_read_known_takes_what_was_read_and_reads_only_the_rest(tmp_path):
    """The start-up cache hashes bytes once; the library and settings then check those bytes,
    never a second read that a concurrent edit could have changed."""
    from coach.files import read_known

    path = tmp_path / "exercises.toml"
    path.write_bytes(b"on disk")
    assert read_known(path, {path: b"as hashed"}) == b"as hashed"
    with pytest.raises(FileNotFoundError):
        read_known(path, {path: None})  # it was missing when read
    assert read_known(path, {}) == read_known(path) == b"on disk"
