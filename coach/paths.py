"""Every place coach reads or writes on disk, resolved in one patchable spot.

Defaults follow platformdirs (so ``XDG_CONFIG_HOME``, ``XDG_DATA_HOME`` and
``XDG_CACHE_HOME`` move them on Linux); ``--config-dir`` / ``--data-dir`` or
``COACH_CONFIG_DIR`` / ``COACH_DATA_DIR`` / ``COACH_CACHE_DIR`` override them. Crash reports
go to the state directory (``XDG_STATE_HOME``, or ``COACH_STATE_DIR``). Nothing here
touches the disk at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "coach"
USER_LIBRARY_NAME = "exercises.toml"
CONFIG_NAME = "config.toml"
HISTORY_NAME = "history.sqlite3"
# Left in the data directory once the safety note has been shown.
SAFETY_MARKER_NAME = ".safety-note-seen"


def shipped_library() -> Path:
    """The library that ships with coach: inside the wheel, or at the repo root when the
    package runs from a source checkout (editable install)."""
    here = Path(__file__).resolve().parent
    packaged = here / "exercises.toml"
    return packaged if packaged.is_file() else here.parent / "exercises.toml"


@dataclass(frozen=True)
class Locations:
    config_dir: Path
    data_dir: Path
    # Where the start-up cache lives (coach.startup_cache); None: no cache, every start validates.
    cache_dir: Path | None = None

    @property
    def user_library(self) -> Path:
        return self.config_dir / USER_LIBRARY_NAME

    @property
    def config_file(self) -> Path:
        return self.config_dir / CONFIG_NAME

    @property
    def history_db(self) -> Path:
        return self.data_dir / HISTORY_NAME

    @property
    def safety_marker(self) -> Path:
        return self.data_dir / SAFETY_MARKER_NAME


def resolve(config_dir: str | os.PathLike[str] | None = None,
            data_dir: str | os.PathLike[str] | None = None) -> Locations:
    """Where config, data and cache live, from flags first, then environment, then
    platformdirs."""
    import platformdirs

    cfg = config_dir or os.environ.get("COACH_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME)
    data = data_dir or os.environ.get("COACH_DATA_DIR") or platformdirs.user_data_dir(APP_NAME)
    cache = os.environ.get("COACH_CACHE_DIR") or platformdirs.user_cache_dir(APP_NAME)
    return Locations(Path(cfg).expanduser(), Path(data).expanduser(), Path(cache).expanduser())


def state_dir() -> Path:
    """Where coach leaves what a person may want to look at later (crash reports):
    ``COACH_STATE_DIR``, else platformdirs' state directory (``XDG_STATE_HOME`` on Linux)."""
    import platformdirs

    where = os.environ.get("COACH_STATE_DIR") or platformdirs.user_state_dir(APP_NAME)
    return Path(where).expanduser()
