"""Damaged history databases for tests: a file ruined past its first page, and the copies
coach moves aside when it finds one."""

from __future__ import annotations

from pathlib import Path

PAGE = 4096  # SQLite's page size, as coach's histories have it


def ruin_after_first_page(db: Path) -> bytes:
    """Overwrite every page of ``db`` after the first: it still opens (the header and the
    schema are on page 1), and the first read of a session fails with 'database disk image
    is malformed'. Returns the damaged bytes."""
    size = db.stat().st_size
    with open(db, "r+b") as f:
        f.seek(PAGE)
        f.write(b"\xa5" * (size - PAGE))
    return db.read_bytes()


def asides(db: Path) -> list[Path]:
    """The moved-aside history files beside ``db`` (without their -wal and -shm)."""
    return sorted(p for p in db.parent.glob(f"{db.name}.corrupt-*")
                  if not p.name.endswith(("-wal", "-shm")))
