"""Every kind of broken library file, each with the exact lines `coach` prints for it.

The corpus lives in ``tests/broken/``; files that cannot be kept in git as such (bad bytes,
a directory, a missing or unreadable file) are made at test time.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coach.library import LibraryError, Problem, load_file, load_library, validate_paths

HERE = Path(__file__).parent

CASES = [
    (
        "bad_values.toml",
        [
            "broken/bad_values.toml:2: exercises[#1].id: must be a lowercase id such as 'heel-raises' (letters a-z, digits, single hyphens), got 'Heel Stretch'; try 'heel-stretch'",
            'broken/bad_values.toml:3: exercises[#1].name: must not be empty',
            'broken/bad_values.toml:4: exercises[#1].purpose: must not be empty',
            'broken/bad_values.toml:6: exercises[#1].steps: must hold at least 1 entry, got none',
            "broken/bad_values.toml:7: exercises[#1].sides: must be 'each' or 'both', got 'left'",
            "broken/bad_values.toml:8: exercises[#1].prescription.first_side: must be 'left' or 'right', got 'middle'",
        ],
    ),
    (
        "comments_only.toml",
        [
            'broken/comments_only.toml:1: no exercises or routines: a library needs at least one [[exercises]] or [[routines]] table',
        ],
    ),
    (
        "duplicate_ids.toml",
        [
            "broken/duplicate_ids.toml:11: exercises[heel-stretch].id: duplicate exercise id 'heel-stretch' (first defined at line 2)",
            "broken/duplicate_ids.toml:26: routines[morning].id: duplicate routine id 'morning' (first defined at line 20)",
        ],
    ),
    (
        "empty.toml",
        [
            'broken/empty.toml:1: no exercises or routines: a library needs at least one [[exercises]] or [[routines]] table',
        ],
    ),
    (
        "missing_keys.toml",
        [
            "broken/missing_keys.toml:2: exercises[heel-stretch]: missing required key 'purpose'",
            "broken/missing_keys.toml:2: exercises[heel-stretch]: missing required key 'position'",
            "broken/missing_keys.toml:8: exercises[heel-stretch].prescription: missing required key 'seconds'",
        ],
    ),
    (
        "multiline_array.toml",
        [
            'broken/multiline_array.toml:12: exercises[heel-stretch].steps[3]: expected a string (in quotes), got a whole number',
        ],
    ),
    (
        "out_of_range.toml",
        [
            'broken/out_of_range.toml:8: exercises[heel-stretch].prescription.sets: must be at least 1, got 0',
            'broken/out_of_range.toml:8: exercises[heel-stretch].prescription.rest_seconds: must be between 0 and 600 seconds, got -5',
            'broken/out_of_range.toml:8: exercises[heel-stretch].prescription.seconds: must be between 1 and 600 seconds, got 700',
            'broken/out_of_range.toml:8: exercises[heel-stretch].prescription.holds: must be at most 50, got 99',
            'broken/out_of_range.toml:17: exercises[heel-raises].prescription.rounds: must be at most 20, got 21',
            'broken/out_of_range.toml:17: exercises[heel-raises].prescription.count: range [20, 10] runs backwards; write the smaller number first',
            'broken/out_of_range.toml:17: exercises[heel-raises].prescription.tempo_seconds: must be at least 0.5, got 0.1',
        ],
    ),
    (
        "reps_tempo.toml",
        [
            "broken/reps_tempo.toml:12: exercises[heel-raises].prescription.tempo_seconds: expected a number, got a string ('2'); write it without quotes",
            'broken/reps_tempo.toml:13: exercises[heel-raises].prescription.hold_seconds: expected a whole number or a range [low, high], got a boolean (true)',
            "broken/reps_tempo.toml:24: exercises[toe-taps].prescription: unknown key 'count' for a 'hold' prescription ('count' belongs to 'reps')",
            "broken/reps_tempo.toml:25: exercises[toe-taps].prescription.variants[1]: exercise 'toe-taps' has no variant 'a'; it has no variants",
        ],
    ),
    (
        "several_problems.toml",
        [
            "broken/several_problems.toml:2: exercises[heel-stretch]: missing required key 'position'",
            'broken/several_problems.toml:6: exercises[heel-stretch].steps[2]: expected a string (in quotes), got a whole number',
            "broken/several_problems.toml:7: exercises[heel-stretch].sides: must be 'each' or 'both', got 'eech' (did you mean 'each'?)",
            "broken/several_problems.toml:10: exercises[heel-stretch].variants[straight]: unknown key 'colour'",
            "broken/several_problems.toml:10: exercises[heel-stretch].variants[straight].id: duplicate variant id 'straight' (first defined at line 9)",
            "broken/several_problems.toml:12: exercises[heel-stretch].prescription: missing required key 'seconds'",
            'broken/several_problems.toml:12: exercises[heel-stretch].prescription.holds: must be at most 50, got 99',
            "broken/several_problems.toml:12: exercises[heel-stretch].prescription: unknown key 'secnds' (did you mean 'seconds'?)",
            "broken/several_problems.toml:15: exercises[#2].id: must be a lowercase id such as 'heel-raises' (letters a-z, digits, single hyphens), got 'Toe Taps'; try 'toe-taps'",
            'broken/several_problems.toml:21: exercises[#2].prescription.seconds: must be between 1 and 3600 seconds, got 0',
            "broken/several_problems.toml:23: routine: unknown key 'routine' (did you mean 'routines'?)",
            "broken/several_problems.toml:32: routines[morning].items[1].exercise: unknown exercise 'heel-strech' (did you mean 'heel-stretch'?)",
            'broken/several_problems.toml:37: routines[morning].items[2].note: must not be empty',
        ],
    ),
    (
        "syntax_duplicate_key.toml",
        [
            'broken/syntax_duplicate_key.toml:4: invalid TOML: this key is already set (each key may appear once per table) (column 28)',
        ],
    ),
    (
        "syntax_missing_equals.toml",
        [
            "broken/syntax_missing_equals.toml:3: invalid TOML: expected '=' after a key (key = value) (column 6)",
        ],
    ),
    (
        "syntax_table_twice.toml",
        [
            'broken/syntax_table_twice.toml:4: invalid TOML: table [settings] is declared twice (column 10)',
        ],
    ),
    (
        "syntax_unquoted_value.toml",
        [
            'broken/syntax_unquoted_value.toml:3: invalid TOML: invalid value (text needs quotes: name = "Heel raises") (column 9)',
        ],
    ),
    (
        "syntax_unterminated_string.toml",
        [
            'broken/syntax_unterminated_string.toml:4: invalid TOML: unterminated string: the closing quotes are missing',
        ],
    ),
    (
        "table_not_array.toml",
        [
            'broken/table_not_array.toml:1: exercises: expected an array of tables [[exercises]], got a table',
        ],
    ),
    (
        "unknown_exercise.toml",
        [
            "broken/unknown_exercise.toml:19: routines[morning].items[2].exercise: unknown exercise 'heel-strech' (did you mean 'heel-stretch'?)",
            "broken/unknown_exercise.toml:22: routines[morning].items[3].exercise: unknown exercise 'marbles'",
        ],
    ),
    (
        "unknown_keys.toml",
        [
            "broken/unknown_keys.toml:8: exercises[heel-stretch]: unknown key 'equipmnt' (did you mean 'equipment'?)",
            "broken/unknown_keys.toml:9: exercises[heel-stretch].prescription: unknown key 'secnds' (did you mean 'seconds'?)",
            "broken/unknown_keys.toml:9: exercises[heel-stretch].prescription: unknown key 'count' for a 'hold' prescription ('count' belongs to 'reps')",
            "broken/unknown_keys.toml:11: routines[morning]: missing required key 'description'",
            "broken/unknown_keys.toml:14: routines[morning]: unknown key 'descripton' (did you mean 'description'?)",
            "broken/unknown_keys.toml:18: routines[morning].items[1]: unknown key 'notes' (did you mean 'note'?)",
        ],
    ),
    (
        "unknown_kind.toml",
        [
            "broken/unknown_kind.toml:8: exercises[heel-stretch].prescription.kind: unknown prescription kind 'hld' (did you mean 'hold'?); the kinds are 'hold', 'reps' and 'timed'",
            "broken/unknown_kind.toml:17: exercises[toe-taps].prescription: missing required key 'kind' (one of 'hold', 'reps' or 'timed')",
        ],
    ),
    (
        "unknown_top_level.toml",
        [
            "broken/unknown_top_level.toml:1: exercise: unknown key 'exercise' (did you mean 'exercises'?)",
        ],
    ),
    (
        "unknown_variant.toml",
        [
            "broken/unknown_variant.toml:14: exercises[toe-walking].prescription.variants[2]: exercise 'toe-walking' has no variant 'toes-in' (did you mean 'toes-out'?); its variants are 'forward' and 'toes-out'",
            "broken/unknown_variant.toml:33: routines[morning].items[1].prescription.variants[2]: exercise 'toe-walking' has no variant 'toes-uot' (did you mean 'toes-out'?); its variants are 'forward' and 'toes-out'",
            "broken/unknown_variant.toml:37: routines[morning].items[2].prescription.variants[1]: exercise 'heel-stretch' has no variant 'bent-knee'; it has no variants",
        ],
    ),
    (
        "wrong_types.toml",
        [
            'broken/wrong_types.toml:3: exercises[heel-stretch].name: expected a string (in quotes), got a whole number',
            'broken/wrong_types.toml:6: exercises[heel-stretch].steps: expected an array [...], got a string',
            'broken/wrong_types.toml:8: exercises[heel-stretch].prescription.sets: expected a whole number, got a decimal number (2.5)',
            "broken/wrong_types.toml:8: exercises[heel-stretch].prescription.seconds: expected a whole number or a range [low, high], got a string ('30'); write it without quotes",
            'broken/wrong_types.toml:8: exercises[heel-stretch].prescription.holds: expected a whole number, got a boolean (true)',
        ],
    ),
]


@pytest.fixture
def in_tests_dir(monkeypatch):
    """Run from tests/, so files show as ``broken/x.toml`` the way a person typed them."""
    monkeypatch.chdir(HERE)


@pytest.mark.parametrize(("name", "expected"), CASES, ids=[c[0] for c in CASES])
def test_broken_file_reports_every_problem_where_it_is(in_tests_dir, name, expected):
    path = Path("broken") / name
    with pytest.raises(LibraryError) as caught:
        load_library(path)
    assert [str(p) for p in caught.value.problems] == expected
    assert str(caught.value) == "\n".join(expected)
    # load_file checks a file on its own: exercises it does not define may live in another
    # file (a user's library builds on the shipped one), so those are left to the merge.
    on_its_own = [line for line in expected if "unknown exercise" not in line]
    if on_its_own:
        with pytest.raises(LibraryError) as one:
            load_file(path)
        assert [str(p) for p in one.value.problems] == on_its_own
    else:
        load_file(path)
    library, problems = validate_paths([path])
    assert library is None
    assert [str(p) for p in problems] == expected


def test_corpus_covers_every_file():
    assert sorted(c[0] for c in CASES) == sorted(p.name for p in (HERE / "broken").glob("*.toml"))


def test_several_problems_are_all_reported(in_tests_dir):
    _, problems = validate_paths([Path("broken/several_problems.toml")])
    assert len(problems) >= 10
    assert len({p.line for p in problems}) >= 8


# --- files made at test time ----------------------------------------------------------------


def _problems(path: Path) -> list[str]:
    with pytest.raises(LibraryError) as caught:
        load_library(path)
    return [str(p) for p in caught.value.problems]


def test_not_utf8_points_at_the_bad_byte(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("latin1.toml").write_bytes(
        b'[[exercises]]\nid = "heel-stretch"\nname = "Talon \xe9tir\xe9"\n'
    )
    assert _problems(Path("latin1.toml")) == [
        "latin1.toml:3: not UTF-8 text: byte 0xe9 at column 15 cannot be read;"
        " save the file as UTF-8"
    ]


def test_binary_garbage(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("photo.toml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert _problems(Path("photo.toml")) == [
        "photo.toml:1: binary data, not a TOML text file"
    ]


def test_a_stray_control_character_is_a_toml_error_at_its_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    good = (HERE / "broken" / "unknown_exercise.toml").read_bytes()
    Path("nul.toml").write_bytes(good.replace(b'name = "Heel', b'name = \x00"Heel'))
    assert _problems(Path("nul.toml")) == [
        "nul.toml:3: invalid TOML: invalid value (text needs quotes: name = \"Heel raises\")"
        " (column 8)"
    ]


def test_binary_without_nul_bytes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("noise.toml").write_bytes(bytes(range(128, 256)) * 4)
    assert _problems(Path("noise.toml")) == ["noise.toml:1: binary data, not a TOML text file"]


def test_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("lib.toml").mkdir()
    assert _problems(Path("lib.toml")) == ["lib.toml: is a directory, not a library file"]


def test_missing_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _problems(Path("nowhere.toml")) == ["nowhere.toml: no such file"]
    assert validate_paths([Path("nowhere.toml")]) == (
        None,
        [Problem("nowhere.toml", None, "", "no such file")],
    )


def test_unreadable_file(tmp_path, monkeypatch):
    # Root reads anything, so the refusal is simulated rather than made with chmod.
    monkeypatch.chdir(tmp_path)
    Path("secret.toml").write_text("")

    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith("secret.toml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert _problems(Path("secret.toml")) == [
        "secret.toml: cannot read the file: permission denied"
    ]


def test_byte_order_mark_is_tolerated(tmp_path):
    good = (HERE / "broken" / "unknown_exercise.toml").read_text()
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + good.encode())
    problems = _problems(path)
    # The same problems as without the mark, on the same lines: the mark is no problem.
    assert [p.split(": ", 1)[1] for p in problems] == [
        "routines[morning].items[2].exercise: unknown exercise 'heel-strech'"
        " (did you mean 'heel-stretch'?)",
        "routines[morning].items[3].exercise: unknown exercise 'marbles'",
    ]
    assert [p.split(":")[1] for p in problems] == ["19", "22"]


def test_syntax_error_at_end_of_document(tmp_path):
    path = tmp_path / "end.toml"
    path.write_text('[[exercises]]\nid = "a"\nname =')
    assert _problems(path) == [
        f"{path}:3: invalid TOML: invalid value (text needs quotes: name = \"Heel raises\")"
    ]


def test_unclosed_multiline_array_points_near_it(tmp_path):
    path = tmp_path / "open.toml"
    path.write_text('[[exercises]]\nid = "a"\nsteps = [\n  "one",\n  "two"\n\nsides = "each"\n')
    (line,) = _problems(path)
    assert line.startswith(f"{path}:7: invalid TOML: ")


def test_problem_str_formats():
    assert str(Problem("a.toml", 3, "exercises[x].name", "bad")) == "a.toml:3: exercises[x].name: bad"
    assert str(Problem("a.toml", 3, "", "bad")) == "a.toml:3: bad"
    assert str(Problem("a.toml", None, "", "no such file")) == "a.toml: no such file"
