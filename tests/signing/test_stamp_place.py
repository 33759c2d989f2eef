"""Where the chair's signature goes: the office picks the place on a preview of the last page
(an image button, so no script is needed) and the signature lands there; unpicked, it goes
below the title line, or on a full page without one, to the lowest place clear of the text."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.documents.models import Document
from app.i18n import local_time
from app.signing import stamps
from app.signing.models import DocumentSignature
from tests.factories import directory as f
from tests.factories.directory import PASSWORD
from tests.signing.conftest import PASSPHRASE, Council_, add_pkcs12
from tests.support.office import office_login
from tests.support.pdfs import _font, corpus_paragraphs
from tests.support.pki import Identity


def _text_lines(path: Path) -> list[tuple[float, float, float, float]]:
    document = pdfium.PdfDocument(path)
    try:
        text = document[len(document) - 1].get_textpage()
        return [text.get_rect(i) for i in range(text.count_rects())]
    finally:
        document.close()


def test_a_full_page_without_a_title_line_keeps_its_text_clear(tmp_path: Path) -> None:
    # a last page typed to the bottom margin, with a gap the signature fits in at mid-height
    path = tmp_path / "full.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    page.setFont(_font(), 10)
    lines = [p[:90] for p in corpus_paragraphs()] * 4
    y = A4[1] - 60
    for line in lines:
        if y < 40:
            break
        if not 300 < y < 400:
            page.drawString(60, y, line)
        y -= 14
    page.showPage()
    page.save()

    box = stamps.chair_box(path)
    text = _text_lines(path)
    assert not any(stamps._touches(box, line) for line in text), box
    assert box.y0 > 290 and box.y1 < 410  # in the gap
    # where it used to go: bottom right, over the body text
    old = stamps.Box(box.page, box.x0, 90.0, box.x0 + stamps.CHAIR_W, 90.0 + stamps.CHAIR_H)
    assert any(stamps._touches(old, line) for line in text)


def _number(client: TestClient, issuing: Council_) -> None:
    numbered = client.post(
        f"/api/documents/{issuing.resolution.id}/number", headers=f.login(client, issuing.clerk)
    )
    assert numbered.status_code == 200, numbered.text


def _chair_rect(pdf: bytes) -> list[float]:
    reader = PdfReader(io.BytesIO(pdf))
    for annotation in reader.pages[-1].get("/Annots", []):
        widget = annotation.get_object()
        if widget.get("/T") == "ChairSignature":
            return [float(v) for v in widget["/Rect"]]
    raise AssertionError("no chair signature on the last page")


def test_the_office_picks_the_place_and_the_chair_signs_there(
    client: TestClient,
    db: Session,
    issuing: Council_,
    chair_identity: Identity,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn: list[str] = []  # the time each stamp shows (the stamp is still drawn for real)
    real_stamp = stamps.chair_stamp
    monkeypatch.setattr(
        stamps,
        "chair_stamp",
        lambda name, at, capacity: drawn.append(at) or real_stamp(name, at, capacity),
    )
    _number(client, issuing)
    doc = issuing.resolution.id
    csrf = office_login(client, issuing.clerk.username, PASSWORD)
    page = client.get(f"/office/documents/{doc}/stamp")
    assert page.status_code == 200
    assert 'type="image" name="at"' in page.text and "Vị trí do hệ thống chọn" in page.text
    height = int(re.search(r'name="height" value="(\d+)"', page.text).group(1))  # type: ignore[union-attr]
    assert height == round(420 * 842 / 595)
    preview = client.get(f"/office/documents/{doc}/stamp.png?at=auto")
    image = Image.open(io.BytesIO(preview.content)).convert("RGB")
    assert image.width == 420 and abs(image.height - height) <= 1  # PDFium rounds up
    blue = sum(1 for r, g, b in image.get_flattened_data() if b > 120 and r < 60 and g < 80)
    assert blue > 200  # the frame of where the chair signs

    # a click on the preview, 60 px from the left and 100 px from the top
    moved = client.post(
        f"/office/documents/{doc}/stamp",
        data={"at.x": "60", "at.y": "100", "height": str(height), "csrf_token": csrf},
    )
    assert moved.status_code == 200 and str(moved.url).endswith("?ok=stamp_placed")
    assert "Vị trí do Văn phòng chọn" in moved.text
    db.expire_all()
    document = db.get_one(Document, doc)
    assert (document.stamp_x, document.stamp_y) == (60 / 420, 1 - 100 / height)
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "document.stamp_placed"))
    missing = client.post(
        f"/office/documents/{doc}/stamp", data={"height": str(height), "csrf_token": csrf}
    )
    assert missing.status_code == 422 and "at" in missing.text

    credential = add_pkcs12(client, issuing.chair, chair_identity)
    signed = client.post(
        f"/api/documents/{doc}/sign",
        headers=f.login(client, issuing.chair),
        json={"passphrase": PASSPHRASE, "credential_id": credential},
    )
    assert signed.status_code == 201, signed.text
    # the verification page's time is the stamp's, to the second
    row = db.scalars(select(DocumentSignature).where(DocumentSignature.document_id == doc)).one()
    assert drawn == [f"{local_time(row.signed_at)} +07:00"] and row.signed_at.microsecond == 0
    content = client.get(f"/api/documents/{doc}/content", headers=f.login(client, issuing.clerk))
    x0, y0, x1, y1 = _chair_rect(content.content)
    width, page_height = 595.0, 842.0
    # centred where clicked, kept on the page: x clamped to the left edge, y as clicked
    assert abs(x0 - max(0.0, 60 / 420 * width - stamps.CHAIR_W / 2)) < 1.5
    assert abs((y0 + y1) / 2 - (1 - 100 / height) * page_height) < 1.5
    assert abs(x1 - x0 - stamps.CHAIR_W) < 1.5

    # signed: the place is fixed, and the page says so
    again = client.post(
        f"/office/documents/{doc}/stamp",
        data={"at.x": "200", "at.y": "500", "height": str(height), "csrf_token": csrf},
    )
    assert again.status_code == 409 and "không thể dời vị trí chữ ký" in again.text
    assert 'type="image"' not in again.text


def test_only_the_office_picks(client: TestClient, issuing: Council_) -> None:
    _number(client, issuing)
    delegate = f.login(client, issuing.delegate)
    page = client.get(f"/office/documents/{issuing.resolution.id}/stamp", headers=delegate)
    assert page.status_code in (403, 404)
