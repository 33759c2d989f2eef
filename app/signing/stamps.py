"""Signature appearances per Decree 30/2020, drawn as small PDFs with a Vietnamese-capable font
(pyHanko's own text stamp spaces Vietnamese letters badly) and the QR band of an issued
document. Also where on the page the chair's signature goes."""

from __future__ import annotations

import io
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import segno
from PIL import Image, ImageDraw
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from app.pdf import FONT_PATH, NumberSlot, register_font

SEAL_RED = (0.85, 0.08, 0.08)
SIGNATURE_BLUE = (0.05, 0.15, 0.55)
CHAIR_W, CHAIR_H = 170.0, 72.0
SEAL_D = 100.0  # a commune seal is ~35 mm across; drawn at real size
SEAL_TEXT_H = 20.0
ATTACHMENT_W, ATTACHMENT_H = 190.0, 44.0
QR_SIZE = 17 * mm
_TITLE_LINE = re.compile(r"(PHÓ\s+)?(CHỦ\s+TỊCH|TRƯỞNG\s+BAN)")


@dataclass(frozen=True)
class Box:
    page: int  # 0-based
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (round(self.x0), round(self.y0), round(self.x1), round(self.y1))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _oblique_font() -> str:
    name = "KyHopDejaVuSansOblique"
    if name not in pdfmetrics.getRegisteredFontNames():
        oblique = FONT_PATH.with_name("DejaVuSans-Oblique.ttf")
        pdfmetrics.registerFont(TTFont(name, str(oblique if oblique.exists() else FONT_PATH)))
    return name


def _fit(text: str, font: str, size: float, width: float) -> float:
    return min(size, width / max(pdfmetrics.stringWidth(text, font, 1), 1))


def chair_box(path: Path, at: tuple[float, float] | None = None) -> Box:
    """Where the chair's signature goes on the last page: centred on `at` (fractions of the
    page's width from the left and height from the bottom) when the office picked the place
    on a preview; else below the title line ("CHỦ TỊCH", "KT. CHỦ TỊCH /
    PHÓ CHỦ TỊCH") above the printed name; else the lowest free place on the right, clear
    of the page's text (bottom right of a scan, whose text we cannot see)."""
    reader = PdfReader(path)
    index = len(reader.pages) - 1
    page = reader.pages[index]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    if at is not None:
        x0 = min(max(at[0] * width - CHAIR_W / 2, 0.0), width - CHAIR_W)
        y0 = min(max(at[1] * height - CHAIR_H / 2, 0.0), height - CHAIR_H)
        return Box(index, x0, y0, x0 + CHAIR_W, y0 + CHAIR_H)
    found: list[tuple[float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, font_size: float) -> None:
        # upper case only: the signer's printed name ("Nguyễn Thị Chủ Tịch") must not match
        if _TITLE_LINE.search(_nfc(text)):
            # page position = text matrix × current transformation (platypus moves the cm)
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            size = (font_size or 12.0) * (math.hypot(tm[0], tm[1]) or 1.0)
            size *= math.hypot(cm[0], cm[1]) or 1.0
            found.append((x + pdfmetrics.stringWidth(_nfc(text), register_font(), size) / 2, y))

    page.extract_text(visitor_text=visit)
    if found:
        centre, baseline = min(found, key=lambda hit: hit[1])  # the lowest: the signature block
        x0 = min(max(centre - CHAIR_W / 2, 18.0), width - CHAIR_W - 18.0)
        y1 = baseline - 6.0
        if y1 - CHAIR_H > 18.0:
            return Box(index, x0, y1 - CHAIR_H, x0 + CHAIR_W, y1)
    return _free_place(path, index, width, height)


_STEP = 12.0  # points between the places tried
_CLEARANCE = 4.0  # points kept between the signature and any text


def _free_place(path: Path, index: int, width: float, height: float) -> Box:
    """The lowest place of the chair's size that no text of the page touches, trying the
    right side first (where Decree 30 puts the signature), then the middle, then the left."""
    document = pdfium.PdfDocument(path)
    try:
        text = document[index].get_textpage()
        lines = [text.get_rect(i) for i in range(text.count_rects())]
    finally:
        document.close()
    columns = (width - CHAIR_W - 50.0, (width - CHAIR_W) / 2, 50.0)
    y0 = 60.0
    while y0 + CHAIR_H < height - 60.0:
        for x0 in columns:
            box = Box(index, x0, y0, x0 + CHAIR_W, y0 + CHAIR_H)
            if not any(_touches(box, line) for line in lines):
                return box
        y0 += _STEP
    x0 = columns[0]
    return Box(index, x0, 90.0, x0 + CHAIR_W, 90.0 + CHAIR_H)  # a full page: as before


def _touches(box: Box, line: tuple[float, float, float, float]) -> bool:
    left, bottom, right, top = line
    return not (
        right + _CLEARANCE <= box.x0
        or left - _CLEARANCE >= box.x1
        or top + _CLEARANCE <= box.y0
        or bottom - _CLEARANCE >= box.y1
    )


def seal_box(chair: Box) -> Box:
    """The seal covers about the left third of the chair's signature."""
    right = chair.x0 + chair.width / 3
    top = (chair.y0 + chair.y1) / 2 + SEAL_D / 2
    return Box(chair.page, right - SEAL_D, top - SEAL_D - SEAL_TEXT_H, right, top)


def attachment_box(first_page_size: tuple[float, float]) -> Box:
    width, height = first_page_size
    return Box(
        0, width - ATTACHMENT_W - 28.0, height - ATTACHMENT_H - 20.0, width - 28.0, height - 20.0
    )


def _canvas(width: float, height: float) -> tuple[canvas.Canvas, io.BytesIO]:
    buffer = io.BytesIO()
    return canvas.Canvas(buffer, pagesize=(width, height)), buffer


def _done(pdf: canvas.Canvas, buffer: io.BytesIO) -> bytes:
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def chair_stamp(full_name: str, signed_at: str, capacity: tuple[str, ...] = ()) -> bytes:
    """The signer's mark: in what capacity they sign (on whose behalf, then "KT." and their
    own title where they sign for the head), their name written as a signature, and when."""
    font, script = register_font(), _oblique_font()
    pdf, buffer = _canvas(CHAIR_W, CHAIR_H)
    if capacity:
        pdf.setFillColorRGB(0.2, 0.2, 0.2)
        for y, line in ((CHAIR_H - 8, capacity[0]), (CHAIR_H - 15.5, " – ".join(capacity[1:]))):
            text = _nfc(line)
            pdf.setFont(font, _fit(text, font, 6.5, CHAIR_W - 8))
            pdf.drawCentredString(CHAIR_W / 2, y, text)
    mid = CHAIR_H / 2 - (6 if capacity else 0)  # under the capacity's two lines
    name = _nfc(full_name)
    pdf.setFillColorRGB(*SIGNATURE_BLUE)
    pdf.setFont(script, _fit(name, script, 16 if capacity else 18, CHAIR_W - 12))
    pdf.drawCentredString(CHAIR_W / 2, mid + 2, name)
    pdf.setStrokeColorRGB(*SIGNATURE_BLUE)
    pdf.setLineWidth(0.8)
    pdf.bezier(30, mid - 4, 70, mid - 12, 110, mid + 2, 145, mid - 6)
    pdf.setFillColorRGB(0.2, 0.2, 0.2)
    pdf.setFont(font, 6.5)
    pdf.drawCentredString(CHAIR_W / 2, 6, f"Ký số: {signed_at}")
    return _done(pdf, buffer)


def seal_stamp(organisation: str, signed_at: str) -> bytes:
    """The red round seal with the organisation's name, and the organisation signature's text
    (name, time) beneath it."""
    font = register_font()
    height = SEAL_D + SEAL_TEXT_H
    pdf, buffer = _canvas(SEAL_D, height)
    org = _nfc(organisation).upper()
    cx, cy, r = SEAL_D / 2, SEAL_TEXT_H + SEAL_D / 2, SEAL_D / 2 - 2
    pdf.setStrokeColorRGB(*SEAL_RED)
    pdf.setFillColorRGB(*SEAL_RED)
    pdf.setFillAlpha(0.9)
    pdf.setStrokeAlpha(0.9)
    pdf.setLineWidth(2.2)
    pdf.circle(cx, cy, r)
    pdf.setLineWidth(0.8)
    pdf.circle(cx, cy, r - 16)
    # the name around the ring, letter by letter, reading clockwise over the top
    size = 7.5
    pdf.setFont(font, size)
    arc = math.radians(300)
    step = arc / max(len(org), 1)
    start = math.pi / 2 + arc / 2 - step / 2
    for i, letter in enumerate(org):
        angle = start - i * step
        pdf.saveState()
        pdf.translate(cx + (r - 10) * math.cos(angle), cy + (r - 10) * math.sin(angle))
        pdf.rotate(math.degrees(angle) - 90)
        pdf.drawCentredString(0, -size / 3, letter)
        pdf.restoreState()
    star = [
        (
            cx + 12 * math.cos(math.pi / 2 + k * 4 * math.pi / 5),
            cy + 12 * math.sin(math.pi / 2 + k * 4 * math.pi / 5),
        )
        for k in range(5)
    ]
    path = pdf.beginPath()
    path.moveTo(*star[0])
    for point in star[1:]:
        path.lineTo(*point)
    path.close()
    pdf.drawPath(path, fill=1, stroke=0)
    pdf.setFillAlpha(1)
    pdf.setFillColorRGB(0.2, 0.2, 0.2)
    name = _nfc(organisation)
    pdf.setFont(font, _fit(name, font, 6, SEAL_D))
    pdf.drawCentredString(SEAL_D / 2, 11, name)
    pdf.setFont(font, _fit(signed_at, font, 6, SEAL_D))
    pdf.drawCentredString(SEAL_D / 2, 3, signed_at)
    return _done(pdf, buffer)


def attachment_stamp(organisation: str, number: str, signed_at: str) -> bytes:
    """An attachment's organisation signature, top right of page 1, without an image."""
    font = register_font()
    pdf, buffer = _canvas(ATTACHMENT_W, ATTACHMENT_H)
    pdf.setStrokeColorRGB(*SEAL_RED)
    pdf.setLineWidth(0.8)
    pdf.rect(1, 1, ATTACHMENT_W - 2, ATTACHMENT_H - 2)
    pdf.setFillColorRGB(*SEAL_RED)
    lines = [_nfc(organisation), f"Số: {number}" if number else "", signed_at]
    for i, line in enumerate(line for line in lines if line):
        pdf.setFont(font, _fit(line, font, 8, ATTACHMENT_W - 10))
        pdf.drawString(5, ATTACHMENT_H - 13 - i * 12, line)
    return _done(pdf, buffer)


def number_band(
    page_size: tuple[float, float],
    *,
    number: str,
    url: str,
    caption: str,
    slot: NumberSlot | None = None,
    serial: str = "",
) -> bytes:
    """Page 1's overlay on issuing: a small QR to the verification page, with the number,
    and the register's `serial` written into the document's own blank «Số:  /…» `slot`."""
    width, height = page_size
    font = register_font()
    pdf, buffer = _canvas(width, height)
    if slot is not None:
        _fill_slot(pdf, font, slot, serial)
    qr = segno.make(url, error="m")
    modules = qr.symbol_size(border=2)[0]
    unit = QR_SIZE / modules
    x, y = 28.0, 20.0
    pdf.setFillColorRGB(1, 1, 1)
    pdf.rect(x, y, QR_SIZE, QR_SIZE, stroke=0, fill=1)
    pdf.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(qr.matrix_iter(border=2)):
        for col_index, dark in enumerate(row):
            if dark:
                pdf.rect(
                    x + col_index * unit,
                    y + QR_SIZE - (row_index + 1) * unit,
                    unit,
                    unit,
                    stroke=0,
                    fill=1,
                )
    pdf.setFont(font, 7)
    pdf.drawString(x + QR_SIZE + 6, y + QR_SIZE - 10, f"Số: {number}")
    pdf.setFont(font, 6)
    pdf.drawString(x + QR_SIZE + 6, y + QR_SIZE - 20, _nfc(caption))
    pdf.drawString(x + QR_SIZE + 6, y + QR_SIZE - 29, url)
    return _done(pdf, buffer)


def _fill_slot(pdf: canvas.Canvas, font: str, slot: NumberSlot, serial: str) -> None:
    """The serial, centred in the blank and the size of the line's letters; dots or a rule
    drawn as the blank are covered first, so the line reads «Số: 12/NQ-HĐND»."""
    size = _fit(serial, font, slot.size, slot.x1 - slot.x0 - 2)
    pdf.setFillColorRGB(1, 1, 1)
    pdf.rect(slot.x0 + 0.5, slot.baseline - 0.3 * size, slot.x1 - slot.x0 - 1, 1.1 * size, 0, 1)
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont(font, size)
    pdf.drawCentredString((slot.x0 + slot.x1) / 2, slot.baseline, serial)


def mark_places(image: bytes, page_size: tuple[float, float], *, chair: Box, seal: Box) -> bytes:
    """The page's preview with where the chair signs (a blue frame) and the seal (a red ring)
    drawn over it, for the office to check or move."""
    with Image.open(io.BytesIO(image)) as opened:
        page = opened.convert("RGB")
    scale = page.width / page_size[0]

    def pixels(box: Box) -> tuple[float, float, float, float]:
        return (
            box.x0 * scale,
            page.height - box.y1 * scale,
            box.x1 * scale,
            page.height - box.y0 * scale,
        )

    draw = ImageDraw.Draw(page)
    draw.rectangle(pixels(chair), outline=(13, 38, 140), width=3)
    x0, y0, x1, _y1 = pixels(seal)
    draw.ellipse((x0, y0, x1, y0 + (x1 - x0)), outline=(217, 20, 20), width=3)
    out = io.BytesIO()
    page.save(out, "PNG")
    return out.getvalue()
