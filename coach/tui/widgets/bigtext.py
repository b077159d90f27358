"""Words in letters three rows tall, for what must be read from the floor (LEFT, RIGHT)."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

# Three rows per letter, drawn with the same box characters as Textual's Digits.
_FONT = {
    "A": ("┏━┓", "┣━┫", "╹ ╹"), "B": ("┏┓ ", "┣┻┓", "┗━┛"), "D": ("┳━╮", "┃ ┃", "┻━╯"),
    "E": ("┏━╸", "┣━ ", "┗━╸"), "F": ("┏━╸", "┣━ ", "╹  "), "G": ("┏━╸", "┃╺┓", "┗━┛"),
    "H": ("╻ ╻", "┣━┫", "╹ ╹"), "I": ("╺┳╸", " ┃ ", "╺┻╸"), "L": ("╻  ", "┃  ", "┗━╸"),
    "O": ("┏━┓", "┃ ┃", "┗━┛"), "P": ("┏━┓", "┣━┛", "╹  "), "R": ("┏━┓", "┣┳┛", "╹┗╸"),
    "S": ("┏━╸", "┗━┓", "╺━┛"), "T": ("╺┳╸", " ┃ ", " ╹ "), "U": ("╻ ╻", "┃ ┃", "┗━┛"),
    " ": ("  ", "  ", "  "),
}


def render_big(word: str) -> list[str]:
    """The three rows of ``word``; letters the font lacks fall back to the plain letter."""
    rows = ["", "", ""]
    for i, char in enumerate(word.upper()):
        glyph = _FONT.get(char, (" " + char + " ", "   ", "   ") if char.strip() else _FONT[" "])
        for r in range(3):
            rows[r] += (" " if i else "") + glyph[r]
    return rows


class BigText(Widget):
    """A word three rows tall; falls back to one bold line where there is no room."""

    DEFAULT_CSS = """
    BigText { height: 3; width: auto; }
    """

    def __init__(self, word: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._word = word

    @property
    def word(self) -> str:
        return self._word

    def update(self, word: str) -> None:
        if word != self._word:
            self._word = word
            self.refresh(layout=True)

    def get_content_width(self, container, viewport) -> int:
        return max((len(r) for r in render_big(self._word)), default=0)

    def get_content_height(self, container, viewport, width) -> int:
        return 3

    def render(self) -> Text:
        rows = render_big(self._word)
        if self.size.width and len(rows[0]) > self.size.width:
            return Text(self._word.upper(), style="bold")
        return Text("\n".join(rows))
