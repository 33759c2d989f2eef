"""The chair certifies from the browser's pages, not only through the API: they land on the
signing desk, see the numbered resolution awaiting them, and sign it with a PKCS#12
passphrase, or with the deferred flow whose key never leaves their device. Every role lands
on its own page after logging in."""

from __future__ import annotations

import base64
import html
import re

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.signing.models import DocumentSignature, SignatureRole
from tests.factories import directory as f
from tests.factories.directory import PASSWORD
from tests.signing.conftest import PASSPHRASE, Council_
from tests.support.office import form_login, office_login
from tests.support.pki import Identity


def test_every_role_lands_on_its_own_page(client: TestClient, issuing: Council_) -> None:
    for account, page in (
        (issuing.chair, "/office/signing"),
        (issuing.delegate, "/reader"),
        (issuing.clerk, "/office"),
        (issuing.admin, "/office"),
    ):
        assert form_login(client, account.username, PASSWORD) == page
        assert client.get("/", follow_redirects=False).headers["location"] == page
        client.cookies.clear()
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"


def test_a_delegate_is_sent_to_the_reader_not_the_directory(
    client: TestClient, issuing: Council_
) -> None:
    form_login(client, issuing.delegate.username, PASSWORD)
    response = client.get("/office", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/reader"


def _certified(db: Session, issuing: Council_) -> list[DocumentSignature]:
    db.expire_all()
    return list(
        db.scalars(
            select(DocumentSignature).where(
                DocumentSignature.document_id == issuing.resolution.id,
                DocumentSignature.role == SignatureRole.certify,
            )
        )
    )


def _number(client: TestClient, issuing: Council_) -> None:
    numbered = client.post(
        f"/api/documents/{issuing.resolution.id}/number", headers=f.login(client, issuing.clerk)
    )
    assert numbered.status_code == 200, numbered.text


def test_the_chair_certifies_from_the_desk_with_a_pkcs12_file(
    client: TestClient, db: Session, issuing: Council_, chair_identity: Identity
) -> None:
    _number(client, issuing)
    csrf = office_login(client, issuing.chair.username, PASSWORD)
    desk = client.get("/office/signing")
    assert desk.status_code == 200
    awaiting = desk.text.split('id="awaiting"')[1].split("</section>")[0]
    assert issuing.resolution.title in html.unescape(awaiting)
    assert "1/NQ-HĐND" in awaiting and "chưa đăng ký chứng thư số" in awaiting

    added = client.post(
        f"/office/signing/credentials?csrf_token={csrf}",
        files={"file": ("key.p12", chair_identity.pkcs12(PASSPHRASE))},
        data={"passphrase": PASSPHRASE},
    )
    assert added.status_code == 200 and "Đã đăng ký chứng thư số." in added.text
    assert f'action="/office/documents/{issuing.resolution.id}/sign"' in added.text
    assert "Ký chứng thực" in added.text

    wrong = client.post(
        f"/office/documents/{issuing.resolution.id}/sign",
        data={"passphrase": "sai-mat-khau", "back": "desk", "csrf_token": csrf},
    )
    assert wrong.status_code == 422 and 'role="alert"' in wrong.text
    assert _certified(db, issuing) == []

    signed = client.post(
        f"/office/documents/{issuing.resolution.id}/sign",
        data={"passphrase": PASSPHRASE, "back": "desk", "csrf_token": csrf},
    )
    assert signed.status_code == 200, signed.text
    assert str(signed.url).endswith("/office/signing?ok=document_signed")
    assert [s.user_id for s in _certified(db, issuing)] == [issuing.chair.id]
    assert "Không có văn bản nào chờ bạn ký." in signed.text
    issued = signed.text.split('id="issued"')[1].split("</section>")[0]
    assert "Đã ký chứng thực" in issued and "/verify/" in issued

    # the meeting page shows the state too, and offers the chair no second signature
    meeting = client.get(f"/office/meetings/{issuing.resolution.meeting_id}")
    assert "Đã ký chứng thực" in meeting.text
    assert f"/office/documents/{issuing.resolution.id}/sign" not in meeting.text


def test_the_chair_certifies_with_the_deferred_flow_from_the_desk(
    client: TestClient, db: Session, issuing: Council_, chair_identity: Identity
) -> None:
    _number(client, issuing)
    csrf = office_login(client, issuing.chair.username, PASSWORD)
    pem = chair_identity.cert.public_bytes(serialization.Encoding.PEM).decode()
    prepared = client.post(
        f"/office/documents/{issuing.resolution.id}/signing-requests",
        data={"certificate": pem, "csrf_token": csrf},
    )
    assert prepared.status_code == 200, prepared.text
    data_to_sign = html.unescape(
        re.search(r'id="data-to-sign"[^>]*><code class="wrap">([^<]+)<', prepared.text).group(1)  # type: ignore[union-attr]
    )
    action = re.search(r'action="(/office/signing-requests/\d+/signature)"', prepared.text)
    assert action is not None
    raw = chair_identity.key.sign(  # type: ignore[call-arg,union-attr]
        base64.b64decode(data_to_sign), padding.PKCS1v15(), hashes.SHA256()
    )
    garbled = client.post(
        action.group(1), data={"signature": "khong-phai-base64!", "csrf_token": csrf}
    )
    assert garbled.status_code == 422 and _certified(db, issuing) == []
    done = client.post(
        action.group(1),
        data={"signature": base64.b64encode(raw).decode(), "format": "raw", "csrf_token": csrf},
    )
    assert done.status_code == 200, done.text
    assert str(done.url).endswith("?ok=document_signed")
    assert [s.user_id for s in _certified(db, issuing)] == [issuing.chair.id]
