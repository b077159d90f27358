"""The report as Markdown tables, for an email: the same facts as the HTML page, without its
charts. Every cell is made safe for a table: pipes and backslashes escaped, line breaks
turned into spaces, and markup characters escaped so a note reads as written."""

from __future__ import annotations

import re

from coach.report.facts import Report
from coach.report.tables import FOOTER, Table, headline, tables

__all__ = ["cell", "document"]

# What Markdown would read as markup or HTML inside a table cell.
_MARKUP = re.compile(r"([\\`*_{}\[\]<>#|!~])")


def cell(text: str) -> str:
    """``text`` as one table cell that renders as written."""
    return _MARKUP.sub(r"\\\1", " ".join(text.split()))


def _table(table: Table) -> list[str]:
    lines = [f"## {cell(table.title)}", "", cell(table.intro), ""]
    if table.rows:
        lines.append("| " + " | ".join(cell(h) for h in table.header) + " |")
        lines.append("|" + "|".join("---" for _ in table.header) + "|")
        lines += ["| " + " | ".join(cell(c) or " " for c in row) + " |" for row in table.rows]
        lines.append("")
    return lines


def document(report: Report) -> str:
    """The whole document."""
    lines = [f"# Exercise report: {report.first:%d %b %Y} to {report.last:%d %b %Y}", ""]
    lines += [f"- {cell(line)}" for line in headline(report)]
    lines.append("")
    for table in tables(report):
        lines += _table(table)
    lines += ["---", "", cell(FOOTER), "",
              f"Made by coach on {report.made:%d %b %Y %H:%M}.", ""]
    return "\n".join(lines)
