"""The indicators exported: a workbook (the figures, each month's, and every record behind
them), a chart per indicator over the months (PNG, drawn with Pillow), and the report to the
province (a Word document the office edits, filed as a Standing Committee document that the
upload pipeline turns into a PDF to number and sign)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from docx.shared import Cm
from openpyxl import Workbook
from openpyxl.styles import Font
from PIL import Image, ImageDraw, ImageFont

from app.directory.models import Council
from app.documents import service as documents
from app.documents.models import Classification, DocumentType
from app.documents.schemas import DocumentFields
from app.floor.minutes import official_docx
from app.floor.records import LANG
from app.i18n import t
from app.indicators.schemas import EvidenceRow, Indicator, Indicators
from app.pdf import FONT_PATH

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 760, 300, 56, 48, 44
BAR, INK, GRID = (140, 29, 24), (20, 20, 30), (217, 212, 222)


def figure(indicator: Indicator, lang: str = LANG) -> str:
    """ "62,5% (5/8)" for a share, "3" for a count, "—" when nothing was measured yet."""
    if indicator.value is None:
        return "—"
    if indicator.denominator is None:
        return str(int(indicator.value))
    pct = f"{indicator.value * 100:.1f}".removesuffix(".0")
    if lang == "vi":
        pct = pct.replace(".", ",")
    return f"{pct}% ({indicator.numerator}/{indicator.denominator})"


def period_text(data: Indicators) -> str:
    return t(
        "indicators.period",
        LANG,
        start=data.start.strftime("%d/%m/%Y"),
        end=data.end.strftime("%d/%m/%Y"),
    )


def chart(indicator: Indicator) -> bytes:
    """The indicator month by month: a bar a month, its figure written on it."""
    font = ImageFont.truetype(str(FONT_PATH), 13)
    bold = ImageFont.truetype(str(FONT_PATH), 16)
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.text((12, 10), t(f"indicators.{indicator.key}", LANG), fill=INK, font=bold)
    points = indicator.series
    values = [p.value or 0.0 for p in points]
    top = 1.0 if indicator.share else max(values, default=0.0) or 1.0
    plot_h = HEIGHT - TOP - BOTTOM
    draw.line((LEFT, TOP, LEFT, TOP + plot_h), fill=GRID)
    draw.line((LEFT, TOP + plot_h, WIDTH - 12, TOP + plot_h), fill=GRID)
    draw.text((8, TOP - 6), "100%" if indicator.share else str(int(top)), fill=INK, font=font)
    step = (WIDTH - LEFT - 24) / max(len(points), 1)
    for i, point in enumerate(points):
        x0 = LEFT + 8 + i * step
        height = round(plot_h * ((point.value or 0.0) / top))
        if point.value is not None:
            draw.rectangle((x0, TOP + plot_h - height, x0 + step * 0.6, TOP + plot_h), fill=BAR)
        label = (
            "—"
            if point.value is None
            else (f"{point.value * 100:.0f}%" if indicator.share else str(int(point.value)))
        )
        draw.text((x0, TOP + plot_h - height - 16), label, fill=INK, font=font)
        draw.text(
            (x0, TOP + plot_h + 6), point.month[5:] + "/" + point.month[2:4], fill=INK, font=font
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def workbook(council_name: str, data: Indicators, evidence: dict[str, list[EvidenceRow]]) -> bytes:
    """Three sheets: the figures; each indicator month by month; every record behind them."""
    book = Workbook()
    figures = book.active
    assert figures is not None
    figures.title = t("indicators.sheet_figures", LANG)
    figures.append([council_name, period_text(data)])
    figures.append(
        [
            t(k, LANG)
            for k in (
                "indicators.col_indicator",
                "indicators.col_value",
                "indicators.col_numerator",
                "indicators.col_denominator",
            )
        ]
    )
    for cell in figures[2]:
        cell.font = Font(bold=True)
    for ind in data.indicators:
        figures.append(
            [t(f"indicators.{ind.key}", LANG), ind.value, ind.numerator, ind.denominator]
        )
    months = book.create_sheet(t("indicators.sheet_months", LANG))
    months.append(
        [t("indicators.col_indicator", LANG), *(p.month for p in data.indicators[0].series)]
    )
    for ind in data.indicators:
        months.append([t(f"indicators.{ind.key}", LANG), *(p.value for p in ind.series)])
    rows = book.create_sheet(t("indicators.sheet_evidence", LANG))
    rows.append(
        [
            t(k, LANG)
            for k in (
                "indicators.col_indicator",
                "indicators.col_record",
                "indicators.col_day",
                "indicators.col_numerator",
                "indicators.col_denominator",
                "indicators.col_link",
            )
        ]
    )
    for key, entries in evidence.items():
        for row in entries:
            rows.append(
                [t(f"indicators.{key}", LANG), row.label, row.day, row.num, row.den, row.url]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_report(council: Council, data: Indicators, dst: Path) -> None:
    doc = official_docx(council, t("indicators.report_title", LANG), period_text(data))
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text = t("indicators.col_indicator", LANG)
    table.rows[0].cells[1].text = t("indicators.col_value", LANG)
    for ind in data.indicators:
        cells = table.add_row().cells
        cells[0].text = t(f"indicators.{ind.key}", LANG)
        cells[1].text = figure(ind)
    doc.add_paragraph(t("indicators.report_evidence_note", LANG))
    for ind in data.indicators:
        doc.add_picture(io.BytesIO(chart(ind)), width=Cm(16))
    doc.save(str(dst))


@contextmanager
def draft(council: Council, data: Indicators, tmp_dir: Path) -> Iterator[Path]:
    with documents.scratch_file(tmp_dir, "bao-cao-chi-tieu.docx") as path:
        write_report(council, data, path)
        yield path


def document_fields(data: Indicators) -> DocumentFields:
    """Internal until the office decides otherwise: a report to the province."""
    return DocumentFields(
        title=f"{t('indicators.report_title', LANG)} ({period_text(data)})"[:300],
        doc_type=DocumentType.report,
        classification=Classification.internal,
    )
