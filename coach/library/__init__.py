"""The exercise library: read and check TOML library files, merge a person's own library
over the shipped one, and say exactly where every problem is (``FILE:LINE: key.path:
message``).

- :mod:`~coach.library.sources`: reading one file (regular files, encodings, binary data,
  nesting, TOML syntax) and placing its problems on their lines;
- :mod:`~coach.library.schema`: each table against :mod:`coach.models`, and the checks
  inside one exercise (variants, length, sides);
- :mod:`~coach.library.merge`: laying files over each other, cross-file references and
  the length bound of every routine;
- :mod:`~coach.library.load`: the entry points below;
- :mod:`~coach.library.loaded`: :class:`Library` and :class:`LibraryError`.
"""

from coach.diagnostics import Problem
from coach.library.load import load_file, load_library, validate_paths
from coach.library.loaded import Library, LibraryError

__all__ = [
    "Library",
    "LibraryError",
    "Problem",
    "load_file",
    "load_library",
    "validate_paths",
]
