"""Opening the app quickly: the picker's first frame from a cache, the library just after.

Checking the library takes pydantic, and importing pydantic and building coach's models
costs more than everything else the first frame needs. So ``coach`` first reads every file
the picker depends on (the library files and ``config.toml``) and hashes their bytes,
together with coach's version and the code that words the picker. When the cache holds an
entry for exactly that hash, it already has the settings and what the picker shows
(:class:`~coach.overview.RoutineOverview`), and the app draws from those at once. Then,
after the first frame, the library is validated from the very bytes that were hashed, so it
can only come out as it did when the entry was written.

A miss (the first start, any edit to those files, a new coach) validates everything before
the app starts, as it always did, and the entry is written once the app has drawn, and only
when neither the library nor the settings had a problem: problems are reported on every start
until they are fixed. The cache is only ever a copy: a damaged, foreign or unwritable cache
file is ignored and the slow path taken. Importing this module imports neither pydantic nor
the models.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from coach import __version__, paths
from coach.config import Settings
from coach.files import FileProblem, read_regular, write_file
from coach.overview import RoutineOverview

if TYPE_CHECKING:
    from coach.diagnostics import Problem
    from coach.library import Library
    from coach.paths import Locations

CACHE_NAME = "start.json"
FORMAT = 3
# The modules whose code decides what an overview says: a change to any of them (an
# editable install, an upgrade that kept the version) makes every entry stale.
_WORDING = ("overview.py", "wording.py", "timeline.py", "models.py", "config.py")


class Startup:
    """The files behind one start of the app, read once, and what came of them."""

    def __init__(self, locations: Locations, library: Path | None = None) -> None:
        self.locations = locations
        self.library_flag = library
        self.settings: Settings | None = None
        self.settings_problems: list[Problem] = []
        # From the cache on a hit; None until then.
        self.overviews: tuple[RoutineOverview, ...] | None = None
        self._library: Library | None = None
        self._contents, self._key = self._read_inputs()

    # --- the inputs -------------------------------------------------------------------------

    def _files(self) -> list[Path]:
        if self.library_flag is not None:
            return [self.library_flag, self.locations.config_file]
        return [paths.shipped_library(), self.locations.user_library,
                self.locations.config_file]

    def _read_inputs(self) -> tuple[dict[Path, bytes | None], str | None]:
        """Every input's bytes (None for a missing file) and their hash; no hash when a file
        cannot be read, so the ordinary load reports it."""
        contents: dict[Path, bytes | None] = {}
        digest = hashlib.sha256(f"coach {__version__} cache {FORMAT}\n".encode())
        here = Path(__file__).resolve().parent
        for name in _WORDING:
            try:
                st = (here / name).stat()
            except OSError:
                return contents, None
            digest.update(f"{name} {st.st_mtime_ns} {st.st_size}\n".encode())
        for path in self._files():
            try:
                # Before anything else runs: a FIFO or a device must not stall the start.
                data: bytes | None = read_regular(path)
            except FileNotFoundError:
                data = None
            except FileProblem:  # a FIFO, a directory, no permission...: the slow path says
                return {}, None
            contents[path] = data
            digest.update(f"{path}\n".encode())
            digest.update(b"-" if data is None else hashlib.sha256(data).digest())
        return contents, digest.hexdigest()

    @property
    def cache_file(self) -> Path | None:
        cache_dir = self.locations.cache_dir
        return None if cache_dir is None else cache_dir / CACHE_NAME

    # --- the fast path ----------------------------------------------------------------------

    def from_cache(self) -> bool:
        """Take settings and overviews from the cache if it has an entry for these files."""
        if self._key is None or self.cache_file is None:
            return False
        try:
            entry = json.loads(read_regular(self.cache_file))
            if entry.get("format") != FORMAT or entry.get("key") != self._key:
                return False
            settings = Settings.from_trusted(entry["settings"])
            overviews = tuple(RoutineOverview.from_dict(r) for r in entry["routines"])
        except (OSError, FileProblem, ValueError, TypeError, KeyError, AttributeError,
                RecursionError):
            return False
        if settings is None:
            return False
        self.settings, self.overviews = settings, overviews
        return True

    # --- the full load ----------------------------------------------------------------------

    def load_settings(self) -> Settings:
        """The settings, checked (problems in :attr:`settings_problems`), unless already
        taken from the cache."""
        if self.settings is None:
            from coach.config import load_settings

            self.settings, self.settings_problems = load_settings(
                self.locations.config_file, self._contents or None)
        return self.settings

    def library(self) -> Library:
        """The validated library, read from the bytes that were hashed (once; raises
        :class:`~coach.library.LibraryError` as :func:`~coach.library.load_library` does)."""
        if self._library is None:
            from coach.library import load_library

            contents = self._contents or None
            if self.library_flag is not None:
                self._library = load_library(library=self.library_flag, contents=contents)
            else:
                self._library = load_library(None, user_library=self.locations.user_library,
                                             contents=contents)
        return self._library

    @property
    def clean(self) -> bool:
        """Whether the library and settings loaded without a single problem."""
        return (self._library is not None and not self._library.problems
                and self.settings is not None and not self.settings_problems)

    def remember(self, overviews: tuple[RoutineOverview, ...]) -> bool:
        """Write the cache entry for these files; only when everything loaded cleanly.
        Whether it was written (a cache that cannot be written is not a problem)."""
        target = self.cache_file
        if self._key is None or target is None or not self.clean:
            return False
        assert self.settings is not None
        entry = {"format": FORMAT, "key": self._key, "coach": __version__,
                 "settings": self.settings.to_dict(),
                 "routines": [o.to_dict() for o in overviews]}
        try:
            write_file(target, json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                       make_parents=True)
        except (OSError, FileProblem):
            return False
        self.overviews = overviews
        return True
