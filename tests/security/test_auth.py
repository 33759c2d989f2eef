from __future__ import annotations

import re
import time

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.config import Settings
from app.directory.models import Role
from app.security.models import AuthSession
from app.security.service import token_hash
from tests.factories import directory as f


def test_token_login_and_me(client: TestClient, db: Session) -> None:
    delegate = f.user(db, council=f.council(db), full_name="Phan Thị Lụa")
    response = client.post(
        "/api/auth/token", data={"username": delegate.username.upper(), "password": f.PASSWORD}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    me = client.get("/api/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["full_name"] == "Phan Thị Lụa"
    db.expire_all()
    stored = db.scalars(select(AuthSession.token_hash)).all()
    assert token_hash(body["access_token"]) in stored
    assert body["access_token"] not in stored  # only the hash is kept


def test_passwords_are_argon2id(db: Session) -> None:
    assert f.user(db, council=f.council(db)).password_hash.startswith("$argon2id$")


def test_wrong_password_then_throttled_even_with_right_password(
    client: TestClient, db: Session, settings: Settings
) -> None:
    clerk = f.user(db, council=f.council(db), role=Role.clerk)
    for _ in range(settings.login_max_failures):
        wrong = client.post(
            "/api/auth/token", data={"username": clerk.username, "password": "sai-mat-khau"}
        )
        assert wrong.status_code == 401
        assert wrong.json()["error"] == {
            "code": "invalid_credentials",
            "message": "Tên đăng nhập hoặc mật khẩu không đúng.",
        }
    blocked = client.post(
        "/api/auth/token", data={"username": clerk.username, "password": f.PASSWORD}
    )
    assert blocked.status_code == 429
    assert blocked.json()["error"]["code"] == "login_throttled"
    # The refusals were kept in the audit log although the requests failed.
    db.expire_all()
    actions = db.scalars(select(AuditEvent.action)).all()
    assert actions.count("login.failed") == settings.login_max_failures
    assert actions.count("login.throttled") == 1
    assert db.scalars(select(AuthSession)).all() == []


def test_unknown_user_and_missing_fields(client: TestClient) -> None:
    assert (
        client.post("/api/auth/token", data={"username": "khong-co", "password": "x"}).status_code
        == 401
    )
    missing = client.post("/api/auth/token", data={"username": "a"})
    assert missing.status_code == 422
    assert missing.json()["error"]["code"] == "validation_error"


def test_bad_and_revoked_tokens_are_401(client: TestClient, db: Session) -> None:
    delegate = f.user(db, council=f.council(db))
    headers = f.login(client, delegate)
    assert client.get("/api/me", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get("/api/me").status_code == 401
    assert client.post("/api/auth/logout", headers=headers).status_code == 204
    gone = client.get("/api/me", headers=headers)
    assert gone.status_code == 401
    assert gone.json()["error"]["code"] == "not_authenticated"


def _login_cookie(client: TestClient, username: str) -> str:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post(
        "/login",
        data={"username": username, "password": f.PASSWORD, "csrf_token": token, "next": "/office"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/office"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    return client.cookies["kyhop_session"]


def test_cookie_session_requires_csrf_on_writes(client: TestClient, db: Session) -> None:
    council = f.council(db)
    clerk = f.user(db, council=council, role=Role.clerk)
    _login_cookie(client, clerk.username)
    page = client.get(f"/office/councils/{council.id}")
    assert page.status_code == 200
    form = {"kind": "committee", "name": "Ban Văn hóa – Xã hội"}
    forged = client.post(f"/api/councils/{council.id}/bodies", json=form)
    assert forged.status_code == 403
    assert forged.json()["error"]["code"] == "csrf_failed"
    forged_form = client.post(f"/office/councils/{council.id}/bodies", data=form)
    assert forged_form.status_code == 403
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    ok = client.post(
        f"/office/councils/{council.id}/bodies",
        data={**form, "csrf_token": token},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    assert (
        client.post(
            f"/api/councils/{council.id}/bodies",
            headers={"X-CSRF-Token": token},
            json={"kind": "committee", "name": "Ban Kinh tế"},
        ).status_code
        == 201
    )


def test_login_form_csrf_and_open_redirects(client: TestClient, db: Session) -> None:
    clerk = f.user(db, council=f.council(db), role=Role.clerk)
    no_token = client.post("/login", data={"username": clerk.username, "password": f.PASSWORD})
    assert no_token.status_code == 403
    for target in ("//evil.example", "https://evil.example/", "/\\evil.example"):
        page = client.get("/login", params={"next": target})
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = client.post(
            "/login",
            data={
                "username": clerk.username,
                "password": f.PASSWORD,
                "csrf_token": token,
                "next": target,
            },
            follow_redirects=False,
        )
        assert response.headers["location"] == "/office"
        client.cookies.clear()


def test_web_login_failure_is_rendered_in_vietnamese(client: TestClient, db: Session) -> None:
    clerk = f.user(db, council=f.council(db), role=Role.clerk)
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post(
        "/login", data={"username": clerk.username, "password": "sai", "csrf_token": token}
    )
    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.text


def test_pages_redirect_to_login_when_anonymous(client: TestClient) -> None:
    response = client.get(
        "/office/councils/1", headers={"accept": "text/html"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Foffice%2Fcouncils%2F1"


def test_security_headers(client: TestClient) -> None:
    for path in ("/login", "/healthz", "/api/me"):
        headers = client.get(path).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["referrer-policy"] == "same-origin"


def test_oversized_bodies_are_413_before_anything_happens(
    client: TestClient, db: Session, settings: Settings
) -> None:
    headers = f.login(client, f.admin(db))
    big = {"name": "x" * (settings.max_body_bytes + 10), "level": "commune", "total_delegates": 5}
    response = client.post("/api/councils", headers=headers, json=big)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"

    def chunks():  # no Content-Length: the limit is enforced while streaming
        for _ in range(settings.max_body_bytes // 65536 + 2):
            yield b" " * 65536

    streamed = client.post(
        "/api/councils", headers={**headers, "content-type": "application/json"}, content=chunks()
    )
    assert streamed.status_code == 413


def test_english_on_request(client: TestClient) -> None:
    response = client.get("/api/me", headers={"accept-language": "en-US,en;q=0.9"})
    assert response.json()["error"]["message"] == "Please log in."
    assert client.get("/api/me").json()["error"]["message"] == "Vui lòng đăng nhập."


def test_a_session_id_planted_before_login_is_never_adopted(
    client: TestClient, db: Session
) -> None:
    """Session fixation: whatever session cookie a browser arrives with, logging in issues a
    new one, and the planted value opens nothing before or after."""
    clerk = f.user(db, council=f.council(db), role=Role.clerk)
    planted = "ke-tan-cong-dat-san-phien-nay"
    client.cookies.set("kyhop_session", planted)
    assert client.get("/api/me").status_code == 401
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post(
        "/login",
        data={"username": clerk.username, "password": f.PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    issued = response.headers["set-cookie"].split("kyhop_session=", 1)[1].split(";", 1)[0]
    assert issued and issued != planted
    client.cookies.clear()
    assert client.get("/api/me", cookies={"kyhop_session": issued}).status_code == 200
    client.cookies.set("kyhop_session", planted)
    assert client.get("/api/me").status_code == 401


def test_guessing_a_username_from_one_address_does_not_lock_it_elsewhere(
    app: FastAPI, db: Session, settings: Settings
) -> None:
    """Anyone who knows the chair's username could keep the chair out from every address."""
    chair = f.user(db, council=f.council(db), role=Role.chair)
    attacker = TestClient(app, client=("203.0.113.9", 50000))
    for _ in range(settings.login_max_failures):
        attacker.post("/api/auth/token", data={"username": chair.username, "password": "doan"})
    refused = attacker.post(
        "/api/auth/token", data={"username": chair.username, "password": f.PASSWORD}
    )
    assert refused.status_code == 429
    at_the_office = TestClient(app, client=("198.51.100.7", 50000))
    allowed = at_the_office.post(
        "/api/auth/token", data={"username": chair.username, "password": f.PASSWORD}
    )
    assert allowed.status_code == 200
    # the guesser's wait is a backoff that grows, not a lock: after it, one more try is heard
    time.sleep(1.1)
    heard = attacker.post("/api/auth/token", data={"username": chair.username, "password": "x"})
    assert heard.status_code == 401
    again = attacker.post("/api/auth/token", data={"username": chair.username, "password": "y"})
    assert again.status_code == 429  # the next wait is 2 s
