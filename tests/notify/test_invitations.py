"""Invitations through a real SMTP server (aiosmtpd on loopback): convening a meeting of 30
delivers 30 e-mails, each with that person's own working link; with the server down they
wait in the outbox and go out once it returns, none twice."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.audit.service import RequestMeta
from app.config import Settings
from app.db import utcnow
from app.directory.models import Council, Role
from app.meetings.models import Meeting, MeetingStatus
from app.notify import senders
from app.notify import service as notify
from app.notify.models import Channel, Delivery, Notification
from app.notify.service import deliver_due
from app.security.service import actor_for
from tests.factories import directory as f
from tests.factories import meetings as m
from tests.support.pdfs import make_pdf
from tests.support.smtp import SmtpServer

DELEGATES = 30


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def settings(tmp_path: object, smtp: SmtpServer) -> Settings:
    return Settings(
        environment="test",
        data_dir=tmp_path / "data",  # type: ignore[operator]
        base_url="http://testserver",
        smtp_url=f"smtp://127.0.0.1:{smtp.port}",
        mail_from="HĐND xã Thư Mời <vanphong@xa.example>",
    )


def _convene(client: TestClient, db: Session) -> tuple[int, dict[str, int]]:
    council = f.council(db, total_delegates=DELEGATES)
    clerk = f.bearer(db, f.user(db, council=council, role=Role.clerk))
    people = {}
    for i in range(DELEGATES):
        user = f.user(db, council=council, full_name=f"Đại Biểu Thư {i:02d}")
        user.email = f"daibieu{i:02d}.{council.id}@xa.example"
        people[user.email] = user.id
    meeting = m.meeting(db, council=council, status=MeetingStatus.draft)
    m.agenda_item(db, meeting=meeting, title="Thông qua dự toán ngân sách năm 2027")
    db.flush()
    convened = client.post(
        f"/api/meetings/{meeting.id}/status", headers=clerk, json={"status": "convened"}
    )
    assert convened.status_code == 200, convened.text
    return meeting.id, people


def test_convening_mails_everyone_their_own_working_link(
    client: TestClient,
    db: Session,
    session_factory: sessionmaker[Session],
    settings: Settings,
    smtp: SmtpServer,
) -> None:
    meeting, people = _convene(client, db)
    assert deliver_due(session_factory, senders.configured(settings)) == DELEGATES
    mails = [msg for msg in smtp.inbox.messages if msg["To"] in people]
    assert len(mails) == DELEGATES and {msg["To"] for msg in mails} == set(people)
    for mail in mails[:5]:  # each opens that person's device session on this meeting
        body = mail.get_payload(decode=True).decode("utf-8")
        assert "Thông qua dự toán ngân sách năm 2027" in body and "Giấy mời" in mail["Subject"]
        (link,) = re.findall(r"http://testserver(/a/\S+)", body)
        client.cookies.clear()
        opened = client.get(link, follow_redirects=False)
        assert opened.status_code in (302, 303) and opened.headers["location"].endswith(
            f"/reader/meetings/{meeting}"
        )
        page = client.get(opened.headers["location"])
        assert page.status_code == 200
    links = {re.search(r"/a/\S+", m.get_payload(decode=True).decode()).group(0) for m in mails}  # type: ignore[union-attr]
    assert len(links) == DELEGATES  # a link per person
    assert deliver_due(session_factory, senders.configured(settings)) == 0  # nothing twice


def test_messages_wait_while_smtp_is_down_and_go_out_once_when_it_returns(
    client: TestClient,
    db: Session,
    session_factory: sessionmaker[Session],
    settings: Settings,
    smtp: SmtpServer,
) -> None:
    smtp.stop()
    _, people = _convene(client, db)
    outbox = senders.configured(settings)
    now = utcnow()
    assert deliver_due(session_factory, outbox, now=now) == 0
    db.expire_all()
    waiting = db.scalars(select(Notification).where(Notification.recipient.in_(people))).all()
    assert len(waiting) == DELEGATES
    assert all(n.status is Delivery.pending and n.attempts == 1 and n.last_error for n in waiting)
    assert deliver_due(session_factory, outbox, now=now + timedelta(seconds=5)) == 0  # backing off
    smtp.start()
    assert deliver_due(session_factory, outbox, now=now + timedelta(minutes=2)) == DELEGATES
    assert deliver_due(session_factory, outbox, now=now + timedelta(hours=3)) == 0
    received = [msg["To"] for msg in smtp.inbox.messages if msg["To"] in people]
    assert sorted(received) == sorted(people)  # every one, none twice


class ZaloStandIn:
    """A local stand-in for Zalo's notification service (ZNS), checking each request as its
    documentation describes it: POST /message/template with the Official Account's
    `access_token` header and a JSON body of exactly `phone` (84…), `template_id` (an approved
    template), `template_data` (that template's parameters, as strings) and `tracking_id`;
    answers 200 with `error` 0 and a `msg_id`, or a negative `error` and its message."""

    TEMPLATES: ClassVar = {  # the approved templates: a reminder, a petition's outcome
        "251001": {"name", "title", "when", "url"},
        "251009": {"code", "status", "url"},
    }

    def __init__(self) -> None:
        self.received: list[dict[str, object]] = []
        self.problems: list[str] = []
        self.refuse = False
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.problems += outer.check(
                    self.path, {k.lower(): v for k, v in self.headers.items()}, body
                )
                if outer.refuse or self.headers.get("access_token") != "oa-token":
                    answer = {"error": -124, "message": "Access token không hợp lệ"}
                else:
                    outer.received.append(body)
                    answer = {
                        "error": 0,
                        "message": "Success",
                        "data": {"msg_id": f"zns-{len(outer.received)}", "sent_time": "0"},
                    }
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                """quiet"""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/message/template"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def check(self, path: str, headers: dict[str, str], body: dict[str, object]) -> list[str]:
        problems = []
        if path != "/message/template":
            problems.append(f"path {path}")
        if not headers.get("content-type", "").startswith("application/json"):
            problems.append("not JSON")
        if set(body) != {"phone", "template_id", "template_data", "tracking_id"}:
            problems.append(f"fields {sorted(body)}")
        if not re.fullmatch(r"84\d{9}", str(body.get("phone"))):
            problems.append(f"phone {body.get('phone')}")
        params = self.TEMPLATES.get(str(body.get("template_id")))
        data = body.get("template_data")
        if params is None or not isinstance(data, dict) or set(data) != params:
            problems.append(f"template {body.get('template_id')} with {data}")
        elif not all(isinstance(v, str) and v for v in data.values()):
            problems.append("a parameter is not a non-empty string")
        return problems


def test_reminders_the_day_before_go_by_zalo_templates_and_the_rest_by_mail(
    client: TestClient, db: Session, session_factory: sessionmaker[Session], tmp_path: object
) -> None:
    zalo = ZaloStandIn()
    settings = Settings(
        environment="test",
        data_dir=tmp_path / "data",  # type: ignore[operator]
        base_url="http://testserver",
        smtp_url="smtp://127.0.0.1:9",  # nothing listens: mail waits in the outbox
        zalo_url=zalo.url,
        zalo_token="oa-token",
        zalo_templates={"reminder": "251001"},  # invitations have no approved template yet
    )
    council = f.council(db, total_delegates=3)
    phones = []
    for i in range(3):
        user = f.user(db, council=council, full_name=f"Đại Biểu Zalo {i}")
        user.phone = f"09{council.id:02d}00000{i}"[:10]
        user.email = f"zalo{i}@xa.example"  # Zalo first, where it has the template
        phones.append(user.phone)
    meeting = m.meeting(db, council=council, status=MeetingStatus.convened)
    meeting.starts_at = utcnow() + timedelta(hours=20)
    db.flush()
    outbox = senders.configured(settings)
    assert notify.remind(db, now=utcnow(), channels=outbox, base_url=settings.base_url) == 3
    assert notify.remind(db, now=utcnow(), channels=outbox, base_url=settings.base_url) == 0  # once
    db.flush()
    zalo.refuse = True
    now = utcnow()
    assert deliver_due(session_factory, outbox, now=now) == 0
    db.expire_all()
    refused = db.scalars(select(Notification).where(Notification.kind == "reminder")).all()
    assert {n.channel for n in refused} == {Channel.zalo}
    assert all("Zalo -124" in n.last_error for n in refused)  # Zalo's own refusal, kept
    zalo.refuse = False
    assert deliver_due(session_factory, outbox, now=now + timedelta(minutes=1)) == 3
    assert zalo.problems == []
    assert sorted(str(r["phone"]) for r in zalo.received) == sorted("84" + p[1:] for p in phones)
    assert {r["template_id"] for r in zalo.received} == {"251001"}
    sent = {r["tracking_id"]: r for r in zalo.received}
    db.expire_all()
    for message in db.scalars(select(Notification).where(Notification.kind == "reminder")):
        assert message.status is Delivery.sent and message.provider_ref.startswith("zns-")
        data = sent[f"kyhop-{message.id}"]["template_data"]
        assert isinstance(data, dict) and data["title"] == meeting.title
    # the invitation kind has no template: the same people get it by mail
    clerk = actor_for(db, f.user(db, council=council, role=Role.clerk))
    invited = notify.invite(
        db,
        actor=clerk,
        meeting=meeting,
        channels=outbox,
        base_url=settings.base_url,
        meta=RequestMeta(ip="127.0.0.1", user_agent="test"),
    )
    assert invited == 3
    db.flush()
    channels = db.scalars(
        select(Notification.channel).where(Notification.kind == "invitation")
    ).all()
    assert set(channels) == {Channel.email}
    zalo.server.shutdown()


def test_a_changed_packet_is_announced_once_a_day_per_person(
    client: TestClient,
    db: Session,
    session_factory: sessionmaker[Session],
    settings: Settings,
    smtp: SmtpServer,
    tmp_path: object,
) -> None:
    meeting, people = _convene(client, db)
    deliver_due(session_factory, senders.configured(settings))
    council = db.get_one(Council, db.get_one(Meeting, meeting).council_id)
    clerk = f.bearer(db, f.user(db, council=council, role=Role.clerk))
    for n in range(3):  # three uploads the same day
        path = make_pdf(tmp_path / f"bo-sung-{n}.pdf", pages=1)  # type: ignore[operator]
        uploaded = client.post(
            f"/api/meetings/{meeting}/documents",
            headers=clerk,
            data={"title": f"Tài liệu bổ sung {n}", "classification": "internal"},
            files={"file": (path.name, path.read_bytes(), "application/pdf")},
        )
        assert uploaded.status_code == 201, uploaded.text
    assert deliver_due(session_factory, senders.configured(settings)) == DELEGATES
    updates = [
        msg for msg in smtp.inbox.messages if msg["To"] in people and "cập nhật" in msg["Subject"]
    ]
    assert len(updates) == DELEGATES
