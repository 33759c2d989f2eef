"""Converting an office file reaches nothing outside it: a picture linked to a web address is
never fetched (a local server counts the requests), one linked to a file of the server's disk
never lands in the PDF, and what would unpack past the limits is refused before LibreOffice
starts, with a clear 4xx."""

from __future__ import annotations

import http.server
import io
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pikepdf
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.directory.models import Council
from app.documents.models import DocumentVersion
from tests.support.office import (
    _CONTENT_TYPES,
    _RELS,
    make_docx,
    make_docx_linking,
    upload_office_file,
)


class _Counting(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        picture = io.BytesIO()
        Image.new("RGB", (40, 40), (255, 0, 0)).save(picture, "PNG")
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(picture.getvalue())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def web() -> Iterator[tuple[str, list[str]]]:
    hits: ClassVar[list[str]] = []
    handler = type("Handler", (_Counting,), {"hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()


def test_linked_pictures_are_neither_fetched_nor_read_from_the_servers_disk(
    client: TestClient,
    office: tuple[Council, dict[str, str], int],
    web: tuple[str, list[str]],
    tmp_path: Path,
) -> None:
    _council, headers, meeting = office
    base, hits = web
    on_disk = tmp_path / "server-only.png"
    Image.new("RGB", (60, 60), (0, 0, 255)).save(on_disk)
    docx = make_docx_linking(
        tmp_path / "to-trinh.docx", [f"{base}/track.png?who=server", f"file://{on_disk}"]
    )
    answer = upload_office_file(client, headers, meeting, "to-trinh.docx", docx.read_bytes())
    assert answer.status_code == 201, answer.text
    time.sleep(0.2)
    assert hits == []  # LibreOffice alone fetches it (checked by hand: 1 request, 2 images)
    content = client.get(f"/api/documents/{answer.json()['id']}/content", headers=headers)
    with pikepdf.open(io.BytesIO(content.content)) as pdf:
        assert not any(page.get_images() for page in pdf.pages)


def test_an_office_file_that_unpacks_to_hundreds_of_megabytes_is_refused_at_once(
    client: TestClient, db: Session, office: tuple[Council, dict[str, str], int], tmp_path: Path
) -> None:
    _council, headers, meeting = office
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        with archive.open("word/document.xml", "w") as part:
            part.write(b'<?xml version="1.0"?><w:document xmlns:w="urn:w"><w:body><!--')
            for _ in range(300):
                part.write(b" " * 1024 * 1024)
            part.write(b"--></w:body></w:document>")
    assert bomb.stat().st_size < 2 * 1024 * 1024
    before = db.scalar(select(func.count()).select_from(DocumentVersion))
    started = time.monotonic()
    answer = upload_office_file(client, headers, meeting, "bomb.docx", bomb.read_bytes())
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "office_file_too_large"
    assert time.monotonic() - started < 30  # refused before any conversion (was 40 s)
    assert db.scalar(select(func.count()).select_from(DocumentVersion)) == before


def test_two_hundred_thousand_paragraphs_are_refused_with_a_clear_message(
    client: TestClient, office: tuple[Council, dict[str, str], int], tmp_path: Path
) -> None:
    _council, headers, meeting = office
    long = make_docx(tmp_path / "dai.docx", ["Đoạn văn."] * 200_000)
    answer = upload_office_file(client, headers, meeting, "dai.docx", long.read_bytes())
    assert answer.status_code == 422
    body = answer.json()["error"]
    assert body["code"] == "office_file_too_large" and "PDF" in body["message"]


def test_a_garbage_docx_is_refused(
    client: TestClient, office: tuple[Council, dict[str, str], int], tmp_path: Path
) -> None:
    _council, headers, meeting = office
    garbage = tmp_path / "rac.docx"
    with zipfile.ZipFile(garbage, "w") as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", b"\x00\x01 not xml at all \xff" * 100)
    answer = upload_office_file(client, headers, meeting, "rac.docx", garbage.read_bytes())
    assert 400 <= answer.status_code < 500, answer.text
