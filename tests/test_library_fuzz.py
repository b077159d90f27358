"""Random damage to a good library never ends in a traceback: the file loads, or every
problem comes back with its file, a line inside the file and a message."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach import paths
from coach.library import LibraryError, load_library, validate_paths

GOOD = paths.shipped_library().read_bytes()
LINES = GOOD.decode().splitlines(keepends=True)
KEY_LINES = [i for i, line in enumerate(LINES) if re.match(r"[a-z_]+ = ", line)]
HEADERS = [i for i, line in enumerate(LINES) if line.startswith("[[")]
NUMBERS = [m.span() for m in re.finditer(rb"(?<![\w.-])\d+(?![\w.-])", GOOD)]

OTHER_VALUES = ['"text"', "30", "-7", "2.5", "true", "[]", "[1, 2]", '["a", 3]', "{}",
                '{ kind = "hold" }', "1979-05-27", '""', "0"]
BAD_NUMBERS = ["0", "-1", "999999", "100000000000000000000", "3.5", "601", "201", "21"]


def _lines(data: bytes) -> list[str] | None:
    try:
        return data.decode().splitlines(keepends=True)
    except UnicodeDecodeError:
        return None


@st.composite
def mutation(draw, data: bytes) -> bytes:
    lines = _lines(data)
    keyed = [i for i, line in enumerate(lines or []) if re.match(r"[a-z_]+ = ", line)]
    kind = draw(st.sampled_from(
        ["delete", "retype", "range", "rename", "duplicate", "bytes", "truncate"]
    ))
    if kind in ("delete", "retype", "rename") and keyed:
        i = draw(st.sampled_from(keyed))
        key, value = lines[i].split(" = ", 1)
        if kind == "delete":
            lines[i] = ""
        elif kind == "retype":
            lines[i] = f"{key} = {draw(st.sampled_from(OTHER_VALUES))}\n"
        else:
            at = draw(st.integers(0, len(key)))
            lines[i] = f"{key[:at]}{draw(st.sampled_from('aesx_'))}{key[at + 1:]} = {value}"
        return "".join(lines).encode()
    if kind == "range":
        spans = [m.span() for m in re.finditer(rb"(?<![\w.-])\d+(?![\w.-])", data)]
        if spans:
            start, end = draw(st.sampled_from(spans))
            return data[:start] + draw(st.sampled_from(BAD_NUMBERS)).encode() + data[end:]
    if kind == "duplicate" and lines:
        headers = [i for i, line in enumerate(lines) if line.startswith("[[")]
        if headers:
            n = draw(st.integers(0, len(headers) - 1))
            start = headers[n]
            end = headers[n + 1] if n + 1 < len(headers) else len(lines)
            where = draw(st.sampled_from(headers + [len(lines)]))
            return "".join(lines[:where] + lines[start:end] + lines[where:]).encode()
    if kind == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    # Corrupt a few bytes.
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        if not out:
            break
        out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
    return bytes(out)


@st.composite
def damaged(draw) -> bytes:
    data = GOOD
    for _ in range(draw(st.integers(1, 3))):
        data = draw(mutation(data))
    return data


def test_the_undamaged_library_loads(tmp_path):
    path = tmp_path / "good.toml"
    path.write_bytes(GOOD)
    assert load_library(path).exercises
    assert KEY_LINES and HEADERS and NUMBERS


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=damaged())
def test_damage_is_always_reported_with_a_place(tmp_path_factory, data):
    path = tmp_path_factory.getbasetemp() / "damaged.toml"
    path.write_bytes(data)
    line_count = max(1, data.count(b"\n") + 1)
    try:
        load_library(path)
    except LibraryError as exc:
        problems = exc.problems
        assert problems
        assert str(exc) == "\n".join(str(p) for p in problems)
        for problem in problems:
            assert problem.file == str(path)
            assert isinstance(problem.line, int), problem
            assert 1 <= problem.line <= line_count, problem
            assert problem.message.strip(), problem
            assert "Traceback" not in problem.message
    library, problems = validate_paths([path])
    assert (library is None) == bool(problems)
