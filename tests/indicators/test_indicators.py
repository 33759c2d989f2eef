"""The digital-transformation indicators computed from a council's records, on both
databases: a first half-year with known meetings, votes, documents, petitions, supervisions,
links and reads gives exact figures, each equal to its evidence and to its months added up;
the workbook and the report carry the same figures; the province adds its councils up; the
report is filed as a Standing Committee document to sign."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from docx import Document as Docx
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.models import AccessLink
from app.directory.models import BodyKind, Council, Role, User
from app.documents.models import (
    Classification,
    Document,
    DocumentRead,
    DocumentType,
    PaperDocument,
    SecretLevel,
)
from app.floor.models import (
    Attendance,
    BallotKind,
    CheckIn,
    Presence,
    ResultSource,
    Threshold,
    Vote,
    VoteKind,
    VoteStatus,
)
from app.meetings.models import Meeting, MeetingKind, MeetingStatus
from app.opinions.models import FormStatus, OpinionForm
from app.oversight.models import (
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Supervision,
    SupervisionKind,
)
from app.petitions.models import Agency, Petition, PetitionStatus, Source
from app.storage import ObjectStore
from tests.factories import directory as f
from tests.factories import meetings as m

PERIOD = "from=2026-01-01&to=2026-06-30"


def _at(month: int, day: int = 10) -> datetime:
    return datetime(2026, month, day, 2, 0, tzinfo=UTC)  # 9:00 in Vietnam


def _meeting(db: Session, council: Council, month: int, status: MeetingStatus) -> Meeting:
    meeting = m.meeting(db, council=council, status=status)
    meeting.starts_at = _at(month)
    db.flush()
    return meeting


def _vote(db: Session, meeting: Meeting, source: ResultSource) -> None:
    db.add(
        Vote(
            meeting_id=meeting.id,
            question=f"Thông qua nội dung ({source.value})",
            kind=VoteKind.question,
            ballot=BallotKind.named,
            threshold=Threshold.majority,
            status=VoteStatus.closed,
            source=source,
        )
    )


def _half_year(db: Session, store: ObjectStore, council: Council) -> dict[str, object]:
    """Known records: what each indicator must count, and what it must leave out."""
    delegates = [f.user(db, council=council, full_name=f"Đại biểu {i}") for i in range(3)]
    march = _meeting(db, council, 3, MeetingStatus.closed)  # paperless
    may = _meeting(db, council, 5, MeetingStatus.closed)  # a vote counted on paper
    draft = _meeting(db, council, 4, MeetingStatus.draft)  # never sent: counts nowhere
    autumn = _meeting(db, council, 9, MeetingStatus.closed)  # outside the period

    def doc(meeting: Meeting, classification: Classification, **fields: object) -> Document:
        row = m.document(
            db, store, meeting=meeting, classification=classification, content=b"%PDF-1.4"
        )
        for name, value in fields.items():
            setattr(row, name, value)
        row.created_at = meeting.starts_at
        db.flush()
        return row

    public = doc(march, Classification.public)
    doc(march, Classification.internal)
    doc(
        march,
        Classification.restricted,  # to its own audience: not in the reading rate
        audience_users=(),
    )
    doc(
        may,
        Classification.public,
        doc_type=DocumentType.resolution,
        number="3/NQ-HĐND",
        verify_code=f"V{council.id}N3",
        issued_at=_at(5, 12),
    )
    doc(
        may,
        Classification.public,
        doc_type=DocumentType.resolution,
        number="4/NQ-HĐND",
        verify_code=f"V{council.id}N4",
    )
    doc(draft, Classification.public)
    doc(autumn, Classification.public, verify_code=f"V{council.id}N9")
    db.add(
        PaperDocument(
            council_id=council.id,
            meeting_id=march.id,
            title="Tài liệu Mật",
            secrecy=SecretLevel.mat,
            copies=3,
        )
    )
    for person in delegates:
        db.add(
            Attendance(
                meeting_id=march.id,
                user_id=person.id,
                presence=Presence.present,
                method=CheckIn.device,
            )
        )
    _vote(db, march, ResultSource.electronic)
    _vote(db, march, ResultSource.electronic)
    _vote(db, may, ResultSource.paper)
    _vote(db, autumn, ResultSource.electronic)
    for person in delegates[:2]:
        db.add(DocumentRead(document_id=public.id, version=1, user_id=person.id))
    # links: one working, one revoked, one expired; the third delegate has none
    db.add_all(
        [
            AccessLink(token_hash=f"a{council.id}".ljust(64, "0"), user_id=delegates[0].id),
            AccessLink(
                token_hash=f"b{council.id}".ljust(64, "0"),
                user_id=delegates[1].id,
                revoked_at=datetime.now(UTC),
            ),
            AccessLink(
                token_hash=f"c{council.id}".ljust(64, "0"),
                user_id=delegates[2].id,
                expires_at=datetime.now(UTC) - timedelta(days=1),
            ),
        ]
    )
    db.add(
        OpinionForm(
            council_id=council.id,
            title="Lấy ý kiến tháng 2",
            status=FormStatus.reported,
            deadline=_at(2, 20),
            sent_at=_at(2),
        )
    )
    db.add(OpinionForm(council_id=council.id, title="Phiếu nháp", deadline=_at(2, 20)))
    agency = Agency(council_id=council.id, name="UBND xã")
    db.add(agency)
    db.flush()

    def petition(code: str, source: Source, due: date | None, answered: datetime | None) -> None:
        db.add(
            Petition(
                council_id=council.id,
                tracking_code=f"{code}{council.id}",
                source=source,
                content="Kiến nghị thử",
                status=PetitionStatus.answered if answered else PetitionStatus.assigned,
                agency_id=agency.id,
                due_date=due,
                answered_at=answered,
                created_at=_at(1),
            )
        )

    petition("DUNGHAN", Source.online, date(2026, 2, 28), _at(2, 20))  # on time
    petition("TREHAN", Source.online, date(2026, 2, 28), _at(3, 5))  # late
    petition("QUAHAN", Source.voter_meeting, date(2026, 4, 30), None)  # never: late
    supervisions = [
        Supervision(
            council_id=council.id,
            kind=SupervisionKind.thematic,
            title=title,
            starts_on=date(2026, 3, 1),
            ends_on=date(2026, 4, 30),
            concluded_on=concluded,
        )
        for title, concluded in (("Giám sát A", date(2026, 5, 2)), ("Giám sát B", None))
    ]
    db.add_all(supervisions)
    db.flush()
    for content, due, done in (
        ("Kiến nghị xong đúng hạn", date(2026, 6, 1), _at(5, 20)),
        ("Kiến nghị quá hạn", date(2026, 6, 15), None),
        ("Kiến nghị chưa đến hạn", date(2099, 1, 1), None),  # outside the period
    ):
        db.add(
            FollowUp(
                council_id=council.id,
                kind=FollowUpKind.recommendation,
                supervision_id=supervisions[0].id,
                content=content,
                agency_id=agency.id,
                due_date=due,
                status=FollowUpStatus.done if done else FollowUpStatus.open,
                done_at=done,
            )
        )
    db.flush()
    return {"delegates": delegates, "march": march}


EXPECTED = {
    "digital_session_documents": (5, 5),  # March 3, May 2; the draft's and autumn's left out
    "secret_paper_documents": (1, None),
    "signed_issued_documents": (1, 2),
    "paperless_meetings": (1, 2),
    "electronic_votes": (2, 3),
    "opinion_collections": (1, None),
    "petitions_online": (2, 3),
    "petitions_answered_on_time": (1, 3),
    "supervisions_done": (1, 2),
    "recommendations_answered_on_time": (1, 2),
    "delegates_with_access_link": (1, 3),
    # March's public and internal, May's two resolutions (restricted ones excluded), each for
    # 3 delegates; the public one read by 2
    "packet_reading_rate": (2, 12),
}


def test_each_figure_is_its_evidence_added_up_and_its_months_too(
    client: TestClient, db: Session, store: ObjectStore
) -> None:
    council = f.council(db)
    _half_year(db, store, council)
    clerk = f.login(client, f.user(db, council=council, role=Role.clerk))
    response = client.get(f"/api/councils/{council.id}/indicators?{PERIOD}", headers=clerk)
    assert response.status_code == 200, response.text
    data = response.json()
    assert (data["start"], data["end"], data["councils"]) == ("2026-01-01", "2026-06-30", 1)
    got = {i["key"]: (i["numerator"], i["denominator"]) for i in data["indicators"]}
    assert got == EXPECTED
    by_key = {i["key"]: i for i in data["indicators"]}
    assert by_key["petitions_answered_on_time"]["value"] == round(1 / 3, 4)
    assert by_key["opinion_collections"]["value"] == 1

    votes = by_key["electronic_votes"]
    assert [(p["month"], p["numerator"], p["denominator"]) for p in votes["series"]] == [
        ("2026-01", 0, 0),
        ("2026-02", 0, 0),
        ("2026-03", 2, 2),
        ("2026-04", 0, 0),
        ("2026-05", 0, 1),
        ("2026-06", 0, 0),
    ]
    assert votes["series"][0]["value"] is None  # nothing to measure that month
    for indicator in data["indicators"]:
        rows = client.get(indicator["evidence_url"], headers=clerk).json()
        assert sum(r["num"] for r in rows) == indicator["numerator"], indicator["key"]
        if indicator["denominator"] is not None:
            assert sum(r["den"] for r in rows) == indicator["denominator"], indicator["key"]
            assert sum(p["denominator"] for p in indicator["series"]) == indicator["denominator"]
    late = client.get(
        f"/api/councils/{council.id}/indicators/petitions_answered_on_time/evidence?{PERIOD}",
        headers=clerk,
    ).json()
    assert [(r["label"], r["num"]) for r in late] == [
        (f"DUNGHAN{council.id}", 1),
        (f"TREHAN{council.id}", 0),
        (f"QUAHAN{council.id}", 0),
    ]
    page = client.get(f"/office/councils/{council.id}/indicators?{PERIOD}", headers=clerk)
    assert page.status_code == 200
    assert "33,3% (1/3)" in page.text  # petitions answered on time
    evidence_page = client.get(
        f"/office/councils/{council.id}/indicators/paperless_meetings?{PERIOD}", headers=clerk
    )
    assert evidence_page.status_code == 200 and "Chưa đạt" in evidence_page.text


def test_the_workbook_and_the_report_carry_the_same_figures(
    client: TestClient, db: Session, store: ObjectStore
) -> None:
    council = f.council(db)
    _half_year(db, store, council)
    clerk = f.login(client, f.user(db, council=council, role=Role.chair))
    xlsx = client.get(f"/api/councils/{council.id}/indicators.xlsx?{PERIOD}", headers=clerk)
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    figures = {row[0]: row[1:] for row in book["Chỉ tiêu"].iter_rows(min_row=3, values_only=True)}
    assert figures["Kiến nghị cử tri được trả lời đúng hạn"] == (round(1 / 3, 4), 1, 3)
    assert figures["Kỳ họp, cuộc họp không giấy"] == (0.5, 1, 2)
    evidence = list(book["Minh chứng"].iter_rows(min_row=2, values_only=True))
    assert len(evidence) == sum(1 for _ in evidence if _[0] is not None)  # no blank rows
    assert ("Biểu quyết, bầu cử bằng hệ thống điện tử", "Thông qua nội dung (paper)") in {
        (row[0], row[1]) for row in evidence
    }
    months = list(book["Theo tháng"].iter_rows(values_only=True))
    assert months[0][1:] == ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06")

    docx = client.get(f"/api/councils/{council.id}/indicators/report.docx?{PERIOD}", headers=clerk)
    assert docx.status_code == 200
    report = Docx(io.BytesIO(docx.content))
    cells = {row.cells[0].text: row.cells[1].text for row in report.tables[0].rows[1:]}
    assert cells["Kiến nghị cử tri được trả lời đúng hạn"] == "33,3% (1/3)"
    assert cells["Đợt lấy ý kiến đại biểu bằng văn bản điện tử"] == "1"
    assert len(report.inline_shapes) == len(EXPECTED)  # a chart per indicator
    chart = client.get(
        f"/api/councils/{council.id}/indicators/electronic_votes/chart.png?{PERIOD}", headers=clerk
    )
    assert chart.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_province_adds_its_councils_up_for_its_administrator_only(
    client: TestClient, db: Session, store: ObjectStore
) -> None:
    first, second = f.council(db, name="HĐND xã Một"), f.council(db, name="HĐND xã Hai")
    _half_year(db, store, first)
    _half_year(db, store, second)
    admin = f.login(client, f.admin(db))
    data = client.get(f"/api/provinces/indicators?{PERIOD}", headers=admin).json()
    # each test sees only its own councils (its transaction is rolled back): twice the figures
    got = {i["key"]: (i["numerator"], i["denominator"]) for i in data["indicators"]}
    assert got == {
        key: (2 * num, None if den is None else 2 * den) for key, (num, den) in EXPECTED.items()
    }
    assert data["councils"] == 2
    page = client.get(f"/office/indicators?{PERIOD}", headers=admin)
    assert page.status_code == 200 and "toàn tỉnh (2 HĐND)" in page.text
    second.name = "HĐND xã Hai"
    db.add(
        Petition(
            council_id=second.id,
            tracking_code="THEMDUNGHAN",
            source=Source.online,
            content="Kiến nghị thêm",
            status=PetitionStatus.answered,
            due_date=date(2026, 5, 30),
            answered_at=_at(5, 1),
            created_at=_at(5),
        )
    )
    db.flush()
    compared = client.get(
        f"/office/indicators?{PERIOD}&key=petitions_answered_on_time", headers=admin
    ).text
    # the second council answered 2 of 4 on time, the first 1 of 3: the better one first
    assert compared.index("50% (2/4)") < compared.index("33,3% (1/3)")
    assert compared.index("HĐND xã Hai") < compared.index("HĐND xã Một")
    clerk = f.login(client, f.user(db, council=first, role=Role.clerk))
    assert client.get(f"/api/provinces/indicators?{PERIOD}", headers=clerk).status_code == 403
    assert client.get("/office/indicators", headers=clerk).status_code == 403
    delegate = f.login(client, f.user(db, council=first))
    assert client.get(f"/api/councils/{first.id}/indicators", headers=delegate).status_code == 403
    bad = client.get(
        f"/api/councils/{first.id}/indicators?from=2026-06-30&to=2026-01-01", headers=clerk
    )
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "bad_period"
    unknown = client.get(f"/api/councils/{first.id}/indicators/khong-co/evidence", headers=clerk)
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "unknown_indicator"


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_report_is_filed_with_the_standing_committee_to_sign(
    client: TestClient, db: Session, store: ObjectStore
) -> None:
    council = f.council(db)
    _half_year(db, store, council)
    clerk = f.login(client, f.user(db, council=council, role=Role.clerk))
    refused = client.post(f"/api/councils/{council.id}/indicators/report?{PERIOD}", headers=clerk)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "no_standing_committee"
    f.body(db, council=council, kind=BodyKind.standing_committee, name="Thường trực HĐND")
    filed = client.post(f"/api/councils/{council.id}/indicators/report?{PERIOD}", headers=clerk)
    assert filed.status_code == 201, filed.text
    document = db.get(Document, filed.json()["document_id"])
    meeting = db.get(Meeting, filed.json()["meeting_id"])
    assert document is not None and meeting is not None
    assert meeting.kind is MeetingKind.standing_committee and document.meeting_id == meeting.id
    assert document.doc_type is DocumentType.report
    assert document.title.startswith("Báo cáo kết quả thực hiện chỉ tiêu chuyển đổi số")
    pdf = client.get(f"/api/documents/{document.id}/content", headers=clerk)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert db.scalar(select(User.id).where(User.council_id == council.id)) is not None
