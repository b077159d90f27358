"""The shipped library speaks in coach's own words, and says what keeps people safe.

No text in ``exercises.toml`` (instructions, notes, cues, descriptions, names, even its
comments) may repeat seven words in a row from any of the five source articles. The
articles are not in this repository: the check reads ``tests/article_runs.txt``, hashes of
every seven-word run in them (see ``tests/article_runs.py``), so it runs on any clean clone
and is never skipped. Only a routine's ``source`` is exempt: it cites the article's title
word for word on purpose (``test_shipped_library`` pins it), and here it proves the
fingerprint really holds each article. When the articles are next to the checkout, one more
test checks the committed fingerprint is still theirs.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from article_runs import (
    FINGERPRINT,
    RUN,
    SEEDS,
    digest,
    fingerprint,
    fingerprint_of,
    load,
    runs,
    seed_files,
    words,
)

LIBRARY = Path(__file__).parents[1] / "exercises.toml"
ARTICLES = ["000", "001", "002", "003", "004"]


@pytest.fixture(scope="module")
def table() -> dict[str, str]:
    labels, table = load(FINGERPRINT.read_text(encoding="utf-8"))
    assert labels == ARTICLES, "the fingerprint must cover the five articles"
    return table


@pytest.fixture(scope="module")
def data() -> dict:
    with LIBRARY.open("rb") as f:
        return tomllib.load(f)


def texts(node: object, where: str) -> Iterator[tuple[str, str]]:
    """Every string under ``node`` with where it sits, tables in lists named by their id
    (``exercises[heel-raises].steps[2]``), except the routines' ``source`` citations."""
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "source" and re.fullmatch(r"routines\[[^]]*\]", where):
                continue
            yield from texts(value, f"{where}.{key}" if where else key)
    elif isinstance(node, list):
        for n, value in enumerate(node):
            name = value.get("id") if isinstance(value, dict) else None
            yield from texts(value, f"{where}[{name if isinstance(name, str) else n}]")


def comments(toml_text: str) -> Iterator[tuple[str, str]]:
    """Each block of whole-line comments, as one text, so a run cannot hide across lines."""
    block: list[str] = []
    start = 0
    for n, line in enumerate([*toml_text.splitlines(), ""], start=1):
        if line.lstrip().startswith("#"):
            if not block:
                start = n
            block.append(line.lstrip().lstrip("#"))
        elif block:
            yield f"exercises.toml:{start}: comment", " ".join(block)
            block = []


def copies(items: Iterator[tuple[str, str]], table: dict[str, str]) -> list[str]:
    """One line for each copied stretch (overlapping runs joined): where, the words, and
    which articles they are from."""
    found = []
    for where, text in items:
        ws = words(text)
        stretches: list[tuple[int, int, set[str]]] = []
        for i in range(len(ws) - RUN + 1):
            articles = table.get(digest(" ".join(ws[i:i + RUN])))
            if not articles:
                continue
            if stretches and i < stretches[-1][1]:
                start, _, labels = stretches.pop()
                stretches.append((start, i + RUN, labels | set(articles.split(","))))
            else:
                stretches.append((i, i + RUN, set(articles.split(","))))
        for start, end, labels in stretches:
            article = ",".join(sorted(labels))
            found.append(f'{where}: "{" ".join(ws[start:end])}" (article {article})')
    return found


# --- the shipped library ---------------------------------------------------------------------


def test_no_text_field_repeats_an_article(data, table):
    found = copies(texts(data, ""), table)
    assert not found, f"{RUN} words in a row from an article:\n" + "\n".join(found)


def test_no_comment_repeats_an_article(table):
    found = copies(comments(LIBRARY.read_text(encoding="utf-8")), table)
    assert not found, f"{RUN} words in a row from an article:\n" + "\n".join(found)


def test_every_kind_of_text_in_the_library_is_walked(data):
    # Each kind of text the shipped file has is reached, so none escapes the check.
    kinds = {re.sub(r"\[[^]]*\]", "", where) for where, _ in texts(data, "")}
    assert {
        "exercises.name", "exercises.aliases", "exercises.purpose", "exercises.position",
        "exercises.steps", "exercises.equipment", "exercises.areas", "exercises.variants.name",
        "exercises.variants.cue", "routines.name", "routines.description",
        "routines.items.note",
    } <= kinds
    assert "routines.source" not in kinds


def test_each_routines_source_is_found_in_its_own_article(data, table):
    # The titles are copied on purpose, so they show the fingerprint holds every article
    # and labels it rightly: a stale or emptied fingerprint fails here.
    for routine, article in zip(data["routines"], ARTICLES, strict=True):
        title_runs = list(runs(routine["source"]))
        assert title_runs, routine["id"]
        for run in title_runs:
            assert article in table.get(digest(run), "").split(","), (routine["id"], run)


def test_the_fingerprint_holds_each_whole_article(table):
    per_article = {a: 0 for a in ARTICLES}
    for found_in in table.values():
        for article in found_in.split(","):
            per_article[article] += 1
    # Each article runs to several hundred words; a truncated fingerprint shows here.
    assert all(n >= 400 for n in per_article.values()), per_article


def test_the_fingerprint_matches_the_articles():
    if not seed_files(SEEDS):
        pytest.skip(f"the articles are not at {SEEDS}; the committed fingerprint is used")
    assert FINGERPRINT.read_text(encoding="utf-8") == fingerprint_of(SEEDS), (
        "the articles changed: run .venv/bin/python tests/article_runs.py ../shared/seeds"
    )


# --- what the instructions must say ----------------------------------------------------------

# On one foot, on tiptoe or with toes gripping: a fall is the risk, so support within reach.
STANDING = ["warm-up", "toe-walking", "heel-raises", "toe-pressing", "toe-pencil-grip"]


def exercise_text(exercise: dict) -> str:
    return " ".join([exercise["purpose"], exercise["position"], *exercise["steps"]]).lower()


@pytest.fixture(scope="module")
def by_id(data) -> dict[str, dict]:
    return {e["id"]: e for e in data["exercises"]}


def notes_for(data: dict, exercise_id: str) -> list[str]:
    return [item["note"].lower() for routine in data["routines"] for item in routine["items"]
            if item["exercise"] == exercise_id and "note" in item]


def test_standing_exercises_keep_a_chair_or_wall_within_reach(by_id):
    for exercise_id in STANDING:
        said = exercise_text(by_id[exercise_id])
        assert ("chair" in said or "wall" in said) and "within reach" in said, exercise_id


def test_band_exercises_check_the_band_and_anchor_it(data):
    banded = [e for e in data["exercises"] if "resistance band" in e["equipment"]]
    assert {e["id"] for e in banded} == {"tibialis-anterior", "resisted-flexion", "band-stretch"}
    for exercise in banded:
        said = exercise_text(exercise)
        assert "nick" in said and "wear" in said, exercise["id"]
        if exercise["id"] != "resisted-flexion":  # its ends are held in the hands
            assert "heavy" in said and "low" in said, exercise["id"]


def test_the_upward_stretch_rises_only_as_far_as_is_comfortable(data, by_id):
    everything = " ".join(text.lower() for _, text in texts(data, ""))
    assert "over your head" not in everything
    assert "comfortable" in exercise_text(by_id["upward-stretch"])
    assert all("comfortable" in note for note in notes_for(data, "upward-stretch"))


def test_the_band_stretch_draws_the_toes_back_rather_than_leaning(by_id):
    steps = [step.lower() for step in by_id["band-stretch"]["steps"]]
    assert any("toes back" in step for step in steps)
    assert not any(step.startswith("lean") for step in steps)


def test_the_heel_tendon_stretch_names_the_back_leg(data, by_id):
    said = exercise_text(by_id["heel-tendon-stretch"])
    assert "side named is the leg that stays back" in said
    assert "back leg's calf and heel" in said
    assert all("back leg" in note for note in notes_for(data, "heel-tendon-stretch"))


def test_heel_raise_notes_match_the_starting_position(data, by_id):
    assert "hands resting on its back" in by_id["heel-raises"]["position"]
    notes = notes_for(data, "heel-raises")
    assert len(notes) == 3
    assert all("chair back" in note and "off the floor" in note for note in notes), notes


def test_ankle_circles_lying_down_agree_with_the_steps(data, by_id):
    # Article 002's note and the exercise's steps hold the raised leg the same way.
    assert "behind the thigh" in exercise_text(by_id["ankle-circles"])
    (routine,) = [r for r in data["routines"] if r["id"] == "ten-foot-stretches"]
    (item,) = [i for i in routine["items"] if i["exercise"] == "ankle-circles"]
    assert "behind the thigh" in item["note"]


# --- the check itself, on text of its own ------------------------------------------------------

ARTICLE = """\
Begin by sitting tall on a sturdy kitchen stool, then lift the left foot
and trace a slow circle with the big toe. It’s easier than it sounds!"""


@pytest.fixture
def own_table() -> dict[str, str]:
    other = "As the old guide says, trace a slow circle with the big toe."
    return load(fingerprint([("900", ARTICLE), ("901", other)]))[1]


def test_words_ignore_case_punctuation_quotes_and_line_breaks():
    assert words("It’s  EASIER,\nthan 'it' sounds!") == [
        "it's", "easier", "than", "it", "sounds",
    ]
    assert words("12 o'clock -- hip-width") == ["12", "o'clock", "hip", "width"]


@pytest.mark.parametrize("text", [
    "begin by sitting tall on a sturdy kitchen stool",
    "Lift: the LEFT foot, and trace a slow circle!",
    "kitchen stool, then lift the left\nfoot and trace",
    "'The big toe'. It's easier than it",
])
def test_a_copied_run_is_found_however_it_is_dressed(own_table, text):
    found = copies(iter([("exercises[x].steps[0]", text)]), own_table)
    assert found and found[0].startswith('exercises[x].steps[0]: "')
    assert found[0].endswith("(article 900)")


def test_a_run_in_two_articles_names_both(own_table):
    assert copies(iter([("x", "Trace a slow circle with the big toe.")]), own_table) == [
        'x: "trace a slow circle with the big toe" (article 900,901)'
    ]


def test_six_words_in_a_row_are_not_a_copy(own_table):
    assert copies(iter([("x", "sitting tall on a sturdy kitchen chair")]), own_table) == []
    assert copies(iter([("x", "lift the left foot and trace")]), own_table) == []


def test_every_kind_of_field_is_checked_and_named(own_table):
    copied = "then lift the left foot and trace a slow circle"
    library = {
        "exercises": [{
            "id": "e", "name": copied, "aliases": [copied], "purpose": copied,
            "position": copied, "steps": ["fine", copied], "equipment": [copied],
            "areas": [copied],
            "variants": [{"id": "v", "name": copied, "cue": copied}],
            "prescription": {"kind": "hold", "seconds": 10},
        }],
        "routines": [{
            "id": "r", "name": copied, "description": copied, "source": copied,
            "items": [{"exercise": "e", "note": copied, "source": copied}],
        }],
    }
    named = {line.split(":", 1)[0] for line in copies(texts(library, ""), own_table)}
    assert named == {
        "exercises[e].name", "exercises[e].aliases[0]", "exercises[e].purpose",
        "exercises[e].position", "exercises[e].steps[1]", "exercises[e].equipment[0]",
        "exercises[e].areas[0]", "exercises[e].variants[v].name",
        "exercises[e].variants[v].cue", "routines[r].name", "routines[r].description",
        "routines[r].items[0].note", "routines[r].items[0].source",
    }


def test_a_copied_run_across_comment_lines_is_found(own_table):
    toml_text = '# begin by sitting tall on a\n#   sturdy kitchen stool\nid = "x"\n# fine\n'
    found = copies(comments(toml_text), own_table)
    assert found == ['exercises.toml:1: comment: "begin by sitting tall on a sturdy kitchen stool"'
                     " (article 900)"]
