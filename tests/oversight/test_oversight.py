"""Supervision and follow-up through the API, on both databases: a supervision from its plan
to its published conclusion and each recommendation's reports; an issued resolution's tasks on
its public page; the board of everything overdue (recommendations, tasks, petitions) and the
agency's one reminder; refusals that leave nothing behind."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.db import utcnow
from app.directory.models import Clearance, Council, Role
from app.documents.models import Classification, Document, DocumentType
from app.meetings.models import Meeting, MeetingKind, MeetingStatus
from app.notify.models import Channel, Notification
from app.oversight import service
from app.oversight.models import FollowUp, Supervision
from app.petitions.models import Agency, Petition, PetitionStatus, Source
from app.storage import ObjectStore
from tests.factories import directory as f
from tests.factories import meetings as m

TODAY = service.today()


def _day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def _resolution(
    db: Session, store: ObjectStore, council: Council, *, issued: bool = True
) -> Document:
    """A resolution of a convened session, issued (numbered, signed) and published, or a draft."""
    document = m.document(
        db,
        store,
        meeting=m.meeting(db, council=council),
        classification=Classification.public,
        content=b"%PDF-1.4 nghi quyet",
        title="Nghị quyết về kế hoạch chuyển đổi số năm 2027",
    )
    document.doc_type = DocumentType.resolution if issued else DocumentType.draft_resolution
    if issued:
        document.number = "12/NQ-HĐND"
        document.issued_at = document.published_at = utcnow()
    db.flush()
    return document


def test_a_supervision_from_its_plan_to_published_recommendations_answered(
    client: TestClient, db: Session
) -> None:
    council = f.council(db)
    clerk = f.login(client, f.user(db, council=council, role=Role.clerk))
    ban = f.body(db, council=council, name="Ban Kinh tế - Xã hội")
    created = client.post(
        f"/api/councils/{council.id}/supervisions",
        headers=clerk,
        json={
            "title": "Giám sát chuyên đề về chuyển đổi số trong thủ tục hành chính",
            "kind": "thematic",
            "body_id": ban.id,
            "subject": "Việc tiếp nhận, giải quyết hồ sơ trực tuyến tại Bộ phận một cửa.",
            "agencies": ["UBND xã", "ubnd XA", "Trường THCS Lê Lợi"],  # one agency, named twice
            "starts_on": _day(-10),
            "ends_on": _day(20),
        },
    )
    assert created.status_code == 201, created.text
    sid = created.json()["id"]
    shown = client.get(f"/api/supervisions/{sid}", headers=clerk).json()
    assert shown["agencies"] == ["Trường THCS Lê Lợi", "UBND xã"]
    assert (shown["body"], shown["state"], shown["published"]) == (
        "Ban Kinh tế - Xã hội",
        "in_progress",
        False,
    )
    assert db.scalar(select(func.count(Agency.id)).where(Agency.council_id == council.id)) == 2
    own = client.post(
        f"/api/councils/{council.id}/supervisions",
        headers=clerk,
        json={
            "title": "Giám sát thường xuyên của HĐND",
            "kind": "regular",
            "starts_on": _day(-10),
            "ends_on": _day(100),
        },
    ).json()["id"]
    programme = f"/api/councils/{council.id}/supervisions?year={TODAY.year}"
    assert {s["id"] for s in client.get(programme, headers=clerk).json()} == {sid, own}
    by_ban = client.get(f"{programme}&body_id={ban.id}", headers=clerk).json()
    assert [s["id"] for s in by_ban] == [sid]  # the Ban's own programme

    ubnd = db.scalar(select(Agency.id).where(Agency.name == "UBND xã"))
    recs = [
        client.post(
            f"/api/supervisions/{sid}/recommendations",
            headers=clerk,
            json={"content": content, "agency": agency, "due_date": _day(60)},
        )
        for content, agency in (
            ("Bố trí cán bộ hướng dẫn người dân nộp hồ sơ trực tuyến.", ubnd),
            ("Trang bị máy tính cho phòng tin học của trường.", "Trường THCS Lê Lợi"),
        )
    ]
    assert [r.status_code for r in recs] == [201, 201], recs[1].text
    concluded = client.post(
        f"/api/supervisions/{sid}/conclusion",
        headers=clerk,
        json={"conclusion": "Tỷ lệ hồ sơ trực tuyến đạt 62%, còn thấp so với chỉ tiêu 80%."},
    )
    assert concluded.status_code == 200
    assert (concluded.json()["state"], concluded.json()["concluded_on"]) == (
        "concluded",
        TODAY.isoformat(),
    )

    public = f"/api/public/supervisions?council_id={council.id}"
    assert client.get(public).json() == []  # not on the portal until the council decides
    assert client.post(f"/api/supervisions/{sid}/publish", headers=clerk).status_code == 200

    first = recs[0].json()["id"]
    progress = client.post(
        f"/api/recommendations/{first}/reports",
        headers=clerk,
        json={"content": "Đã cử 2 đoàn viên hỗ trợ tại Bộ phận một cửa.", "status": "in_progress"},
    )
    assert progress.status_code == 201, progress.text
    assert progress.json()["status"] == "in_progress"
    done = client.post(
        f"/api/recommendations/{first}/reports",
        headers=clerk,
        json={"content": "Tỷ lệ hồ sơ trực tuyến tháng 12 đạt 85%.", "status": "done"},
    )
    assert done.json()["status"] == "done" and done.json()["done_at"] is not None
    again = client.post(
        f"/api/recommendations/{first}/reports",
        headers=clerk,
        json={"content": "Báo cáo thêm sau khi đã xong.", "status": "in_progress"},
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "follow_up_done"

    (published,) = client.get(public).json()
    assert published["conclusion"].startswith("Tỷ lệ hồ sơ trực tuyến đạt 62%")
    by_content = {r["content"]: r for r in published["recommendations"]}
    answered = by_content["Bố trí cán bộ hướng dẫn người dân nộp hồ sơ trực tuyến."]
    assert answered["status"] == "done" and answered["agency"] == "UBND xã"
    assert [r["status"] for r in answered["reports"]] == ["in_progress", "done"]
    waiting = by_content["Trang bị máy tính cho phòng tin học của trường."]
    assert (waiting["status"], waiting["overdue"], waiting["reports"]) == ("open", False, [])
    # found without diacritics, in a recommendation's words or an agency's name
    for q in ("chuyen doi so", "may tinh phong tin hoc", "thcs le loi"):
        assert [s["id"] for s in client.get(f"{public}&q={q}").json()] == [sid], q
    assert client.get(f"{public}&q=ngan sach").json() == []

    page = client.get(f"/p/councils/{council.id}/supervisions")
    assert page.status_code == 200
    assert "Trang bị máy tính cho phòng tin học của trường." in page.text
    assert "Kiến nghị sau giám sát: 1/2 đã hoàn thành" in page.text

    assert client.post(f"/api/supervisions/{sid}/unpublish", headers=clerk).status_code == 200
    assert client.get(public).json() == []
    actions = db.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.council_id == council.id)
        .order_by(AuditEvent.seq)
    ).all()
    assert [a for a in actions if a.startswith(("supervision.", "recommendation."))] == [
        "supervision.created",
        "supervision.created",
        "recommendation.created",
        "recommendation.created",
        "supervision.concluded",
        "supervision.published",
        "recommendation.reported",
        "recommendation.reported",
        "supervision.unpublished",
    ]


def test_an_issued_resolution_has_tasks_shown_with_their_progress_on_its_public_page(
    client: TestClient, db: Session, store: ObjectStore
) -> None:
    council = f.council(db)
    clerk = f.login(client, f.user(db, council=council, role=Role.clerk))
    draft = _resolution(db, store, council, issued=False)
    refused = client.post(
        f"/api/documents/{draft.id}/tasks",
        headers=clerk,
        json={"content": "Triển khai.", "agency": "UBND xã", "due_date": _day(30)},
    )
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "not_an_issued_resolution"
    assert "nghị quyết đã ban hành" in refused.json()["error"]["message"]

    resolution = _resolution(db, store, council)
    for article, content in (
        ("Điều 1, khoản 2", "Số hóa 100% hồ sơ thủ tục hành chính còn hiệu lực."),
        ("Điều 2", "Bố trí kinh phí cho hệ thống họp không giấy."),
    ):
        added = client.post(
            f"/api/documents/{resolution.id}/tasks",
            headers=clerk,
            json={
                "article": article,
                "content": content,
                "expected_result": "Báo cáo kết quả tại kỳ họp cuối năm",
                "agency": "UBND xã",
                "due_date": _day(90),
            },
        )
        assert added.status_code == 201, added.text
    task = client.get(f"/api/documents/{resolution.id}/tasks", headers=clerk).json()[0]
    assert task["article"] == "Điều 1, khoản 2"
    reported = client.post(
        f"/api/tasks/{task['id']}/reports",
        headers=clerk,
        json={"content": "Đã số hóa 412/412 hồ sơ.", "status": "done"},
    )
    assert reported.status_code == 201
    # a task is not a recommendation: the other route does not know it
    assert (
        client.post(
            f"/api/recommendations/{task['id']}/reports",
            headers=clerk,
            json={"content": "Nhầm đường.", "status": "done"},
        ).status_code
        == 404
    )

    public = client.get(f"/api/public/documents/{resolution.id}")
    assert public.status_code == 200
    body = public.json()
    assert (body["number"], body["doc_type"]) == ("12/NQ-HĐND", "resolution")
    assert [(t["article"], t["status"]) for t in body["tasks"]] == [
        ("Điều 1, khoản 2", "done"),
        ("Điều 2", "open"),
    ]
    page = client.get(f"/p/documents/{resolution.id}")
    assert "Tiến độ thực hiện: 1/2 nhiệm vụ đã hoàn thành" in page.text
    assert "Đã số hóa 412/412 hồ sơ." in page.text
    # the draft is not published: no public page, no tasks
    assert client.get(f"/api/public/documents/{draft.id}").status_code == 404
    assert client.get(f"/p/documents/{draft.id}").status_code == 404


def test_the_board_shows_everything_overdue_and_each_agency_is_reminded_once(
    client: TestClient, db: Session, store: ObjectStore
) -> None:
    council = f.council(db)
    chair = f.login(client, f.user(db, council=council, role=Role.chair))
    agency = Agency(council_id=council.id, name="UBND xã", contact_email="ubnd@xa.example")
    db.add(agency)
    db.flush()
    sid = client.post(
        f"/api/councils/{council.id}/supervisions",
        headers=chair,
        json={
            "title": "Khảo sát trường học",
            "kind": "survey",
            "starts_on": _day(-60),
            "ends_on": _day(-40),
        },
    ).json()["id"]
    resolution = _resolution(db, store, council)
    late_rec = client.post(
        f"/api/supervisions/{sid}/recommendations",
        headers=chair,
        json={"content": "Sửa mái phòng học.", "agency": agency.id, "due_date": _day(-3)},
    ).json()["id"]
    on_time = client.post(
        f"/api/supervisions/{sid}/recommendations",
        headers=chair,
        json={"content": "Lát sân trường.", "agency": agency.id, "due_date": _day(0)},
    ).json()["id"]
    late_task = client.post(
        f"/api/documents/{resolution.id}/tasks",
        headers=chair,
        json={"content": "Ban hành kế hoạch.", "agency": agency.id, "due_date": _day(-10)},
    ).json()["id"]
    petition = Petition(
        council_id=council.id,
        tracking_code="QUAHAN0001",
        source=Source.voter_meeting,
        content="Đề nghị sửa đèn đường thôn Bắc.",
        status=PetitionStatus.assigned,
        agency_id=agency.id,
        due_date=TODAY - timedelta(days=1),
    )
    db.add(petition)
    db.flush()

    late_request = client.post(
        f"/api/supervisions/{sid}/requests",
        headers=chair,
        json={
            "content": "Báo cáo hiện trạng phòng học.",
            "agency": agency.id,
            "due_date": _day(-50),
        },
    ).json()["id"]
    board = client.get(f"/api/councils/{council.id}/overdue", headers=chair)
    assert board.status_code == 200
    assert [(r["kind"], r["id"], r["days_late"]) for r in board.json()] == [
        ("request", late_request, 50),
        ("task", late_task, 10),
        ("recommendation", late_rec, 3),
        ("petition", petition.id, 1),
    ]
    assert board.json()[0]["source"] == "Khảo sát trường học"
    # a request is answered on its own route, and kept apart from the recommendations
    assert (
        client.post(
            f"/api/recommendations/{late_request}/reports",
            headers=chair,
            json={"content": "Nhầm đường.", "status": "done"},
        ).status_code
        == 404
    )
    shown = client.get(f"/api/supervisions/{sid}", headers=chair).json()
    assert [r["id"] for r in shown["requests"]] == [late_request]
    assert late_request not in [r["id"] for r in shown["recommendations"]]
    answered = client.post(
        f"/api/requests/{late_request}/reports",
        headers=chair,
        json={"content": "Đã nhận báo cáo số 15/BC-THCS.", "status": "done"},
    )
    assert answered.status_code == 201
    assert board.json()[1]["source"] == "12/NQ-HĐND Nghị quyết về kế hoạch chuyển đổi số năm 2027"
    assert on_time not in [r["id"] for r in board.json()]  # due today is not late yet

    assert service.remind_overdue(db, on=TODAY, channels=[Channel.email]) == 2
    assert service.remind_overdue(db, on=TODAY, channels=[Channel.email]) == 0
    sent = db.scalars(
        select(Notification).where(Notification.dedupe_key.like("follow-up-overdue:%"))
    ).all()
    assert sorted(n.dedupe_key for n in sent) == sorted(
        f"follow-up-overdue:{i}" for i in (late_rec, late_task)
    )
    assert {n.recipient for n in sent} == {"ubnd@xa.example"}
    assert any("Sửa mái phòng học." in n.body for n in sent)

    client.post(
        f"/api/tasks/{late_task}/reports",
        headers=chair,
        json={"content": "Đã ban hành Kế hoạch số 45/KH-UBND.", "status": "done"},
    )
    remaining = client.get(f"/api/councils/{council.id}/overdue", headers=chair).json()
    assert [r["kind"] for r in remaining] == ["recommendation", "petition"]
    page = client.get(f"/office/councils/{council.id}/follow-up", headers=chair)
    assert page.status_code == 200 and "Quá hạn (2)" in page.text


def test_refusals_are_clear_and_leave_nothing_behind(
    client: TestClient, db: Session, store: ObjectStore
) -> None:
    council, other = f.council(db), f.council(db, name="HĐND xã Khác")
    clerk = f.login(client, f.user(db, council=council, role=Role.clerk))
    delegate = f.login(client, f.user(db, council=council, role=Role.delegate))
    foreign = Agency(council_id=other.id, name="UBND xã Khác")
    db.add(foreign)
    db.flush()
    plan = {
        "title": "Giám sát thường xuyên",
        "kind": "regular",
        "starts_on": _day(0),
        "ends_on": _day(30),
    }

    def count() -> tuple[int, int, int]:
        db.expire_all()
        return (
            db.scalar(select(func.count(Supervision.id))) or 0,
            db.scalar(select(func.count(FollowUp.id))) or 0,
            db.scalar(select(func.count(Agency.id))) or 0,
        )

    before = count()
    by_delegate = client.post(
        f"/api/councils/{council.id}/supervisions", headers=delegate, json=plan
    )
    assert by_delegate.status_code == 403
    backwards = client.post(
        f"/api/councils/{council.id}/supervisions",
        headers=clerk,
        json=plan | {"starts_on": _day(30), "ends_on": _day(0)},
    )
    assert backwards.status_code == 422
    assert backwards.json()["error"] == {
        "code": "ends_before_start",
        "message": "Ngày kết thúc giám sát phải sau ngày bắt đầu.",
    }
    # an agency of another council: refused after the supervision row was added, rolled back
    theirs = client.post(
        f"/api/councils/{council.id}/supervisions",
        headers=clerk,
        json=plan | {"agencies": ["UBND xã Mới", foreign.id]},
    )
    assert theirs.status_code == 422 and theirs.json()["error"]["code"] == "bad_agency"
    assert count() == before
    unknown_kind = client.post(
        f"/api/councils/{council.id}/supervisions", headers=clerk, json=plan | {"kind": "secret"}
    )
    assert unknown_kind.status_code == 422 and unknown_kind.json()["error"]["message"]

    sid = client.post(f"/api/councils/{council.id}/supervisions", headers=clerk, json=plan).json()[
        "id"
    ]
    bad_status = client.post(
        f"/api/supervisions/{sid}/recommendations",
        headers=clerk,
        json={"content": "Nội dung", "agency": "", "due_date": _day(5)},
    )
    assert bad_status.status_code == 422
    assert client.get(f"/api/supervisions/{sid}", headers=delegate).status_code == 404
    assert client.get(f"/office/supervisions/{sid}", headers=delegate).status_code == 404
    assert count() == (before[0] + 1, before[1], before[2])


def test_the_team_is_invited_to_each_working_session_whose_documents_keep_their_audience(
    client: TestClient, db: Session, store: ObjectStore
) -> None:
    council, other = f.council(db), f.council(db, name="HĐND xã Khác")
    clerk = f.login(client, f.user(db, council=council, role=Role.clerk))
    head, member, outsider = (
        f.user(db, council=council, full_name=name, clearance=Clearance.restricted)
        for name in ("Trần Văn Trưởng", "Lê Thị Thành", "Phạm Văn Ngoài")
    )
    stranger = f.user(db, council=other)
    ban = f.body(db, council=council, name="Ban Pháp chế", members=(head,))
    plan = {
        "title": "Giám sát việc giải quyết đơn thư",
        "kind": "thematic",
        "body_id": ban.id,
        "starts_on": _day(0),
        "ends_on": _day(30),
    }
    refused = client.post(
        f"/api/councils/{council.id}/supervisions",
        headers=clerk,
        json=plan | {"team": [{"user_id": stranger.id, "role": "member"}]},
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "not_of_the_council"
    sid = client.post(
        f"/api/councils/{council.id}/supervisions",
        headers=clerk,
        json=plan
        | {
            "team": [
                {"user_id": head.id, "role": "head"},
                {"user_id": member.id, "role": "member"},
            ]
        },
    ).json()["id"]
    session = client.post(
        f"/api/supervisions/{sid}/sessions",
        headers=clerk,
        json={
            "title": "Làm việc với Công an xã",
            "starts_at": f"{_day(3)}T08:00:00+07:00",
            "location": "Trụ sở Công an xã",
        },
    )
    assert session.status_code == 201, session.text
    meeting_id = session.json()["id"]
    meeting = db.get(Meeting, meeting_id)
    assert meeting is not None
    assert (meeting.kind, meeting.body_id, meeting.location) == (
        MeetingKind.committee,
        ban.id,
        "Trụ sở Công an xã",
    )
    # the agency's report, restricted to the team: the head (a Ban member) and the member
    # (invited as the team) read it once the session is convened; another delegate does not
    report = m.document(
        db,
        store,
        meeting=meeting,
        classification=Classification.restricted,
        content=b"%PDF-1.4 bao cao",
        audience_users=(head, member),
        title="Báo cáo của Công an xã",
    )
    meeting.status = MeetingStatus.convened
    db.flush()
    for person, sees in ((head, True), (member, True), (outsider, False)):
        headers = f.login(client, person)
        listed = client.get(f"/api/meetings/{meeting_id}/documents", headers=headers)
        ids = [d["id"] for d in listed.json()] if listed.status_code == 200 else []
        assert (report.id in ids) is sees, person.full_name

    shown = client.get(f"/api/supervisions/{sid}", headers=clerk).json()
    assert [(p["full_name"], p["role"]) for p in shown["team"]] == [
        ("Trần Văn Trưởng", "head"),
        ("Lê Thị Thành", "member"),
    ]
    assert [(s["meeting_id"], s["documents"]) for s in shown["sessions"]] == [(meeting_id, 1)]
    client.post(f"/api/supervisions/{sid}/publish", headers=clerk)
    (public,) = client.get(f"/api/public/supervisions?council_id={council.id}").json()
    assert len(public["team"]) == 2 and public["sessions"] == []  # sessions are the office's


def test_an_agency_reports_through_its_own_link_and_nothing_else(
    mailing_client: TestClient, db: Session, store: ObjectStore
) -> None:
    client = mailing_client  # the deployment sends mail: the link goes to the agency's contact
    council = f.council(db)
    clerk = f.login(client, f.user(db, council=council, role=Role.clerk))
    sid = client.post(
        f"/api/councils/{council.id}/supervisions",
        headers=clerk,
        json={
            "title": "Giám sát vệ sinh môi trường",
            "kind": "regular",
            "starts_on": _day(-30),
            "ends_on": _day(-1),
        },
    ).json()["id"]
    mine = client.post(
        f"/api/supervisions/{sid}/recommendations",
        headers=clerk,
        json={
            "content": "Thu gom rác 3 lần mỗi tuần.",
            "agency": "Hợp tác xã Môi trường",
            "due_date": _day(10),
        },
    ).json()["id"]
    theirs = client.post(
        f"/api/supervisions/{sid}/recommendations",
        headers=clerk,
        json={"content": "Lắp thùng rác công cộng.", "agency": "UBND xã", "due_date": _day(10)},
    ).json()["id"]
    (coop,) = [
        a
        for a in client.get(f"/api/councils/{council.id}/agencies", headers=clerk).json()
        if a["name"] == "Hợp tác xã Môi trường"
    ]
    assert (coop["link_issued_at"], coop["open_items"]) == (None, 1)
    updated = client.patch(
        f"/api/agencies/{coop['id']}", headers=clerk, json={"contact_email": "htx@xa.example"}
    )
    assert updated.status_code == 200
    first = client.post(f"/api/agencies/{coop['id']}/link", headers=clerk).json()["url"]
    url = client.post(f"/api/agencies/{coop['id']}/link", headers=clerk).json()["url"]
    path = url.removeprefix("http://testserver")
    assert client.get(first.removeprefix("http://testserver")).status_code == 404  # replaced
    mails = db.scalars(
        select(Notification.body)
        .where(Notification.recipient == "htx@xa.example")
        .order_by(Notification.id)
    ).all()
    assert len(mails) == 2 and url in mails[1]  # each link went to the agency's contact

    page = client.get(path)
    assert page.status_code == 200
    assert "Thu gom rác 3 lần mỗi tuần." in page.text
    assert "Lắp thùng rác công cộng." not in page.text  # another agency's
    empty = client.post(f"{path}/follow-ups/{mine}", data={"content": "", "status": "done"})
    assert empty.status_code == 422 and "Thu gom rác" in empty.text
    assert (
        client.post(
            f"{path}/follow-ups/{theirs}",
            data={"content": "Không phải việc của tôi.", "status": "done"},
        ).status_code
        == 404
    )
    sent = client.post(
        f"{path}/follow-ups/{mine}",
        data={"content": "Đã bố trí xe thu gom thứ Hai, Tư, Sáu.", "status": "done"},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    report = db.scalars(select(FollowUp).where(FollowUp.id == mine)).one()
    db.refresh(report)
    assert report.status.value == "done"
    shown = client.get(f"/api/supervisions/{sid}", headers=clerk).json()
    (done,) = [r for r in shown["recommendations"] if r["id"] == mine]
    assert [(r["content"], r["by_agency"]) for r in done["reports"]] == [
        ("Đã bố trí xe thu gom thứ Hai, Tư, Sáu.", True)
    ]
    assert (
        db.scalar(
            select(AuditEvent.actor_id).where(
                AuditEvent.action == "recommendation.reported", AuditEvent.council_id == council.id
            )
        )
        is None
    )  # the agency, not a person of the council
    assert "Không có nội dung nào đang chờ" in client.get(path).text
    assert client.delete(f"/api/agencies/{coop['id']}/link", headers=clerk).status_code == 204
    assert client.get(path).status_code == 404
    assert client.get("/p/agency/" + "x" * 43).status_code == 404
