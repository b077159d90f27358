"""The start-up cache (coach.startup_cache): when it may be trusted, and that it never hurts.

The cache lets the picker draw before pydantic loads, so what matters is that it is used
only for exactly the files it was written from, that the library validated afterwards is
made from the very bytes that were hashed, and that a damaged, foreign or unwritable cache
is ignored, never an error.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import isolated_env
from test_cli import BROKEN_LIBRARY, GOOD_USER_LIBRARY

from coach import paths, startup_cache
from coach.config import Settings
from coach.library import LibraryError
from coach.overview import RoutineOverview, overviews
from coach.startup_cache import CACHE_NAME, Startup

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def where(tmp_path) -> paths.Locations:
    locations = paths.Locations(tmp_path / "config", tmp_path / "data", tmp_path / "cache")
    locations.config_dir.mkdir()
    return locations


def warm(where: paths.Locations, library: Path | None = None) -> Startup:
    """A start that misses, loads everything and writes its entry, as the app does."""
    startup = Startup(where, library)
    assert not startup.from_cache()
    startup.load_settings()
    assert startup.remember(overviews(startup.library(), startup.settings))
    return startup


def test_first_start_misses_and_the_next_one_hits(where):
    first = warm(where)
    assert (where.cache_dir / CACHE_NAME).is_file()
    second = Startup(where)
    assert second.from_cache()
    assert second.settings == Settings()
    assert second.overviews == overviews(first.library(), first.settings)
    assert [o.id for o in second.overviews] == list(first.library().routines)


def test_what_the_cache_says_is_what_the_library_says(where):
    (where.user_library).write_text(GOOD_USER_LIBRARY, encoding="utf-8")
    where.config_file.write_text("prepare_seconds = 0\nswitch_seconds = 9\n", encoding="utf-8")
    warm(where)
    hit = Startup(where)
    assert hit.from_cache()
    assert hit.settings == Settings(prepare_seconds=0, switch_seconds=9)
    quick = next(o for o in hit.overviews if o.id == "quick-taps")
    assert quick.items[1].name == "Heel raises"
    assert quick.matches("taps heel") and not quick.matches("taps towel")
    # Validated later, from the same files, the library agrees with the cache.
    assert overviews(hit.library(), hit.settings) == hit.overviews


@pytest.mark.parametrize("change", ["user library", "config", "user library removed",
                                    "config added"])
def test_any_change_to_the_files_misses(where, change):
    where.user_library.write_text(GOOD_USER_LIBRARY, encoding="utf-8")
    if change != "config added":
        where.config_file.write_text("bell = false\n", encoding="utf-8")
    warm(where)
    if change == "user library":
        where.user_library.write_text(GOOD_USER_LIBRARY.replace("Quick taps", "Quick tap"),
                                      encoding="utf-8")
    elif change == "config":
        where.config_file.write_text("bell = true\n", encoding="utf-8")
    elif change == "user library removed":
        where.user_library.unlink()
    else:
        where.config_file.write_text("bell = false\n", encoding="utf-8")
    assert not Startup(where).from_cache()


@pytest.fixture
def wording_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the modules whose code decides what an overview says, hashed in place of
    the real ones: the checkout is never touched."""
    here = Path(startup_cache.__file__).resolve().parent
    copy = tmp_path / "coach-copy"
    for name in startup_cache._WORDING:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(here / name, copy / name)
    monkeypatch.setattr(startup_cache, "__file__", str(copy / "startup_cache.py"))
    return copy


@pytest.mark.parametrize("name", startup_cache._WORDING)
def test_a_change_to_a_wording_module_misses(where, wording_copy, name):
    warm(where)
    assert Startup(where).from_cache()  # the copy alone changes nothing
    module = wording_copy / name
    stat = module.stat()
    module.write_text(module.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert not Startup(where).from_cache()


def test_a_library_flag_has_entries_of_its_own(where, tmp_path):
    mine = tmp_path / "only.toml"
    mine.write_text(GOOD_USER_LIBRARY.replace(
        '[[routines.items]]\nexercise = "heel-raises"\n', ""), encoding="utf-8")
    warm(where, mine)
    assert not Startup(where).from_cache()  # the shipped library is another set of files
    hit = Startup(where, mine)
    assert hit.from_cache()
    assert [o.id for o in hit.overviews] == ["quick-taps"]


def test_the_library_is_read_from_the_bytes_that_were_hashed(where):
    """A file changed between the cache check and the validation after the first frame:
    the app still gets the library the cache described, never a mix."""
    where.user_library.write_text(GOOD_USER_LIBRARY, encoding="utf-8")
    warm(where)
    hit = Startup(where)
    assert hit.from_cache()
    where.user_library.write_text(BROKEN_LIBRARY, encoding="utf-8")
    library = hit.library()
    assert library.problems == []
    assert "quick-taps" in library.routines
    assert not Startup(where).from_cache()  # the next start sees the new file


@pytest.mark.parametrize("damage", [
    b"",
    b"\x00\xffnot json",
    b"[]",
    b'{"format": 1}',
    "wrong settings type",
    "missing routine field",
    "routine field of the wrong type",
    "another format",
])
def test_a_damaged_cache_is_ignored(where, damage):
    warm(where)
    cache = where.cache_dir / CACHE_NAME
    if isinstance(damage, bytes):
        cache.write_bytes(damage)
    else:
        entry = json.loads(cache.read_text(encoding="utf-8"))
        if damage == "wrong settings type":
            entry["settings"]["prepare_seconds"] = "5"
        elif damage == "missing routine field":
            del entry["routines"][0]["length"]
        elif damage == "routine field of the wrong type":
            entry["routines"][0]["items"][0]["name"] = 7
        else:
            entry["format"] = 99
        cache.write_text(json.dumps(entry), encoding="utf-8")
    again = Startup(where)
    assert not again.from_cache()
    assert again.settings is None and again.overviews is None
    # ... and the slow path still works and puts a good entry back.
    again.load_settings()
    assert again.remember(overviews(again.library(), again.settings))
    assert Startup(where).from_cache()


def test_an_unwritable_cache_is_no_problem(where):
    where.cache_dir.parent.mkdir(parents=True, exist_ok=True)
    where.cache_dir.write_text("a file where the cache directory should be")
    startup = Startup(where)
    startup.load_settings()
    assert startup.remember(overviews(startup.library(), startup.settings)) is False
    assert not Startup(where).from_cache()


def test_no_cache_directory_means_no_cache(where):
    bare = paths.Locations(where.config_dir, where.data_dir)
    startup = Startup(bare)
    assert startup.cache_file is None
    assert not startup.from_cache()
    startup.load_settings()
    assert startup.remember(overviews(startup.library(), startup.settings)) is False


def test_problems_are_never_cached(where):
    """A library set aside or a bad setting must be reported on every start, so neither
    is ever written to the cache."""
    where.user_library.write_text(BROKEN_LIBRARY, encoding="utf-8")
    startup = Startup(where)
    startup.load_settings()
    library = startup.library()
    assert library.problems
    assert not startup.remember(overviews(library, startup.settings))

    where.user_library.unlink()
    where.config_file.write_text("prepare_seconds = -1\n", encoding="utf-8")
    startup = Startup(where)
    startup.load_settings()
    assert startup.settings_problems
    assert not startup.remember(overviews(startup.library(), startup.settings))
    assert not (where.cache_dir / CACHE_NAME).exists()


def test_an_unreadable_file_takes_the_ordinary_path(where):
    where.user_library.mkdir()  # a directory where the library file should be
    startup = Startup(where)
    assert not startup.from_cache()
    library = startup.library()  # reported as always: set aside, with its problem
    assert [p.message for p in library.problems] == ["is a directory, not a library file"]


def test_a_broken_library_flag_raises_as_before(where, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(BROKEN_LIBRARY, encoding="utf-8")
    startup = Startup(where, bad)
    assert not startup.from_cache()
    with pytest.raises(LibraryError):
        startup.library()


def test_overview_round_trip_and_refusals():
    [first, *_] = overviews(__import__("coach.library").library.load_library(), Settings())
    assert RoutineOverview.from_dict(json.loads(json.dumps(first.to_dict()))) == first
    with pytest.raises(TypeError):
        RoutineOverview.from_dict({**first.to_dict(), "exercise_count": "5"})
    assert first.exercises_text == "5 exercises"


def test_settings_from_the_cache_are_checked():
    assert Settings.from_trusted(Settings().to_dict()) == Settings()
    for bad in [None, [], {}, {**Settings().to_dict(), "extra": 1},
                {**Settings().to_dict(), "bell": 1}, {**Settings().to_dict(), "theme": None}]:
        assert Settings.from_trusted(bad) is None


# --- what a warm start loads ------------------------------------------------------------------

WARM_START = """\
import sys
from coach import paths, startup_cache
from coach.startup_cache import Startup
where = paths.resolve()
startup = Startup(where)
hit = startup.from_cache()
from coach.tui.app import CoachApp
app = CoachApp(settings=startup.settings, locations=where, startup=startup)
overviews = app.overviews
print(hit, [m for m in ("pydantic", "coach.models", "coach.library") if m in sys.modules])
"""


def test_a_warm_start_draws_without_pydantic(tmp_path):
    """Everything the picker's first frame needs comes without pydantic or the models."""
    env = isolated_env(tmp_path)

    def run() -> str:
        return subprocess.run([sys.executable, "-c", WARM_START], env=env, cwd=tmp_path,
                              capture_output=True, text=True, check=True, timeout=60).stdout

    # The first start misses: everything is loaded (the overviews need the library).
    assert run().strip() == "False ['pydantic', 'coach.models', 'coach.library']"
    startup_cache = tmp_path / "xdg-cache" / "coach" / CACHE_NAME
    assert not startup_cache.exists()  # only the app writes it, after its first frame
    subprocess.run([sys.executable, "-c", WARM_START.replace(
        "overviews = app.overviews", "startup.load_settings(); startup.remember(app.overviews)")],
        env=env, cwd=tmp_path, check=True, timeout=60, capture_output=True)
    assert startup_cache.exists()
    assert run().strip() == "True []"
