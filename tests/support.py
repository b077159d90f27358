"""Test helpers shared by the TUI tests: a clock that moves only when told, and app builders."""

from __future__ import annotations

import contextlib
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

from coach import paths
from coach.config import Settings
from coach.library import Library, load_library

WALL_START = datetime(2026, 11, 23, 9, 0, tzinfo=timezone(timedelta(hours=1)))


class FakeClock:
    """A monotonic clock and a wall clock that advance together, only via ``advance()``."""

    def __init__(self, start: float = 1000.0) -> None:
        self.start = start
        self.now = start

    def __call__(self) -> float:
        return self.now

    def wall(self) -> datetime:
        return WALL_START + timedelta(seconds=self.now - self.start)

    def advance(self, seconds: float) -> None:
        self.now += seconds


def isolated_env(tmp_path: Path) -> dict[str, str]:
    """This process's environment for a child process, with HOME and every XDG directory
    under ``tmp_path`` (``xdg-config``, ``xdg-data``, ...) and no COACH_ overrides, so the
    child never reads or writes the real user's files."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_", "XDG_"))}
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "xdg-config"),
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),
        XDG_STATE_HOME=str(tmp_path / "xdg-state"),
        XDG_CACHE_HOME=str(tmp_path / "xdg-cache"),
    )
    return env


FIXED_LIBRARY = Path(__file__).with_name("snapshot_library.toml")
_fixed: Library | None = None


def shipped() -> Library:
    """The library the program ships (exercises.toml): only for a test whose point is that
    content (an article's routine, a shipped exercise's red flags)."""
    return load_library(None, user_library=None)


def fixed() -> Library:
    """The fixed test library (snapshot_library.toml), loaded once (it is never changed), so
    a content fix in the shipped exercises.toml never breaks a UI test."""
    global _fixed
    if _fixed is None:
        _fixed = load_library(library=FIXED_LIBRARY)
    return _fixed


def make_app(library: Library | None = None, clock: FakeClock | None = None, **kwargs):
    """An app on ``library`` (the fixed test library unless told), and its clock."""
    from coach.tui.app import CoachApp

    clock = clock or FakeClock()
    kwargs.setdefault("settings", Settings())
    kwargs.setdefault("show_safety", False)
    # Asked the day after a session (tests/test_checkin_tui.py): off unless a test asks.
    kwargs.setdefault("morning_question", False)
    # The autouse fixture points XDG dirs at a temp dir, so this is a private data dir.
    kwargs.setdefault("locations", paths.resolve())
    app = CoachApp(library or fixed(), clock=clock, wall=clock.wall, cursor_blink=False,
                   **kwargs)
    return app, clock


def tiny_library(tmp_path: Path, body: str) -> Library:
    path = tmp_path / "tiny.toml"
    path.write_text(body, encoding="utf-8")
    return load_library(library=path)


HOLD_THEN_REPS = """
[[exercises]]
id = "press"
name = "Toe press"
purpose = "Test exercise."
position = "Stand tall."
steps = ["Press the toes down."]
sides = "each"
prescription = { kind = "hold", seconds = 10 }

[[exercises]]
id = "curl"
name = "Towel curl"
purpose = "Test exercise."
position = "Sit on a chair."
steps = ["Scrunch the towel."]
sides = "both"
prescription = { kind = "reps", count = 5 }

[[routines]]
id = "short"
name = "Short one"
description = "A hold on each side, then self-paced reps."
items = [{ exercise = "press" }, { exercise = "curl" }]
"""


async def wait_until(pilot, ready, within: float = 10.0, what: str = "the condition") -> None:
    """Let the app run (workers, timers, messages) until ``ready()`` holds; fails after
    ``within`` seconds. For what arrives from a worker thread, whose timing a loaded
    machine stretches: a fixed number of pauses would be a race. A widget the condition
    looks for that is not there yet (a screen pushed but not composed) counts as not
    ready, not as a failure."""
    import asyncio

    from textual.css.query import NoMatches
    from textual.worker import WorkerCancelled

    def holds() -> bool:
        try:
            return bool(ready())
        except NoMatches:
            return False

    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not holds():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        # An exclusive worker started again cancels the one before: a normal event in the
        # app (the picker's recent read), not the test's business.
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.02)


def on_screen(app, screen_type) -> bool:
    """Whether the app shows a screen of ``screen_type``, laid out and drawn: a condition for
    :func:`wait_until`, e.g. the summary, which follows a workout after a short real pause."""
    screen = app.screen
    return isinstance(screen, screen_type) and any(child.is_on_screen
                                                   for child in screen.children)


def highlighted_command(app) -> str:
    """The text of the command the command palette has highlighted, which Enter runs ("" if
    the palette is not open or nothing is highlighted yet)."""
    from textual.command import CommandList, CommandPalette

    palette = app.screen
    if not isinstance(palette, CommandPalette):
        return ""
    hits = palette.query_one(CommandList)
    if hits.highlighted is None or not hits.option_count:
        return ""
    return str(hits.get_option_at_index(hits.highlighted).prompt)


async def wait_for_command(pilot, command: str) -> None:
    """Wait until the command palette highlights ``command``: it gathers its hits in a
    worker and shows them in batches, so what Enter runs is known only then."""
    await wait_until(pilot, lambda: command in highlighted_command(pilot.app),
                     what=f"the palette to highlight {command!r}")


async def burst(pilot, *keys: str) -> None:
    """Send ``keys`` the way a terminal sends a paste or a fast typist's keys: all queued
    for the app at once, before it handles the first (Pilot.press waits for the app to be
    idle after each key, so it never shows what a burst loses). Then let the app settle.
    Keys as Pilot.press takes them: ``burst(pilot, "/", *"heel", "enter")``."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    app = pilot.app
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        try:  # the character a key types, as Pilot.press works it out
            name = _get_unicode_name_from_key(REPLACED_KEYS.get(key, key))
            character = unicodedata.lookup(name)
        except KeyError:
            character = key if len(key) == 1 else None
        event = events.Key(key, character)
        event.set_sender(app)
        app.post_message(event)
    await pilot.pause()
    await pilot.pause()
