"""Search ignores Vietnamese diacritics, ranks the best match first, and never widens what
the access policy shows: on SQLite (FTS5) and PostgreSQL (tsvector) alike."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import pdf
from app.directory.models import Clearance, Role
from app.documents import portal
from app.documents.models import Classification
from app.i18n.text import fold
from app.meetings.models import MeetingGuest
from app.search import service as search
from app.security import policy
from app.storage import ObjectStore
from tests.factories import directory as f
from tests.factories import meetings as m

STRONG = "Kế hoạch chuyển đổi số năm 2027"
WEAK = "Báo cáo tình hình kinh tế – xã hội"
ROADS = "Tờ trình về đầu tư đường giao thông"
LIMITED = "Báo cáo thẩm tra chuyển đổi số của Ban Kinh tế"


def test_folding_maps_vietnamese_to_plain_words() -> None:
    assert fold("Chuyển ĐỔI số, Đường!") == "chuyen doi so duong"
    assert fold("Nghị quyết số 12/NQ-HĐND") == "nghi quyet so 12 nq hdnd"


def _upload(
    client: TestClient,
    headers: dict[str, str],
    meeting: int,
    tmp: Path,
    title: str,
    body: list[str],
    **fields: str,
) -> int:
    path = tmp / f"{abs(hash(title))}.pdf"
    pdf.render_text_pdf(path, title=title.upper(), paragraphs=body)
    form = {"title": title, "classification": "public", **fields}
    response = client.post(
        f"/api/meetings/{meeting}/documents",
        headers=headers,
        data=form,
        files={"file": (path.name, path.read_bytes(), "application/pdf")},
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def test_search_without_diacritics_ranks_and_respects_the_policy(
    client: TestClient, db: Session, tmp_path: Path
) -> None:
    council = f.council(db)
    committee = f.body(db, council=council)
    clerk = f.bearer(
        db, f.user(db, council=council, role=Role.clerk, clearance=Clearance.restricted)
    )
    guest_user = f.user(db, council=council, role=Role.guest, clearance=Clearance.public)
    guest = f.bearer(db, guest_user)
    meeting = m.meeting(db, council=council)
    db.add(MeetingGuest(meeting_id=meeting.id, user_id=guest_user.id))
    db.flush()
    strong = _upload(
        client,
        clerk,
        meeting.id,
        tmp_path,
        STRONG,
        [
            "Chuyển đổi số là nhiệm vụ trọng tâm; chuyển đổi số trong mọi lĩnh vực.",
            "Mục tiêu chuyển đổi số năm 2027 của xã.",
        ],
    )
    weak = _upload(
        client,
        clerk,
        meeting.id,
        tmp_path,
        WEAK,
        [
            "Tăng trưởng kinh tế ổn định; bước đầu chuyển đổi số trong thủ tục hành chính.",
            "Thu ngân sách đạt kế hoạch.",
        ],
    )
    roads = _upload(
        client,
        clerk,
        meeting.id,
        tmp_path,
        ROADS,
        ["Đề nghị đầu tư nâng cấp đường liên thôn Đông – Đoài."],
    )
    limited = _upload(
        client,
        clerk,
        meeting.id,
        tmp_path,
        LIMITED,
        ["Thẩm tra nội dung chuyển đổi số."],
        classification="restricted",
        audience=f"body:{committee.id}",
    )

    def ids(response: object) -> list[int]:
        assert response.status_code == 200, response.text  # type: ignore[attr-defined]
        return [d["id"] for d in response.json()]  # type: ignore[attr-defined]

    found = ids(client.get("/api/search", params={"q": "chuyen doi so"}, headers=clerk))
    assert found[0] == strong and set(found) == {strong, weak, limited}
    assert found.index(strong) < found.index(weak)
    assert ids(client.get("/api/search", params={"q": "dau tu duong"}, headers=clerk)) == [roads]
    assert ids(client.get("/api/search", params={"q": "ĐẦU TƯ"}, headers=clerk)) == [roads]
    assert (
        ids(client.get("/api/search", params={"q": '"*) OR ('}, headers=clerk)) == []
    )  # not FTS syntax
    # a guest searches only what the policy shows a guest: never the restricted report
    seen = ids(client.get("/api/search", params={"q": "chuyen doi so"}, headers=guest))
    assert limited not in seen and seen[0] == strong

    # the public sees only what the office published
    public = {"q": "chuyen doi so", "council_id": council.id}
    assert ids(client.get("/api/public/documents", params=public)) == []
    for document in (weak, strong):
        assert client.post(f"/api/documents/{document}/publish", headers=clerk).status_code == 200
    assert ids(client.get("/api/public/documents", params=public)) == [strong, weak]
    assert ids(client.get("/api/public/documents", params={**public, "q": "thẩm tra"})) == []

    # a new version's text replaces the old one in the index
    path = tmp_path / "v2.pdf"
    pdf.render_text_pdf(path, title="TỜ TRÌNH", paragraphs=["Nạo vét kênh mương nội đồng."])
    replaced = client.post(
        f"/api/documents/{roads}/versions",
        headers=clerk,
        files={"file": ("v2.pdf", path.read_bytes(), "application/pdf")},
    )
    assert replaced.status_code == 201, replaced.text
    assert ids(client.get("/api/search", params={"q": "kenh muong"}, headers=clerk)) == [roads]
    assert ids(client.get("/api/search", params={"q": "lien thon"}, headers=clerk)) == []


def test_a_common_query_ranks_its_newest_matches_only(
    db: Session, store: ObjectStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over an archive a common word matches half of it; ranking reads every match's text, so
    only the newest RANK_WINDOW matches are ranked (here 2), best first among them."""
    monkeypatch.setattr(portal, "RANK_WINDOW", 2)
    council = f.council(db)
    meeting = m.meeting(db, council=council)
    texts = {  # oldest first
        "strong but old": "kênh mương kênh mương kênh mương nạo vét kênh mương",
        "weak": "nạo vét kênh mương",
        "strong": "kênh mương kênh mương kênh mương",
        "elsewhere": "đường giao thông nông thôn",
    }
    found: dict[str, int] = {}
    for day, (name, body) in enumerate(texts.items(), start=1):
        document = m.document(
            db, store, meeting=meeting, classification=Classification.public, content=b"%PDF"
        )
        document.published_at = datetime(2026, 11, day, tzinfo=UTC)
        search.index(db, document, body)
        found[name] = document.id
    db.flush()

    def hits() -> list[int]:
        query = portal.Filters(council.id, query="kenh muong")
        return [row.id for row in portal.find(db, policy.public_documents, query)]

    assert hits() == [found["strong"], found["weak"]]
    monkeypatch.setattr(portal, "RANK_WINDOW", 10)
    assert hits() == [found["strong but old"], found["strong"], found["weak"]]
