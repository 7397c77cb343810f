"""Evidence for one finding: where it is, the masked snippet, why we believe it, and its history.

The case comes from the URL (``?case=ID``) so a reload or a shared link shows the same evidence.
Crawled text (URL, snippet) is shown escaped; the value itself only ever appears masked.
"""

from __future__ import annotations

import streamlit as st

from dashboard import cache, casework, ui
from dashboard.columns import FINDINGS, HISTORY
from dashboard.i18n import code, t


def chosen_case() -> int | None:
    raw = st.query_params.get("case", "")
    return int(raw) if raw.isdigit() else None


user = ui.current_user()
st.header(t("nav.evidence"))
case_id = chosen_case()
detail = cache.evidence(case_id) if case_id is not None else None
if detail is None:
    st.info(t("evidence.none"))
    st.stop()

st.subheader(f"#{detail.case_id} · {code('kind', detail.kind)} · {code('state', detail.state)}")
st.text(f"{t('col.masked')}: {detail.masked}")
st.text(f"{t('col.lao')}: {detail.lao} ({detail.lao_code})")
st.text(f"{t('col.page')}: {detail.page if detail.page is not None else '-'}")
ui.document_link(detail.url)
st.text(f"{t('evidence.found_by')}: {code('found_by', detail.found_by)}")
if detail.linked_from:
    st.caption(t("evidence.linked_from"))
    ui.document_link(detail.linked_from)
st.code(detail.snippet, language=None, wrap_lines=True)
st.metric(t("col.confidence"), f"{detail.confidence:.0%}")
st.markdown(f"**{t('evidence.reasons')}**")
for reason in detail.reasons:
    st.text(f"• {code('reason', reason)}")

casework.action_form(user, [detail.case_id], key="evidence-action")

st.subheader(t("evidence.history"))
ui.table(cache.history(detail.case_id), HISTORY, key="history")
st.subheader(t("evidence.others"))
others = cache.findings_in_document(detail.url)
ui.table(others[others["case_id"] != detail.case_id], FINDINGS, key="others")
