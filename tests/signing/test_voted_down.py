"""A vote is tied to the draft it decides; a draft the council voted down is numbered for
issue only with the office's explicit confirmation, which the audit log keeps."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.meetings.models import Meeting, MeetingStatus
from tests.factories import directory as f
from tests.signing.conftest import Council_
from tests.support.office import office_login


def _vote_on_the_draft(client: TestClient, db: Session, issuing: Council_, approve: int) -> int:
    meeting = db.get_one(Meeting, issuing.resolution.meeting_id)
    meeting.status = MeetingStatus.in_progress
    db.flush()
    clerk = f.login(client, issuing.clerk)
    vote = client.post(
        f"/api/meetings/{meeting.id}/votes",
        headers=clerk,
        json={"question": "Thông qua Nghị quyết", "document_id": issuing.resolution.id},
    )
    assert vote.status_code == 201, vote.text
    vote_id = int(vote.json()["id"])
    voters = [f.login(client, f.user(db, council=issuing.council)) for _ in range(approve)]
    for voter in voters:
        checked_in = client.post(f"/api/meetings/{meeting.id}/attendance", headers=voter)
        assert checked_in.status_code in (200, 201), checked_in.text
    assert client.post(f"/api/votes/{vote_id}/open", headers=clerk).status_code == 200
    for voter in voters:
        cast = client.post(
            f"/api/votes/{vote_id}/ballots", headers=voter, json={"choice": "approve"}
        )
        assert cast.status_code in (200, 201), cast.text
    assert client.post(f"/api/votes/{vote_id}/close", headers=clerk).status_code == 200
    return vote_id


def test_a_draft_voted_down_is_numbered_only_when_the_office_confirms(
    client: TestClient, db: Session, issuing: Council_
) -> None:
    vote_id = _vote_on_the_draft(client, db, issuing, approve=0)
    clerk = f.login(client, issuing.clerk)
    path = f"/api/documents/{issuing.resolution.id}/number"
    refused = client.post(path, headers=clerk)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "vote_not_passed"
    db.refresh(issuing.resolution)
    assert issuing.resolution.verify_code is None  # nothing numbered, nothing taken

    # the meeting page says so, and its numbering form asks for the confirmation
    office_login(client, issuing.clerk.username, f.PASSWORD)
    page = client.get(f"/office/meetings/{issuing.resolution.meeting_id}").text
    assert "KHÔNG ĐƯỢC THÔNG QUA" in page
    assert 'name="despite_vote" value="true" required' in page
    console = client.get(f"/office/meetings/{issuing.resolution.meeting_id}/floor").text
    assert f'<option value="{issuing.resolution.id}">' in console  # votes name their draft

    numbered = client.post(path, headers=clerk, json={"despite_vote": True})
    assert numbered.status_code == 200, numbered.text
    event = db.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "document.numbered",
            AuditEvent.object_id == str(issuing.resolution.id),
        )
    ).one()
    assert event.details["despite_failed_vote"] == vote_id


def test_a_draft_voted_through_is_numbered_as_before(
    client: TestClient, db: Session, issuing: Council_
) -> None:
    issuing.council.total_delegates = 3
    db.flush()
    _vote_on_the_draft(client, db, issuing, approve=2)
    numbered = client.post(
        f"/api/documents/{issuing.resolution.id}/number", headers=f.login(client, issuing.clerk)
    )
    assert numbered.status_code == 200, numbered.text
