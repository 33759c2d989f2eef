"""The register of issued documents (sổ văn bản đi): a year's numbered documents in their
series' order, with signers and status, searchable without diacritics, exported as a
workbook, for the office and the chair only."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from app.directory.models import BodyKind, Council, Role
from app.documents.models import Classification, Document, DocumentType
from app.signing.models import CredentialKind, DocumentSignature, SignatureLevel, SignatureRole
from app.storage import ObjectStore
from tests.factories import directory as f
from tests.factories import meetings as m
from tests.support.pdfs import make_pdf


def _numbered(
    db: Session,
    store: ObjectStore,
    council: Council,
    number: str,
    title: str,
    *,
    on: datetime,
    signers: tuple[tuple[SignatureRole, str], ...] = (),
    issued: bool = False,
    published: bool = False,
) -> Document:
    meeting = m.meeting(db, council=council)
    document = m.document(
        db,
        store,
        meeting=meeting,
        classification=Classification.public,
        content=b"%PDF-1.4",
        title=title,
    )
    document.number, document.verify_code = number, f"code-{council.id}-{number}"
    document.doc_type = DocumentType.minutes if "/BB-" in number else DocumentType.resolution
    document.updated_at = on
    document.issued_at = on if issued else None
    document.published_at = on if published else None
    for role, subject in signers:
        db.add(
            DocumentSignature(
                document_id=document.id,
                version=1,
                role=role,
                level=SignatureLevel.b_t,
                kind=CredentialKind.pkcs12,
                subject=subject,
                signed_at=on,
            )
        )
    db.flush()
    return document


def test_the_register_lists_a_years_numbers_in_order_with_their_signers(
    client: TestClient, db: Session, store: ObjectStore
) -> None:
    council = f.council(db)
    clerk = f.login(client, f.user(db, council=council, role=Role.clerk))
    chair_sig = (SignatureRole.certify, "Trần Thị Mai")
    seal = (SignatureRole.seal, "Hội đồng nhân dân xã Thử")
    may = datetime(2026, 5, 4, 3, tzinfo=UTC)
    _numbered(db, store, council, "10/NQ-HĐND", "Nghị quyết về chuyển đổi số", on=may)
    _numbered(
        db,
        store,
        council,
        "2/NQ-HĐND",
        "Nghị quyết về dự toán ngân sách",
        on=may,
        signers=(chair_sig, seal),
        issued=True,
        published=True,
    )
    _numbered(
        db, store, council, "1/BB-HĐND", "Biên bản kỳ họp thứ hai", on=may, signers=(chair_sig,)
    )
    _numbered(
        db,
        store,
        council,
        "5/NQ-HĐND",
        "Nghị quyết năm trước",
        on=datetime(2025, 12, 20, 3, tzinfo=UTC),
        issued=True,
    )
    m.document(
        db,
        store,
        meeting=m.meeting(db, council=council),
        classification=Classification.public,
        content=b"%PDF-1.4",
        title="Chưa cấp số",
    )

    listed = client.get(f"/api/councils/{council.id}/issued-documents?year=2026", headers=clerk)
    assert listed.status_code == 200, listed.text
    rows = listed.json()
    assert [(r["number"], r["status"], r["signers"]) for r in rows] == [
        ("1/BB-HĐND", "certified", ["Trần Thị Mai"]),
        ("2/NQ-HĐND", "published", ["Trần Thị Mai", "Hội đồng nhân dân xã Thử"]),
        ("10/NQ-HĐND", "numbered", []),
    ]
    assert rows[1]["day"] == "2026-05-04" and rows[1]["doc_type"] == "resolution"
    last_year = client.get(
        f"/api/councils/{council.id}/issued-documents?year=2025", headers=clerk
    ).json()
    assert [r["number"] for r in last_year] == ["5/NQ-HĐND"]
    for q, numbers in (
        ("10/nq", ["10/NQ-HĐND"]),
        ("chuyen doi so", ["10/NQ-HĐND"]),
        ("bien ban", ["1/BB-HĐND"]),
    ):
        found = client.get(
            f"/api/councils/{council.id}/issued-documents?year=2026&q={q}", headers=clerk
        ).json()
        assert [r["number"] for r in found] == numbers, q

    book = client.get(f"/api/councils/{council.id}/issued-documents.xlsx?year=2026", headers=clerk)
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert sheet is not None
    lines = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [(line[0], line[5]) for line in lines] == [
        ("1/BB-HĐND", "Đã ký, chờ đóng dấu"),
        ("2/NQ-HĐND", "Đã ban hành, đã công khai"),
        ("10/NQ-HĐND", "Đã cấp số, chờ ký"),
    ]
    page = client.get(f"/office/councils/{council.id}/register?year=2026", headers=clerk)
    assert page.status_code == 200 and "Sổ văn bản đi 2026" in page.text
    delegate = f.login(client, f.user(db, council=council))
    assert (
        client.get(f"/api/councils/{council.id}/issued-documents", headers=delegate).status_code
        == 403
    )


def test_an_issued_document_leaves_as_one_package_another_system_imports(
    client: TestClient, db: Session, store: ObjectStore
) -> None:
    council = f.council(db, name="HĐND xã Gói")
    clerk = f.login(client, f.user(db, council=council, role=Role.clerk))
    may = datetime(2026, 5, 4, 3, tzinfo=UTC)
    issued = _numbered(
        db,
        store,
        council,
        "2/NQ-HĐND",
        "Nghị quyết về dự toán ngân sách",
        on=may,
        signers=(
            (SignatureRole.certify, "Trần Thị Mai"),
            (SignatureRole.seal, "Hội đồng nhân dân xã Gói"),
        ),
        issued=True,
    )
    pending = _numbered(db, store, council, "3/NQ-HĐND", "Nghị quyết chờ ký", on=may)
    response = client.get(f"/api/documents/{issued.id}/package.zip", headers=clerk)
    assert response.status_code == 200, response.text
    assert "van-ban-2-NQ-H" in response.headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["metadata.json", "van-ban.pdf"]
    assert archive.read("van-ban.pdf") == b"%PDF-1.4"  # the stored bytes, unchanged
    record = json.loads(archive.read("metadata.json"))
    assert (record["issuer"], record["number"], record["doc_type_name"]) == (
        "HĐND xã Gói",
        "2/NQ-HĐND",
        "Nghị quyết",
    )
    assert [s["subject"] for s in record["signers"]] == ["Trần Thị Mai", "Hội đồng nhân dân xã Gói"]
    assert record["file"]["sha256"] == hashlib.sha256(b"%PDF-1.4").hexdigest()
    assert record["verification_url"].endswith(f"/verify/{issued.verify_code}")
    refused = client.get(f"/api/documents/{pending.id}/package.zip", headers=clerk)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "not_issued_yet"
    delegate = f.login(client, f.user(db, council=council))
    assert client.get(f"/api/documents/{issued.id}/package.zip", headers=delegate).status_code in (
        403,
        404,
    )


def test_a_document_issued_outside_any_session_is_numbered_and_registered(
    client: TestClient, db: Session, tmp_path: Path
) -> None:
    council = f.council(db, name="HĐND xã Ngoài Kỳ Họp")
    f.body(db, council=council, kind=BodyKind.standing_committee, name="Thường trực HĐND")
    clerk = f.login(client, f.user(db, council=council, role=Role.clerk))
    pdf = make_pdf(tmp_path / "thong-bao.pdf", pages=1, title="Thông báo kết luận")
    created = []
    kinds = {
        "Thông báo kết luận phiên họp Thường trực": "notice",
        "Kế hoạch giám sát năm 2027": "plan",
        "Công văn đề nghị UBND xã báo cáo": "official_letter",
        "Quyết định thành lập Đoàn giám sát": "decision",
    }
    for title, kind in kinds.items():
        uploaded = client.post(
            f"/api/councils/{council.id}/issued-documents",
            headers=clerk,
            data={"title": title, "doc_type": kind, "classification": "public"},
            files={"file": ("van-ban.pdf", pdf.read_bytes(), "application/pdf")},
        )
        assert uploaded.status_code == 201, uploaded.text
        created.append(uploaded.json()["id"])
    documents = [db.get(Document, i) for i in created]
    assert all(d is not None for d in documents)
    # both kept in the one register of the year, a convened Standing Committee meeting
    assert len({d.meeting_id for d in documents if d}) == 1
    for document in created:
        numbered = client.post(f"/api/documents/{document}/number", headers=clerk)
        assert numbered.status_code in (200, 201), numbered.text
    listed = client.get(f"/api/councils/{council.id}/issued-documents", headers=clerk).json()
    # each in its own series per Decree 30; a công văn names no type but the drafting office
    assert sorted((r["number"], r["status"]) for r in listed) == [
        ("1/HĐND-VP", "numbered"),
        ("1/KH-HĐND", "numbered"),
        ("1/QĐ-HĐND", "numbered"),
        ("1/TB-HĐND", "numbered"),
    ]
    assert listed[0]["meeting_title"].startswith("Văn bản ban hành ngoài kỳ họp năm")
    delegate = f.login(client, f.user(db, council=council))
    refused = client.post(
        f"/api/councils/{council.id}/issued-documents",
        headers=delegate,
        data={"title": "Không được", "doc_type": "other", "classification": "public"},
        files={"file": ("van-ban.pdf", pdf.read_bytes(), "application/pdf")},
    )
    assert refused.status_code == 403
