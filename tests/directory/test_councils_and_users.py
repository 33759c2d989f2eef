from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.directory.models import Body, BodyMembership, Clearance, Council, Role, User
from app.notify.models import Notification
from app.security.models import AuthSession
from tests.factories import directory as f


def _count(db: Session, model: type) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_admin_creates_council_and_clerk_manages_it(client: TestClient, db: Session) -> None:
    admin = f.admin(db)
    headers = f.login(client, admin)
    response = client.post(
        "/api/councils",
        headers=headers,
        json={"name": "HĐND xã Hòa Bình", "level": "commune", "total_delegates": 27},
    )
    assert response.status_code == 201, response.text
    council_id = response.json()["id"]
    created = client.post(
        "/api/users",
        headers=headers,
        json={
            "username": "vanphong.hb",
            "password": "mat-khau-van-phong",
            "full_name": "Lý Thị Hoa",
            "council_id": council_id,
            "role": "clerk",
            "clearance": "restricted",
        },
    )
    assert created.status_code == 201, created.text

    clerk_headers = {
        "Authorization": "Bearer "
        + client.post(
            "/api/auth/token", data={"username": "vanphong.hb", "password": "mat-khau-van-phong"}
        ).json()["access_token"]
    }
    delegate = client.post(
        "/api/users",
        headers=clerk_headers,
        json={
            "username": "daibieu.hb1",
            "full_name": "Trịnh Văn Nam",
            "council_id": council_id,
            "role": "delegate",
            "clearance": "internal",
        },
    )
    assert delegate.status_code == 201
    body = client.post(
        f"/api/councils/{council_id}/bodies",
        headers=clerk_headers,
        json={"kind": "committee", "name": "Ban Pháp chế"},
    )
    assert body.status_code == 201
    put = client.put(
        f"/api/bodies/{body.json()['id']}/members",
        headers=clerk_headers,
        json={"user_id": delegate.json()["id"], "position": "Trưởng ban"},
    )
    assert put.status_code == 204

    db.expire_all()
    stored = db.get(User, delegate.json()["id"])
    assert stored is not None and stored.council_id == council_id
    assert stored.role is Role.delegate and stored.clearance is Clearance.internal
    assert stored.password_hash is None
    assert db.get(BodyMembership, (body.json()["id"], stored.id)).position == "Trưởng ban"
    listed = client.get(f"/api/councils/{council_id}/users", headers=clerk_headers).json()
    assert {u["username"] for u in listed} == {"vanphong.hb", "daibieu.hb1"}
    actions = db.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)).all()
    assert actions.count("user.created") == 2 and "body.member_added" in actions


def test_only_admin_creates_councils(client: TestClient, db: Session) -> None:
    council = f.council(db)
    for role in (Role.clerk, Role.chair, Role.delegate, Role.guest):
        headers = f.login(client, f.user(db, council=council, role=role))
        response = client.post(
            "/api/councils",
            headers=headers,
            json={"name": "HĐND lạ", "level": "commune", "total_delegates": 9},
        )
        assert response.status_code == 403, role
        assert response.json()["error"]["code"] == "forbidden"
    assert _count(db, Council) == 1


def test_clerk_cannot_grant_admin_or_touch_admins(client: TestClient, db: Session) -> None:
    council = f.council(db)
    clerk = f.user(db, council=council, role=Role.clerk)
    admin = f.admin(db)
    headers = f.login(client, clerk)
    before = _count(db, User)
    response = client.post(
        "/api/users",
        headers=headers,
        json={
            "username": "leo.thang",
            "full_name": "Kẻ Leo Thang",
            "council_id": council.id,
            "role": "admin",
            "password": "12345678910",
        },
    )
    assert response.status_code == 403
    promote = client.patch(f"/api/users/{clerk.id}", headers=headers, json={"role": "admin"})
    assert promote.status_code == 403
    assert (
        client.patch(f"/api/users/{admin.id}", headers=headers, json={"full_name": "x"}).status_code
        == 404
    )
    assert _count(db, User) == before
    db.expire_all()
    assert db.get(User, clerk.id).role is Role.clerk


def test_duplicate_username_is_409_and_changes_nothing(client: TestClient, db: Session) -> None:
    council = f.council(db)
    clerk = f.user(db, council=council, role=Role.clerk)
    f.user(db, council=council, username="trung.ten")
    headers = f.login(client, clerk)
    before_users, before_audit = _count(db, User), _count(db, AuditEvent)
    response = client.post(
        "/api/users",
        headers=headers,
        json={
            "username": "Trung.Ten",
            "full_name": "Người Trùng",
            "council_id": council.id,
            "role": "delegate",
        },
    )
    assert response.status_code == 409
    assert response.json()["error"] == {
        "code": "username_taken",
        "message": "Tên đăng nhập đã tồn tại: trung.ten.",
    }
    assert (_count(db, User), _count(db, AuditEvent)) == (before_users, before_audit)


def test_bad_input_gets_vietnamese_422_and_changes_nothing(client: TestClient, db: Session) -> None:
    admin = f.admin(db)
    headers = f.login(client, admin)
    bad_bodies = [
        {"name": "HĐND A", "level": "district", "total_delegates": 20},
        {"name": "HĐND A", "level": "commune", "total_delegates": 0},
        {"name": "", "level": "commune", "total_delegates": 20},
        {"name": "HĐND A", "level": "commune", "total_delegates": 20, "is_admin": True},
        {"name": "HĐND A", "level": "commune"},
    ]
    for body in bad_bodies:
        response = client.post("/api/councils", headers=headers, json=body)
        assert response.status_code == 422, body
        error = response.json()["error"]
        assert error["code"] == "validation_error"
        assert error["message"].startswith("Dữ liệu gửi lên không hợp lệ")
    broken = client.post(
        "/api/councils",
        headers={**headers, "content-type": "application/json"},
        content=b"{not json",
    )
    assert broken.status_code == 422
    assert _count(db, Council) == 0


def test_member_of_other_council_refused(client: TestClient, db: Session) -> None:
    a, b = f.council(db), f.council(db)
    committee = f.body(db, council=a)
    outsider = f.user(db, council=b)
    headers = f.login(client, f.admin(db))
    response = client.put(
        f"/api/bodies/{committee.id}/members", headers=headers, json={"user_id": outsider.id}
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "member_of_other_council"
    assert _count(db, BodyMembership) == 0
    assert _count(db, Body) == 1


def test_deactivating_a_user_ends_their_sessions(client: TestClient, db: Session) -> None:
    council = f.council(db)
    clerk, delegate = f.user(db, council=council, role=Role.clerk), f.user(db, council=council)
    delegate_headers = f.login(client, delegate)
    assert client.get("/api/me", headers=delegate_headers).status_code == 200
    response = client.patch(
        f"/api/users/{delegate.id}", headers=f.login(client, clerk), json={"is_active": False}
    )
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert client.get("/api/me", headers=delegate_headers).status_code == 401
    db.expire_all()
    sessions = db.scalars(select(AuthSession).where(AuthSession.user_id == delegate.id)).all()
    assert sessions and all(s.revoked_at is not None for s in sessions)
    assert (
        client.post(
            "/api/auth/token", data={"username": delegate.username, "password": f.PASSWORD}
        ).status_code
        == 401
    )


def test_a_clerk_appoints_no_chair_and_resets_no_chairs_password(
    client: TestClient, db: Session
) -> None:
    council = f.council(db)
    clerk = f.user(db, council=council, role=Role.clerk)
    chair = f.user(db, council=council, role=Role.chair)
    headers = f.login(client, clerk)
    made_chair = client.post(
        "/api/users",
        headers=headers,
        json={
            "username": "chutich.moi",
            "full_name": "Chủ tịch tự phong",
            "council_id": council.id,
            "role": "chair",
            "password": "mat-khau-dai-2026",
        },
    )
    assert made_chair.status_code == 403
    assert (
        client.patch(f"/api/users/{clerk.id}", headers=headers, json={"role": "chair"}).status_code
        == 403
    )
    reset = client.patch(
        f"/api/users/{chair.id}", headers=headers, json={"password": "bi-chiem-2026"}
    )
    assert reset.status_code == 403
    db.expire_all()
    assert db.get(User, clerk.id).role is Role.clerk
    assert f.login(client, chair)  # the chair's own password still works


def test_nobody_changes_their_own_role_and_a_reset_is_told_to_its_owner(
    db: Session, mailing_client: TestClient
) -> None:
    client = mailing_client
    council = f.council(db)
    admin = f.admin(db)
    delegate = f.user(db, council=council, role=Role.delegate)
    delegate.email = "daibieu.reset@xa.example"
    clerk = f.user(db, council=council, role=Role.clerk)
    db.flush()
    as_admin = f.login(client, admin)
    assert (
        client.patch(f"/api/users/{admin.id}", headers=as_admin, json={"role": "clerk"}).status_code
        == 403
    )
    as_clerk = f.login(client, clerk)
    # the office looks after delegates' accounts: resetting one is audited and its owner told
    reset = client.patch(
        f"/api/users/{delegate.id}", headers=as_clerk, json={"password": "mat-khau-moi-2026"}
    )
    assert reset.status_code == 200
    told = db.scalars(select(Notification).where(Notification.user_id == delegate.id)).all()
    assert len(told) == 1 and told[0].recipient == "daibieu.reset@xa.example"
    assert clerk.full_name in told[0].body
    audit = db.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "user.updated", AuditEvent.object_id == str(delegate.id)
        )
    ).all()
    assert audit and audit[-1].details["password_changed"] is True
