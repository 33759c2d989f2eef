"""The classification rule as a table: every (role × clearance × audience membership × meeting
state × document class) against every document route, compared with an independent oracle."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.directory.models import BodyKind, BodyMembership, Clearance, Role, User
from app.documents.models import Classification
from app.meetings.models import Meeting, MeetingKind, MeetingStatus
from app.storage import ObjectStore
from tests.factories import directory as f
from tests.factories import meetings as m
from tests.support.pdfs import make_pdf

RANK = {"public": 1, "internal": 2, "restricted": 3}


@dataclass(frozen=True)
class Who:
    role: Role
    clearance: Clearance
    in_committee: bool
    invited_by_name: bool = False
    other_council: bool = False


@dataclass(frozen=True)
class Where:
    kind: MeetingKind
    status: MeetingStatus


def oracle(who: Who, where: Where, classification: Classification) -> bool:
    """Written from domain.md, independently of app/security/policy.py."""
    if who.other_council:
        return False
    staff = who.role in (Role.clerk, Role.chair)
    if where.kind is MeetingKind.committee:
        invited = who.in_committee or who.invited_by_name
    else:
        invited = who.role is Role.delegate or who.invited_by_name
    meeting_visible = staff or (where.status is not MeetingStatus.draft and invited)
    clearance_ok = RANK[who.clearance.value] >= RANK[classification.value]
    audience_ok = classification is not Classification.restricted or staff or who.in_committee
    return meeting_visible and clearance_ok and audience_ok


ACTORS = (
    [
        Who(role, clearance, member)
        for role, clearance, member in itertools.product(
            (Role.clerk, Role.chair, Role.delegate, Role.guest), Clearance, (False, True)
        )
    ]
    + [
        Who(Role.guest, c, member, invited_by_name=True)
        for c, member in itertools.product(Clearance, (False, True))
    ]
    + [
        Who(Role.delegate, Clearance.restricted, True, other_council=True),
        Who(Role.clerk, Clearance.restricted, False, other_council=True),
    ]
)
PLACES = [
    Where(MeetingKind.regular_session, MeetingStatus.draft),
    Where(MeetingKind.regular_session, MeetingStatus.convened),
    Where(MeetingKind.regular_session, MeetingStatus.closed),
    Where(MeetingKind.committee, MeetingStatus.convened),
]


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return make_pdf(tmp_path_factory.mktemp("pdf") / "sample.pdf", pages=1).read_bytes()


def test_every_document_route_matches_the_oracle(
    client: TestClient, db: Session, store: ObjectStore, sample_pdf: bytes, tmp_path: Path
) -> None:
    council, other = f.council(db, name="HĐND xã Thử"), f.council(db, name="HĐND xã Khác")
    committee = f.body(db, council=council, kind=BodyKind.committee, name="Ban Pháp chế")
    users: dict[Who, User] = {}
    for who in ACTORS:
        users[who] = f.user(
            db,
            council=other if who.other_council else council,
            role=who.role,
            clearance=who.clearance,
        )
    for who, user in users.items():
        if who.in_committee and not who.other_council:
            db.add(BodyMembership(body_id=committee.id, user_id=user.id))
    db.flush()
    guests = tuple(u for w, u in users.items() if w.invited_by_name)
    meetings: dict[Where, Meeting] = {
        where: m.meeting(
            db,
            council=council,
            kind=where.kind,
            status=where.status,
            body=committee if where.kind is MeetingKind.committee else None,
            guests=guests,
        )
        for where in PLACES
    }
    documents = {
        (where, cls): m.document(
            db,
            store,
            meeting=meeting,
            classification=cls,
            content=sample_pdf,
            audience_bodies=(committee,) if cls is Classification.restricted else (),
        )
        for where, meeting in meetings.items()
        for cls in Classification
    }
    mismatches = []
    for who, user in users.items():
        headers = f.login(client, user)
        for where, meeting in meetings.items():
            listing = client.get(f"/api/meetings/{meeting.id}/documents", headers=headers)
            listed = {d["id"] for d in listing.json()} if listing.status_code == 200 else set()
            for cls in Classification:
                doc = documents[(where, cls)]
                expected = oracle(who, where, cls)
                content = client.get(f"/api/documents/{doc.id}/content", headers=headers)
                seen = {
                    "list": doc.id in listed,
                    "content": content.status_code == 200,
                }
                if content.status_code not in (200, 404):
                    mismatches.append(f"{who} {where} {cls}: status {content.status_code}")
                for route, visible in seen.items():
                    if visible != expected:
                        mismatches.append(
                            f"{route}: {who} {where} {cls} expected {expected}, got {visible}"
                        )
    assert mismatches == []
