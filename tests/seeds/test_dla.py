"""The DLA importer on a sample in the official multi-row layout (one row per LAO x subdistrict)."""

from __future__ import annotations

from pathlib import Path

import pytest

from seeds.dla import (
    BANGKOK,
    DlaFormatError,
    ImportResult,
    Issue,
    drop_far_coordinates,
    import_dla,
    write_laos,
)
from seeds.load import load_laos
from seeds.model import Lao, LaoType, UrlSource

SAMPLE = Path(__file__).parent / "data" / "dla_official_sample.csv"


@pytest.fixture(scope="module")
def result() -> ImportResult:
    return import_dla(SAMPLE)


def _lao(result: ImportResult, code: str) -> Lao:
    return next(lao for lao in result.laos if lao.code == code)


def _problems(result: ImportResult, code: str) -> list[str]:
    return [issue.problem for issue in result.issues if issue.code == code]


def test_rows_of_one_lao_become_one_row_per_code(result: ImportResult) -> None:
    assert result.rows_read == 15
    codes = [lao.code for lao in result.laos]
    assert codes == sorted(set(codes))
    assert codes == ["1100101", "2810101", "3120102", "3200408", "5570305", "5810402", "6400117"]


def test_the_first_row_gives_the_subdistrict_and_later_rows_fill_gaps(result: ImportResult) -> None:
    pattaya = _lao(result, "3200408")
    assert pattaya.subdistrict == "หนองปรือ"
    assert (pattaya.lat, pattaya.lon) == (12.94967442, 100.8930163)
    assert pattaya.website == "http://www.pattaya.go.th/"


def test_type_names_map_to_the_enum_and_the_special_form_is_pattaya(result: ImportResult) -> None:
    types = {lao.code: lao.type for lao in result.laos}
    assert types["2810101"] is LaoType.PAO
    assert types["3120102"] is LaoType.CITY
    assert types["3200408"] is LaoType.PATTAYA
    assert types["5810402"] is LaoType.SUBDISTRICT_MUNICIPALITY
    assert types["6400117"] is LaoType.SAO


def test_bangkok_is_added_with_its_documented_code(result: ImportResult) -> None:
    assert _lao(result, "1100101") == BANGKOK
    assert BANGKOK.province_code == "10" and BANGKOK.code[1:3] == "10"


def test_province_comes_from_the_code_and_a_wrong_name_is_reported(result: ImportResult) -> None:
    lao = _lao(result, "6400117")
    assert (lao.province_code, lao.province, lao.district) == ("40", "ขอนแก่น", "เมืองขอนแก่น")
    assert "province 'กระบี่' != code's" in _problems(result, "6400117")


def test_swapped_coordinates_are_put_back(result: ImportResult) -> None:
    lao = _lao(result, "6400117")
    assert (lao.lat, lao.lon) == (16.36, 102.76)
    assert "latitude and longitude swapped" in _problems(result, "6400117")


def test_a_row_split_at_a_quoted_comma_is_merged_back_and_reported(result: ImportResult) -> None:
    lao = _lao(result, "3120102")
    assert (lao.lat, lao.lon) == (13.86102841, 100.5134193)
    assert lao.website == "http://www.nakornnont.go.th/"  # the lost column came from the LAO's other row
    assert _problems(result, "3120102") == ["row shifted by one column"]


def test_a_usable_website_beats_an_email_in_another_row(result: ImportResult) -> None:
    lao = _lao(result, "5570305")
    assert (lao.website, lao.url_source) == ("http://www.wiangchiangkhong.go.th/", UrlSource.REGISTRY)


def test_a_repaired_website_keeps_its_raw_value_and_reason(result: ImportResult) -> None:
    lao = _lao(result, "5810402")
    assert (lao.website, lao.url_source) == ("http://www.khlongphon.go.th/", UrlSource.REPAIRED)
    assert (lao.url_raw, lao.url_reason) == ("www.Khlongphon go.th", "space_before_sld")


def test_bad_codes_and_unknown_types_are_skipped_with_an_issue(result: ImportResult) -> None:
    assert Issue(14, "64001", "code is not 7 digits", "row skipped") in result.issues
    assert Issue(15, "6400199", "unknown type 'สภาตำบล'", "row skipped") in result.issues
    assert Issue(16, "6400198", "name missing", "row skipped") in result.issues


def test_tis620_download_gives_the_same_laos(result: ImportResult, tmp_path: Path) -> None:
    tis = tmp_path / "tis.csv"
    tis.write_bytes(SAMPLE.read_text(encoding="utf-8-sig").encode("cp874"))
    assert import_dla(tis).laos == result.laos


def test_written_list_loads_back_unchanged(result: ImportResult, tmp_path: Path) -> None:
    out = tmp_path / "laos.csv"
    write_laos(result.laos, out)
    assert load_laos(out) == result.laos


def test_a_file_without_the_official_columns_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("code,name\n1,x\n", encoding="utf-8")
    with pytest.raises(DlaFormatError, match=r"รหัส อปท\."):
        import_dla(other)


def test_coordinates_far_from_the_provinces_other_laos_are_dropped() -> None:
    from dataclasses import replace

    base = BANGKOK
    near = [replace(base, code=f"64000{i:02d}", lat=16.4 + i / 100, lon=102.8 + i / 100) for i in range(20)]
    typo = replace(base, code="6400099", lat=6.43, lon=102.8)  # 16.43 typed as 6.43: 1,100 km south
    issues: list[Issue] = []
    lines = {lao.code: n for n, lao in enumerate([*near, typo], start=2)}
    kept = {lao.code: lao for lao in drop_far_coordinates([*near, typo], lines, issues)}
    assert (kept["6400099"].lat, kept["6400099"].lon) == (None, None)
    assert all(kept[lao.code].lat == lao.lat for lao in near)
    assert [(i.line, i.code, i.action) for i in issues] == [(22, "6400099", "dropped")]


def test_header_spelling_and_spacing_variants_are_accepted(result: ImportResult, tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8-sig")
    header, rest = text.split("\n", 1)
    variant = header.replace("เว็ปไซต์ของอปท", "เว็บไซต์ของอปท").replace("รหัส อปท.", "รหัสอปท.")
    variant = variant.replace("LAT", "lat")
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(variant + "\n" + rest, encoding="utf-8")
    assert import_dla(renamed).laos == result.laos


def test_a_file_in_neither_thai_encoding_is_refused_with_where_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from service.cli import main

    bad = tmp_path / "dla.csv"
    lines = SAMPLE.read_bytes().split(b"\n")
    lines[3] += b"\xff\xfe\xdb"  # not UTF-8, and bytes windows-874 leaves undefined
    bad.write_bytes(b"\n".join(lines))
    out = tmp_path / "laos.csv"
    assert main(["seeds", "import", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "neither UTF-8 nor TIS-620" in err and "0xff, is on line 4" in err
    assert not out.exists()
