"""Every key, screen by screen and dialog by dialog, built from their own bindings.

:func:`key_sections` is the one list: the help screen (``?``) draws it, and a test holds the
README's table of keys to it, so a key added to a screen's ``BINDINGS`` shows there at once
and the README cannot drift from it unnoticed. A few keys are handled outside bindings (a
list's arrows, Enter in a text field, the app's Tab): those are said in :data:`_BESIDES`.
This module knows every screen, as the app does; the help screen is handed the sections.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from coach.tui.screens.help import Section

# Keys a screen handles without a binding of its own, by section title.
_BESIDES: dict[str, list[tuple[str, str]]] = {
    "Routines": [("↑ / ↓", "Choose a routine"), ("Esc", "Clear the filter")],
    "Pain question": [("Enter", "Save the score; alone, skip the question")],
    "Summary": [("Enter", "Next question; after the note, back to the routines")],
    "Exercises": [("↑ / ↓", "Choose an exercise")],
    "Levels": [("↑ / ↓", "Choose an item")],
    "Settings": [("← / →", "Change the bell or the theme (the theme is tried at once)")],
    "History": [("↑ / ↓", "Choose a session")],
    "Session details": [("↑ / ↓", "Scroll")],
    "Add an exercise": [("↑ / ↓", "Choose an exercise")],
    "These keys": [("↑ / ↓", "Scroll")],
    "Anywhere": [(App.COMMAND_PALETTE_BINDING, "Command palette: start any routine by name"),
                 ("Tab / shift+Tab", "Next / previous field")],
}


class AppKeys:
    """The app's own keys, which work on every screen: CoachApp binds exactly these, and the
    help lists them from here, so this module never imports the app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Keys", key_display="?"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]


def key_sources() -> list[tuple[str, tuple[type, ...]]]:
    """Each section's title and the classes whose bindings it lists: a screen, and the
    widgets on it whose keys a person uses."""
    from coach.tui.screens.browser import ExerciseBrowserScreen
    from coach.tui.screens.builder import BuilderScreen
    from coach.tui.screens.confirm import ConfirmScreen
    from coach.tui.screens.exercise_chooser import ExerciseChooser
    from coach.tui.screens.help import HelpScreen
    from coach.tui.screens.history import HistoryScreen, SessionTable
    from coach.tui.screens.levels import LevelsScreen
    from coach.tui.screens.missed import MissedDayScreen
    from coach.tui.screens.pain import PainScreen
    from coach.tui.screens.picker import PickerScreen
    from coach.tui.screens.runner import RunnerScreen
    from coach.tui.screens.safety import SafetyScreen
    from coach.tui.screens.session_detail import SessionDetailScreen
    from coach.tui.screens.settings import SettingsScreen
    from coach.tui.screens.summary import SummaryScreen
    from coach.tui.widgets.builder_fields import ChoiceField

    return [
        ("Routines", (PickerScreen,)),
        ("Levels", (LevelsScreen,)),
        ("Pain question", (PainScreen,)),
        ("Workout", (RunnerScreen,)),
        ("Summary", (SummaryScreen,)),
        ("Exercises", (ExerciseBrowserScreen,)),
        ("History", (HistoryScreen, SessionTable)),
        ("Session details", (SessionDetailScreen,)),
        ("Routine builder", (BuilderScreen, ChoiceField)),
        ("Settings", (SettingsScreen,)),
        ("Add an exercise", (ExerciseChooser,)),
        ("Missed day", (MissedDayScreen,)),
        ("Yes/no questions", (ConfirmScreen,)),
        ("Safety note", (SafetyScreen,)),
        ("These keys", (HelpScreen,)),
        ("Anywhere", (AppKeys, App)),
    ]


_NAMES = {"space": "space", "right": "→", "left": "←", "up": "↑", "down": "↓",
          "plus": "+", "slash": "/", "question_mark": "?", "escape": "Esc", "enter": "Enter",
          "tab": "Tab", "delete": "Delete", "home": "Home", "end": "End",
          "pageup": "PgUp", "pagedown": "PgDn", "exclamation_mark": "!"}
DIGITS = [str(n) for n in range(10)]


def key_name(key: str) -> str:
    """A key as the help and the README write it: ``shift+↑``, ``Esc``, ``E``."""
    *modifiers, last = key.strip().split("+")
    return "+".join([*modifiers, _NAMES.get(last, last)])


def _bindings(classes: Iterable[type]) -> list[tuple[str, str]]:
    """(keys, description) of every binding with a description, in order; bindings that
    do the same thing are one row (the same action and words; its parameter may differ,
    as each digit notes its own pain), and the ten digits are written ``0-9``."""
    rows: dict[tuple[str, str], list[str]] = {}
    for cls in classes:
        for b in cls.__dict__.get("BINDINGS", ()):
            if isinstance(b, Binding) and b.description:
                keys = rows.setdefault((b.action.partition("(")[0], b.description), [])
                keys += [k for k in map(key_name, b.key.split(",")) if k not in keys]
    for keys in rows.values():
        if keys[:10] == DIGITS:
            keys[:10] = ["0-9"]
    # A key bound twice, one binding shown at a time (space: Pause, or Resume while paused),
    # is one line: "Pause / Resume".
    merged: dict[str, list[str]] = {}
    for (_, description), keys in rows.items():
        merged.setdefault(" / ".join(keys), []).append(description)
    return [(keys, " / ".join(descriptions)) for keys, descriptions in merged.items()]


def key_sections(first: type | None = None) -> list[Section]:
    """Every section of the help: its title, then (keys, what they do) for each key. The
    section of the screen ``first`` (the one help was opened over) comes first, then the
    keys that work anywhere, then the rest in the order a person meets them."""
    sections = [(title, classes[0], _BESIDES.get(title, []) + _bindings(classes))
                for title, classes in key_sources()]
    if first is None:
        return [(title, keys) for title, _, keys in sections]
    rank = {title: n for n, (title, _, _) in enumerate(sections)}
    rank["Anywhere"] = -1
    for title, owner, _ in sections:
        if owner is first:
            rank[title] = -2
    return [(title, keys) for title, _, keys in sorted(sections, key=lambda s: rank[s[0]])]
