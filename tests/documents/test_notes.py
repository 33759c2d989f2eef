from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.directory.models import Role
from app.documents.models import Classification
from app.storage import ObjectStore
from tests.factories import directory as f
from tests.factories import meetings as m
from tests.support.pdfs import make_pdf


def test_notes_are_private_to_their_author(
    client: TestClient, db: Session, store: ObjectStore, tmp_path: Path
) -> None:
    council = f.council(db)
    meeting = m.meeting(db, council=council)
    doc = m.document(
        db,
        store,
        meeting=meeting,
        classification=Classification.internal,
        content=make_pdf(tmp_path / "n.pdf", pages=1).read_bytes(),
    )
    author, neighbour = f.user(db, council=council), f.user(db, council=council)
    clerk = f.user(db, council=council, role=Role.clerk)
    mine = f.login(client, author)
    saved = client.put(
        f"/api/documents/{doc.id}/notes/1",
        headers=mine,
        json={"text": "Hỏi lại số liệu thu ngân sách ở trang này"},
    )
    assert saved.status_code == 200 and saved.json()["page"] == 1
    assert [
        n["text"] for n in client.get(f"/api/documents/{doc.id}/notes", headers=mine).json()
    ] == ["Hỏi lại số liệu thu ngân sách ở trang này"]
    for other in (neighbour, clerk):
        assert (
            client.get(f"/api/documents/{doc.id}/notes", headers=f.login(client, other)).json()
            == []
        )
    assert (
        client.put(f"/api/documents/{doc.id}/notes/2", headers=mine, json={"text": "x"}).status_code
        == 404
    )  # the document has one page
    assert (
        client.put(f"/api/documents/{doc.id}/notes/1", headers=mine, json={"text": "  "}).json()
        is None
    )
    assert client.get(f"/api/documents/{doc.id}/notes", headers=mine).json() == []
