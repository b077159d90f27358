"""Damaged history databases for tests: a file whose data is ruined but whose schema is
intact, and the copies coach moves aside when it finds one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

PAGE = 4096  # SQLite's page size, as coach's histories have it


def ruin_after_first_page(db: Path) -> bytes:
    """Overwrite every page of ``db`` but the schema's (page 1 and, as the schema grows,
    the pages it spills into): it still opens, and the first read of a session fails with
    'database disk image is malformed'. Returns the damaged bytes."""
    with sqlite3.connect(db) as c:
        schema = {page for (page,) in c.execute(
            "SELECT pageno FROM dbstat WHERE name = 'sqlite_schema'")}
        (pages,) = c.execute("PRAGMA page_count").fetchone()
    c.close()
    with open(db, "r+b") as f:
        for page in range(1, pages + 1):
            if page not in schema:
                f.seek((page - 1) * PAGE)
                f.write(b"\xa5" * PAGE)
    return db.read_bytes()


def asides(db: Path) -> list[Path]:
    """The moved-aside history files beside ``db`` (without their -wal and -shm)."""
    return sorted(p for p in db.parent.glob(f"{db.name}.corrupt-*")
                  if not p.name.endswith(("-wal", "-shm")))
