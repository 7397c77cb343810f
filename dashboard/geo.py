"""The province map: Thailand's 77 provinces from the bundled GeoJSON, drawn offline by pydeck.

The GeoJSON's ``ADM1_PCODE`` is "TH" + the two-digit DOPA province code, which the store keeps for
every LAO as ``province_code``, so store rows join to map shapes by it.

No basemap: ``map_provider=None`` with ``map_style`` left unset makes pydeck send its "no style"
sentinel, and Streamlit then draws the layer alone. An explicit ``map_style=None`` would make
Streamlit add a Carto basemap fetched from the internet (seen in the browser test), which an
offline monitoring centre cannot reach and which would leak traffic outside loopback.
"""

from __future__ import annotations

import copy
import functools
import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

GEOJSON = Path(__file__).resolve().parent / "data" / "th_provinces_adm1.geojson"
NO_LEAK_TONES = (
    (232, 235, 239),
    (212, 217, 223),
    (222, 226, 231),
    (200, 206, 213),
    (240, 242, 245),
    (190, 196, 204),
)
"""Greys for provinces without open leaks, one per tone class (neighbours get different ones)."""
TONE_SHADE = 0.08
LOW_COLOUR = (254, 224, 139)
HIGH_COLOUR = (189, 0, 38)


KEPT_PROPERTIES = ("ADM1_PCODE", "ADM1_TH", "ADM1_EN")
DECIMALS = 3
"""Coordinates rounded to about 100 m: plenty for a national map, and a smaller page to send."""


def _rounded(coordinates: Any) -> Any:
    if isinstance(coordinates, float):
        return round(coordinates, DECIMALS)
    return [_rounded(c) for c in coordinates]


@functools.cache
def _geojson() -> dict[str, Any]:
    """The bundled shapes with only the names and codes kept and coordinates rounded."""
    data = json.loads(GEOJSON.read_text(encoding="utf-8"))
    for feature in data["features"]:
        feature["properties"] = {k: feature["properties"][k] for k in KEPT_PROPERTIES}
        geometry = feature["geometry"]
        geometry["coordinates"] = _rounded(geometry["coordinates"])
    return data  # type: ignore[no-any-return]


class CompactDeck(pdk.Deck):  # type: ignore[misc]
    """A Deck serialised without indentation (pydeck indents by 2): the map is far less to send."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


@functools.cache
def provinces() -> pd.DataFrame:
    """The 77 provinces: ``province_code`` (DOPA, 2 digits), Thai and English names, Thai order."""
    rows = [
        {
            "province_code": feature["properties"]["ADM1_PCODE"].removeprefix("TH"),
            "name_th": feature["properties"]["ADM1_TH"],
            "name_en": feature["properties"]["ADM1_EN"],
        }
        for feature in _geojson()["features"]
    ]
    return pd.DataFrame(rows).sort_values("name_th", ignore_index=True)


def _points(coordinates: Any) -> Iterator[tuple[float, float]]:
    if isinstance(coordinates[0], float | int):
        yield (coordinates[0], coordinates[1])
        return
    for part in coordinates:
        yield from _points(part)


@functools.cache
def tone_classes() -> dict[str, int]:
    """A tone per province such that neighbours (sharing a boundary vertex) never share one.

    The map draws no outlines (deck.gl's outline layer tripled the map's draw time in software
    WebGL, see bench.dashboard), so neighbouring provinces are told apart by tone instead: a
    greedy colouring, busiest provinces first.
    """
    owners: dict[tuple[float, float], set[str]] = defaultdict(set)
    for feature in _geojson()["features"]:
        code = feature["properties"]["ADM1_PCODE"].removeprefix("TH")
        for point in _points(feature["geometry"]["coordinates"]):
            owners[point].add(code)
    neighbours: dict[str, set[str]] = {code: set() for code in provinces()["province_code"]}
    for codes in owners.values():
        for code in codes:
            neighbours[code] |= codes - {code}
    tones: dict[str, int] = {}
    for code in sorted(neighbours, key=lambda c: (-len(neighbours[c]), c)):
        taken = {tones[n] for n in neighbours[code] if n in tones}
        tones[code] = min(set(range(len(NO_LEAK_TONES))) - taken)
    return tones


def colour(value: float, top: float, tone: int = 0) -> list[int]:
    """Yellow to dark red by share of the busiest province, greys for none; ``tone`` shades it."""
    if value <= 0 or top <= 0:
        return [*NO_LEAK_TONES[tone], 230]
    share = min(value / top, 1.0) ** 0.5
    shade = 1.0 - TONE_SHADE * (tone % 3)
    rgb = [round((lo + (hi - lo) * share) * shade) for lo, hi in zip(LOW_COLOUR, HIGH_COLOUR, strict=True)]
    return [*rgb, 230]


def coloured_features(open_by_province: dict[str, int]) -> dict[str, Any]:
    """The GeoJSON with each province's open count and fill colour in its properties."""
    data = copy.deepcopy(_geojson())
    top = max(open_by_province.values(), default=0)
    tones = tone_classes()
    for feature in data["features"]:
        code = feature["properties"]["ADM1_PCODE"].removeprefix("TH")
        count = int(open_by_province.get(code, 0))
        feature["properties"].update(open=count, fill=colour(count, top, tones[code]), province_code=code)
    return data


def deck(open_by_province: dict[str, int], tooltip_html: str) -> pdk.Deck:
    """A choropleth of open leaks per province; the tooltip uses the feature's properties only."""
    layer = pdk.Layer(
        "GeoJsonLayer",
        coloured_features(open_by_province),
        id="provinces",
        pickable=True,
        stroked=False,
        filled=True,
        get_fill_color="properties.fill",
        auto_highlight=True,
    )
    view = pdk.ViewState(latitude=13.0, longitude=100.9, zoom=4.8, min_zoom=4, max_zoom=9)
    return CompactDeck(
        layers=[layer],
        initial_view_state=view,
        map_provider=None,
        tooltip={"html": tooltip_html, "style": {"fontFamily": "sans-serif"}},
    )
