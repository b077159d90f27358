"""Words in letters three rows tall, for what must be read from the floor: the side (LEFT,
RIGHT), the variant (TOES POINTED OUTWARD) and the cue of a paced rep (GO, HOLD, BACK).

A :class:`BigText` draws one phrase, wrapped word by word to its width; a word the font can't
fit, or a phrase told to be small, is one bold line instead. A :class:`BigStack` holds a few
of them and makes the least important ones small until they all fit its height, so the
column never runs off the screen. The phrases are data (a variant's name comes from a file):
a character the font lacks is drawn as itself, with control characters made visible.
"""

from __future__ import annotations

import textwrap

from rich.cells import cell_len
from rich.text import Text
from textual.containers import Vertical
from textual.widget import Widget

from coach.safetext import visible
from coach.tui.text import literal

ROWS = 3
# Three rows per letter, drawn with the same heavy box characters as Textual's Digits.
_FONT = {
    "A": ("┏━┓", "┣━┫", "╹ ╹"), "B": ("┏┓ ", "┣┻┓", "┗━┛"), "C": ("┏━╸", "┃  ", "┗━╸"),
    "D": ("┳━╮", "┃ ┃", "┻━╯"), "E": ("┏━╸", "┣━ ", "┗━╸"), "F": ("┏━╸", "┣━ ", "╹  "),
    "G": ("┏━╸", "┃╺┓", "┗━┛"), "H": ("╻ ╻", "┣━┫", "╹ ╹"), "I": ("╺┳╸", " ┃ ", "╺┻╸"),
    "J": (" ╺┓", "  ┃", "┗━┛"), "K": ("╻ ╻", "┣┳┛", "╹┗╸"), "L": ("╻  ", "┃  ", "┗━╸"),
    "M": ("┏┳┓", "┃┃┃", "╹╹╹"), "N": ("┏┓╻", "┃┃┃", "╹┗┛"), "O": ("┏━┓", "┃ ┃", "┗━┛"),
    "P": ("┏━┓", "┣━┛", "╹  "), "Q": ("┏━┓", "┃ ┃", "┗╋┛"), "R": ("┏━┓", "┣┳┛", "╹┗╸"),
    "S": ("┏━╸", "┗━┓", "╺━┛"), "T": ("╺┳╸", " ┃ ", " ╹ "), "U": ("╻ ╻", "┃ ┃", "┗━┛"),
    "V": ("╻ ╻", "┃ ┃", "╰┳╯"), "W": ("╻ ╻", "┃┃┃", "┗┻┛"), "X": ("╻ ╻", "┗╋┓", "╹ ╹"),
    "Y": ("╻ ╻", "┗┳┛", " ╹ "), "Z": ("╺━┓", "┏━┛", "┗━╸"), "-": ("   ", "╺━╸", "   "),
    " ": ("  ", "  ", "  "),
}


def _glyph(char: str) -> tuple[str, str, str]:
    if char in _FONT:
        return _FONT[char]
    shown = visible(char)
    return (f" {shown} ", "   ", "   ")  # not in the font: the character itself, on top


def render_big(word: str) -> list[str]:
    """The three rows of ``word`` on one line, letters one column apart."""
    rows = [""] * ROWS
    for i, char in enumerate(word.upper()):
        glyph = _glyph(char)
        for r in range(ROWS):
            rows[r] += (" " if i else "") + glyph[r]
    return rows


def wrap_big(phrase: str, width: int) -> list[list[str]] | None:
    """``phrase`` in big letters, broken between words into lines of at most ``width``
    columns; None when one word alone is wider."""
    lines: list[str] = []
    for word in phrase.split():
        if len(render_big(word)[0]) > width:
            return None
        if lines and len(render_big(f"{lines[-1]} {word}")[0]) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return [render_big(line) for line in lines]


def big_height(lines: int) -> int:
    """Rows for ``lines`` lines of big letters, a blank row between them."""
    return lines * (ROWS + 1) - 1 if lines else 0


class BigText(Widget):
    """One phrase in big letters, or one bold line when :attr:`big` is off or it can't fit."""

    DEFAULT_CSS = """
    BigText { height: auto; width: auto; max-width: 100%; }
    """

    def __init__(self, word: str = "", *, rank: int = 0, **kwargs) -> None:
        super().__init__(**kwargs)
        self._word = word
        self.rank = rank  # a BigStack makes the lowest rank small first
        self._big = True

    @property
    def word(self) -> str:
        return self._word

    @property
    def big(self) -> bool:
        return self._big

    def update(self, word: str) -> None:
        if word == self._word:
            return
        # A word of the same width (HOLD, then BACK) repaints without a layout.
        same_size = (cell_len(word) == cell_len(self._word) and len(word) == len(self._word)
                     and " " not in word + self._word)
        self._word = word
        self.display = bool(word)
        self.refresh(layout=not same_size)

    def set_big(self, big: bool) -> None:
        if big != self._big:
            self._big = big
            self.refresh(layout=True)

    def on_mount(self) -> None:
        self.display = bool(self._word)

    def _big_lines(self, width: int) -> list[list[str]] | None:
        if not self._big or not self._word.strip():
            return None
        return wrap_big(self._word, width)

    def get_content_width(self, container, viewport) -> int:
        if self._big:
            return max((len(r) for r in render_big(self._word)), default=0)
        return len(self._word)

    def get_content_height(self, container, viewport, width) -> int:
        lines = self._big_lines(width)
        if lines is not None:
            return big_height(len(lines))
        return self._small(width).count("\n") + 1 if self._word else 0

    def height_at(self, width: int, big: bool) -> int:
        """Rows this phrase takes at ``width``, in big letters or as a bold line."""
        if not self._word:
            return 0
        lines = wrap_big(self._word, width) if big else None
        return big_height(len(lines)) if lines is not None else self._small(width).count("\n") + 1

    def _small(self, width: int) -> str:
        """The phrase as bold lines of at most ``width`` columns, broken between words."""
        text = visible(self._word.upper())
        if width <= 0:
            return text
        return "\n".join(textwrap.wrap(text, width) or [""])

    def render(self) -> Text:
        lines = self._big_lines(self.size.width)
        if lines is None:
            # Already made visible by _small; literal() leaves it as it is.
            return literal(self._small(self.size.width), "bold", multiline=True)
        return Text("\n\n".join("\n".join(rows) for rows in lines), no_wrap=True)


class BigStack(Vertical):
    """A column of :class:`BigText`: each in big letters while the column's height allows,
    the lowest ranked made small first when it doesn't."""

    DEFAULT_CSS = """
    BigStack { height: 1fr; width: auto; }
    BigStack > BigText { margin: 1 0 0 0; }
    BigStack > BigText:first-child { margin: 0; }
    """
    GAP = 1  # the blank row above each phrase but the first

    def on_resize(self) -> None:
        self.fit()

    def room_width(self) -> int:
        """The widest the column may grow (its max-width in its container), not its width
        now: that follows what it shows (narrow while the phrases are small), and choosing
        by it would flip them between big and small for as long as the screen is shown."""
        width = self.size.width
        parent = self.parent
        if isinstance(parent, Widget) and parent.size.width:
            width = parent.content_size.width - self.styles.margin.width
            if self.styles.max_width is not None:
                width = min(width, int(self.styles.max_width.resolve(parent.content_size,
                                                                     self.app.size)))
        return max(0, width)

    def fit(self) -> None:
        """Choose which phrases are big for the column's size."""
        texts = [t for t in self.query_children(BigText) if t.word]
        width, room = self.room_width(), self.size.height
        if not width or not room:
            return
        big = {id(t): True for t in texts}

        def total() -> int:
            gaps = self.GAP * (len(texts) - 1)
            return gaps + sum(t.height_at(width, big[id(t)]) for t in texts)

        for text in sorted(texts, key=lambda t: t.rank):
            if total() <= room:
                break
            big[id(text)] = False
        for text in texts:
            text.set_big(big[id(text)])
