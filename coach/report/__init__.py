"""The report for a physiotherapist (``coach report FILE``): the facts of a period gathered
from the history with bounded queries, and written as one self-contained HTML page or as
Markdown tables. Never imports Textual.

- :mod:`~coach.report.facts`: what the report says, gathered once (:func:`gather`);
- :mod:`~coach.report.charts`: the inline SVG charts, drawn from those facts;
- :mod:`~coach.report.html`: the page (escaped, no script, print CSS for A4);
- :mod:`~coach.report.markdown`: the same facts as Markdown tables, for an email.
"""

from __future__ import annotations

from coach.report.facts import NothingToReport, Report, gather

__all__ = ["NothingToReport", "Report", "gather"]
