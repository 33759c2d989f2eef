"""Who signs, and in what capacity (Decree 30/2020): the Chủ tịch for the council, a Phó Chủ
tịch "KT. CHỦ TỊCH"; a Ban's Trưởng Ban for its review report, a Phó Trưởng Ban "KT. TRƯỞNG
BAN"; nobody else. The directory decides at signing time, so a seat lost is a right lost.
The capacity is in the stamp, the signature's reason, its record and the register."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.directory.models import BodyKind, Role
from app.signing.models import DocumentSignature
from tests.factories import directory as f
from tests.signing.conftest import Council_, add_anchor, add_pkcs12
from tests.support.pdfs import resolution_pdf
from tests.support.pki import TestPKI


def _reason(content: bytes) -> str:
    fields = PdfReader(io.BytesIO(content)).get_fields() or {}
    return str(fields["ChairSignature"]["/V"]["/Reason"])


def _upload(client: TestClient, issuing: Council_, title: str, issuer: int | None) -> int:
    data = {"title": title, "classification": "public", "doc_type": "review_report"}
    if issuer is not None:
        data["issuer_body_id"] = str(issuer)
    response = client.post(
        f"/api/meetings/{issuing.resolution.meeting_id}/documents",
        headers=f.login(client, issuing.clerk),
        data=data,
        files={"file": ("bao-cao.pdf", resolution_pdf(), "application/pdf")},
    )
    assert response.status_code == 201, response.text
    document = int(response.json()["id"])
    numbered = client.post(
        f"/api/documents/{document}/number", headers=f.login(client, issuing.clerk)
    )
    assert numbered.status_code == 200, numbered.text
    return document


def _sign(client: TestClient, user: object, document: int, credential: int) -> int:
    response = client.post(
        f"/api/documents/{document}/sign",
        headers=f.login(client, user),  # type: ignore[arg-type]
        json={"passphrase": "mat-khau-ky-so-2026", "credential_id": credential},
    )
    return response.status_code


def test_a_ban_signs_its_review_report_and_a_deputy_chair_signs_for_the_chair(
    client: TestClient, db: Session, issuing: Council_, pki: TestPKI
) -> None:
    add_anchor(client, issuing.admin, pki.root.cert_pem())
    clerk = f.login(client, issuing.clerk)
    ban = f.body(db, council=issuing.council, name="Ban Kinh tế - Xã hội")
    group = f.body(db, council=issuing.council, kind=BodyKind.delegate_group)
    head = f.user(db, council=issuing.council, role=Role.delegate, full_name="Đinh Văn Trưởng")
    deputy = f.user(db, council=issuing.council, role=Role.delegate, full_name="Mai Thị Phó")
    member = f.user(db, council=issuing.council, role=Role.delegate, full_name="Vũ Văn Viên")
    for user, position in ((head, "Trưởng Ban"), (deputy, "Phó Trưởng Ban"), (member, "Ủy viên")):
        added = client.put(
            f"/api/bodies/{ban.id}/members",
            headers=clerk,
            json={"user_id": user.id, "position": position},
        )
        assert added.status_code == 204, added.text
    db.commit()
    keys = {
        u.id: add_pkcs12(client, u, pki.issue(u.full_name, issuing.council.name))
        for u in (head, deputy, member, issuing.chair)
    }

    # only a Ban or the Standing Committee issues documents of its own
    refused = client.post(
        f"/api/meetings/{issuing.resolution.meeting_id}/documents",
        headers=clerk,
        data={"title": "X", "classification": "public", "issuer_body_id": str(group.id)},
        files={"file": ("x.pdf", resolution_pdf(), "application/pdf")},
    )
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_issuer"

    report = _upload(client, issuing, "Báo cáo thẩm tra dự thảo nghị quyết", ban.id)
    # the chair does not sign for the Ban, nor does a plain member
    assert _sign(client, issuing.chair, report, keys[issuing.chair.id]) == 403
    assert _sign(client, member, report, keys[member.id]) == 403
    # the Trưởng Ban's desk shows it awaiting them, and in what capacity
    desk = client.get("/office/signing", headers=f.login(client, head))
    assert desk.status_code == 200
    assert "Bạn ký với tư cách: TM. BAN KINH TẾ - XÃ HỘI / TRƯỞNG BAN" in desk.text
    assert client.get("/office/signing", headers=f.login(client, member)).status_code == 403
    assert _sign(client, head, report, keys[head.id]) == 201
    row = db.scalars(select(DocumentSignature).where(DocumentSignature.document_id == report)).one()
    assert row.capacity == "TM. BAN KINH TẾ - XÃ HỘI / TRƯỞNG BAN"
    content = client.get(f"/api/documents/{report}/content", headers=clerk).content
    assert _reason(content) == "TM. BAN KINH TẾ - XÃ HỘI / TRƯỞNG BAN"

    # the Phó Trưởng Ban signs the next one for the head
    second = _upload(client, issuing, "Báo cáo thẩm tra tờ trình", ban.id)
    assert _sign(client, deputy, second, keys[deputy.id]) == 201
    content = client.get(f"/api/documents/{second}/content", headers=clerk).content
    assert _reason(content) == "TM. BAN KINH TẾ - XÃ HỘI / KT. TRƯỞNG BAN / PHÓ TRƯỞNG BAN"

    # the head loses the seat (dismissed): from then on, no right to sign for the Ban
    removed = client.delete(f"/api/bodies/{ban.id}/members/{head.id}", headers=clerk)
    assert removed.status_code == 204
    third = _upload(client, issuing, "Báo cáo thẩm tra lần ba", ban.id)
    assert _sign(client, head, third, keys[head.id]) == 403

    # a Phó Chủ tịch signs the council's resolution "KT. CHỦ TỊCH"
    issuing.chair.position = "Phó Chủ tịch HĐND"
    db.commit()
    resolution = issuing.resolution.id
    assert client.post(f"/api/documents/{resolution}/number", headers=clerk).status_code == 200
    assert _sign(client, issuing.chair, resolution, keys[issuing.chair.id]) == 201
    content = client.get(f"/api/documents/{resolution}/content", headers=clerk).content
    assert _reason(content) == "TM. HỘI ĐỒNG NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    report_check = client.post("/api/verify", files={"file": ("x.pdf", content)}).json()
    assert report_check["indication"] == "TOTAL_PASSED", report_check
    register = client.get(
        f"/api/councils/{issuing.council.id}/issued-documents", headers=clerk
    ).json()
    signers = {e["id"]: e["signers"] for e in register}
    assert signers[resolution] == [
        f"{issuing.chair.full_name} (TM. HỘI ĐỒNG NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH)"
    ]
