"""The register's number goes into the document's own blank «Số:  /NQ-HĐND» (Decree 30's
number line), not only into the QR band at the foot of page 1."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
from fastapi.testclient import TestClient
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from app import pdf
from app.signing import stamps
from app.signing.service import _own_slot
from tests.factories import directory as f
from tests.signing.conftest import Council_
from tests.support.pdfs import _font


def page_one_text(path: Path) -> str:
    """Page 1 as poppler lays it out: words in reading order, by position."""
    return subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def number_line(path: Path) -> str:
    return next(line for line in page_one_text(path).splitlines() if "Số:" in line).strip()


def test_the_number_is_written_into_the_blank_of_page_one(
    client: TestClient, issuing: Council_, tmp_path: Path
) -> None:
    clerk = f.login(client, issuing.clerk)
    before = tmp_path / "draft.pdf"
    before.write_bytes(
        client.get(f"/api/documents/{issuing.resolution.id}/content", headers=clerk).content
    )
    assert re.fullmatch(r"Số:\s+/NQ-HĐND", number_line(before)), number_line(before)

    numbered = client.post(f"/api/documents/{issuing.resolution.id}/number", headers=clerk)
    assert numbered.status_code == 200 and numbered.json()["number"] == "1/NQ-HĐND"
    after = tmp_path / "numbered.pdf"
    after.write_bytes(
        client.get(f"/api/documents/{issuing.resolution.id}/content", headers=clerk).content
    )
    assert re.fullmatch(r"Số:\s*1\s*/NQ-HĐND", number_line(after)), number_line(after)


def ink(path: Path, box: tuple[float, float, float, float]) -> int:
    """Dark pixels of page 1 inside `box` (points, from the lower left corner)."""
    scale = 3
    document = pdfium.PdfDocument(path)
    try:
        image = document[0].render(scale=scale, grayscale=True).to_pil().convert("L")
    finally:
        document.close()
    x0, y0, x1, y1 = box
    height = image.height / scale
    crop = image.crop(
        (
            round(x0 * scale),
            round((height - y1) * scale),
            round(x1 * scale),
            round((height - y0) * scale),
        )
    )
    return sum(crop.histogram()[:128])


def _page_with(line: str, path: Path) -> Path:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont(_font(), 13)
    page.drawCentredString(150, A4[1] - 96, line)
    page.showPage()
    page.save()
    path.write_bytes(buffer.getvalue())
    return path


def test_a_dotted_blank_is_covered_and_another_series_is_left_alone(tmp_path: Path) -> None:
    dotted = _page_with("Số: ……… /NQ-HĐND", tmp_path / "dotted.pdf")
    slot = _own_slot(dotted, "NQ")
    assert slot is not None and slot.code == "NQ-HĐND" and 12 < slot.size < 14
    stamped = tmp_path / "stamped.pdf"
    band = stamps.number_band(
        A4, number="7/NQ-HĐND", url="https://x.test/verify/c", caption="", slot=slot, serial="7"
    )
    pdf.overlay_first_page(dotted, stamped, overlay=band)
    # the serial sits between the colon and the slash ...
    assert re.search(r"^\s*7\s*/NQ-HĐND", page_one_text(stamped), re.M), page_one_text(stamped)
    # ... and the dots left of it are covered: ink there before, none after
    centre = (slot.x0 + slot.x1) / 2
    left_of_serial = (slot.x0 + 1, slot.baseline - 1, centre - 6, slot.baseline + 0.6 * slot.size)
    assert ink(dotted, left_of_serial) > 0
    assert ink(stamped, left_of_serial) == 0

    # a plan's «Số: /KH-HĐND» is not a resolution's slot; a line already numbered has none
    assert _own_slot(_page_with("Số:      /KH-HĐND", tmp_path / "kh.pdf"), "NQ") is None
    assert pdf.number_slot(_page_with("Số: 12/NQ-HĐND", tmp_path / "done.pdf")) is None
