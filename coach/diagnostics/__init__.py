"""Saying what is wrong in a file a person edits, and where: ``FILE:LINE: key.path: message``.

:mod:`coach.diagnostics.problem` holds :class:`Problem` and the shared wording;
:mod:`coach.diagnostics.toml_locator` finds the line of a key path in TOML text.
"""

from coach.diagnostics.problem import Problem, describe_error, did_you_mean

__all__ = ["Problem", "describe_error", "did_you_mean"]
