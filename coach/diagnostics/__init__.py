"""Saying what is wrong in a file a person edits, and where: ``FILE:LINE: key.path: message``.

:mod:`~coach.diagnostics.problem` holds :class:`Problem` and :func:`did_you_mean`;
:mod:`~coach.diagnostics.validation` words pydantic's errors (:func:`describe_error`), once for
every file; :mod:`~coach.diagnostics.toml_text` reads a TOML file's bytes into data or one
located problem (binary, encoding, nesting, syntax); :mod:`~coach.diagnostics.toml_locator`
finds the line of a key path in TOML text. Only the first two load with this package: the
TOML modules load when a file is read.
"""

from coach.diagnostics.problem import Problem, did_you_mean
from coach.diagnostics.validation import describe_error

__all__ = ["Problem", "describe_error", "did_you_mean"]
