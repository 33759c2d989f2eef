"""QR access links: issued once, stored as a hash, opened without a password, revoked at once."""

from __future__ import annotations

import base64
import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.access.models import AccessLink
from app.config import Settings
from app.directory.models import BodyKind, Clearance, Role
from app.documents.models import Classification
from app.security.models import AuthSession
from app.storage import ObjectStore
from tests.factories import directory as f
from tests.factories import meetings as m
from tests.support.pdfs import make_pdf


def _token(url: str) -> str:
    return url.rsplit("/a/", 1)[1]


def _scan(app: FastAPI, url: str) -> TestClient:
    """A new phone: its own cookie jar, opening the link from the QR code."""
    phone = TestClient(app, base_url="http://testserver")
    opened = phone.get(url.replace("http://testserver", ""), follow_redirects=False)
    assert opened.status_code == 303, opened.text
    return phone


def test_link_opens_a_device_session_and_the_token_is_never_stored(
    app: FastAPI, client: TestClient, db: Session, store: ObjectStore, tmp_path: Path
) -> None:
    council = f.council(db)
    clerk = f.user(db, council=council, role=Role.clerk)
    delegate = f.user(db, council=council, full_name="Lương Thị Hạnh")
    meeting = m.meeting(db, council=council)
    doc = m.document(
        db,
        store,
        meeting=meeting,
        classification=Classification.internal,
        content=make_pdf(tmp_path / "a.pdf", pages=1).read_bytes(),
    )
    issued = client.post(
        f"/api/users/{delegate.id}/access-links",
        headers=f.login(client, clerk),
        json={"meeting_id": meeting.id},
    )
    assert issued.status_code == 201, issued.text
    url, token = issued.json()["url"], _token(issued.json()["url"])
    assert url.startswith("http://testserver/a/") and len(token) >= 43  # 256 bits
    assert issued.json()["qr_svg"].startswith("<svg")

    phone = TestClient(app)
    opened = phone.get(f"/a/{token}", follow_redirects=False)
    assert opened.status_code == 303
    assert opened.headers["location"] == f"/reader/meetings/{meeting.id}"
    cookie = opened.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    content = phone.get(f"/api/documents/{doc.id}/content")
    assert content.status_code == 200 and content.content.startswith(b"%PDF")
    assert phone.get("/api/me").json()["full_name"] == "Lương Thị Hạnh"

    db.expire_all()
    for table in ("access_links", "auth_sessions", "audit_events"):
        rows = db.execute(text(f"SELECT * FROM {table}")).all()
        assert rows and not any(token in str(row) for row in rows), table


def test_revocation_ends_the_link_and_its_sessions_within_one_request(
    app: FastAPI, client: TestClient, db: Session
) -> None:
    council = f.council(db)
    clerk_headers = f.login(client, f.user(db, council=council, role=Role.clerk))
    delegate = f.user(db, council=council)
    issued = client.post(f"/api/users/{delegate.id}/access-links", headers=clerk_headers, json={})
    phone = _scan(app, issued.json()["url"])
    assert phone.get("/api/me").status_code == 200
    revoked = client.delete(f"/api/access-links/{issued.json()['id']}", headers=clerk_headers)
    assert revoked.status_code == 204
    assert phone.get("/api/me").status_code == 401
    again = TestClient(app).get(f"/a/{_token(issued.json()['url'])}", follow_redirects=False)
    assert again.status_code == 401
    assert again.json()["error"]["code"] == "access_link_invalid"
    listed = client.get(f"/api/users/{delegate.id}/access-links", headers=clerk_headers).json()
    assert listed[0]["revoked_at"] is not None and listed[0]["last_used_at"] is not None


def test_expired_links_and_bad_expiry(app: FastAPI, client: TestClient, db: Session) -> None:
    council = f.council(db)
    headers = f.login(client, f.user(db, council=council, role=Role.clerk))
    delegate = f.user(db, council=council)
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    refused = client.post(
        f"/api/users/{delegate.id}/access-links", headers=headers, json={"expires_at": past}
    )
    assert refused.status_code == 422
    soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    issued = client.post(
        f"/api/users/{delegate.id}/access-links", headers=headers, json={"expires_at": soon}
    ).json()
    link = db.get(AccessLink, issued["id"])
    link.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    db.flush()
    assert (
        TestClient(app).get(f"/a/{_token(issued['url'])}", follow_redirects=False).status_code
        == 401
    )


def test_guessing_tokens_is_throttled(app: FastAPI, db: Session, settings: Settings) -> None:
    guesser = TestClient(app)
    statuses = [
        guesser.get(f"/a/guess{n:04d}", follow_redirects=False).status_code for n in range(200)
    ]
    assert statuses[: settings.link_max_failures] == [401] * settings.link_max_failures
    assert 429 in statuses and statuses.index(429) < 199
    assert set(statuses[statuses.index(429) :]) == {429}


def test_a_link_never_gives_more_than_its_owner_has(
    app: FastAPI, client: TestClient, db: Session, store: ObjectStore, tmp_path: Path
) -> None:
    council, other = f.council(db), f.council(db)
    clerk = f.user(db, council=council, role=Role.clerk)
    committee = f.body(db, council=council, kind=BodyKind.committee)
    delegate = f.user(db, council=council, clearance=Clearance.restricted)
    pdf = make_pdf(tmp_path / "r.pdf", pages=1).read_bytes()
    session = m.meeting(db, council=council)
    other_session = m.meeting(db, council=council)
    foreign = m.meeting(db, council=other)
    restricted = m.document(
        db,
        store,
        meeting=session,
        classification=Classification.restricted,
        content=pdf,
        audience_bodies=(committee,),
    )
    public = m.document(
        db, store, meeting=session, classification=Classification.public, content=pdf
    )
    m.document(db, store, meeting=foreign, classification=Classification.public, content=pdf)
    headers = f.login(client, clerk)
    scoped = client.post(
        f"/api/users/{delegate.id}/access-links", headers=headers, json={"meeting_id": session.id}
    ).json()
    phone = _scan(app, scoped["url"])
    assert phone.get(f"/api/documents/{public.id}/content").status_code == 200
    assert phone.get(f"/api/documents/{restricted.id}/content").status_code == 404
    assert phone.get(f"/api/meetings/{other_session.id}").status_code == 404  # bound to one
    assert phone.get(f"/api/meetings/{foreign.id}").status_code == 404
    clerk_link = client.post(f"/api/users/{clerk.id}/access-links", headers=headers, json={}).json()
    clerk_phone = _scan(app, clerk_link["url"])
    page = clerk_phone.get(f"/api/councils/{council.id}/bodies")
    assert page.status_code == 200
    db.expire_all()
    csrf = db.scalar(
        select(AuthSession.csrf_token).where(AuthSession.access_link_id == clerk_link["id"])
    )
    created = clerk_phone.post(
        f"/api/councils/{council.id}/bodies",
        json={"kind": "committee", "name": "Ban qua QR"},
        headers={"X-CSRF-Token": csrf},
    )
    assert created.status_code == 403  # a device session reads; it never manages
    assert created.json()["error"]["code"] == "forbidden"
    delegate_headers = f.login(client, delegate)
    assert (
        client.post(
            f"/api/users/{clerk.id}/access-links", headers=delegate_headers, json={}
        ).status_code
        == 403
    )


def test_qr_sheet_for_forty_invitees(
    app: FastAPI, client: TestClient, db: Session, tmp_path: Path
) -> None:
    council = f.council(db)
    clerk_headers = f.login(client, f.user(db, council=council, role=Role.clerk))
    names = [f"Đại biểu Nguyễn Thị Ánh Tuyết {n:02d}" for n in range(40)]
    for name in names:
        f.user(db, council=council, full_name=name)
    meeting = m.meeting(db, council=council)
    sheet = client.post(f"/api/meetings/{meeting.id}/access-cards", headers=clerk_headers)
    assert sheet.status_code == 200 and sheet.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "the-qr.pdf"
    pdf.write_bytes(sheet.content)
    text_out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert all(name in text_out for name in names)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 5  # 8 cards a page
    decoded = subprocess.run(
        ["zbarimg", "--nodbus", "-q", "--raw", *map(str, pages)], capture_output=True, text=True
    ).stdout.split()
    assert len(decoded) == 40 and len(set(decoded)) == 40
    assert all(re.fullmatch(r"http://testserver/a/[A-Za-z0-9_-]{43}", url) for url in decoded)
    phone = _scan(app, decoded[17])
    assert phone.get(f"/api/meetings/{meeting.id}").status_code == 200


def test_office_page_issues_shows_once_and_revokes(
    app: FastAPI, client: TestClient, db: Session
) -> None:
    council = f.council(db)
    clerk = f.user(db, council=council, role=Role.clerk)
    delegate = f.user(db, council=council, full_name="Đinh Văn Quý")
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    client.post(
        "/login", data={"username": clerk.username, "password": f.PASSWORD, "csrf_token": token}
    )
    profile = client.get(f"/office/users/{delegate.id}")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', profile.text).group(1)
    issued = client.post(f"/office/users/{delegate.id}/access-links", data={"csrf_token": csrf})
    assert issued.status_code == 200 and "<svg" in issued.text
    png = re.search(r'href="data:image/png;base64,([A-Za-z0-9+/=]+)"', issued.text).group(1)
    assert base64.b64decode(png).startswith(b"\x89PNG")
    url = re.search(r"http://testserver/a/[A-Za-z0-9_-]{43}", issued.text).group(0)
    later = client.get(f"/office/users/{delegate.id}").text
    assert url not in later  # shown once
    # the list says what each link is for
    meeting = m.meeting(db, council=council)
    for_meeting = client.post(
        f"/office/users/{delegate.id}/access-links",
        data={"csrf_token": csrf, "meeting_id": str(meeting.id)},
    )
    rows = for_meeting.text.split("<tbody>")[-1].split("</tbody>")[0]
    assert meeting.title in rows and "mọi kỳ họp được mời" in rows
    phone = _scan(app, url)
    assert phone.get("/reader").status_code == 200
    link_id = db.scalar(select(AccessLink.id).where(AccessLink.user_id == delegate.id))
    revoked = client.post(f"/office/access-links/{link_id}/revoke", data={"csrf_token": csrf})
    assert "Đã thu hồi mã" in revoked.text
    assert (
        phone.get("/reader", headers={"accept": "text/html"}, follow_redirects=False).status_code
        == 303
    )  # back to the login page
