"""The report (issue 15): its facts from a history with known scores, the HTML page (parses,
holds its charts, refers to nothing outside itself, shows every name and note as text), the
Markdown tables, and ``coach report``'s answers and exit statuses."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from history_helpers.levels import LEVELS_LIBRARY, ranged_library
from history_helpers.report import DAYS, FIRST, HOSTILE, LAST, fill
from history_helpers.sessions import at
from support import isolated_env

from coach.cli import main
from coach.config import Settings
from coach.history import HistoryStore
from coach.report import NothingToReport, gather
from coach.report.html import page
from coach.report.markdown import cell, document


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "data" / "history.sqlite3"
    with HistoryStore(path) as store:
        fill(store)
    return path


def report_of(db: Path, **kwargs):
    with HistoryStore(db, read_only=True) as store:
        return gather(store, ranged_library(), Settings(), now=at(LAST, 20), **kwargs)


# --- the facts ------------------------------------------------------------------------------

def test_facts_of_the_period(db):
    report = report_of(db)
    assert (report.first, report.last) == (FIRST, LAST)
    assert report.routines == (("ranged", "Ranged feet"),)
    assert report.sessions == DAYS
    assert report.light_counts.get("red", 0) >= 7  # pain 6 during, over the limit of 5
    assert report.light_counts.get("green", 0) >= 1
    first = report.pains[0]
    assert (first.day, first.before, first.after, first.morning) == (FIRST, 2, 1, 1)
    # The rolling week on day 7 holds days 1-7: before 2, after 1 and a morning of 1 each
    # day, the first morning being on day 2.
    average = dict(report.average)
    assert average[FIRST + timedelta(days=6)] == round((7 * 2 + 7 * 1 + 6 * 1) / 20, 2)
    assert report.baseline is not None and report.trend_text
    assert [w[0].weekday() for w in report.weeks] == [0] * len(report.weeks)
    assert report.weeks[0][1:] == (3, 3)  # the first week: three planned, three done


def test_levels_rise_over_easy_weeks(db):
    report = report_of(db)
    tracks = {t.exercise: t for t in report.levels}
    assert set(tracks) == {"Heel raises", "Calf stretch"}
    heel = tracks["Heel raises"]
    values = [v for _, v in heel.points]
    # At the low end before the period, stepped up by two easy weeks, back down by the red
    # third (pain 6 during is over the limit).
    assert values == [10, 14, 18, 10, 10], values
    assert heel.points[0][0] == FIRST
    assert heel.amounts[-1].endswith("reps")


def test_since_and_routine_narrow_the_period(db):
    report = report_of(db, since=LAST - timedelta(days=3), routine="ranged")
    assert report.first == LAST - timedelta(days=3)
    assert report.sessions == 3  # the days before LAST; LAST itself has only a check-in
    with pytest.raises(NothingToReport):
        report_of(db, since=LAST + timedelta(days=1))
    with pytest.raises(NothingToReport):
        report_of(db, routine="something-else")


def test_an_empty_history_has_nothing_to_report(tmp_path):
    with HistoryStore(tmp_path / "h.sqlite3") as store, pytest.raises(NothingToReport):
        gather(store, ranged_library(), Settings())


# --- the HTML page --------------------------------------------------------------------------

VOID = {"meta", "br", "img", "input", "link", "hr", "col", "area", "base", "wbr", "source"}


class Checker(HTMLParser):
    """Every tag, balanced; every attribute value that could fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.refs: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.refs += [f"{name}={value}" for name, value in attrs
                      if name in ("src", "href", "xlink:href", "action", "srcset")]
        self.refs += [f"style={v}" for n, v in attrs if n == "style" and "url(" in (v or "")]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.refs += [f"{name}={value}" for name, value in attrs if name in ("src", "href")]

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()


def checked(html: str) -> Checker:
    checker = Checker()
    checker.feed(html)
    checker.close()
    return checker


def test_the_page_parses_holds_its_charts_and_refers_to_nothing_outside(db):
    html = page(report_of(db))
    checker = checked(html)
    assert checker.problems == [] and checker.stack == []
    assert checker.tags.count("svg") >= 5  # adherence, pain, lights, a level per item
    assert "polyline" in checker.tags and "rect" in checker.tags
    assert "script" not in checker.tags and "img" not in checker.tags
    assert checker.refs == []
    assert "url(" not in html and "@import" not in html and "http://evil" not in html.replace(
        "http://evil.example/x.png&gt;", "")
    assert 'http-equiv="Content-Security-Policy"' in html and "default-src 'none'" in html
    assert "@page { size: A4" in html and "break-inside: avoid" in html
    assert "not medical advice" in html


def test_names_and_notes_are_text_on_the_page(db):
    html = page(report_of(db))
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=http://evil.example/x.png&gt;" in html
    assert "&lt;b&gt;sore&lt;/b&gt;" in html
    assert "<script" not in html and "<b>" not in html


# --- the Markdown ---------------------------------------------------------------------------

def rows_of(markdown: str) -> list[list[list[str]]]:
    """Each table as its rows of cells, split on the pipes that are not escaped."""
    tables: list[list[list[str]]] = []
    inside = False
    for line in markdown.splitlines():
        if line.startswith("|"):
            if not inside:
                tables.append([])
            inside = True
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            tables[-1].append([c.strip() for c in cells])
        else:
            inside = False
    return tables


def test_markdown_tables_are_whole_and_hold_the_facts(db):
    report = report_of(db)
    text = document(report)
    tables = rows_of(text)
    # Adherence, pain, lights, levels and notes; the sides did not differ: a sentence.
    assert len(tables) == 5
    assert "No exercise's sides differed enough to say so" in text
    for table in tables:
        width = len(table[0])
        assert all(len(row) == width for row in table), table
        assert set(table[1]) == {"---"}
    pain = next(t for t in tables if t[0][0] == "Day" and "Before" in t[0])
    # Newest first; the next morning is the first check-in of the 26th (4 at 07:00), not
    # the later one (3 at 08:00).
    assert pain[2][:4] == ["Sun 25 Oct 2026", "2", "5", "4"]
    levels = next(t for t in tables if t[0][1] == "Exercise" and "Now" in t[0])
    assert [row[1] for row in levels[2:]] == ["1. Heel raises", "3. Calf stretch"]
    assert "not medical advice" in text
    assert "Period: Mon 05 Oct 2026 to Mon 26 Oct 2026" in text


def test_markdown_cells_keep_notes_as_written(db):
    text = document(report_of(db))
    assert cell(HOSTILE) in text
    assert "\\<script\\>" in text and "\\| \\*\\*bold\\*\\*" in text
    assert "slept badly \\| \\<b\\>sore\\</b\\>" in text  # one line: the table holds


# --- coach report ---------------------------------------------------------------------------

@pytest.fixture
def where(tmp_path, db) -> list[str]:
    return ["--data-dir", str(db.parent), "--config-dir", str(tmp_path / "config"),
            "--library", str(LEVELS_LIBRARY)]


def run(capsys, where, *args: str) -> tuple[int, str, str]:
    code = main(["report", *args, *where])
    out, err = capsys.readouterr()
    return code, out, err


def test_report_writes_html_and_markdown_and_says_where(capsys, where, tmp_path):
    for name in ("r.html", "r.MD"):
        out_file = tmp_path / name
        code, out, err = run(capsys, where, str(out_file), "--since", "2026-10-01")
        assert (code, err) == (0, ""), err
        assert out.startswith("Wrote the report of 01 Oct 2026 to ")
        assert str(out_file.absolute()) in out
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")
    assert (tmp_path / "r.MD").read_text().startswith("# Exercise report")


def test_report_refusals_and_their_statuses(capsys, where, tmp_path):
    target = tmp_path / "r.html"
    code, _, err = run(capsys, where, str(tmp_path / "r.pdf"))
    assert code == 2 and "cannot write a report to '.pdf' files; use .html or .md" in err
    code, _, err = run(capsys, where, str(target), "--since", "last week")
    assert code == 2 and "--since: 'last week' is not a date; use YYYY-MM-DD" in err
    code, _, err = run(capsys, where, str(target), "--routine", "rangd")
    assert code == 1 and "no routine 'rangd'" in err and "ranged" in err
    code, _, err = run(capsys, where, str(target), "--since", "2999-01-01")
    assert code == 1 and "nothing to report, and nothing was written" in err
    assert not target.exists()
    target.write_text("mine")
    code, _, err = run(capsys, where, str(target))
    assert code == 1 and "add --force to replace it" in err
    assert target.read_text() == "mine"
    code, _, _ = run(capsys, where, str(target), "--force")
    assert code == 0 and target.read_text().startswith("<!DOCTYPE html>")


def test_an_empty_history_writes_nothing(capsys, tmp_path):
    empty = ["--data-dir", str(tmp_path / "none"), "--config-dir", str(tmp_path / "c")]
    code, _, err = run(capsys, empty, str(tmp_path / "r.html"))
    assert code == 1 and "the history is empty" in err
    HistoryStore(tmp_path / "none" / "history.sqlite3").close()
    code, _, err = run(capsys, empty, str(tmp_path / "r.md"))
    assert code == 1 and "nothing to report" in err
    assert not list(tmp_path.glob("r.*"))


def test_the_report_modules_load_only_for_a_report(tmp_path, where):
    script = (
        "import sys, contextlib, io\n"
        "from coach.cli import main\n"
        f"w = {where!r}\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    codes = [main(['list', *w])]\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit as e:\n"
        "        codes.append(e.code)\n"
        "before = sorted(m for m in sys.modules if m.startswith('coach.report'))\n"
        f"codes.append(main(['report', {str(tmp_path / 'x.html')!r}, *w]))\n"
        "print(codes, before, 'coach.report.html' in sys.modules,\n"
        "      sorted(m for m in sys.modules if m.split('.')[0] == 'textual'"
        " or m.startswith('coach.tui')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, env=isolated_env(tmp_path))
    assert done.stdout.splitlines()[-1] == "[0, 0, 0] [] True []", done.stderr


def test_control_characters_in_the_history_are_made_visible(tmp_path):
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        fill(store)
        sid = store.sessions(limit=1)[0].id
        # A hand edit: coach itself refuses control characters in a note.
        store.conn.execute("UPDATE sessions SET note = ?, routine_name = ? WHERE id = ?",
                           ("clear\x1b[2Jscreen", "Ranged\x07 feet", sid))
    report = report_of(tmp_path / "h.sqlite3")
    for text in (page(report), document(report)):
        assert "\x1b" not in text and "\x07" not in text
        assert "clear\u241b" in text and "Ranged\u2407 feet" in text


def test_the_report_reads_no_step_and_its_levels_are_the_coachs(db, monkeypatch):
    from coach.progress import routine_levels

    def never(*args, **kwargs):
        raise AssertionError("the report read a whole session or the session list")

    monkeypatch.setattr(HistoryStore, "session", never)
    monkeypatch.setattr(HistoryStore, "sessions", never)
    report = report_of(db)
    library = ranged_library()
    with HistoryStore(db, read_only=True) as store:
        now = routine_levels(store, Settings(), library.routines["ranged"], library)
    assert [t.points[-1][1] for t in report.levels] == [lv.value for lv in now]
    assert [t.reason for t in report.levels] == [lv.reason for lv in now]
