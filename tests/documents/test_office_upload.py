"""Office documents are converted to PDF with LibreOffice; the original is kept."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.documents.models import DocumentVersion
from app.storage import ObjectStore
from tests.support.office import make_docx, upload_office_file

PARAGRAPHS = [
    "ỦY BAN NHÂN DÂN XÃ MẪU",
    "TỜ TRÌNH về việc thông qua kế hoạch chuyển đổi số năm 2027",
    "Ủy ban nhân dân xã kính trình Hội đồng nhân dân xã xem xét, quyết định.",
]


def test_docx_becomes_a_pdf_and_the_original_is_kept(
    client: TestClient, db: Session, store: ObjectStore, office, tmp_path: Path
) -> None:
    _, headers, meeting = office
    docx = make_docx(tmp_path / "to-trinh.docx", PARAGRAPHS).read_bytes()
    response = upload_office_file(client, headers, meeting, "Tờ trình.docx", docx)
    assert response.status_code == 201, response.text
    assert response.json()["pages"] == 1
    served = client.get(f"/api/documents/{response.json()['id']}/content", headers=headers)
    assert served.content.startswith(b"%PDF")
    assert "kế hoạch chuyển đổi số" in PdfReader(io.BytesIO(served.content)).pages[0].extract_text()
    assert served.headers["content-disposition"].endswith("T%E1%BB%9D%20tr%C3%ACnh.pdf")
    db.expire_all()
    version = db.scalar(select(DocumentVersion))
    assert version.original_filename == "Tờ trình.docx"
    assert b"".join(store.open(version.original_key)) == docx
    original = client.get(
        f"/api/documents/{response.json()['id']}/versions/1/original", headers=headers
    )
    assert original.status_code == 200 and original.content == docx
    assert original.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )


def test_converted_documents_are_checked_for_secrecy_marks(
    client: TestClient, db: Session, store: ObjectStore, office, tmp_path: Path
) -> None:
    _, headers, meeting = office
    docx = make_docx(tmp_path / "mat.docx", ["TỐI MẬT", *PARAGRAPHS]).read_bytes()
    response = upload_office_file(client, headers, meeting, "bao-cao.docx", docx)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "secrecy_mark_found"
    assert list(store.iter_keys()) == []


def test_other_zip_files_are_not_office_documents(
    client: TestClient, db: Session, store: ObjectStore, office
) -> None:
    _, headers, meeting = office
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải văn bản")
    response = upload_office_file(client, headers, meeting, "tep.docx", buffer.getvalue())
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "not_a_pdf"
    assert list(store.iter_keys()) == []
