"""The projector shows the hall screen through the meeting's screen link, with no login on
the projector's computer; the link opens that meeting's screen and live state and nothing
else, and a wrong or missing code opens nothing."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.directory.models import Clearance, Council, Role
from app.meetings.models import MeetingKind, MeetingStatus
from tests.factories import directory as f
from tests.factories import meetings as m
from tests.support.office import office_login


def test_the_screen_link_opens_the_hall_screen_without_a_login(
    client: TestClient, db: Session, office: tuple[Council, dict[str, str], int]
) -> None:
    council, headers, meeting_id = office
    convened = client.post(
        f"/api/meetings/{meeting_id}/status", headers=headers, json={"status": "convened"}
    )
    assert convened.status_code == 200, convened.text
    clerk = f.user(db, council=council, role=Role.clerk, clearance=Clearance.restricted)
    other = m.meeting(
        db, council=council, kind=MeetingKind.special_session, status=MeetingStatus.in_progress
    )
    office_login(client, clerk.username, f.PASSWORD)
    page = client.get(f"/office/meetings/{meeting_id}")
    found = re.search(r'id="screen-url">([^<]+)<', page.text)
    assert found is not None, "the meeting page gives the office the projector's link"
    link = found.group(1).replace("http://testserver", "")
    client.cookies.clear()  # the projector's computer: nobody logged in

    screen = client.get(link)
    assert screen.status_code == 200 and 'data-mode="hall"' in screen.text
    live_url = re.search(r'data-live-url="([^"]+)"', screen.text)
    assert live_url is not None and "screen=" in live_url.group(1)
    with client.stream("GET", live_url.group(1).replace("&amp;", "&")) as events:
        assert events.status_code == 200
        first = next(events.iter_lines())
        assert first.startswith("id: 1")

    code = link.split("screen=")[1]
    assert client.get(f"/hall/meetings/{other.id}?screen={code}").status_code == 404
    assert client.get(f"/hall/meetings/{meeting_id}?screen=sai-ma").status_code == 404
    assert client.get(f"/hall/meetings/{other.id}/live?screen={code}").status_code == 404
    assert client.get(f"/hall/meetings/{meeting_id}/live").status_code == 404
    unauthenticated = client.get(f"/hall/meetings/{meeting_id}", follow_redirects=False)
    assert unauthenticated.status_code in (303, 401)
