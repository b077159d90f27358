"""The app's voice: on or off (``v`` in a workout, the palette, ``voice`` in config.toml), the
speech engine found on first use, and the cues of the workout on screen.

The runner calls :meth:`Voice.follow` at every repaint and :meth:`Voice.restarted` when a
step starts again; what to say comes from :class:`coach.cues.Cues` and is spoken by
:class:`coach.speech.Speaker`, which never makes the caller wait. Cues of one moment are said
as one utterance, so the newest never cuts the start of its own moment. Without an engine
the voice says so once and stays off; the bell is unaffected.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from coach.cues import Cues
from coach.speech import Speaker, engine

if TYPE_CHECKING:
    from coach.config import Settings
    from coach.engine import Session
    from coach.models import Exercise


class Voice:
    """Spoken cues for the app. ``notify`` shows a sentence (the app's notices; it may be
    called from the speaking thread, so it must be thread-safe)."""

    def __init__(self, settings: Settings, notify: Callable[[str], None]) -> None:
        self.on = settings.voice
        self._settings = settings
        self._notify = notify
        self._speaker: Speaker | None = None
        self._missing: str | None = None  # why there is no engine, once looked for
        self._cues: Cues | None = None
        self._session: Session | None = None

    def apply(self, settings: Settings) -> None:
        """Settings saved in the app: the voice as they say, a new engine if it changed."""
        if settings.speech_command != self._settings.speech_command:
            self.close()
            self._missing = None
        self._settings = settings
        self.on = settings.voice
        if self._cues is not None:
            self._cues.counts = settings.voice_counts

    def toggle(self) -> str:
        """Turn the voice on or off for this run of coach; what to tell the person."""
        if self.on:
            self.on = False
            return "Voice off"
        if self._engine() is None:
            return f"Voice unavailable: {self._missing}"
        self.on = True
        return "Voice on"

    def follow(self, session: Session, exercises: Mapping[str, Exercise]) -> None:
        """Say what ``session`` has come to since the last call (usually nothing)."""
        if self._session is not session:
            self._session = session
            self._cues = Cues(exercises, counts=self._settings.voice_counts)
        if not self.on:
            return
        assert self._cues is not None
        step = session.current
        said = self._cues.seen(
            session.index, step, session.next_step, remaining=session.remaining(),
            rep=session.current_rep() if step is not None else None,
            paused=session.is_paused, finished=session.state == "finished")
        if said:
            speaker = self._engine()
            if speaker is not None:
                speaker.say(". ".join(said))

    def restarted(self) -> None:
        """The step in progress starts again: it is announced and counted down again."""
        if self._cues is not None:
            self._cues.again()

    def close(self) -> None:
        """Stop speaking and let the engine's thread end."""
        if self._speaker is not None:
            self._speaker.close()
            self._speaker = None

    def _engine(self) -> Speaker | None:
        if self._speaker is None and self._missing is None:
            argv, why = engine(self._settings.speech_command)
            if argv is None:
                self._missing = why
                if self.on:
                    self.on = False
                    self._notify(f"Voice off: {why}")
            else:
                self._speaker = Speaker(argv, on_error=self._failed)
        return self._speaker

    def _failed(self, why: str) -> None:
        self.on = False
        self._missing = why
        self._notify(f"Voice off: {why}")
