"""The crash report: in the user's state directory, a new file each time, owner-only, never
written through a symbolic link; the one-line message says where, or that it could not."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coach import cli, crashlog
from coach.cli import app_command

MOMENT = datetime(2026, 11, 23, 8, 0, 5, tzinfo=UTC)


@pytest.fixture
def crash(monkeypatch):
    """``coach list`` meets an error nobody expected; reports are stamped MOMENT."""
    import coach.library

    def boom(*args, **kwargs):
        raise RuntimeError("the disk fell over")

    monkeypatch.setattr(coach.library, "load_library", boom)
    monkeypatch.setattr(crashlog, "_now", lambda: MOMENT)


@pytest.fixture
def state(isolated_user_dirs) -> Path:
    """Where reports go: $XDG_STATE_HOME/coach (the autouse fixture sets XDG_STATE_HOME)."""
    return isolated_user_dirs / ".local" / "state" / "coach"


def crash_once(capsys) -> str:
    assert cli.main(["list"]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def reported(err: str) -> Path:
    _head, sep, where = err.rstrip("\n").partition("; details are in ")
    assert sep, err
    return Path(where)


def test_the_report_is_in_the_state_directory_owner_only(capsys, crash, state):
    err = crash_once(capsys)
    report = reported(err)
    assert report == state / crashlog.report_name(MOMENT, os.getpid())
    assert report.name == f"crash-20261123T080005Z-{os.getpid()}.log"
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    text = report.read_text()
    assert "Traceback" in text and "RuntimeError: the disk fell over" in text


def test_coach_state_dir_moves_it(capsys, crash, tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_STATE_DIR", str(tmp_path / "elsewhere"))
    assert reported(crash_once(capsys)).parent == tmp_path / "elsewhere"


def test_each_crash_gets_a_new_file(capsys, crash, state):
    """Same second, same process: the second report takes the next name."""
    first, second = reported(crash_once(capsys)), reported(crash_once(capsys))
    assert first != second
    assert second.name == crashlog.report_name(MOMENT, os.getpid(), 1)
    assert first.read_text() and second.read_text()


@pytest.mark.parametrize("victim_exists", [True, False])
def test_a_planted_symlink_is_never_followed(capsys, crash, state, tmp_path, victim_exists):
    victim = tmp_path / "victim"
    if victim_exists:
        victim.write_text("precious\n")
    state.mkdir(parents=True)
    planted = state / crashlog.report_name(MOMENT, os.getpid())
    planted.symlink_to(victim)
    report = reported(crash_once(capsys))
    assert report != planted and report.parent == state
    assert planted.is_symlink() and os.readlink(planted) == str(victim)
    if victim_exists:
        assert victim.read_text() == "precious\n"
    else:
        assert not victim.exists() and not victim.is_symlink()
    assert "the disk fell over" in report.read_text()


def test_when_no_report_can_be_written_it_says_so_without_a_path(
        capsys, crash, isolated_user_dirs, monkeypatch):
    blocker = isolated_user_dirs / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    err = crash_once(capsys)
    assert err == ("coach: unexpected error: RuntimeError: the disk fell over "
                   "(the details could not be saved)\n")


def test_nothing_is_written_to_a_fixed_temporary_path(capsys, crash, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    crash_once(capsys)
    assert list(tmp_path.iterdir()) == []


def test_a_report_shows_controls_as_text(tmp_path):
    """``cat`` on a report must not drive the terminal either."""
    try:
        raise ValueError("title \x1b]0;pwned\x07")
    except ValueError as exc:
        report = crashlog.write_report(exc, tmp_path)
    assert report is not None
    text = report.read_text()
    assert "ValueError: title ␛]0;pwned␇" in text and "\x1b" not in text


# --- a crash inside the app -----------------------------------------------------------------

async def test_a_crash_in_the_app_leaves_no_traceback_to_print(monkeypatch):
    """Textual would print a traceback once the terminal is back; coach keeps the error for
    the command line, which writes the report and says where in one line."""
    from support import make_app

    from coach.tui.app import CoachApp

    def boom(self, routine_id: str, **kwargs) -> None:
        raise RuntimeError("boom [b]x[/b]")

    monkeypatch.setattr(CoachApp, "start_workout", boom)
    app, _ = make_app()
    with pytest.raises(RuntimeError, match="boom"):
        async with app.run_test() as pilot:
            await pilot.press("enter")
            await pilot.pause()
    assert isinstance(app.crash, RuntimeError)
    assert app._exit_renderables == []  # nothing for Textual to print


def test_the_command_line_reports_a_crash_in_the_app(monkeypatch, capsys, tmp_path):
    import sys
    import types

    from coach import cli

    class CrashingApp:
        def __init__(self, **kwargs):
            self.return_code = 1
            self.crash = None
            self.error_console = None

        def run(self):
            self.crash = ValueError("the \x1b]0;title\x07 went wrong")

    module = types.ModuleType("coach.tui.app")
    module.CoachApp = CrashingApp
    monkeypatch.setitem(sys.modules, "coach.tui.app", module)
    monkeypatch.setattr(app_command, "interactive", lambda: True)
    monkeypatch.setenv("COACH_STATE_DIR", str(tmp_path / "state"))
    code = cli.main([])
    err = capsys.readouterr().err
    assert code == cli.EXIT_INTERNAL
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err and "\x1b" not in err
    assert lines[0].startswith("coach: unexpected error: ValueError: the ␛]0;title␇ went wrong;"
                               " details are in ")
    report = Path(lines[0].rsplit("details are in ", 1)[1])
    assert report.parent == tmp_path / "state" and "ValueError" in report.read_text()
