"""Overview: the headline counts, the province map, the province table and the weekly trend."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cache, geo, ui
from dashboard.columns import PROVINCES
from dashboard.i18n import current_language, t
from dashboard.trend import trend_png


def _pick_province() -> None:
    """Map click: make the clicked province the sidebar filter (runs before the rerun draws it)."""
    objects = st.session_state["map"].selection.get("objects", {}).get("provinces", [])
    if objects:
        st.session_state["province"] = objects[0].get("properties", {}).get("province_code", "")


def headline(numbers: cache.Headline) -> None:
    cells = st.columns(6)
    cells[0].metric(t("metric.open"), f"{numbers.open:,}")
    cells[1].metric(t("metric.laos"), f"{numbers.laos_affected:,}")
    cells[2].metric(t("metric.new_week"), f"{numbers.new_this_week:,}")
    cells[3].metric(t("metric.overdue"), f"{numbers.overdue:,}")
    cells[4].metric(t("metric.remediated"), f"{numbers.remediated:,}")
    cells[5].metric(t("metric.rate"), f"{numbers.leak_rate:.1%}")


def province_map(by_province: pd.DataFrame) -> None:
    name = "ADM1_TH" if current_language() == "th" else "ADM1_EN"
    open_cases = dict(zip(by_province["province_code"], by_province["open_cases"].astype(int), strict=True))
    st.pydeck_chart(
        geo.deck(open_cases, f"<b>{{{name}}}</b>: {{open}}"),
        key="map",
        on_select=_pick_province,
        selection_mode="single-object",
        height=660,
    )


ui.current_user()
filters = ui.filters()
st.header(f"{t('nav.overview')}: {ui.province_name(filters.province_code)}")
page = cache.overview_page(filters)
headline(page.headline)
by_province = page.provinces
st.subheader(t("overview.map"))
province_map(by_province)

st.subheader(t("overview.table"))
shown = by_province[by_province["findings"].fillna(0) > 0].sort_values("open_cases", ascending=False)
ui.table(shown, PROVINCES, key="province-table")
ui.export_buttons(shown, PROVINCES, "provinces")

st.subheader(t("overview.trend"))
if page.weeks.empty:
    st.info(t("empty"))
else:
    st.image(trend_png(page.weeks, current_language()), width="stretch")
