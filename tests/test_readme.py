"""The README's promises: its library example is valid, and its two commands are the ones CI
runs."""

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
    # The static checks are part of it, each before the tests.
    steps = command.split(" && ")
    for check in (".venv/bin/ruff check", ".venv/bin/mypy", ".venv/bin/lint-imports"):
        assert check in steps and steps.index(check) < len(steps) - 1


def test_first_command_installs_and_starts_the_app():
    first = README.split("```sh\n", 1)[1].split("\n", 1)[0]
    assert first == "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/coach"


# --- the keys and the statuses --------------------------------------------------------------

def _table(header: str) -> list[list[str]]:
    """The rows of the README table whose header row is ``header``, as cells."""
    block = README.split(header + "\n", 1)[1]
    rows = []
    for line in block.splitlines()[1:]:  # after the |---| line
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def _readme_keys() -> dict[str, set[str]]:
    """Each row of the keys table: its title, and every key written in backticks there
    (`n`/`→` is two keys)."""
    return {title: set(re.findall(r"`([^`]+)`", keys))
            for title, keys in _table("| where | keys |")}


def test_the_readme_and_the_help_list_the_same_keys_for_the_same_screens():
    from coach.tui.keys import key_sections

    help_keys = {title: {name for names, _ in keys for name in names.split(" / ")}
                 for title, keys in key_sections()}
    readme = _readme_keys()
    assert list(readme) == list(help_keys), "the README's rows are not the help's sections"
    for title, keys in help_keys.items():
        assert readme[title] == keys, (
            f"{title}: only in the help {sorted(keys - readme[title])}, "
            f"only in the README {sorted(readme[title] - keys)}")


def test_the_readme_names_every_status_as_coach_shows_it():
    from coach.history import SESSION_STATUSES
    from coach.outcomes import STATUS_LABELS

    rows = _table("| status | shown as | when |")
    said = {word.strip("`"): shown for word, shown, _ in rows}
    assert said == STATUS_LABELS
    assert set(said) == set(SESSION_STATUSES)
