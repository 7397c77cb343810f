"""DOCX, XLSX, ODT and ODS: every XML part with text masked, the package rebuilt member by member.

Body, headers, footers, foot/endnotes, comments, tracked insertions and deletions, text boxes,
charts' cached labels and the document properties (``docProps/``, ``meta.xml``) are all XML parts
of the package, so all are masked alike (:mod:`masking.xmltext`). Members keep their order, names,
dates and compression (ODF's ``mimetype`` stays first and stored), so the copy opens where the
original did. A spreadsheet number that had digits masked cannot stay a number: the cell becomes
a text cell holding the masked form, and a formula behind it is dropped (it would compute the
number again).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from lxml import etree

from core.config import DocumentsSettings
from documents.archive import check_limits, open_zip, read_member
from documents.office import ODF_OFFICE, ODF_TABLE, ODF_TEXT
from masking.plan import MASK, Planner
from masking.xmltext import ODF, OOXML, Layout, S, mask_tree, parse

CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
ODF_PARTS = frozenset({"content.xml", "styles.xml", "meta.xml"})
_NUMERIC = frozenset({"float", "percentage", "currency"})


def _ooxml_part(name: str) -> bool:
    return name.endswith(".xml") and name != "[Content_Types].xml" and "/theme/" not in name


def mask_package(
    data: bytes, planner: Planner, settings: DocumentsSettings, *, odf: bool
) -> tuple[bytes, list[str], str]:
    """The masked package, the masked forms and the masked parts' text (an unchanged package comes
    back as it was). The text lets the check find forms masked where no reader looks (document
    properties, chart labels)."""
    layout: Layout = ODF if odf else OOXML
    forms: list[str] = []
    texts: list[str] = []
    out = io.BytesIO()
    with open_zip(data) as archive, zipfile.ZipFile(out, "w") as copy:
        for info in check_limits(archive, settings):
            body = read_member(archive, info)
            if (info.filename in ODF_PARTS) if odf else _ooxml_part(info.filename):
                body = _mask_part(body, planner, layout, forms, texts)
            copy.writestr(info, body)
    return (out.getvalue(), forms, "\n".join(texts)) if forms else (data, [], "")


def _mask_part(body: bytes, planner: Planner, layout: Layout, forms: list[str], texts: list[str]) -> bytes:
    root = parse(body)
    found = mask_tree(root, planner, layout)
    found += _numeric_cells(root, planner) if layout is ODF else []
    if not found:
        return body
    if layout is OOXML:
        _text_cells(root)
    forms.extend(found)
    texts.append("".join(root.itertext()))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _text_cells(root: Any) -> None:
    """XLSX: a number cell (``<c><v>``) whose value now holds X becomes an inline string cell."""
    for cell in root.iter(S + "c"):
        value = cell.find(S + "v")
        if value is None or MASK not in (value.text or "") or cell.get("t") not in (None, "n", "str"):
            continue
        for formula in cell.findall(S + "f"):
            cell.remove(formula)
        cell.set("t", "inlineStr")
        inline = etree.Element(S + "is")
        etree.SubElement(inline, S + "t").text = value.text
        cell.replace(value, inline)


def _numeric_cells(root: Any, planner: Planner) -> list[str]:
    """ODS: a number cell whose value is an ID or phone becomes a text cell; its shown text was
    masked with the rest, its ``office:value`` (the full number) is dropped."""
    forms: list[str] = []
    for cell in root.iter(ODF_TABLE + "table-cell"):
        if cell.get(ODF_OFFICE + "value-type") not in _NUMERIC:
            continue
        value = cell.get(ODF_OFFICE + "value", "")
        plan = planner.plan(value)
        shown = "".join(cell.itertext())
        if not plan.offsets and MASK not in shown:
            continue
        for attribute in (ODF_OFFICE + "value", ODF_TABLE + "formula"):
            cell.attrib.pop(attribute, None)
        cell.set(ODF_OFFICE + "value-type", "string")
        if cell.get(CALCEXT + "value-type") is not None:
            cell.set(CALCEXT + "value-type", "string")
        if MASK not in shown:  # shown in another form (1.23E+12): show the masked number instead
            for paragraph in cell.findall(ODF_TEXT + "p"):
                cell.remove(paragraph)
            etree.SubElement(cell, ODF_TEXT + "p").text = plan.apply(value)
            forms.extend(plan.forms)
    return forms
