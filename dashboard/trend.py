"""The overview's weekly trend as a small PNG drawn on the server.

A Vega chart was the slowest thing on the overview in the browser (1.5-3.5 s to draw on the
monitoring centre's kind of machine, measured by bench.dashboard); a pre-drawn image costs the
browser nothing. Thai labels use the Loma font from Debian's fonts-thai-tlwg.
"""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st
from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter

from dashboard import dates
from dashboard.i18n import text

FONT = ["Loma", "Garuda", "DejaVu Sans"]
COLOURS = {"opened": "#bd0026", "remediated": "#2b8a3e"}


@st.cache_data(max_entries=64, show_spinner=False)
def trend_png(weeks: pd.DataFrame, lang: str) -> bytes:
    """Cases opened and remediated per week, one line each, weeks labelled by their Monday."""
    figure = Figure(figsize=(9, 2.6), dpi=110)
    axes = figure.subplots()
    labels = [dates.format_day_month(pd.Timestamp(w).date(), lang) for w in weeks["week"]]
    for column, key in (("opened", "col.new"), ("remediated", "col.remediated")):
        axes.plot(labels, weeks[column], marker="o", color=COLOURS[column], label=text(key, lang))
    axes.legend(prop={"family": FONT}, frameon=False, loc="upper left")
    axes.set_ylim(bottom=0)
    axes.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    axes.spines[["top", "right"]].set_visible(False)
    for label in axes.get_xticklabels():
        label.set_fontfamily(FONT)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
