"""One LAO as the rest of x4watch sees it: a row of ``seeds/laos.csv``."""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum


class LaoType(StrEnum):
    """The fixed set of LAO types; the values are the Thai short names analysts use."""

    PAO = "อบจ."
    CITY = "เทศบาลนคร"
    TOWN = "เทศบาลเมือง"
    SUBDISTRICT_MUNICIPALITY = "เทศบาลตำบล"
    SAO = "อบต."
    PATTAYA = "เมืองพัทยา"
    BANGKOK = "กรุงเทพมหานคร"


class UrlSource(StrEnum):
    """How an LAO's website became known."""

    REGISTRY = "registry"  # the DLA value was usable as is
    REPAIRED = "repaired"  # the DLA value needed a known fix (typo, junk, missing scheme)
    DISCOVERED = "discovered"  # found by probing candidate hosts; the page named the LAO
    MANUAL = "manual"  # set by an analyst
    NONE = ""  # no usable website


@dataclass(frozen=True, slots=True)
class Lao:
    """Columns of ``seeds/laos.csv`` in order; see seeds/README.md for each one's meaning.

    Everything after the province has a default meaning "not known", so code that makes an LAO
    (tests, simweb, Bangkok) names only what it knows.
    """

    code: str
    type: LaoType
    name: str
    province_code: str
    province: str
    district: str = ""
    subdistrict: str = ""
    website: str = ""
    url_source: UrlSource = UrlSource.NONE
    url_raw: str = ""
    url_reason: str = ""
    host_shared: bool = False
    lat: float | None = None
    lon: float | None = None

    @property
    def display_name(self) -> str:
        """The name as Thai officials write it: type then name (อบต.ทรายขาว)."""
        return official_name(self.type, self.name)


WHOLE_NAME_TYPES = frozenset({LaoType.PATTAYA, LaoType.BANGKOK})
"""Types whose type is the whole name: Pattaya and Bangkok are written without a name after it."""


def official_name(lao_type: str, name: str) -> str:
    """Type then name as officials write it (อบต.ทรายขาว); Pattaya and Bangkok by their type alone.

    Takes plain strings so that store rows (type and name columns) and ``Lao`` rows share the rule.
    """
    return lao_type if lao_type in WHOLE_NAME_TYPES else f"{lao_type}{name}"


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Lao))


@dataclass(frozen=True, slots=True)
class Contact:
    """Who hears about an LAO's cases: reference data like the LAO itself (``seeds/contacts.py``
    validates a coordinator list, the store keeps it next to the LAO rows)."""

    lao_code: str
    coordinator_name: str = ""
    coordinator_email: str = ""
    province_office_email: str = ""
