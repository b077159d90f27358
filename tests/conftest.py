"""Shared fixtures. Every test runs with its own config and data directories, so no test
ever reads or writes the real user's files."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("COACH_CONFIG_DIR", raising=False)
    monkeypatch.delenv("COACH_DATA_DIR", raising=False)
    monkeypatch.delenv("COACH_CACHE_DIR", raising=False)
    monkeypatch.delenv("COACH_STATE_DIR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture
def fixed_as_shipped(monkeypatch):
    """The fixed test library in the shipped library's place, for a test where the app reads
    its library again (the routine builder saved) or a person's file is merged over the
    shipped library: what it finds then is the fixed library, as ``make_app()`` started with."""
    from support import FIXED_LIBRARY

    from coach import paths

    monkeypatch.setattr(paths, "shipped_library", lambda: FIXED_LIBRARY)
