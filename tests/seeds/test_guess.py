"""Learned host guesses: templates and word spellings come from the known hosts, never an LAO's own."""

from __future__ import annotations

from dataclasses import replace

from seeds.guess import HostModel, align, go_th_label, spellings
from seeds.model import Lao, LaoType, UrlSource

KHON_KAEN = ("40", "ขอนแก่น")


def lao(
    code: str, name: str, host: str = "", lao_type: LaoType = LaoType.SAO, province: tuple[str, str] = KHON_KAEN
) -> Lao:
    return Lao(
        code=code,
        type=lao_type,
        name=name,
        province_code=province[0],
        province=province[1],
        district="เมืองขอนแก่น",
        website=f"http://www.{host}.go.th/" if host else "",
        url_source=UrlSource.REGISTRY if host else UrlSource.NONE,
    )


def test_a_provinces_habit_is_learned_and_proposed_to_its_other_laos() -> None:
    known = [lao("6400101", "หนองบัว", "nongbua-qkk"), lao("6400102", "นาดี", "nadi-qkk")]
    target = lao("6400103", "โนนสูง")
    labels = HostModel.learn([*known, target]).candidates(target)
    assert "nonsung-qkk" in labels
    assert "nonsung-qkk" not in HostModel().candidates(target)  # not a hand-written pattern


def test_an_laos_own_host_never_informs_its_own_candidates() -> None:
    """Leave-one-out: a habit seen only in one LAO's host is proposed to others, never to it."""
    only_one = lao("6400101", "หนองบัว", "zzqnongbua")
    other = lao("6400102", "นาดี")
    model = HostModel.learn([only_one, other])
    assert "zzqnadi" in model.candidates(other)
    assert "zzqnongbua" not in model.candidates(only_one)
    assert "zzqnongbua" not in model.candidates(replace(only_one, website=""))


def test_word_spellings_are_learned_from_hosts_and_left_out_for_their_own_lao() -> None:
    # two hosts spell จิก as "jik"; royin says "chik"
    known = [lao("6400101", "กุดจิก", "kudjik"), lao("6400102", "ดอนจิก", "donjik")]
    target = lao("6400103", "นาจิก")
    model = HostModel.learn([*known, target])
    assert "najik" in model.candidates(target)
    assert "najik" not in HostModel().candidates(target)
    assert model.words["จิก"]["jik"] == 2
    # ดอนจิก's own "jik" is left out, but กุดจิก's still teaches it
    assert "donjik" in model.candidates(known[1])
    alone = HostModel.learn([known[0], target])
    assert "kudjik" not in alone.candidates(known[0])


def test_geothai_english_names_are_spellings() -> None:
    daeng_yai = lao("6400104", "แดงใหญ่")  # subdistrict 400111 Daeng Yai; royin says "daengain"
    assert spellings(daeng_yai)["daengyai"] == "en"
    assert "daengyai" in HostModel().candidates(daeng_yai)
    pao = lao("2400101", "ขอนแก่น", lao_type=LaoType.PAO)
    assert "khonkaenpao" in HostModel().candidates(pao)


def test_candidates_are_bounded() -> None:
    model = HostModel.learn([lao(f"64001{i:02d}", "หนองบัว", f"p{i}nongbua") for i in range(60)])
    assert len(model.candidates(lao("6400199", "นาดี"))) == 40


def test_alignment_cuts_a_host_into_word_spellings() -> None:
    assert align("kudjik", ["kut", "chik"]) == ["kud", "jik"]
    assert align("banana", ["kut", "chik"]) is None


def test_only_one_label_go_th_hosts_are_learned() -> None:
    assert go_th_label("http://www.tambonbangduan.go.th/") == "tambonbangduan"
    assert go_th_label("http://www.khamphaungs.com/") == ""
    assert go_th_label("http://a.b.go.th/") == ""
