"""The value types the entries of the history exchange document are built of: times with a
UTC offset, one-line and many-line text free of control characters, pain scores, and the
strict model every entry is (see :mod:`coach.history.document`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from coach.safetext import control_problem

__all__ = ["CLOCK", "ISO_DAY", "ISO_TIME", "AwareTime", "Day", "Line", "Lines", "Pain",
           "Strict"]


def _real_time(text: str) -> str:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a real time") from None
    return text


def _real_day(text: str) -> str:
    try:
        date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a real day") from None
    return text


def _line(text: str) -> str:
    problem = control_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def _lines(text: str) -> str:
    problem = control_problem(text, multiline=True)
    if problem:
        raise ValueError(problem)
    return text


# Times stay the text they were written as. The pattern, checked inside pydantic-core, asks
# for an offset; only what passes it reaches the (cheap) calendar check in Python.
CLOCK = r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,6})?)?"
ISO_TIME = rf"^{CLOCK}(Z|[+-]\d\d:\d\d)$"
ISO_DAY = r"^\d{4}-\d\d-\d\d$"
AwareTime = Annotated[str, Field(pattern=ISO_TIME), AfterValidator(_real_time)]
Day = Annotated[str, Field(pattern=ISO_DAY), AfterValidator(_real_day)]
Line = Annotated[str, AfterValidator(_line)]
Lines = Annotated[str, AfterValidator(_lines)]
Pain = Annotated[int, Field(ge=0, le=10)]


class Strict(BaseModel):
    """An entry of the document: types as written (no "3" for 3), no key it does not know."""

    # Built on first use: the TUI imports this module at start-up but validates only later.
    model_config = ConfigDict(strict=True, extra="forbid", defer_build=True)
