"""The floor's records: the vote record PDF and the draft minutes (DOCX and its PDF) read in
Vietnamese, render, and go through numbering, the chair's signature and the seal."""

from __future__ import annotations

import io
import subprocess
import unicodedata
from pathlib import Path

from docx import Document as Docx
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy.orm import Session

from app.directory.models import Role
from app.floor.models import Attendance, CheckIn, Presence
from app.meetings.models import MeetingStatus
from tests.factories import directory as f
from tests.factories import meetings as m
from tests.signing.conftest import PASSPHRASE, add_anchor, add_pkcs12
from tests.support.pki import Identity, TestPKI

QUESTION = "Thông qua Nghị quyết về kế hoạch đầu tư công trung hạn"


def _text(pdf: bytes, tmp: Path) -> str:
    path = tmp / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True)
    return unicodedata.normalize("NFC", " ".join(out.stdout.split()))


def _ink(pdf: bytes, tmp: Path) -> float:
    """Share of dark pixels on page 1, rendered by poppler: text really drawn, not boxes."""
    path = tmp / "render.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(path), str(tmp / "p")],
        check=True,
    )
    page = Image.open(next(tmp.glob("p-*.png"))).convert("L")
    pixels = list(page.getdata())
    return sum(1 for p in pixels if p < 128) / len(pixels)


def test_vote_record_and_minutes_render_and_are_signed(
    client: TestClient,
    db: Session,
    pki: TestPKI,
    chair_identity: Identity,
    seal_identity: Identity,
    tmp_path: Path,
) -> None:
    council = f.council(db, total_delegates=30)
    chair = f.user(db, council=council, role=Role.chair, full_name="Nguyễn Thị Chủ Tịch")
    clerk = f.user(db, council=council, role=Role.clerk, full_name="Lê Văn Thư")
    admin = f.admin(db)
    delegates = [chair] + [
        f.user(db, council=council, full_name=f"Đại biểu Số {i:02d}") for i in range(2, 21)
    ]
    meeting = m.meeting(db, council=council, status=MeetingStatus.in_progress)
    item = m.agenda_item(db, meeting=meeting, title="Kế hoạch đầu tư công trung hạn")
    db.add_all(
        Attendance(
            meeting_id=meeting.id, user_id=d.id, presence=Presence.present, method=CheckIn.clerk
        )
        for d in delegates[:18]
    )
    db.add(
        Attendance(
            meeting_id=meeting.id,
            user_id=delegates[18].id,
            presence=Presence.excused,
            method=CheckIn.clerk,
            reason="Đi công tác",
        )
    )
    db.flush()
    auth = {d.id: f.bearer(db, d) for d in [*delegates, clerk]}
    vote = client.post(
        f"/api/meetings/{meeting.id}/votes",
        headers=auth[clerk.id],
        json={"question": QUESTION, "ballot": "named", "agenda_item_id": item.id},
    ).json()["id"]
    assert client.post(f"/api/votes/{vote}/open", headers=auth[chair.id]).status_code == 200
    for d in delegates[:16]:
        assert (
            client.post(
                f"/api/votes/{vote}/ballots", headers=auth[d.id], json={"choice": "approve"}
            ).status_code
            == 201
        )
    client.post(
        f"/api/votes/{vote}/ballots", headers=auth[delegates[16].id], json={"choice": "against"}
    )
    speech = client.post(
        f"/api/meetings/{meeting.id}/speakers",
        headers=auth[delegates[2].id],
        json={"kind": "question", "agenda_item_id": item.id, "topic": "Tiến độ giải ngân"},
    ).json()["id"]
    assert (
        client.post(
            f"/api/speakers/{speech}/start", headers=auth[chair.id], json={"seconds": 120}
        ).status_code
        == 200
    )
    early = client.get(f"/api/votes/{vote}/record.pdf", headers=auth[clerk.id])
    assert early.status_code == 409  # no record while the vote is open
    assert client.post(f"/api/votes/{vote}/close", headers=auth[chair.id]).json()["passed"] is True

    # the vote record: its text, its rendering
    pdf = client.get(f"/api/votes/{vote}/record.pdf", headers=auth[delegates[5].id])
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = _text(pdf.content, tmp_path)
    assert "BIÊN BẢN KIỂM PHIẾU" in text and QUESTION in text
    assert "Tán thành: 16 đại biểu, bằng 53,33% tổng số đại biểu" in text
    assert "Không tán thành: 1 đại biểu, bằng 3,33%" in text
    assert "Chưa biểu quyết: 13 đại biểu" in text and "ĐƯỢC THÔNG QUA" in text
    assert "Tổng số đại biểu Hội đồng nhân dân: 30; số đại biểu có mặt: 18" in text
    assert "Đại biểu Không tán thành: Đại biểu Số 17" in text
    assert _ink(pdf.content, tmp_path) > 0.01

    # stored among the meeting's documents, numbered, signed by the chair, sealed: it verifies
    stored = client.post(f"/api/votes/{vote}/record", headers=auth[clerk.id])
    assert stored.status_code == 201, stored.text
    document = stored.json()["id"]
    add_anchor(client, admin, pki.root.cert_pem())
    chair_cred = add_pkcs12(client, chair, chair_identity)
    seal_cred = add_pkcs12(client, clerk, seal_identity)
    numbered = client.post(f"/api/documents/{document}/number", headers=auth[clerk.id])
    assert numbered.status_code == 200 and numbered.json()["number"] == "1/BB-HĐND"
    for who, cred in ((chair, chair_cred), (clerk, seal_cred)):
        signed = client.post(
            f"/api/documents/{document}/sign",
            headers=f.login(client, who),
            json={"passphrase": PASSPHRASE, "credential_id": cred},
        )
        assert signed.status_code == 201, signed.text
    final = client.get(f"/api/documents/{document}/content", headers=auth[clerk.id]).content
    report = client.post("/api/verify", files={"file": ("bb.pdf", final)}).json()
    assert report["indication"] == "TOTAL_PASSED", report
    assert len(report["signatures"]) == 2

    # the draft minutes: an editable DOCX and, stored, its PDF
    docx = client.get(f"/api/meetings/{meeting.id}/minutes.docx", headers=auth[clerk.id])
    assert docx.status_code == 200
    body = "\n".join(p.text for p in Docx(io.BytesIO(docx.content)).paragraphs)
    assert "BIÊN BẢN KỲ HỌP" in body and meeting.title in body
    assert (
        "số đại biểu có mặt: 18" in body and "Vắng có lý do: Đại biểu Số 19 (Đi công tác)" in body
    )
    assert "Chất vấn: Đại biểu Số 03 — Tiến độ giải ngân" in body
    assert "Tán thành: 16 đại biểu" in body
    minutes = client.post(f"/api/meetings/{meeting.id}/minutes", headers=auth[clerk.id])
    assert minutes.status_code == 201, minutes.text
    minutes_pdf = client.get(
        f"/api/documents/{minutes.json()['id']}/content", headers=auth[clerk.id]
    )
    minutes_text = _text(minutes_pdf.content, tmp_path)
    assert "BIÊN BẢN KỲ HỌP" in minutes_text and "Vắng có lý do: Đại biểu Số 19" in minutes_text
    assert _ink(minutes_pdf.content, tmp_path) > 0.005

    # exports for the office; a delegate gets none
    csv_text = client.get(f"/api/meetings/{meeting.id}/attendance.csv", headers=auth[clerk.id])
    assert csv_text.status_code == 200
    lines = csv_text.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Họ và tên,") and len(lines) == 1 + 20
    assert sum("Có mặt" in line for line in lines) == 18
    sheet = load_workbook(
        io.BytesIO(
            client.get(f"/api/meetings/{meeting.id}/votes.xlsx", headers=auth[clerk.id]).content
        )
    ).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == QUESTION and rows[1][7] == 16 and rows[1][8] == 1
    assert (
        client.get(
            f"/api/meetings/{meeting.id}/votes.csv", headers=auth[delegates[3].id]
        ).status_code
        == 403
    )
