"""Number → chair certifies → office seals, at B-T with a local TSA; verified by us and by
poppler's pdfsig; the rendered pages show the stamps and the QR leads to the record."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.audit.models import AuditEvent
from app.config import Settings
from app.documents.models import Classification, DocumentType, DocumentVersion
from app.main import create_app
from app.meetings.models import Meeting
from app.signing.models import DocumentSignature
from app.storage import LocalObjectStore, ObjectStore, StoredObject
from tests.factories import directory as f
from tests.factories import meetings as m
from tests.signing.conftest import PASSPHRASE, Council_, add_anchor, add_pkcs12
from tests.support.pdfs import resolution_pdf
from tests.support.pki import Identity, TestPKI, nss_db


def issue(
    client: TestClient, c: Council_, chair: Identity, seal: Identity
) -> tuple[dict[str, object], bytes]:
    chair_cred = add_pkcs12(client, c.chair, chair)
    seal_cred = add_pkcs12(client, c.clerk, seal)
    clerk, chair_h = f.login(client, c.clerk), f.login(client, c.chair)
    numbered = client.post(f"/api/documents/{c.resolution.id}/number", headers=clerk)
    assert numbered.status_code == 200, numbered.text
    signed = client.post(
        f"/api/documents/{c.resolution.id}/sign",
        headers=chair_h,
        json={"passphrase": PASSPHRASE, "credential_id": chair_cred},
    )
    assert signed.status_code == 201, signed.text
    sealed = client.post(
        f"/api/documents/{c.resolution.id}/sign",
        headers=clerk,
        json={"passphrase": PASSPHRASE, "credential_id": seal_cred},
    )
    assert sealed.status_code == 201, sealed.text
    content = client.get(f"/api/documents/{c.resolution.id}/content", headers=clerk)
    assert content.status_code == 200
    return numbered.json(), content.content


def test_resolution_is_numbered_certified_sealed_and_verifies(
    client: TestClient,
    db: Session,
    issuing: Council_,
    pki: TestPKI,
    chair_identity: Identity,
    seal_identity: Identity,
    tmp_path: Path,
) -> None:
    add_anchor(client, issuing.admin, pki.root.cert_pem())
    numbered, signed = issue(client, issuing, chair_identity, seal_identity)
    assert numbered["number"] == "1/NQ-HĐND"
    db.refresh(issuing.resolution)
    assert issuing.resolution.doc_type is DocumentType.resolution
    assert issuing.resolution.issued_at is not None
    roles = db.scalars(
        select(DocumentSignature.role).where(DocumentSignature.document_id == issuing.resolution.id)
    ).all()
    assert sorted(r.value for r in roles) == ["certify", "seal"]
    actions = set(db.scalars(select(AuditEvent.action)))
    assert {"document.numbered", "document.certified", "document.sealed"} <= actions
    # the delegate gets the exact signed bytes (no watermark over a signature)
    delegate_copy = client.get(
        f"/api/documents/{issuing.resolution.id}/content", headers=f.login(client, issuing.delegate)
    )
    assert delegate_copy.content == signed

    report = client.post("/api/verify", files={"file": ("nq.pdf", signed, "application/pdf")})
    assert report.status_code == 200, report.text
    body = report.json()
    assert body["indication"] == "TOTAL_PASSED", body
    chair_sig, seal_sig = body["signatures"]
    assert chair_sig["signer"]["name"] == chair_identity.subject_cn
    assert chair_sig["certification"] == "fill_forms"
    assert chair_sig["timestamp"]["trusted"] is True and chair_sig["level"] == "B-T"
    assert seal_sig["whole_document"] is True and seal_sig["indication"] == "TOTAL_PASSED"
    assert chair_sig["chain"][-1] == pki.root.subject_cn

    # an independent validator agrees
    path = tmp_path / "nq.pdf"
    path.write_bytes(signed)
    out = subprocess.run(
        ["pdfsig", "-nssdir", str(nss_db(tmp_path / "nss", pki.root.cert)), str(path)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    assert out.count("Signature is Valid.") == 2, out
    assert out.count("Certificate is Trusted.") == 2, out

    # the QR page shows the record and recognises the issued file byte for byte
    record_path = str(numbered["verification_url"]).removeprefix("http://testserver")
    record = client.post(record_path, files={"file": ("nq.pdf", signed, "application/pdf")})
    assert record.status_code == 200 and "1/NQ-HĐND" in record.text
    assert "Tệp trùng khớp với văn bản đã ban hành" in record.text and "Hợp lệ" in record.text
    altered = client.post(record_path, files={"file": ("nq.pdf", signed + b"\n% x\n")})
    assert "KHÔNG trùng khớp" in altered.text
    # once published, the QR page offers the issued original to compare a paper copy with
    download = f'href="/p/documents/{issuing.resolution.id}/content"'
    assert download not in client.get(record_path).text
    clerk = f.login(client, issuing.clerk)
    assert client.post(f"/api/documents/{issuing.resolution.id}/publish", headers=clerk).is_success
    page = client.get(record_path).text
    assert download in page
    original = client.get(f"/p/documents/{issuing.resolution.id}/content")
    assert original.status_code == 200 and original.content == signed

    # page 1 carries the QR of the verification page; it decodes to the URL on record
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(path), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    decoded = subprocess.run(
        ["zbarimg", "--nodbus", "-q", "--raw", str(pages[0])],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    assert decoded == numbered["verification_url"]
    # the last page shows the chair's blue signature and the red seal over its left third
    last = Image.open(pages[-1]).convert("RGB")
    scale = 150 / 72
    height = last.height

    def share(color: str, box: tuple[float, float, float, float]) -> float:
        x0, y0, x1, y1 = (round(v * scale) for v in box)
        region = last.crop((x0, height - y1, x1, height - y0))
        pixels = list(region.getdata())
        if color == "red":
            hits = [p for p in pixels if p[0] > 150 and p[1] < 90 and p[2] < 90]
        else:
            hits = [p for p in pixels if p[2] > 100 and p[0] < 80 and p[1] < 110]
        return len(hits) / len(pixels)

    # the signature block of the test resolution is centred at x=420 under "CHỦ TỊCH" (y=284)
    chair_left_third = (335, 210, 392, 278)
    chair_right = (392, 210, 505, 278)
    assert share("red", chair_left_third) > 0.02  # the seal covers the left third ...
    assert share("red", chair_right) < 0.005  # ... and no more
    assert share("blue", chair_right) > 0.005  # the chair's signature shows beside it


def test_resolution_numbers_are_sequential_per_series_and_year(
    client: TestClient, db: Session, issuing: Council_
) -> None:
    clerk = f.login(client, issuing.clerk)
    first = client.post(f"/api/documents/{issuing.resolution.id}/number", headers=clerk)
    again = client.post(f"/api/documents/{issuing.resolution.id}/number", headers=clerk)
    assert first.json()["number"] == "1/NQ-HĐND"
    assert again.status_code == 409 and again.json()["error"]["code"] == "wrong_signing_step"
    versions = db.scalars(
        select(DocumentVersion.version).where(DocumentVersion.document_id == issuing.resolution.id)
    ).all()
    assert sorted(versions) == [1, 2]


def test_wrong_passphrase_and_wrong_steps_leave_no_version(
    client: TestClient,
    db: Session,
    issuing: Council_,
    chair_identity: Identity,
    seal_identity: Identity,
) -> None:
    chair_cred = add_pkcs12(client, issuing.chair, chair_identity)
    add_pkcs12(client, issuing.clerk, seal_identity)
    chair_h, clerk = f.login(client, issuing.chair), f.login(client, issuing.clerk)
    url = f"/api/documents/{issuing.resolution.id}/sign"
    # not numbered yet
    early = client.post(url, headers=chair_h, json={"passphrase": PASSPHRASE})
    assert early.status_code == 409
    assert (
        client.post(f"/api/documents/{issuing.resolution.id}/number", headers=clerk).status_code
        == 200
    )
    # the seal cannot come before the chair's signature on a resolution
    assert client.post(url, headers=clerk, json={"passphrase": PASSPHRASE}).status_code == 409
    wrong = client.post(
        url, headers=chair_h, json={"passphrase": "sai-mat-khau", "credential_id": chair_cred}
    )
    assert wrong.status_code == 422 and wrong.json()["error"]["code"] == "bad_pkcs12"
    assert "mật khẩu" in wrong.json()["error"]["message"]
    # a delegate signs nothing
    delegate = client.post(url, headers=f.login(client, issuing.delegate), json={})
    assert delegate.status_code == 403
    db.refresh(issuing.resolution)
    assert issuing.resolution.current_version == 2  # only the numbered version was added
    assert db.scalar(select(DocumentSignature.id)) is None


def test_verify_rejects_non_pdf_and_reports_unsigned(client: TestClient) -> None:
    bad = client.post("/api/verify", files={"file": ("x.txt", b"hello", "text/plain")})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "not_a_pdf"
    unsigned = client.post("/api/verify", files={"file": ("a.pdf", resolution_pdf(1))})
    assert unsigned.status_code == 200 and unsigned.json()["indication"] == "NO_SIGNATURE"


class NumberingRace(LocalObjectStore):
    """A real local store; the first numbered page 1 it is given stands for the moment another
    clerk numbers another resolution of the same series, between the stamp and the write."""

    def __init__(self, root: Path, meanwhile: Callable[[], None]) -> None:
        super().__init__(root)
        self.meanwhile: Callable[[], None] | None = meanwhile

    def put(self, source: Any, **kwargs: Any) -> StoredObject:
        stored = super().put(source, **kwargs)
        if self.meanwhile is not None and kwargs.get("prefix") == "documents":
            meanwhile, self.meanwhile = self.meanwhile, None
            meanwhile()
        return stored


def test_a_number_taken_while_page_1_is_stamped_is_stamped_again_with_the_next(
    db: Session,
    session_factory: sessionmaker[Session],
    settings: Settings,
    store: ObjectStore,
    issuing: Council_,
    tmp_path: Path,
) -> None:
    """Page 1 is stamped holding no connection; if another resolution takes the predicted
    number meanwhile, the write refuses it and the stamp is made again: no number skipped, none
    given twice, no stray object left."""
    other = m.document(
        db,
        store,
        meeting=db.get_one(Meeting, issuing.resolution.meeting_id),
        classification=Classification.public,
        content=resolution_pdf(),
        title="Nghị quyết về dự toán ngân sách năm 2027",
    )
    other.doc_type = DocumentType.draft_resolution
    db.flush()
    holder: dict[str, TestClient] = {}

    def another_clerk_numbers_the_other() -> None:
        answer = holder["client"].post(f"/api/documents/{other.id}/number", headers=clerk)
        assert answer.status_code == 200 and answer.json()["number"] == "1/NQ-HĐND"

    racing = NumberingRace(tmp_path / "objects", another_clerk_numbers_the_other)  # the same
    app = create_app(settings, sessionmaker_=session_factory, store=racing)
    with TestClient(app, raise_server_exceptions=False) as client:
        holder["client"] = client
        clerk = f.login(client, issuing.clerk)
        numbered = client.post(f"/api/documents/{issuing.resolution.id}/number", headers=clerk)
    assert numbered.status_code == 200, numbered.text
    assert numbered.json()["number"] == "2/NQ-HĐND"
    db.expire_all()
    kept = {v.object_key for v in db.scalars(select(DocumentVersion))}
    assert set(racing.iter_keys()) <= kept  # the first attempt's stamped copy was removed
    path = tmp_path / "numbered.pdf"
    path.write_bytes(
        b"".join(racing.open(db.get_one(DocumentVersion, numbered.json()["id"]).object_key))
    )
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "2/NQ-HĐND" in text and "1/NQ-HĐND" not in text
