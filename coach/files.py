"""Reading and writing the files a person names, safely: the one place coach opens them.

Reading (:func:`read_regular`) takes regular files only, and only up to
:data:`coach.limits.MAX_FILE_BYTES`: a FIFO, a device (``/dev/zero``, a terminal as
``/dev/stdin``), a socket or a directory is refused without a byte read, and opening never
waits on a FIFO with no writer.

Writing (:func:`write_file`) is atomic: a temporary file beside the target, flushed and
fsynced, optionally checked, then renamed over the target (or, when it must not replace
anything, linked into place, which fails if the name is taken), and the directory fsynced.
A crash at any moment leaves either the old file or the new one. It never replaces a
symlink, a device, a FIFO or a directory, and every problem names the person's path, never
the temporary file.

Both raise :class:`FileProblem`, whose text is ``PATH: reason``; a missing file to read
raises ``FileNotFoundError`` as usual, since for many files that is not a problem.

Also here: :func:`drop_none`, for data on its way into a TOML file (TOML has no null).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

from coach.limits import MAX_FILE_BYTES, megabytes

__all__ = ["FileProblem", "TargetExists", "drop_none", "read_known", "read_regular", "write_file"]


class FileProblem(Exception):
    """A file coach cannot read or write, said for a person: ``PATH: reason``."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class TargetExists(FileProblem):
    """A file is already at the path, and it was not to be replaced."""


_KINDS = (
    (stat.S_ISDIR, "is a directory"),
    (stat.S_ISFIFO, "is a FIFO (named pipe)"),
    (stat.S_ISCHR, "is a character device"),
    (stat.S_ISBLK, "is a block device"),
    (stat.S_ISSOCK, "is a socket"),
    (stat.S_ISLNK, "is a symbolic link"),
)


def _not_regular(mode: int) -> str | None:
    """Why a file of this mode is not read or replaced, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, words in _KINDS:
        if test(mode):
            return f"{words}, not a regular file"
    return "is not a regular file"


def reason_of(exc: OSError) -> str:
    """The OS's reason, in the same words wherever it is said."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ENXIO:  # opening a socket
        return "is a socket, not a regular file"
    return (exc.strerror or str(exc)).lower() if exc.strerror else str(exc)


# --- reading ---------------------------------------------------------------------------------


def read_regular(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed). Raises
    ``FileNotFoundError`` when there is none, else :class:`FileProblem` for anything that
    is not a regular file of at most ``limit`` bytes, or cannot be read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise FileProblem(path, reason_of(exc)) from None
    try:
        info = os.fstat(fd)
        why = _not_regular(info.st_mode)
        if why is not None:
            raise FileProblem(path, why)
        if info.st_size > limit:
            raise FileProblem(path, _too_big(info.st_size, limit))
        chunks: list[bytes] = []
        got = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
            if got > limit:  # it grew while being read
                raise FileProblem(path, _too_big(got, limit))
        return b"".join(chunks)
    except OSError as exc:
        raise FileProblem(path, reason_of(exc)) from None
    finally:
        os.close(fd)


def read_known(path: Path, contents: Mapping[Path, bytes | None] | None = None) -> bytes:
    """The bytes of ``path``, taken from ``contents`` when it holds them (None there: the file
    was missing, so ``FileNotFoundError``), else read by :func:`read_regular`: so what is
    checked is exactly what a caller already read and hashed."""
    if contents is not None and path in contents:
        known = contents[path]
        if known is None:
            raise FileNotFoundError(path)
        return known
    return read_regular(path)


def _too_big(size: int, limit: int) -> str:
    return f"is larger than {megabytes(limit)} ({size:,} bytes); coach reads files up to " \
           f"{megabytes(limit)}"


# --- writing ---------------------------------------------------------------------------------

Writer = Callable[[IO[Any]], None]


def _fsync_dir(directory: Path) -> None:
    """Make a rename durable; not every platform can open a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_file(
    path: str | os.PathLike[str],
    content: str | bytes | Writer,
    *,
    replace: bool = True,
    make_parents: bool = False,
    mode: int | None = None,
    check: Callable[[Path], None] | None = None,
    binary: bool = False,
) -> Path:
    """Write ``content`` (text, bytes, or a function writing to the open file; text is
    UTF-8 with ``\\n`` line ends unless ``binary``) to ``path`` atomically.

    ``replace=False`` refuses a path that exists (:class:`TargetExists`); with True only a
    regular file is replaced, keeping its permissions. ``make_parents`` creates missing
    directories; otherwise a missing directory is a problem. ``mode`` sets the new file's
    permissions (default: 0666 less the umask). ``check`` is called with the temporary
    file once it is complete and may raise to stop the write. Returns ``path``."""
    import tempfile  # only when writing: it costs the read-only commands a few ms to import

    path = Path(path)
    target = path.parent
    old_mode = _existing_mode(path, replace)
    if make_parents:
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FileProblem(target, reason_of(exc)) from None
    elif not target.is_dir():
        raise FileProblem(path, f"the directory {target} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise FileProblem(path, reason_of(exc)) from None
    tmp = Path(tmp_name)
    try:
        try:
            os.fchmod(fd, old_mode if old_mode is not None else
                      (mode if mode is not None else 0o666 & ~_umask()))
            out: IO[Any]
            if callable(content):
                with (os.fdopen(fd, "wb") if binary else
                      os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as out:
                    content(out)
                    out.flush()
                    os.fsync(out.fileno())
            else:
                # Text as UTF-8 with its line ends as written.
                data = content.encode("utf-8") if isinstance(content, str) else content
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                    out.flush()
                    os.fsync(out.fileno())
        except OSError as exc:
            raise FileProblem(path, reason_of(exc)) from None
        if check is not None:
            check(tmp)
        try:
            if replace:
                os.replace(tmp, path)
            else:
                _link_exclusive(tmp, path)
        except FileExistsError:
            raise TargetExists(path, "already exists") from None
        except OSError as exc:
            raise FileProblem(path, reason_of(exc)) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    _fsync_dir(target)
    return path


def _existing_mode(path: Path, replace: bool) -> int | None:
    """The permissions of the file to be replaced (None: there is none), refusing what is
    not a regular file, or any file when nothing may be replaced."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FileProblem(path, reason_of(exc)) from None
    if not replace:
        raise TargetExists(path, "already exists")
    why = _not_regular(info.st_mode)
    if why is not None:
        raise FileProblem(path, f"{why}; coach only replaces regular files")
    return stat.S_IMODE(info.st_mode)


def _link_exclusive(tmp: Path, path: Path) -> None:
    """Put ``tmp`` at ``path`` only if nothing is there (not even a dangling symlink)."""
    try:
        os.link(tmp, path, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.ENOSYS):
            raise
        # A file system without hard links: create the name exclusively and copy.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags, stat.S_IMODE(os.stat(tmp).st_mode))
        with os.fdopen(fd, "wb") as out, open(tmp, "rb") as src:
            while chunk := src.read(1 << 20):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())


def drop_none(value: Any) -> Any:
    """``value`` with every None left out, in dicts and lists at any depth: TOML has no null,
    so what is unset is not written."""
    if isinstance(value, dict):
        return {k: drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_none(v) for v in value if v is not None]
    return value
