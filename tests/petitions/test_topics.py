"""Petitions grouped by topic: the platform proposes the groups from the petitions' words,
names them as the petitions write them, and the office renames, merges and moves; the topics
reach the statistics and the tổng hợp kiến nghị report."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.directory.models import Role
from app.petitions.models import Field, Petition, PetitionTopic, Source
from tests.factories import directory as f

CONTENTS = [
    ("Đề nghị nạo vét kênh mương nội đồng thôn Nam trước vụ Đông Xuân.", Field.infrastructure),
    ("Cử tri thôn Bắc đề nghị sớm nạo vét kênh mương bị bồi lấp.", Field.infrastructure),
    ("Kênh mương thôn Đông xuống cấp, đề nghị nạo vét và kè bờ.", Field.infrastructure),
    ("Đề nghị sửa chữa đường giao thông liên thôn bị sạt lở.", Field.infrastructure),
    ("Đường giao thông thôn Đoài hư hỏng nặng, đề nghị sửa chữa.", Field.infrastructure),
    ("Đề nghị hỗ trợ hộ nghèo sửa chữa nhà ở trước mùa mưa bão.", Field.welfare),
]


def _petitions(db: Session, council_id: int) -> list[Petition]:
    rows = [
        Petition(
            council_id=council_id,
            tracking_code=f"KN-T{council_id}-{i}",
            source=Source.voter_meeting,
            content=content,
            field=field,
            created_at=datetime(2026, 11, 10 + i, 2, 0, tzinfo=UTC),
        )
        for i, (content, field) in enumerate(CONTENTS)
    ]
    rows.append(  # outside the period: left alone
        Petition(
            council_id=council_id,
            tracking_code=f"KN-T{council_id}-old",
            source=Source.online,
            content="Đề nghị nạo vét kênh mương thôn Nam.",
            field=Field.infrastructure,
            created_at=datetime(2026, 3, 1, 2, 0, tzinfo=UTC),
        )
    )
    db.add_all(rows)
    db.commit()
    return rows


def test_the_office_groups_renames_merges_and_moves_topics(client: TestClient, db: Session) -> None:
    council = f.council(db)
    clerk = f.login(client, f.user(db, council=council, role=Role.clerk))
    rows = _petitions(db, council.id)
    period = {"from": "2026-11-01", "to": "2026-11-30"}
    grouped = client.post(
        f"/api/councils/{council.id}/petition-topics/group", headers=clerk, json=period
    )
    assert grouped.status_code == 200, grouped.text
    topics = {t["name"]: t for t in grouped.json()}
    ditch = next(t for n, t in topics.items() if "kênh mương" in n.lower())
    road = next(t for n, t in topics.items() if "giao thông" in n.lower())
    assert set(ditch["petition_ids"]) == {rows[0].id, rows[1].id, rows[2].id}
    assert set(road["petition_ids"]) == {rows[3].id, rows[4].id}
    assert sum(t["count"] for t in topics.values()) == 6  # the March petition is not grouped
    db.expire_all()
    assert db.get_one(Petition, rows[-1].id).topic_id is None
    # grouping again leaves what is grouped as it is
    again = client.post(
        f"/api/councils/{council.id}/petition-topics/group", headers=clerk, json=period
    )
    assert {t["id"] for t in again.json()} == {t["id"] for t in topics.values()}

    renamed = client.patch(
        f"/api/petition-topics/{road['id']}", headers=clerk, json={"name": "Giao thông nông thôn"}
    )
    assert renamed.status_code == 204
    welfare = next(t for t in topics.values() if t["id"] not in (ditch["id"], road["id"]))
    moved = client.put(
        f"/api/petitions/{rows[5].id}/topic", headers=clerk, json={"topic_id": road["id"]}
    )
    assert moved.status_code == 204
    merged = client.post(
        f"/api/petition-topics/{ditch['id']}/merge", headers=clerk, json={"into_id": road["id"]}
    )
    assert merged.status_code == 204
    listed = client.get(
        f"/api/councils/{council.id}/petition-topics", headers=clerk, params=period
    ).json()
    assert [(t["name"], t["count"]) for t in listed] == [("Giao thông nông thôn", 6)]
    db.expire_all()
    assert db.get(PetitionTopic, ditch["id"]) is None
    assert db.get(PetitionTopic, welfare["id"]) is not None  # emptied, kept for the office
    actions = set(db.scalars(select(AuditEvent.action)))
    assert {"petition.topics_grouped", "petition.topic_renamed", "petition.topic_merged"} <= actions

    stats = client.get(
        f"/api/councils/{council.id}/petitions/stats", headers=clerk, params={"year": 2026}
    ).json()
    assert [(r["label"], r["total"]) for r in stats["by_topic"]] == [("Giao thông nông thôn", 6)]
    staff = client.get(f"/api/councils/{council.id}/petitions", headers=clerk).json()
    assert {p["topic"] for p in staff if p["id"] != rows[-1].id} == {"Giao thông nông thôn"}

    # another council's office cannot touch these topics
    other = f.council(db)
    stranger = f.login(client, f.user(db, council=other, role=Role.clerk))
    refused = client.patch(
        f"/api/petition-topics/{road['id']}", headers=stranger, json={"name": "X"}
    )
    assert refused.status_code == 404
    into_other = client.put(
        f"/api/petitions/{rows[0].id}/topic", headers=stranger, json={"topic_id": None}
    )
    assert into_other.status_code == 404
