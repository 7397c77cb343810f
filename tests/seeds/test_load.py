"""The committed list: all 7,850 LAOs, codes consistent with DOPA province codes."""

from __future__ import annotations

from collections import Counter

import geothai

from seeds import LAOS_CSV, load_laos
from seeds.model import COLUMNS, LaoType, UrlSource


def test_committed_list_has_all_7850_laos_once() -> None:
    laos = load_laos()
    assert len(laos) == 7850
    assert len({lao.code for lao in laos}) == 7850


def test_committed_list_has_the_documented_columns_in_order() -> None:
    header = LAOS_CSV.read_text(encoding="utf-8").splitlines()[0]
    assert tuple(header.split(",")) == COLUMNS


def test_type_counts_match_the_dla_dataset_plus_bangkok() -> None:
    counts = Counter(lao.type for lao in load_laos())
    assert counts == {
        LaoType.SAO: 5300,
        LaoType.SUBDISTRICT_MUNICIPALITY: 2247,
        LaoType.TOWN: 195,
        LaoType.PAO: 76,
        LaoType.CITY: 30,
        LaoType.PATTAYA: 1,
        LaoType.BANGKOK: 1,
    }


def test_province_code_is_digits_two_and_three_of_the_code_and_names_the_dopa_province() -> None:
    for lao in load_laos():
        province = geothai.province(lao.province_code)
        assert lao.province_code == lao.code[1:3]
        assert province is not None and province.name_th == lao.province, lao.code


def test_every_province_has_exactly_one_pao_except_bangkok() -> None:
    paos = Counter(lao.province_code for lao in load_laos() if lao.type is LaoType.PAO)
    assert set(paos.values()) == {1}
    assert len(paos) == 76 and "10" not in paos


def test_websites_agree_with_their_source() -> None:
    for lao in load_laos():
        assert bool(lao.website) == (lao.url_source is not UrlSource.NONE), lao.code
        if lao.url_source is UrlSource.NONE and lao.url_raw:
            assert lao.url_reason, lao.code


def test_coordinates_are_inside_thailand_or_absent() -> None:
    for lao in load_laos():
        assert (lao.lat is None) == (lao.lon is None)
        if lao.lat is not None and lao.lon is not None:
            assert 5.6 <= lao.lat <= 20.5 and 97.3 <= lao.lon <= 105.7, lao.code


def test_bangkok_and_pattaya_have_analyst_set_websites() -> None:
    manual = {lao.code: lao.website for lao in load_laos() if lao.url_source is UrlSource.MANUAL}
    assert manual == {"1100101": "https://www.bangkok.go.th/", "3200408": "https://www.pattaya.go.th/"}
