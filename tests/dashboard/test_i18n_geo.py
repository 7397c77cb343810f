"""Both languages cover every string; the bundled map has all 77 provinces and colours by count."""

from __future__ import annotations

import string

from dashboard import geo, i18n


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_string_exists_in_thai_and_english_with_the_same_placeholders() -> None:
    for key, (thai, english) in i18n.STRINGS.items():
        assert thai and english, key
        assert _fields(thai) == _fields(english), key


def test_every_detector_reason_reads_in_both_languages() -> None:
    from detectors.context import REASON_TH

    assert set(REASON_TH) <= set(i18n.REASON_EN)
    assert i18n.text("reason.checksum_ok", "th") == REASON_TH["checksum_ok"]


def test_unknown_code_is_shown_as_is() -> None:
    assert i18n.text("reason.something_new", "th") == "something_new"
    assert i18n.text("state.confirmed", "th") == "ยืนยันแล้ว"


def test_map_has_77_provinces_keyed_by_dopa_code() -> None:
    provinces = geo.provinces()
    assert len(provinces) == 77
    assert set(provinces["province_code"]) >= {"10", "37", "96"}
    assert all(len(c) == 2 and c.isdigit() for c in provinces["province_code"])


def test_provinces_without_leaks_are_grey_and_the_busiest_is_darkest() -> None:
    data = geo.coloured_features({"10": 50, "37": 5})
    by_code = {f["properties"]["province_code"]: f["properties"] for f in data["features"]}
    assert tuple(by_code["96"]["fill"][:3]) in geo.NO_LEAK_TONES
    assert by_code["10"]["fill"][:3] == geo.colour(50, 50, geo.tone_classes()["10"])[:3]
    assert by_code["10"]["fill"][0] > 150 and by_code["10"]["fill"][1] < 20
    assert by_code["37"]["open"] == 5
    assert by_code["37"]["fill"] not in (by_code["10"]["fill"], by_code["96"]["fill"])


def test_map_renders_without_a_basemap() -> None:
    spec = geo.deck({"10": 1}, "<b>{ADM1_TH}</b>").to_json()
    assert '"mapStyle":"__MAP_STYLE__"' in spec  # pydeck's "none": Streamlit then adds no basemap
    assert "mapProvider" not in spec and "cartocdn" not in spec and "mapbox" not in spec
    assert '"GeoJsonLayer"' in spec


def test_neighbouring_provinces_never_share_a_tone() -> None:
    tones = geo.tone_classes()
    assert len(tones) == 77
    # Bangkok's neighbours (Nonthaburi 12, Pathum Thani 13, Samut Prakan 11) and a few chains
    for a, b in (("10", "12"), ("10", "13"), ("10", "11"), ("50", "57"), ("50", "58"), ("37", "34")):
        assert tones[a] != tones[b], (a, b)
