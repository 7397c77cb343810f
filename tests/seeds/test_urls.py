"""Every URL-cleaning rule, one table row each (raw value, website, source, reason)."""

from __future__ import annotations

import pytest

from seeds.model import UrlSource
from seeds.urls import TEXT_RULES, clean_url, host_key, meaningful_path, shared_hosts

REGISTRY, REPAIRED, NONE = UrlSource.REGISTRY, UrlSource.REPAIRED, UrlSource.NONE

CASES = [
    # usable as published: only cosmetic changes, so the source stays "registry"
    ("www.krabipao.go.th", "http://www.krabipao.go.th/", REGISTRY, ""),
    ("https://www.krabipao.go.th", "https://www.krabipao.go.th/", REGISTRY, ""),
    ("  www.tungkula.go.th", "http://www.tungkula.go.th/", REGISTRY, ""),
    ("WWW.BAANKOK.GO.TH", "http://www.baankok.go.th/", REGISTRY, ""),
    ("www.yaicha.go.th.", "http://www.yaicha.go.th/", REGISTRY, ""),
    ("http://www.bophloi.go.th/index.php", "http://www.bophloi.go.th/", REGISTRY, ""),
    ("http://hindad.go.th/public/", "http://hindad.go.th/", REGISTRY, ""),
    ("http://huai-yang.go.th/?page_id=166", "http://huai-yang.go.th/", REGISTRY, ""),
    ("http://namkom.go.th/namkham/", "http://namkom.go.th/namkham/", REGISTRY, ""),
    ("https://www.govesite.com/koksung/index.php?p=1", "https://www.govesite.com/koksung/", REGISTRY, ""),
    ("www.nongkhaimunicipality.co.th", "http://www.nongkhaimunicipality.co.th/", REGISTRY, ""),
    # repairs: each named in url_reason
    ('"\thttp://govesite.com/kokchang/index.php"', "http://govesite.com/kokchang/", REPAIRED, "quotes"),
    ("พพพ.thungtae.go.th", "http://www.thungtae.go.th/", REPAIRED, "thai_keyboard_www"),
    ("้https://chanyai.go.th", "https://chanyai.go.th/", REPAIRED, "thai_marks"),
    ("www.sumpatีuan.go.th", "http://www.sumpatuan.go.th/", REPAIRED, "thai_marks"),
    (
        "http://www.dontanin.go.th  องค์การบริหารส่วนตำบลดอนตะหนิน",
        "http://www.dontanin.go.th/",
        REPAIRED,
        "trailing_text",
    ),
    (".http://www.pangew.go.th/", "http://www.pangew.go.th/", REPAIRED, "leading_junk"),
    ("hattp://www.bannasm.go.th", "http://www.bannasm.go.th/", REPAIRED, "scheme_typo"),
    ("htt://hin-ngom.go.th", "http://hin-ngom.go.th/", REPAIRED, "scheme_typo"),
    ("http//www.nachumsang.go.th", "http://www.nachumsang.go.th/", REPAIRED, "scheme_typo"),
    ("http: //www.huaibosuen.go.th", "http://www.huaibosuen.go.th/", REPAIRED, "scheme_typo"),
    ("http s://www.huayyung.go.th", "https://www.huayyung.go.th/", REPAIRED, "scheme_typo"),
    ("www.https://www.bandan-st.go.th/", "https://www.bandan-st.go.th/", REPAIRED, "scheme_typo"),
    (" www ...http://wangnamyen.go.th", "http://wangnamyen.go.th/", REPAIRED, "scheme_typo"),
    ("Www. Chiengraknoy.go.th", "http://www.chiengraknoy.go.th/", REPAIRED, "www_typo"),
    ("www'sunthornphu.go.th", "http://www.sunthornphu.go.th/", REPAIRED, "www_typo"),
    ("www//banchan.go.th", "http://www.banchan.go.th/", REPAIRED, "www_typo"),
    ("w.w.w roietmunicipal.go.th", "http://www.roietmunicipal.go.th/", REPAIRED, "www_typo"),
    ("w.w.w.mahasawat.go.th", "http://www.mahasawat.go.th/", REPAIRED, "www_typo"),
    ("takaok@go.th", "http://takaok.go.th/", REPAIRED, "at_for_dot"),
    ("www.srisongrak>go.th", "http://www.srisongrak.go.th/", REPAIRED, "gt_for_dot"),
    ("www.Khlongphon go.th", "http://www.khlongphon.go.th/", REPAIRED, "space_before_sld"),
    ("www.soi fah.go.th", "http://www.soifah.go.th/", REPAIRED, "space_in_host"),
    ("www.inplaeng .go.th", "http://www.inplaeng.go.th/", REPAIRED, "space_in_host"),
    ("WWW..Aolueknuea.go.th", "http://www.aolueknuea.go.th/", REPAIRED, "doubled_dots"),
    ("www.dontanphasuk.go..th", "http://www.dontanphasuk.go.th/", REPAIRED, "doubled_dots"),
    ("www.nongnamsaicity.g0.th", "http://www.nongnamsaicity.go.th/", REPAIRED, "sld_typo"),
    ("www.nongjok.gol.th", "http://www.nongjok.go.th/", REPAIRED, "sld_typo"),
    ("nonsawan101.gc.th", "http://nonsawan101.go.th/", REPAIRED, "sld_typo"),
    ("www.nongmuang.to.th", "http://www.nongmuang.go.th/", REPAIRED, "sld_typo"),
    ("www.duanvai.go.gh", "http://www.duanvai.go.th/", REPAIRED, "sld_typo"),
    ("soiphrao.go.th.com", "http://soiphrao.go.th/", REPAIRED, "sld_typo"),
    ("WWW.PTN-BANKLANG.GOTH", "http://www.ptn-banklang.go.th/", REPAIRED, "sld_typo"),
    ("www.bangjakgo.th", "http://www.bangjak.go.th/", REPAIRED, "missing_dot_before_go"),
    ('"www.buakho.go', "http://www.buakho.go.th/", REPAIRED, "quotes,truncated_go"),
    ("พพพ.thabhai.gp.th", "http://www.thabhai.go.th/", REPAIRED, "thai_keyboard_www,sld_typo"),
    # rejected: no website, the raw value kept by the caller, the reason last
    ("", "", NONE, ""),
    ("-", "", NONE, "placeholder"),
    ("ไม่มี", "", NONE, "placeholder"),
    ("Tambonwiang@gmail.com", "", NONE, "email"),
    ("saraban@maetao.go.th", "", NONE, "email"),
    ("www.donpothong hotmail.com", "", NONE, "space_in_host,email"),
    ("องค์การบริหารส่วนตำบลกุยบุรี", "", NONE, "thai_text"),
    ("www.เทศบาลตำบลวิหารแดง.com", "", NONE, "thai_text"),
    ("www.khaophangkrai", "", NONE, "no_tld"),
    ("100.5134193", "", NONE, "no_tld"),
    ("www.Kradang_nga.go.th", "", NONE, "not_a_host"),
    ("WWW.Luangtai.-ngao.go.th", "", NONE, "not_a_host"),
    ("Ban Duea Subdistrict Municipality Office", "", NONE, "space_in_host,not_a_host"),
    ("www.example.th", "", NONE, "bad_th_domain"),
    ("http://www.dla.go.th/index.jsp", "", NONE, "department_site"),
    ("https://www.facebook.com/groups/892105794160516/", "", NONE, "social_media"),
]


@pytest.mark.parametrize(("raw", "website", "source", "reason"), CASES)
def test_clean_url_applies_the_named_rules(raw: str, website: str, source: UrlSource, reason: str) -> None:
    result = clean_url(raw)
    assert (result.website, result.source, result.reason) == (website, source, reason)


def test_every_repair_rule_has_a_table_row() -> None:
    tested = {name for *_, reason in CASES for name in reason.split(",")}
    assert {rule.name for rule in TEXT_RULES} <= tested


@pytest.mark.parametrize(
    ("host", "path", "kept"),
    [
        ("www.x.go.th", "/index.php", "/"),
        ("www.x.go.th", "/public/default/index/index/menu/9", "/"),
        ("www.x.go.th", "/namkham/index.php", "/namkham/"),
        ("www.x.go.th", "/a/b/", "/a/"),
        ("www.govesite.com", "/informations/59thalad/index.php", "/informations/59thalad/"),
        ("sites.google.com", "/view/rammasak-site", "/view/rammasak-site/"),
    ],
)
def test_only_a_path_that_selects_one_site_is_kept(host: str, path: str, kept: str) -> None:
    assert meaningful_path(host, path) == kept


def test_hosts_shared_by_several_laos_are_found_whatever_the_www_or_scheme() -> None:
    websites = [
        "http://www.a.go.th/",
        "https://a.go.th/",
        "http://b.go.th/",
        "",
        "http://www.govesite.com/x/",
    ]
    websites.append("http://www.govesite.com/y/")
    assert shared_hosts(websites) == {"a.go.th"}
    assert host_key("https://www.govesite.com/kokchang/") == "govesite.com/kokchang"
