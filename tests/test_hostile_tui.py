"""Text from a library, the history database or the keyboard reaches the screen as written.

Every screen is walked with a library whose every string holds markup (``[/]`` crashes a
markup parser, ``[b]x[/b]`` styles, ``[@click=app.quit]x[/]`` would make a click quit, and
``[link=...]`` would make a link) and with history rows holding ESC, BEL and CSI (U+009B)
written straight into the database. What is checked is what the compositor draws: each
string must be there exactly as typed (control characters as look-alikes), and no ESC, BEL
or CSI may be in anything drawn.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from rich.style import Style
from support import WALL_START, make_app, on_screen, wait_until
from textual import events
from textual.fuzzy import Matcher
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import DataTable, OptionList

from coach import paths
from coach.history import HistoryStore
from coach.library import load_library
from coach.safetext import visible
from coach.tui.commands import Command, match, prompt
from coach.tui.screens.browser import ExerciseBrowserScreen
from coach.tui.screens.builder import BuilderScreen
from coach.tui.screens.confirm import ConfirmScreen
from coach.tui.screens.help import HelpScreen
from coach.tui.screens.history import ROUTINE, HistoryScreen, clipped
from coach.tui.screens.pain import PainScreen
from coach.tui.screens.picker import PickerScreen
from coach.tui.screens.runner import RunnerScreen
from coach.tui.screens.session_detail import SessionDetailScreen
from coach.tui.screens.summary import SummaryScreen

SIZE = (200, 60)
MARKUP = "[/] [b]x[/b] [@click=app.quit]x[/] [link=file:///etc/passwd]x[/link]"
# Bytes that would act on the terminal: ESC, BEL and the one-byte CSI.
CONTROLS = ("\x1b", "\x07", "\x9b")
# For a path: its slashes make directories, and "//" would be read as one.
PATH_MARKUP = "[/] [b]x[/b] [@click=app.quit]x[/]"


def hostile(label: str) -> str:
    """A string of the library: a word saying which one, then all the markup."""
    return f"{label} {MARKUP}"


LIBRARY = f"""
[[exercises]]
id = "hostile"
name = "{hostile('EXNAME')}"
aliases = ["{hostile('ALIAS')}"]
purpose = "{hostile('PURPOSE')}"
position = "{hostile('POSITION')}"
steps = ["{hostile('STEP1')}", "{hostile('STEP2')}"]
equipment = ["{hostile('EQUIP')}"]
areas = ["{hostile('AREA')}"]
sides = "both"
variants = [{{ id = "v1", name = "{hostile('VNAME')}", cue = "{hostile('CUE')}" }}]
prescription = {{ kind = "timed", seconds = 5, variants = ["v1"] }}

[[routines]]
id = "hostile-routine"
name = "{hostile('RNAME')}"
description = "{hostile('RDESC')}"
source = "{hostile('RSOURCE')}"
items = [{{ exercise = "hostile", note = "{hostile('NOTE')}" }}]

[[routines]]
id = "morning-easy"
name = "Morning [easy]"
description = "An ordinary name with brackets."
items = [{{ exercise = "hostile" }}]
"""

# A history row as a damaged or hand-made database may hold it: ESC ] 0 ; ... BEL sets the
# terminal's title, CSI 2 J clears it, ESC [ 5 m blinks.
EVIL_NAME = "Evil\x1b]0;pwned\x07 routine \x9b2J"
EVIL_NOTE = "note \x1b[5mblink\x1b[0m bell\x07 csi\x9b31m"
EVIL_EXERCISE = "gone\x1b[2J"
EVIL_VARIANT = "wide\x1b]52;c;aGk=\x07"


# --- what the screen shows ---------------------------------------------------------------


def drawn(app) -> list[Strip]:
    """Every line of the screen as the compositor draws it, screens below a dialog
    included; fails if any drawn text holds a control byte."""
    update = app.screen._compositor.render_update(full=True,
                                                  screen_stack=app._background_screens)
    lines = [Strip.join(list(chops)) for chops in update.strips]
    for y, line in enumerate(lines):
        for segment in line:
            found = [c for c in CONTROLS if c in segment.text]
            assert not found, f"line {y} draws {found!r}: {segment.text!r}"
    return lines


def shown(app, widget: Widget | None = None) -> str:
    """The text drawn where ``widget`` is visible (the whole screen when None), its lines
    joined, so text that wrapped reads as one."""
    lines = drawn(app)
    if widget is None:
        return "".join(line.text for line in lines)
    # The content only: borders, padding and what is scrolled out of sight left out.
    region = widget.content_region.intersection(app.screen.find_widget(widget).clip)
    return "".join(line.crop(region.x, region.right).text
                   for line in lines[region.y:region.bottom])


def squash(text: str) -> str:
    return "".join(text.split())


def assert_shows(app, expected: str, widget: Widget | str | None = None) -> None:
    """``expected`` is drawn (in ``widget``), exactly as written; line breaks where the text
    wrapped, and spaces, do not count."""
    if isinstance(widget, str):
        widget = app.screen.query_one(widget)
    text = shown(app, widget)
    assert squash(expected) in squash(text), f"{expected!r} not drawn in {text!r}"


def notices(app) -> list[str]:
    """What the notifications on screen draw, spaces squashed."""
    return [squash(shown(app, toast)) for toast in app.screen.query("Toast")
            if toast.is_on_screen]


def assert_notice(app, expected: str) -> None:
    """One of the notifications on screen draws ``expected`` as written."""
    said = notices(app)
    assert any(squash(expected) in notice for notice in said), (
        f"{expected!r} not in any of {said!r}")


# --- the apps ------------------------------------------------------------------------------


@pytest.fixture
def locations(tmp_path):
    """Config and data directories whose names are markup themselves."""
    return paths.Locations(tmp_path / f"config {PATH_MARKUP}", tmp_path / f"data {PATH_MARKUP}",
                           tmp_path / "cache")


@pytest.fixture
def hostile_app(locations, fixed_as_shipped):
    """The fixed test library with the hostile one as the person's own, merged over it."""
    locations.config_dir.mkdir(parents=True)
    locations.user_library.write_text(LIBRARY, encoding="utf-8")
    library = load_library(user_library=locations.user_library)
    assert not library.problems
    app, clock = make_app(library, locations=locations)
    return app, clock


async def filter_to(pilot, words: str) -> None:
    """In the picker: clear any filter, then type ``words`` into the filter field."""
    await pilot.press("escape", "slash", *words)
    await pilot.pause()


# --- picker, palette, pain, runner, summary -----------------------------------------------


async def test_a_workout_shows_every_string_as_written(hostile_app):
    app, _clock = hostile_app
    async with app.run_test(size=SIZE) as pilot:
        await filter_to(pilot, "rname")
        routines = app.screen.query_one("#routines", OptionList)
        for label in ("RNAME", "EQUIP"):
            assert_shows(app, hostile(label), routines)
        for label in ("RNAME", "RDESC", "EXNAME", "VNAME", "EQUIP", "RSOURCE"):
            assert_shows(app, hostile(label), "#preview-body")

        await filter_to(pilot, "easy")
        assert_shows(app, "Morning [easy]", routines)
        assert_shows(app, "Morning [easy]", "#preview-body")

        await filter_to(pilot, "rname")
        await pilot.press("enter")
        assert isinstance(app.screen, PainScreen)
        assert_shows(app, f"Before {hostile('RNAME')}", app.screen.query_one(".dialog"))
        await pilot.press("3", "enter")
        await pilot.pause()

        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        assert_shows(app, hostile("EXNAME"), "#exercise")
        for label in ("POSITION", "STEP1", "STEP2", "NOTE"):
            assert_shows(app, hostile(label), "#instructions")
        assert_shows(app, f"Next: {hostile('EXNAME')} · {hostile('VNAME')}", "#next")
        await pilot.press("n")  # the work step: the variant
        assert_shows(app, hostile("VNAME"), "#detail")
        for label in ("CUE", "STEP1", "NOTE"):
            assert_shows(app, hostile(label), "#instructions")
        await pilot.press("n")
        await wait_until(pilot, lambda: on_screen(app, SummaryScreen), what="the summary")

        assert isinstance(app.screen, SummaryScreen)
        assert_shows(app, f"All skipped: {hostile('RNAME')}", "#summary-title")
        assert_shows(app, hostile("EXNAME"), "#summary-table")
        await pilot.press("2", "enter", *MARKUP, "enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)

        await pilot.press("question_mark")  # the keys, drawn over the hostile picker
        assert isinstance(app.screen, HelpScreen)
        # The keys that work anywhere come right after this screen's own, at the top.
        assert_shows(app, "ctrl+c / ctrl+q Quit", "#help-dialog")


async def test_the_command_palette_shows_names_and_descriptions_as_written(hostile_app):
    app, _ = hostile_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")  # every command, listed before anything is typed
        palette = app.screen
        listing = palette.query_one(OptionList)
        await wait_until(pilot, lambda: listing.option_count > 0, what="every command")
        await pilot.press(*"rname")
        lines = (f"Start: {hostile('RNAME')}", hostile("RDESC"),
                 f"Copy: {hostile('RNAME')}", f"Edit: {hostile('RNAME')}")
        await wait_until(pilot, lambda: all(squash(line) in squash(shown(app, listing))
                                            for line in lines), what="the routine's commands")
        for line in lines:
            assert_shows(app, line, listing)
        await pilot.press(*(["backspace"] * 5), *"easy")
        await wait_until(pilot, lambda: "Morning [easy]" in shown(app, listing))
        assert_shows(app, "Start: Morning [easy]", listing)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


# --- exercise browser -----------------------------------------------------------------------


async def test_the_exercise_browser_shows_every_string_as_written(hostile_app):
    app, _ = hostile_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, ExerciseBrowserScreen)
        await pilot.press("end")  # the person's own exercise comes after the shipped ones
        await pilot.pause()
        assert_shows(app, hostile("EXNAME"), "#exercise-list")
        for label in ("EXNAME", "ALIAS", "PURPOSE", "POSITION", "STEP1", "STEP2", "VNAME",
                      "CUE", "EQUIP", "AREA", "RNAME"):
            assert_shows(app, hostile(label), "#exercise-body")
        assert_shows(app, "Morning [easy]", "#exercise-body")


# --- builder and delete ---------------------------------------------------------------------


async def test_the_builder_and_delete_prompt_show_names_as_written(hostile_app):
    app, _ = hostile_app
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await filter_to(pilot, "rname")
        await pilot.press("down", "E")  # into the list, then edit this routine of one's own
        await pilot.pause()
        builder = app.screen
        assert isinstance(builder, BuilderScreen)
        assert_shows(app, f"Editing {hostile('RNAME')}", "TitleBar")
        assert_shows(app, hostile("EXNAME"), "#items")
        assert_shows(app, hostile("EXNAME"), "#form-title")
        assert_shows(app, hostile("EXNAME"), "#preview-steps")
        # A field never holds a control character, even pasted.
        note = builder.query_one("#f-note")
        note.focus()
        note.post_message(events.Paste("pasted\x1b]0;t\x07"))
        await pilot.pause()
        assert_shows(app, "pasted␛]0;t␇", note)
        # What was typed gets its message by the field; saving names the item by its exercise.
        builder.query_one("#f-variants").focus()
        await pilot.press("end", *(["backspace"] * 4), *"[/]")
        await pilot.pause()
        assert_shows(app, "must be a lowercase id", "#m-variants")
        await pilot.press("ctrl+s")  # refused, naming the item
        await pilot.pause()
        assert_notice(app, f"Item 1 ({hostile('EXNAME')}), variants: must be")
        builder.query_one("#items").focus()
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()

        assert isinstance(app.screen, PickerScreen)
        await pilot.press("D")
        assert isinstance(app.screen, ConfirmScreen)
        assert_shows(app, f"Delete your routine '{hostile('RNAME')}'? y/n", ".dialog")
        await pilot.press("n")


# --- history --------------------------------------------------------------------------------


def write_hostile_rows(db: Path) -> None:
    """Two sessions put straight into the history file, as a damaged or hand-made one may
    hold them: names, notes, exercises and variants with control characters and markup."""
    HistoryStore(db).close()  # the schema
    started = WALL_START - timedelta(days=1)
    conn = sqlite3.connect(db)
    with conn:
        for n, (routine_id, name, note) in enumerate([
            ("evil", EVIL_NAME, EVIL_NOTE),
            ("marked", hostile("HNAME"), hostile("HNOTE")),
        ]):
            start = started + timedelta(hours=n)
            session_id = f"00000000-0000-4000-8000-00000000000{n}"
            conn.execute(
                "INSERT INTO sessions (id, routine_id, routine_name, started_at, started_ms,"
                " day, ended_at, status, pain_before, pain_after, note, owner_pid)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 'completed', 4, 2, ?, NULL)",
                (session_id, routine_id, name, start.isoformat(timespec="milliseconds"),
                 round(start.timestamp() * 1000), start.date().isoformat(),
                 (start + timedelta(seconds=30)).isoformat(timespec="milliseconds"), note))
            conn.execute(
                "INSERT INTO steps (session_id, seq, step_index, item, exercise, kind, side,"
                ' "set", sets, round, rounds, variant, planned_seconds, actual_seconds,'
                " paused_seconds, reps, started_at, ended_at, status)"
                " VALUES (?, 0, 0, 0, ?, 'timed', NULL, 1, 1, 1, 1, ?, 30, 30, 0, NULL, ?, ?,"
                " 'done')",
                (session_id, EVIL_EXERCISE if n == 0 else hostile("HEX"),
                 EVIL_VARIANT if n == 0 else hostile("HVAR"),
                 start.isoformat(timespec="milliseconds"),
                 (start + timedelta(seconds=30)).isoformat(timespec="milliseconds")))
    conn.close()


async def open_session(pilot, table: DataTable, row: int) -> SessionDetailScreen:
    table.move_cursor(row=row)
    await pilot.press("enter")
    screen = pilot.app.screen
    assert isinstance(screen, SessionDetailScreen)
    await wait_until(pilot, lambda: screen.record is not None)
    await pilot.pause()
    return screen


async def test_history_shows_stored_text_with_control_characters_made_visible(locations):
    locations.data_dir.mkdir(parents=True)
    write_hostile_rows(locations.history_db)
    app, _ = make_app(locations=locations)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one(DataTable)
        await wait_until(pilot, lambda: table.row_count == 2)
        await pilot.pause()
        assert_shows(app, clipped(visible(EVIL_NAME), ROUTINE), table)
        # a long name is cut short in the table, the whole of it in the title and details
        assert_shows(app, clipped(hostile("HNAME"), ROUTINE), table)

        title = screen.query_one("#history-table-title")
        for name in (visible(EVIL_NAME), hostile("HNAME")):  # one routine, then the other
            await pilot.press("f")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert table.row_count == 1
            assert_shows(app, f"{name} only", title)
        await pilot.press("f")
        await app.workers.wait_for_complete()
        await pilot.pause()

        rows = {screen.sessions[key.value].routine_id: n
                for n, key in enumerate(table.rows)}
        detail = await open_session(pilot, table, rows["evil"])
        for text in (visible(EVIL_NAME), visible(EVIL_NOTE)):
            assert_shows(app, text, "#session-head")
        for text in (visible(EVIL_EXERCISE), visible(EVIL_VARIANT)):
            assert_shows(app, text, "#session-steps")
        await pilot.press("escape")
        await pilot.pause()

        detail = await open_session(pilot, table, rows["marked"])
        for label in ("HNAME", "HNOTE"):
            assert_shows(app, hostile(label), "#session-head")
        for label in ("HEX", "HVAR"):
            assert_shows(app, hostile(label), "#session-steps")
        assert detail is app.screen
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("d")  # the delete prompt, over the table
        assert isinstance(app.screen, ConfirmScreen)
        drawn(app)
        await pilot.press("n")


async def test_a_played_session_keeps_its_names_and_typed_note_as_written(hostile_app):
    """What the runner recorded and the person typed comes back from history as written."""
    app, _ = hostile_app
    async with app.run_test(size=SIZE) as pilot:
        await filter_to(pilot, "rname")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
        await pilot.press("n", "n")
        await wait_until(pilot, lambda: on_screen(app, SummaryScreen), what="the summary")
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter", *MARKUP, "enter")
        await pilot.pause()
        await pilot.press("h")
        table = app.screen.query_one(DataTable)
        await wait_until(pilot, lambda: table.row_count == 1)
        await pilot.pause()
        assert_shows(app, clipped(hostile("RNAME"), ROUTINE), table)  # whole in the details
        await open_session(pilot, table, 0)
        assert_shows(app, hostile("RNAME"), "#session-head")
        assert_shows(app, f"Note: {MARKUP}", "#session-head")
        assert_shows(app, hostile("EXNAME"), "#session-steps")
        assert_shows(app, hostile("VNAME"), "#session-steps")


# --- notices: a broken library of one's own, paths, history that can't be kept ---------------


# Problems that quote what the file says.
BROKEN = f"""
[[exercises]]
id = "broken"
name = "{hostile('BROKEN')}"
purpose = "p"
position = "p"
steps = ["s"]
sides = "{MARKUP}"
prescription = {{ kind = "timed", seconds = 5 }}
"""


@pytest.mark.usefixtures("fixed_as_shipped")
async def test_notices_show_problems_and_paths_as_written(tmp_path):
    # A config directory with ESC and BEL in its name, and a data "directory" that is a file.
    locations = paths.Locations(tmp_path / f"config\x1b]0;t\x07 {PATH_MARKUP}",
                                tmp_path / f"data {PATH_MARKUP}", tmp_path / "cache")
    locations.config_dir.mkdir(parents=True)
    locations.data_dir.parent.mkdir(parents=True, exist_ok=True)
    locations.user_library.write_text(BROKEN, encoding="utf-8")
    locations.data_dir.write_text("not a directory", encoding="utf-8")
    library = load_library(user_library=locations.user_library)
    assert library.problems
    app, _ = make_app(library, locations=locations)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.history  # noqa: B018 -- opened as the app does just after the first frame
        await wait_until(pilot, lambda: any(squash("History can't be saved") in notice
                                            for notice in notices(app)),
                         what="the history's notice")
        library_file = visible(str(locations.user_library))
        assert_notice(app, f"Your library was set aside{library_file}:")
        assert_notice(app, f"exercises[broken].sides: must be 'each' or 'both', got '{MARKUP}'")
        assert_notice(app, "History can't be saved")
        assert_notice(app, visible(str(locations.history_db)))

        await pilot.press("b")  # the builder says what is wrong with the file
        await pilot.pause()
        assert isinstance(app.screen, BuilderScreen)
        banner = app.screen.query_one("#builder-banner")
        assert_shows(app, f"Your library {library_file} has problems", banner)
        assert_shows(app, f"{library_file}:", banner)
        assert_shows(app, MARKUP, banner)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert_notice(app, f"Your library {library_file} has problems; fix them first")


# --- the palette's matching is bounded ---------------------------------------------------------


@pytest.mark.timeout(10)
def test_palette_matching_takes_linear_time_on_a_repetitive_name():
    """Textual's fuzzy search tries every way the letters fit: eight a's against this name
    (80 characters, a valid routine name) would not finish."""
    name = "Start: " + "a " * 36
    score, offsets = match(Matcher("aaaaaaaa"), name)
    assert score > 0 and len(offsets) == 8 and all(name[i] == "a" for i in offsets)


def test_palette_matching_ranks_and_marks_like_textual():
    whole, at = match(Matcher("feet"), "Start: Feet-first five")
    assert at == [7, 8, 9, 10] and whole == Matcher("feet").match("Start: Feet-first five")
    apart, at = match(Matcher("ffv"), "Start: Feet-first five")
    assert 0 < apart < whole and at == [7, 12, 20]
    assert match(Matcher("xyz"), "Start: Feet-first five") == (0.0, [])
    shown = prompt(Command("Start: Feet", print, detail="[b]x[/b]"), [7, 8], Style(bold=True))
    assert shown.plain == "Start: Feet\n[b]x[/b]"
    assert [(s.start, s.end) for s in shown.spans if s.style == Style(bold=True)] == [
        (7, 8), (8, 9)]
