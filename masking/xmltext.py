"""Masking the text of one office XML part in place, whatever elements the text is cut into.

Word cuts a paragraph into runs wherever formatting, spell-check or revision marks change, so
``1-2345-67890-12-3`` may sit in five ``<w:t>`` elements. The part's text is therefore laid end to
end, as ``documents.office`` reads it (paragraphs and rows end a line, cells and tabs end with a
tab, so numbers in neighbouring cells never join), the detectors run over the whole, and each
planned ``X`` goes back into the element (``.text``) or tail (``.tail``) that holds that character:
a number split across runs is masked whole, and every run keeps its formatting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree

from documents.office import ODF_TABLE, ODF_TEXT, W
from masking.plan import Planner

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@dataclass(frozen=True)
class Layout:
    """How a family of XML parts lays its text out: what each closing element adds to the text."""

    ends: dict[str, str]
    """Tag → text added when it closes (a line break, a cell's tab, a space)."""
    joined: frozenset[str]
    """Leaf elements whose text runs on into the next (runs of one paragraph)."""


OOXML = Layout(
    ends={
        **dict.fromkeys((W + "p", W + "br", W + "cr", W + "tr", A + "p", S + "row", S + "si"), "\n"),
        **dict.fromkeys((W + "tc", W + "tab", S + "c", A + "tab"), "\t"),
    },
    joined=frozenset({W + "t", W + "delText", W + "instrText", W + "delInstrText", A + "t", S + "t"}),
)
ODF = Layout(
    ends={
        **dict.fromkeys((ODF_TEXT + "p", ODF_TEXT + "h", ODF_TEXT + "line-break", ODF_TABLE + "table-row"), "\n"),
        **dict.fromkeys((ODF_TABLE + "table-cell", ODF_TEXT + "tab"), "\t"),
        ODF_TEXT + "s": " ",
    },
    joined=frozenset(),
)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)


def parse(data: bytes) -> Any:
    """One XML part as a tree (no entities resolved, nothing fetched)."""
    return etree.fromstring(data, _PARSER)


class _Text:
    """A part's text laid end to end, and which element (or tail) holds each stretch of it."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.holders: list[tuple[Any, bool, int]] = []  # (element, is tail, offset of its text)
        self.at = 0

    def add(self, text: str | None, element: Any = None, tail: bool = False) -> None:
        if not text:
            return
        if element is not None:
            self.holders.append((element, tail, self.at))
        self.pieces.append(text)
        self.at += len(text)


def _lay_out(root: Any, layout: Layout) -> _Text:
    text = _Text()
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(element.tag, str):  # comments, processing instructions: only their tails
            if event == "end":
                text.add(element.tail, element, True)
        elif event == "start":
            text.add(element.text, element)
        else:
            lone = len(element) == 0 and element.text and element.tag not in layout.joined
            text.add(layout.ends.get(element.tag, "\n" if lone else ""))
            text.add(element.tail, element, True)
    return text


def mask_tree(root: Any, planner: Planner, layout: Layout) -> list[str]:
    """Mask every number in the text under ``root`` in place; the masked forms, in text order."""
    text = _lay_out(root, layout)
    plan = planner.plan("".join(text.pieces))
    if not plan.offsets:
        return []
    for element, tail, offset in text.holders:
        old = element.tail if tail else element.text
        new = plan.apply(old, offset)
        if new == old:
            continue
        if tail:
            element.tail = new
        else:
            element.text = new
    return plan.forms
