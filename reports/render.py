"""Write a WeeklyReport as PDF (WeasyPrint: HTML + CSS, TLWG Thai font embedded) and as XLSX."""

from __future__ import annotations

import base64
import logging
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font

from core.templates import environment
from core.thaidate import thai_date
from reports.chart import trend_svg
from reports.model import WeeklyReport
from reports.tables import Table, report_tables


def report_html(report: WeeklyReport) -> str:
    """The report as one self-contained HTML page (CSS inline, chart as an SVG data URI)."""
    env = environment("reports")
    css = env.loader.get_source(env, "weekly.css")[0]  # type: ignore[union-attr]
    svg = trend_svg(report.trend)
    return env.get_template("weekly.html.j2").render(
        css=css,
        week=str(report.week),
        week_range=report.week.thai_range(),
        generated=thai_date(report.generated),
        tables=report_tables(report),
        chart_uri="data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
    )


SARA_AM = "\u0e33"
NIKHAHIT_SARA_AA = "\u0e4d\u0e32"


def write_pdf(report: WeeklyReport, path: Path) -> Path:
    """Render through WeasyPrint; Pango shapes the Thai text and the font subset is embedded.

    SARA AM (ำ) is written as its two parts (ํ + า), which print identically: the TLWG fonts draw it
    as those two glyphs anyway, and WeasyPrint's one-glyph-one-text ToUnicode map would otherwise
    make every later า extract as ำ. Copied text then reads ํา, which Thai normalisers
    (pythainlp.util.normalize) fold back to ำ.
    """
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one INFO line per layout step
    from weasyprint import HTML  # heavy import, only when a PDF is wanted

    HTML(string=report_html(report).replace(SARA_AM, NIKHAHIT_SARA_AA)).write_pdf(path)
    return path


def _sheet(wb: Workbook, table: Table) -> None:
    ws = wb.create_sheet(table.key)
    ws.append([table.title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(list(table.headers))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in table.rows:
        ws.append(list(row))
    ws.column_dimensions["A"].width = 38
    ws.freeze_panes = "B3"


def _trend_chart(wb: Workbook, table: Table) -> None:
    ws = wb[table.key]
    chart = BarChart()
    chart.title = table.title
    last = 2 + len(table.rows)
    chart.add_data(
        Reference(ws, min_col=2, max_col=len(table.headers), min_row=2, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=3, max_row=last))
    ws.add_chart(chart, "F3")


def write_xlsx(report: WeeklyReport, path: Path) -> Path:
    """One sheet per table (same tables as the PDF) plus a native bar chart of the trend."""
    wb = Workbook()
    wb.remove(wb.active)
    for table in report_tables(report):
        _sheet(wb, table)
        if table.key == "trend":
            _trend_chart(wb, table)
    wb.properties.title = f"x4watch weekly report {report.week}"
    wb.save(path)
    return path
