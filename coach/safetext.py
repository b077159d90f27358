"""Text from outside coach (a file, the history database, the keyboard) kept as text.

Such text may hold control characters: ESC starts the sequences that move the cursor, set
the terminal's title or write to the clipboard (OSC 52), BEL rings, NUL and BS garble what
follows. None of them may reach the terminal. Two tools, used everywhere text comes in or
goes out:

- :func:`control_problem` says why a text is refused where it is read (the library,
  ``config.toml``, an imported history), in one wording for every file;
- :func:`visible` turns whatever is already stored into harmless look-alikes when it is shown
  (C0 controls and DEL as the Unicode control pictures, such as ``␛`` for ESC; C1 controls
  as ``�``);
- :func:`json_text` writes JSON that keeps every string exact and still holds no raw control
  character (``json`` escapes C0 itself, but leaves DEL, C1 and lone surrogates raw).

Tab and newline are allowed only in texts that may run over several lines (descriptions,
instructions, notes); a name or an id is one line.
"""

from __future__ import annotations

import json
import re
from typing import Any

# C0 controls, DEL and the C1 controls (CSI U+009B among them).
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# The same, but for tab and newline.
_CONTROL_BUT_LAYOUT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ ... ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1: no pictures exist


def _pattern(multiline: bool) -> re.Pattern[str]:
    return _CONTROL_BUT_LAYOUT if multiline else _ANY_CONTROL


def control_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why ``text`` cannot be used, or None: ``control character U+001B is not allowed``."""
    found = _pattern(multiline).search(text)
    if found is None:
        return None
    return f"control character U+{ord(found.group()):04X} is not allowed"


def visible(text: str, *, multiline: bool = False) -> str:
    """``text`` with every control character replaced by a look-alike that is only text;
    tab and newline kept when ``multiline``."""
    pattern = _pattern(multiline)
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda m: _picture(m.group()), text)


# What json.dumps(ensure_ascii=False) leaves raw that a terminal or a strict reader minds.
_JSON_RAW = re.compile(r"[\x7f-\x9f\ud800-\udfff]")


def json_text(value: Any, *, indent: int | None = None, ascii: bool = False) -> str:
    """``value`` as JSON with no raw control character: non-ASCII kept readable unless
    ``ascii`` (for a stream that cannot take it), and no NaN or infinities."""
    text = json.dumps(value, ensure_ascii=ascii, indent=indent, allow_nan=False)
    if ascii or _JSON_RAW.search(text) is None:
        return text
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
