"""A PDF is written into the object store while it arrives, as a pending upload that becomes an
object only once the document has passed its checks (app/documents/upload.py). On SeaweedFS,
with parts small enough that a 12 MiB document really goes up in parts before it is checked."""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.documents.models import Document, DocumentVersion
from app.storage import PendingObject, S3ObjectStore, StoredObject
from tests.support.office import make_docx
from tests.support.pdfs import padded_pdf
from tests.support.s3server import S3Server

MiB = 1024 * 1024
PART = 5 * MiB
SIZE = 12 * MiB


@dataclass
class _Watched:
    """What one pending object went through, seen from outside the store."""

    pending: PendingObject
    written: int = 0
    outcome: str = "open"

    @property
    def key(self) -> str:
        return self.pending.key

    def write(self, data: bytes) -> None:
        self.pending.write(data)
        self.written += len(data)

    def complete(self) -> StoredObject:
        stored = self.pending.complete()
        self.outcome = "completed"
        return stored

    def abort(self) -> None:
        self.pending.abort()
        if self.outcome == "open":
            self.outcome = "aborted"


@dataclass
class WatchedStore:
    """The real S3 store; its pending objects are recorded so a test can tell whether any
    byte of a refused document was ever sent to it."""

    inner: S3ObjectStore
    begun: list[_Watched] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def begin(self, **kw: object) -> _Watched:
        watched = _Watched(self.inner.begin(**kw))  # type: ignore[arg-type]
        with self.lock:
            self.begun.append(watched)
        return watched

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)


@pytest.fixture
def store(s3_server: S3Server) -> Iterator[WatchedStore]:
    client = s3_server.client()
    inner = S3ObjectStore(client, f"staged-{uuid.uuid4().hex[:12]}", PART, 3)
    inner.ensure_bucket()
    yield WatchedStore(inner)
    client.remove_bucket(inner.bucket)


@pytest.fixture
def meeting(office) -> tuple[dict[str, str], int]:
    return office[1:]


def _post(
    client: TestClient,
    headers: dict[str, str],
    meeting: int,
    path: Path,
    *,
    classification: str = "internal",
    fields_first: bool = True,
):
    fields = [("title", (None, "Phụ lục quét")), ("classification", (None, classification))]
    part = ("file", (path.name, path.read_bytes(), "application/pdf"))
    files = [*fields, part] if fields_first else [part, *fields]
    return client.post(f"/api/meetings/{meeting}/documents", headers=headers, files=files)


def _pending_uploads(store: WatchedStore) -> list[object]:
    return store.inner._client._list_multipart_uploads(store.inner.bucket).uploads


def test_accepted_pdf_was_stored_in_parts_while_it_arrived(
    client: TestClient, db: Session, store: WatchedStore, meeting, tmp_path: Path
) -> None:
    headers, meeting_id = meeting
    pdf = padded_pdf(tmp_path / "phu-luc.pdf", SIZE)
    response = _post(client, headers, meeting_id, pdf)
    assert response.status_code == 201, response.text
    [watched] = store.begun
    assert (watched.outcome, watched.written) == ("completed", pdf.stat().st_size)
    db.expire_all()
    version = db.scalar(select(DocumentVersion))
    assert version is not None and version.object_key == watched.key
    assert b"".join(store.open(version.object_key)) == pdf.read_bytes()
    assert version.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    etag = store.inner._client.stat_object(store.inner.bucket, watched.key).etag or ""
    assert etag.endswith("-3")  # three parts: it really was a multipart upload
    assert _pending_uploads(store) == []


def test_stamped_pdf_sent_in_parts_is_refused_and_its_parts_removed(
    client: TestClient, db: Session, store: WatchedStore, meeting, tmp_path: Path
) -> None:
    headers, meeting_id = meeting
    pdf = padded_pdf(tmp_path / "mat.pdf", SIZE, first_page_lines=["MẬT"])
    response = _post(client, headers, meeting_id, pdf)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "secrecy_mark_found"
    [watched] = store.begun
    assert watched.written == pdf.stat().st_size  # it had reached the store, as parts...
    assert watched.outcome == "aborted"  # ...and was never made an object
    assert list(store.iter_keys()) == []
    assert _pending_uploads(store) == []
    assert db.scalar(select(func.count()).select_from(Document)) == 0


def test_secret_declared_after_the_file_never_reaches_the_store(
    client: TestClient, db: Session, store: WatchedStore, meeting, tmp_path: Path
) -> None:
    headers, meeting_id = meeting
    pdf = padded_pdf(tmp_path / "mat.pdf", SIZE)
    response = _post(client, headers, meeting_id, pdf, classification="mat", fields_first=False)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "secret_document_refused"
    assert store.begun == []  # not one byte was written to the store
    assert list(store.iter_keys()) == [] and _pending_uploads(store) == []


def test_unknown_class_or_office_file_is_received_whole_first(
    client: TestClient, db: Session, store: WatchedStore, meeting, tmp_path: Path
) -> None:
    headers, meeting_id = meeting
    pdf = padded_pdf(tmp_path / "a.pdf", 2 * MiB)
    late = _post(client, headers, meeting_id, pdf, fields_first=False)
    assert late.status_code == 201, late.text
    docx = make_docx(tmp_path / "to-trinh.docx", ["Tờ trình về kế hoạch chuyển đổi số"])
    office = _post(client, headers, meeting_id, docx)
    assert office.status_code == 201, office.text
    assert store.begun == []  # both stored with put() after their checks
    assert len(list(store.iter_keys())) == 3  # the two PDFs and the office original
