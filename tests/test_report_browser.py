"""The report's HTML page in a real headless Chromium: printed to PDF (A4) and a page of it
to PNG, without errors. Skipped, with the reason, only where no Chromium is installed."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from history_helpers.levels import ranged_library
from history_helpers.report import LAST, fill
from history_helpers.sessions import at

from coach.config import Settings
from coach.history import HistoryStore
from coach.report.writing import write_report

CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no headless Chromium installed "
                                                         "(.ci/run installs Debian's)")


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True, text=True, timeout=120)


@pytest.fixture
def page_file(tmp_path) -> Path:
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        fill(store)
        out = tmp_path / "report.html"
        write_report(store, ranged_library(), Settings(), out, now=at(LAST, 20))
    return out


def test_chromium_prints_the_report_to_pdf(tmp_path, page_file):
    pdf = tmp_path / "report.pdf"
    done = chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                    page_file.as_uri())
    assert done.returncode == 0, done.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox\s*\[0 0 ([0-9.]+) ([0-9.]+)\]", data)
    assert len(boxes) >= 2, boxes  # charts and tables of three weeks take more than one A4
    # A4 is 595 x 842 points: the page size the print CSS asks for, on every page.
    assert {(round(float(w)), round(float(h))) for w, h in boxes} == {(595, 842)}


def test_chromium_draws_a_page_of_it_to_png(tmp_path, page_file):
    png = tmp_path / "report.png"
    done = chromium(tmp_path, f"--screenshot={png}", "--window-size=800,1100",
                    "--hide-scrollbars", page_file.as_uri())
    assert done.returncode == 0, done.stderr
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (800, 1100)
    assert len(data) > 20_000  # a page of text and charts, not a blank one
