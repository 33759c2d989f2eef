"""The server is killed (SIGKILL) while the chair's signature waits for its timestamp: after the
restart the resolution is exactly as it was before (one version, no signature row, the stored
file verifies as unsigned), the object store agrees with the database once `storage check`
has removed the signed file that never got its row, and the chair signs again successfully.
On the demo council, as an operator would run it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import psutil
import pytest

from app import demo
from tests.support.server import kyhop_env, kyhop_script, run_server


class HangingTsa:
    """A timestamp authority that holds every request until released (then answers 503)."""

    def __init__(self) -> None:
        self.asked, self.release = threading.Event(), threading.Event()
        hanging = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                hanging.asked.set()
                hanging.release.wait(120)
                self.send_error(HTTPStatus.SERVICE_UNAVAILABLE)

            def log_message(self, format: str, *args: object) -> None:
                """Silent."""

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()


@pytest.fixture
def tsa() -> Iterator[HangingTsa]:
    server = HangingTsa()
    yield server
    server.close()


def _kyhop(workdir: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(kyhop_script()), *args],
        cwd=workdir,
        env=kyhop_env(workdir, env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _login(http: httpx.Client, username: str) -> dict[str, str]:
    token = http.post(
        "/api/auth/token", data={"username": username, "password": demo.DEMO_PASSWORD}
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def _draft_resolution(http: httpx.Client, clerk: dict[str, str]) -> int:
    (council,) = http.get("/api/councils", headers=clerk).json()
    meetings = http.get("/api/meetings", params={"council_id": council["id"]}, headers=clerk)
    for meeting in meetings.json():
        for doc in http.get(f"/api/meetings/{meeting['id']}/documents", headers=clerk).json():
            if doc["doc_type"] == "draft_resolution" and not doc.get("number"):
                return int(doc["id"])
    raise AssertionError("the demo has no draft resolution left to issue")


def _kill_server(base: str) -> None:
    port = int(base.rsplit(":", 1)[1])
    for proc in psutil.process_iter(["cmdline"]):
        cmd = proc.info["cmdline"] or []
        if "serve" in cmd and str(port) in cmd:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
            return
    raise AssertionError("server not found")


def test_a_kill_during_signing_leaves_no_half_signed_document(
    tmp_path: Path, tsa: HangingTsa
) -> None:
    _kyhop(tmp_path, "demo")
    env = {"KYHOP_TSA_URL": tsa.url}
    with run_server(tmp_path, env) as base, httpx.Client(base_url=base, timeout=60) as http:
        clerk, chair = _login(http, "vanphong"), _login(http, "chutich")
        document = _draft_resolution(http, clerk)
        numbered = http.post(f"/api/documents/{document}/number", headers=clerk)
        assert numbered.status_code == 200, numbered.text
        before = http.get(f"/api/documents/{document}/content", headers=clerk).content
        (credential,) = http.get("/api/me/signing-credentials", headers=chair).json()
        sign = {"credential_id": credential["id"], "passphrase": demo.DEMO_PASSPHRASE}

        def signing() -> None:
            with contextlib.suppress(httpx.HTTPError):  # the server dies under it
                http.post(f"/api/documents/{document}/sign", headers=chair, json=sign)

        attempt = threading.Thread(target=signing)
        attempt.start()
        assert tsa.asked.wait(60), "the signature never asked for its timestamp"
        _kill_server(base)
        attempt.join(60)
        tsa.release.set()

    # the TSA answers at once now; the restarted server knows nothing of the lost attempt
    tsa.httpd.shutdown()
    with run_server(tmp_path, {}) as base, httpx.Client(base_url=base, timeout=120) as http:
        clerk, chair = _login(http, "vanphong"), _login(http, "chutich")
        after = http.get(f"/api/documents/{document}/content", headers=clerk)
        assert after.content == before  # the numbered text, untouched
        report = http.post(
            "/api/verify", files={"file": ("nq.pdf", after.content, "application/pdf")}
        ).json()
        assert report["indication"] == "NO_SIGNATURE"
        check = _kyhop(tmp_path, "storage", "check", "--delete-orphans")
        assert "storage check OK" in check
        signed = http.post(f"/api/documents/{document}/sign", headers=chair, json=sign)
        assert signed.status_code == 201, signed.text  # B-B without a TSA: signing goes on
        content = http.get(f"/api/documents/{document}/content", headers=clerk).content
        verified = http.post("/api/verify", files={"file": ("nq.pdf", content, "application/pdf")})
        assert verified.json()["signatures"], verified.text
