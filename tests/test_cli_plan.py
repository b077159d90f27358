"""``coach plan`` and ``coach today`` through the command line's entry point, on a private
history and config (never the person's): listing, setting and clearing plans with the
article's default, refusals with their exit statuses, and today's text and JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from support import isolated_env

from coach import RED_FLAGS
from coach.cli import main
from coach.history import HistoryStore


@pytest.fixture
def where(tmp_path) -> list[str]:
    return ["--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path / "config")]


def run(capsys, where: list[str], *args: str) -> tuple[int, str, str]:
    code = main([*args, *where])
    out, err = capsys.readouterr()
    return code, out, err


def store_of(tmp_path: Path) -> HistoryStore:
    return HistoryStore(tmp_path / "data" / "history.sqlite3")


def test_plan_lists_nothing_planned_and_the_articles_defaults(capsys, where):
    code, out, err = run(capsys, where, "plan")
    assert (code, err) == (0, "")
    assert out.startswith("No routine is planned yet.\n")
    assert ('twenty-minute-morning  Twenty-minute morning: "every morning" -> daily at any time'
            in out)


def test_plan_set_without_days_takes_the_articles_frequency(capsys, where, tmp_path):
    code, out, _ = run(capsys, where, "plan", "set", "feet-first-five")
    assert code == 0
    assert out == "Planned feet-first-five  Feet-first five: daily at any time\n"
    code, out, _ = run(capsys, where, "plan")
    first, _, offered = out.partition("Not planned yet")
    assert first == ("feet-first-five  Feet-first five: daily at any time\n\n"
                     "Done of planned: this week 0 of 1; the four weeks before, newest "
                     "first: 0 of 0, 0 of 0, 0 of 0, 0 of 0\n\n")
    assert "feet-first-five" not in offered
    with store_of(tmp_path) as store:
        assert [(p.routine, p.days, p.times) for p in store.plans()] == [
            ("feet-first-five", tuple(range(7)), ())]


def test_plan_set_with_days_and_times_replaces_the_plan(capsys, where, tmp_path):
    run(capsys, where, "plan", "set", "feet-first-five")
    code, out, _ = run(capsys, where, "plan", "set", "feet-first-five", "--days", "fri,Mon",
                       "--at", "15:00", "--at", "7:30")
    assert code == 0
    assert out == "Planned feet-first-five  Feet-first five: mon,fri at 07:30, 15:00\n"
    with store_of(tmp_path) as store:
        assert [(p.days, p.times) for p in store.plans()] == [((0, 4), ("07:30", "15:00"))]


def test_at_without_days_keeps_the_articles_days(capsys, where):
    code, out, _ = run(capsys, where, "plan", "set", "twenty-minute-morning", "--at", "07:00")
    assert (code, out) == (0, "Planned twenty-minute-morning  Twenty-minute morning: "
                               "daily at 07:00\n")


@pytest.mark.parametrize(("args", "said"), [
    (["--days", "mon,wod"],
     "argument --days: 'wod' (did you mean 'wed'?) is not a day: use daily, or days"),
    (["--days", ""], "argument --days: an empty name is not a day"),
    (["--at", "25:00"], "argument --at: '25:00' is not a time of day: use HH:MM"),
    (["--at", "7h30"], "'7h30' is not a time of day"),
])
def test_bad_days_and_times_are_usage_errors_and_nothing_is_kept(capsys, where, tmp_path,
                                                                 args, said):
    with pytest.raises(SystemExit) as exit_:
        main(["plan", "set", "feet-first-five", *args, *where])
    assert exit_.value.code == 2
    assert said in capsys.readouterr().err
    with store_of(tmp_path) as store:
        assert store.plans() == []


def test_an_unknown_routine_is_refused_with_did_you_mean(capsys, where):
    code, out, err = run(capsys, where, "plan", "set", "feet-first")
    assert (code, out) == (1, "")
    assert "no routine 'feet-first' (did you mean 'feet-first-five'?)" in err


def test_a_routine_without_frequency_asks_for_days(capsys, tmp_path):
    library = tmp_path / "lib.toml"
    library.write_text((Path(__file__).parent / "small_library.toml").read_text())
    where = ["--data-dir", str(tmp_path / "d"), "--library", str(library)]
    from coach.library import load_library
    routine = next(r for r in load_library(library=library).routines.values()
                   if r.frequency is None)
    code, _, err = run(capsys, where, "plan", "set", routine.id)
    assert code == 2
    assert "its article gives no frequency; say the days with --days" in err
    code, out, _ = run(capsys, where, "plan", "set", routine.id, "--days", "daily")
    assert code == 0 and "daily at any time" in out


def test_plan_clear(capsys, where, tmp_path):
    run(capsys, where, "plan", "set", "feet-first-five")
    code, out, _ = run(capsys, where, "plan", "clear", "feet-first-five")
    assert (code, out) == (0, "The plan of feet-first-five is cleared; its sessions are kept.\n")
    code, _, err = run(capsys, where, "plan", "clear", "feet-first-five")
    assert code == 1 and "'feet-first-five' has no plan" in err
    code, _, err = run(capsys, where, "plan", "clear", "feet-first-fiv")
    assert code == 1 and "(did you mean 'feet-first-five'?)" in err


def test_a_planned_routine_no_longer_in_the_library_is_listed_and_can_be_cleared(
        capsys, where, tmp_path):
    with store_of(tmp_path) as store:
        store.set_plan("gone", [0], [], datetime.now().astimezone())
    _, out, _ = run(capsys, where, "plan")
    assert out.startswith("gone  (no longer in the library): mon at any time\n")
    code, _, _ = run(capsys, where, "plan", "clear", "gone")
    assert code == 0


def test_today_with_an_empty_history(capsys, where):
    code, out, _ = run(capsys, where, "today", "--json")
    assert code == 0
    found = json.loads(out)
    assert list(found) == ["date", "due", "done", "light", "trend", "suggestion", "missed"]
    assert found["date"] == datetime.now().astimezone().date().isoformat()
    assert (found["due"], found["done"], found["light"], found["trend"], found["missed"]) == (
        [], [], None, None, None)
    assert found["suggestion"]["text"].startswith("Start gently")
    code, out, _ = run(capsys, where, "today")
    assert "Nothing is planned for today" in out and "Suggestion: Start gently" in out


def test_today_says_due_done_light_trend_suggestion_and_missed(capsys, where, tmp_path):
    now = datetime.now().astimezone()
    if now.hour == 0 and now.minute == 0:
        pytest.skip("a session played just now must fall on today, whatever the clock")
    with store_of(tmp_path) as store:
        start = now - timedelta(days=20)
        for n in range(3):
            sid = store.start_session("ten-foot-stretches", "Ten foot stretches", 3,
                                      start + timedelta(days=n))
            store.finish_session(sid, "completed", start + timedelta(days=n, minutes=9), 6)
        store.set_plan("feet-first-five", list(range(7)), [], now - timedelta(days=3))
        store.set_plan("ten-foot-stretches", list(range(7)), ["07:30", "18:00"],
                       now - timedelta(days=3))
        sid = store.start_session("ten-foot-stretches", "Ten foot stretches", 1,
                                  now - timedelta(seconds=30))
        store.finish_session(sid, "completed", now, 8)
    code, out, _ = run(capsys, where, "today", "--json")
    assert code == 0
    found = json.loads(out)
    assert found["due"] == [
        {"routine": "feet-first-five", "name": "Feet-first five", "at": [], "done": False,
         "completed": 0},
        {"routine": "ten-foot-stretches", "name": "Ten foot stretches",
         "at": ["07:30", "18:00"], "done": False, "completed": 1}]
    assert [(d["routine"], d["status"]) for d in found["done"]] == [
        ("ten-foot-stretches", "completed")]
    assert found["light"]["colour"] == "red" and found["light"]["stop"] is True
    assert found["suggestion"]["text"].startswith("Stop")
    assert RED_FLAGS in found["suggestion"]["why"]
    assert found["trend"]["direction"] == "worse" and found["trend"]["meaningful"] is True
    yesterday = (now.date() - timedelta(days=1)).isoformat()
    assert found["missed"] == {"date": yesterday, "routine": "feet-first-five",
                               "name": "Feet-first five"}
    _, out, _ = run(capsys, where, "today")
    assert "Ten foot stretches (ten-foot-stretches), 07:30, 18:00: 1 of 2 done" in out
    assert "Last session: red." in out and "Suggestion: Stop" in out
    assert "Feet-first five was planned on" in out


def test_plan_and_today_never_import_textual(tmp_path, where):
    script = (
        "import sys\n"
        "from coach.cli import main\n"
        f"w = {where!r}\n"
        "codes = [main(['plan', *w]), main(['plan', 'set', 'feet-first-five', *w]),\n"
        "         main(['today', *w]), main(['today', '--json', *w])]\n"
        "print(codes, sorted(m for m in sys.modules if m.split('.')[0] == 'textual'"
        " or m.startswith('coach.tui')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, env=isolated_env(tmp_path))
    assert done.stdout.splitlines()[-1] == "[0, 0, 0, 0] []", done.stderr
