"""Text from outside coach, on screen exactly as it was written: the TUI's one way to show it.

Textual reads a plain ``str`` as content markup almost everywhere (``Static.update``,
``Label``, ``Option``, ``DataTable`` cells, notifications, the command palette), so
``Morning [easy]`` would show as "Morning" and ``[/]`` would crash the screen. Every string
that comes from a file, the database or the keyboard goes through :func:`literal`: a
``rich.text.Text``, which is never parsed, with control characters made visible
(:func:`coach.safetext.visible`), so no data byte can move the cursor, set the title or reach
the clipboard. Where an API takes markup only (the command palette's help line, a
notification by default), pass a Text or ``markup=False`` instead: Textual's ``escape`` does
not round-trip backslashes.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from coach.safetext import visible


def literal(text: str, style: str | Style = "", *, multiline: bool = False) -> Text:
    """``text`` as a Text shown exactly as written (control characters made visible)."""
    return Text(visible(text, multiline=multiline), style=style)

