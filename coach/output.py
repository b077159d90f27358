"""What the command line prints: one guard in front of stdout and stderr.

Everything ``coach`` writes passes through a :class:`SafeStream`, whoever wrote it (a
command, argparse echoing what was typed, the CSV writer, Textual's exit message), so no
text from a file, the history database, an exception or the command line can drive the
terminal:

- control characters become visible look-alikes (:func:`coach.safetext.visible`); newline
  and tab stay, since output is laid out in lines (tables, CSV), and so does the carriage
  return of a CSV row's CRLF, which moves nothing a person can see;
- characters the stream's encoding cannot hold (``PYTHONIOENCODING=ascii``, a latin-1
  terminal, a lone surrogate from an undecodable path) become ``?``, never a
  UnicodeEncodeError;
- coach's own colours are the only escape sequences that pass: :func:`paint` writes them
  around the guarded text straight to the stream underneath, and only when that stream is a
  terminal and ``NO_COLOR`` is unset.

:func:`json_text` is the JSON every command prints: valid JSON whatever a string holds, with
C1 controls, DEL and lone surrogates escaped (``json`` leaves them raw when it may write
non-ASCII), and all ASCII when the stream cannot take anything else.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from coach.safetext import json_text as safe_json
from coach.safetext import visible

_UNICODE = {"utf-8", "utf-16", "utf-32"}


def _guarded(text: str) -> str:
    if "\r\n" in text:
        return "\r\n".join(visible(part, multiline=True) for part in text.split("\r\n"))
    return visible(text, multiline=True)


class SafeStream:
    """A text stream that writes to ``raw`` only what is safe to show (see the module)."""

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw
        self.encoding: str = getattr(raw, "encoding", None) or "utf-8"
        try:
            self._codec = codecs.lookup(self.encoding).name
        except LookupError:
            self._codec = "utf-8"

    def _encodable(self, text: str) -> str:
        if text.isascii():
            return text
        try:
            text.encode(self._codec)
        except UnicodeEncodeError:
            return text.encode(self._codec, "replace").decode(self._codec)
        return text

    def write(self, text: str) -> int:
        self.raw.write(self._encodable(_guarded(text)))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def paint(self, text: str, code: str) -> None:
        """``text`` in the SGR style ``code`` (``"1;31"``: bold red) when colour is on."""
        if not self.colour():
            self.write(text)
            return
        self.raw.write(f"\x1b[{code}m")
        self.write(text)
        self.raw.write("\x1b[0m")

    def colour(self) -> bool:
        return not os.environ.get("NO_COLOR") and self.isatty()

    def unicode(self) -> bool:
        """Whether every character can be written as itself."""
        return self._codec in _UNICODE

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return bool(getattr(self.raw, "isatty", lambda: False)())

    def fileno(self) -> int:
        return self.raw.fileno()

    def writable(self) -> bool:
        return True

    @property
    def errors(self) -> str:
        return "replace"

    @property
    def closed(self) -> bool:
        return bool(getattr(self.raw, "closed", False))


def guard(stream: TextIO | SafeStream) -> SafeStream:
    return stream if isinstance(stream, SafeStream) else SafeStream(stream)


@contextmanager
def guarded() -> Iterator[None]:
    """Put a :class:`SafeStream` in front of ``sys.stdout`` and ``sys.stderr`` for the
    duration; the streams that were there are back afterwards."""
    saved = sys.stdout, sys.stderr
    if sys.stdout is not None:
        sys.stdout = guard(sys.stdout)
    if sys.stderr is not None:
        sys.stderr = guard(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def for_the_screen() -> None:
    """Prepare the stream Textual draws on (``sys.__stderr__``, written by Textual itself):
    when its encoding cannot hold every character, each one it cannot becomes ``?``, so
    every cell of the screen stays one cell wide (Python's default for stderr would write
    ``\\u2500`` for a line-drawing character, six cells for one)."""
    screen = sys.__stderr__
    if screen is None or SafeStream(screen).unicode():
        return
    reconfigure = getattr(screen, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")


def close_stderr() -> None:
    """Close the stream under stderr: after stdout's reader has left, so that Python's own
    complaint about it at exit goes nowhere."""
    stream = sys.stderr
    (stream.raw if isinstance(stream, SafeStream) else stream).close()


def paint(stream: TextIO | SafeStream, text: str, code: str) -> None:
    """Write ``text`` to ``stream``, guarded, in colour when colour is on."""
    guard(stream).paint(text, code)


def json_text(data: Any, stream: TextIO | SafeStream | None = None) -> str:
    """``data`` as indented JSON that is safe to write to ``stream`` (default stdout)."""
    stream = sys.stdout if stream is None else stream
    return safe_json(data, indent=2, ascii=not guard(stream).unicode())
