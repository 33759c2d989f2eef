"""Hostile files: a decompression bomb, deeply nested objects, a page tree claiming a hundred
thousand pages, JavaScript, an HTML/PDF polyglot. Each is refused with a clear 422 (nothing
stored) or, for the polyglot, served only as a PDF; inspection runs in a throw-away process
with a deadline and a memory ceiling, so none of them can stall or exhaust the server."""

from __future__ import annotations

import time
import zlib
from pathlib import Path

import pikepdf
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import pdf
from app.directory.models import Role
from app.documents.models import Document
from app.pdf import sandbox
from app.storage import ObjectStore
from tests.factories import directory as f
from tests.factories import meetings as m
from tests.support.pdfs import make_pdf

BOMB_BYTES = 200 * 1024 * 1024  # inflated; a few hundred KiB on disk


def _bomb(path: Path) -> Path:
    inflater = zlib.compressobj(9)
    block = b" " * (8 * 1024 * 1024)
    packed = b"".join(inflater.compress(block) for _ in range(BOMB_BYTES // len(block)))
    packed += inflater.flush()
    with pikepdf.new() as doc:
        doc.add_blank_page()
        page = doc.pages[0]
        contents = pikepdf.Stream(doc, b"")
        contents.write(packed, filter=pikepdf.Name.FlateDecode)
        page.obj.Contents = doc.make_indirect(contents)
        doc.save(path)
    return path


def _raw_pdf(path: Path, objects: list[bytes]) -> Path:
    """A PDF written by hand (object 1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def _nested(path: Path) -> Path:
    deep = b"[" * 100_000 + b"]" * 100_000
    return _raw_pdf(
        path,
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Deep " + deep + b" >>",
        ],
    )


def _many_pages(path: Path) -> Path:
    kids = b" ".join([b"3 0 R"] * 100_000)
    return _raw_pdf(
        path,
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count 100000 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ],
    )


def _scripted(path: Path) -> Path:
    make_pdf(path, pages=1)
    with pikepdf.open(path, allow_overwriting_input=True) as doc:
        doc.Root.OpenAction = pikepdf.Dictionary(
            S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('xin chao')")
        )
        doc.save(path)
    return path


@pytest.fixture
def clerk_meeting(db: Session) -> tuple[dict[str, str], int]:
    council = f.council(db)
    meeting = m.meeting(db, council=council)
    return f.bearer(db, f.user(db, council=council, role=Role.clerk)), meeting.id


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (_bomb, {"pdf_too_complex"}),
        # qpdf gives up on the nesting and finds no readable page
        (_nested, {"damaged_pdf", "empty_file"}),
        (_many_pages, {"too_many_pages"}),
        (_scripted, {"pdf_with_javascript"}),
    ],
    ids=["bomb", "nested", "many_pages", "javascript"],
)
def test_hostile_pdfs_are_refused_quickly_and_leave_nothing(
    client: TestClient,
    db: Session,
    store: ObjectStore,
    tmp_path: Path,
    clerk_meeting: tuple[dict[str, str], int],
    make: object,
    code: set[str],
) -> None:
    headers, meeting = clerk_meeting
    hostile = make(tmp_path / "hostile.pdf")  # type: ignore[operator]
    started = time.monotonic()
    response = client.post(
        f"/api/meetings/{meeting}/documents",
        headers=headers,
        data={"title": "Tệp lạ", "classification": "internal"},
        files={"file": ("tep-la.pdf", hostile.read_bytes(), "application/pdf")},
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] in code
    assert response.json()["error"]["message"]  # Vietnamese, for the clerk
    assert elapsed < sandbox.SECONDS
    assert db.scalar(select(func.count()).select_from(Document)) == 0
    assert list(store.iter_keys()) == []


def test_inspection_has_a_deadline(tmp_path: Path) -> None:
    ordinary = make_pdf(tmp_path / "to-trinh.pdf", pages=3)
    with pytest.raises(pdf.PdfRejected) as refused:
        sandbox.inspect_pdf(ordinary, max_pages=10, seconds=0.0)
    assert refused.value.reason == "too_complex"
    info = sandbox.inspect_pdf(ordinary, max_pages=10)  # within the limits it just works
    assert info.pages == 3 and "chuyển đổi số" in info.text.lower()


def test_a_polyglot_is_only_ever_served_as_a_pdf(
    client: TestClient, db: Session, tmp_path: Path, clerk_meeting: tuple[dict[str, str], int]
) -> None:
    headers, meeting = clerk_meeting
    body = make_pdf(tmp_path / "p.pdf", pages=1).read_bytes()
    polyglot = b"<html><script>alert('pwned')</script></html>\n" + body
    created = client.post(
        f"/api/meetings/{meeting}/documents",
        headers=headers,
        data={"title": "Đa định dạng", "classification": "public"},
        files={"file": ("da-dinh-dang.html", polyglot, "text/html")},
    )
    assert created.status_code == 201, created.text  # a valid PDF after its prefix
    served = client.get(f"/api/documents/{created.json()['id']}/content", headers=headers)
    assert served.headers["content-type"] == "application/pdf"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in served.headers["content-security-policy"]
