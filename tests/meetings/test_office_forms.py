"""The office's no-JavaScript forms answer a wrong value with the page and its message (4xx),
never a 500: what the browser sends is parsed by the same schemas as the API's input."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.directory.models import Clearance, Council, Role
from app.meetings.models import AgendaItem, Meeting
from tests.factories import directory as f
from tests.support.office import office_login
from tests.support.pdfs import make_pdf


def test_wrong_form_values_are_refused_on_the_page(
    client: TestClient, db: Session, office: tuple[Council, dict[str, str], int]
) -> None:
    council, _headers, meeting = office
    clerk = f.user(db, council=council, role=Role.clerk, clearance=Clearance.restricted)
    csrf = office_login(client, clerk.username, f.PASSWORD)
    meetings_before = db.scalars(select(Meeting.id)).all()
    cases = [  # (page, form, the field the message names)
        (
            f"/office/councils/{council.id}/meetings",
            {"kind": "hop-bat-thuong", "title": "Kỳ họp", "starts_at": "2026-12-20T08:00"},
            "Loại cuộc họp",
        ),
        (
            f"/office/councils/{council.id}/meetings",
            {"kind": "regular_session", "title": "Kỳ họp", "starts_at": "20/12/2026 8 giờ"},
            "Thời gian",
        ),
        (
            f"/office/councils/{council.id}/meetings",
            {
                "kind": "regular_session",
                "title": "Kỳ họp",
                "starts_at": "2026-12-20T08:00",
                "body_id": "ban-kinh-te",
            },
            "Ban, Tổ",
        ),
        (
            f"/office/meetings/{meeting}/agenda",
            {"title": "Báo cáo", "planned_minutes": "mười"},
            "Thời lượng (phút)",
        ),
        (
            f"/office/meetings/{meeting}/paper-documents",
            {"title": "Công văn", "secrecy": "mat", "copies": "ba"},
            "Số bản",
        ),
        (
            f"/office/meetings/{meeting}/paper-documents",
            {"title": "Công văn", "secrecy": "bi-mat", "copies": "3"},
            "Độ mật",
        ),
    ]
    for path, form, field in cases:
        response = client.post(path, data={**form, "csrf_token": csrf}, follow_redirects=False)
        assert 400 <= response.status_code < 500, (path, form, response.status_code)
        assert response.headers["content-type"].startswith("text/html"), (path, form)
        named = f"Dữ liệu gửi lên không hợp lệ, hãy kiểm tra: {field}."
        assert named in response.text, (path, form)
    db.expire_all()
    assert db.scalars(select(Meeting.id)).all() == meetings_before
    assert db.scalars(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting)).all() == []
    link = client.post(
        f"/office/users/{clerk.id}/access-links",
        data={"meeting_id": "khong-phai-so", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert 400 <= link.status_code < 500


def test_an_upload_without_an_agenda_item_is_taken_and_a_wrong_field_is_named(
    client: TestClient, office: tuple[Council, dict[str, str], int], tmp_path: Path
) -> None:
    """A Giấy mời belongs to no agenda item: the form's "—" is the field left out."""
    _council, headers, meeting = office
    pdf = make_pdf(tmp_path / "giay-moi.pdf", pages=1, title="GIẤY MỜI").read_bytes()
    fields = {"title": "Giấy mời kỳ họp", "classification": "public", "agenda_item_id": ""}
    taken = client.post(
        f"/api/meetings/{meeting}/documents",
        headers=headers,
        data=fields,
        files={"file": ("giay-moi.pdf", pdf, "application/pdf")},
    )
    assert taken.status_code == 201, taken.text
    refused = client.post(
        f"/api/meetings/{meeting}/documents",
        headers=headers,
        data={**fields, "classification": "bi-mat-lam"},
        files={"file": ("giay-moi.pdf", pdf, "application/pdf")},
    )
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["message"] == "Dữ liệu gửi lên không hợp lệ, hãy kiểm tra: Phân loại truy cập."
    assert error["details"][0]["field"] == "classification"
