from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.directory.models import BodyKind, Clearance, Role
from app.documents.models import Document
from app.meetings.models import Meeting
from app.storage import ObjectStore
from tests.factories import directory as f
from tests.support.pdfs import make_pdf

START = "2026-12-15T08:00:00+07:00"


def test_sessions_are_numbered_and_move_forward_only(client: TestClient, db: Session) -> None:
    council = f.council(db)
    headers = f.login(client, f.user(db, council=council, role=Role.clerk))
    committee = f.body(db, council=council, kind=BodyKind.committee)
    numbers = []
    for kind in ("regular_session", "special_session", "regular_session"):
        created = client.post(
            "/api/meetings",
            headers=headers,
            json={"council_id": council.id, "kind": kind, "title": "Kỳ họp", "starts_at": START},
        )
        numbers.append(created.json()["number"])
    assert numbers == [1, 2, 3]
    meeting_id = created.json()["id"]
    ban = client.post(
        "/api/meetings",
        headers=headers,
        json={
            "council_id": council.id,
            "kind": "committee",
            "title": "Họp Ban thẩm tra",
            "starts_at": START,
            "body_id": committee.id,
        },
    )
    assert ban.status_code == 201 and ban.json()["number"] is None
    no_body = client.post(
        "/api/meetings",
        headers=headers,
        json={
            "council_id": council.id,
            "kind": "committee",
            "title": "Họp Ban",
            "starts_at": START,
        },
    )
    assert no_body.json()["error"]["code"] == "body_required"
    naive = client.post(
        "/api/meetings",
        headers=headers,
        json={
            "council_id": council.id,
            "kind": "regular_session",
            "title": "X",
            "starts_at": "2026-12-15T08:00:00",
        },
    )
    assert naive.status_code == 422

    skip = client.post(
        f"/api/meetings/{meeting_id}/status", headers=headers, json={"status": "closed"}
    )
    assert skip.status_code == 409 and skip.json()["error"]["code"] == "invalid_transition"
    for status in ("convened", "in_progress", "closed", "archived"):
        moved = client.post(
            f"/api/meetings/{meeting_id}/status", headers=headers, json={"status": status}
        )
        assert moved.json()["status"] == status
    frozen = client.post(
        f"/api/meetings/{meeting_id}/agenda", headers=headers, json={"title": "Mục mới"}
    )
    assert frozen.status_code == 409
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Meeting)) == 4


def test_invitees_follow_the_kind_and_drafts_are_staff_only(
    client: TestClient, db: Session
) -> None:
    council = f.council(db)
    clerk = f.user(db, council=council, role=Role.clerk)
    member = f.user(db, council=council, full_name="Thành Viên Ban")
    outsider = f.user(db, council=council, full_name="Ngoài Ban")
    guest = f.user(db, council=council, role=Role.guest, clearance=Clearance.public)
    committee = f.body(db, council=council, kind=BodyKind.committee, members=(member,))
    headers = f.login(client, clerk)
    session = client.post(
        "/api/meetings",
        headers=headers,
        json={
            "council_id": council.id,
            "kind": "regular_session",
            "title": "Kỳ họp thứ nhất",
            "starts_at": START,
        },
    ).json()["id"]
    ban = client.post(
        "/api/meetings",
        headers=headers,
        json={
            "council_id": council.id,
            "kind": "committee",
            "title": "Họp Ban",
            "starts_at": START,
            "body_id": committee.id,
        },
    ).json()["id"]
    member_h, outsider_h = f.login(client, member), f.login(client, outsider)
    assert client.get(f"/api/meetings/{session}", headers=member_h).status_code == 404  # draft
    for meeting in (session, ban):
        client.post(f"/api/meetings/{meeting}/status", headers=headers, json={"status": "convened"})
    client.post(f"/api/meetings/{session}/guests", headers=headers, json={"user_id": guest.id})
    assert client.get(f"/api/meetings/{session}", headers=member_h).status_code == 200
    assert client.get(f"/api/meetings/{ban}", headers=member_h).status_code == 200
    assert client.get(f"/api/meetings/{ban}", headers=outsider_h).status_code == 404
    guest_h = f.login(client, guest)
    assert client.get(f"/api/meetings/{session}", headers=guest_h).status_code == 200
    assert client.get(f"/api/meetings/{ban}", headers=guest_h).status_code == 404
    listed = client.get("/api/meetings", headers=outsider_h, params={"council_id": council.id})
    assert [m["id"] for m in listed.json()] == [session]
    names = {
        u["full_name"]
        for u in client.get(f"/api/meetings/{session}/invitees", headers=headers).json()
    }
    assert names == {"Thành Viên Ban", "Ngoài Ban", guest.full_name}
    assert {
        u["full_name"] for u in client.get(f"/api/meetings/{ban}/invitees", headers=headers).json()
    } == {"Thành Viên Ban"}
    assert client.get(f"/api/meetings/{ban}/invitees", headers=member_h).status_code == 403


def test_office_packet_page_end_to_end(
    client: TestClient, db: Session, store: ObjectStore, tmp_path
) -> None:
    council = f.council(db)
    clerk = f.user(db, council=council, role=Role.clerk, clearance=Clearance.restricted)
    delegate = f.user(db, council=council, full_name="Đại Biểu Đọc")
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    client.post(
        "/login", data={"username": clerk.username, "password": f.PASSWORD, "csrf_token": token}
    )
    csrf = re.search(
        r'name="csrf_token" value="([^"]+)"', client.get(f"/office/councils/{council.id}").text
    ).group(1)
    created = client.post(
        f"/office/councils/{council.id}/meetings",
        data={
            "csrf_token": csrf,
            "kind": "regular_session",
            "title": "Kỳ họp thứ năm",
            "starts_at": "2026-12-15T08:00",
            "location": "Hội trường UBND xã",
        },
    )
    assert "Đã tạo cuộc họp." in created.text
    meeting_url = str(created.url.path)
    meeting_id = int(meeting_url.rsplit("/", 1)[1])
    assert "15/12/2026 08:00" in created.text
    item = client.post(
        f"{meeting_url}/agenda",
        data={
            "csrf_token": csrf,
            "title": "Thảo luận dự thảo nghị quyết về chuyển đổi số",
            "presenter": "Chủ tịch UBND xã",
            "planned_minutes": "45",
        },
    )
    assert "Đã thêm mục chương trình." in item.text
    item_id = re.search(r'<option value="(\d+)">1\. Thảo luận', item.text).group(1)
    pdf = make_pdf(tmp_path / "dt.pdf", pages=2).read_bytes()
    uploaded = client.post(
        f"{meeting_url}/documents",
        params={"csrf_token": csrf},
        files=[
            ("title", (None, "Dự thảo nghị quyết chuyển đổi số")),
            ("classification", (None, "internal")),
            ("doc_type", (None, "draft_resolution")),
            ("agenda_item_id", (None, item_id)),
            ("file", ("du-thao.pdf", pdf, "application/pdf")),
        ],
    )
    assert "Đã tải lên tài liệu." in uploaded.text, uploaded.text[-2000:]
    secret = client.post(
        f"{meeting_url}/documents",
        params={"csrf_token": csrf},
        files=[
            ("title", (None, "Báo cáo mật")),
            ("classification", (None, "toi_mat")),
            ("file", ("mat.pdf", pdf, "application/pdf")),
        ],
    )
    assert secret.status_code == 422 and "Luật Bảo vệ bí mật nhà nước" in secret.text
    paper = client.post(
        f"{meeting_url}/paper-documents",
        data={
            "csrf_token": csrf,
            "title": "Báo cáo công tác quốc phòng",
            "secrecy": "mat",
            "copies": "25",
            "agenda_item_id": item_id,
        },
    )
    assert "Tài liệu mật — phát bản giấy tại kỳ họp" in paper.text
    convened = client.post(f"{meeting_url}/status", data={"csrf_token": csrf, "status": "convened"})
    assert "Đã triệu tập" in convened.text
    assert convened.text.count("chưa xem") >= 1 and "Đại Biểu Đọc" in convened.text
    doc_id = db.scalar(select(Document.id).where(Document.meeting_id == meeting_id))
    client.cookies.clear()
    reader = f.login(client, delegate)
    assert client.get(f"/api/documents/{doc_id}/content", headers=reader).status_code == 200
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    client.post(
        "/login", data={"username": clerk.username, "password": f.PASSWORD, "csrf_token": token}
    )
    after = client.get(meeting_url)
    row = re.search(r"<tr><td>Đại Biểu Đọc</td>(.*?)</tr>", after.text, re.S).group(1)
    assert "đã xem" in row
    assert len(list(store.iter_keys())) == 2  # the original and the reader's stamped copy
