"""The office's no-JavaScript forms answer a wrong value with the page and its message (4xx),
never a 500: what the browser sends is parsed by the same schemas as the API's input."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.directory.models import Clearance, Council, Role
from app.meetings.models import AgendaItem, Meeting
from tests.factories import directory as f
from tests.support.office import office_login


def test_wrong_form_values_are_refused_on_the_page(
    client: TestClient, db: Session, office: tuple[Council, dict[str, str], int]
) -> None:
    council, _headers, meeting = office
    clerk = f.user(db, council=council, role=Role.clerk, clearance=Clearance.restricted)
    csrf = office_login(client, clerk.username, f.PASSWORD)
    meetings_before = db.scalars(select(Meeting.id)).all()
    cases = [
        (
            f"/office/councils/{council.id}/meetings",
            {"kind": "hop-bat-thuong", "title": "Kỳ họp", "starts_at": "2026-12-20T08:00"},
        ),
        (
            f"/office/councils/{council.id}/meetings",
            {"kind": "regular_session", "title": "Kỳ họp", "starts_at": "20/12/2026 8 giờ"},
        ),
        (
            f"/office/councils/{council.id}/meetings",
            {
                "kind": "regular_session",
                "title": "Kỳ họp",
                "starts_at": "2026-12-20T08:00",
                "body_id": "ban-kinh-te",
            },
        ),
        (f"/office/meetings/{meeting}/agenda", {"title": "Báo cáo", "planned_minutes": "mười"}),
        (
            f"/office/meetings/{meeting}/paper-documents",
            {"title": "Công văn", "secrecy": "mat", "copies": "ba"},
        ),
        (
            f"/office/meetings/{meeting}/paper-documents",
            {"title": "Công văn", "secrecy": "bi-mat", "copies": "3"},
        ),
    ]
    for path, form in cases:
        response = client.post(path, data={**form, "csrf_token": csrf}, follow_redirects=False)
        assert 400 <= response.status_code < 500, (path, form, response.status_code)
        assert response.headers["content-type"].startswith("text/html"), (path, form)
        assert "không hợp lệ" in response.text  # the message, on the page
    db.expire_all()
    assert db.scalars(select(Meeting.id)).all() == meetings_before
    assert db.scalars(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting)).all() == []
    link = client.post(
        f"/office/users/{clerk.id}/access-links",
        data={"meeting_id": "khong-phai-so", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert 400 <= link.status_code < 500
