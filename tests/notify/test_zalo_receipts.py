"""Zalo's delivery receipts: a ZNS message sent through the local stand-in, then Zalo's signed
«user_received_message» event for it marks it as on the recipient's phone. Unsigned,
mis-signed or foreign events change nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import utcnow
from app.meetings.models import MeetingStatus
from app.notify import senders
from app.notify import service as notify
from app.notify.models import Notification
from app.notify.service import deliver_due
from app.petitions import service
from app.petitions.models import Petition, PetitionStatus, Source
from tests.factories import directory as f
from tests.factories import meetings as m
from tests.notify.test_invitations import ZaloStandIn

APP_ID, SECRET = "3120456789", "oa-secret-key-2026"


@pytest.fixture
def zalo() -> Iterator[ZaloStandIn]:
    stand_in = ZaloStandIn()
    yield stand_in
    stand_in.server.shutdown()


@pytest.fixture
def settings(tmp_path: Path, zalo: ZaloStandIn) -> Settings:
    return Settings(
        environment="test",
        data_dir=tmp_path / "data",
        base_url="http://testserver",
        zalo_url=zalo.url,
        zalo_token="oa-token",
        zalo_templates={"reminder": "251001"},
        zalo_app_id=APP_ID,
        zalo_oa_secret=SECRET,
    )


def _event(msg_id: str, delivered: datetime | None, app_id: str = APP_ID) -> tuple[bytes, str]:
    """An event as Zalo posts it, and its signature header."""
    timestamp = str(int(utcnow().timestamp() * 1000))
    message: dict[str, str] = {"msg_id": msg_id}
    if delivered is not None:
        message["delivery_time"] = str(int(delivered.timestamp() * 1000))
    body = json.dumps(
        {
            "app_id": app_id,
            "event_name": "user_received_message",
            "sender": {"id": "oa-579745863508352884"},
            "recipient": {"id": "user-84912345678"},
            "message": message,
            "timestamp": timestamp,
        }
    ).encode()
    mac = hashlib.sha256(app_id.encode() + body + timestamp.encode() + SECRET.encode())
    return body, f"mac={mac.hexdigest()}"


def _post(client: TestClient, body: bytes, signature: str) -> tuple[int, dict[str, object]]:
    response = client.post(
        "/api/zalo/events",
        content=body,
        headers={"Content-Type": "application/json", "X-ZEvent-Signature": signature},
    )
    return response.status_code, response.json()


def test_a_signed_receipt_marks_the_message_delivered_once(
    client: TestClient,
    db: Session,
    session_factory: sessionmaker[Session],
    settings: Settings,
    zalo: ZaloStandIn,
) -> None:
    council = f.council(db, total_delegates=2)
    for i in range(2):
        user = f.user(db, council=council, full_name=f"Đại Biểu Nhận {i}")
        user.phone = f"09{council.id:02d}11111{i}"[:10]
    meeting = m.meeting(db, council=council, status=MeetingStatus.convened)
    meeting.starts_at = utcnow() + timedelta(hours=20)
    db.flush()
    outbox = senders.configured(settings)
    assert notify.remind(db, now=utcnow(), channels=outbox, base_url=settings.base_url) == 2
    db.flush()
    assert deliver_due(session_factory, outbox, now=utcnow()) == 2
    db.expire_all()
    first, second = db.scalars(select(Notification).order_by(Notification.id)).all()
    assert first.provider_ref and second.provider_ref  # Zalo's msg_id, kept when sent

    on_phone = datetime(2026, 12, 7, 14, 30, 5, tzinfo=UTC)
    body, signature = _event(first.provider_ref, on_phone)
    # a forged or altered event is refused and changes nothing
    assert _post(client, body, "mac=" + "0" * 64)[0] == 401
    tampered = body.replace(first.provider_ref.encode(), second.provider_ref.encode())
    status, answer = _post(client, tampered, signature)
    assert status == 401 and answer["error"]["code"] == "bad_zalo_signature"  # type: ignore[index]
    # another app's event, even signed with the same secret, is not ours
    foreign, foreign_signature = _event(first.provider_ref, on_phone, app_id="999")
    assert _post(client, foreign, foreign_signature)[0] == 401
    db.expire_all()
    assert first.delivered_at is None and second.delivered_at is None

    assert _post(client, body, signature) == (200, {"recorded": True})
    assert _post(client, body, signature) == (200, {"recorded": False})  # once
    # an Official Account chat receipt (no delivery time) is acknowledged and ignored
    chat, chat_signature = _event(second.provider_ref, None)
    assert _post(client, chat, chat_signature) == (200, {"recorded": False})
    db.expire_all()
    assert first.delivered_at == on_phone and second.delivered_at is None
    assert notify.counts(db, meeting).delivered == 1


def test_a_voter_hears_of_their_petitions_outcome_once_by_zalo_or_mail(
    db: Session, session_factory: sessionmaker[Session], tmp_path: Path, zalo: ZaloStandIn
) -> None:
    settings = Settings(
        environment="test",
        data_dir=tmp_path / "data",
        base_url="https://hdnd.example.vn",
        smtp_url="smtp://127.0.0.1:9",  # nothing listens: mail waits in the outbox
        zalo_url=zalo.url,
        zalo_token="oa-token",
        zalo_templates={"petition_update": "251009"},
    )
    council = f.council(db)
    now = utcnow()

    def petition(code: str, contact: str, status: PetitionStatus, at: datetime) -> Petition:
        row = Petition(
            council_id=council.id,
            tracking_code=code,
            source=Source.online,
            content="Đề nghị sửa đường liên thôn.",
            petitioner_contact=contact,
            status=status,
            answered_at=at if status is PetitionStatus.answered else None,
            closed_at=at if status is PetitionStatus.rejected else None,
        )
        db.add(row)
        return row

    petition("KN-PHONE1", "0912 345 678", PetitionStatus.answered, now - timedelta(hours=2))
    petition("KN-MAIL01", "dan.thon@xa.example", PetitionStatus.rejected, now)
    petition("KN-NOCONT", "", PetitionStatus.answered, now)  # left no contact
    petition("KN-OLD001", "0987654321", PetitionStatus.answered, now - timedelta(days=45))
    petition("KN-OPEN01", "0977111222", PetitionStatus.assigned, now)  # not answered yet
    db.flush()
    outbox = senders.configured(settings)
    told = service.tell_petitioners(db, now=now, channels=outbox, base_url=settings.base_url)
    assert told == 2
    assert service.tell_petitioners(db, now=now, channels=outbox, base_url=settings.base_url) == 0
    db.flush()
    rows = {
        n.recipient: n
        for n in db.scalars(select(Notification).where(Notification.kind == "petition_update"))
    }
    assert set(rows) == {"0912 345 678", "dan.thon@xa.example"}
    assert rows["0912 345 678"].channel.value == "zalo"
    assert rows["dan.thon@xa.example"].channel.value == "email"
    assert "KN-MAIL01" in rows["dan.thon@xa.example"].body
    assert "Không tiếp nhận" in rows["dan.thon@xa.example"].body
    assert deliver_due(session_factory, outbox, now=utcnow()) == 1  # Zalo; mail waits its server
    assert zalo.problems == []
    (sent,) = zalo.received
    assert sent["phone"] == "84912345678" and sent["template_id"] == "251009"
    assert sent["template_data"] == {
        "code": "KN-PHONE1",
        "status": "Đã trả lời",
        "url": "https://hdnd.example.vn/p/petitions/KN-PHONE1",
    }
