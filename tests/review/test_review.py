"""The review assistant on real uploads: an agenda item's tờ trình and draft, whose facts are
read with their pages and whose planted disagreements (a total stated two ways, a table that
does not add up, a reference written two ways) are pointed out; questions answered with or
without accents; and a restricted paper that never shows to a delegate outside its audience,
neither as a fact nor as a passage."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.directory.models import Clearance, Role
from tests.factories import directory as f
from tests.factories import meetings as m
from tests.support.pdfs import make_pdf

PROPOSAL = """Căn cứ Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị;
Ủy ban nhân dân xã Thiện Tân trình Hội đồng nhân dân xã kế hoạch chuyển đổi số năm 2027.
Tổng mức đầu tư: 1.250 triệu đồng, tỷ lệ vốn ngân sách xã 40%.
1. Hạ tầng mạng và thiết bị: 500 triệu đồng
2. Phần mềm dùng chung: 600 triệu đồng
Tổng cộng: 1.250 triệu đồng
Thời gian hoàn thành trước ngày 30/6/2027; đào tạo 120 người."""

DRAFT = """DỰ THẢO NGHỊ QUYẾT về kế hoạch chuyển đổi số năm 2027.
Thực hiện Nghị quyết số 57/NQ-TW của Bộ Chính trị.
Điều 1. Tổng mức đầu tư: 1,3 tỷ đồng, từ ngân sách xã và nguồn hợp pháp khác.
Điều 2. Giao Ủy ban nhân dân xã Thiện Tân tổ chức thực hiện.
Thời gian hoàn thành trước ngày 31/12/2027."""

RESTRICTED = """Báo cáo riêng của Ban Kinh tế - Ngân sách.
Khoản dự phòng chưa công bố: 777 triệu đồng cho hạng mục trạm bơm Đông Nam."""


def _upload(
    client: TestClient,
    clerk: dict[str, str],
    meeting: int,
    item: int,
    title: str,
    body: str,
    tmp: Path,
    **extra: str,
) -> int:
    pdf = make_pdf(tmp / f"{abs(hash(title))}.pdf", pages=1, title=title, body=body)
    response = client.post(
        f"/api/meetings/{meeting}/documents",
        headers=clerk,
        data={"title": title, "classification": "internal", "agenda_item_id": str(item), **extra},
        files={"file": ("tai-lieu.pdf", pdf.read_bytes(), "application/pdf")},
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def test_the_review_and_the_questions_stay_within_what_the_reader_may_see(
    client: TestClient, db: Session, tmp_path: Path
) -> None:
    council = f.council(db)
    clerk = f.login(
        client, f.user(db, council=council, role=Role.clerk, clearance=Clearance.restricted)
    )
    delegate = f.user(db, council=council, clearance=Clearance.restricted)
    member = f.user(db, council=council, clearance=Clearance.restricted)
    ban = f.body(db, council=council, members=(member,))
    meeting = m.meeting(db, council=council)
    item = m.agenda_item(db, meeting=meeting, title="Kế hoạch chuyển đổi số năm 2027")
    other_item = m.agenda_item(db, meeting=m.meeting(db, council=council))
    db.commit()
    proposal = _upload(
        client, clerk, meeting.id, item.id, "Tờ trình chuyển đổi số", PROPOSAL, tmp_path
    )
    draft = _upload(client, clerk, meeting.id, item.id, "Dự thảo nghị quyết", DRAFT, tmp_path)
    hidden = _upload(
        client,
        clerk,
        meeting.id,
        item.id,
        "Báo cáo riêng của Ban",
        RESTRICTED,
        tmp_path,
        classification="restricted",
        audience=f"body:{ban.id}",
    )

    reader = f.login(client, delegate)
    url = f"/api/meetings/{meeting.id}/agenda/{item.id}/review"
    review = client.get(url, headers=reader)
    assert review.status_code == 200, review.text
    facts = review.json()["facts"]
    money = {(x["document_id"], x["page"], x["value"]) for x in facts if x["kind"] == "money"}
    assert (proposal, 1, "1250000000") in money and (draft, 1, "1300000000") in money
    kinds = {x["kind"] for x in facts}
    assert {"money", "percent", "date", "legal_reference", "agency", "quantity"} <= kinds
    assert all(x["document_id"] != hidden for x in facts)  # the Ban's paper stays the Ban's
    checks = {c["kind"]: c for c in review.json()["checks"]}
    assert set(checks) == {"differs", "dates", "total", "reference_forms"}
    assert "30/6/2027" in checks["dates"]["message"] and "31/12/2027" in checks["dates"]["message"]
    assert {(p["document_id"], p["page"]) for p in checks["differs"]["places"]} == {
        (proposal, 1),
        (draft, 1),
    }
    assert "1.100.000.000" in checks["total"]["message"]  # 500 + 600 million, not 1.250
    assert {p["document_id"] for p in checks["reference_forms"]["places"]} == {proposal, draft}
    # the Ban's member sees its paper's facts too
    seen = client.get(url, headers=f.login(client, member)).json()["facts"]
    assert any(x["document_id"] == hidden and x["value"] == "777000000" for x in seen)

    ask = f"/api/meetings/{meeting.id}/ask"
    answer = client.get(ask, params={"q": "tong muc dau tu bao nhieu"}, headers=reader).json()
    first = answer["passages"][0]
    assert first["document_id"] in (proposal, draft) and first["page"] == 1
    assert "Tổng mức đầu tư" in first["text"]
    accented = client.get(ask, params={"q": "Tổng mức đầu tư"}, headers=reader).json()
    assert accented["passages"][0]["text"] == first["text"]  # accents change nothing
    secret = client.get(ask, params={"q": "khoản dự phòng trạm bơm"}, headers=reader).json()
    assert all(p["document_id"] != hidden for p in secret["passages"])
    assert "777" not in str(secret)
    shown = client.get(ask, params={"q": "du phong tram bom"}, headers=f.login(client, member))
    assert shown.json()["passages"][0]["document_id"] == hidden
    assert client.get(ask, params={"q": "là của và"}, headers=reader).json() == {"passages": []}
    # an item of another meeting, another council's clerk: nothing
    wrong = f"/api/meetings/{meeting.id}/agenda/{other_item.id}/review"
    assert client.get(wrong, headers=reader).status_code == 404
    stranger_council = f.council(db)
    stranger = f.login(client, f.user(db, council=stranger_council, role=Role.clerk))
    assert client.get(url, headers=stranger).status_code == 404
    assert client.get(ask, params={"q": "đầu tư"}, headers=stranger).status_code == 404
