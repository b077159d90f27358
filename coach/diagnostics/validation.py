"""A validation error in words for a person editing a file: the one rewording of pydantic's
errors, used for library files, ``config.toml``, history documents and the builder's form.

It works on pydantic's error dicts (``type``, ``loc``, ``input``, ``ctx``, ``msg``) and never
imports pydantic itself, so the settings can be checked without loading it first. Where a
problem is placed (its line and key path) is the caller's business; this says what is wrong.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from typing import Any

from coach.diagnostics.problem import did_you_mean
from coach.routine_names import slug_of

__all__ = ["describe_error", "kind_of", "quoted", "unknown_key"]


def describe_error(error: Mapping[str, Any], fields: Iterable[str] = ()) -> str:
    """One pydantic error in words; ``fields`` are the keys allowed where an unknown key was
    found, for a did-you-mean."""
    kind = str(error["type"])
    loc = tuple(error.get("loc") or ())
    if kind == "missing" and loc:
        return f"missing required key '{loc[-1]}'"
    if kind == "extra_forbidden" and loc:
        return unknown_key(str(loc[-1]), fields)
    return _reword(kind, error.get("input"), error.get("ctx") or {}, str(error["msg"]))


def unknown_key(key: str, known: Iterable[str]) -> str:
    return f"unknown key '{key}'{did_you_mean(key, known)}"


def quoted(words: Iterable[str], conjunction: str = "and") -> str:
    """``'a', 'b' and 'c'``."""
    shown = [f"'{w}'" for w in words]
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + f" {conjunction} " + shown[-1]


def kind_of(value: Any) -> str:
    """What a TOML value is, in the words of someone writing TOML."""
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime.datetime):
        return "a date-time"
    if isinstance(value, datetime.date):
        return "a date"
    if isinstance(value, datetime.time):
        return "a time"
    return type(value).__name__


def _unquote_hint(value: Any, parse: type[int] | type[float]) -> str:
    """A hint when a number was written in quotes."""
    if isinstance(value, str):
        try:
            parse(value.strip())
        except ValueError:
            return ""
        return f" ({value!r}); write it without quotes"
    return ""


def _reword(kind: str, value: Any, ctx: Mapping[str, Any], message: str) -> str:
    if kind == "int_type":
        if isinstance(value, float):
            return f"expected a whole number, got a decimal number ({value})"
        return f"expected a whole number, got {kind_of(value)}{_unquote_hint(value, int)}"
    if kind in ("float_type", "float_parsing"):
        return f"expected a number, got {kind_of(value)}{_unquote_hint(value, float)}"
    if kind == "bool_type":
        return f"expected true or false, got {kind_of(value)}"
    if kind == "string_type":
        return f"expected a string (in quotes), got {kind_of(value)}"
    if kind == "list_type":
        return f"expected an array [...], got {kind_of(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a table, got {kind_of(value)}"
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        if isinstance(value, str):
            choices = re.findall(r"'([^']*)'", expected)
            return f"must be {expected}, got {value!r}{did_you_mean(value, choices)}"
        return f"must be {expected}, got {kind_of(value)}"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}, got {value}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}, got {value}"
    if kind == "greater_than":
        return f"must be more than {ctx.get('gt')}, got {value}"
    if kind == "less_than":
        return f"must be less than {ctx.get('lt')}, got {value}"
    if kind == "string_too_short":
        least = ctx.get("min_length", 1)
        return "must not be empty" if least == 1 else f"must be at least {least} characters"
    if kind == "string_too_long":
        length = len(value.strip()) if isinstance(value, str) else "more"
        return f"must be at most {ctx.get('max_length')} characters, got {length}"
    if kind == "string_pattern_mismatch":
        slug = slug_of(str(value))
        hint = f"; try '{slug}'" if slug and slug != value else ""
        return (
            f"must be a lowercase id such as 'heel-raises' (letters a-z, digits, single"
            f" hyphens), got {value!r}{hint}"
        )
    if kind == "too_short":
        least, got = ctx.get("min_length"), ctx.get("actual_length")
        return f"must hold at least {least} {_entries(least)}, got {got or 'none'}"
    if kind == "too_long":
        most, got = ctx.get("max_length"), ctx.get("actual_length")
        return f"must hold at most {most} {_entries(most)}, got {got}"
    if kind == "span_type":
        if isinstance(value, list):
            return "expected a whole number or a range [low, high] of two whole numbers"
        return (
            f"expected a whole number or a range [low, high], got {kind_of(value)}"
            f"{_unquote_hint(value, int)}"
        )
    if kind.startswith("span_") or kind == "control_character":
        # The models' own messages are already written for people.
        return message
    return message[:1].lower() + message[1:]


def _entries(n: object) -> str:
    return "entry" if n == 1 else "entries"
