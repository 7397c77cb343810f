"""LAOs without a website, by province: what discovery probed and why each host was refused, the
contacts found on their sites; analysts confirm or enter a site (recorded with who and when, as
``url_source=manual``), import a province's own list, and confirm candidate contacts. Then the
sites that need a security upgrade (old TLS, bad certificate) or are compromised (gambling spam),
with the evidence."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, ui
from dashboard.columns import CANDIDATES, COVERAGE, POSTURE, PROBES, WITHOUT_SITE
from dashboard.i18n import t

user = ui.current_user()
st.header(t("nav.sites"))
missing = cache.laos_without_site(ui.filters().province_code)
st.subheader(t("sites.missing", n=len(missing)))
ui.table(missing, WITHOUT_SITE, key="without-site")

if not missing.empty:
    names = dict(zip(missing["lao_code"], missing["lao"], strict=True))
    chosen = st.selectbox(t("sites.choose"), list(names), format_func=lambda c: f"{names[c]} ({c})", key="s_lao")
    probes = cache.probes(chosen)
    st.subheader(t("sites.probes"))
    ui.table(probes, PROBES, key="probes")
    accepted = probes[probes["outcome"] == "accepted"]["host"].tolist()
    if user.can_edit:
        with st.form("site-form"):
            website = st.text_input(t("sites.website"), value=f"http://{accepted[0]}/" if accepted else "")
            if st.form_submit_button(t("sites.save")):
                action = "confirmed" if accepted and accepted[0] in website else "entered"
                outcome = cache.save_site(chosen, website, action, user.name)
                if outcome.error:
                    st.error(outcome.error)
                else:
                    st.success(t("sites.saved", url=website, who=user.name))

candidates = cache.contact_candidates(ui.filters().province_code)
st.subheader(t("sites.contacts"))
ui.table(candidates, CANDIDATES, key="candidates")
if user.can_edit:
    for lao, kind, value in zip(candidates["lao_code"], candidates["kind"], candidates["value"], strict=True):
        left, right, label = st.columns([1, 1, 6])
        label.write(f"{lao} · {value}")
        for column, status, text in ((left, "confirmed", "sites.confirm"), (right, "rejected", "sites.reject")):
            if column.button(t(text), key=f"{status}-{lao}-{kind}-{value}"):
                cache.decide_contact(lao, kind, value, status, user.name)
                st.success(t("sites.decided", value=value))

if user.can_edit:
    upload = st.file_uploader(t("sites.import"), type=["csv"], key="s_import")
    if upload is not None and st.button(t("sites.import"), key="s_import_go"):
        count, problems = cache.import_sites(
            upload.getvalue().decode("utf-8-sig", "replace"), cache.known_codes(), user.name
        )
        st.success(t("sites.imported", n=count))
        for problem in problems:
            st.warning(problem)
else:
    st.info(t("sites.read_only"))

posture = cache.site_posture(ui.filters().province_code)
st.subheader(t("sites.posture"))
upgrade, compromised = st.columns(2)
upgrade.metric(t("sites.upgrade"), f"{int((posture['tls_issues'].map(len) > 0).sum()):,}")
compromised.metric(t("sites.compromised"), f"{int((posture['spam_pages'] > 0).sum()):,}")
ui.table(posture, POSTURE, key="posture")

st.subheader(t("sites.coverage"))
ui.table(cache.coverage(), COVERAGE, key="coverage")
