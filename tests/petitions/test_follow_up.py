"""Petitions beyond the form: the portal's HTML form without JavaScript, duplicates handled
with their group, a delegate group's constituency, supervision recommendations linked to their
report, the session's report as a PDF, the statistics chart, and the petitioner's rights over
their personal data (Decree 13/2023)."""

from __future__ import annotations

import io
import subprocess
from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.db import utcnow
from app.directory.models import BodyKind, Role
from app.documents.models import Classification
from app.petitions import charts, service
from app.petitions.models import Agency, Field, Petition, PetitionStatus, Source
from app.storage import ObjectStore
from tests.factories import directory as f
from tests.factories import meetings as m
from tests.support.pdfs import make_pdf

NAME, PHONE = "Lê Văn Kiến", "0911222333"
CONTENT = "Đề nghị nạo vét kênh mương nội đồng thôn Nam trước vụ Đông Xuân."


def _petition(db: Session, council_id: int, code: str, **fields: object) -> Petition:
    defaults: dict[str, object] = {
        "source": Source.voter_meeting,
        "content": CONTENT,
        "petitioner_name": NAME,
        "petitioner_contact": PHONE,
    }
    row = Petition(council_id=council_id, tracking_code=code, **(defaults | fields))
    db.add(row)
    db.flush()
    return row


def test_the_html_form_answers_with_the_tracking_page_or_the_form_and_its_reason(
    client: TestClient, db: Session
) -> None:
    council = f.council(db)
    form = {"name": NAME, "contact": PHONE, "area": "Thôn Nam", "content": CONTENT}
    sent = client.post(f"/p/councils/{council.id}/petitions", data=form, follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"].startswith("/p/petitions/")
    page = client.get(sent.headers["location"])
    code = sent.headers["location"].split("/")[-1].split("?")[0]
    assert page.status_code == 200 and code in page.text and "Đã tiếp nhận" in page.text
    assert NAME not in page.text and PHONE not in page.text
    assert db.scalar(select(Petition.petitioner_name).where(Petition.tracking_code == code)) == NAME

    empty = client.post(f"/p/councils/{council.id}/petitions", data={"name": NAME})
    assert empty.status_code == 422 and "petition-form" in empty.text  # the form, again
    assert f'value="{NAME}"' in empty.text  # with what was typed
    found = client.get("/p/petitions", params={"code": code.lower()}, follow_redirects=False)
    assert found.headers["location"] == f"/p/petitions/{code}"
    assert client.get("/p/petitions/NOSUCHCODE").status_code == 404
    statuses = [
        client.post(f"/p/councils/{council.id}/petitions", data=form).status_code for _ in range(10)
    ]
    assert 429 in statuses


def test_duplicates_follow_their_first_petition_to_the_answer(
    client: TestClient, db: Session
) -> None:
    council = f.council(db)
    clerk = f.bearer(db, f.user(db, council=council, role=Role.clerk))
    agency = Agency(council_id=council.id, name="UBND xã")
    db.add(agency)
    db.flush()
    first = _petition(db, council.id, "FIRST00001")
    again = _petition(db, council.id, "AGAIN00001")
    grouped = client.post(
        f"/api/petitions/{again.id}/duplicate", headers=clerk, json={"original_id": first.id}
    )
    assert grouped.status_code == 200 and grouped.json()["duplicate_of"] == first.id
    # a duplicate is handled through its group's first petition
    refused = client.post(f"/api/petitions/{again.id}/reject", headers=clerk, json={"reason": "x"})
    assert refused.status_code == 409 and refused.json()["error"]["message"]
    due = (date.today() + timedelta(days=10)).isoformat()
    client.post(
        f"/api/petitions/{first.id}/assign",
        headers=clerk,
        json={"agency_id": agency.id, "due_date": due},
    )
    client.post(f"/api/petitions/{first.id}/answer", headers=clerk, json={"answer": "Đã nạo vét."})
    tracked = client.get("/api/public/petitions/AGAIN00001").json()
    assert tracked["status"] == "answered" and tracked["answer"] == "Đã nạo vét."
    assert tracked["agency"] == "UBND xã"
    other = f.council(db)
    foreign = _petition(db, other.id, "OTHER00001")
    bad = client.post(
        f"/api/petitions/{first.id}/duplicate", headers=clerk, json={"original_id": foreign.id}
    )
    assert bad.status_code in (409, 422)


def test_a_delegate_group_sees_its_constituency_without_personal_data(
    client: TestClient, db: Session
) -> None:
    council = f.council(db)
    clerk = f.bearer(db, f.user(db, council=council, role=Role.clerk))
    ours, theirs = f.user(db, council=council), f.user(db, council=council)
    group = f.body(db, council=council, kind=BodyKind.delegate_group, members=(ours,))
    group.areas = "Thôn Nam, Thôn Bắc"
    f.body(db, council=council, kind=BodyKind.delegate_group, members=(theirs,))
    db.flush()
    entered = client.post(
        f"/api/councils/{council.id}/petitions",
        headers=f.bearer(db, ours),  # a delegate enters what voters asked at a meeting
        json={
            "petitions": [
                {"content": CONTENT, "area": "thon nam", "name": NAME},
                {"content": "Đề nghị sửa cầu tràn ở thôn Tây bị hư hỏng.", "area": "Thôn Tây"},
            ]
        },
    )
    assert entered.status_code == 201, entered.text
    mine = client.get("/api/me/petitions", headers=f.bearer(db, ours))
    assert [p["content"] for p in mine.json()] == [CONTENT]
    assert NAME not in mine.text
    assert client.get("/api/me/petitions", headers=f.bearer(db, theirs)).json() == []
    staff = client.get(f"/api/councils/{council.id}/petitions", headers=clerk).json()
    assert {p["constituency_id"] for p in staff} == {group.id, None}
    # the delegate enters, but does not handle
    assert (
        client.get(f"/api/councils/{council.id}/petitions", headers=f.bearer(db, ours)).status_code
        == 403
    )


def test_supervision_recommendations_link_to_their_report(
    client: TestClient, db: Session, store: ObjectStore
) -> None:
    council = f.council(db)
    clerk = f.bearer(db, f.user(db, council=council, role=Role.clerk))
    meeting = m.meeting(db, council=council)
    report = m.document(
        db, store, meeting=meeting, classification=Classification.public, content=b"%PDF-1.4"
    )
    other_meeting = m.meeting(db, council=f.council(db))
    foreign = m.document(
        db, store, meeting=other_meeting, classification=Classification.public, content=b"%PDF"
    )
    batch = {
        "source": "supervision",
        "supervision": "Giám sát chuyên đề về xây dựng nông thôn mới năm 2026",
        "petitions": [{"content": "Đề nghị UBND xã hoàn thiện hồ sơ đất công ích."}],
    }
    refused = client.post(
        f"/api/councils/{council.id}/petitions",
        headers=clerk,
        json={**batch, "report_document_id": foreign.id},
    )
    assert refused.status_code == 404
    assert db.scalar(select(Petition.id).where(Petition.council_id == council.id)) is None
    added = client.post(
        f"/api/councils/{council.id}/petitions",
        headers=clerk,
        json={**batch, "report_document_id": report.id},
    )
    assert added.status_code == 201
    (row,) = client.get(f"/api/councils/{council.id}/petitions", headers=clerk).json()
    assert row["source"] == "supervision" and row["report_document_id"] == report.id
    assert row["supervision"].startswith("Giám sát chuyên đề")


def test_the_session_report_is_a_pdf_of_the_petitions_handled(
    client: TestClient, db: Session
) -> None:
    council = f.council(db)
    clerk = f.bearer(db, f.user(db, council=council, role=Role.clerk))
    agency = Agency(council_id=council.id, name="Phòng Nông nghiệp")
    db.add(agency)
    db.flush()
    _petition(
        db,
        council.id,
        "DONE000001",
        agency_id=agency.id,
        status=PetitionStatus.answered,
        answer="Đã nạo vét 3 km kênh mương.",
        answered_at=utcnow(),
    )
    _petition(db, council.id, "OPEN000001", content="Kiến nghị chưa trả lời về chợ thôn.")
    meeting = m.meeting(db, council=council)
    created = client.post(f"/api/meetings/{meeting.id}/petitions-report", headers=clerk)
    assert created.status_code == 201, created.text
    pdf = client.get(f"/api/documents/{created.json()['id']}/content", headers=clerk).content
    text = " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    assert "BÁO CÁO KẾT QUẢ GIẢI QUYẾT KIẾN NGHỊ CỬ TRI".lower() in text.lower()
    assert "Đã nạo vét 3 km kênh mương." in text and "Phòng Nông nghiệp" in text
    assert "chợ thôn" not in text  # not handled yet
    assert NAME not in text and PHONE not in text


def test_a_year_without_petitions_draws_an_empty_chart(client: TestClient, db: Session) -> None:
    council = f.council(db)
    clerk = f.bearer(db, f.user(db, council=council, role=Role.clerk))
    response = client.get(
        f"/api/councils/{council.id}/petitions/stats.png",
        params={"year": utcnow().year, "by": "field"},
        headers=clerk,
    )
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(response.content)).width == charts.WIDTH


def test_the_chart_draws_each_group_to_scale(client: TestClient, db: Session) -> None:
    council = f.council(db)
    clerk = f.bearer(db, f.user(db, council=council, role=Role.clerk))
    counts = {Field.land: 12, Field.welfare: 3, Field.environment: 6}
    for field, n in counts.items():
        for i in range(n):
            _petition(db, council.id, f"{field.value[:4].upper()}{i:06d}", field=field)
    response = client.get(
        f"/api/councils/{council.id}/petitions/stats.png",
        params={"year": utcnow().year, "by": "field"},
        headers=clerk,
    )
    assert response.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(response.content)).convert("RGB")
    assert image.width == charts.WIDTH
    scale = (charts.WIDTH - charts.LABEL - 60) / max(counts.values())
    for i, field in enumerate(Field):
        y = charts.TOP + 8 + i * charts.ROW + 2
        run = 0
        while image.getpixel((charts.LABEL + run, y)) == charts.TOTAL_COLOUR:
            run += 1
        assert abs(run - (round(counts.get(field, 0) * scale) + 1)) <= 1, field


def test_a_petitioner_can_see_and_erase_their_data_and_retention_erases_it(
    client: TestClient, db: Session, store: ObjectStore
) -> None:
    council = f.council(db)
    clerk = f.bearer(db, f.user(db, council=council, role=Role.clerk))
    kept = _petition(db, council.id, "MINE000001")
    _petition(db, council.id, "MINE000002")
    other = _petition(db, council.id, "THEM000001", petitioner_contact="0999000111")
    url = f"/api/councils/{council.id}/petitions/personal-data"
    export = client.post(url, headers=clerk, json={"contact": f" {PHONE} "})
    assert [p["tracking_code"] for p in export.json()] == ["MINE000001", "MINE000002"]
    assert (
        client.post(
            url, headers=f.bearer(db, f.user(db, council=council)), json={"contact": PHONE}
        ).status_code
        == 403
    )
    erased = client.post(f"{url}/erase", headers=clerk, json={"contact": PHONE})
    assert erased.json() == {"erased": 2}
    db.refresh(kept)
    assert (kept.petitioner_name, kept.petitioner_contact, kept.content) == ("", "", CONTENT)
    events = db.scalars(select(AuditEvent).where(AuditEvent.council_id == council.id)).all()
    assert events and all(PHONE not in str(e.details) for e in events)

    other.status, other.closed_at = PetitionStatus.resolved, utcnow() - timedelta(days=400)
    recent = _petition(db, council.id, "THEM000002", status=PetitionStatus.resolved)
    recent.closed_at = utcnow() - timedelta(days=10)
    db.flush()
    assert service.erase_expired(db, store, now=utcnow(), retention_days=365) == 1
    db.refresh(other)
    db.refresh(recent)
    assert other.petitioner_contact == "" and recent.petitioner_contact == PHONE


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def test_attachments_reach_staff_the_answer_reaches_its_petitioner_and_bad_files_nothing(
    client: TestClient, db: Session, store: ObjectStore, tmp_path
) -> None:
    council = f.council(db)
    clerk = f.bearer(db, f.user(db, council=council, role=Role.clerk))
    form = {"name": NAME, "contact": PHONE, "area": "Thôn Nam", "content": CONTENT}
    sent = client.post(
        f"/p/councils/{council.id}/petitions",
        data=form,
        files={"attachment": ("kenh-muong.png", PNG, "image/png")},
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    code = sent.headers["location"].split("/")[-1].split("?")[0]
    (staff,) = client.get(f"/api/councils/{council.id}/petitions", headers=clerk).json()
    (photo,) = staff["attachments"]
    assert photo["kind"] == "evidence" and photo["media_type"] == "image/png"
    got = client.get(f"/api/petition-attachments/{photo['id']}", headers=clerk)
    assert got.content == PNG
    # the petitioner's own file is personal data: not reachable with the code
    assert client.get(f"/p/petitions/{code}/attachments/{photo['id']}").status_code == 404
    assert client.get(f"/api/public/petitions/{code}").json()["answer_files"] == []

    answer_pdf = make_pdf(tmp_path / "tra-loi.pdf", pages=1, title="Văn bản trả lời cử tri")
    added = client.post(
        f"/api/petitions/{staff['id']}/attachments",
        headers=clerk,
        data={"kind": "answer"},
        files={"file": ("tra-loi.pdf", answer_pdf.read_bytes(), "application/pdf")},
    )
    assert added.status_code == 201, added.text
    tracked = client.get(f"/api/public/petitions/{code}").json()
    assert [a["filename"] for a in tracked["answer_files"]] == ["tra-loi.pdf"]
    fetched = client.get(f"/p/petitions/{code}/attachments/{added.json()['id']}")
    assert fetched.content == answer_pdf.read_bytes()
    assert "tra-loi.pdf" in client.get(f"/p/petitions/{code}").text

    before = db.scalar(select(func.count()).select_from(Petition))
    disguised = client.post(
        f"/p/councils/{council.id}/petitions",
        data={**form, "content": "Đề nghị kiểm tra tệp đính kèm giả dạng ảnh."},
        files={"attachment": ("anh.png", b"<html><script>alert(1)</script>", "image/png")},
    )
    assert disguised.status_code == 422 and "PDF, JPEG" in disguised.text
    secret = make_pdf(tmp_path / "mat.pdf", pages=1, first_page_lines=["MẬT"])
    stamped = client.post(
        f"/api/petitions/{staff['id']}/attachments",
        headers=clerk,
        files={"file": ("mat.pdf", secret.read_bytes(), "application/pdf")},
    )
    assert stamped.status_code == 422
    assert db.scalar(select(func.count()).select_from(Petition)) == before  # nothing half-done
    keys = set(store.iter_keys())
    assert len(keys) == 2  # the photo and the answer, nothing of the refused files

    erased = client.post(
        f"/api/councils/{council.id}/petitions/personal-data/erase",
        headers=clerk,
        json={"contact": PHONE},
    )
    assert erased.json() == {"erased": 1}
    assert client.get(f"/api/petition-attachments/{photo['id']}", headers=clerk).status_code == 404
    assert len(set(store.iter_keys())) == 1  # the photo's object went with the erasure


def test_statistics_by_area_and_by_month_match_the_rows(client: TestClient, db: Session) -> None:
    council = f.council(db)
    clerk = f.bearer(db, f.user(db, council=council, role=Role.clerk))
    year = utcnow().year
    march = datetime(year, 3, 10, 2, 0, tzinfo=UTC)
    for i, (area, created) in enumerate(
        [("Thôn Nam", march), ("Thôn Nam", march), ("Thôn Bắc", march)]
        + [("Thôn Bắc", utcnow())] * 4
        + [("", utcnow())]
    ):
        _petition(db, council.id, f"AREA{i:06d}", area=area, created_at=created)
    url = f"/api/councils/{council.id}/petitions/stats"
    whole = client.get(url, params={"year": year}, headers=clerk).json()
    assert {r["key"]: r["total"] for r in whole["by_area"]} == {
        "": 1,
        "Thôn Bắc": 5,
        "Thôn Nam": 2,
    }
    in_march = client.get(url, params={"year": year, "month": 3}, headers=clerk).json()
    assert in_march["month"] == 3
    assert {r["key"]: r["total"] for r in in_march["by_area"]} == {"Thôn Bắc": 1, "Thôn Nam": 2}
    assert sum(r["total"] for r in in_march["by_field"]) == 3
    assert client.get(url, params={"year": year, "month": 13}, headers=clerk).status_code == 422
    chart = client.get(f"{url}.png", params={"year": year, "month": 3, "by": "area"}, headers=clerk)
    assert chart.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(chart.content)).size[0] == charts.WIDTH
    page = client.get(
        f"/office/councils/{council.id}/petitions", params={"year": year, "month": 3}, headers=clerk
    )
    assert page.status_code == 200 and "Thôn Nam" in page.text and "03/" in page.text
