"""Published pages shared on Zalo or Facebook: their Open Graph metadata names the council,
the title and the date, with absolute addresses a crawler can fetch."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.db import utcnow
from app.documents.models import Classification, DocumentType
from app.storage import ObjectStore
from tests.factories import directory as f
from tests.factories import meetings as m


def _og(page: str) -> dict[str, str]:
    found = re.findall(r'<meta property="og:([a-z:_]+)" content="([^"]*)">', page)
    return {name: html.unescape(value) for name, value in found}


def test_public_pages_tell_a_shared_link_what_it_is(
    client: TestClient, db: Session, store: ObjectStore
) -> None:
    council = f.council(db, name="HĐND xã Chia Sẻ")
    meeting = m.meeting(db, council=council)
    meeting.location = "Hội trường UBND xã"
    document = m.document(
        db, store, meeting=meeting, classification=Classification.public, content=b"%PDF-1.4"
    )
    document.doc_type, document.number = DocumentType.resolution, "7/NQ-HĐND"
    document.issued_at = document.published_at = utcnow()
    db.flush()

    page = client.get(f"/p/meetings/{meeting.id}")
    assert page.status_code == 200, page.text[:300]
    shown = _og(page.text)
    assert shown["title"] == meeting.title
    assert shown["description"] == "HĐND xã Chia Sẻ · 15/12/2026 08:30 · Hội trường UBND xã"
    assert shown["url"] == f"http://testserver/p/meetings/{meeting.id}"
    assert shown["type"] == "article" and shown["locale"] == "vi_VN"

    resolution = _og(client.get(f"/p/documents/{document.id}").text)
    assert resolution["title"] == document.title
    assert resolution["description"].startswith("HĐND xã Chia Sẻ · Nghị quyết 7/NQ-HĐND · ")

    portal = _og(client.get(f"/p/councils/{council.id}").text)
    assert portal["title"] == "HĐND xã Chia Sẻ"
    image = client.get(portal["image"].removeprefix("http://testserver"))
    assert image.status_code == 200 and image.content[:8] == b"\x89PNG\r\n\x1a\n"
