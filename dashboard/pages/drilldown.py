"""Drill-down: province → LAO → document → finding, with filters and a search by LAO name or code."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard import cache, ui
from dashboard.columns import DOCUMENTS, FINDINGS, KINDS, LAOS, STATES
from dashboard.i18n import code, t
from seeds.model import LaoType


def finding_filters() -> cache.FindingFilters:
    """The drill-down's own filters, on top of the sidebar's province and period."""
    left, middle, right, far = st.columns(4)
    states = left.multiselect(t("drill.state"), STATES, format_func=lambda s: code("state", s), key="f_state")
    kinds = middle.multiselect(t("drill.kind"), KINDS, format_func=lambda k: code("kind", k), key="f_kind")
    types = right.multiselect(t("drill.lao_type"), [x.value for x in LaoType], key="f_type")
    confidence = far.slider(t("drill.min_confidence"), 0.0, 1.0, 0.0, 0.05, key="f_conf")
    return cache.FindingFilters(ui.filters(), tuple(states), tuple(kinds), tuple(types), confidence)


def pick(label: str, frame: pd.DataFrame, column: str, describe: cache.Describe, key: str) -> Any:
    """A selectbox over one column of ``frame`` (a code, URL or case id); None until one is picked."""
    options = list(frame[column])
    labels = dict(zip(options, describe(frame), strict=True))
    return st.selectbox(
        label, options, index=None, format_func=labels.__getitem__, key=key, placeholder=t("drill.choose")
    )


ui.current_user()
st.header(t("nav.drilldown"))
chosen = finding_filters()
query = st.text_input(t("drill.search"), key="lao_search").strip()
if not query and not chosen.base.province_code:
    st.info(t("drill.pick_province"))
    st.stop()

laos = cache.laos(chosen, query)
st.subheader(t("drill.laos", province=query or ui.province_name(chosen.base.province_code)))
ui.table(laos, LAOS, key="lao-table")
ui.export_buttons(laos, LAOS, "laos")
lao = pick(t("drill.pick_lao"), laos, "lao_code", cache.describe_laos, "pick_lao") if not laos.empty else None
if lao is None:
    st.stop()

documents = cache.documents(lao)
st.subheader(t("drill.documents", lao=dict(zip(laos["lao_code"], laos["lao"], strict=True))[lao]))
ui.table(documents, DOCUMENTS, key="document-table")
ui.export_buttons(documents, DOCUMENTS, "documents")
url = (
    pick(t("drill.pick_document"), documents, "url", cache.describe_documents, "pick_doc")
    if not documents.empty
    else None
)
if url is None:
    st.stop()

findings = cache.findings(chosen, url)
st.subheader(t("drill.findings"))
ui.table(findings, FINDINGS, key="finding-table")
ui.export_buttons(findings, FINDINGS, "findings")
case_id = (
    pick(t("drill.pick_finding"), findings, "case_id", cache.describe_findings, "pick_case")
    if not findings.empty
    else None
)
if case_id is not None and st.button(t("drill.open_evidence"), type="primary", key="open_evidence"):
    st.switch_page(ui.PAGES / "evidence.py", query_params={"case": str(case_id)})
