"""The TUI's house rules (issue 12), read from the source: screens never import one another
or the app (they ask the app, through coach.tui.services.Coach); no module over 500 lines,
each saying its job first; the app is reached through types, never ``getattr`` or
``type: ignore``; and no store error but HistoryError reaches a screen."""

from __future__ import annotations

import ast
from pathlib import Path

import coach.tui

TUI = Path(coach.tui.__file__).resolve().parent
SCREENS = TUI / "screens"
MAX_LINES = 500


def _modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def _imported(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_a_screen_imports_no_other_screen_nor_the_app():
    found = {}
    for path in _modules(SCREENS):
        own = f"coach.tui.screens.{path.stem}"
        bad = sorted(name for name in _imported(path)
                     if (name.startswith("coach.tui.screens.") and not name.startswith(own))
                     or name.startswith(("coach.tui.app", "coach.tui.workouts",
                                         "coach.tui.own_routines", "coach.tui.keys")))
        if bad:
            found[path.name] = bad
    assert found == {}


def test_no_tui_module_is_over_500_lines_and_each_says_its_job():
    long = {p.name: n for p in _modules(TUI)
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
    silent = [p.relative_to(TUI).as_posix() for p in _modules(TUI)
              if p.name != "__init__.py"
              and not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))]
    assert silent == []


def test_the_app_is_reached_through_types():
    said = {}
    for path in _modules(TUI):
        text = path.read_text(encoding="utf-8")
        hits = [bit for bit in ("type: ignore", "getattr(self.app", "getattr(app")
                if bit in text]
        if hits:
            said[path.name] = hits
    assert said == {}


def test_screens_know_no_store_error_but_history_error():
    assert [p.name for p in _modules(TUI) if "sqlite3" in _imported(p)] == []
