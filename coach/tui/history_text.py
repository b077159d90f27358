"""Words for past sessions, shared by the history pane and a session's details: when it was
played, pain before and after, the statistics' lines, and names cut to a column."""

from __future__ import annotations

from datetime import datetime

from coach.history import DailyStats, PainPoint
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
