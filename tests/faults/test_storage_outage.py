"""The object store dies in the middle of a 500 MB upload: the delegate's office gets a clear
503, the database keeps no row and the store no object; once S3 is back the same upload goes
through, and `kyhop storage check` agrees with the database. A real `kyhop serve` process and a
real SeaweedFS server, killed with SIGKILL."""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from tests.support.pdfs import padded_pdf
from tests.support.s3server import start_seaweed
from tests.support.server import kyhop_env, kyhop_script, run_server

SIZE = 500 * 1024 * 1024
ADMIN = {"KYHOP_ADMIN_USER": "quantri", "KYHOP_ADMIN_PASSWORD": "quan-tri-su-co-2026"}


def _token(http: httpx.Client) -> str:
    response = http.post(
        "/api/auth/token",
        data={"username": ADMIN["KYHOP_ADMIN_USER"], "password": ADMIN["KYHOP_ADMIN_PASSWORD"]},
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


def _meeting(http: httpx.Client, headers: dict[str, str]) -> int:
    council = http.post(
        "/api/councils",
        headers=headers,
        json={"name": "HĐND xã Sự Cố", "level": "commune", "total_delegates": 9},
    ).json()["id"]
    return int(
        http.post(
            "/api/meetings",
            headers=headers,
            json={
                "council_id": council,
                "kind": "regular_session",
                "title": "Kỳ họp thứ tư",
                "starts_at": "2026-12-20T08:00:00+07:00",
            },
        ).json()["id"]
    )


def _upload(base: str, headers: dict[str, str], meeting: int, pdf: Path) -> httpx.Response:
    with httpx.Client(base_url=base, timeout=600) as http, pdf.open("rb") as body:
        return http.post(
            f"/api/meetings/{meeting}/documents",
            headers=headers,
            data={"title": "Phụ lục quét", "classification": "internal"},
            files={"file": ("phu-luc.pdf", body, "application/pdf")},
        )


def test_s3_killed_mid_upload_leaves_no_row_no_object_and_the_retry_succeeds(
    tmp_path: Path,
) -> None:
    import subprocess

    pdf = padded_pdf(tmp_path / "phu-luc.pdf", SIZE)
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    with start_seaweed(tmp_path / "s3") as s3:
        bucket = "su-co"
        s3.client().make_bucket(bucket)
        env = {**ADMIN, "KYHOP_STORAGE_URL": s3.url(bucket)}
        with run_server(tmp_path / "app", env) as base, httpx.Client(base_url=base) as http:
            headers = {"Authorization": f"Bearer {_token(http)}"}
            meeting = _meeting(http, headers)
            outcome: dict[str, Any] = {}
            uploader = threading.Thread(
                target=lambda: outcome.update(response=_upload(base, headers, meeting, pdf))
            )
            uploader.start()
            # kill S3 once the platform is streaming the file into it (a multipart upload)
            deadline = time.monotonic() + 300
            while not s3.client()._list_multipart_uploads(bucket).uploads:
                assert time.monotonic() < deadline and uploader.is_alive(), outcome
                time.sleep(0.05)
            s3.kill()
            uploader.join(timeout=600)
            failed = outcome["response"]
            assert failed.status_code == 503, failed.text
            assert failed.json()["error"]["code"] == "storage_unavailable"
            assert "thử lại" in failed.json()["error"]["message"]
            listed = http.get(f"/api/meetings/{meeting}/documents", headers=headers)
            assert listed.status_code == 200 and listed.json() == []  # no row

            s3.restart()
            assert list(s3.client().list_objects(bucket, recursive=True)) == []  # no object
            check = subprocess.run(
                [
                    str(kyhop_script()),
                    "storage",
                    "check",
                    "--delete-orphans",
                    "--stale-minutes",
                    "0",
                ],
                cwd=tmp_path / "app",
                env=kyhop_env(tmp_path / "app", env),
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert check.returncode == 0, check.stdout + check.stderr
            assert "PARTIAL upload" in check.stdout  # the outage's parts, found and removed
            assert not s3.client()._list_multipart_uploads(bucket).uploads  # no parts left

            retried = _upload(base, headers, meeting, pdf)
            assert retried.status_code == 201, retried.text
            (document,) = http.get(f"/api/meetings/{meeting}/documents", headers=headers).json()
            (stored,) = list(s3.client().list_objects(bucket, recursive=True))
            assert stored.size == pdf.stat().st_size
            hashed = hashlib.sha256()
            for chunk in s3.client().get_object(bucket, stored.object_name).stream(1 << 20):
                hashed.update(chunk)
            assert hashed.hexdigest() == digest and document["title"] == "Phụ lục quét"
