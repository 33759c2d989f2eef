"""Remote signing through the Cloud Signature Consortium API v2: the chair's key stays with
the provider (a SoftHSM token behind a local CSC service), the chair approves on the phone,
and the platform waits without holding a request: refused, timed-out and cancelled requests
leave the document exactly as it was."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.config import Settings
from app.db import utcnow
from app.signing import requests
from app.signing.models import DocumentSignature, SigningCredential, SigningRequest
from app.storage import ObjectStore
from tests.factories import directory as f
from tests.signing.conftest import Council_, add_anchor
from tests.support.csc import SHA256_RSA, CscService, run_csc
from tests.support.pki import Identity, SoftToken, TestPKI, off_loop, softhsm_token


@pytest.fixture
def csc(
    tmp_path: Path, chair_identity: Identity, monkeypatch: pytest.MonkeyPatch
) -> Iterator[CscService]:
    monkeypatch.delenv("SOFTHSM2_CONF", raising=False)
    token: SoftToken = softhsm_token(tmp_path, chair_identity, label="RSSP", pin="135790")
    with run_csc(token, chair_identity) as service:
        yield service


@pytest.fixture
def settings(tmp_path: Path, tsa: object, csc: CscService) -> Settings:
    return Settings(
        environment="test",
        data_dir=tmp_path / "data",
        base_url="http://testserver",
        tsa_url=tsa.url,  # type: ignore[attr-defined]
        remote_signing={"csc": {"url": csc.url, "label": "Dịch vụ ký số thử nghiệm"}},
    )


def _enrol(client: TestClient, issuing: Council_, csc: CscService) -> int:
    response = client.post(
        "/api/me/remote-signing-credentials",
        headers=f.login(client, issuing.chair),
        json={"provider": "csc", "username": csc.username, "password": csc.password},
    )
    assert response.status_code == 201, response.text
    assert response.json()["kind"] == "remote"
    return int(response.json()["id"])


def _ready(client: TestClient, issuing: Council_, pki: TestPKI) -> None:
    add_anchor(client, issuing.admin, pki.root.cert_pem())
    numbered = client.post(
        f"/api/documents/{issuing.resolution.id}/number", headers=f.login(client, issuing.clerk)
    )
    assert numbered.status_code == 200, numbered.text


def _ask(client: TestClient, issuing: Council_, credential: int) -> int:
    response = client.post(
        f"/api/documents/{issuing.resolution.id}/sign",
        headers=f.login(client, issuing.chair),
        json={"credential_id": credential},
    )
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "waiting"
    return int(response.json()["signing_request_id"])


def _status(client: TestClient, issuing: Council_, request_id: int) -> str:
    response = client.get(
        f"/api/signing-requests/{request_id}", headers=f.login(client, issuing.chair)
    )
    assert response.status_code == 200, response.text
    return str(response.json()["status"])


def _unchanged(db: Session, issuing: Council_) -> None:
    db.expire_all()
    assert issuing.resolution.current_version == 2  # the numbered one
    assert (
        db.scalars(
            select(DocumentSignature).where(DocumentSignature.document_id == issuing.resolution.id)
        ).all()
        == []
    )


def test_the_chair_approves_on_the_phone_and_the_document_is_signed(
    client: TestClient, db: Session, issuing: Council_, pki: TestPKI, csc: CscService
) -> None:
    _ready(client, issuing, pki)
    # a wrong password at the provider: refused, nothing kept
    wrong = client.post(
        "/api/me/remote-signing-credentials",
        headers=f.login(client, issuing.chair),
        json={"provider": "csc", "username": csc.username, "password": "sai"},
    )
    assert wrong.status_code == 422
    assert wrong.json()["error"]["code"] == "remote_signing_refused"
    unknown = client.post(
        "/api/me/remote-signing-credentials",
        headers=f.login(client, issuing.chair),
        json={"provider": "vnpt", "username": "x", "password": "y"},
    )
    assert unknown.status_code == 422
    assert unknown.json()["error"]["code"] == "unknown_signing_provider"
    credential = _enrol(client, issuing, csc)
    row = db.get_one(SigningCredential, credential)
    assert (row.provider, row.remote_ref) == ("csc", csc.credential_id)
    assert row.sign_algorithm == SHA256_RSA
    stored = b"".join(v for v in (row.sealed_secret, row.certificate) if v)
    assert csc.password.encode() not in stored  # the password is used once, never kept

    request_id = _ask(client, issuing, credential)
    assert _status(client, issuing, request_id) == "waiting"
    _unchanged(db, issuing)
    # what the service was asked to approve is exactly the digest of the signed attributes
    waiting = db.get_one(SigningRequest, request_id)
    digest = base64.b64encode(hashlib.sha256(waiting.signed_attrs).digest()).decode()
    (asked,) = csc.called("credentials/authorize")
    assert asked.body["hashes"] == [digest] and asked.body["numSignatures"] == 1
    assert asked.headers["authorization"].startswith("Bearer ")
    # only enrolment sent the password (HTTP Basic: the wrong one, then the right one); the
    # signing logged in with the refresh token it got
    logins = csc.called("auth/login")
    assert [c.headers.get("authorization", "")[:6] for c in logins] == ["Basic ", "Basic ", ""]
    assert [c.status for c in logins] == [400, 200, 200] and "refresh_token" in logins[2].body

    csc.approve()
    assert _status(client, issuing, request_id) == "signed"
    (signed_hash,) = csc.called("signatures/signHash")
    assert signed_hash.body["hashes"] == [digest] and signed_hash.body["signAlgo"] == SHA256_RSA
    db.expire_all()
    assert issuing.resolution.current_version == 3
    clerk = f.login(client, issuing.clerk)
    content = client.get(f"/api/documents/{issuing.resolution.id}/content", headers=clerk).content
    report = client.post("/api/verify", files={"file": ("x.pdf", content)}).json()
    assert report["indication"] == "TOTAL_PASSED", report
    assert report["signatures"][0]["signer"]["name"] == issuing.chair.full_name
    # another user cannot look at the chair's request
    assert client.get(f"/api/signing-requests/{request_id}", headers=clerk).status_code == 404


def test_a_refused_approval_leaves_the_document_as_it_was(
    client: TestClient, db: Session, issuing: Council_, pki: TestPKI, csc: CscService
) -> None:
    _ready(client, issuing, pki)
    credential = _enrol(client, issuing, csc)
    request_id = _ask(client, issuing, credential)
    csc.refuse()
    assert _status(client, issuing, request_id) == "refused"
    _unchanged(db, issuing)
    assert csc.called("signatures/signHash") == []
    assert db.scalar(select(AuditEvent.seq).where(AuditEvent.action == "document.signing_refused"))
    # a refused request cannot be completed by hand either
    late = client.post(
        f"/api/signing-requests/{request_id}/signature",
        headers=f.login(client, issuing.chair),
        json={"signature": base64.b64encode(b"x" * 256).decode()},
    )
    assert late.status_code == 409
    # signing again asks again, and works
    again = _ask(client, issuing, credential)
    csc.approve()
    assert _status(client, issuing, again) == "signed"


def test_a_timeout_and_a_cancel_sign_nothing_even_when_approved_later(
    client: TestClient,
    app: FastAPI,
    db: Session,
    store: ObjectStore,
    settings: Settings,
    issuing: Council_,
    pki: TestPKI,
    csc: CscService,
) -> None:
    _ready(client, issuing, pki)
    credential = _enrol(client, issuing, csc)
    timed_out = _ask(client, issuing, credential)
    # the signer never answers; the request's time runs out (moved, not waited for)
    db.execute(
        update(SigningRequest)
        .where(SigningRequest.id == timed_out)
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    db.commit()
    csc.approve()  # too late
    assert _status(client, issuing, timed_out) == "expired"
    _unchanged(db, issuing)

    cancelled = _ask(client, issuing, credential)
    chair = f.login(client, issuing.chair)
    response = client.post(f"/api/signing-requests/{cancelled}/cancel", headers=chair)
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    csc.approve()
    assert _status(client, issuing, cancelled) == "cancelled"
    # the worker's round does not revive either of them
    off_loop(requests.advance_waiting, app.state.database, store, settings)
    assert csc.called("signatures/signHash") == []
    _unchanged(db, issuing)
    again = client.post(f"/api/signing-requests/{cancelled}/cancel", headers=chair)
    assert again.status_code == 409


def test_the_worker_completes_an_approval_nobody_is_watching(
    client: TestClient,
    app: FastAPI,
    db: Session,
    store: ObjectStore,
    settings: Settings,
    issuing: Council_,
    pki: TestPKI,
    csc: CscService,
) -> None:
    _ready(client, issuing, pki)
    credential = _enrol(client, issuing, csc)
    request_id = _ask(client, issuing, credential)
    # (off the main thread, like the worker: a session-wide Playwright keeps a loop there)
    off_loop(requests.advance_waiting, app.state.database, store, settings)
    db.expire_all()
    assert db.get_one(SigningRequest, request_id).status.value == "waiting"
    csc.approve()
    assert off_loop(requests.advance_waiting, app.state.database, store, settings) >= 1
    db.expire_all()
    assert db.get_one(SigningRequest, request_id).status.value == "signed"
    assert issuing.resolution.current_version == 3


def test_a_provider_that_does_not_answer_leaves_nothing_behind(
    client: TestClient, db: Session, issuing: Council_, pki: TestPKI, csc: CscService
) -> None:
    _ready(client, issuing, pki)
    credential = _enrol(client, issuing, csc)
    db.execute(update(SigningCredential).values(provider="csc"))
    db.commit()
    # the service goes away: its address now refuses connections
    app_settings: Settings = client.app.state.settings  # type: ignore[attr-defined]
    app_settings.remote_signing["csc"]["url"] = "http://127.0.0.1:9/csc/v2"
    response = client.post(
        f"/api/documents/{issuing.resolution.id}/sign",
        headers=f.login(client, issuing.chair),
        json={"credential_id": credential},
    )
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "remote_signing_unavailable"
    assert db.scalars(select(SigningRequest)).all() == []
    _unchanged(db, issuing)


def test_tokens_from_the_providers_own_sign_in_enrol_the_account_too(
    client: TestClient, db: Session, issuing: Council_, pki: TestPKI, csc: CscService
) -> None:
    """A signer who signed in at the provider's site (OAuth) brings its refresh token instead
    of a password; an access token alone works for as long as the provider honours it."""
    _ready(client, issuing, pki)
    login = httpx.post(
        f"{csc.url}/auth/login",
        json={"rememberMe": True},
        auth=(csc.username, csc.password),
    ).json()
    chair = f.login(client, issuing.chair)
    for fields in (
        {"refresh_token": login["refresh_token"]},
        {"access_token": login["access_token"]},
    ):
        enrolled = client.post(
            "/api/me/remote-signing-credentials", headers=chair, json={"provider": "csc", **fields}
        )
        assert enrolled.status_code == 201, enrolled.text
        assert enrolled.json()["kind"] == "remote"
    credential = int(enrolled.json()["id"])
    request_id = _ask(client, issuing, credential)
    csc.approve()
    assert _status(client, issuing, request_id) == "signed"
    # a token the provider does not know is refused, and nothing is kept
    before = db.scalars(select(SigningCredential)).all()
    stale = client.post(
        "/api/me/remote-signing-credentials",
        headers=chair,
        json={"provider": "csc", "refresh_token": "revoked"},
    )
    assert stale.status_code == 422 and stale.json()["error"]["code"] == "remote_signing_refused"
    assert len(db.scalars(select(SigningCredential)).all()) == len(before)
