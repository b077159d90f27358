"""The report as one self-contained HTML page: inline SVG charts and CSS, no script, font,
image or link from elsewhere (a strict Content-Security-Policy says so to the browser too),
every string from the history or the library escaped, and print CSS for A4."""

from __future__ import annotations

from html import escape

from coach.report import charts
from coach.report.charts import Series
from coach.report.facts import Report
from coach.report.tables import FOOTER, Table, headline, tables

__all__ = ["CSP", "page"]

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

_STYLE = """
@page { size: A4; margin: 15mm 14mm 16mm 14mm; }
body { font-family: sans-serif; font-size: 10.5pt; color: #111; max-width: 190mm;
       margin: 1em auto; line-height: 1.35; }
h1 { font-size: 16pt; margin: 0 0 .3em; }
h2 { font-size: 12.5pt; margin: 1.2em 0 .3em; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10.5pt; margin: .8em 0 .2em; break-after: avoid; }
p.lead { margin: .1em 0; }
table { border-collapse: collapse; width: 100%; margin: .3em 0 .6em; font-size: 9.5pt; }
th, td { border: 1px solid #bbb; padding: 2px 5px; text-align: left; vertical-align: top; }
th { background: #eee; }
td:first-child { white-space: nowrap; }
tr, svg, figure { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
figure { margin: .3em 0; }
svg.chart { max-width: 100%; height: auto; }
svg .axis { font-size: 10px; fill: #333; }
svg .grid { stroke: #ddd; stroke-width: 1; }
td.green { color: #2e7d32; } td.amber { color: #8a6100; } td.red { color: #c62828; }
footer { margin-top: 1.5em; border-top: 1px solid #999; padding-top: .4em; font-size: 9pt; }
.note { white-space: pre-wrap; }
"""


def _table(table: Table) -> str:
    if not table.rows:
        return f"<p>{escape(table.intro)}</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in table.header)
    body = []
    for row in table.rows:
        cells = []
        for name, cell in zip(table.header, row, strict=True):
            kind = (f' class="{cell}"' if name == "Light" and cell in charts.COLOURS
                    else ' class="note"' if name == "Note" else "")
            cells.append(f"<td{kind}>{escape(cell)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f"<p>{escape(table.intro)}</p><table><thead><tr>{head}</tr></thead><tbody>"
            + "".join(body) + "</tbody></table>")


def _charts(report: Report) -> dict[str, str]:
    """Each section's chart(s), by table key."""
    first, last = report.first, report.last
    found = {}
    if report.weeks:
        found["adherence"] = charts.bars("Sessions planned and done per week", report.weeks)
    series = [
        Series("before", "before", [(p.day, p.before) for p in report.pains
                                    if p.before is not None]),
        Series("after", "after", [(p.day, p.after) for p in report.pains
                                  if p.after is not None]),
        Series("next morning", "morning", [(p.day, p.morning) for p in report.pains
                                           if p.morning is not None], dash="4 2"),
        Series("7-day average", "average", list(report.average), width=2.5),
    ]
    if report.baseline is not None:
        series.append(Series("baseline", "baseline",
                             [(first, report.baseline), (last, report.baseline)], dash="8 4"))
    found["pain"] = charts.line_chart("Pain before, after and next morning", first, last,
                                      series)
    found["lights"] = charts.strip("Traffic light of each session", first, last,
                                   [(s.day, s.colour) for s in report.lights])
    levels = []
    for track in report.levels:
        title = f"{track.routine}: {track.item}. {track.exercise}"
        ticks = sorted({track.low, track.high})
        chart = charts.line_chart(
            title, first, last, [Series("level", "before", track.points)],
            low=track.low, high=track.high, ticks=ticks, label="level", steps=True)
        levels.append(f"<h3>{escape(title)}</h3><figure>{chart}</figure>")
    if levels:
        found["levels"] = "".join(levels)
    return found


def page(report: Report) -> str:
    """The whole page."""
    drawn = _charts(report)
    body = [f"<h1>Exercise report: {escape(f'{report.first:%d %b %Y}')} to "
            f"{escape(f'{report.last:%d %b %Y}')}</h1>"]
    body += [f'<p class="lead">{escape(line)}</p>' for line in headline(report)]
    for table in tables(report):
        body.append(f'<section id="{table.key}"><h2>{escape(table.title)}</h2>')
        chart = drawn.get(table.key)
        if chart and table.key != "levels":
            body.append(f"<figure>{chart}</figure>")
        body.append(_table(table))
        if chart and table.key == "levels":
            body.append(chart)
        body.append("</section>")
    body.append(f"<footer><p>{escape(FOOTER)}</p><p>Made by coach on "
                f"{escape(f'{report.made:%d %b %Y %H:%M}')}.</p></footer>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Exercise report {report.first:%Y-%m-%d} to {report.last:%Y-%m-%d}</title>"
            f"<style>{_STYLE}</style></head><body>\n" + "\n".join(body)
            + "\n</body></html>\n")
