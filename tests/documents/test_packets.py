"""Session packets through the API: upload, secret exclusion, bad files, serving, versions."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.config import Settings
from app.directory.models import Clearance, Role, User
from app.documents.models import Document, DocumentRead, DocumentVersion, PaperDocument
from app.storage import LocalObjectStore, ObjectStore
from tests.factories import directory as f
from tests.support.pdfs import make_encrypted_pdf, make_pdf, truncate


def _upload(
    client: TestClient,
    headers: dict[str, str],
    meeting_id: int,
    path: Path | None,
    *,
    classification: str = "internal",
    filename: str = "to-trinh.pdf",
    content: bytes | None = None,
    fields_first: bool = True,
    **extra: str,
):
    fields = {
        "title": "Tờ trình về kế hoạch chuyển đổi số",
        "classification": classification,
        **extra,
    }
    data = content if content is not None else path.read_bytes()
    file_part = ("file", (filename, data, "application/pdf"))
    parts = [(k, (None, v)) for k, v in fields.items()]
    ordered = [*parts, file_part] if fields_first else [file_part, *parts]
    return client.post(f"/api/meetings/{meeting_id}/documents", headers=headers, files=ordered)


def _nothing_new(db: Session, store: ObjectStore, settings: Settings, keys: set[str]) -> None:
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Document)) == 0
    assert db.scalar(select(func.count()).select_from(DocumentVersion)) == 0
    assert set(store.iter_keys()) == keys
    if isinstance(store, LocalObjectStore):  # nor a pending object of the store
        assert list((store.root / ".tmp").iterdir()) == []
    tmp = settings.data_dir / "tmp"
    assert not tmp.exists() or list(tmp.iterdir()) == []


def test_upload_stores_bytes_hash_pages_and_text(
    client: TestClient, db: Session, store: ObjectStore, office, tmp_path: Path
) -> None:
    _, headers, meeting_id = office
    path = make_pdf(tmp_path / "a.pdf", pages=4)
    response = _upload(client, headers, meeting_id, path, doc_type="proposal", number="05/TTr-UBND")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (body["size"], body["pages"], body["version"]) == (path.stat().st_size, 4, 1)
    db.expire_all()
    version = db.scalar(select(DocumentVersion))
    assert b"".join(store.open(version.object_key)) == path.read_bytes()
    assert "chuyển đổi số" in version.text.lower()
    listed = client.get(f"/api/meetings/{meeting_id}/documents", headers=headers).json()
    assert [(d["title"], d["number"], d["badge"]) for d in listed] == [
        ("Tờ trình về kế hoạch chuyển đổi số", "05/TTr-UBND", "new")
    ]


@pytest.mark.parametrize("level", ["mat", "toi_mat", "tuyet_mat", "TOI_MAT"])
@pytest.mark.parametrize("fields_first", [True, False])
def test_declared_secret_is_refused_and_nothing_is_kept(
    client: TestClient,
    db: Session,
    store: ObjectStore,
    settings: Settings,
    office,
    tmp_path: Path,
    level: str,
    fields_first: bool,
) -> None:
    _, headers, meeting_id = office
    keys = set(store.iter_keys())
    audit_before = db.scalar(select(func.count()).select_from(AuditEvent))
    response = _upload(
        client,
        headers,
        meeting_id,
        make_pdf(tmp_path / "s.pdf"),
        classification=level,
        fields_first=fields_first,
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "secret_document_refused"
    assert "Luật Bảo vệ bí mật nhà nước" in error["message"]
    _nothing_new(db, store, settings, keys)
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == audit_before


def test_secrecy_stamp_on_page_one_is_refused_unless_overridden(
    client: TestClient,
    db: Session,
    store: ObjectStore,
    settings: Settings,
    office,
    tmp_path: Path,
) -> None:
    council, headers, meeting_id = office
    stamped = make_pdf(tmp_path / "tm.pdf", first_page_lines=["TỐI MẬT"])
    keys = set(store.iter_keys())
    refused = _upload(client, headers, meeting_id, stamped)
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "secrecy_mark_found"
    assert "TỐI MẬT" in refused.json()["error"]["message"]
    _nothing_new(db, store, settings, keys)

    delegate = f.user(db, council=council, clearance=Clearance.restricted)
    client.post(f"/api/meetings/{meeting_id}/status", headers=headers, json={"status": "convened"})
    assert (
        _upload(
            client, f.login(client, delegate), meeting_id, stamped, secrecy_override_reason="x"
        ).status_code
        == 403
    )
    accepted = _upload(
        client,
        headers,
        meeting_id,
        stamped,
        secrecy_override_reason="Dấu “TỐI MẬT” là hình minh họa trong báo cáo",
    )
    assert accepted.status_code == 201
    db.expire_all()
    override = db.scalar(select(AuditEvent).where(AuditEvent.action == "document.secrecy_override"))
    assert override is not None and "hình minh họa" in override.details["reason"]


def test_ordinary_words_about_secrecy_are_not_marks(
    client: TestClient, office, tmp_path: Path
) -> None:
    _, headers, meeting_id = office
    body = (
        "Mỗi đại biểu được cấp tài khoản và mật khẩu riêng. Cán bộ phải bảo mật thông tin "
        "cá nhân và không tiết lộ bí mật kinh doanh của doanh nghiệp. "
    ) * 20
    path = make_pdf(tmp_path / "ok.pdf", body=body)
    assert _upload(client, headers, meeting_id, path).status_code == 201


def test_bad_files_get_4xx_and_leave_nothing(
    client: TestClient,
    db: Session,
    store: ObjectStore,
    settings: Settings,
    office,
    tmp_path: Path,
) -> None:
    _, headers, meeting_id = office
    good = make_pdf(tmp_path / "g.pdf", pages=2)
    cases = {
        "not_a_pdf": dict(content="Đây là tệp văn bản, không phải PDF".encode()),
        "not_a_pdf/png": dict(content=b"\x89PNG\r\n\x1a\n" + b"\x00" * 200),
        "encrypted_pdf": dict(path=make_encrypted_pdf(tmp_path / "e.pdf", user_password="x")),
        "damaged_pdf": dict(
            path=truncate(tmp_path / "t.pdf", good.stat().st_size // 2)
            if (tmp_path / "t.pdf").write_bytes(good.read_bytes())
            else None
        ),
        "missing_file": dict(content=b""),
        "invalid_filename": dict(path=good, filename="../../etc/passwd.pdf"),
    }
    keys = set(store.iter_keys())
    for expected, case in cases.items():
        response = _upload(
            client,
            headers,
            meeting_id,
            case.get("path"),
            content=case.get("content"),
            filename=case.get("filename", "tai-lieu.pdf"),
        )
        assert response.status_code == 422, (expected, response.text)
        assert response.json()["error"]["code"] == expected.split("/")[0], expected
        assert response.json()["error"]["message"]
    # httpx escapes control characters in file names, so this body is written by hand.
    raw = (
        b'--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nT\r\n'
        b'--b\r\nContent-Disposition: form-data; name="classification"\r\n\r\npublic\r\n'
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="a\x07b\x1b.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n" + good.read_bytes() + b"\r\n--b--\r\n"
    )
    control = client.post(
        f"/api/meetings/{meeting_id}/documents",
        content=raw,
        headers={**headers, "content-type": "multipart/form-data; boundary=b"},
    )
    assert control.status_code == 422
    assert control.json()["error"]["code"] == "invalid_filename"
    unknown = _upload(client, headers, meeting_id, good, colour="đỏ")
    assert unknown.status_code == 422
    _nothing_new(db, store, settings, keys)


def test_files_over_the_limit_are_413(
    client: TestClient,
    db: Session,
    store: ObjectStore,
    settings: Settings,
    office,
    tmp_path: Path,
) -> None:
    _, headers, meeting_id = office
    settings.max_upload_bytes = 100_000
    big = make_pdf(tmp_path / "big.pdf", pages=60)
    assert big.stat().st_size > 100_000
    keys = set(store.iter_keys())
    response = _upload(client, headers, meeting_id, big)
    assert response.status_code == 413
    declared = client.post(
        f"/api/meetings/{meeting_id}/documents",
        headers={
            **headers,
            "content-length": str(3 * 1024**3),
            "content-type": "multipart/form-data; boundary=x",
        },
        content=b"--x--",
    )
    assert declared.status_code == 413
    _nothing_new(db, store, settings, keys)


def test_range_etag_and_public_bytes_are_exact(client: TestClient, office, tmp_path: Path) -> None:
    _, headers, meeting_id = office
    path = make_pdf(tmp_path / "p.pdf", pages=3)
    original = path.read_bytes()
    doc_id = _upload(
        client, headers, meeting_id, path, classification="public", filename="Tờ trình số 05.pdf"
    ).json()["id"]
    full = client.get(f"/api/documents/{doc_id}/content", headers=headers)
    assert full.status_code == 200 and full.content == original
    assert full.headers["etag"] == f'"{hashlib.sha256(original).hexdigest()}"'
    assert full.headers["content-disposition"] == (
        'inline; filename="To trinh so 05.pdf"; '
        "filename*=UTF-8''T%E1%BB%9D%20tr%C3%ACnh%20s%E1%BB%91%2005.pdf"
    )
    part = client.get(
        f"/api/documents/{doc_id}/content", headers={**headers, "Range": "bytes=100-199"}
    )
    assert part.status_code == 206
    assert part.content == original[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(original)}"
    tail = client.get(f"/api/documents/{doc_id}/content", headers={**headers, "Range": "bytes=-50"})
    assert tail.content == original[-50:]
    beyond = client.get(
        f"/api/documents/{doc_id}/content", headers={**headers, "Range": f"bytes={len(original)}-"}
    )
    assert beyond.status_code == 416
    cached = client.get(
        f"/api/documents/{doc_id}/content",
        headers={**headers, "If-None-Match": full.headers["etag"]},
    )
    assert cached.status_code == 304 and cached.content == b""


def test_internal_documents_carry_the_readers_name_on_every_page(
    client: TestClient, db: Session, office, tmp_path: Path
) -> None:
    council, headers, meeting_id = office
    path = make_pdf(tmp_path / "i.pdf", pages=3)
    doc_id = _upload(client, headers, meeting_id, path, classification="internal").json()["id"]
    assert (
        client.post(
            f"/api/meetings/{meeting_id}/status", headers=headers, json={"status": "convened"}
        ).status_code
        == 200
    )
    names = ("Nguyễn Thị Ánh", "Trần Văn Bình")
    copies = []
    for name in names:
        reader = f.user(db, council=council, full_name=name)
        response = client.get(f"/api/documents/{doc_id}/content", headers=f.login(client, reader))
        assert response.status_code == 200
        pages = PdfReader(io.BytesIO(response.content)).pages
        assert len(pages) == 3
        assert all(name in page.extract_text() for page in pages), name
        copies.append(response.content)
        again = client.get(
            f"/api/documents/{doc_id}/content",
            headers={**f.login(client, reader), "Range": "bytes=0-99"},
        )
        assert again.content == response.content[:100]  # the same copy, served by range
    assert copies[0] != copies[1] and path.read_bytes() not in copies
    db.expire_all()
    reads = db.scalars(select(DocumentRead)).all()
    assert sorted(r.times for r in reads) == [2, 2]


def test_versions_badges_and_old_versions(
    client: TestClient, db: Session, office, tmp_path: Path
) -> None:
    council, headers, meeting_id = office
    client.post(f"/api/meetings/{meeting_id}/status", headers=headers, json={"status": "convened"})
    v1 = make_pdf(tmp_path / "v1.pdf", pages=2)
    v2 = make_pdf(tmp_path / "v2.pdf", pages=3, title="Dự thảo nghị quyết (sửa đổi)")
    first = _upload(client, headers, meeting_id, v1, classification="public").json()["id"]
    other = _upload(client, headers, meeting_id, v1, classification="public").json()["id"]
    delegate = f.user(db, council=council)
    reader = f.login(client, delegate)
    client.get(f"/api/documents/{first}/content", headers=reader)
    replaced = client.post(
        f"/api/documents/{first}/versions",
        headers=headers,
        files={"file": ("v2.pdf", v2.read_bytes(), "application/pdf")},
    )
    assert replaced.status_code == 201 and replaced.json()["version"] == 2
    badges = {
        d["id"]: (d["badge"], d["version"], d["pages"])
        for d in client.get(f"/api/meetings/{meeting_id}/documents", headers=reader).json()
    }
    assert badges == {first: ("updated", 2, 3), other: ("new", 1, 2)}
    assert client.get(f"/api/documents/{first}/content", headers=reader).content == v2.read_bytes()
    assert (
        client.get(f"/api/meetings/{meeting_id}/documents", headers=reader).json()[0]["badge"]
        == "seen"
    )
    assert (
        client.get(f"/api/documents/{first}/versions/1/content", headers=reader).status_code == 404
    )
    old = client.get(f"/api/documents/{first}/versions/1/content", headers=headers)
    assert old.status_code == 200 and old.content == v1.read_bytes()
    assert [
        v["version"] for v in client.get(f"/api/documents/{first}/versions", headers=headers).json()
    ] == [2, 1]


def test_paper_register_for_secret_documents(client: TestClient, db: Session, office) -> None:
    council, headers, meeting_id = office
    response = client.post(
        f"/api/meetings/{meeting_id}/paper-documents",
        headers=headers,
        json={"title": "Báo cáo tình hình an ninh quốc phòng", "secrecy": "mat", "copies": 25},
    )
    assert response.status_code == 201, response.text
    assert response.json()["notice"] == "Tài liệu mật — phát bản giấy tại kỳ họp"
    with_file = client.post(
        f"/api/meetings/{meeting_id}/paper-documents",
        headers=headers,
        json={"title": "X", "secrecy": "mat", "copies": 1, "file": "…"},
    )
    assert with_file.status_code == 422
    not_secret = client.post(
        f"/api/meetings/{meeting_id}/paper-documents",
        headers=headers,
        json={"title": "X", "secrecy": "internal", "copies": 1},
    )
    assert not_secret.status_code == 422
    entry = response.json()["id"]
    assert client.patch(
        f"/api/paper-documents/{entry}",
        headers=headers,
        json={"returned": True, "recipients": "Đ/c An (số 01)"},
    ).json()["returned"]
    client.post(f"/api/meetings/{meeting_id}/status", headers=headers, json={"status": "convened"})
    guest = f.user(db, council=council, role=Role.guest, clearance=Clearance.public)
    client.post(f"/api/meetings/{meeting_id}/guests", headers=headers, json={"user_id": guest.id})
    seen_by_guest = client.get(
        f"/api/meetings/{meeting_id}/paper-documents", headers=f.login(client, guest)
    ).json()
    assert [(e["title"], e["recipients"]) for e in seen_by_guest] == [("Tài liệu mật", "")]
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(PaperDocument)) == 1
    assert db.scalar(select(func.count()).select_from(User)) == 2
