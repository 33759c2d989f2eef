"""A council of 30 delegates in session, with bearer headers for everyone."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from app.directory.models import Council, Role, User
from app.meetings.models import Meeting, MeetingStatus
from tests.factories import directory as f
from tests.factories import meetings as m

DELEGATES = 30


@dataclass
class Floor:
    council: Council
    meeting: Meeting
    chair: User
    clerk: User
    delegates: list[User]  # the chair is delegates[0]
    auth: dict[int, dict[str, str]]  # user id -> bearer headers

    def of(self, user: User) -> dict[str, str]:
        return self.auth[user.id]


@pytest.fixture
def hall(db: Session) -> Floor:
    council = f.council(db, total_delegates=DELEGATES)
    chair = f.user(db, council=council, role=Role.chair, full_name="Trần Thị Chủ Tọa")
    delegates = [chair] + [
        f.user(db, council=council, full_name=f"Đại biểu {i:02d}") for i in range(2, DELEGATES + 1)
    ]
    clerk = f.user(db, council=council, role=Role.clerk, full_name="Lê Thư Ký")
    meeting = m.meeting(db, council=council, status=MeetingStatus.in_progress)
    auth = {u.id: f.bearer(db, u) for u in [*delegates, clerk]}
    return Floor(council, meeting, chair, clerk, delegates, auth)
