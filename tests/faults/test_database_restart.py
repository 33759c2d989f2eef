"""PostgreSQL drops every connection of the platform (what a restart or a failover does) while
an upload is on its way in. The upload holds no connection while its body arrives, so it does
not notice: its short write reconnects, and so do the next requests. A real `kyhop serve` on
PostgreSQL."""

from __future__ import annotations

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

ADMIN = {"KYHOP_ADMIN_USER": "quantri", "KYHOP_ADMIN_PASSWORD": "quan-tri-khoi-dong-lai"}


@pytest.fixture
def database() -> Iterator[tuple[str, str]]:
    name = f"kyhop_restart_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    yield name, f"{base}/{name}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _drop_connections(name: str) -> int:
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        ).fetchall()
    return len(rows)


def test_dropped_database_connections_mid_upload_do_not_lose_it(
    tmp_path: Path, database: tuple[str, str]
) -> None:
    name, url = database
    pdf = padded_pdf(tmp_path / "phu-luc.pdf", 150 * 1024 * 1024)
    env = {**ADMIN, "KYHOP_DATABASE_URL": url}
    with (
        run_server(tmp_path / "app", env) as base,
        httpx.Client(base_url=base, timeout=300) as http,
    ):
        token = http.post(
            "/api/auth/token",
            data={"username": ADMIN["KYHOP_ADMIN_USER"], "password": ADMIN["KYHOP_ADMIN_PASSWORD"]},
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        council = http.post(
            "/api/councils",
            headers=headers,
            json={"name": "HĐND xã Mất Kết Nối", "level": "commune", "total_delegates": 7},
        ).json()["id"]
        meeting = http.post(
            "/api/meetings",
            headers=headers,
            json={
                "council_id": council,
                "kind": "regular_session",
                "title": "Kỳ họp thứ năm",
                "starts_at": "2026-12-21T08:00:00+07:00",
            },
        ).json()["id"]
        outcome: dict[str, Any] = {}

        def upload() -> None:
            with pdf.open("rb") as body:
                outcome["response"] = http.post(
                    f"/api/meetings/{meeting}/documents",
                    headers=headers,
                    data={"title": "Phụ lục", "classification": "internal"},
                    files={"file": ("phu-luc.pdf", body, "application/pdf")},
                )

        uploader = threading.Thread(target=upload)
        uploader.start()
        incoming = tmp_path / "app" / "data" / "tmp"
        deadline = time.monotonic() + 60
        while not list(incoming.glob("upload-*.part")):  # the body is arriving
            assert time.monotonic() < deadline and uploader.is_alive(), outcome
            time.sleep(0.01)
        assert _drop_connections(name) >= 1  # the server's pooled connections
        uploader.join(120)
        kept = outcome["response"]
        assert kept.status_code == 201, kept.text

        listed = http.get(f"/api/meetings/{meeting}/documents", headers=headers)
        assert listed.status_code == 200
        assert [d["sha256"] for d in listed.json()] == [kept.json()["sha256"]]
        objects = tmp_path / "app" / "data" / "objects"
        stored = [p for p in objects.rglob("*") if p.is_file() and ".tmp" not in p.parts]
        assert len(stored) == 1 and stored[0].stat().st_size == pdf.stat().st_size
