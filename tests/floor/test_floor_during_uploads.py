"""The floor keeps going while the office uploads over a slow link: a real `kyhop serve`, on the
embedded SQLite and on PostgreSQL. An upload trickles in for more than ten seconds; a check-in,
a ballot and another clerk's small upload sent meanwhile are all answered before it ends. On
PostgreSQL twenty such uploads at once (the default pool) leave `/healthz` and ballots
answering. What is asserted is order (answered before the slow upload finished), never a
duration."""

from __future__ import annotations

import secrets
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from tests.conftest import PG_ADMIN_DSN
from tests.support.pdfs import padded_pdf
from tests.support.server import run_server
from tests.support.uploads import multipart, trickle

ADMIN = "quantri.cham"
PASSWORD = "mat-khau-duong-truyen-cham"
TRICKLE_SECONDS = 12.0
CHUNKS = 48


@pytest.fixture
def pg_url() -> Iterator[str]:
    name = f"kyhop_trickle_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    yield f"{base}/{name}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


def _seed(http: httpx.Client, admin_password: str, delegates: int) -> dict[str, Any]:
    def token(user: str, password: str = PASSWORD) -> dict[str, str]:
        body = _ok(http.post("/api/auth/token", data={"username": user, "password": password}))
        return {"Authorization": f"Bearer {body['access_token']}"}

    admin = token(ADMIN, admin_password)
    council = _ok(
        http.post(
            "/api/councils",
            headers=admin,
            json={"name": "HĐND xã Đường Truyền Chậm", "level": "commune", "total_delegates": 30},
        ),
        201,
    )["id"]
    suffix = secrets.token_hex(3)
    people = [("vp1", "clerk"), ("vp2", "clerk")] + [
        (f"db{i}", "delegate") for i in range(delegates)
    ]
    for name, role in people:
        _ok(
            http.post(
                "/api/users",
                headers=admin,
                json={
                    "username": f"{name}.{suffix}",
                    "password": PASSWORD,
                    "full_name": f"Người {name}",
                    "council_id": council,
                    "role": role,
                    "clearance": "internal",
                },
            ),
            201,
        )
    clerk = token(f"vp1.{suffix}")
    meeting = _ok(
        http.post(
            "/api/meetings",
            headers=clerk,
            json={
                "council_id": council,
                "kind": "regular_session",
                "title": "Kỳ họp thường lệ cuối năm",
                "starts_at": "2026-12-20T08:00:00+07:00",
            },
        ),
        201,
    )["id"]
    _ok(http.post(f"/api/meetings/{meeting}/status", headers=clerk, json={"status": "convened"}))
    return {
        "meeting": meeting,
        "clerk": clerk,
        "other_clerk": token(f"vp2.{suffix}"),
        "delegates": [token(f"db{i}.{suffix}") for i in range(delegates)],
    }


def _open_vote(http: httpx.Client, seeded: dict[str, Any]) -> int:
    vote = _ok(
        http.post(
            f"/api/meetings/{seeded['meeting']}/votes",
            headers=seeded["clerk"],
            json={"question": "Thông qua chương trình kỳ họp", "ballot": "secret"},
        ),
        201,
    )["id"]
    _ok(http.post(f"/api/votes/{vote}/open", headers=seeded["clerk"]))
    return int(vote)


class SlowUpload(threading.Thread):
    """One clerk's upload over a slow link; `finished` is when its answer came back."""

    def __init__(self, base: str, meeting: int, headers: dict[str, str], pdf: Path) -> None:
        super().__init__(daemon=True)
        self.base, self.meeting, self.headers, self.pdf = base, meeting, headers, pdf
        self.started = threading.Event()
        self.response: httpx.Response | None = None
        self.finished = 0.0

    def run(self) -> None:
        content_type, pieces = multipart(self.pdf, f"Phụ lục gửi chậm {self.name}", CHUNKS)

        def body() -> Iterator[bytes]:
            self.started.set()
            yield from trickle(pieces, TRICKLE_SECONDS)

        with httpx.Client(base_url=self.base, timeout=180) as http:
            self.response = http.post(
                f"/api/meetings/{self.meeting}/documents",
                headers={**self.headers, "Content-Type": content_type},
                content=body(),
            )
        self.finished = time.monotonic()


def _during(uploads: list[SlowUpload], action: Any) -> tuple[Any, float]:
    """Run `action` once every upload is well under way; returns its result and when it ended."""
    for upload in uploads:
        upload.start()
    for upload in uploads:
        assert upload.started.wait(30)
    time.sleep(2.5)  # well into the trickle, as measured from outside
    assert all(u.is_alive() for u in uploads)
    result = action()
    return result, time.monotonic()


def _floor_keeps_going(base: str, admin_password: str, tmp_path: Path) -> None:
    big = padded_pdf(tmp_path / "phu-luc-lon.pdf", 4 * 1024 * 1024)
    small = padded_pdf(tmp_path / "giay-moi.pdf", 64 * 1024)
    with httpx.Client(base_url=base, timeout=60) as http:
        seeded = _seed(http, admin_password, delegates=3)
        meeting = seeded["meeting"]
        vote = _open_vote(http, seeded)
        upload = SlowUpload(base, meeting, seeded["clerk"], big)

        def floor_business() -> dict[str, float]:
            done: dict[str, float] = {}
            _ok(http.post(f"/api/meetings/{meeting}/attendance", headers=seeded["delegates"][0]))
            done["check-in"] = time.monotonic()
            ballot = {"choice": "approve"}
            _ok(
                http.post(
                    f"/api/votes/{vote}/ballots", headers=seeded["delegates"][0], json=ballot
                ),
                201,
            )
            done["ballot"] = time.monotonic()
            with small.open("rb") as handle:
                _ok(
                    http.post(
                        f"/api/meetings/{meeting}/documents",
                        headers=seeded["other_clerk"],
                        data={"title": "Giấy mời", "classification": "internal"},
                        files={"file": (small.name, handle, "application/pdf")},
                    ),
                    201,
                )
            done["small upload"] = time.monotonic()
            return done

        done, _ = _during([upload], floor_business)
        upload.join(120)
        assert upload.response is not None and upload.response.status_code == 201, (
            upload.response.text if upload.response else "no answer"
        )
        for what, at in done.items():
            assert at < upload.finished, f"{what} waited for the slow upload to finish"
        titles = {
            d["title"]
            for d in _ok(http.get(f"/api/meetings/{meeting}/documents", headers=seeded["clerk"]))
        }
        assert titles == {"Giấy mời", f"Phụ lục gửi chậm {upload.name}"}


def test_floor_keeps_going_during_a_slow_upload_on_sqlite(tmp_path: Path) -> None:
    admin_password = secrets.token_urlsafe(12)
    env = {"KYHOP_ADMIN_USER": ADMIN, "KYHOP_ADMIN_PASSWORD": admin_password}
    with run_server(tmp_path / "app", env) as base:
        _floor_keeps_going(base, admin_password, tmp_path)


def test_floor_keeps_going_during_a_slow_upload_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    admin_password = secrets.token_urlsafe(12)
    env = {
        "KYHOP_ADMIN_USER": ADMIN,
        "KYHOP_ADMIN_PASSWORD": admin_password,
        "KYHOP_DATABASE_URL": pg_url,
    }
    with run_server(tmp_path / "app", env) as base:
        _floor_keeps_going(base, admin_password, tmp_path)


def test_twenty_slow_uploads_leave_health_and_ballots_answering(
    tmp_path: Path, pg_url: str
) -> None:
    admin_password = secrets.token_urlsafe(12)
    env = {
        "KYHOP_ADMIN_USER": ADMIN,
        "KYHOP_ADMIN_PASSWORD": admin_password,
        "KYHOP_DATABASE_URL": pg_url,
    }
    pdf = padded_pdf(tmp_path / "phu-luc.pdf", 512 * 1024)
    with run_server(tmp_path / "app", env) as base, httpx.Client(base_url=base, timeout=60) as http:
        seeded = _seed(http, admin_password, delegates=10)
        meeting = seeded["meeting"]
        for delegate in seeded["delegates"]:
            _ok(http.post(f"/api/meetings/{meeting}/attendance", headers=delegate))
        vote = _open_vote(http, seeded)
        uploads = [SlowUpload(base, meeting, seeded["clerk"], pdf) for _ in range(20)]

        def health_and_ballots() -> None:
            for delegate in seeded["delegates"]:
                assert http.get("/healthz").status_code == 200
                ballot = {"choice": "against"}
                _ok(http.post(f"/api/votes/{vote}/ballots", headers=delegate, json=ballot), 201)

        _, answered = _during(uploads, health_and_ballots)
        for upload in uploads:
            upload.join(180)
            assert upload.response is not None and upload.response.status_code == 201
            assert answered < upload.finished
        _ok(http.post(f"/api/votes/{vote}/close", headers=seeded["clerk"]))
        result = _ok(http.get(f"/api/votes/{vote}", headers=seeded["clerk"]))
        assert result["against"] == 10  # every ballot cast during the uploads was counted
        listed = _ok(http.get(f"/api/meetings/{meeting}/documents", headers=seeded["clerk"]))
        assert len(listed) == 20
