"""Written opinion collection through the API: the office prepares and sends a form, the
delegates asked answer from their own sessions (present nowhere) and may change their answer
until the deadline, reminders reach those who have not answered, and after the deadline the
totals, who answered and the comments become a report filed to be numbered and signed."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document as Docx
from fastapi.testclient import TestClient
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from app.audit.service import RequestMeta
from app.config import Settings
from app.db import utcnow
from app.directory.models import BodyKind, Clearance, Council, Role, User
from app.documents.models import Classification, Document, DocumentVersion
from app.meetings.models import Meeting, MeetingKind
from app.models import Base
from app.notify.models import Notification
from app.opinions import service as opinions
from app.opinions.models import OpinionForm
from app.storage import ObjectStore
from tests.factories import directory as f
from tests.factories import meetings as m
from tests.support.pdfs import make_pdf

DELEGATES = 10


@dataclass
class Council_:
    council: Council
    clerk: User
    delegates: list[User]
    auth: dict[int, dict[str, str]]
    draft: int
    restricted: int

    def of(self, user: User) -> dict[str, str]:
        return self.auth[user.id]


@pytest.fixture
def asked(db: Session, store: ObjectStore, tmp_path: Path) -> Council_:
    council = f.council(db, total_delegates=DELEGATES)
    clerk = f.user(db, council=council, role=Role.clerk, clearance=Clearance.restricted)
    delegates = [f.user(db, council=council, full_name=f"Đại biểu {i:02d}") for i in range(1, 7)]
    delegates[0].clearance = Clearance.restricted  # a member of the Ban Pháp chế
    law = f.body(db, council=council, name="Ban Pháp chế", members=(delegates[0],))
    f.body(db, council=council, kind=BodyKind.standing_committee, name="Thường trực HĐND")
    meeting = m.meeting(db, council=council)
    draft = m.document(
        db,
        store,
        meeting=meeting,
        classification=Classification.internal,
        content=make_pdf(tmp_path / "a.pdf", pages=2).read_bytes(),
    )
    restricted = m.document(
        db,
        store,
        meeting=meeting,
        classification=Classification.restricted,
        content=make_pdf(tmp_path / "b.pdf", pages=1).read_bytes(),
        audience_bodies=(law,),
    )
    auth = {u.id: f.bearer(db, u) for u in [*delegates, clerk]}
    return Council_(council, clerk, delegates, auth, draft.id, restricted.id)


def deadline(days: float = 3) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


QUESTIONS = [
    {"text": "Đại biểu có đồng ý với dự thảo Nghị quyết về giá dịch vụ thu gom rác?"},
    {"text": "Góp ý khác của đại biểu", "kind": "text"},
]


def new_form(client: TestClient, c: Council_, **extra: object) -> int:
    body = {
        "title": "Lấy ý kiến về dự thảo Nghị quyết giá dịch vụ thu gom rác thải",
        "questions": QUESTIONS,
        "recipient_ids": [d.id for d in c.delegates[:5]],
        "deadline": deadline(),
        "document_ids": [c.draft, c.restricted],
        **extra,
    }
    created = client.post(
        f"/api/councils/{c.council.id}/opinion-forms", headers=c.of(c.clerk), json=body
    )
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def answer(
    client: TestClient,
    c: Council_,
    form: int,
    who: User,
    choice: str,
    note: str = "",
    comments: list | None = None,
) -> int:
    body = {
        "answers": [
            {"question": 1, "choice": choice, "text": note},
            {"question": 2, "text": note},
        ],
        "comments": comments or [],
    }
    return client.post(
        f"/api/opinion-forms/{form}/answers", headers=c.of(who), json=body
    ).status_code


def past_deadline(db: Session, form: int) -> None:
    """The deadline passes (as if days went by): moved, not waited for."""
    db.execute(
        update(OpinionForm)
        .where(OpinionForm.id == form)
        .values(deadline=datetime.now(UTC) - timedelta(minutes=1))
    )
    db.flush()


def test_a_named_form_from_sending_to_its_signed_report(
    client: TestClient, asked: Council_, db: Session, store: ObjectStore
) -> None:
    c = asked
    d = c.delegates
    refused = client.post(
        f"/api/councils/{c.council.id}/opinion-forms",
        headers=c.of(c.clerk),
        json={
            "title": "X",
            "questions": QUESTIONS,
            "recipient_ids": [c.clerk.id],
            "deadline": deadline(),
        },
    )
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "not_a_recipient"
    past = client.post(
        f"/api/councils/{c.council.id}/opinion-forms",
        headers=c.of(c.clerk),
        json={
            "title": "X",
            "questions": QUESTIONS,
            "recipient_ids": [d[0].id],
            "deadline": deadline(-1),
        },
    )
    assert past.status_code == 409
    by_delegate = client.post(
        f"/api/councils/{c.council.id}/opinion-forms",
        headers=c.of(d[0]),
        json={
            "title": "X",
            "questions": QUESTIONS,
            "recipient_ids": [d[1].id],
            "deadline": deadline(),
        },
    )
    assert by_delegate.status_code == 403  # the office prepares forms, not a delegate
    form = new_form(client, c)
    url = f"/api/opinion-forms/{form}"
    assert client.get(url, headers=c.of(d[0])).status_code == 404  # not sent yet
    assert answer(client, c, form, d[0], "approve") == 404
    sent = client.post(f"{url}/send", headers=c.of(c.clerk))
    assert sent.status_code == 200, sent.text
    assert sent.json()["asked"] == 5 and sent.json()["not_answered_count"] == 5

    # each answers from their own session: no check-in anywhere; one changes their mind
    for who, choice in zip(d[:4], ["approve", "approve", "against", "other"], strict=True):
        note = "Đề nghị giảm mức thu cho hộ nghèo" if choice == "other" else ""
        assert answer(client, c, form, who, choice, note) == 200
    assert answer(client, c, form, d[1], "against") == 200  # changed before the deadline
    assert answer(client, c, form, d[5], "approve") == 404  # not asked: the form is not theirs
    bad = client.post(
        f"{url}/answers", headers=c.of(d[4]), json={"answers": [{"question": 1, "choice": "other"}]}
    )
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "bad_answers"
    comment = {
        "document_id": c.draft,
        "page": 2,
        "article": "Điều 3",
        "text": "Mức thu 30.000 đồng/hộ là cao",
    }
    assert answer(client, c, form, d[0], "approve", comments=[comment]) == 200

    mine = client.get(url, headers=c.of(d[1])).json()
    assert mine["i_answered"] is True and mine["mine"][0]["choice"] == "against"
    assert mine["questions"][0]["approve"] is None  # totals come after the deadline
    office = client.get(url, headers=c.of(c.clerk)).json()
    assert (office["answered"], office["not_answered_count"]) == (4, 1)
    assert [p["full_name"] for p in office["not_answered"]] == [d[4].full_name]
    first = office["questions"][0]
    assert (first["approve"], first["against"], first["other"]) == (1, 2, 1)
    # comments: the office sees them; another delegate does not (the form does not share them)
    assert [x["text"] for x in client.get(f"{url}/comments", headers=c.of(c.clerk)).json()] == [
        comment["text"]
    ]
    assert client.get(f"{url}/comments", headers=c.of(d[2])).json() == []

    reminded = client.post(f"{url}/remind", headers=c.of(c.clerk))
    assert reminded.status_code == 200
    assert client.post(f"{url}/report", headers=c.of(c.clerk)).status_code == 409  # still open

    past_deadline(db, form)
    assert answer(client, c, form, d[4], "approve") == 409
    after = client.get(url, headers=c.of(d[2])).json()
    assert after["open"] is False and after["questions"][0]["against"] == 2
    assert after["questions"][1]["texts"] == ["Đề nghị giảm mức thu cho hộ nghèo"]
    filed = client.post(f"{url}/report", headers=c.of(c.clerk))
    assert filed.status_code == 201, filed.text
    document = db.get_one(Document, filed.json()["document_id"])
    assert document.doc_type.value == "report" and document.title.startswith(
        "Báo cáo kết quả lấy ý kiến"
    )
    version = db.scalars(
        select(DocumentVersion).where(DocumentVersion.document_id == document.id)
    ).one()
    assert version.original_key  # the DOCX kept to edit; the version itself is its PDF
    words = "\n".join(
        p.text for p in Docx(io.BytesIO(b"".join(store.open(version.original_key)))).paragraphs
    )
    assert "Đồng ý: 1/5 đại biểu được lấy ý kiến (20,00%)" in words
    assert "Không đồng ý: 2/5" in words
    assert d[4].full_name in words.split("Đại biểu chưa trả lời")[1]
    assert "Mức thu 30.000 đồng/hộ là cao" in words and "Điều 3" in words
    assert client.get(url, headers=c.of(c.clerk)).json()["status"] == "reported"


def test_a_delegate_reads_only_the_drafts_their_clearance_reaches(
    client: TestClient, asked: Council_
) -> None:
    c = asked
    form = new_form(client, c)
    client.post(f"/api/opinion-forms/{form}/send", headers=c.of(c.clerk))
    # the restricted draft is for the Ban Pháp chế: its member reads it, another delegate not
    assert (
        client.get(
            f"/api/documents/{c.restricted}/content", headers=c.of(c.delegates[0])
        ).status_code
        == 200
    )
    assert (
        client.get(
            f"/api/documents/{c.restricted}/content", headers=c.of(c.delegates[1])
        ).status_code
        == 404
    )


def test_a_decision_by_written_opinion_counts_against_the_delegates_in_office(
    client: TestClient, asked: Council_, db: Session
) -> None:
    c = asked
    form = new_form(
        client, c, decides=True, recipient_ids=[d.id for d in c.delegates], document_ids=[]
    )
    client.post(f"/api/opinion-forms/{form}/send", headers=c.of(c.clerk))
    for who in c.delegates[:4]:
        assert answer(client, c, form, who, "approve") == 200
    # a client counting questions from 0 is understood as well
    zero = {"answers": [{"question": 0, "choice": "approve"}, {"question": 1, "text": ""}]}
    assert (
        client.post(
            f"/api/opinion-forms/{form}/answers", headers=c.of(c.delegates[4]), json=zero
        ).status_code
        == 200
    )
    past_deadline(db, form)
    result = client.get(f"/api/opinion-forms/{form}", headers=c.of(c.clerk)).json()
    # five of six asked approved, but the council has ten delegates: five is not more than half
    assert result["questions"][0]["approve"] == 5 and result["questions"][0]["passed"] is False
    filed = client.post(f"/api/opinion-forms/{form}/report", headers=c.of(c.clerk))
    assert filed.status_code == 201, filed.text
    # asked about no meeting's drafts: filed with a Standing Committee meeting made for it
    meeting = db.get_one(Meeting, db.get_one(Document, filed.json()["document_id"]).meeting_id)
    assert meeting.kind is MeetingKind.standing_committee


def test_a_secret_form_counts_without_names(
    client: TestClient, asked: Council_, db: Session
) -> None:
    c = asked
    form = new_form(client, c, secret=True, comments_shared=True)
    client.post(f"/api/opinion-forms/{form}/send", headers=c.of(c.clerk))
    remark = {"document_id": c.draft, "article": "Điều 2", "text": "Nên miễn thu cho hộ cận nghèo"}
    for who, choice in zip(
        c.delegates[:4], ["approve", "against", "against", "approve"], strict=True
    ):
        assert (
            answer(client, c, form, who, choice, comments=[remark] if choice == "against" else [])
            == 200
        )
    assert (
        answer(client, c, form, c.delegates[1], "approve") == 200
    )  # changed: replaces the sealed one
    office = client.get(f"/api/opinion-forms/{form}", headers=c.of(c.clerk)).json()
    # a secret form says how many answered and how many did not, never who
    assert (office["answered"], office["not_answered"], office["answered_names"]) == (4, 1, None)
    assert office["questions"][0]["approve"] is None  # sealed until the deadline
    assert client.get(f"/api/opinion-forms/{form}/comments", headers=c.of(c.clerk)).json() == []
    # no row holds a delegate with an answer or a remark, and the words are nowhere in clear
    db.expire_all()
    for table in Base.metadata.sorted_tables:
        for row in db.execute(text(f"SELECT * FROM {table.name}")).mappings():
            assert "miễn thu cho hộ cận nghèo" not in str(dict(row)), table.name
    sealed = db.execute(
        text("SELECT tag, sealed FROM sealed_opinions WHERE form_id = :f"), {"f": form}
    ).all()
    assert len(sealed) == 4 and len({len(s) for _, s in sealed}) == 1
    assert (
        db.execute(
            text("SELECT count(*) FROM opinion_answers WHERE form_id = :f"), {"f": form}
        ).scalar()
        == 0
    )

    past_deadline(db, form)
    result = client.get(f"/api/opinion-forms/{form}", headers=c.of(c.delegates[0])).json()
    assert (result["questions"][0]["approve"], result["questions"][0]["against"]) == (3, 1)
    comments = client.get(
        f"/api/opinion-forms/{form}/comments", headers=c.of(c.delegates[3])
    ).json()
    assert comments == [
        {
            "full_name": None,
            "document_id": c.draft,
            "page": None,
            "article": "Điều 2",
            "text": remark["text"],
            "mine": False,
        }
    ]


def test_each_delegate_asked_gets_a_link_that_opens_the_form_and_reminders_follow(
    mailing_client: TestClient, asked: Council_, db: Session
) -> None:
    c, client = asked, mailing_client
    for i, person in enumerate(c.delegates):
        person.email = f"daibieu{i}@xa.example.vn"
    db.flush()
    form = new_form(client, c)
    client.post(f"/api/opinion-forms/{form}/send", headers=c.of(c.clerk))
    sent = db.execute(
        select(Notification.user_id, Notification.subject, Notification.body).where(
            Notification.dedupe_key.like(f"opinion:{form}:%")
        )
    ).all()
    assert sorted(u for u, _, _ in sent) == sorted(d.id for d in c.delegates[:5])
    assert all(s.startswith("Đề nghị cho ý kiến") for _, s, _ in sent)
    body = next(b for u, _, b in sent if u == c.delegates[0].id)
    link = next(w for w in body.split() if "/a/" in w)
    assert link.endswith(f"?next=/reader/opinions/{form}")
    opened = client.get(link[link.index("/a/") :], follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == f"/reader/opinions/{form}"
    elsewhere = client.get(
        link[link.index("/a/") :].replace("/reader/opinions", "//evil.example"),
        follow_redirects=False,
    )
    assert elsewhere.headers.get("location", "").startswith("/reader")  # no open redirect
    assert answer(client, c, form, c.delegates[0], "approve") == 200
    client.post(f"/api/opinion-forms/{form}/remind", headers=c.of(c.clerk))
    reminded = db.scalars(
        select(Notification.user_id).where(Notification.dedupe_key.like(f"opinion:{form}:%:1"))
    ).all()
    assert sorted(reminded) == sorted(d.id for d in c.delegates[1:5])  # not the one who answered


def test_the_day_before_the_deadline_those_who_have_not_answered_are_reminded_once(
    mailing_client: TestClient, asked: Council_, db: Session, settings: Settings
) -> None:
    c, client = asked, mailing_client
    for i, person in enumerate(c.delegates):
        person.email = f"daibieu{i}@xa.example.vn"
    db.flush()
    form = new_form(client, c, deadline=deadline(days=0.5))  # closes in twelve hours
    client.post(f"/api/opinion-forms/{form}/send", headers=c.of(c.clerk))
    assert answer(client, c, form, c.delegates[2], "approve") == 200
    mailing = settings.model_copy(update={"smtp_url": "smtp://127.0.0.1:2525"})
    meta = RequestMeta(ip="worker", user_agent="test")
    queued = opinions.remind_before_deadline(db, now=utcnow(), settings=mailing, meta=meta)
    assert queued == 4
    assert opinions.remind_before_deadline(db, now=utcnow(), settings=mailing, meta=meta) == 0
    eve = db.scalars(
        select(Notification.user_id).where(Notification.dedupe_key.like(f"opinion:{form}:%:eve"))
    ).all()
    assert sorted(eve) == sorted(d.id for d in c.delegates[:5] if d is not c.delegates[2])
