"""The week-against-previous-weeks chart as SVG, drawn by matplotlib with a Thai font.

Text is drawn as glyph outlines (``svg.fonttype: path``) from the TLWG font: WeasyPrint's SVG text
does not shape Thai (stacked marks come out as boxes), while outlines print the same everywhere.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure

from reports.model import MEASURE_LABELS

THAI_FONT = Path("/usr/share/fonts/truetype/tlwg/Loma.ttf")
"""Debian fonts-thai-tlwg; the PDF's @font-face points at the same file."""

FLOWS = ("found", "notified", "remediated")
"""What the chart compares week by week (stocks like 'open' would read as flows here)."""


def _register_font() -> str:
    if THAI_FONT.exists():
        font_manager.fontManager.addfont(str(THAI_FONT))
        return font_manager.FontProperties(fname=str(THAI_FONT)).get_name()
    return "DejaVu Sans"


def trend_svg(trend: pd.DataFrame) -> str:
    """Grouped bars of found / notified / remediated per week, oldest week on the left."""
    family = _register_font()
    with matplotlib.rc_context(
        {"font.family": family, "svg.fonttype": "path", "svg.hashsalt": "x4", "axes.unicode_minus": False}
    ):
        fig = Figure(figsize=(7.5, 2.8))
        ax = fig.add_subplot()
        labels = [str(w)[-3:] for w in trend["week"]]
        width = 0.8 / len(FLOWS)
        for i, measure in enumerate(FLOWS):
            xs = [x + (i - 1) * width for x in range(len(labels))]
            ax.bar(xs, trend[measure].tolist(), width, label=MEASURE_LABELS[measure])
        ax.set_xticks(range(len(labels)), labels)
        ax.set_ylabel("รายการ")
        ax.set_ylim(bottom=0)
        ax.legend(loc="upper left", fontsize=8, frameon=False)
        ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()
