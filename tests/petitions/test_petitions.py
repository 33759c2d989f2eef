"""Voters' petitions end to end: the public form gives a tracking code; the office assigns,
the agency's answer is recorded; the tracking page and the public list show it without the
petitioner's personal data. Overdue reminders go once; statistics match the rows; bad input
gets a clear 4xx or is stored inert."""

from __future__ import annotations

import random
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.directory.models import Role
from app.notify.models import Channel, Notification
from app.petitions import service
from app.petitions.models import Agency, Field, Petition, PetitionStatus, Source
from tests.factories import directory as f

NAME, PHONE, EMAIL = "Nguyễn Văn Cử Tri", "0912345678", "cutri@example.vn"
CONTENT = "Đề nghị sửa chữa đoạn đường liên thôn Đông – Đoài bị sụt lún sau mưa lũ."


def test_public_petition_is_tracked_answered_and_published_without_personal_data(
    client: TestClient, db: Session
) -> None:
    council = f.council(db)
    clerk = f.bearer(db, f.user(db, council=council, role=Role.clerk))
    form = {
        "council_id": council.id,
        "name": NAME,
        "contact": f"{PHONE}, {EMAIL}",
        "area": "Thôn Đông",
        "content": CONTENT,
        "field": "infrastructure",
    }
    created = client.post("/api/public/petitions", json=form)
    assert created.status_code == 201, created.text
    code = created.json()["tracking_code"]
    tracked = client.get(f"/api/public/petitions/{code}").json()
    assert tracked["status"] == "received" and tracked["answer"] is None

    agency = client.post(
        f"/api/councils/{council.id}/agencies",
        headers=clerk,
        json={"name": "UBND xã", "contact_email": "ubnd@xa.example"},
    ).json()["id"]
    (staff,) = client.get(f"/api/councils/{council.id}/petitions", headers=clerk).json()
    assert staff["petitioner_name"] == NAME  # the office sees who asked
    due = (service.today() + timedelta(days=30)).isoformat()
    assert (
        client.post(
            f"/api/petitions/{staff['id']}/assign",
            headers=clerk,
            json={"agency_id": agency, "due_date": due},
        ).status_code
        == 200
    )
    answer = "UBND xã đã bố trí kinh phí sửa chữa trong quý I năm 2027."
    answered = client.post(
        f"/api/petitions/{staff['id']}/answer", headers=clerk, json={"answer": answer}
    )
    assert answered.status_code == 200 and answered.json()["status"] == "answered"

    tracked = client.get(f"/api/public/petitions/{code.lower()}")  # codes are read over the phone
    assert (
        tracked.status_code == 200
        and tracked.json()["answer"] == answer
        and tracked.json()["agency"] == "UBND xã"
    )
    listed = client.get(
        "/api/public/petitions", params={"council_id": council.id, "q": "duong lien thon"}
    )
    assert [p["tracking_code"] for p in listed.json()] == [code]
    for public in (tracked.text, listed.text):
        assert NAME not in public and PHONE not in public and EMAIL not in public
    delegate = f.bearer(db, f.user(db, council=council))
    assert client.get(f"/api/councils/{council.id}/petitions", headers=delegate).status_code == 403


def test_overdue_is_flagged_the_day_after_and_the_agency_is_reminded_once(
    client: TestClient, db: Session
) -> None:
    council = f.council(db)
    clerk = f.bearer(db, f.user(db, council=council, role=Role.clerk))
    agency = Agency(council_id=council.id, name="Phòng Kinh tế", contact_email="kinhte@xa.example")
    db.add(agency)
    db.flush()
    due = service.today() - timedelta(days=1)
    late = Petition(
        council_id=council.id,
        tracking_code="LATE000001",
        source=Source.online,
        content=CONTENT,
        status=PetitionStatus.assigned,
        agency_id=agency.id,
        due_date=due,
    )
    on_day = Petition(
        council_id=council.id,
        tracking_code="DUETODAY01",
        source=Source.online,
        content=CONTENT,
        status=PetitionStatus.assigned,
        agency_id=agency.id,
        due_date=service.today(),
    )
    db.add_all([late, on_day])
    db.flush()
    flagged = client.get(
        f"/api/councils/{council.id}/petitions", params={"overdue": True}, headers=clerk
    ).json()
    assert [p["tracking_code"] for p in flagged] == ["LATE000001"] and flagged[0]["overdue"] is True
    for _ in range(3):  # the worker's rounds, page views: one reminder all the same
        service.remind_overdue(db, on=service.today(), channels=[Channel.email])
        client.get(f"/api/councils/{council.id}/petitions", headers=clerk)
    reminders = db.scalars(
        select(Notification).where(Notification.recipient == "kinhte@xa.example")
    ).all()
    assert len(reminders) == 1 and "LATE000001" in reminders[0].body


def test_statistics_match_the_rows_of_a_thousand_petitions(client: TestClient, db: Session) -> None:
    council = f.council(db)
    clerk = f.bearer(db, f.user(db, council=council, role=Role.clerk))
    agencies = [Agency(council_id=council.id, name=f"Cơ quan {i}") for i in range(4)]
    db.add_all(agencies)
    db.flush()
    rng = random.Random(2026)
    today = service.today()
    rows = []
    for i in range(1000):
        agency = rng.choice([*agencies, None])
        status = rng.choice(list(PetitionStatus)) if agency else PetitionStatus.received
        due = today + timedelta(days=rng.randint(-20, 20)) if agency else None
        answered_at = None
        if status in (PetitionStatus.answered, PetitionStatus.resolved) and due:
            answered_at = service.utcnow() - timedelta(days=rng.randint(0, 10))
        rows.append(
            Petition(
                council_id=council.id,
                tracking_code=f"S{i:09d}",
                source=Source.voter_meeting,
                content=CONTENT,
                field=rng.choice(list(Field)),
                status=status,
                agency_id=agency.id if agency else None,
                due_date=due,
                answered_at=answered_at,
            )
        )
    db.add_all(rows)
    db.flush()
    stats = client.get(
        f"/api/councils/{council.id}/petitions/stats",
        params={"year": service.utcnow().year},
        headers=clerk,
    ).json()
    for row in stats["by_field"]:
        expected = db.scalar(
            select(func.count())
            .select_from(Petition)
            .where(Petition.council_id == council.id, Petition.field == Field(row["key"]))
        )
        assert row["total"] == expected
        answered = db.scalar(
            select(func.count())
            .select_from(Petition)
            .where(
                Petition.council_id == council.id,
                Petition.field == Field(row["key"]),
                Petition.answered_at.is_not(None),
            )
        )
        assert row["answered"] == answered
    for row in stats["by_agency"]:
        group = [p for p in rows if p.agency_id == int(row["key"])]
        assert row["total"] == len(group)
        assert row["overdue"] == sum(1 for p in group if service.is_overdue(p, today))
    assert sum(r["total"] for r in stats["by_field"]) == 1000
    csv_text = client.get(
        f"/api/councils/{council.id}/petitions/stats.csv",
        params={"year": service.utcnow().year},
        headers=clerk,
    ).content.decode("utf-8-sig")
    assert csv_text.count("\n") == 1 + len(Field) + 4 + len(stats["by_area"])


def test_bad_input_is_refused_or_stored_inert(client: TestClient, db: Session) -> None:
    council = f.council(db)
    base = {"council_id": council.id, "name": NAME, "content": CONTENT}
    assert client.post("/api/public/petitions", json={}).status_code == 422
    assert client.post("/api/public/petitions", json={**base, "content": "   "}).status_code == 422
    huge = client.post("/api/public/petitions", json={**base, "content": "x" * 10_000_000})
    assert huge.status_code in (413, 422)
    robot = client.post("/api/public/petitions", json={**base, "website": "http://spam.example"})
    assert robot.status_code == 422
    script = "<script>alert('xss')</script> Đề nghị làm rõ khoản thu phí vệ sinh môi trường."
    stored = client.post("/api/public/petitions", json={**base, "content": script})
    assert stored.status_code == 201
    tracked = client.get(f"/api/public/petitions/{stored.json()['tracking_code']}")
    assert tracked.headers["content-type"].startswith("application/json")  # never HTML
    assert tracked.json()["content"] == script  # kept as text, inert
    statuses = [client.post("/api/public/petitions", json=base).status_code for _ in range(50)]
    assert 429 in statuses and statuses.count(201) <= service_limit()


def service_limit() -> int:
    from app.petitions.service import SUBMISSIONS_PER_WINDOW

    return SUBMISSIONS_PER_WINDOW
