"""The big display's fonts and sizing, and the bars, as pure functions: the digits scale to
the space they are given, every glyph can be told apart at every size, words wrap and fall
back, and a bar reads without colour."""

from __future__ import annotations

import pytest

from coach.tui.widgets.bigclock import (
    PIXEL_ROWS,
    render_box,
    render_clock,
    render_scaled,
    scale_rows,
)
from coach.tui.widgets.bigtext import big_height, render_big, wrap_big
from coach.tui.widgets.meter import bar_cells

CHARS = "0123456789:/"


@pytest.mark.parametrize("scale", [1, 2, 3, 4])
def test_every_character_is_distinct_and_rows_are_even_at_every_scale(scale):
    glyphs = {char: render_scaled(char, scale) for char in CHARS}
    assert len(set(glyphs.values())) == len(CHARS)
    for rows in glyphs.values():
        assert len(rows) == scale_rows(scale) == -(-PIXEL_ROWS * scale // 2)
        assert len({len(row) for row in rows}) == 1
        assert set("".join(rows)) <= set(" ▀▄█")
    line = render_scaled("12:34", scale)
    assert len({len(row) for row in line}) == 1


def test_box_digits_are_textuals_own_and_distinct():
    from textual.renderables.digits import DIGITS, DIGITS3X3_BOLD

    zero = DIGITS.index("0")
    assert render_box("0") == tuple(row.ljust(3) for row in DIGITS3X3_BOLD[3 * zero:3 * zero + 3])
    assert len({render_box(char) for char in CHARS}) == len(CHARS)


@pytest.mark.parametrize(("width", "height", "rows"), [
    (100, 30, 14),  # scale 4: 14 rows, 100 columns ("10:00" is 25 pixels wide)
    (99, 30, 11),  # scale 3, 75 columns
    (98, 10, 7),   # scale 2
    (98, 6, 4),    # scale 1
    (60, 13, 7),   # too narrow for scale 3
    (49, 13, 4),   # too narrow for scale 2's 50 columns
    (98, 3, 3),    # box digits
    (14, 3, 1),    # box digits need 15 columns: the plain line
    (98, 2, 1),
])
def test_the_clock_takes_the_largest_size_that_fits(width, height, rows):
    drawn = render_clock("10:00", width, height)
    assert len(drawn) == rows
    assert all(len(row) <= width for row in drawn)
    if rows == 1:
        assert drawn == ("10:00",)


def test_a_text_the_font_lacks_is_drawn_as_it_is():
    assert render_clock("1:00:00", 98, 30)[0] != "1:00:00"
    assert render_clock("12 reps", 98, 30) == ("12 reps",)
    assert render_clock("", 98, 30) == ()


def test_big_words_wrap_between_words_and_refuse_a_word_too_wide():
    one_line = render_big("TOES OUT")
    assert len(one_line) == 3
    assert wrap_big("toes out", len(one_line[0])) == [one_line]
    lines = wrap_big("toes pointed outward", 50)
    assert [len(rows) for rows in lines] == [3, 3]
    assert all(len(row) <= 50 for rows in lines for row in rows)
    assert wrap_big("counter-clockwise", 20) is None
    assert big_height(2) == 7 and big_height(0) == 0


def test_big_letters_cover_the_alphabet_and_show_other_characters_harmlessly():
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        assert render_big(letter)[1] != "   ", letter
    rows = render_big("a\x1bb")
    assert "\x1b" not in "".join(rows) and "␛" in rows[0]


@pytest.mark.parametrize(("fraction", "filled", "empty"), [
    (0.0, "", "──────────"),
    (0.25, "━━╸", "───────"),
    (0.5, "━━━━━", "─────"),
    (1.0, "━━━━━━━━━━", ""),
    (1.7, "━━━━━━━━━━", ""),
])
def test_a_bar_is_heavy_where_filled_and_light_where_not(fraction, filled, empty):
    assert bar_cells(fraction, 10) == (filled, empty)
