"""The office pages do what the API does, through forms with CSRF, and show errors in place."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.directory.models import BodyMembership, Council, Role, User
from tests.factories import directory as f


def _cookie_login(client: TestClient, user: User) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    done = client.post(
        "/login",
        data={"username": user.username, "password": f.PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_clerk_runs_the_directory_from_the_council_page(client: TestClient, db: Session) -> None:
    council = f.council(db, total_delegates=25)
    clerk = f.user(db, council=council, role=Role.clerk, full_name="Phạm Thu Hà")
    committee = f.body(db, council=council, name="Ban Kinh tế – Ngân sách")
    _cookie_login(client, clerk)
    home = client.get("/office")
    assert home.url.path == f"/office/councils/{council.id}"
    token = _csrf(home.text)

    added = client.post(
        f"/office/councils/{council.id}/users",
        data={
            "csrf_token": token,
            "username": "thanh.nv",
            "full_name": "Nguyễn Văn Thành",
            "role": "delegate",
            "clearance": "internal",
            "position": "Đại biểu HĐND xã",
        },
    )
    assert added.status_code == 200 and "Đã thêm người." in added.text
    assert "Nguyễn Văn Thành" in added.text
    thanh = db.scalar(select(User).where(User.username == "thanh.nv"))

    member = client.post(
        f"/office/bodies/{committee.id}/members",
        data={"csrf_token": token, "user_id": str(thanh.id), "position": "Ủy viên"},
    )
    assert "Đã thêm thành viên." in member.text and "Nguyễn Văn Thành — Ủy viên" in member.text
    assert db.get(BodyMembership, (committee.id, thanh.id)) is not None

    edited = client.post(
        f"/office/councils/{council.id}",
        data={
            "csrf_token": token,
            "name": council.name,
            "total_delegates": "27",
            "term": "khóa I, nhiệm kỳ 2026–2031",
        },
    )
    assert "27 đại biểu" in edited.text
    db.expire_all()
    assert db.get(Council, council.id).total_delegates == 27

    removed = client.post(
        f"/office/bodies/{committee.id}/members/{thanh.id}/remove", data={"csrf_token": token}
    )
    assert "Đã bớt thành viên." in removed.text
    db.expire_all()
    assert db.get(BodyMembership, (committee.id, thanh.id)) is None


def test_form_errors_are_shown_in_place_and_change_nothing(client: TestClient, db: Session) -> None:
    council = f.council(db)
    clerk = f.user(db, council=council, role=Role.clerk)
    f.user(db, council=council, username="da.co")
    _cookie_login(client, clerk)
    token = _csrf(client.get(f"/office/councils/{council.id}").text)
    taken = client.post(
        f"/office/councils/{council.id}/users",
        data={
            "csrf_token": token,
            "username": "da.co",
            "full_name": "Trùng Tên",
            "role": "delegate",
            "clearance": "internal",
        },
    )
    assert taken.status_code == 409
    assert "Tên đăng nhập đã tồn tại: da.co." in taken.text

    sheet = "ho_va_ten,ten_dang_nhap,vai_tro\nĐúng,dung.1,dai_bieu\nSai,sai.1,vua\n".encode()
    bad = client.post(
        f"/office/councils/{council.id}/import",
        params={"csrf_token": token},
        files={"file": ("ds.csv", sheet, "text/csv")},
    )
    assert bad.status_code == 422
    assert "Các dòng bị lỗi (chưa nhập dòng nào)" in bad.text
    assert re.search(r"<td class=\"num\">3</td><td>vai trò không hợp lệ: “vua”</td>", bad.text)
    db.expire_all()
    assert db.scalar(select(User).where(User.username == "dung.1")) is None


def test_english_pages(client: TestClient, db: Session) -> None:
    council = f.council(db)
    _cookie_login(client, f.user(db, council=council, role=Role.chair))
    page = client.get(f"/office/councils/{council.id}?lang=en")
    assert '<html lang="en">' in page.text
    assert "Delegates, staff and guests" in page.text
    assert "Add a person" not in page.text  # a chair reads the directory but does not manage it
