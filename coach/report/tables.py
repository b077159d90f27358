"""The report's facts as titled tables of plain strings, the same for the HTML page and the
Markdown: one place decides what each table holds, its renderers only how it looks.

Every string from the history or the library (names, reasons, notes) comes out with its
control characters made visible (:func:`coach.safetext.visible`): a report shown in a
terminal (``cat report.md``) can never move its cursor."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from coach import NOT_ADVICE, RED_FLAGS
from coach.report.facts import MAX_SESSION_ROWS, Report
from coach.safetext import visible

__all__ = ["FOOTER", "Table", "headline", "tables", "when"]

FOOTER = f"{NOT_ADVICE} {RED_FLAGS}"
# The rows of the day-by-day tables: the last weeks, where a reader looks first.
RECENT_WEEKS = 12
RECENT_DAYS = 28


@dataclass(frozen=True)
class Table:
    """One table: its section, a sentence before it, its header and its rows."""

    key: str
    title: str
    intro: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def when(day: date) -> str:
    return f"{day:%a %d %b %Y}"


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:g}" if value == int(value) else f"{value:.1f}"


def headline(report: Report) -> list[str]:
    """The lines under the title: the period, the routines, the sessions and their lights."""
    counts = ", ".join(f"{report.light_counts.get(c, 0)} {c}" for c in ("green", "amber", "red"))
    names = ", ".join(name for _, name in report.routines) or "none played"
    lines = [f"Period: {when(report.first)} to {when(report.last)}",
             f"Routines: {names}",
             f"Sessions played to an end: {report.sessions} ({counts})"]
    if report.baseline is not None and report.baseline_from is not None:
        lines.append(f"Baseline (first week's average pain, from "
                     f"{report.baseline_from:%d %b %Y}): {report.baseline:g}/10")
    if report.trend_text:
        lines.append(report.trend_text)
    return [visible(line) for line in lines]


def tables(report: Report) -> list[Table]:
    """Every table of the report, in the page's order."""
    found = []
    weeks = report.weeks[-RECENT_WEEKS:]
    found.append(Table(
        "adherence", "Adherence to the plan per week",
        (f"Sessions done of those planned, the last {len(weeks)} weeks."
         if report.planned else "No plan is set, so there is nothing to hold sessions "
                                "against."),
        ("Week of", "Planned", "Done", "Share"),
        tuple((when(monday), str(planned), str(done),
               f"{round(100 * min(done, planned) / planned)}%" if planned else "–")
              for monday, planned, done in reversed(weeks))))
    average = dict(report.average)
    days = report.pains[-RECENT_DAYS:]
    found.append(Table(
        "pain", "Pain (0-10) before, after and next morning",
        (f"The {len(days)} latest days with a score, newest first; averages when a day had "
         "several sessions." if days else "No day of the period has a session with a score."),
        ("Day", "Before", "After", "Next morning", "7-day average"),
        tuple((when(p.day), _score(p.before), _score(p.after), _score(p.morning),
               _score(average.get(p.day))) for p in reversed(days))))
    shown = report.lights[-MAX_SESSION_ROWS:]
    older = report.sessions - len(shown)
    found.append(Table(
        "lights", "Traffic light per session",
        (f"The {len(shown)} latest sessions, newest first"
         + (f" ({older} older ones are in the chart)." if older else ".")
         if shown else "No session was played to an end in the period."),
        ("Day", "Routine", "Light", "Why"),
        tuple((when(s.day), s.routine, s.colour, s.reason) for s in reversed(shown))))
    found.append(Table(
        "levels", "Each exercise's level",
        "Where each exercise whose numbers are a range stands at the end of the period, "
        "and where it stood at the start.",
        ("Routine", "Exercise", "At the start", "Now", "Why"),
        tuple((t.routine, f"{t.item}. {t.exercise}", t.amounts[0], t.amounts[-1], t.reason)
              for t in report.levels)))
    found.append(Table(
        "sides", "Left against right",
        "Exercises whose sides differ over the period's last four weeks (pain: average "
        "score; hold: share of the hold kept; reps: reps done)."
        if report.sides else "No exercise's sides differed enough to say so in the period's "
                             "last four weeks.",
        ("Exercise", "Measure", "Left", "Right", "Lags"),
        tuple((report.exercise_names.get(d.exercise, d.exercise), d.measure,
               *_sides(d.measure, d.left, d.right), d.worse) for d in report.sides)))
    found.append(Table(
        "notes", "Notes",
        ("The person's notes, newest first"
         + (f" ({report.notes_left_off} older ones left out)." if report.notes_left_off
            else ".")) if report.notes else "No notes in the period.",
        ("When", "On", "Note"),
        tuple((f"{n.at:%d %b %Y %H:%M}", n.where, n.text) for n in report.notes)))
    return [Table(t.key, t.title, t.intro, t.header,
                  tuple(tuple(visible(c, multiline=True) for c in row) for row in t.rows))
            for t in found]


def _sides(measure: str, left: float, right: float) -> Sequence[str]:
    if measure == "hold":
        return f"{left:.0%}", f"{right:.0%}"
    return f"{left:.1f}", f"{right:.1f}"
