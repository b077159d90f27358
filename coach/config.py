"""Settings in ``config.toml`` (user config directory): validated like the library.

A broken or wrong setting never stops a workout: the problems are reported, each as
``FILE:LINE: key: message``, and the defaults stand in for the whole file.

:class:`Settings` itself is a plain dataclass, so the app can hold settings without
importing pydantic (its first frame is drawn before pydantic loads, see
:mod:`coach.startup_cache`); the file is checked by a pydantic model built from it on first use.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.diagnostics import Problem

if TYPE_CHECKING:  # pydantic loads only when a file is checked
    from pydantic import BaseModel


@dataclass(frozen=True)
class Settings:
    # Seconds of "get ready" before each exercise; 0 starts straight away.
    prepare_seconds: int = 5
    # Seconds to change feet between sides.
    switch_seconds: int = 5
    # The terminal bell at 3-2-1 before a step ends and when a new one starts.
    bell: bool = True
    # A Textual theme name; an unknown one falls back to the default, reported with its line
    # (theme_problem: only the app knows its themes).
    theme: str = "textual-dark"
    # The pain-monitoring model's limits, 0-10 (coach.coaching.traffic.Thresholds says where
    # they come from): pain during or after may reach ``pain_limit``; up to
    # ``pain_above_baseline`` over the pain before still counts as an easy session.
    pain_limit: int = 5
    pain_above_baseline: int = 2
    # Spoken cues (`v` in a workout): the exercise and side, switches, rests, 3-2-1, done;
    # ``voice_counts`` says each paced rep's number too. ``speech_command``: a program that
    # takes the text as its last argument; empty: espeak-ng, spd-say or say, as found.
    voice: bool = False
    voice_counts: bool = False
    speech_command: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_trusted(cls, data: object) -> Settings | None:
        """Settings from a dict this program wrote itself (the start-up cache), or None when
        it is not exactly that: every key present with a value of the default's type."""
        names = [f.name for f in dataclasses.fields(cls)]
        if not isinstance(data, dict) or sorted(data) != sorted(names):
            return None
        defaults = cls()
        if any(type(data[n]) is not type(getattr(defaults, n)) for n in names):
            return None
        return cls(**data)


# Inclusive bounds of the number settings.
_BOUNDS = {"prepare_seconds": (0, 60), "switch_seconds": (0, 60), "pain_limit": (1, 9),
           "pain_above_baseline": (0, 9)}


@functools.cache
def _file_model() -> type[BaseModel]:
    """The pydantic model ``config.toml`` is checked against: the dataclass's fields, strict,
    unknown keys refused, numbers within :data:`_BOUNDS`."""
    from typing import Annotated, get_type_hints

    from pydantic import ConfigDict, Field, create_model

    from coach.models import one_line

    hints = get_type_hints(Settings)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(Settings):
        kind = hints[f.name]
        if f.name in _BOUNDS:
            low, high = _BOUNDS[f.name]
            kind = Annotated[kind, Field(ge=low, le=high)]
        elif kind is str:  # a name: one line, no control characters
            kind = Annotated[kind, one_line]
        fields[f.name] = (kind, f.default)
    return create_model("Settings", __config__=ConfigDict(extra="forbid", strict=True),
                        **fields)


def setting_problem(key: str, value: object) -> str | None:
    """What is wrong with one setting's value, in the words and bounds ``config.toml`` is
    checked with (for the settings screen, as a person types); None when it is fine."""
    from pydantic import ValidationError

    from coach.diagnostics import describe_error

    model = _file_model()
    try:
        model.model_validate({key: value})
    except ValidationError as exc:
        return describe_error(exc.errors()[0], model.model_fields)
    return None


SETTING_HELP = {
    "prepare_seconds": "get-ready countdown before each exercise (0-60 s)",
    "switch_seconds": "time to change feet between sides (0-60 s)",
    "bell": "ring the terminal bell at 3-2-1 and at each new step",
    "theme": "Textual theme name",
    "pain_limit": ("pain during or after a session may reach this, out of 10 (1-9; 5 in the "
                   "pain-monitoring model, Silbernagel et al. 2007)"),
    "pain_above_baseline": ("a session is easy while pain stays within this many points of "
                            "the pain before it (0-9)"),
    "voice": "speak the cues (exercise and side, switches, rests, 3-2-1, done); v in a workout",
    "voice_counts": "with the voice on, say each paced rep's number too",
    "speech_command": ("the program that speaks, taking the text last (empty: espeak-ng, "
                       "spd-say or say, as found)"),
}


def load_settings(
    path: Path, contents: Mapping[Path, bytes | None] | None = None,
) -> tuple[Settings, list[Problem]]:
    """The settings in ``path`` (defaults when it doesn't exist), and any problems found.
    ``contents`` may hold the file already read (None: it was missing)."""
    from coach.diagnostics import describe_error
    from coach.diagnostics.toml_locator import Locator
    from coach.diagnostics.toml_text import TomlProblem, read_toml
    from coach.files import FileProblem, read_known

    shown = str(path)
    try:
        raw = read_known(path, contents)  # regular files only, size-capped, never blocking
    except FileNotFoundError:
        return Settings(), []
    except FileProblem as exc:
        if exc.reason.startswith("is a directory"):
            return Settings(), [Problem(shown, None, "", "is a directory, not a settings file")]
        if exc.reason.startswith("is "):  # a FIFO, a device, a socket, too large
            return Settings(), [Problem(shown, None, "", exc.reason)]
        return Settings(), [Problem(shown, None, "", f"cannot be read: {exc.reason}")]
    try:
        # Binary data, bytes that are not UTF-8, nesting and syntax: as for a library file.
        text, data = read_toml(raw)
    except TomlProblem as exc:
        return Settings(), [Problem(shown, exc.line, "", exc.message)]
    from pydantic import ValidationError

    model = _file_model()
    try:
        return Settings(**model.model_validate(data).model_dump()), []
    except ValidationError as exc:
        # Keys may be bare, quoted, dotted or [table] headers: the locator reads them all.
        locator = Locator(text)
        problems = []
        for err in exc.errors():
            key = ".".join(str(p) for p in err["loc"])
            problems.append(
                Problem(shown, locator.line(tuple(err["loc"])), key,
                        describe_error(err, model.model_fields))
            )
        return Settings(), sorted(problems, key=lambda p: p.line or 0)


def theme_problem(path: Path | None, theme: str, themes: Iterable[str]) -> Problem | None:
    """The ``theme`` setting of ``path`` (None: settings given, not read from a file) names
    none of ``themes`` (the app's: this module never imports Textual): where it is written
    and what may have been meant; None when it is known. Only the theme falls back to the
    default."""
    themes = list(themes)
    if theme in themes:
        return None
    from coach.diagnostics import did_you_mean
    from coach.diagnostics.toml_locator import Locator
    from coach.files import FileProblem, read_regular

    line = None
    if path is not None:
        with contextlib.suppress(FileNotFoundError, FileProblem):
            line = Locator(read_regular(path).decode("utf-8", "replace")).exact(("theme",))
    return Problem(str(path or "config.toml"), line, "theme",
                   f"unknown theme '{theme}'{did_you_mean(theme, themes)}; the default is used")


def settings_text(settings: Settings) -> str:
    """The settings as TOML, each with a comment saying what it does."""
    import tomli_w

    lines = []
    for key, value in settings.to_dict().items():
        lines.append(f"# {SETTING_HELP[key]}")
        lines.append(tomli_w.dumps({key: value}).strip())
    return "\n".join(lines) + "\n"


SETTINGS_HEADER = (
    "# coach settings. coach rewrites this file when you change a setting in the app\n"
    "# (s, or the command palette); comments other than these are not kept.\n"
)


class SettingsNotSaved(Exception):
    """``config.toml`` was left as it is; the text says why, naming the file."""


def save_settings(path: Path, settings: Settings) -> None:
    """Write ``settings`` to ``path`` atomically (every setting, each with its comment). A
    file with problems of its own is never overwritten: the person's edits would be lost."""
    from coach.files import FileProblem, write_file

    _, problems = load_settings(path)
    if problems:
        raise SettingsNotSaved(
            f"{path} has problems, so coach will not overwrite it; fix them first"
            f" (`coach config` lists them): {problems[0]}")
    try:
        write_file(path, SETTINGS_HEADER + settings_text(settings), make_parents=True)
    except FileProblem as exc:
        raise SettingsNotSaved(str(exc)) from None
