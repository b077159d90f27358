"""Keeping one setting changed in a workout (the bell with ``M``, the voice with ``V``) in
``config.toml``, in a thread, changing nothing else in the file; a file with problems of its
own is left alone (see :func:`coach.config.save_settings`), and the person is told either way.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from textual.screen import Screen

    from coach.tui.services import Coach


def keep_setting(screen: Screen[Any], coach: Coach, name: str, on: bool, label: str
                 ) -> None:
    """Write ``name = on`` into config.toml; ``label`` names it for the person ("The bell")."""
    locations = coach.locations
    if locations is None:
        screen.notify(f"There is no config directory, so {label.lower()} can't be kept.",
                      severity="warning")
        return
    path = locations.config_file
    change: dict[str, Any] = {name: on}

    def write() -> None:
        from coach.config import SettingsNotSaved, load_settings, save_settings

        current, _ = load_settings(path)
        try:
            save_settings(path, dataclasses.replace(current, **change))
        except SettingsNotSaved as exc:
            screen.app.call_from_thread(screen.notify, f"{label} setting was not kept: {exc}",
                                        severity="error", timeout=12)
            return
        screen.app.call_from_thread(_kept, screen, coach, path, change, label)

    screen.run_worker(write, thread=True, group=f"keep-{name}")


def _kept(screen: Screen[Any], coach: Coach, path: Path, change: dict[str, Any], label: str
          ) -> None:
    coach.settings = dataclasses.replace(coach.settings, **change)
    on = next(iter(change.values()))
    screen.notify(f"{label} stays {'on' if on else 'off'}: saved in {path}", timeout=5)
