"""QR codes (segno) and the printable sheet of QR cards (reportlab, A4, 8 cards a page)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from app.pdf import register_font


def svg(url: str) -> str:
    # URLs stay ASCII, which every phone camera and zbar decode reliably.
    return segno.make(url, error="m").svg_inline(scale=4)


def png(url: str, *, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


@dataclass(frozen=True)
class Card:
    name: str
    position: str
    url: str


COLUMNS, ROWS = 2, 4


def sheet(cards: Sequence[Card], *, heading: str, hint: str) -> bytes:
    """Cards to cut out or lay on the hall's tables: name, meeting, QR code."""
    font = register_font()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setTitle(heading)
    width, height = A4
    margin = 12 * mm
    card_w = (width - 2 * margin) / COLUMNS
    card_h = (height - 2 * margin) / ROWS
    for index, card in enumerate(cards):
        slot = index % (COLUMNS * ROWS)
        if index and slot == 0:
            page.showPage()
        x = margin + (slot % COLUMNS) * card_w
        y = height - margin - (slot // COLUMNS + 1) * card_h
        page.setDash(2, 3)
        page.rect(x, y, card_w, card_h)
        page.setDash()
        page.setFont(font, 13)
        page.drawCentredString(x + card_w / 2, y + card_h - 10 * mm, card.name)
        page.setFont(font, 9)
        page.drawCentredString(x + card_w / 2, y + card_h - 15 * mm, card.position[:60])
        page.drawCentredString(x + card_w / 2, y + card_h - 20 * mm, heading[:70])
        side = card_h - 32 * mm
        page.drawImage(
            ImageReader(io.BytesIO(png(card.url, scale=6))),
            x + (card_w - side) / 2,
            y + 8 * mm,
            side,
            side,
        )
        page.setFont(font, 8)
        page.drawCentredString(x + card_w / 2, y + 4 * mm, hint)
    page.showPage()
    page.save()
    return buffer.getvalue()
