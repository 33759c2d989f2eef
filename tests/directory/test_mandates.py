"""Delegates in office, term by term: a council that records its mandates counts "all
delegates" (thresholds, quorum, written decisions) as those in office on the day, with the
history of who left, when and why; one that has not keeps its stated number."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.directory.models import Role, Term, User
from app.i18n import local_today
from app.meetings.models import MeetingStatus
from tests.factories import directory as f
from tests.factories import meetings as m


def test_mandates_set_who_counts_on_the_day_with_history(client: TestClient, db: Session) -> None:
    today = local_today()
    council = f.council(db, total_delegates=30)
    term = Term(
        council_id=council.id,
        ordinal=1,
        starts_on=today - timedelta(days=365),
        ends_on=today + timedelta(days=4 * 365),
    )
    db.add(term)
    chair = f.user(db, council=council, role=Role.chair)
    delegates = [chair] + [f.user(db, council=council, full_name=f"Đại biểu {i}") for i in range(5)]
    clerk = f.user(db, council=council, role=Role.clerk)
    meeting = m.meeting(db, council=council, status=MeetingStatus.in_progress)
    office, reader = f.bearer(db, clerk), f.bearer(db, delegates[1])
    url = f"/api/councils/{council.id}/mandates"
    quorum = f"/api/meetings/{meeting.id}/attendance"

    before = client.get(url, headers=reader).json()
    assert (before["in_office"], before["mandates"]) == (30, [])  # the stated number
    assert client.get(quorum, headers=office).json()["quorum"]["total"] == 30
    assert client.post(url, headers=office, json={"user_ids": [clerk.id]}).status_code == 422
    assert client.post(url, headers=reader, json={}).status_code == 403
    recorded = client.post(url, headers=office, json={})
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["in_office"] == 6
    assert {x["starts_on"] for x in recorded.json()["mandates"]} == {term.starts_on.isoformat()}
    assert client.get(quorum, headers=office).json()["quorum"] == {
        **client.get(quorum, headers=office).json()["quorum"],
        "total": 6,
        "needed": 4,  # two thirds of six
    }

    # one resigns today: from today five count, the account no longer opens, history kept
    leaving = next(x for x in recorded.json()["mandates"] if x["user_id"] == delegates[5].id)
    end = f"/api/mandates/{leaving['id']}/end"
    outside = client.post(
        end,
        headers=office,
        json={"ends_on": (term.ends_on + timedelta(days=1)).isoformat(), "reason": "resigned"},
    )
    assert outside.status_code == 422 and outside.json()["error"]["code"] == "mandate_dates"
    ended = client.post(
        end,
        headers=office,
        json={
            "ends_on": today.isoformat(),
            "reason": "resigned",
            "note": "Nghị quyết số 12/NQ-HĐND",
        },
    )
    assert ended.status_code == 200, ended.text
    assert ended.json()["in_office"] == 5
    row = next(x for x in ended.json()["mandates"] if x["user_id"] == delegates[5].id)
    assert (row["end_reason"], row["ends_on"], row["note"]) == (
        "resigned",
        today.isoformat(),
        "Nghị quyết số 12/NQ-HĐND",
    )
    assert (
        client.post(
            end, headers=office, json={"ends_on": today.isoformat(), "reason": "deceased"}
        ).status_code
        == 409
    )
    db.expire_all()
    assert db.get_one(User, delegates[5].id).is_active is False
    yesterday = client.get(
        url, headers=reader, params={"on": (today - timedelta(days=1)).isoformat()}
    ).json()
    assert yesterday["in_office"] == 6  # on the day before, six were in office

    # a vote opened now counts five: three approvals pass, as more than half of five
    vote = client.post(
        f"/api/meetings/{meeting.id}/votes", headers=office, json={"question": "Thông qua"}
    ).json()["id"]
    opened = client.post(f"/api/votes/{vote}/open", headers=office).json()
    assert opened["total_delegates"] == 5
    for person in delegates[:3]:
        headers = f.bearer(db, person)
        assert client.post(quorum, headers=headers).status_code == 200
        assert (
            client.post(
                f"/api/votes/{vote}/ballots", headers=headers, json={"choice": "approve"}
            ).status_code
            == 201
        )
    closed = client.post(f"/api/votes/{vote}/close", headers=office).json()
    assert closed["passed"] is True and closed["percent"]["approve"] == 60.0


def test_a_council_without_a_term_cannot_record_mandates(client: TestClient, db: Session) -> None:
    council = f.council(db)
    clerk = f.user(db, council=council, role=Role.clerk)
    answer = client.post(
        f"/api/councils/{council.id}/mandates", headers=f.bearer(db, clerk), json={}
    )
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "no_term"
