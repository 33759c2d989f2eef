"""Optional PIN: set by the delegate on first use, asked again on every new device."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.access.models import AccessLink
from app.directory.models import Role
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
