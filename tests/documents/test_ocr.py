"""A scanned Vietnamese PDF (pages as images, no text layer) becomes findable by a word on
its page once the background OCR (OCRmyPDF + Tesseract, Vietnamese) has run; the file itself
stays byte for byte as uploaded, and the office page shows the job's state."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app import pdf
from app.audit.models import AuditEvent
from app.config import Settings
from app.directory.models import Role
from app.documents.models import DocumentVersion
from app.jobs import service as jobs
from app.storage import ObjectStore
from tests.factories import directory as f
from tests.factories import meetings as m


def scanned_pdf(tmp: Path, header: tuple[str, ...] = (), paragraphs: tuple[str, ...] = ()) -> bytes:
    """Typeset, rendered to 200 dpi images by poppler, and put back together as images only."""
    import subprocess

    typeset = tmp / "typeset.pdf"
    pdf.render_text_pdf(
        typeset,
        title="TỜ TRÌNH VỀ NẠO VÉT KÊNH MƯƠNG",
        paragraphs=[
            "Ủy ban nhân dân xã đề nghị nạo vét kênh mương nội đồng thôn Đông trước mùa mưa lũ.",
            *paragraphs,
        ],
        header=header,
    )
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(typeset), str(tmp / "page")], check=True)
    pages = [Image.open(p).convert("RGB") for p in sorted(tmp.glob("page-*.png"))]
    scan = tmp / "scan.pdf"
    pages[0].save(scan, save_all=True, append_images=pages[1:], resolution=200)
    return scan.read_bytes()


def test_scanned_pdf_becomes_searchable_after_background_ocr(
    client: TestClient,
    db: Session,
    session_factory: sessionmaker[Session],
    store: ObjectStore,
    settings: Settings,
    tmp_path: Path,
) -> None:
    council = f.council(db)
    clerk_user = f.user(db, council=council, role=Role.clerk)
    clerk = f.bearer(db, clerk_user)
    meeting = m.meeting(db, council=council)
    data = scanned_pdf(tmp_path)
    uploaded = client.post(
        f"/api/meetings/{meeting.id}/documents",
        headers=clerk,
        data={"title": "Tờ trình số 14", "classification": "internal"},
        files={"file": ("scan.pdf", data, "application/pdf")},
    )
    assert uploaded.status_code == 201, uploaded.text  # accepted at once; OCR comes later
    document = uploaded.json()["id"]
    search = {"q": "nao vet kenh muong"}
    assert client.get("/api/search", params=search, headers=clerk).json() == []
    page = client.get(f"/office/meetings/{meeting.id}", headers=clerk)
    assert "Chờ nhận dạng chữ (OCR)" in page.text

    assert jobs.run_due(session_factory, store, settings.data_dir / "tmp") == 1
    found = client.get("/api/search", params=search, headers=clerk).json()
    assert [d["id"] for d in found] == [document]
    (version,) = client.get(f"/api/documents/{document}/versions", headers=clerk).json()
    assert version["sha256"] == hashlib.sha256(data).hexdigest()  # the scan, as uploaded
    assert "Đã nhận dạng chữ" in client.get(f"/office/meetings/{meeting.id}", headers=clerk).text
    assert jobs.run_due(session_factory, store, settings.data_dir / "tmp") == 0  # once only


def test_a_scan_stamped_in_its_header_is_refused_at_upload(
    client: TestClient, db: Session, tmp_path: Path
) -> None:
    """The upload reads page 1 as it looks: a scan no longer waits for the worker's OCR."""
    council = f.council(db)
    clerk = f.bearer(db, f.user(db, council=council, role=Role.clerk))
    meeting = m.meeting(db, council=council)
    data = scanned_pdf(tmp_path, header=("ỦY BAN NHÂN DÂN XÃ THỬ", "TỐI MẬT"))
    refused = client.post(
        f"/api/meetings/{meeting.id}/documents",
        headers=clerk,
        data={"title": "Báo cáo quét", "classification": "internal"},
        files={"file": ("scan.pdf", data, "application/pdf")},
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["code"] == "secrecy_mark_found"
    assert db.scalar(select(DocumentVersion.id)) is None


def test_a_scan_whose_text_shows_a_secrecy_mark_is_purged_rows_and_files(
    client: TestClient,
    db: Session,
    session_factory: sessionmaker[Session],
    store: ObjectStore,
    settings: Settings,
    tmp_path: Path,
) -> None:
    """Below the stamp area the upload does not read a scan; the worker's OCR of every page
    still finds a mark there, and the document goes: the second line of defence."""
    council = f.council(db)
    clerk = f.bearer(db, f.user(db, council=council, role=Role.clerk))
    meeting = m.meeting(db, council=council)
    filler = "Kênh mương nội đồng bị bồi lắng, dòng chảy không thông suốt, ảnh hưởng sản xuất."
    data = scanned_pdf(tmp_path, paragraphs=(*([filler] * 14), "TỐI MẬT"))
    uploaded = client.post(
        f"/api/meetings/{meeting.id}/documents",
        headers=clerk,
        data={"title": "Báo cáo quét", "classification": "internal"},
        files={"file": ("scan.pdf", data, "application/pdf")},
    )
    assert uploaded.status_code == 201, uploaded.text  # low on the page: not a header stamp
    document = uploaded.json()["id"]
    key = db.scalar(
        select(DocumentVersion.object_key).where(DocumentVersion.document_id == document)
    )
    assert key is not None and store.stat(key).size == len(data)

    assert jobs.run_due(session_factory, store, settings.data_dir / "tmp") == 1
    assert client.get(f"/api/documents/{document}/content", headers=clerk).status_code == 404
    assert client.get("/api/search", params={"q": "kenh muong"}, headers=clerk).json() == []
    with pytest.raises(Exception):  # noqa: B017 - the file is gone from the object store too
        store.stat(key)
    db.expire_all()
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "document.purged_secret"))
    assert event is not None and event.details["mark"] == "TỐI MẬT"
