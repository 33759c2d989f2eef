"""Keys in all three places: a SoftHSM token (PIN), deferred signing where the key never
reaches the server (raw value and CMS), and concurrent numbering."""

from __future__ import annotations

import base64
import threading
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session

from app.config import Settings
from app.directory.models import Council, CouncilLevel
from app.signing import keys
from app.signing.errors import BadPkcs12
from app.signing.models import NumberSequence
from app.signing.service import _take_number
from tests.factories import directory as f
from tests.signing.conftest import PASSPHRASE, Council_, add_anchor, add_pkcs12
from tests.support.pki import Identity, SoftToken, TestPKI, off_loop, softhsm_token

TOKEN_PIN = "246810"


@pytest.fixture
def token(tmp_path: Path, chair_identity: Identity, monkeypatch: pytest.MonkeyPatch) -> SoftToken:
    monkeypatch.delenv("SOFTHSM2_CONF", raising=False)
    return softhsm_token(tmp_path, chair_identity, label="ChuTich", pin=TOKEN_PIN)


@pytest.fixture
def settings(tmp_path: Path, tsa: object, token: SoftToken) -> Settings:
    return Settings(
        environment="test",
        data_dir=tmp_path / "data",
        base_url="http://testserver",
        tsa_url=tsa.url,  # type: ignore[attr-defined]
        pkcs11_module=token.module,
    )


def _verified(client: TestClient, data: bytes) -> dict[str, object]:
    response = client.post("/api/verify", files={"file": ("x.pdf", data)})
    assert response.status_code == 200
    return response.json()


def test_chair_signs_with_a_pkcs11_token_and_a_wrong_pin_adds_nothing(
    client: TestClient,
    db: Session,
    issuing: Council_,
    token: SoftToken,
    pki: TestPKI,
    seal_identity: Identity,
) -> None:
    add_anchor(client, issuing.admin, pki.root.cert_pem())
    chair = f.login(client, issuing.chair)
    bad = client.post(
        "/api/me/token-credentials",
        headers=chair,
        json={"token_label": "ChuTich", "key_label": "signing", "pin": "000000"},
    )
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "wrong_pin"
    added = client.post(
        "/api/me/token-credentials",
        headers=chair,
        json={"token_label": "ChuTich", "key_label": "signing", "pin": TOKEN_PIN},
    )
    assert added.status_code == 201, added.text
    clerk = f.login(client, issuing.clerk)
    assert (
        client.post(f"/api/documents/{issuing.resolution.id}/number", headers=clerk).status_code
        == 200
    )
    url = f"/api/documents/{issuing.resolution.id}/sign"
    wrong = client.post(url, headers=chair, json={"pin": "111111"})
    assert wrong.status_code == 422 and wrong.json()["error"]["code"] == "wrong_pin"
    db.refresh(issuing.resolution)
    assert issuing.resolution.current_version == 2
    signed = client.post(url, headers=chair, json={"pin": TOKEN_PIN})
    assert signed.status_code == 201, signed.text
    add_pkcs12(client, issuing.clerk, seal_identity)
    sealed = client.post(url, headers=clerk, json={"passphrase": PASSPHRASE})
    assert sealed.status_code == 201, sealed.text
    content = client.get(f"/api/documents/{issuing.resolution.id}/content", headers=clerk).content
    report = _verified(client, content)
    assert report["indication"] == "TOTAL_PASSED", report
    assert report["signatures"][0]["signer"]["name"] == "Nguyễn Thị Chủ Tịch"  # type: ignore[index]


@pytest.mark.parametrize("form", ["raw", "cms"])
def test_deferred_signing_embeds_a_signature_made_elsewhere(
    client: TestClient,
    db: Session,
    issuing: Council_,
    pki: TestPKI,
    chair_identity: Identity,
    seal_identity: Identity,
    form: str,
) -> None:
    add_anchor(client, issuing.admin, pki.root.cert_pem())
    chair, clerk = f.login(client, issuing.chair), f.login(client, issuing.clerk)
    client.post(f"/api/documents/{issuing.resolution.id}/number", headers=clerk)
    prepared = client.post(
        f"/api/documents/{issuing.resolution.id}/signing-requests",
        headers=chair,
        json={"certificate": chair_identity.cert_pem().decode()},
    )
    assert prepared.status_code == 201, prepared.text
    task = prepared.json()
    data_to_sign = base64.b64decode(task["data_to_sign"])
    # what the USB token / remote service does with the key the server never sees
    raw = chair_identity.key.sign(data_to_sign, padding.PKCS1v15(), hashes.SHA256())  # type: ignore[call-arg,union-attr]
    payload = raw if form == "raw" else _cms(task, chair_identity, raw)
    # a signature by another key is refused and leaves no version
    wrong = seal_identity.key.sign(data_to_sign, padding.PKCS1v15(), hashes.SHA256())  # type: ignore[call-arg,union-attr]
    refused = client.post(
        f"/api/signing-requests/{task['id']}/signature",
        headers=chair,
        json={"signature": base64.b64encode(wrong).decode(), "format": "raw"},
    )
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "bad_signature_value"
    db.refresh(issuing.resolution)
    assert issuing.resolution.current_version == 2
    # another user cannot complete the chair's request
    other = client.post(
        f"/api/signing-requests/{task['id']}/signature",
        headers=clerk,
        json={"signature": base64.b64encode(raw).decode()},
    )
    assert other.status_code == 404
    done = client.post(
        f"/api/signing-requests/{task['id']}/signature",
        headers=chair,
        json={"signature": base64.b64encode(payload).decode(), "format": form},
    )
    assert done.status_code == 201, done.text
    add_pkcs12(client, issuing.clerk, seal_identity)
    sealed = client.post(
        f"/api/documents/{issuing.resolution.id}/sign",
        headers=clerk,
        json={"passphrase": PASSPHRASE},
    )
    assert sealed.status_code == 201, sealed.text
    content = client.get(f"/api/documents/{issuing.resolution.id}/content", headers=clerk).content
    report = _verified(client, content)
    assert report["indication"] == "TOTAL_PASSED", report


def _cms(task: dict[str, object], identity: Identity, raw: bytes) -> bytes:
    """A full CMS SignedData as a remote-signing service returns it, built with pyHanko's
    external signer from the same signed attributes and raw value."""
    import asyncio

    from asn1crypto import cms

    from app.signing.keys import external_signer

    signer = external_signer(identity.cert_der(), raw)
    attrs = cms.CMSAttributes.load(base64.b64decode(str(task["data_to_sign"])))
    content = off_loop(
        asyncio.run, signer.async_sign_prescribed_attributes("sha256", signed_attrs=attrs)
    )
    return bytes(content.dump())


@pytest.mark.parametrize("which", ["sqlite", "postgresql"])
def test_numbers_stay_unique_and_gap_free_under_concurrent_issuing(
    engines: dict[str, Engine], which: str
) -> None:
    """20 concurrent issuing transactions, each on its own connection, take numbers from one
    series: every number from 1 to 20 is given exactly once."""
    engine = engines[which]
    with Session(engine) as session, session.begin():
        council = Council(
            name=f"HĐND xã Đồng thời {which}", level=CouncilLevel.commune, total_delegates=9
        )
        session.add(council)
        session.flush()
        council_id = council.id
    taken: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(20)

    def issue() -> None:
        start.wait()
        with Session(engine) as session, session.begin():
            number = _take_number(session, council_id=council_id, series="NQ", year=2026)
            with lock:
                taken.append(number)

    threads = [threading.Thread(target=issue) for _ in range(20)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(taken) == list(range(1, 21))
    finally:
        with Session(engine) as session, session.begin():
            session.execute(delete(NumberSequence).where(NumberSequence.council_id == council_id))
            session.execute(delete(Council).where(Council.id == council_id))


@pytest.mark.parametrize("kind", ["rsa", "ec"])
def test_pkcs12_signer_parses_its_key_once_and_signs_verifiably(pki: TestPKI, kind: str) -> None:
    identity = pki.issue(f"Ký bằng khóa {kind}", "HĐND xã Thử nghiệm", key=kind)  # type: ignore[arg-type]
    secret = "k" * 40
    sealed = keys.seal(identity.pkcs12(PASSPHRASE), secret)
    signer = keys.pkcs12_signer(sealed, PASSPHRASE, secret)
    assert keys.pkcs12_signer(sealed, PASSPHRASE, secret) is signer  # cached per passphrase
    signatures = [signer.sign_raw(b"bien ban kiem phieu", "sha256") for _ in range(2)]
    public = identity.cert.public_key()
    for signature in signatures:
        if isinstance(public, rsa.RSAPublicKey):
            public.verify(signature, b"bien ban kiem phieu", padding.PKCS1v15(), hashes.SHA256())
        else:
            assert isinstance(public, ec.EllipticCurvePublicKey)
            public.verify(signature, b"bien ban kiem phieu", ec.ECDSA(hashes.SHA256()))
    with pytest.raises(BadPkcs12):
        keys.pkcs12_signer(sealed, "sai-mat-khau", secret)
