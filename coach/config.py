"""Settings in ``config.toml`` (user config directory): validated like the library.

A broken or wrong setting never stops a workout: the problems are reported, each as
``FILE:LINE: key: message``, and the defaults stand in for the whole file.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coach._locate import Locator
from coach.problems import Problem, describe_error


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    # Seconds of "get ready" before each exercise; 0 starts straight away.
    prepare_seconds: Annotated[int, Field(ge=0, le=60)] = 5
    # Seconds to change feet between sides.
    switch_seconds: Annotated[int, Field(ge=0, le=60)] = 5
    # The terminal bell at 3-2-1 before a step ends and when a new one starts.
    bell: bool = True
    # A Textual theme name; an unknown one falls back to the default with a warning.
    theme: str = "textual-dark"


SETTING_HELP = {
    "prepare_seconds": "get-ready countdown before each exercise (0-60 s)",
    "switch_seconds": "time to change feet between sides (0-60 s)",
    "bell": "ring the terminal bell at 3-2-1 and at each new step",
    "theme": "Textual theme name",
}


def load_settings(path: Path) -> tuple[Settings, list[Problem]]:
    """The settings in ``path`` (defaults when it doesn't exist), and any problems found."""
    shown = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), []
    except IsADirectoryError:
        return Settings(), [Problem(shown, None, "", "is a directory, not a settings file")]
    except OSError as exc:
        return Settings(), [Problem(shown, None, "", f"cannot be read: {exc.strerror or exc}")]
    try:
        # A byte-order mark (Windows editors add one) is not TOML; the library drops it too.
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return Settings(), [Problem(shown, line, "", "is not UTF-8 text")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)", "", str(exc))
        # "at end of document" has no line of its own: the last line is where to look.
        line = int(match.group(1)) if match else max(1, len(text.splitlines()))
        return Settings(), [Problem(shown, line, "", f"TOML syntax error: {message}")]
    try:
        return Settings.model_validate(data), []
    except ValidationError as exc:
        # Keys may be bare, quoted, dotted or [table] headers: the locator reads them all.
        locator = Locator(text)
        problems = []
        for err in exc.errors():
            key = ".".join(str(p) for p in err["loc"])
            problems.append(
                Problem(shown, locator.line(tuple(err["loc"])), key,
                        describe_error(err, Settings.model_fields))
            )
        return Settings(), sorted(problems, key=lambda p: p.line or 0)


def settings_text(settings: Settings) -> str:
    """The settings as TOML, each with a comment saying what it does."""
    import tomli_w

    lines = []
    for key, value in settings.model_dump().items():
        lines.append(f"# {SETTING_HELP[key]}")
        lines.append(tomli_w.dumps({key: value}).strip())
    return "\n".join(lines) + "\n"
