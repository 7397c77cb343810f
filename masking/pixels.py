"""Scans and photos: the digits to mask painted over with X boxes, found by the OCR pass.

Tesseract reads the page as ``documents.ocr`` does (grey, straightened, rulings erased, its Thai
model with word boxes, then the digit-only second reading of stray digits), the words of each OCR
line are joined into one text for the detectors, and each digit to mask is located in its word's
box (a word's characters share its width evenly: digits are near enough monospaced). Its box is
mapped back to the page as scanned (undoing the straightening and any down-scaling), painted white
and a light grey ``X`` drawn in it (see :data:`INK`), so a person reads ``1-2345-6789X-XX-X``.
The pixels are changed, so nothing of the digit is left in the image.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from documents.cells import Glyph
from documents.ocr import PAGE_SECONDS, prepared_words, scaled_gray
from masking.errors import MaskError
from masking.plan import MASK, Planner

PAD = 0.12
"""Share of a character box's height added above and below it, so the digit's edges go too."""
XSIZE = 1.0
"""The painted X's size, in character heights."""
INK = 200
"""The painted X's grey (0 black, 255 white). Tesseract's Thai model has no ``X``: a black one
came back as ``%``, ``๐`` or ``2`` and made new numbers out of the kept digits (on a 12-row scan,
3 false phones after three rounds); at grey 185 some still did. At 200 people see a light X and
OCR sees paper, so the copy reads as the kept digits and nothing after them."""
SIDE = 0.05
"""The same, left and right: little, the neighbours are digits that stay."""


@dataclass(frozen=True)
class Box:
    """A character box in the OCR'd image's pixels (y down)."""

    x0: float
    y0: float
    x1: float
    y1: float


def _boxes(lines: list[list[Glyph]], planner: Planner) -> tuple[list[Box], list[str]]:
    """Boxes of the characters to mask, and the masked forms."""
    text: list[str] = []
    owners: list[tuple[Glyph, int] | None] = []  # (word, index in word) per character of the text
    for line in lines:
        for number, word in enumerate(line):
            if number:
                text.append(" ")
                owners.append(None)
            text.extend(word.text)
            owners.extend((word, index) for index in range(len(word.text)))
        text.append("\n")
        owners.append(None)
    plan = planner.plan("".join(text))
    boxes = []
    for offset in sorted(plan.offsets):
        owner = owners[offset]
        if owner is not None:
            word, index = owner
            step = (word.x1 - word.x0) / len(word.text)
            boxes.append(Box(word.x0 + step * index, -word.y1, word.x0 + step * (index + 1), -word.y0))
    return boxes, plan.forms


def _unturn(box: Box, angle: float, turned: tuple[int, int], size: tuple[int, int]) -> Iterator[tuple[float, float]]:
    """The corners of ``box`` (in the image straightened by ``angle`` degrees, expanded to
    ``turned``) in the image before it was turned (``size``)."""
    theta = math.radians(angle)
    cos, sin = math.cos(theta), math.sin(theta)
    for x, y in ((box.x0, box.y0), (box.x1, box.y0), (box.x1, box.y1), (box.x0, box.y1)):
        dx, dy = x - turned[0] / 2, y - turned[1] / 2
        yield dx * cos - dy * sin + size[0] / 2, dx * sin + dy * cos + size[1] / 2


def _paint(image: Image.Image, corners: list[tuple[float, float]], font_file: str) -> None:
    draw = ImageDraw.Draw(image)
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    height = max(ys) - min(ys)
    pad, side = height * PAD, height * SIDE
    draw.polygon([(x, y) for x, y in corners], fill="white")
    draw.rectangle((min(xs) - side, min(ys) - pad, max(xs) + side, max(ys) + pad), fill="white")
    font = ImageFont.truetype(font_file, max(int(height * XSIZE), 6))
    centre = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    draw.text(centre, MASK, fill=INK if image.mode == "L" else (INK, INK, INK), font=font, anchor="mm")


def mask_image(image: Image.Image, planner: Planner, font_file: str, seconds: float = PAGE_SECONDS) -> list[str]:
    """Paint X boxes over the digits to mask in ``image`` (in place); the masked forms."""
    gray, scale = scaled_gray(image)
    page, lines = prepared_words(gray, seconds)
    boxes, forms = _boxes(lines, planner)
    if not boxes:
        return forms
    try:
        ImageFont.truetype(font_file, 10)
    except OSError as exc:
        raise MaskError(f"ไม่พบแบบอักษร (mask.font cannot be read: {exc})") from exc
    for box in boxes:
        corners = [(x / scale, y / scale) for x, y in _unturn(box, page.angle, page.image.size, gray.size)]
        _paint(image, corners, font_file)
    return forms


def mask_image_bytes(data: bytes, planner: Planner, font_file: str, max_frames: int) -> tuple[bytes, list[str]]:
    """An image file (every frame of a multi-page TIFF) with its numbers painted over, same format."""
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise MaskError(f"เปิดภาพไม่ได้ (image cannot be decoded: {exc})") from exc
    image_format = image.format or "PNG"
    frames = []
    forms: list[str] = []
    for index in range(getattr(image, "n_frames", 1)):
        if index >= max_frames:
            raise MaskError(f"ภาพมีหลายหน้าเกินกำหนด (more than documents.ocr_max_pages = {max_frames} frames)")
        image.seek(index)
        frame = image.convert("RGB") if image.mode not in ("L", "RGB") else image.copy()
        forms += mask_image(frame, planner, font_file)
        frames.append(frame)
    if not forms:
        return data, []
    out = io.BytesIO()
    frames[0].save(out, image_format, save_all=len(frames) > 1, append_images=frames[1:])
    return out.getvalue(), forms
