"""Signing with the USB token at the signer's desk: the signing desk issues a one-time ticket,
and the command on the signer's computer prepares, signs on the token and sends back.

In process, the API the command speaks (the ticket is its only credential, once, guessed
tickets are throttled); then the real `kyhop token-sign` of the installed package against a
running server, signing on a SoftHSM token with the PIN typed on "the signer's computer"."""

from __future__ import annotations

import base64
import os
import subprocess
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.config import Settings
from tests.browser.conftest import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    api_call,
    council_with_clerk,
    new_meeting,
    new_user,
    token,
)
from tests.factories import directory as f
from tests.signing.conftest import Council_, add_anchor
from tests.support.pdfs import resolution_pdf
from tests.support.pki import Identity, TestPKI, make_pki, softhsm_token
from tests.support.server import kyhop_script, run_server


@pytest.fixture
def settings(tmp_path: Path, tsa: object) -> Settings:
    return Settings(
        environment="test",
        data_dir=tmp_path / "data",
        base_url="http://testserver",
        tsa_url=tsa.url,  # type: ignore[attr-defined]
        link_max_failures=3,
    )


def _sign(identity: Identity, data_to_sign: str) -> str:
    key = identity.key
    assert isinstance(key, rsa.RSAPrivateKey)
    raw = key.sign(base64.b64decode(data_to_sign), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(raw).decode()


def test_the_ticket_prepares_once_signs_once_and_guessing_is_throttled(
    client: TestClient,
    db: Session,
    issuing: Council_,
    pki: TestPKI,
    chair_identity: Identity,
    seal_identity: Identity,
) -> None:
    add_anchor(client, issuing.admin, pki.root.cert_pem())
    chair, clerk = f.login(client, issuing.chair), f.login(client, issuing.clerk)
    document = issuing.resolution.id
    assert client.post(f"/api/documents/{document}/number", headers=clerk).status_code == 200
    delegate = f.login(client, issuing.delegate)
    assert (
        client.post(f"/api/documents/{document}/desk-tickets", headers=delegate).status_code == 403
    )

    issued = client.post(f"/api/documents/{document}/desk-tickets", headers=chair)
    assert issued.status_code == 201, issued.text
    command = issued.json()["command"]
    assert command.startswith("kyhop token-sign http://testserver/api/desk/")
    path = urlsplit(command.split()[-1]).path
    status = f"/api/desk-tickets/{issued.json()['id']}"
    assert client.get(status, headers=chair).json()["status"] == "device"
    assert client.get(status, headers=clerk).status_code == 404  # the chair's own

    info = client.get(path)  # no session: the ticket is the command's credential
    assert info.status_code == 200
    assert info.json()["title"] == issuing.resolution.title
    assert info.json()["signer"] == issuing.chair.full_name
    task = client.post(f"{path}/prepare", json={"certificate": chair_identity.cert_pem().decode()})
    assert task.status_code == 201, task.text
    assert client.get(status, headers=chair).json()["status"] == "waiting"
    # prepared once: the same ticket cannot prepare another
    again = client.post(f"{path}/prepare", json={"certificate": chair_identity.cert_pem().decode()})
    assert again.status_code == 404 and again.json()["error"]["code"] == "desk_ticket_invalid"
    # another key's signature is refused and adds nothing
    wrong = client.post(
        f"{path}/signature", json={"signature": _sign(seal_identity, task.json()["data_to_sign"])}
    )
    assert wrong.status_code == 422 and wrong.json()["error"]["code"] == "bad_signature_value"
    db.expire_all()
    assert issuing.resolution.current_version == 2
    done = client.post(
        f"{path}/signature", json={"signature": _sign(chair_identity, task.json()["data_to_sign"])}
    )
    assert done.status_code == 201, done.text
    assert client.get(status, headers=chair).json()["status"] == "signed"
    content = client.get(f"/api/documents/{document}/content", headers=clerk).content
    report = client.post("/api/verify", files={"file": ("x.pdf", content)}).json()
    assert report["indication"] == "TOTAL_PASSED", report
    assert report["signatures"][0]["signer"]["name"] == issuing.chair.full_name
    # used: the command cannot run again
    assert client.get(path).status_code == 404

    # guessed tickets count against the address: past the limit even a real one waits
    fresh = client.post(f"/api/documents/{document}/desk-tickets", headers=clerk).json()
    for _ in range(3):
        assert client.get("/api/desk/not-a-ticket").status_code == 404
    real = urlsplit(fresh["command"].split()[-1]).path
    assert client.get(real).status_code == 429


def test_the_signing_command_signs_on_the_token_at_the_signers_desk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOFTHSM2_CONF", raising=False)
    pki = make_pki(_mkdir(tmp_path / "pki"))
    identity = pki.issue("Trần Thị Chủ Tịch", "HĐND xã Bàn Phím")
    hsm = softhsm_token(_mkdir(tmp_path / "hsm"), identity, label="ChuTich", pin="112233")
    env = {"KYHOP_ADMIN_USER": ADMIN_USER, "KYHOP_ADMIN_PASSWORD": ADMIN_PASSWORD}
    with run_server(_mkdir(tmp_path / "serve"), env) as base_url:
        council, admin, clerk = council_with_clerk(
            base_url, "HĐND xã Bàn Phím", 9, "vanphong.banphim", "Van-phong-ban-phim-2026"
        )
        new_user(
            base_url,
            admin,
            council,
            "chutich.banphim",
            "Trần Thị Chủ Tịch",
            "chair",
            password="Chu-tich-ban-phim-2026",
        )
        chair = token(base_url, "chutich.banphim", "Chu-tich-ban-phim-2026")
        api_call(
            base_url,
            "POST",
            "/api/trust-anchors",
            admin,
            files=[("file", "root.pem", pki.root.cert_pem())],
        )
        meeting = new_meeting(base_url, clerk, council, "Kỳ họp thứ bảy")
        document = api_call(
            base_url,
            "POST",
            f"/api/meetings/{meeting}/documents",
            clerk,
            form={
                "title": "Nghị quyết về đường giao thông nông thôn",
                "classification": "public",
                "doc_type": "resolution",
            },
            files=[("file", "nghi-quyet.pdf", resolution_pdf())],
        )["id"]
        api_call(base_url, "POST", f"/api/documents/{document}/number", clerk)

        def run(command: str, pin: str) -> subprocess.CompletedProcess[str]:
            env = {k: v for k, v in hsm.env.items() if not k.startswith("KYHOP_")}
            return subprocess.run(
                [str(kyhop_script()), *command.split()[1:], "--module", hsm.module],
                env={**env, "KYHOP_TOKEN_PIN": pin},
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )

        first = api_call(base_url, "POST", f"/api/documents/{document}/desk-tickets", chair)
        wrong = run(first["command"], "000000")
        assert wrong.returncode == 1
        assert "Mã PIN của thiết bị ký số không đúng" in wrong.stderr, wrong.stderr
        assert "INFO" not in wrong.stderr  # the signer reads plain sentences, not a log
        versions = api_call(base_url, "GET", f"/api/documents/{document}/versions", clerk)
        assert len(versions) == 2  # a wrong PIN sends nothing

        signed = run(first["command"], hsm.pin)
        assert signed.returncode == 0, signed.stdout + signed.stderr
        assert "Nghị quyết về đường giao thông nông thôn" in signed.stdout
        assert "Đã ký" in signed.stdout
        versions = api_call(base_url, "GET", f"/api/documents/{document}/versions", clerk)
        assert len(versions) == 3
        fetch = urllib.request.Request(
            f"{base_url}/api/documents/{document}/content",
            headers={"Authorization": f"Bearer {clerk}"},
        )
        with urllib.request.urlopen(fetch) as response:
            content = response.read()
        report = api_call(base_url, "POST", "/api/verify", None, files=[("file", "x.pdf", content)])
        assert report["indication"] == "TOTAL_PASSED", report
        assert report["signatures"][0]["signer"]["name"] == "Trần Thị Chủ Tịch"
        # the same command again: used
        used = run(first["command"], hsm.pin)
        assert used.returncode == 1 and "đã được dùng" in used.stderr
    assert os.environ.get("KYHOP_TOKEN_PIN") is None  # the PIN stayed in the child's env


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
