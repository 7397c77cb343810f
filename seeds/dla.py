"""Import the DLA list of LAOs (open dataset ``dlads_05_01``) into :class:`seeds.model.Lao` rows.

Two layouts share the official Thai columns: the official download has one row per
(LAO, subdistrict) pair, the shared copy one row per LAO. Both go through the same path: rows are
grouped by the 7-digit LAO code, the first row gives the LAO-level fields and later rows only fill
what it left empty (a disagreement is reported, never silently merged).

Every row is validated. The code is ``type digit + DOPA district code (4) + sequence (2)``; its
digits 2-3 are the DOPA province code, checked against the province name with ``geothai``. A row
that an earlier naive conversion split at a comma inside a quoted value has one field too many in
the middle and loses its last one; it is repaired when exactly one merge of two neighbouring
fields (with the stray quote as evidence) makes every structured field valid again, and reported
either way. Nothing is dropped without an :class:`Issue` saying so.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from statistics import median

import geothai

from seeds.model import COLUMNS, Lao, LaoType, UrlSource
from seeds.urls import CleanUrl, clean_url, flag_shared_hosts

DLA_COLUMNS: tuple[str, ...] = (
    "จังหวัด",
    "อำเภอ",
    "ตำบล",
    "รหัส อปท.",
    "ประเภท อปท.",
    "อปท.",
    "ที่ตั้งสำนักงานเลขที่",
    "หมู่ที่",
    "รหัสไปรษณีย์",
    "ขนาดพื้นที่",
    "LAT",
    "LONG",
    "เว็ปไซต์ของอปท",
)
"""The official columns, in the official order."""

PROVINCE, DISTRICT, SUBDISTRICT, CODE, TYPE, NAME, ADDRESS, MOO, POSTCODE, AREA, LAT, LON, WEBSITE = range(13)

TYPE_NAMES: dict[str, LaoType] = {
    "อบจ.": LaoType.PAO,
    "องค์การบริหารส่วนจังหวัด": LaoType.PAO,
    "เทศบาลนคร": LaoType.CITY,
    "เทศบาลเมือง": LaoType.TOWN,
    "เทศบาลตำบล": LaoType.SUBDISTRICT_MUNICIPALITY,
    "อบต.": LaoType.SAO,
    "องค์การบริหารส่วนตำบล": LaoType.SAO,
    "ท้องถิ่นรูปแบบพิเศษ": LaoType.PATTAYA,
    "เมืองพัทยา": LaoType.PATTAYA,
}
"""DLA type names (short and long forms) to the fixed enum; the one special-form LAO is Pattaya."""

TYPE_DIGITS: dict[LaoType, str] = {
    LaoType.BANGKOK: "1",
    LaoType.PAO: "2",
    LaoType.CITY: "3",
    LaoType.PATTAYA: "3",
    LaoType.TOWN: "4",
    LaoType.SUBDISTRICT_MUNICIPALITY: "5",
    LaoType.SAO: "6",
}
"""First digit of the LAO code per type (an upgraded LAO may keep its old digit: reported only)."""

BANGKOK = Lao(
    code="1100101",
    type=LaoType.BANGKOK,
    name="กรุงเทพมหานคร",
    province_code="10",
    province="กรุงเทพมหานคร",
    district="พระนคร",
    subdistrict="เสาชิงช้า",
    website="https://www.bangkok.go.th/",
    url_source=UrlSource.MANUAL,
    url_raw="",
    url_reason="",
    host_shared=False,
    lat=13.7525,
    lon=100.5016,
)
"""Bangkok (BMA) is outside DLA's registry. Its code follows the PAO convention: type digit 1, the
district of its seat (Phra Nakhon, DOPA 1001, where City Hall stands) and sequence 01."""

MANUAL_WEBSITES: dict[str, str] = {
    "3200408": "https://www.pattaya.go.th/",  # Pattaya City: the DLA row has no website
}
"""Websites set by an analyst for LAOs whose DLA value is empty or unusable (source ``manual``)."""

FAR_KM = 150.0
"""Coordinates farther than this from their province's LAOs (and than its spread) are wrong."""

THAILAND_LAT = (5.6, 20.5)
THAILAND_LON = (97.3, 105.7)
STRUCTURED_CHECKS = {
    CODE: re.compile(r"^\d{7}$"),
    POSTCODE: re.compile(r"^(?:\d{4,5}|-?)$"),
    AREA: re.compile(r"^(?:-?\d+(?:\.\d+)?|-?)$"),
    LAT: re.compile(r"^(?:\d+(?:\.\d+)?)?$"),
    LON: re.compile(r"^(?:\d+(?:\.\d+)?)?$"),
}
"""Fields whose shape is known: a shifted row breaks at least one of them."""


class DlaFormatError(ValueError):
    """The file is not a DLA list: its header lacks official columns (named in the message)."""


@dataclass(frozen=True, slots=True)
class Issue:
    """One validation finding: which row (file line) and LAO, what was wrong, what was done."""

    line: int
    code: str
    problem: str
    action: str


@dataclass(slots=True)
class ImportResult:
    """The LAOs (Bangkok included, sorted by code), the issues found and how many rows were read."""

    laos: list[Lao]
    issues: list[Issue] = field(default_factory=list)
    rows_read: int = 0


def import_dla(path: Path) -> ImportResult:
    """Read a DLA file (either layout) and return validated, deduplicated, cleaned LAO rows."""
    issues: list[Issue] = []
    groups: dict[str, list[tuple[int, list[str]]]] = {}
    rows_read = 0
    for line, fields_ in read_rows(path.read_bytes()):
        rows_read += 1
        fields_ = repair_shift(line, fields_, issues)
        if not STRUCTURED_CHECKS[CODE].match(fields_[CODE].strip()):
            issues.append(Issue(line, fields_[CODE], "code is not 7 digits", "row skipped"))
            continue
        groups.setdefault(fields_[CODE].strip(), []).append((line, fields_))
    laos = [lao for rows in groups.values() if (lao := build_lao(rows, issues))]
    first_lines = {code: rows[0][0] for code, rows in groups.items()}
    laos = drop_far_coordinates(laos, first_lines, issues)
    if not any(lao.type is LaoType.BANGKOK for lao in laos):
        laos.append(BANGKOK)
    issues.sort(key=lambda issue: issue.line)
    return ImportResult(flag_shared_hosts(sorted(laos, key=lambda lao: lao.code)), issues, rows_read)


def read_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """Yield (file line, 13 fields in official order) for each data row; the header is checked."""
    reader = csv.reader(io.StringIO(decode(data), newline=""))
    header = [header_key(h) for h in next(reader, [])]
    missing = [c for c in DLA_COLUMNS if header_key(c) not in header]
    if missing:
        raise DlaFormatError(f"not a DLA LAO list: missing columns {', '.join(missing)}")
    order = [header.index(header_key(c)) for c in DLA_COLUMNS]
    for fields_ in reader:
        if not any(f.strip() for f in fields_):
            continue
        line = reader.line_num
        if len(fields_) == len(header):
            yield line, [fields_[i] for i in order]
        else:
            yield line, fields_ + [""] * (len(DLA_COLUMNS) - len(fields_))


def header_key(name: str) -> str:
    """A column name as compared: spaces dropped, upper case, and the official ``เว็ป`` typo equal
    to ``เว็บ``, so a release that fixes the spelling or the spacing still imports."""
    return "".join(name.split()).upper().replace("เว็บ", "เว็ป")


def decode(data: bytes) -> str:
    """The official download has been published in UTF-8 (with or without BOM) and in TIS-620;
    anything else is refused, saying where its first byte that is not UTF-8 sits (DlaFormatError)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8:
        try:
            return data.decode("cp874")
        except UnicodeDecodeError:
            at = utf8.start + (len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0)
            line = data.count(b"\n", 0, at) + 1
            raise DlaFormatError(
                f"neither UTF-8 nor TIS-620 (windows-874): the first byte that is not UTF-8, "
                f"0x{data[at]:02x}, is on line {line}; save the file as UTF-8 CSV and import it again"
            ) from None


def structured_ok(fields_: Sequence[str]) -> bool:
    return all(check.match(fields_[i].strip()) for i, check in STRUCTURED_CHECKS.items())


def repair_shift(line: int, fields_: list[str], issues: list[Issue]) -> list[str]:
    """Undo a comma split inside a quoted value when exactly one merge makes the row valid.

    The evidence is a stray quote: a field that starts with ``"`` and does not end with one (or
    the reverse). A stray quote in the last field means that value was cut off (truncated).
    """
    stray = [i for i, f in enumerate(fields_) if f.startswith('"') != f.endswith('"')]
    if not stray and len(fields_) == len(DLA_COLUMNS):
        return fields_
    code = fields_[CODE]
    if stray == [WEBSITE]:
        issues.append(Issue(line, code, "website value cut off (stray quote)", "cleaned as far as possible"))
        return fields_
    candidates = [merged for i in range(len(fields_) - 1) if (merged := _merge_at(fields_, i))]
    if len(candidates) != 1:
        issues.append(Issue(line, code, "fields shifted, no single repair", "kept; invalid fields ignored"))
        return fields_[: len(DLA_COLUMNS)]
    merged = candidates[0]
    lost = len(merged) < len(DLA_COLUMNS)
    merged += [""] * (len(DLA_COLUMNS) - len(merged))
    what = "merged a value split at a comma" + ("; the website column was lost" if lost else "")
    issues.append(Issue(line, code, "row shifted by one column", what))
    return merged


def _merge_at(fields_: list[str], i: int) -> list[str] | None:
    """The row with fields i and i+1 joined, if a stray quote shows they were one value and it fits."""
    left, right = fields_[i], fields_[i + 1]
    if not (left.startswith('"') and right.endswith('"')):
        return None
    merged = [*fields_[:i], f"{left},{right}".strip('"'), *fields_[i + 2 :]]
    padded = merged + [""] * (len(DLA_COLUMNS) - len(merged))
    return merged if len(merged) <= len(DLA_COLUMNS) and structured_ok(padded) else None


def build_lao(rows: list[tuple[int, list[str]]], issues: list[Issue]) -> Lao | None:
    """One LAO from its rows (one per subdistrict), validated; None without a known type or a name."""
    line = rows[0][0]
    fields_ = merge_rows(rows, issues)
    code = fields_[CODE].strip()
    lao_type = TYPE_NAMES.get(fields_[TYPE].strip())
    if lao_type is None or not fields_[NAME].strip():
        problem = f"unknown type {fields_[TYPE].strip()!r}" if lao_type is None else "name missing"
        issues.append(Issue(line, code, problem, "row skipped"))
        return None
    if code[0] != TYPE_DIGITS[lao_type]:
        issues.append(Issue(line, code, f"code digit {code[0]} does not match type {lao_type}", "type kept"))
    province_code, province, district = check_area(line, code, lao_type, fields_, issues)
    raw_url, url = pick_website(rows, issues)
    if not url.website and code in MANUAL_WEBSITES:
        url = CleanUrl(MANUAL_WEBSITES[code], UrlSource.MANUAL, url.reason)
    lat, lon = check_coordinates(line, code, fields_[LAT], fields_[LON], issues)
    return Lao(
        code=code,
        type=lao_type,
        name=fields_[NAME].strip(),
        province_code=province_code,
        province=province,
        district=district,
        subdistrict=fields_[SUBDISTRICT].strip(),
        website=url.website,
        url_source=url.source,
        url_raw=raw_url,
        url_reason=url.reason,
        host_shared=False,
        lat=lat,
        lon=lon,
    )


def merge_rows(rows: list[tuple[int, list[str]]], issues: list[Issue]) -> list[str]:
    """The first row's fields, gaps filled from later rows; conflicting LAO-level values reported."""
    merged = list(rows[0][1])
    for line, fields_ in rows[1:]:
        for i in (TYPE, NAME, ADDRESS, MOO, POSTCODE, LAT, LON):
            value = fields_[i].strip()
            if value and not merged[i].strip():
                merged[i] = value
            elif value and value != merged[i].strip():
                issues.append(
                    Issue(line, merged[CODE], f"{DLA_COLUMNS[i]} differs between rows", "first kept")
                )
    return merged


def pick_website(rows: list[tuple[int, list[str]]], issues: list[Issue]) -> tuple[str, CleanUrl]:
    """The first website value that cleans to a usable URL, else the first published value.

    Rows of one LAO may disagree (an e-mail address in one, the site in another): a usable value
    beats an unusable one, and two different usable sites are reported.
    """
    cleaned = [(line, raw, clean_url(raw)) for line, fields_ in rows if (raw := fields_[WEBSITE].strip())]
    usable = [(line, raw, url) for line, raw, url in cleaned if url.website]
    for line, _, url in usable[1:]:
        if url.host != usable[0][2].host:
            issues.append(Issue(line, rows[0][1][CODE], "rows list different websites", "first usable kept"))
    chosen = usable or cleaned
    return (chosen[0][1], chosen[0][2]) if chosen else ("", clean_url(""))


def check_area(
    line: int, code: str, lao_type: LaoType, fields_: Sequence[str], issues: list[Issue]
) -> tuple[str, str, str]:
    """Province code, province and district names from the code, checked against the row's names."""
    province_code = code[1:3]
    province = geothai.province(province_code)
    district = geothai.district(code[1:5])
    if province is None:
        issues.append(Issue(line, code, f"no province {province_code} in DOPA codes", "names kept"))
        return province_code, fields_[PROVINCE].strip(), fields_[DISTRICT].strip()
    if province.name_th != fields_[PROVINCE].strip():
        issues.append(Issue(line, code, f"province {fields_[PROVINCE]!r} != code's", "code's kept"))
    district_name = district.name_th if district else fields_[DISTRICT].strip()
    if district_name != fields_[DISTRICT].strip() and lao_type is not LaoType.PAO:
        issues.append(Issue(line, code, f"district {fields_[DISTRICT]!r} != code's", "code's kept"))
    return province_code, province.name_th, district_name


def check_coordinates(
    line: int, code: str, lat_text: str, lon_text: str, issues: list[Issue]
) -> tuple[float | None, float | None]:
    """(lat, lon) when both are numbers inside Thailand (swapped ones are put back), else None."""
    if not (lat_text.strip() or lon_text.strip()):
        return None, None
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        issues.append(Issue(line, code, "latitude or longitude missing or not a number", "dropped"))
        return None, None
    if _in_thailand(lon, lat):
        issues.append(Issue(line, code, "latitude and longitude swapped", "swapped back"))
        lat, lon = lon, lat
    if not _in_thailand(lat, lon):
        issues.append(Issue(line, code, "coordinates outside Thailand", "dropped"))
        return None, None
    return lat, lon


def drop_far_coordinates(laos: list[Lao], lines: dict[str, int], issues: list[Issue]) -> list[Lao]:
    """Drop coordinates that lie far outside the LAO's province (a typo such as 16.13 for 6.13).

    Far means farther from the median of the province's LAOs than both ``FAR_KM`` and twice the
    distance within which 95% of them lie, so large provinces keep their remote districts.
    """
    by_province: dict[str, dict[str, tuple[float, float]]] = {}
    for lao in laos:
        if lao.lat is not None and lao.lon is not None:
            by_province.setdefault(lao.province_code, {})[lao.code] = (lao.lat, lao.lon)
    far: dict[str, float] = {}
    for points in by_province.values():
        far.update(_far_from_centre(points))
    for code, km in far.items():
        problem = f"coordinates {km:.0f} km from the province's other LAOs"
        issues.append(Issue(lines[code], code, problem, "dropped"))
    return [replace(lao, lat=None, lon=None) if lao.code in far else lao for lao in laos]


def _far_from_centre(points: dict[str, tuple[float, float]]) -> dict[str, float]:
    centre = (median(p[0] for p in points.values()), median(p[1] for p in points.values()))
    distances = {code: _km(centre, point) for code, point in points.items()}
    ordered = sorted(distances.values())
    limit = max(FAR_KM, 2 * ordered[int(0.95 * (len(ordered) - 1))])
    return {code: km for code, km in distances.items() if km > limit}


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance: exact enough within one country."""
    dy = (a[0] - b[0]) * 111.2
    dx = (a[1] - b[1]) * 111.2 * math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot(dx, dy)


def _in_thailand(lat: float, lon: float) -> bool:
    return THAILAND_LAT[0] <= lat <= THAILAND_LAT[1] and THAILAND_LON[0] <= lon <= THAILAND_LON[1]


def write_laos(laos: Iterable[Lao], path: Path) -> None:
    """Write ``laos.csv``: UTF-8, the columns of :data:`seeds.model.COLUMNS` in order."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for lao in laos:
            writer.writerow(_csv_value(getattr(lao, name)) for name in COLUMNS)


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
