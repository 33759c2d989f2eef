"""What the viewer gets on a slow link: page 1 as an image, drawn once per version (public
documents' image is shared and cacheable, internal ones carry the reader's watermark like
their copy of the file), and a public file as a reading copy laid out for range requests."""

from __future__ import annotations

import io
from pathlib import Path

from fastapi.testclient import TestClient
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.documents.models import DocumentRead, DocumentVersion
from app.storage import ObjectStore
from tests.documents.test_packets import _upload
from tests.factories import directory as f
from tests.support.pdfs import make_big_pdf, make_pdf, resolution_pdf


def _image(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    assert image.format == "WEBP"
    return image.convert("L")


def _previews(store: ObjectStore) -> list[str]:
    return [key for key in store.iter_keys() if key.startswith("previews/")]


def test_a_public_page_one_is_drawn_once_and_cached(
    client: TestClient, db: Session, store: ObjectStore, office, tmp_path: Path
) -> None:
    _, headers, meeting_id = office
    path = tmp_path / "nq.pdf"
    path.write_bytes(resolution_pdf())
    doc_id = _upload(client, headers, meeting_id, path, classification="public").json()["id"]
    assert _previews(store) == []  # nothing is drawn until someone looks

    first = client.get(f"/api/documents/{doc_id}/first-page?v=1", headers=headers)
    assert first.status_code == 200, first.text
    assert first.headers["content-type"] == "image/webp"
    assert first.headers["cache-control"] == "private, no-cache"
    image = _image(first.content)
    assert image.width == 800 and abs(image.height / image.width - 842 / 595) < 0.01
    # it is the page: dark letters on white, and its top third has the heading
    top = image.crop((0, 0, image.width, image.height // 3))
    assert sum(top.histogram()[:96]) > 500 and ImageStat.Stat(top).mean[0] > 200

    again = client.get(f"/api/documents/{doc_id}/first-page", headers=headers)
    assert again.content == first.content and len(_previews(store)) == 1
    unchanged = client.get(
        f"/api/documents/{doc_id}/first-page",
        headers={**headers, "If-None-Match": first.headers["etag"]},
    )
    assert unchanged.status_code == 304
    db.expire_all()
    version = db.scalars(select(DocumentVersion)).one()
    assert version.preview_key == _previews(store)[0]
    assert db.scalars(select(DocumentRead)).all() == []  # a look is not an open


def test_an_internal_page_one_carries_its_readers_watermark(
    client: TestClient, db: Session, store: ObjectStore, office, tmp_path: Path
) -> None:
    council, headers, meeting_id = office
    path = make_pdf(tmp_path / "i.pdf", pages=2)
    doc_id = _upload(client, headers, meeting_id, path, classification="internal").json()["id"]
    assert client.post(
        f"/api/meetings/{meeting_id}/status", headers=headers, json={"status": "convened"}
    ).is_success
    seen = []
    for name in ("Nguyễn Thị Ánh", "Trần Văn Bình"):
        reader = f.user(db, council=council, full_name=name)
        look = client.get(f"/api/documents/{doc_id}/first-page", headers=f.login(client, reader))
        assert look.status_code == 200 and look.headers["cache-control"] == "private, no-store"
        seen.append(_image(look.content))
    (key,) = _previews(store)
    plain = _image(b"".join(store.open(key)))
    for image in seen:
        # the grey diagonal lines darken the middle of the page, over the plain drawing
        difference = ImageChops.difference(image, plain)
        middle = difference.crop((200, 400, 600, 700))
        assert ImageStat.Stat(middle).mean[0] > 3, ImageStat.Stat(middle).mean
    assert ImageChops.difference(seen[0], seen[1]).getbbox() is not None  # two names

    outsider = f.user(db, council=f.council(db, name="HĐND xã Khác"), full_name="Người Ngoài")
    refused = client.get(f"/api/documents/{doc_id}/first-page", headers=f.login(client, outsider))
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "not_found"


def test_the_viewer_reads_a_public_file_as_its_reading_copy(
    client: TestClient, db: Session, store: ObjectStore, office, tmp_path: Path
) -> None:
    _, headers, meeting_id = office
    path = make_big_pdf(tmp_path / "big.pdf", pages=60)
    original = path.read_bytes()
    doc_id = _upload(client, headers, meeting_id, path, classification="public").json()["id"]
    exact = client.get(f"/api/documents/{doc_id}/content", headers=headers)
    assert exact.content == original  # downloads and verification keep the exact bytes

    copy = client.get(f"/api/documents/{doc_id}/content?v=1&reading=1", headers=headers)
    assert copy.status_code == 200 and copy.content != original
    assert copy.headers["cache-control"] == "private, no-cache"
    # the same pages, text for text, with the page objects packed into object streams
    same = PdfReader(io.BytesIO(original)).pages
    read = PdfReader(io.BytesIO(copy.content)).pages
    assert len(read) == 60 and [p.extract_text() for p in read] == [p.extract_text() for p in same]
    assert b"/ObjStm" in copy.content and b"/ObjStm" not in original

    # made once, then served by range like any stored file
    part = client.get(
        f"/api/documents/{doc_id}/content?v=1&reading=1", headers={**headers, "Range": "bytes=0-99"}
    )
    assert part.status_code == 206 and part.content == copy.content[:100]
    assert len([key for key in store.iter_keys() if key.startswith("reading/")]) == 1
    db.expire_all()
    assert db.scalars(select(DocumentVersion)).one().reading_key is not None
