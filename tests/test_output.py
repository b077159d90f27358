"""The guard in front of stdout and stderr (coach.output), on its own and inside main():
control characters shown, never obeyed; coach's own colours only; any encoding; JSON that
stays JSON."""

from __future__ import annotations

import io
import json
import re
import sys

import pytest

from coach import cli, output
from coach.cli import app_command

HOSTILE = "a\x1b]0;title\x07b\x1b[2Jc\x9b31md\x7fe\x00f\x08g\rh"
SGR = re.compile(r"\x1b\[[0-9;]*m")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def ascii_stream() -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="strict")


def written(stream: io.TextIOWrapper) -> bytes:
    stream.flush()
    return stream.buffer.getvalue()  # type: ignore[attr-defined]


# --- the stream ---------------------------------------------------------------------------


def test_control_characters_are_shown_not_written():
    raw = io.StringIO()
    output.SafeStream(raw).write(HOSTILE)
    assert raw.getvalue() == "a␛]0;title␇b␛[2Jc\ufffd31md␡e␀f␈g␍h"


def test_layout_is_kept_newline_tab_and_the_crlf_of_a_csv_row():
    raw = io.StringIO()
    stream = output.SafeStream(raw)
    stream.write("name\tsets\r\nrow\x1b,1\r\n")
    stream.write("line\n\rover")
    assert raw.getvalue() == "name\tsets\r\nrow␛,1\r\nline\n␍over"


def test_unencodable_characters_become_question_marks():
    raw = ascii_stream()
    stream = output.SafeStream(raw)
    stream.write("Toe walking · 20 s → next ␛\n")
    stream.write("bytes of a path: \udcff\n")
    assert written(raw) == b"Toe walking ? 20 s ? next ?\nbytes of a path: ?\n"


def test_latin1_never_gets_a_c1_byte():
    """In latin-1, U+009B would be the byte 0x9B: CSI on an 8-bit terminal."""
    raw = io.TextIOWrapper(io.BytesIO(), encoding="latin-1")
    output.SafeStream(raw).write("caf\xe9 \x9b31m \x85")
    data = written(raw)
    assert data == b"caf\xe9 ?31m ?"
    assert not any(0x80 <= b <= 0x9F for b in data)


@pytest.mark.parametrize(("tty", "no_color", "coloured"),
                         [(True, None, True), (True, "1", False), (False, None, False)])
def test_colour_only_on_a_terminal_without_no_color(monkeypatch, tty, no_color, coloured):
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    raw = Terminal() if tty else io.StringIO()
    output.SafeStream(raw).paint("bad \x1b[8mhidden", "1;31")
    expected = "bad ␛[8mhidden"
    assert raw.getvalue() == (f"\x1b[1;31m{expected}\x1b[0m" if coloured else expected)


def test_guarded_puts_the_guard_in_front_and_takes_it_away(monkeypatch):
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    with output.guarded():
        print("x\x1by")
        print("\x07", file=sys.stderr)
        with output.guarded():  # nesting adds nothing
            assert sys.stdout.raw is out  # type: ignore[attr-defined]
    assert (sys.stdout, sys.stderr) == (out, err)
    assert (out.getvalue(), err.getvalue()) == ("x␛y\n", "␇\n")


# --- JSON ---------------------------------------------------------------------------------

DATA = {"name": "caf\xe9 \x1b]0;t\x07 \x9b \x7f \u2028 \udcff", "n": [1, 2.5, None]}


def test_json_escapes_what_a_terminal_or_a_strict_reader_minds():
    text = output.json_text(DATA, io.StringIO())
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]", text.replace("\n", ""))
    assert "café" in text  # everything else is written as itself
    assert json.loads(text) == DATA


def test_json_is_all_ascii_for_a_stream_that_can_take_nothing_else():
    text = output.json_text(DATA, ascii_stream())
    assert text.isascii()
    assert json.loads(text) == DATA


# --- inside main() ------------------------------------------------------------------------


def test_errors_are_coloured_around_the_text_and_the_texts_escapes_are_shown(
        monkeypatch, capsys):
    """On a terminal coach's own SGR codes are the only escape sequences written."""
    tty = Terminal()
    monkeypatch.setattr(sys, "stderr", tty)
    assert cli.main(["show", "no-such\x1b]0;x\x07-id"]) == 1
    said = tty.getvalue()
    assert said.startswith("\x1b[1;31mcoach: \x1b[0m")
    assert "no exercise or routine 'no-such␛]0;x␇-id'" in said
    assert "\x1b" not in SGR.sub("", said) and "\x07" not in said


def test_an_exception_message_is_shown_not_obeyed(monkeypatch, capsys):
    import coach.library

    def boom(*args, **kwargs):
        raise RuntimeError("bad \x1b]52;c;aGk=\x07 clipboard")

    monkeypatch.setattr(coach.library, "load_library", boom)
    assert cli.main(["list"]) == 70
    err = capsys.readouterr().err
    assert "RuntimeError: bad ␛]52;c;aGk=␇ clipboard" in err
    assert "\x1b" not in err and "\x07" not in err


def test_argparse_echoes_what_was_typed_through_the_guard(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["list", "\x1b]0;x\x07"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "unrecognized arguments: ␛]0;x␇" in err
    assert "\x1b" not in err and "\x07" not in err


def test_what_textual_prints_after_the_app_is_plain_guarded_text(monkeypatch):
    """Textual prints its exit message or a crash on stderr once the app is gone, with its
    error console: coach gives it one without colour, so nothing there is an escape."""
    import types

    from rich.text import Text

    class App:
        def __init__(self, **kwargs):
            self.return_code = 1
            self.crash = None

        def run(self):
            self.error_console.print(Text("the end \x1b]0;t\x07", style="bold red"))

    module = types.ModuleType("coach.tui.app")
    module.CoachApp = App
    monkeypatch.setitem(sys.modules, "coach.tui.app", module)
    monkeypatch.setattr(app_command, "interactive", lambda: True)
    tty = Terminal()
    monkeypatch.setattr(sys, "stderr", tty)
    assert cli.main([]) == 1
    said = tty.getvalue()
    assert said.startswith("the end ␛]0;t")  # (rich drops the BEL itself)
    assert "\x1b" not in said and "\x07" not in said
