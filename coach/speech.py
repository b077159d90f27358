"""Speaking a cue through the system's speech engine, in a process of its own, never waiting.

The engine is a program that takes the text as its last argument: ``espeak-ng`` or
``spd-say`` on Linux, ``say`` on macOS (found on ``PATH`` in that order), or the person's own
``speech_command`` from ``config.toml`` (a program and its arguments, split as a shell would,
never run through a shell).

:class:`Speaker` hands each cue to a thread of its own, which starts the engine: the caller
(the runner, on the app's event loop) never waits for a process to start, let alone to finish
speaking. Only the newest cue matters: a cue still being spoken when the next arrives is cut
(its process is ended), and cues that arrive faster than the engine starts are dropped but
the last. A cue is data from the library: it goes to the engine as one argument, with control
characters and a leading dash taken out (so it can never be read as an option) and cut to
:data:`MAX_CUE` characters.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import threading
from collections.abc import Callable, Sequence

__all__ = ["ENGINES", "MAX_CUE", "Speaker", "engine", "spoken"]

# Tried in this order when no speech_command is set.
ENGINES = ("espeak-ng", "spd-say", "say")
# Longer than any cue coach makes ("Toe pencil grip, left foot, toes out" and the like).
MAX_CUE = 200


def engine(speech_command: str = "", which: Callable[[str], str | None] = shutil.which
           ) -> tuple[list[str] | None, str | None]:
    """The command line to speak with (the text is added last), or None and why not.

    ``speech_command``: the person's own (``config.toml``), tried alone when given."""
    if speech_command.strip():
        try:
            argv = shlex.split(speech_command)
        except ValueError as exc:
            return None, f"speech_command {speech_command!r} cannot be read: {exc}"
        found = which(argv[0]) if argv else None
        if found is None:
            return None, f"speech_command: no program {argv[0] if argv else ''!r} found"
        return [found, *argv[1:]], None
    for name in ENGINES:
        found = which(name)
        if found is not None:
            return [found], None
    return None, ("no speech engine found (install espeak-ng, or set speech_command in "
                  "config.toml); the bell stays")


def spoken(text: str) -> str:
    """``text`` as it is handed to the engine: one line of printable characters, no leading
    dash, at most :data:`MAX_CUE` characters."""
    flat = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(flat.split())[:MAX_CUE].lstrip("-").strip()


class Speaker:
    """Says cues with ``argv`` (from :func:`engine`), the newest cutting the one before.

    ``on_error`` is called (from the speaking thread) with a sentence when the engine cannot
    be started; speaking stops then, so the error is said once."""

    def __init__(self, argv: Sequence[str], on_error: Callable[[str], None] | None = None,
                 ) -> None:
        self.argv = list(argv)
        self.on_error = on_error
        self._next: str | None = None
        self._wake = threading.Condition()
        self._closed = False
        self._failed = False
        self._process: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._run, name="coach-speech", daemon=True)
        self._thread.start()

    def say(self, text: str) -> None:
        """Speak ``text`` as soon as the engine can start; returns at once."""
        cue = spoken(text)
        if not cue:
            return
        with self._wake:
            self._next = cue
            self._wake.notify()

    def close(self) -> None:
        """Stop speaking (the cue being said is cut) and end the thread."""
        with self._wake:
            self._closed = True
            self._wake.notify()
        self._thread.join(timeout=2)
        self._cut()

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._next is None and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
                cue, self._next = self._next, None
            if cue is not None and not self._failed:
                self._speak(cue)

    def _speak(self, cue: str) -> None:
        self._cut()
        try:
            self._process = subprocess.Popen(
                [*self.argv, cue], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError as exc:
            self._failed = True
            if self.on_error is not None:
                self.on_error(f"the speech engine {self.argv[0]} could not start: "
                              f"{exc.strerror or exc}; the bell stays")

    def _cut(self) -> None:
        """End the cue being spoken, if any, and reap its process."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
