"""Words for past sessions, shared by the history pane and a session's details: when it was
played, pain before and after (and during), the traffic light, the statistics' lines, done
of planned, left against right, and names cut to a column."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from coach.coaching.plan import Adherence
from coach.coaching.traffic import Light
from coach.history import DailyStats, PainPoint
from coach.history.sides import WINDOW_DAYS, SideDifference
from coach.wording import plural

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def when_text(moment: datetime, *, weekday: bool = True) -> str:
    """``Mon 2026-11-23 09:00``, on the clock where it was played."""
    day = f"{WEEKDAYS[moment.weekday()]} " if weekday else ""
    return f"{day}{moment:%Y-%m-%d %H:%M}"


def pain_text(before: int | None, after: int | None, *, arrow: str = " → ") -> str:
    """``5 → 3``; a dash for a score not given; empty when neither was."""
    if before is None and after is None:
        return ""
    return f"{'–' if before is None else before}{arrow}{'–' if after is None else after}"


# The light's word carries it; the colour only repeats it (and goes without colour).
LIGHT_STYLES = {"green": "bold green", "amber": "bold yellow", "red": "bold red"}


def light_cell(light: Light | None) -> Text:
    """A session's light as a table shows it: its word, coloured; empty without one."""
    if light is None:
        return Text("")
    return Text(light.colour, style=LIGHT_STYLES[light.colour])


def adherence_text(adherence: Adherence) -> str:
    """``Plan: 2 of 3 done this week · 11 of 12 in the 4 weeks before`` (the weeks before
    only once the plan reaches back into them)."""
    week = adherence.this_week
    done = sum(w.done for w in adherence.earlier)
    planned = sum(w.planned for w in adherence.earlier)
    said = f"Plan: {week.done} of {week.planned} done this week"
    if planned:
        said += f" · {done} of {planned} in the {len(adherence.earlier)} weeks before"
    return said


def clipped(text: str, width: int) -> str:
    """``text``, cut to ``width`` columns with an ellipsis when longer."""
    return text if len(text) <= width else text[: width - 1] + "…"


def pain_change(points: list[PainPoint]) -> float | None:
    """Mean of after minus before over the sessions that have both."""
    pairs = [(p.pain_before, p.pain_after) for p in points
             if p.pain_before is not None and p.pain_after is not None]
    if not pairs:
        return None
    return sum(after - before for before, after in pairs) / len(pairs)


def pain_title(points: list[PainPoint]) -> str:
    if not points:
        return "Pain 0-10: no scores yet"
    title = f"Pain 0-10, last {plural(len(points), 'session')}"
    change = pain_change(points)
    if change is None or round(change, 1) == 0:
        return title + (" · after about the same as before" if change is not None else "")
    return title + f" · after {abs(change):.1f} {'lower' if change < 0 else 'higher'} on average"


def latest(values: list[int | None]) -> str:
    given = [v for v in values if v is not None]
    return f"latest {given[-1]}" if given else ""


def minutes_text(minutes: float) -> str:
    if 0 < minutes < 1:
        return "under 1 min"
    return f"{round(minutes)} min"


def streak_text(stats: DailyStats) -> str:
    return (f"Streak: {plural(stats.current_streak, 'day')}"
            f" · longest {plural(stats.longest_streak, 'day')}")


def week_text(stats: DailyStats) -> str:
    return (f"This week: {plural(stats.week_sessions, 'completed session')}"
            f" · {minutes_text(stats.week_minutes)}")


def highest_pain(pains: list[int | None]) -> str:
    """``highest during: 5``, of the scores noted during the steps; says when none was."""
    given = [p for p in pains if p is not None]
    return f"highest during: {max(given)}" if given else "none noted during"


def _figure(value: float) -> str:
    """4, 4.5: one decimal at most, none when whole."""
    return f"{round(value, 1):g}"


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def side_text(difference: SideDifference, name: str) -> str:
    """``Towel curl: left side 2 points more painful (avg 4 vs 2, last 4 weeks)``; ``name``
    is the exercise's, as the reader knows it."""
    d = difference
    worse, better = (d.left, d.right) if d.worse == "left" else (d.right, d.left)
    lately = f"last {plural(WINDOW_DAYS // 7, 'week')}"
    if d.measure == "pain":
        said = (f"{_figure(d.gap)} points more painful"
                f" (avg {_figure(worse)} vs {_figure(better)}, {lately})")
    elif d.measure == "hold":
        said = (f"holds {_percent(d.gap)} shorter"
                f" (avg {_percent(worse)} vs {_percent(better)} of the time asked, {lately})")
    else:
        said = f"{_percent(d.gap)} fewer reps (avg {_figure(worse)} vs {_figure(better)}, {lately})"
    return f"{name}: {d.worse} side {said}"
