"""A full disk, for real: a 16 MiB tmpfs holds either the object store or the folder where
uploads are received. A 24 MiB document gets a clear 507 in Vietnamese, and nothing of it stays:
no row, no object, no partial file. Once there is room the next upload is stored intact."""

from __future__ import annotations

import hashlib
import io
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.documents.models import Document, DocumentVersion
from app.storage import LocalObjectStore, ObjectStore
from tests.support.pdfs import padded_pdf

MiB = 1024 * 1024
DISK = 16 * MiB


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "small-disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK}", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:  # a real full disk needs a real small filesystem: never skip
        pytest.fail(f"cannot mount a small tmpfs (root needed): {done.stderr}", pytrace=False)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.fixture(params=["store", "scratch"])
def full_part(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def settings(tmp_path: Path, small_disk: Path, full_part: str) -> Settings:
    scratch = small_disk / "scratch" if full_part == "scratch" else tmp_path / "scratch"
    return Settings(
        environment="test",
        data_dir=tmp_path / "data",
        scratch_dir=scratch,
        base_url="http://testserver",
    )


@pytest.fixture
def store(tmp_path: Path, small_disk: Path, full_part: str) -> ObjectStore:
    return LocalObjectStore((small_disk if full_part == "store" else tmp_path) / "objects")


def _upload(client: TestClient, headers: dict[str, str], meeting: int, pdf: Path, first: bool):
    fields = [("title", (None, "Phụ lục quét")), ("classification", (None, "internal"))]
    part = ("file", (pdf.name, pdf.read_bytes(), "application/pdf"))
    files = [*fields, part] if first else [part, *fields]
    return client.post(f"/api/meetings/{meeting}/documents", headers=headers, files=files)


# staged into the store while it arrives (fields first), or received whole, then stored
@pytest.mark.parametrize("fields_first", [True, False])
def test_a_full_disk_refuses_the_upload_cleanly_and_the_next_one_fits(
    client: TestClient,
    db: Session,
    store: LocalObjectStore,
    settings: Settings,
    small_disk: Path,
    office,
    tmp_path: Path,
    fields_first: bool,
) -> None:
    _, headers, meeting = office
    big = padded_pdf(tmp_path / "lon.pdf", 24 * MiB)
    refused = _upload(client, headers, meeting, big, fields_first)
    assert refused.status_code == 507, refused.text
    error = refused.json()["error"]
    assert error["code"] == "storage_full"
    assert "hết dung lượng" in error["message"]
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Document)) == 0
    assert list(store.iter_keys()) == []
    assert list((store.root / ".tmp").iterdir()) == []  # no pending object of the store
    assert list(settings.tmp_dir.iterdir()) == []  # no received file
    leftover = sum(p.stat().st_size for p in small_disk.rglob("*") if p.is_file())
    assert leftover == 0  # the whole small disk is free again

    small = padded_pdf(tmp_path / "nho.pdf", 4 * MiB)
    stored = _upload(client, headers, meeting, small, fields_first)
    assert stored.status_code == 201, stored.text
    db.expire_all()
    version = db.scalar(select(DocumentVersion))
    assert version is not None
    data = b"".join(store.open(version.object_key))
    assert hashlib.sha256(data).hexdigest() == hashlib.sha256(small.read_bytes()).hexdigest()


def test_a_form_upload_on_a_full_scratch_disk_is_storage_full(small_disk: Path) -> None:
    # petition attachments, certificates, delegate lists: the small uploads of forms
    from starlette.datastructures import UploadFile

    from app.api.files import spooled
    from app.storage import StorageFull

    upload = UploadFile(io.BytesIO(b"x" * (DISK + MiB)), filename="dinh-kem.pdf")
    with pytest.raises(StorageFull), spooled(upload, small_disk / "scratch", 10 * DISK):
        pytest.fail("the copy should not have fitted")
    assert list((small_disk / "scratch").iterdir()) == []
