"""A minimal, valid DOCX written by hand (no python-docx needed) for conversion tests."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import httpx
from fastapi.testclient import TestClient

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="word/document.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""


def make_docx(path: Path, paragraphs: Sequence[str]) -> Path:
    body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    return _package(path, {"word/document.xml": document})


def _package(path: Path, parts: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        for name, content in parts.items():
            archive.writestr(name, content)
    return path


_PICTURE = (
    '<w:p><w:r><w:drawing><wp:inline><wp:extent cx="952500" cy="952500"/>'
    '<wp:docPr id="{n}" name="Picture {n}"/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:nvPicPr><pic:cNvPr id="{n}" name="linked.png"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:link="rIdLink{n}"/><a:stretch><a:fillRect/></a:stretch>'
    "</pic:blipFill><pic:spPr>"
    '<a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" cy="952500"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
    "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
)


def make_docx_linking(path: Path, targets: Sequence[str], text: str = "Tờ trình") -> Path:
    """A DOCX whose pictures are linked, not embedded: Word's "Insert and Link" with a web
    address or a file path. A converter that follows them fetches or reads what they name."""
    pictures = "".join(_PICTURE.format(n=n) for n in range(1, len(targets) + 1))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
        ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<w:body><w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>{pictures}</w:body></w:document>"
    )
    links = "".join(
        f'<Relationship Id="rIdLink{n}" TargetMode="External" Target="{escape(target)}"'
        ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"/>'
        for n, target in enumerate(targets, start=1)
    )
    relationships = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{links}</Relationships>"
    )
    return _package(
        path, {"word/document.xml": document, "word/_rels/document.xml.rels": relationships}
    )


def upload_office_file(
    client: TestClient, headers: dict[str, str], meeting_id: int, name: str, data: bytes
) -> httpx.Response:
    """An office file sent as the office's upload form sends it (no type hint from the name)."""
    return client.post(
        f"/api/meetings/{meeting_id}/documents",
        headers=headers,
        files=[
            ("title", (None, "Tờ trình (bản Word)")),
            ("classification", (None, "public")),
            ("file", (name, data, "application/octet-stream")),
        ],
    )


def form_login(client: TestClient, username: str, password: str) -> str:
    """Log in through the login form, as a browser does; where the login sends the person."""
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return response.headers["location"]


def office_login(client: TestClient, username: str, password: str) -> str:
    """Log in through the office's login form; the session's CSRF token, for later forms."""
    form_login(client, username, password)
    office = client.get("/office")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', office.text)
    assert csrf is not None
    return csrf.group(1)
