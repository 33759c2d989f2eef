"""The meeting's public page (reached by its public QR): no account, public documents only."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.directory.models import Role
from app.documents.models import Classification
from app.meetings.models import MeetingStatus
from app.storage import ObjectStore
from tests.factories import directory as f
from tests.factories import meetings as m
from tests.support.pdfs import make_pdf


def test_public_page_shows_only_public_documents_of_convened_meetings(
    client: TestClient, db: Session, store: ObjectStore, tmp_path: Path
) -> None:
    council = f.council(db)
    committee = f.body(db, council=council)
    pdf = make_pdf(tmp_path / "p.pdf", pages=2).read_bytes()
    draft = m.meeting(db, council=council, status=MeetingStatus.draft)
    session = m.meeting(db, council=council)
    docs = {
        cls: m.document(
            db,
            store,
            meeting=session,
            classification=cls,
            content=pdf,
            title=f"Tài liệu {cls.value}",
            audience_bodies=(committee,) if cls is Classification.restricted else (),
        )
        for cls in Classification
    }
    hidden = m.document(
        db,
        store,
        meeting=draft,
        classification=Classification.public,
        content=pdf,
        title="Tài liệu của dự thảo",
    )

    clerk = f.bearer(db, f.user(db, council=council, role=Role.clerk))
    for document in (*docs.values(), hidden):
        client.post(f"/api/documents/{document.id}/publish", headers=clerk)
    assert client.get(f"/p/meetings/{draft.id}").status_code == 404
    page = client.get(f"/p/meetings/{session.id}")
    assert page.status_code == 200
    assert "Tài liệu public" in page.text
    assert "Tài liệu internal" not in page.text and "Tài liệu restricted" not in page.text

    public = docs[Classification.public]
    full = client.get(f"/p/documents/{public.id}/content")
    assert full.status_code == 200 and full.content == pdf
    part = client.get(f"/p/documents/{public.id}/content", headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and part.content == pdf[:100]
    for other in (docs[Classification.internal], docs[Classification.restricted], hidden):
        assert client.get(f"/p/documents/{other.id}/content").status_code == 404
    svg = client.get(f"/p/meetings/{session.id}/qr.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml") and "<svg" in svg.text
    assert client.get(f"/p/meetings/{draft.id}/qr.svg").status_code == 404
