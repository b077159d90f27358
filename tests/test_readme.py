"""The README's promises: its library example is valid, and its two commands are the ones CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from coach.library import load_library

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_library_example_loads_as_a_user_library(tmp_path):
    example = re.search(r"```toml\n(\[\[exercises\]\].*?)```", README, re.S).group(1)
    user = tmp_path / "exercises.toml"
    user.write_text(example, encoding="utf-8")
    library = load_library(None, user_library=user)
    assert library.problems == []
    assert "my-morning" in library.routines
    assert library.exercises["heel-raises"].aliases == ["Calf raises"]  # the override took


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in ci
    block = README.split("<!-- test-command -->", 1)[1]
    command = block.split("```sh\n", 1)[1].split("\n", 1)[0]
    assert command.endswith("pytest") and "pip install '.[test]'" in command


def test_first_command_installs_and_starts_the_app():
    first = README.split("```sh\n", 1)[1].split("\n", 1)[0]
    assert first == "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/coach"
