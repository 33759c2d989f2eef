"""Optional PIN: set by the delegate on first use, asked again on every new device."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.models import AccessLink
from app.directory.models import Role
from app.notify.models import Notification
from tests.factories import directory as f


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_pin_protects_the_link_on_new_devices(
    app: FastAPI, client: TestClient, db: Session
) -> None:
    council = f.council(db)
    clerk = f.user(db, council=council, role=Role.clerk)
    delegate = f.user(db, council=council, full_name="Mai Thị Lan")
    issued = client.post(
        f"/api/users/{delegate.id}/access-links", headers=f.login(client, clerk), json={}
    ).json()
    path = "/a/" + issued["url"].rsplit("/a/", 1)[1]

    first = TestClient(app)
    home = first.get(path)  # no PIN yet: straight to the reader
    assert home.url.path == "/reader" and "Đặt mã PIN" in home.text
    bad = first.post("/reader/pin/set", data={"csrf_token": _csrf(home.text), "pin": "12a"})
    assert bad.status_code == 422 and "4 đến 8 chữ số" in bad.text
    done = first.post("/reader/pin/set", data={"csrf_token": _csrf(home.text), "pin": "2468"})
    assert done.url.path == "/reader" and "Đã đặt mã PIN" in done.text
    db.expire_all()
    assert db.get(AccessLink, issued["id"]).pin_hash.startswith("$argon2id$")
    assert first.get("/api/me").status_code == 200  # the device that set it stays open

    second = TestClient(app)
    asked = second.get(path)
    assert asked.url.path == "/reader/pin" and "Nhập mã PIN" in asked.text
    assert second.get("/api/me").json()["error"]["code"] == "pin_required"
    wrong = second.post(
        "/reader/pin", data={"csrf_token": _csrf(asked.text), "pin": "1111", "next": "/reader"}
    )
    assert wrong.status_code == 401 and "Mã PIN không đúng." in wrong.text
    right = second.post(
        "/reader/pin",
        data={"csrf_token": _csrf(asked.text), "pin": "2468", "next": "//evil.example"},
    )
    assert right.url.path == "/reader"
    assert second.get("/api/me").json()["full_name"] == "Mai Thị Lan"


def test_wrong_pins_lock_the_device(app: FastAPI, client: TestClient, db: Session) -> None:
    council = f.council(db)
    delegate = f.user(db, council=council)
    issued = client.post(
        f"/api/users/{delegate.id}/access-links",
        headers=f.login(client, f.user(db, council=council, role=Role.clerk)),
        json={},
    ).json()
    path = "/a/" + issued["url"].rsplit("/a/", 1)[1]
    first = TestClient(app)
    home = first.get(path)
    first.post("/reader/pin/set", data={"csrf_token": _csrf(home.text), "pin": "97531"})
    thief = TestClient(app)
    asked = thief.get(path)
    statuses = [
        thief.post(
            "/reader/pin", data={"csrf_token": _csrf(asked.text), "pin": f"{n:04d}"}
        ).status_code
        for n in range(5)
    ]
    assert statuses == [401, 401, 401, 401, 429]
    retry = thief.post(
        "/reader/pin",
        data={"csrf_token": _csrf(asked.text), "pin": "97531"},
        follow_redirects=False,
    )
    assert retry.status_code == 401  # the device session itself has ended
    assert thief.get("/api/me").status_code == 401


def test_wrong_pins_from_many_devices_lock_the_link_until_the_office_unlocks_it(
    mailing_client: TestClient, db: Session
) -> None:
    """A fresh device session used to bring a fresh budget (41 guesses over 9 sessions)."""
    office, mail_app = mailing_client, mailing_client.app
    council = f.council(db)
    delegate = f.user(db, council=council, full_name="Phạm Văn Khóa")
    delegate.email = "daibieu.khoa@xa.example"
    clerk = f.login(office, f.user(db, council=council, role=Role.clerk))
    issued = office.post(f"/api/users/{delegate.id}/access-links", headers=clerk, json={}).json()
    path = "/a/" + issued["url"].rsplit("/a/", 1)[1]
    owner = TestClient(mail_app)
    home = owner.get(path)
    owner.post("/reader/pin/set", data={"csrf_token": _csrf(home.text), "pin": "864209"})

    answers = []
    for device in range(4):  # each thief's device gets its own session: 3 guesses each
        thief = TestClient(mail_app)
        asked = thief.get(path)
        for guess in range(3):
            answers.append(
                thief.post(
                    "/reader/pin",
                    data={"csrf_token": _csrf(asked.text), "pin": f"{device}{guess}00"},
                ).status_code
            )
    # the 10th wrong PIN locks the link; devices still waiting are signed out (401) or refused
    assert answers[:9] == [401] * 9 and answers[9] == 429 and set(answers[10:]) <= {401, 429}
    late = TestClient(mail_app)
    asked = late.get(path)
    right = late.post("/reader/pin", data={"csrf_token": _csrf(asked.text), "pin": "864209"})
    assert right.status_code == 429 and "Văn phòng HĐND" in right.text  # even the right PIN
    assert owner.get("/api/me").status_code == 200  # the owner's own phone keeps reading
    told = db.scalars(select(Notification).where(Notification.user_id == delegate.id)).all()
    assert len(told) == 1 and told[0].recipient == "daibieu.khoa@xa.example"

    listed = office.get(f"/api/users/{delegate.id}/access-links", headers=clerk).json()
    assert listed[0]["pin_locked_at"] is not None
    assert office.post(f"/api/access-links/{issued['id']}/unlock", headers=clerk).status_code == 200
    again = TestClient(mail_app)
    asked = again.get(path)
    opened = again.post("/reader/pin", data={"csrf_token": _csrf(asked.text), "pin": "864209"})
    assert opened.url.path == "/reader"
