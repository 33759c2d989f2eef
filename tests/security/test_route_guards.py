"""Every route is covered by the access policy: generated from the route table, so a new route
without a decision fails here."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.access.models import AccessLink
from app.audit.models import AuditEvent
from app.directory.models import (
    Body,
    BodyMembership,
    Clearance,
    Council,
    Mandate,
    Role,
    Term,
    User,
)
from app.documents.models import (
    Classification,
    Document,
    DocumentRead,
    DocumentVersion,
    PaperDocument,
    SecretLevel,
)
from app.floor.models import (
    Attendance,
    BallotKind,
    BallotReceipt,
    NamedBallot,
    SpeakerRequest,
    SpeechKind,
    Threshold,
    Vote,
    VoteKind,
    VoteStatus,
)
from app.meetings.models import AgendaItem, Meeting, MeetingGuest
from app.opinions.models import FormStatus, OpinionForm
from app.oversight.models import (
    AgencyLink,
    FollowUp,
    FollowUpKind,
    FollowUpReport,
    Supervision,
    SupervisionKind,
)
from app.petitions.models import Agency, AttachmentKind, Petition, PetitionAttachment, Source
from app.security.auth import _actor, _caller, _short_actor
from app.storage import ObjectStore
from tests.factories import directory as f
from tests.factories import meetings as m
from tests.support.routes import app_routes

# Routes anyone may call without a session.
PUBLIC = {
    # the projector's link: its own code or a login (tests/floor/test_hall_screen_link.py)
    ("GET", "/hall/meetings/{meeting_id}"),
    ("GET", "/hall/meetings/{meeting_id}/live"),
    ("GET", "/healthz"),
    ("GET", "/metrics"),  # for the scrape network; a Bearer token when configured (tests/test_ops)
    ("POST", "/api/auth/token"),
    ("GET", "/"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/lang/{code}"),
    ("GET", "/a/{token}"),  # an access link is its own credential
    ("GET", "/reader/sw.js"),  # the reader's service worker script
    # public by design: convened meetings' programme and public-class documents only
    ("GET", "/p/meetings/{meeting_id}"),
    ("GET", "/p/documents/{document_id}/content"),
    ("GET", "/p/meetings/{meeting_id}/qr.svg"),
    ("GET", "/reader/pin"),  # a device's own pending session (tested in tests/access)
    ("POST", "/reader/pin"),
    # anyone may verify a signed document; the QR code is the secret of its own page
    ("POST", "/api/verify"),
    ("GET", "/verify"),
    ("POST", "/verify"),
    ("GET", "/api/public/documents"),
    ("GET", "/p/councils/{council_id}/feed.xml"),
    ("GET", "/p/councils/{council_id}"),
    ("GET", "/api/public/meetings"),
    ("POST", "/api/public/petitions"),
    ("GET", "/api/public/petitions"),
    ("GET", "/api/public/petitions/{tracking_code}"),
    # the portal's petition pages: the form, tracking by code, the answers without personal data
    ("GET", "/p/councils/{council_id}/petitions"),
    ("POST", "/p/councils/{council_id}/petitions"),
    ("GET", "/p/petitions"),
    ("GET", "/p/petitions/{tracking_code}"),
    ("GET", "/p/petitions/{tracking_code}/attachments/{attachment_id}"),  # answers only
    ("GET", "/api/public/meetings/{meeting_id}"),
    ("GET", "/p/meetings/{meeting_id}/votes.csv"),
    ("GET", "/verify/{code}"),
    ("POST", "/verify/{code}"),
    # published supervisions and a published document's page (tests/oversight)
    ("GET", "/api/public/supervisions"),
    ("GET", "/p/councils/{council_id}/supervisions"),
    ("GET", "/api/public/documents/{document_id}"),
    ("GET", "/p/documents/{document_id}"),
    # an agency's own link is its credential (tests/oversight)
    ("GET", "/p/agency/{token}"),
    ("POST", "/p/agency/{token}/follow-ups/{item_id}"),
    # the signing command's one-time ticket is its credential (tests/signing/test_token_desk)
    ("GET", "/api/desk/{ticket}"),
    ("POST", "/api/desk/{ticket}/prepare"),
    ("POST", "/api/desk/{ticket}/signature"),
    # Zalo's delivery receipts carry Zalo's signature instead (tests/notify/test_zalo_receipts)
    ("POST", "/api/zalo/events"),
}

# What a clerk of council A sends to each route when aiming at council B's objects.
CROSS_COUNCIL: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/api/councils/{council_id}"): {},
    ("PATCH", "/api/councils/{council_id}"): {"json": {"term": "khóa chiếm"}},
    ("GET", "/api/councils/{council_id}/users"): {},
    ("GET", "/api/councils/{council_id}/bodies"): {},
    ("GET", "/api/councils/{council_id}/terms"): {},
    ("GET", "/api/councils/{council_id}/mandates"): {},
    ("POST", "/api/councils/{council_id}/mandates"): {"json": {}},
    ("POST", "/api/mandates/{mandate_id}/end"): {
        "json": {"ends_on": "2027-01-01", "reason": "resigned"}
    },
    ("POST", "/api/councils/{council_id}/terms"): {
        "json": {"ordinal": 7, "starts_on": "2031-01-01"}
    },
    ("POST", "/office/councils/{council_id}/terms"): {
        "data": {"ordinal": "7", "starts_on": "2031-01-01"}
    },
    ("POST", "/api/councils/{council_id}/bodies"): {
        "json": {"kind": "committee", "name": "Ban lạ"}
    },
    ("PUT", "/api/bodies/{body_id}/members"): {"json": {"user_id": "{own_user_id}"}},
    ("DELETE", "/api/bodies/{body_id}/members/{user_id}"): {},
    ("GET", "/api/users/{user_id}"): {},
    ("PATCH", "/api/users/{user_id}"): {"json": {"full_name": "Bị sửa"}},
    ("POST", "/api/councils/{council_id}/users/import"): {
        "files": {"file": ("ds.csv", "ho_va_ten,ten_dang_nhap\nKẻ Lạ,ke.la\n".encode(), "text/csv")}
    },
    ("GET", "/office/councils/{council_id}"): {},
    ("POST", "/office/councils/{council_id}/users"): {
        "data": {
            "username": "ke.la",
            "full_name": "Kẻ Lạ",
            "role": "delegate",
            "clearance": "internal",
        }
    },
    ("POST", "/office/councils/{council_id}/bodies"): {
        "data": {"kind": "committee", "name": "Ban lạ"}
    },
    ("POST", "/office/councils/{council_id}/import"): {
        "files": {"file": ("ds.csv", "ho_va_ten,ten_dang_nhap\nKẻ Lạ,ke.la\n".encode(), "text/csv")}
    },
    ("POST", "/office/councils/{council_id}"): {"data": {"name": "Chiếm", "total_delegates": "3"}},
    ("POST", "/office/bodies/{body_id}/members"): {"data": {"user_id": "{own_user_id}"}},
    ("POST", "/office/bodies/{body_id}/members/{user_id}/remove"): {},
    ("GET", "/office/users/{user_id}"): {},
    ("POST", "/office/users/{user_id}"): {
        "data": {"full_name": "Bị sửa", "role": "delegate", "clearance": "public"}
    },
}
PDF = ("file", ("x.pdf", b"%PDF-1.4 tiny", "application/pdf"))
CROSS_COUNCIL.update(
    {
        ("GET", "/api/meetings/{meeting_id}"): {},
        ("PATCH", "/api/meetings/{meeting_id}"): {"json": {"title": "Chiếm"}},
        ("POST", "/api/meetings/{meeting_id}/status"): {"json": {"status": "in_progress"}},
        ("POST", "/api/meetings/{meeting_id}/agenda"): {"json": {"title": "Mục lạ"}},
        ("POST", "/api/meetings/{meeting_id}/guests"): {"json": {"user_id": "{own_user_id}"}},
        ("GET", "/api/meetings/{meeting_id}/invitees"): {},
        ("POST", "/api/meetings/{meeting_id}/documents"): {
            "files": [("title", (None, "T")), ("classification", (None, "public")), PDF]
        },
        ("GET", "/api/meetings/{meeting_id}/documents"): {},
        ("POST", "/api/documents/{document_id}/versions"): {"files": [PDF]},
        ("GET", "/api/documents/{document_id}/content"): {},
        ("GET", "/api/documents/{document_id}/first-page"): {},
        ("GET", "/office/documents/{document_id}/stamp"): {},
        ("GET", "/office/documents/{document_id}/stamp.png"): {},
        ("POST", "/office/documents/{document_id}/stamp"): {"data": {"automatic": "true"}},
        ("GET", "/api/documents/{document_id}/versions"): {},
        ("GET", "/api/documents/{document_id}/versions/{number}/content"): {},
        ("GET", "/api/documents/{document_id}/versions/{number}/original"): {},
        ("POST", "/api/users/{user_id}/access-links"): {"json": {}},
        ("GET", "/api/users/{user_id}/access-links"): {},
        ("DELETE", "/api/access-links/{link_id}"): {},
        ("POST", "/api/access-links/{link_id}/unlock"): {},
        ("POST", "/api/meetings/{meeting_id}/access-cards"): {},
        ("POST", "/office/users/{user_id}/access-links"): {"data": {}},
        ("GET", "/reader/meetings/{meeting_id}"): {},
        ("GET", "/api/documents/{document_id}/notes"): {},
        ("PUT", "/api/documents/{document_id}/notes/{page}"): {"json": {"text": "lạ"}},
        ("GET", "/reader/documents/{document_id}"): {},
        ("POST", "/office/access-links/{link_id}/revoke"): {},
        ("POST", "/office/access-links/{link_id}/unlock"): {},
        ("POST", "/api/meetings/{meeting_id}/paper-documents"): {
            "json": {"title": "X", "secrecy": "mat", "copies": 1}
        },
        ("GET", "/api/meetings/{meeting_id}/paper-documents"): {},
        ("PATCH", "/api/paper-documents/{entry_id}"): {"json": {"returned": True}},
        ("POST", "/office/councils/{council_id}/meetings"): {
            "data": {"kind": "regular_session", "title": "Lạ", "starts_at": "2026-12-01T08:00"}
        },
        ("GET", "/office/meetings/{meeting_id}"): {},
        ("POST", "/office/meetings/{meeting_id}/status"): {"data": {"status": "in_progress"}},
        ("POST", "/office/meetings/{meeting_id}/agenda"): {"data": {"title": "Mục lạ"}},
        ("POST", "/office/meetings/{meeting_id}/guests"): {"data": {"user_id": "{own_user_id}"}},
        ("POST", "/office/meetings/{meeting_id}/paper-documents"): {
            "data": {"title": "X", "secrecy": "mat", "copies": "1"}
        },
        ("POST", "/office/paper-documents/{entry_id}/returned"): {"data": {"returned": "1"}},
        ("POST", "/office/meetings/{meeting_id}/documents"): {
            "files": [("title", (None, "T")), ("classification", (None, "public")), PDF]
        },
        ("POST", "/office/documents/{document_id}/versions"): {"files": [PDF]},
        ("POST", "/api/documents/{document_id}/number"): {},
        ("POST", "/api/documents/{document_id}/sign"): {"json": {"passphrase": "x"}},
        ("POST", "/api/documents/{document_id}/signing-requests"): {"json": {"certificate": "x"}},
        ("POST", "/office/documents/{document_id}/number"): {},
        ("POST", "/api/documents/{document_id}/desk-tickets"): {},
        ("POST", "/office/documents/{document_id}/token-signing"): {},
        ("POST", "/office/documents/{document_id}/sign"): {"data": {"passphrase": "x"}},
        ("POST", "/office/documents/{document_id}/signing-requests"): {
            "data": {"certificate": "x"}
        },
        # the session floor
        ("POST", "/api/meetings/{meeting_id}/attendance"): {},
        ("PUT", "/api/meetings/{meeting_id}/attendance/{user_id}"): {
            "json": {"presence": "present"}
        },
        ("GET", "/api/meetings/{meeting_id}/attendance"): {},
        # the review assistant: council B's papers are not read for council A
        ("GET", "/api/meetings/{meeting_id}/ask"): {"params": {"q": "ngân sách"}},
        ("GET", "/reader/meetings/{meeting_id}/ask"): {"params": {"q": "ngân sách"}},
        ("GET", "/api/meetings/{meeting_id}/agenda/{item_id}/review"): {},
        # petitions by topic: council B's petitions are not grouped or listed for council A
        ("POST", "/api/councils/{council_id}/petition-topics/group"): {
            "json": {"from": "2026-01-01", "to": "2026-12-31"}
        },
        ("GET", "/api/councils/{council_id}/petition-topics"): {},
        ("GET", "/office/councils/{council_id}/petition-topics"): {},
        ("POST", "/office/councils/{council_id}/petition-topics/group"): {
            "data": {"from": "2026-01-01", "to": "2026-12-31"}
        },
        ("PUT", "/api/petitions/{petition_id}/topic"): {"json": {"topic_id": None}},
        ("GET", "/api/meetings/{meeting_id}/answer"): {"params": {"q": "ngân sách"}},
        ("POST", "/api/documents/{document_id}/summary"): {},
        ("GET", "/reader/meetings/{meeting_id}/answer"): {"params": {"q": "ngân sách"}},
        ("GET", "/reader/documents/{document_id}/summary"): {},
        ("GET", "/reader/meetings/{meeting_id}/agenda/{item_id}/review"): {},
        ("POST", "/api/meetings/{meeting_id}/votes"): {"json": {"question": "Chiếm?"}},
        ("GET", "/api/meetings/{meeting_id}/votes"): {},
        ("GET", "/api/votes/{vote_id}"): {},
        ("POST", "/api/votes/{vote_id}/open"): {},
        ("POST", "/api/votes/{vote_id}/close"): {},
        ("POST", "/api/votes/{vote_id}/ballots"): {"json": {"choice": "approve"}},
        ("POST", "/api/votes/{vote_id}/paper-result"): {
            "json": {"approve": 1, "against": 0, "abstain": 0}
        },
        ("POST", "/api/meetings/{meeting_id}/speakers"): {"json": {"kind": "speak"}},
        ("GET", "/api/meetings/{meeting_id}/speakers"): {},
        ("PUT", "/api/meetings/{meeting_id}/speakers/order"): {"json": {"ids": []}},
        ("POST", "/api/speakers/{request_id}/start"): {},
        ("POST", "/api/speakers/{request_id}/finish"): {},
        ("DELETE", "/api/speakers/{request_id}"): {},
        ("GET", "/api/meetings/{meeting_id}/live"): {},
        ("POST", "/api/documents/{document_id}/publish"): {},
        ("POST", "/api/councils/{council_id}/petitions"): {
            "json": {"petitions": [{"content": "Kiến nghị của xã khác"}]}
        },
        ("GET", "/api/councils/{council_id}/petitions"): {},
        ("POST", "/api/councils/{council_id}/agencies"): {"json": {"name": "Cơ quan lạ"}},
        ("GET", "/api/councils/{council_id}/petitions/stats"): {"params": {"year": 2026}},
        ("GET", "/api/councils/{council_id}/petitions/stats.csv"): {"params": {"year": 2026}},
        ("POST", "/api/petitions/{petition_id}/assign"): {
            "json": {"agency_id": 1, "due_date": "2026-12-31"}
        },
        ("POST", "/api/petitions/{petition_id}/answer"): {"json": {"answer": "Đã xử lý"}},
        ("POST", "/api/petitions/{petition_id}/resolve"): {},
        ("POST", "/api/petitions/{petition_id}/reject"): {
            "json": {"reason": "Không thuộc thẩm quyền"}
        },
        ("POST", "/api/petitions/{petition_id}/duplicate"): {"json": {"original_id": 1}},
        ("GET", "/api/councils/{council_id}/petitions/stats.png"): {"params": {"year": 2026}},
        ("POST", "/api/councils/{council_id}/petitions/personal-data"): {
            "json": {"contact": "0912345678"}
        },
        ("POST", "/api/councils/{council_id}/petitions/personal-data/erase"): {
            "json": {"contact": "0912345678"}
        },
        ("GET", "/office/councils/{council_id}/petitions"): {},
        ("POST", "/api/petitions/{petition_id}/attachments"): {
            "files": {"file": ("a.png", b"\x89PNG\r\n\x1a\n", "image/png")}
        },
        ("GET", "/api/petition-attachments/{attachment_id}"): {},
        ("GET", "/api/meetings/{meeting_id}/petitions-report/draft.docx"): {},
        ("POST", "/api/meetings/{meeting_id}/petitions-report"): {},
        ("POST", "/office/documents/{document_id}/publish"): {},
        ("POST", "/office/documents/{document_id}/unpublish"): {},
        ("POST", "/api/documents/{document_id}/unpublish"): {},
        ("GET", "/office/meetings/{meeting_id}/floor"): {},
        ("GET", "/api/votes/{vote_id}/record.pdf"): {},
        ("POST", "/api/votes/{vote_id}/record"): {},
        ("GET", "/api/meetings/{meeting_id}/minutes.docx"): {},
        ("POST", "/api/meetings/{meeting_id}/minutes"): {},
        ("GET", "/api/meetings/{meeting_id}/{table}.{fmt}"): {},
        ("GET", "/hall/meetings/{meeting_id}"): {},
        # elections
        ("POST", "/api/meetings/{meeting_id}/elections"): {
            "json": {"title": "Bầu", "positions": [{"title": "Chủ tịch", "candidate_ids": []}]}
        },
        ("GET", "/api/meetings/{meeting_id}/elections"): {},
        ("GET", "/api/elections/{election_id}"): {},
        ("POST", "/api/elections/{election_id}/candidates"): {
            "json": {"position": 1, "candidate_id": "{own_user_id}"}
        },
        ("DELETE", "/api/elections/{election_id}/candidates/{candidate_id}"): {},
        ("POST", "/api/elections/{election_id}/open"): {},
        ("POST", "/api/elections/{election_id}/close"): {},
        ("POST", "/api/elections/{election_id}/ballots"): {"json": {"choices": {}}},
        # written opinions
        ("POST", "/api/councils/{council_id}/opinion-forms"): {
            "json": {
                "title": "Lạ",
                "questions": [{"text": "?"}],
                "recipient_ids": [1],
                "deadline": "2099-01-01T00:00:00+07:00",
            }
        },
        ("GET", "/api/councils/{council_id}/opinion-forms"): {},
        ("GET", "/api/opinion-forms/{form_id}"): {},
        ("POST", "/api/opinion-forms/{form_id}/send"): {},
        ("POST", "/api/opinion-forms/{form_id}/remind"): {},
        ("POST", "/api/opinion-forms/{form_id}/answers"): {
            "json": {"answers": [{"question": 1, "choice": "approve"}]}
        },
        ("GET", "/api/opinion-forms/{form_id}/comments"): {},
        ("POST", "/api/opinion-forms/{form_id}/report"): {},
        ("GET", "/office/councils/{council_id}/opinions"): {},
        ("GET", "/office/opinions/{form_id}"): {},
        ("GET", "/reader/opinions/{form_id}"): {},
        ("POST", "/reader/opinions/{form_id}"): {"data": {"q1_choice": "approve"}},
        # supervision and follow-up
        ("POST", "/api/councils/{council_id}/supervisions"): {
            "json": {
                "title": "Lạ",
                "kind": "thematic",
                "starts_on": "2026-01-01",
                "ends_on": "2026-02-01",
            }
        },
        ("GET", "/api/councils/{council_id}/supervisions"): {},
        ("GET", "/api/supervisions/{supervision_id}"): {},
        ("POST", "/api/supervisions/{supervision_id}/conclusion"): {"json": {"conclusion": "Lạ"}},
        ("POST", "/api/supervisions/{supervision_id}/publish"): {},
        ("POST", "/api/supervisions/{supervision_id}/unpublish"): {},
        ("POST", "/api/supervisions/{supervision_id}/sessions"): {
            "json": {"title": "Lạ", "starts_at": "2026-03-01T08:00:00+07:00"}
        },
        ("POST", "/api/supervisions/{supervision_id}/recommendations"): {
            "json": {"content": "Lạ", "agency": "UBND xã", "due_date": "2026-03-01"}
        },
        ("POST", "/api/supervisions/{supervision_id}/requests"): {
            "json": {"content": "Lạ", "agency": "UBND xã", "due_date": "2026-03-01"}
        },
        ("POST", "/api/requests/{asked_id}/reports"): {"json": {"content": "Lạ", "status": "done"}},
        ("POST", "/api/recommendations/{recommendation_id}/reports"): {
            "json": {"content": "Lạ", "status": "done"}
        },
        ("POST", "/api/documents/{document_id}/tasks"): {
            "json": {"content": "Lạ", "agency": "UBND xã", "due_date": "2026-03-01"}
        },
        ("GET", "/api/documents/{document_id}/tasks"): {},
        ("POST", "/api/tasks/{task_id}/reports"): {"json": {"content": "Lạ", "status": "done"}},
        ("GET", "/api/councils/{council_id}/overdue"): {},
        ("GET", "/office/councils/{council_id}/supervisions"): {},
        ("GET", "/office/supervisions/{supervision_id}"): {},
        ("GET", "/office/councils/{council_id}/follow-up"): {},
        ("GET", "/api/councils/{council_id}/agencies"): {},
        ("PATCH", "/api/agencies/{agency_id}"): {"json": {"contact_email": "ke@la.example"}},
        ("POST", "/api/agencies/{agency_id}/link"): {},
        ("DELETE", "/api/agencies/{agency_id}/link"): {},
        ("GET", "/office/councils/{council_id}/agencies"): {},
        ("POST", "/office/agencies/{agency_id}/link"): {},
        ("GET", "/api/councils/{council_id}/issued-documents"): {},
        ("POST", "/api/councils/{council_id}/issued-documents"): {
            "data": {"title": "Lạ", "classification": "public"},
            "files": {"file": ("la.pdf", b"%PDF-1.4", "application/pdf")},
        },
        ("GET", "/api/documents/{document_id}/package.zip"): {},
        ("GET", "/api/councils/{council_id}/issued-documents.xlsx"): {},
        ("GET", "/office/councils/{council_id}/register"): {},
        # the council's indicators
        ("GET", "/api/councils/{council_id}/indicators"): {},
        ("GET", "/api/councils/{council_id}/indicators/{key}/evidence"): {},
        ("GET", "/api/councils/{council_id}/indicators.xlsx"): {},
        ("GET", "/api/councils/{council_id}/indicators/{key}/chart.png"): {},
        ("GET", "/api/councils/{council_id}/indicators/report.docx"): {},
        ("POST", "/api/councils/{council_id}/indicators/report"): {},
        ("GET", "/office/councils/{council_id}/indicators"): {},
        ("GET", "/office/councils/{council_id}/indicators/{key}"): {},
    }
)
# Routes without an object of another council in their path, checked by their own tests.
NO_TARGET = {
    ("POST", "/api/councils"),
    ("GET", "/api/councils"),
    ("POST", "/api/users"),
    ("POST", "/api/auth/logout"),
    ("GET", "/api/me"),
    ("GET", "/api/audit"),
    ("GET", "/office"),
    ("POST", "/office/councils"),
    ("POST", "/logout"),
    ("POST", "/api/meetings"),
    ("GET", "/api/meetings"),
    ("GET", "/api/search"),  # within the caller's own policy filter: tests/documents/test_search
    ("GET", "/reader"),
    ("GET", "/api/me/petitions"),  # the caller's own constituency: tests/petitions
    ("GET", "/api/me/opinion-forms"),  # the forms sent to the caller: tests/opinions
    # the province's figures, the administrator's alone: tests/indicators
    ("GET", "/api/provinces/indicators"),
    ("GET", "/api/provinces/indicators/{key}/evidence"),
    ("GET", "/office/indicators"),
    ("POST", "/reader/pin/set"),
    # deployment-wide trust anchors (admin) and the caller's own credentials and requests
    ("POST", "/api/trust-anchors"),
    ("GET", "/api/trust-anchors"),
    ("POST", "/api/me/signing-credentials"),
    ("GET", "/api/me/signing-credentials"),
    ("POST", "/api/me/token-credentials"),
    ("POST", "/api/signing-requests/{request_id}/signature"),
    ("GET", "/office/signing"),
    ("POST", "/office/signing-requests/{request_id}/signature"),
    ("POST", "/office/signing/credentials"),
    ("POST", "/api/me/remote-signing-credentials"),
    ("POST", "/office/signing/remote-credentials"),
    # the caller's own request only (another's is 404): tests/signing/test_remote_signing
    ("GET", "/api/signing-requests/{request_id}"),
    ("GET", "/api/desk-tickets/{ticket_id}"),
    # a topic is found only within the caller's own council (tests/petitions/test_topics)
    ("PATCH", "/api/petition-topics/{topic_id}"),
    ("POST", "/api/petition-topics/{topic_id}/merge"),
    ("POST", "/office/petition-topics/{topic_id}"),
    ("POST", "/office/petitions/{petition_id}/topic"),
    ("POST", "/api/signing-requests/{request_id}/cancel"),
    ("GET", "/office/signing-requests/{request_id}"),
    ("POST", "/office/signing-requests/{request_id}/cancel"),
}


def _requires_actor(dependant: Dependant) -> bool:
    return dependant.call in (_actor, _short_actor, _caller) or any(
        _requires_actor(d) for d in dependant.dependencies
    )


def test_every_route_is_public_by_decision_or_requires_an_actor(app: FastAPI) -> None:
    unguarded = [
        f"{method} {path}"
        for method, path, route in app_routes(app)
        if (method, path) not in PUBLIC and not _requires_actor(route.dependant)
    ]
    assert unguarded == []


def test_the_matrix_covers_every_operation_of_the_published_schema(
    app: FastAPI, client: TestClient
) -> None:
    """What outside clients see (/openapi.json) is exactly what the matrix decides on."""
    paths = client.get("/openapi.json").json()["paths"]
    published = {(method.upper(), path) for path, ops in paths.items() for method in ops}
    decided = PUBLIC | NO_TARGET | set(CROSS_COUNCIL)
    assert len(published) > 100
    assert sorted(f"{m} {p}" for m, p in published - decided) == []


def test_every_guarded_route_has_a_cross_council_case(app: FastAPI) -> None:
    missing = [
        f"{method} {path}"
        for method, path, _ in app_routes(app)
        if (method, path) not in PUBLIC | NO_TARGET | set(CROSS_COUNCIL)
    ]
    assert missing == []
    served = {(method, path) for method, path, _ in app_routes(app)}
    assert sorted((set(CROSS_COUNCIL) | NO_TARGET | PUBLIC) - served) == []  # no stale entries


def test_anonymous_gets_401_on_every_guarded_api_route(app: FastAPI, client: TestClient) -> None:
    for method, path, _ in app_routes(app):
        if (method, path) in PUBLIC or not path.startswith("/api/"):
            continue
        url = re.sub(r"\{[a-z_]+\}", "1", path)
        response = client.request(method, url)
        assert response.status_code == 401, f"{method} {path}: {response.status_code}"
        assert response.json()["error"]["code"] == "not_authenticated"


def _counts(db: Session) -> tuple[int, ...]:
    db.expire_all()
    return tuple(
        db.scalar(select(func.count()).select_from(model)) or 0
        for model in (
            AccessLink,
            Council,
            User,
            Body,
            BodyMembership,
            AuditEvent,
            Meeting,
            AgendaItem,
            MeetingGuest,
            Document,
            DocumentVersion,
            DocumentRead,
            PaperDocument,
            Vote,
            BallotReceipt,
            NamedBallot,
            Attendance,
            SpeakerRequest,
            Petition,
            Agency,
            Supervision,
            FollowUp,
            FollowUpReport,
            AgencyLink,
        )
    )


# every role of a council × every clearance: membership of another council gives nothing
MATRIX = [
    (role, clearance)
    for role in (Role.clerk, Role.chair, Role.delegate, Role.guest)
    for clearance in Clearance
]


@pytest.mark.parametrize(("role", "clearance"), MATRIX)
def test_council_a_cannot_reach_council_b(
    client: TestClient, db: Session, store: ObjectStore, role: Role, clearance: Clearance
) -> None:
    a, b = f.council(db, name="HĐND xã A"), f.council(db, name="HĐND xã B")
    actor = f.user(db, council=a, role=role, clearance=clearance)
    b_user = f.user(db, council=b, full_name="Người Xã B")
    b_body = f.body(db, council=b, members=(b_user,))
    f.user(db, council=b, role=Role.clerk)
    b_meeting = m.meeting(db, council=b)
    b_item = m.agenda_item(db, meeting=b_meeting)
    b_doc = m.document(
        db, store, meeting=b_meeting, classification=Classification.public, content=b"%PDF-1.4"
    )
    b_paper = PaperDocument(
        council_id=b.id, meeting_id=b_meeting.id, title="Mật B", secrecy=SecretLevel.mat, copies=3
    )
    b_link = AccessLink(token_hash="0" * 64, user_id=b_user.id)
    b_vote = Vote(
        meeting_id=b_meeting.id,
        question="Biểu quyết của xã B",
        kind=VoteKind.question,
        ballot=BallotKind.named,
        threshold=Threshold.majority,
        status=VoteStatus.open,
        total_delegates=b.total_delegates,
    )
    b_election = Vote(
        meeting_id=b_meeting.id,
        question="Bầu Chủ tịch HĐND xã B",
        kind=VoteKind.election,
        ballot=BallotKind.secret,
        threshold=Threshold.majority,
    )
    b_form = OpinionForm(
        council_id=b.id,
        title="Lấy ý kiến xã B",
        status=FormStatus.sent,
        deadline=datetime.now(UTC) + timedelta(days=1),
    )
    b_speech = SpeakerRequest(
        meeting_id=b_meeting.id, user_id=b_user.id, kind=SpeechKind.speak, position=1
    )
    b_petition = Petition(
        council_id=b.id, tracking_code="XABPETITION", source=Source.online, content="Kiến nghị B"
    )
    db.add_all([b_paper, b_link, b_vote, b_election, b_form, b_speech, b_petition])
    db.flush()
    b_attachment = PetitionAttachment(
        petition_id=b_petition.id,
        kind=AttachmentKind.evidence,
        filename="anh.png",
        media_type="image/png",
        size=8,
        sha256="0" * 64,
        object_key="petitions/00/" + "0" * 32,
    )
    db.add(b_attachment)
    b_term = Term(
        council_id=b.id, ordinal=1, starts_on=date(2026, 1, 1), ends_on=date(2031, 12, 31)
    )
    db.add(b_term)
    db.flush()
    b_mandate = Mandate(term_id=b_term.id, user_id=b_user.id, starts_on=date(2026, 1, 1))
    b_agency = Agency(council_id=b.id, name="UBND xã B")
    b_supervision = Supervision(
        council_id=b.id,
        kind=SupervisionKind.thematic,
        title="Giám sát của xã B",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 2, 1),
    )
    db.add_all([b_mandate, b_agency, b_supervision])
    db.flush()
    b_items = [
        FollowUp(
            council_id=b.id,
            kind=kind,
            content="Việc của xã B",
            agency_id=b_agency.id,
            due_date=date(2026, 3, 1),
            **parent,
        )
        for kind, parent in (
            (FollowUpKind.recommendation, {"supervision_id": b_supervision.id}),
            (FollowUpKind.task, {"document_id": b_doc.id}),
        )
    ]
    db.add_all(b_items)
    db.flush()
    headers = f.login(client, actor)
    before = _counts(db)
    ids = {
        "council_id": b.id,
        "user_id": b_user.id,
        "body_id": b_body.id,
        "own_user_id": actor.id,
        "meeting_id": b_meeting.id,
        "document_id": b_doc.id,
        "number": 1,
        "page": 1,
        "entry_id": b_paper.id,
        "link_id": b_link.id,
        "vote_id": b_vote.id,
        "election_id": b_election.id,
        "form_id": b_form.id,
        "mandate_id": b_mandate.id,
        "supervision_id": b_supervision.id,
        "recommendation_id": b_items[0].id,
        "asked_id": b_items[0].id,
        "task_id": b_items[1].id,
        "key": "paperless_meetings",
        "agency_id": b_agency.id,
        "candidate_id": b_user.id,
        "request_id": b_speech.id,
        "petition_id": b_petition.id,
        "attachment_id": b_attachment.id,
        "table": "votes",
        "fmt": "csv",
        "item_id": b_item.id,
    }
    for (method, path), spec in CROSS_COUNCIL.items():
        url = path.format(**ids)
        kwargs = {k: v for k, v in spec.items()}
        for part in ("json", "data"):
            if part in kwargs:
                kwargs[part] = {
                    k: (int(v.format(**ids)) if isinstance(v, str) and v.startswith("{") else v)
                    for k, v in kwargs[part].items()
                }
        response = client.request(method, url, headers=headers, **kwargs)
        assert response.status_code in (403, 404), (
            f"{role}/{clearance} {method} {path}: {response.text}"
        )
    assert _counts(db) == before
    listed = client.get("/api/councils", headers=headers).json()
    assert [c["name"] for c in listed] == ["HĐND xã A"]
    create = client.post(
        "/api/users",
        headers=headers,
        json={"username": "ke.la2", "full_name": "Kẻ Lạ", "council_id": b.id, "role": "delegate"},
    )
    assert create.status_code in (403, 404)
    assert _counts(db) == before


@pytest.mark.parametrize(
    ("role", "can_write", "sees_directory"),
    [
        (Role.clerk, True, True),
        (Role.chair, False, True),
        (Role.delegate, False, True),
        (Role.guest, False, False),
    ],
)
def test_within_a_council_only_clerks_manage_and_guests_see_only_themselves(
    client: TestClient, db: Session, role: Role, can_write: bool, sees_directory: bool
) -> None:
    council = f.council(db)
    actor = f.user(db, council=council, role=role)
    other = f.user(db, council=council)
    headers = f.login(client, actor)
    created = client.post(
        f"/api/councils/{council.id}/bodies",
        headers=headers,
        json={"kind": "delegate_group", "name": "Tổ đại biểu số 3"},
    )
    assert created.status_code == (201 if can_write else 403)
    edited = client.patch(f"/api/users/{other.id}", headers=headers, json={"full_name": "Đổi"})
    assert edited.status_code == (200 if can_write else 403 if sees_directory else 404)
    listed = {
        u["id"] for u in client.get(f"/api/councils/{council.id}/users", headers=headers).json()
    }
    assert listed == ({actor.id, other.id} if sees_directory else {actor.id})
    audit = client.get("/api/audit", headers=headers)
    assert audit.status_code == (200 if role in (Role.clerk, Role.chair) else 403)
