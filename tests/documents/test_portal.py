"""Publishing: the office's switch puts a public document (a resolution once issued) on the
public page, the JSON open data and the RSS feed at once; nothing else ever appears there."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.db import utcnow
from app.directory.models import Role
from app.documents.models import Classification, DocumentType
from app.meetings.models import MeetingStatus
from app.storage import ObjectStore
from tests.factories import directory as f
from tests.factories import meetings as m
from tests.support.pdfs import make_pdf

RESOLUTION = "Nghị quyết về kế hoạch chuyển đổi số năm 2027"
INTERNAL = "Báo cáo nội bộ về nhân sự"


def test_publishing_reaches_page_json_and_feed_and_withdrawal_removes_it(
    client: TestClient, db: Session, store: ObjectStore, tmp_path: Path
) -> None:
    council = f.council(db, name="HĐND xã Công Bố")
    clerk = f.bearer(db, f.user(db, council=council, role=Role.clerk))
    delegate = f.bearer(db, f.user(db, council=council))
    meeting = m.meeting(db, council=council)
    pdf = make_pdf(tmp_path / "nq.pdf", pages=1).read_bytes()
    resolution = m.document(
        db,
        store,
        meeting=meeting,
        classification=Classification.public,
        content=pdf,
        title=RESOLUTION,
    )
    resolution.doc_type, resolution.number = DocumentType.resolution, "7/NQ-HĐND"
    internal = m.document(
        db,
        store,
        meeting=meeting,
        classification=Classification.internal,
        content=pdf,
        title=INTERNAL,
    )
    db.flush()

    def public_views() -> str:
        page = client.get(f"/p/meetings/{meeting.id}").text
        page += client.get(f"/p/councils/{council.id}").text
        page += client.get(f"/p/councils/{council.id}", params={"q": "noi bo nhan su"}).text
        data = client.get("/api/public/documents", params={"council_id": council.id})
        feed = client.get(f"/p/councils/{council.id}/feed.xml")
        assert data.status_code == 200 and feed.status_code == 200
        assert feed.headers["content-type"].startswith("application/rss+xml")
        ET.fromstring(feed.content)  # well-formed
        return page + data.text + feed.text

    assert RESOLUTION not in public_views()
    not_yet = client.post(f"/api/documents/{resolution.id}/publish", headers=clerk)
    assert not_yet.status_code == 409 and not_yet.json()["error"]["code"] == "not_issued_yet"
    resolution.issued_at, resolution.verify_code = (
        utcnow(),
        "ma-xac-minh-thu-nghiem-0000000000000000",
    )
    db.flush()
    assert (
        client.post(f"/api/documents/{resolution.id}/publish", headers=delegate).status_code == 403
    )
    published = client.post(f"/api/documents/{resolution.id}/publish", headers=clerk)
    assert published.status_code == 200 and published.json()["published_at"]
    refused = client.post(f"/api/documents/{internal.id}/publish", headers=clerk)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "not_publishable"

    views = public_views()
    assert RESOLUTION in views and INTERNAL not in views
    listed = client.get("/api/public/documents", params={"council_id": council.id})
    assert listed.headers["access-control-allow-origin"] == "*"
    (item,) = listed.json()  # the count, too, knows nothing of the internal document
    assert item["number"] == "7/NQ-HĐND" and item["verification_url"].endswith(
        "/verify/ma-xac-minh-thu-nghiem-0000000000000000"
    )
    assert client.get(item["url"].removeprefix("http://testserver")).content == pdf
    feed = ET.fromstring(client.get(f"/p/councils/{council.id}/feed.xml").content)
    assert [i.findtext("title") for i in feed.iter("item")] == [RESOLUTION]
    assert (
        "access-control-allow-origin"
        not in client.get(f"/api/meetings/{meeting.id}/documents", headers=clerk).headers
    )

    assert (
        client.post(f"/api/documents/{resolution.id}/unpublish", headers=clerk).status_code == 200
    )
    assert RESOLUTION not in public_views()
    assert client.get(f"/p/documents/{resolution.id}/content").status_code == 404
    actions = list(
        db.scalars(select(AuditEvent.action).where(AuditEvent.object_id == str(resolution.id)))
    )
    assert "document.published" in actions and "document.unpublished" in actions


def test_vote_results_are_public_once_the_meeting_closes(client: TestClient, db: Session) -> None:
    council = f.council(db, name="HĐND xã Kết Quả", total_delegates=5)
    chair = f.user(db, council=council, role=Role.chair, full_name="Chủ Tọa Công Khai")
    voters = [chair] + [
        f.user(db, council=council, full_name=f"Đại biểu Công Khai {i}") for i in range(4)
    ]
    meeting = m.meeting(db, council=council, status=MeetingStatus.in_progress)
    auth = {u.id: f.bearer(db, u) for u in voters}
    for u in voters:
        assert (
            client.post(f"/api/meetings/{meeting.id}/attendance", headers=auth[u.id]).status_code
            == 200
        )
    vote = client.post(
        f"/api/meetings/{meeting.id}/votes",
        headers=auth[chair.id],
        json={"question": "Thông qua tờ trình số 9"},
    ).json()["id"]
    client.post(f"/api/votes/{vote}/open", headers=auth[chair.id])
    for u, choice in zip(
        voters, ["approve", "approve", "approve", "against", "abstain"], strict=True
    ):
        client.post(f"/api/votes/{vote}/ballots", headers=auth[u.id], json={"choice": choice})
    client.post(f"/api/votes/{vote}/close", headers=auth[chair.id])
    assert (
        "Thông qua tờ trình số 9" not in client.get(f"/p/meetings/{meeting.id}").text
    )  # in session
    assert client.get(f"/api/public/meetings/{meeting.id}").json()["votes"] == []  # not yet
    meeting.status = MeetingStatus.closed
    db.flush()
    page = client.get(f"/p/meetings/{meeting.id}").text
    assert "Thông qua tờ trình số 9" in page and "ĐƯỢC THÔNG QUA" in page
    assert "Đại biểu Công Khai 2: Không tán thành" in page  # a named vote says who voted how
    detail = client.get(f"/api/public/meetings/{meeting.id}").json()
    (result,) = detail["votes"]
    assert (result["approve"], result["against"], result["passed"]) == (3, 1, True)
    assert {b["full_name"]: b["choice"] for b in result["ballots"]}[
        "Đại biểu Công Khai 2"
    ] == "against"
    listed = client.get("/api/public/meetings", params={"council_id": council.id}).json()
    assert [mt["id"] for mt in listed] == [meeting.id]
    csv_text = client.get(f"/p/meetings/{meeting.id}/votes.csv").content.decode("utf-8-sig")
    assert (
        "Thông qua tờ trình số 9" in csv_text
        and "Đại biểu Công Khai 2: Không tán thành" in csv_text
    )


def test_a_search_that_finds_nothing_says_so(client: TestClient, db: Session) -> None:
    council = f.council(db, name="HĐND xã Tìm Kiếm")
    page = client.get(f"/p/councils/{council.id}", params={"q": "nạo vét kênh"})
    assert page.status_code == 200
    assert "Không tìm thấy tài liệu công khai nào phù hợp với «nạo vét kênh»." in page.text
    assert "Chưa có tài liệu công khai." not in page.text
    assert "Chưa có tài liệu công khai." in client.get(f"/p/councils/{council.id}").text
