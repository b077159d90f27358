"""The report's charts as inline SVG, drawn here from the report's facts: a line chart (pain
before, after, next morning, the 7-day average and the baseline; a level over time), bars
(adherence per week) and a strip of marks (the light of each session).

Drawn by hand rather than with a chart library: the report needs four kinds of chart made of
lines, rectangles and a few labels, which is some 200 lines of code; pygal or matplotlib
would add a dependency (matplotlib alone is tens of MB and takes about half a second to
import) for little more than axes. Every label goes through :func:`html.escape`; the SVG has
no script, no link and no external reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

__all__ = ["COLOURS", "Series", "bars", "line_chart", "strip"]

WIDTH, HEIGHT = 680, 200
_LEFT, _RIGHT, _TOP, _BOTTOM = 36, 10, 18, 34
# Colours that stay apart in grey print as well: dark, mid and light, with dashes.
COLOURS = {"before": "#1f4e79", "after": "#c55a11", "morning": "#548235",
           "average": "#222222", "baseline": "#7f7f7f", "green": "#2e7d32",
           "amber": "#e0a000", "red": "#c62828", "planned": "#c9d6e8", "done": "#1f4e79"}
# Over this many days a point a day is too thin to read: a week's average a point.
_DAILY_UP_TO = 366


@dataclass(frozen=True)
class Series:
    """One line: its name (for the legend), colour key, dash pattern and (day, value)."""

    name: str
    colour: str
    points: Sequence[tuple[date, float]]
    dash: str = ""
    width: float = 1.5


def _x(day: date, first: date, last: date) -> float:
    span = max((last - first).days, 1)
    return _LEFT + (WIDTH - _LEFT - _RIGHT) * (day - first).days / span


def _y(value: float, low: float, high: float) -> float:
    span = high - low or 1
    return HEIGHT - _BOTTOM - (HEIGHT - _TOP - _BOTTOM) * (value - low) / span


def _thin(points: Sequence[tuple[date, float]], first: date, last: date
          ) -> list[tuple[date, float]]:
    """The points as they are over a year or less, else each week's average (on its
    Monday)."""
    if (last - first).days <= _DAILY_UP_TO:
        return list(points)
    weeks: dict[date, list[float]] = {}
    for day, value in points:
        weeks.setdefault(day - timedelta(days=day.weekday()), []).append(value)
    return [(week, sum(v) / len(v)) for week, v in sorted(weeks.items())]


def _axes(first: date, last: date, low: float, high: float, ticks: Sequence[float],
          label: str) -> list[str]:
    """The frame: horizontal grid lines at ``ticks``, and four or so dates below."""
    parts = [f'<text x="2" y="10" class="axis">{escape(label)}</text>']
    for tick in ticks:
        y = _y(tick, low, high)
        parts.append(f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{WIDTH - _RIGHT}" y2="{y:.1f}"'
                     ' class="grid"/>')
        parts.append(f'<text x="{_LEFT - 4}" y="{y + 3:.1f}" class="axis" '
                     f'text-anchor="end">{tick:g}</text>')
    span = (last - first).days
    count = min(5, span + 1)
    for n in range(count):
        day = first + timedelta(days=round(span * n / max(count - 1, 1)))
        x = _x(day, first, last)
        anchor = "start" if n == 0 else "end" if n == count - 1 else "middle"
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - _BOTTOM + 14}" class="axis" '
                     f'text-anchor="{anchor}">{day:%d %b %Y}</text>')
    return parts


def _legend(series: Sequence[tuple[str, str, str]]) -> list[str]:
    parts = []
    x = _LEFT
    for name, colour, dash in series:
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        y = HEIGHT - 8
        parts.append(f'<line x1="{x}" y1="{y - 4}" x2="{x + 18}" y2="{y - 4}" '
                     f'stroke="{COLOURS[colour]}" stroke-width="2"{dashed}/>')
        parts.append(f'<text x="{x + 22}" y="{y}" class="axis">{escape(name)}</text>')
        x += 30 + 6 * len(name)
    return parts


def _svg(title: str, parts: Sequence[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="100%" role="img" aria-label="{escape(title)}" class="chart">'
            f'<title>{escape(title)}</title>' + "".join(parts) + "</svg>")


def line_chart(title: str, first: date, last: date, series: Sequence[Series], *,
               low: float = 0, high: float = 10, ticks: Sequence[float] = (0, 5, 10),
               label: str = "pain", steps: bool = False) -> str:
    """Lines over the days ``first`` to ``last``; a series with one point is a dot.
    ``steps``: each value holds until the next (a level)."""
    parts = _axes(first, last, low, high, ticks, label)
    for one in series:
        points = _thin(one.points, first, last) if not steps else list(one.points)
        colour = COLOURS[one.colour]
        xy = [(_x(d, first, last), _y(v, low, high)) for d, v in points]
        if steps:
            stepped: list[tuple[float, float]] = []
            for n, (x, y) in enumerate(xy):
                if n:
                    stepped.append((x, stepped[-1][1]))
                stepped.append((x, y))
            xy = stepped
        if len(xy) == 1:
            x, y = xy[0]
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"/>')
        elif xy:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
            dashed = f' stroke-dasharray="{one.dash}"' if one.dash else ""
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                         f'stroke-width="{one.width}"{dashed} class="series"/>')
    parts += _legend([(s.name, s.colour, s.dash) for s in series])
    return _svg(title, parts)


def bars(title: str, weeks: Sequence[tuple[date, int, int]]) -> str:
    """Each week's sessions planned (a pale bar) and done (a dark one inside it)."""
    if not weeks:
        return _svg(title, [])
    first, last = weeks[0][0], weeks[-1][0] + timedelta(days=6)
    most = max(1, *(planned for _, planned, _ in weeks), *(done for _, _, done in weeks))
    ticks = sorted({0, most // 2, most})
    parts = _axes(first, last, 0, most, ticks, "sessions")
    wide = max(1.0, (WIDTH - _LEFT - _RIGHT) / len(weeks) - 1)
    for monday, planned, done in weeks:
        x = _x(monday, first, last)
        for value, colour in ((planned, "planned"), (min(done, planned) if planned else done,
                                                      "done")):
            top = _y(value, 0, most)
            parts.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="{wide:.1f}" '
                         f'height="{HEIGHT - _BOTTOM - top:.1f}" fill="{COLOURS[colour]}"/>')
    parts += _legend([("planned", "planned", ""), ("done", "done", "")])
    return _svg(title, parts)


def strip(title: str, first: date, last: date, marks: Sequence[tuple[date, str]]) -> str:
    """A mark per session at its day, in its light's colour, one row per colour (red on
    top), so a run of ambers or a red reads at a glance."""
    rows = {"red": 2.5, "amber": 1.5, "green": 0.5}
    parts = _axes(first, last, 0, 3, (), "light")
    for name, row in rows.items():
        parts.append(f'<text x="{_LEFT - 4}" y="{_y(row, 0, 3) + 3:.1f}" class="axis" '
                     f'text-anchor="end">{name}</text>')
    wide = max(1.0, (WIDTH - _LEFT - _RIGHT) / max((last - first).days + 1, 1))
    for day, colour in marks:
        if colour in rows:
            y = _y(rows[colour], 0, 3)
            parts.append(f'<rect x="{_x(day, first, last):.1f}" y="{y - 8:.1f}" '
                         f'width="{wide:.1f}" height="16" fill="{COLOURS[colour]}"/>')
    return _svg(title, parts)
