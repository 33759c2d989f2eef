"""`kyhop demo`: a fictional council that shows every capability to a new user in a minute.

All names are invented. Later capabilities extend `seed()` with their own demo data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import pdf
from app.audit.service import RequestMeta
from app.bootstrap import admin_account
from app.config import Settings
from app.db import JoinedDatabase, utcnow
from app.directory import mandates
from app.directory import service as directory
from app.directory.models import Body, BodyKind, Clearance, Council, CouncilLevel, Role, User
from app.directory.schemas import BodyCreate, CouncilCreate, MandatesAdd, MemberAdd, UserCreate
from app.documents import intake
from app.documents import service as documents
from app.documents.models import (
    Classification,
    Document,
    DocumentType,
    DocumentVersion,
    SecretLevel,
)
from app.documents.schemas import DocumentFields, PaperDocumentCreate
from app.floor import elections
from app.floor import service as floor
from app.floor import votes as voting
from app.floor.models import CheckIn, Choice, Presence, SpeechKind
from app.floor.schemas import BallotIn, ElectionBallotIn, ElectionCreate, OfficeIn, VoteCreate
from app.floor.sealing import BallotBox
from app.i18n import VIETNAM_TZ, local_today
from app.meetings import service as meetings
from app.meetings.models import AgendaItem, Meeting, MeetingKind, MeetingStatus
from app.meetings.schemas import AgendaItemCreate, MeetingCreate
from app.opinions import service as opinions
from app.opinions.models import OpinionChoice, OpinionForm, QuestionKind
from app.opinions.schemas import AnswerIn, AnswersIn, CommentIn, FormCreate, QuestionIn
from app.oversight import service as oversight
from app.oversight.models import FollowUpKind, SupervisionKind, TeamRole
from app.oversight.schemas import (
    ConclusionIn,
    FollowUpCreate,
    ReportIn,
    SessionIn,
    SupervisionCreate,
    TeamMemberIn,
)
from app.petitions import service as petitions
from app.petitions import topics
from app.petitions.models import Field, Petition, Source
from app.petitions.schemas import AgencyCreate, PetitionEntry, PetitionSubmit
from app.security import policy
from app.security.actor import Actor
from app.security.service import actor_for
from app.signing import selfissued
from app.signing import service as signing
from app.storage import ObjectStore

COUNCIL_NAME = "HĐND xã Mẫu"
DEMO_PASSWORD = "demo-kyhop-2026"
META = RequestMeta(ip="demo", user_agent="kyhop demo")


@dataclass(frozen=True)
class Person:
    username: str
    full_name: str
    role: Role
    clearance: Clearance
    position: str
    bodies: tuple[str, ...] = ()


STANDING = "Thường trực HĐND xã Mẫu"
LAW = "Ban Pháp chế"
ECONOMY = "Ban Kinh tế – Ngân sách"
GROUP_1 = "Tổ đại biểu số 1 (thôn Đông, thôn Đoài)"
GROUP_2 = "Tổ đại biểu số 2 (thôn Bắc, thôn Nam)"

PEOPLE = (
    Person(
        "chutich",
        "Trần Thị Mai",
        Role.chair,
        Clearance.restricted,
        "Chủ tịch HĐND xã",
        (STANDING, GROUP_1),
    ),
    Person(
        "phochutich",
        "Lê Văn Hùng",
        Role.chair,
        Clearance.restricted,
        "Phó Chủ tịch HĐND xã",
        (STANDING, GROUP_2),
    ),
    Person(
        "vanphong",
        "Phạm Thu Hà",
        Role.clerk,
        Clearance.restricted,
        "Chuyên viên Văn phòng HĐND&UBND",
        (),
    ),
    Person(
        "daibieu01",
        "Nguyễn Văn An",
        Role.delegate,
        Clearance.restricted,
        "Trưởng Ban Pháp chế",
        (LAW, GROUP_1),
    ),
    Person(
        "daibieu02",
        "Đỗ Thị Bình",
        Role.delegate,
        Clearance.internal,
        "Đại biểu HĐND xã",
        (LAW, GROUP_1),
    ),
    Person(
        "daibieu03",
        "Hoàng Minh Châu",
        Role.delegate,
        Clearance.internal,
        "Trưởng Ban Kinh tế – Ngân sách",
        (ECONOMY, GROUP_2),
    ),
    Person(
        "daibieu04",
        "Vũ Thị Dung",
        Role.delegate,
        Clearance.internal,
        "Đại biểu HĐND xã",
        (ECONOMY, GROUP_2),
    ),
    Person(
        "daibieu05",
        "Bùi Quang Đức",
        Role.delegate,
        Clearance.internal,
        "Đại biểu HĐND xã",
        (GROUP_1,),
    ),
    Person(
        "daibieu06",
        "Ngô Thị Giang",
        Role.delegate,
        Clearance.internal,
        "Đại biểu HĐND xã",
        (GROUP_2,),
    ),
    Person(
        "khachmoi",
        "Đặng Văn Khoa",
        Role.guest,
        Clearance.public,
        "Chủ tịch UBMTTQ xã (khách mời)",
        (),
    ),
)
BODIES = (
    (STANDING, BodyKind.standing_committee, ""),
    (LAW, BodyKind.committee, ""),
    (ECONOMY, BodyKind.committee, ""),
    (GROUP_1, BodyKind.delegate_group, "Thôn Đông, Thôn Đoài"),
    (GROUP_2, BodyKind.delegate_group, "Thôn Bắc, Thôn Nam"),
)


def seed(
    db: Session, store: ObjectStore, *, settings: Settings, admin_username: str = "admin"
) -> Council:
    """Create the demo council once; running it again changes nothing."""
    tmp_dir = settings.tmp_dir
    existing = db.scalar(select(Council).where(Council.name == COUNCIL_NAME))
    if existing is not None:
        return existing
    admin = db.scalar(select(User).where(User.username == admin_username))
    if admin is None:
        (admin,) = directory.create_users(
            db,
            actor=None,
            rows=[admin_account(admin_username, DEMO_PASSWORD)],
            meta=META,
            source="demo",
        )
    actor = actor_for(db, admin)
    council = directory.create_council(
        db,
        actor=actor,
        meta=META,
        data=CouncilCreate(
            name=COUNCIL_NAME,
            level=CouncilLevel.commune,
            # every delegate of this small fictional council has an account, so its votes add up
            total_delegates=8,
            term="khóa I, nhiệm kỳ 2026–2031",
        ),
    )
    bodies = {
        name: directory.create_body(
            db,
            actor=actor,
            council=council,
            meta=META,
            data=BodyCreate(name=name, kind=kind, areas=areas),
        )
        for name, kind, areas in BODIES
    }
    users = directory.create_users(
        db,
        actor=actor,
        meta=META,
        source="demo",
        rows=[
            UserCreate(
                username=p.username,
                password=DEMO_PASSWORD,
                full_name=p.full_name,
                council_id=council.id,
                role=p.role,
                clearance=p.clearance,
                position=p.position,
            )
            for p in PEOPLE
        ],
    )
    for person, user in zip(PEOPLE, users, strict=True):
        for name in person.bodies:
            directory.add_member(
                db,
                actor=actor,
                body=bodies[name],
                user=user,
                meta=META,
                # "Trưởng Ban Pháp chế" heads the Ban Pháp chế: they sign for it
                data=MemberAdd(
                    user_id=user.id,
                    position="Trưởng Ban" if person.position == f"Trưởng {name}" else "",
                ),
            )
    clerk = actor_for(db, users[2])
    # every delegate in office from the start of the term: "all delegates" counts them
    mandates.add(
        db, actor=actor, council=council, data=MandatesAdd(), today=local_today(), meta=META
    )
    meeting, items, draft = _seed_session(
        db, store, actor=clerk, council=council, bodies=bodies, tmp_dir=tmp_dir
    )
    _seed_floor(
        db,
        clerk=clerk,
        meeting=meeting,
        items=items,
        draft=draft,
        economy=bodies[ECONOMY],
        box=BallotBox(settings.secret_key),
    )
    resolution = _seed_issued_resolution(
        db,
        store,
        settings=settings,
        admin=actor,
        chair=actor_for(db, users[0]),
        clerk=clerk,
        council=council,
        economy=bodies[ECONOMY],
        ban_head=actor_for(db, next(u for u in users if u.position == f"Trưởng {ECONOMY}")),
    )
    _seed_petitions(db, clerk=clerk, council=council)
    _seed_oversight(db, clerk=clerk, council=council, bodies=bodies, resolution=resolution)
    _seed_opinions(db, settings=settings, clerk=clerk, council=council, draft=draft)
    return council


# --- written opinions: one open with answers coming in, one secret decision counted ----------


def _seed_opinions(
    db: Session, *, settings: Settings, clerk: Actor, council: Council, draft: Document
) -> None:
    box = opinions.sealer(settings.secret_key)
    people = policy.delegates_in_office(db, council.id)
    now = utcnow()

    def ask(data: FormCreate) -> OpinionForm:
        form = opinions.create_form(db, actor=clerk, council=council, data=data, meta=META)
        opinions.send_form(db, actor=clerk, form=form, settings=settings, meta=META)
        return form

    open_form = ask(
        FormCreate(
            title="Lấy ý kiến về dự thảo Nghị quyết chuyển đổi số năm 2027",
            questions=[
                QuestionIn(text="Đại biểu có đồng ý với dự thảo Nghị quyết?"),
                QuestionIn(text="Góp ý khác của đại biểu", kind=QuestionKind.text),
            ],
            recipient_ids=[p.id for p in people],
            deadline=now + timedelta(days=10),
            document_ids=[draft.id],
        )
    )
    for person, choice in zip(people[2:5], ("approve", "approve", "other"), strict=True):
        opinions.answer(
            db,
            actor=actor_for(db, person),
            form=open_form,
            box=box,
            data=AnswersIn(
                answers=[
                    AnswerIn(
                        question=1,
                        choice=OpinionChoice(choice),
                        text="Đề nghị bố trí thêm kinh phí đào tạo" if choice == "other" else "",
                    ),
                    AnswerIn(question=2),
                ],
                comments=[
                    CommentIn(
                        document_id=draft.id,
                        article="Điều 2",
                        text="Nên nêu rõ chỉ tiêu hồ sơ trực tuyến toàn trình",
                    )
                ]
                if choice == "other"
                else [],
            ),
        )
    decision = ask(
        FormCreate(
            title="Quyết định lùi thời gian tổ chức Kỳ họp thứ sáu sang tháng 7/2027",
            questions=[QuestionIn(text="Đại biểu có đồng ý lùi thời gian tổ chức kỳ họp?")],
            recipient_ids=[p.id for p in people],
            deadline=now + timedelta(days=1),
            secret=True,
            decides=True,
        )
    )
    for i, person in enumerate(people[:-1]):
        opinions.answer(
            db,
            actor=actor_for(db, person),
            form=decision,
            box=box,
            data=AnswersIn(
                answers=[
                    AnswerIn(
                        question=1,
                        choice=OpinionChoice.against if i == 0 else OpinionChoice.approve,
                    )
                ]
            ),
        )
    decision.deadline = now - timedelta(hours=1)  # its deadline has passed: counted


# --- voters' petitions: answered and published, overdue, grouped, from a supervision -------


def _seed_petitions(db: Session, *, clerk: Actor, council: Council) -> None:
    town = petitions.add_agency(
        db,
        council=council,
        data=AgencyCreate(name="UBND xã Mẫu", contact_email="ubnd@xamau.example"),
    )
    land = petitions.add_agency(
        db, council=council, data=AgencyCreate(name="Văn phòng Đăng ký đất đai")
    )

    def online(name: str, contact: str, area: str, field: Field, content: str) -> Petition:
        data = PetitionSubmit(
            council_id=council.id,
            name=name,
            contact=contact,
            area=area,
            field=field,
            content=content,
        )
        return petitions.submit(db, council=council, data=data)

    today = petitions.today()
    lights = online(
        "Nguyễn Thị Hoa",
        "0912000111",
        "Thôn Đông",
        Field.infrastructure,
        "Đề nghị lắp đèn chiếu sáng tuyến đường liên thôn Đông – Đoài đoạn qua trường tiểu học.",
    )
    again = online(
        "Trần Văn Nam",
        "0912000222",
        "Thôn Đoài",
        Field.infrastructure,
        "Đường liên thôn Đông – Đoài buổi tối không có đèn, học sinh đi lại nguy hiểm.",
    )
    petitions.mark_duplicate(db, actor=clerk, petition=again, original_id=lights.id, meta=META)
    petitions.assign(db, actor=clerk, petition=lights, agency_id=town.id, due_date=today, meta=META)
    petitions.answer(
        db,
        actor=clerk,
        petition=lights,
        text="UBND xã đã bố trí kinh phí lắp 24 bóng đèn LED, hoàn thành trong tháng 12/2026.",
        meta=META,
    )
    certificate = online(
        "Lê Văn Bình",
        "binh.le@example.vn",
        "Thôn Bắc",
        Field.land,
        "Đề nghị đẩy nhanh cấp giấy chứng nhận quyền sử dụng đất cho các hộ thôn Bắc.",
    )
    petitions.assign(
        db,
        actor=clerk,
        petition=certificate,
        agency_id=land.id,
        due_date=today - timedelta(days=5),  # overdue: flagged and reminded
        meta=META,
    )
    voters = petitions.add_batch(
        db,
        actor=clerk,
        council=council,
        source=Source.supervision,
        supervision="Giám sát chuyên đề về công tác vệ sinh môi trường năm 2026",
        entries=[
            PetitionEntry(
                content="Đề nghị tăng tần suất thu gom rác thải tại thôn Nam lên 3 lần/tuần.",
                area="Thôn Nam",
                field=Field.environment,
            )
        ],
        meta=META,
    )
    petitions.assign(
        db,
        actor=clerk,
        petition=voters[0],
        agency_id=town.id,
        due_date=today + timedelta(days=30),
        meta=META,
    )
    # the year's petitions grouped by topic, for the tổng hợp kiến nghị
    db.flush()
    topics.group(
        db,
        actor=clerk,
        council_id=council.id,
        since=date(today.year, 1, 1),
        until=today,
        meta=META,
    )


# --- supervision and follow-up: a published thematic supervision, a planned survey, the -----
# --- issued resolution's tasks; one of each overdue ------------------------------------------


def _seed_oversight(
    db: Session, *, clerk: Actor, council: Council, bodies: dict[str, Body], resolution: Document
) -> None:
    today = oversight.today()
    people = policy.delegates_in_office(db, council.id)
    digital = oversight.create(
        db,
        actor=clerk,
        council=council,
        meta=META,
        data=SupervisionCreate(
            title="Giám sát chuyên đề về chuyển đổi số trong giải quyết thủ tục hành chính",
            kind=SupervisionKind.thematic,
            body_id=bodies[ECONOMY].id,
            subject="Việc tiếp nhận, giải quyết hồ sơ trực tuyến tại Bộ phận một cửa xã; hạ "
            "tầng số và kỹ năng số của cán bộ, công chức.",
            agencies=["UBND xã Mẫu", "Bộ phận Tiếp nhận và trả kết quả xã"],
            team=[
                TeamMemberIn(user_id=person.id, role=role)
                for person, role in zip(
                    people, (TeamRole.head, TeamRole.member, TeamRole.secretary), strict=False
                )
            ],
            starts_on=today - timedelta(days=75),
            ends_on=today - timedelta(days=45),
        ),
    )
    oversight.add_session(
        db,
        actor=clerk,
        supervision=digital,
        meta=META,
        data=SessionIn(
            title="Làm việc với UBND xã về kết quả giải quyết thủ tục hành chính trực tuyến",
            starts_at=datetime.combine(
                today - timedelta(days=60), datetime.min.time(), VIETNAM_TZ
            ).replace(hour=8),
            location="Hội trường UBND xã Mẫu",
        ),
    )
    asked = oversight.ask_of_agency(
        db,
        actor=clerk,
        supervision=digital,
        kind=FollowUpKind.request,
        meta=META,
        data=FollowUpCreate(
            content="Báo cáo kết quả giải quyết thủ tục hành chính trực tuyến năm 2026.",
            agency="UBND xã Mẫu",
            due_date=today - timedelta(days=65),
        ),
    )
    oversight.report(
        db,
        actor=clerk,
        item=asked,
        meta=META,
        data=ReportIn(content="Đã nhận Báo cáo số 112/BC-UBND.", status="done"),
    )
    oversight.conclude(
        db,
        actor=clerk,
        supervision=digital,
        meta=META,
        data=ConclusionIn(
            conclusion="Tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến đạt 62%, thấp hơn chỉ "
            "tiêu 80% của Nghị quyết. Một số cán bộ chưa thành thạo phần mềm một cửa điện tử; "
            "đường truyền tại Bộ phận một cửa chập chờn vào giờ cao điểm.",
            concluded_on=today - timedelta(days=40),
        ),
    )
    oversight.set_published(db, actor=clerk, supervision=digital, published=True, meta=META)
    for content, agency, due, reports in (
        (
            "Nâng cấp đường truyền Internet tại Bộ phận một cửa xã.",
            "UBND xã Mẫu",
            -10,
            [("Đã ký hợp đồng nâng cấp đường truyền 300 Mbps.", "done")],
        ),
        (
            "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức xã.",
            "UBND xã Mẫu",
            30,
            [("Đã tập huấn đợt 1 cho 14 cán bộ, công chức.", "in_progress")],
        ),
        (
            "Bố trí đoàn viên thanh niên hướng dẫn người dân nộp hồ sơ trực tuyến.",
            "Bộ phận Tiếp nhận và trả kết quả xã",
            -7,  # overdue: on the board, and its agency reminded
            [],
        ),
    ):
        item = oversight.ask_of_agency(
            db,
            actor=clerk,
            supervision=digital,
            kind=FollowUpKind.recommendation,
            meta=META,
            data=FollowUpCreate(
                content=content, agency=agency, due_date=today + timedelta(days=due)
            ),
        )
        for text, status in reports:
            oversight.report(
                db, actor=clerk, item=item, meta=META, data=ReportIn(content=text, status=status)
            )
    oversight.create(
        db,
        actor=clerk,
        council=council,
        meta=META,
        data=SupervisionCreate(
            title="Khảo sát cơ sở vật chất các trường học trên địa bàn xã",
            kind=SupervisionKind.survey,
            body_id=bodies[STANDING].id,
            agencies=["Trường Tiểu học xã Mẫu", "Trường THCS xã Mẫu"],
            starts_on=today + timedelta(days=20),
            ends_on=today + timedelta(days=35),
        ),
    )
    for article, content, due, report in (
        ("Điều 1", "Giải ngân vốn đầu tư công điều chỉnh theo kế hoạch.", 24, None),
        (
            "Điều 2",
            "Báo cáo Thường trực HĐND tiến độ các công trình chuyển tiếp.",
            -3,  # overdue
            None,
        ),
        ("Điều 3", "Công khai danh mục công trình điều chỉnh.", -20, "Đã niêm yết tại trụ sở."),
    ):
        task = oversight.add_task(
            db,
            actor=clerk,
            resolution=resolution,
            meta=META,
            data=FollowUpCreate(
                article=article,
                content=content,
                agency="UBND xã Mẫu",
                due_date=today + timedelta(days=due),
            ),
        )
        if report:
            oversight.report(
                db, actor=clerk, item=task, meta=META, data=ReportIn(content=report, status="done")
            )


# --- the year-end session with its packet --------------------------------------------------

AGENDA = (
    ("Khai mạc kỳ họp; thông qua chương trình", "Chủ tịch HĐND xã", 15),
    ("Báo cáo tình hình kinh tế – xã hội năm 2026, phương hướng năm 2027", "Chủ tịch UBND xã", 40),
    ("Thẩm tra dự toán ngân sách xã năm 2027", "Trưởng Ban Kinh tế – Ngân sách", 30),
    ("Thảo luận và biểu quyết Nghị quyết về chuyển đổi số năm 2027", "Đại biểu HĐND", 60),
)
LOREM = (
    "Năm 2026, Hội đồng nhân dân xã Mẫu tổ chức các kỳ họp theo hình thức không giấy: tài "
    "liệu được gửi tới đại biểu qua mã QR và trang thông tin điện tử của xã, trừ tài liệu mật.",
    "Ủy ban nhân dân xã đã triển khai chuyển đổi số trong giải quyết thủ tục hành chính, 100% "
    "hồ sơ được tiếp nhận và trả kết quả trực tuyến; các thôn Đông, Đoài, Bắc, Nam đều có "
    "điểm truy cập Internet công cộng.",
    "Đề nghị Hội đồng nhân dân xã xem xét, thảo luận và quyết định các chỉ tiêu phát triển "
    "kinh tế – xã hội, dự toán ngân sách và kế hoạch chuyển đổi số năm 2027.",
)
# title, type, number, classification, agenda position (None: whole meeting), audience body
PACKET = (
    (
        "Giấy mời dự Kỳ họp thứ năm",
        DocumentType.invitation,
        "45/GM-HĐND",
        Classification.public,
        None,
        None,
    ),
    ("Chương trình Kỳ họp thứ năm", DocumentType.programme, "", Classification.public, 1, None),
    (
        "Báo cáo tình hình kinh tế – xã hội năm 2026",
        DocumentType.report,
        "112/BC-UBND",
        Classification.internal,
        2,
        None,
    ),
    (
        "Báo cáo thẩm tra dự toán ngân sách năm 2027",
        DocumentType.review_report,
        "08/BC-KTNS",
        Classification.restricted,
        3,
        ECONOMY,
    ),
    (
        "Tờ trình về kế hoạch chuyển đổi số năm 2027",
        DocumentType.proposal,
        "118/TTr-UBND",
        Classification.internal,
        4,
        None,
    ),
    (
        "Dự thảo Nghị quyết về chuyển đổi số năm 2027",
        DocumentType.draft_resolution,
        "",
        Classification.internal,
        4,
        None,
    ),
)


def _seed_session(
    db: Session,
    store: ObjectStore,
    *,
    actor: Actor,
    council: Council,
    bodies: dict[str, Body],
    tmp_dir: Path,
) -> tuple[Meeting, list[AgendaItem], Document]:
    """The year-end session: agenda, packet, a paper-only secret report; returns the meeting,
    its agenda and the draft resolution the floor will vote on."""
    meeting = meetings.create_meeting(
        db,
        actor=actor,
        council=council,
        meta=META,
        data=MeetingCreate(
            council_id=council.id,
            kind=MeetingKind.regular_session,
            title="Kỳ họp thứ năm (kỳ họp thường lệ cuối năm 2026)",
            starts_at=datetime(2026, 12, 18, 7, 30, tzinfo=VIETNAM_TZ),
            location="Hội trường UBND xã Mẫu",
        ),
    )
    items = [
        meetings.add_agenda_item(
            db,
            actor=actor,
            meeting=meeting,
            meta=META,
            data=AgendaItemCreate(title=title, presenter=who, planned_minutes=minutes),
        )
        for title, who, minutes in AGENDA
    ]
    added = []
    for title, doc_type, number, classification, position, audience in PACKET:
        document, _ = _add_pdf(
            db,
            store,
            actor=actor,
            meeting=meeting,
            tmp_dir=tmp_dir,
            fields=DocumentFields(
                title=title,
                doc_type=doc_type,
                number=number,
                classification=classification,
                agenda_item_id=items[position - 1].id if position else None,
                audience=[f"body:{bodies[audience].id}"] if audience else [],
            ),
        )
        added.append(document)
        if classification is Classification.public:  # the invitation and the programme
            documents.publish(db, actor=actor, document=document, meta=META)
    documents.add_paper_document(
        db,
        actor=actor,
        meeting=meeting,
        meta=META,
        data=PaperDocumentCreate(
            title="Báo cáo công tác quân sự – quốc phòng năm 2026",
            secrecy=SecretLevel.mat,
            copies=25,
            agenda_item_id=items[1].id,
        ),
    )
    meetings.change_status(
        db, actor=actor, meeting=meeting, status=MeetingStatus.convened, meta=META
    )
    draft = next(d for d in added if d.doc_type is DocumentType.draft_resolution)
    return meeting, items, draft


def _add_pdf(
    db: Session,
    store: ObjectStore,
    *,
    actor: Actor,
    meeting: Meeting,
    fields: DocumentFields,
    tmp_dir: Path,
) -> tuple[Document, DocumentVersion]:
    """Typeset a demo document and upload it as the office would; a resolution ends with the
    chair's signature block."""
    resolution = fields.doc_type in (DocumentType.draft_resolution, DocumentType.resolution)
    # a draft resolution leaves its number blank, as typed: numbering writes into it
    blank = "\u00a0" * 8 + "/NQ-HĐND" if resolution else "…"
    with documents.scratch_file(tmp_dir, "demo.pdf") as path:
        pdf.render_text_pdf(
            path,
            title=fields.title.upper(),
            paragraphs=LOREM * 3,
            header=("HỘI ĐỒNG NHÂN DÂN XÃ MẪU", f"Số: {fields.number or blank}"),
            signer=((CHAIR_BLOCK, "CHỦ TỊCH"), PEOPLE[0].full_name) if resolution else None,
        )
        return intake.add_generated(
            db,
            store,
            actor=actor,
            meeting=meeting,
            fields=fields,
            path=path,
            meta=META,
            tmp_dir=tmp_dir,
        )


# --- an issued resolution: numbered, certified by the chair, sealed by the office -----------

CHAIR_BLOCK = "TM. HỘI ĐỒNG NHÂN DÂN"
# The demo's keys come from its own root, added as a trust anchor, so verification passes;
# a real council's keys come from a licensed CA (VGCA, …).
DEMO_PASSPHRASE = "demo-ky-so-2026"


def _seed_issued_resolution(
    db: Session,
    store: ObjectStore,
    *,
    settings: Settings,
    admin: Actor,
    chair: Actor,
    clerk: Actor,
    council: Council,
    economy: Body,
    ban_head: Actor,
) -> Document:
    root = selfissued.new_root("Kỳ Họp Số Demo CA", "Tổ chức chứng thực thử nghiệm")
    signing.add_trust_anchor(db, actor=admin, data=root.cert_pem(), meta=META)
    credentials = {
        chair.user_id: selfissued.issue(root, PEOPLE[0].full_name, COUNCIL_NAME),
        clerk.user_id: selfissued.issue(root, "Hội đồng nhân dân xã Mẫu", COUNCIL_NAME),
        ban_head.user_id: selfissued.issue(root, ban_head.full_name, COUNCIL_NAME),
    }
    for person in (chair, clerk, ban_head):
        signing.add_pkcs12(
            db,
            actor=person,
            data=credentials[person.user_id].pkcs12(DEMO_PASSPHRASE),
            passphrase=DEMO_PASSPHRASE,
            secret=settings.secret_key,
            meta=META,
        )
    meeting = meetings.create_meeting(
        db,
        actor=clerk,
        council=council,
        meta=META,
        data=MeetingCreate(
            council_id=council.id,
            kind=MeetingKind.special_session,
            title="Kỳ họp thứ tư (chuyên đề)",
            starts_at=datetime(2026, 10, 20, 8, 0, tzinfo=VIETNAM_TZ),
            location="Hội trường UBND xã Mẫu",
        ),
    )
    # the first is issued and published; the second, numbered, awaits the chair's signature
    drafts = [
        _add_pdf(
            db,
            store,
            actor=clerk,
            meeting=meeting,
            tmp_dir=settings.tmp_dir,
            fields=DocumentFields(
                title=title,
                doc_type=DocumentType.draft_resolution,
                classification=Classification.public,
            ),
        )[0]
        for title in (
            "Nghị quyết về điều chỉnh kế hoạch đầu tư công năm 2026",
            "Nghị quyết về chương trình giám sát năm 2027",
        )
    ]
    # the Ban's review report, numbered: on its Trưởng Ban's desk, "TM. BAN … / TRƯỞNG BAN"
    drafts.append(
        _add_pdf(
            db,
            store,
            actor=clerk,
            meeting=meeting,
            tmp_dir=settings.tmp_dir,
            fields=DocumentFields(
                title="Báo cáo thẩm tra chương trình giám sát năm 2027",
                doc_type=DocumentType.review_report,
                classification=Classification.public,
                issuer_body_id=economy.id,
            ),
        )[0]
    )
    for status in (MeetingStatus.convened, MeetingStatus.in_progress, MeetingStatus.closed):
        meetings.change_status(db, actor=clerk, meeting=meeting, status=status, meta=META)
    for draft in drafts:
        signing.number_document(
            JoinedDatabase(db),
            store,
            actor=clerk,
            document_id=draft.id,
            base_url=settings.base_url,
            meta=META,
            tmp_dir=settings.tmp_dir,
        )
    resolution = drafts[0]
    for person in (chair, clerk):  # the chair certifies, then the office seals
        signing.sign_document(
            JoinedDatabase(db),
            store,
            settings=settings,
            actor=person,
            document_id=resolution.id,
            credential_id=None,
            passphrase=DEMO_PASSPHRASE,
            pin=None,
            meta=META,
        )
    documents.publish(db, actor=clerk, document=resolution, meta=META)
    return resolution


# --- the floor of the session: attendance, a vote taken, one ready, speakers -----------------


def _seed_floor(
    db: Session,
    *,
    clerk: Actor,
    meeting: Meeting,
    items: list[AgendaItem],
    draft: Document,
    economy: Body,
    box: BallotBox,
) -> None:
    voters = list(db.scalars(select(User).where(policy.voters_of(meeting)).order_by(User.id)))
    for user in voters[:-2]:
        floor.mark(
            db,
            actor=clerk,
            meeting=meeting,
            user=user,
            presence=Presence.present,
            reason="",
            meta=META,
        )
    # one follows the session from home, checked in on her own phone: «có mặt trực tuyến»
    floor.check_in(
        db,
        actor=actor_for(db, voters[-2]),
        meeting=meeting,
        method=CheckIn.device,
        hall_code_given="",
        secret="",
        meta=META,
    )
    floor.mark(
        db,
        actor=clerk,
        meeting=meeting,
        user=voters[-1],
        presence=Presence.excused,
        reason="Đi công tác huyện",
        meta=META,
    )
    programme = voting.create_vote(
        db,
        actor=clerk,
        meeting=meeting,
        meta=META,
        data=VoteCreate(
            question="Thông qua chương trình Kỳ họp thứ năm", agenda_item_id=items[0].id
        ),
    )
    voting.open_vote(db, actor=clerk, vote=programme, meeting=meeting, seconds=None, meta=META)
    for user, choice in zip(voters[:-1], [Choice.approve] * 6 + [Choice.abstain], strict=True):
        voting.cast_ballot(
            db,
            actor=actor_for(db, user),
            vote=programme,
            data=BallotIn(choice=choice),
            idempotency_key="",
            box=box,
        )
    voting.close_vote(db, actor=clerk, vote=programme, box=box, meta=META)
    # a by-election midway through the term, counted: the elected takes the committee's office
    election = elections.create_election(
        db,
        actor=clerk,
        meeting=meeting,
        meta=META,
        data=ElectionCreate(
            title="Bầu bổ sung Phó Trưởng Ban Kinh tế – Ngân sách",
            positions=[
                OfficeIn(
                    title="Phó Trưởng Ban Kinh tế – Ngân sách",
                    candidate_ids=[voters[5].id, voters[7].id],
                    body_id=economy.id,
                )
            ],
        ),
    )
    voting.open_vote(db, actor=clerk, vote=election, meeting=meeting, seconds=None, meta=META)
    for i, user in enumerate(voters[:-1]):
        first = Choice.against if i == 6 else Choice.approve
        second = Choice.approve if i == 6 else Choice.against
        voting.cast_ballot(
            db,
            actor=actor_for(db, user),
            vote=election,
            data=elections.ballot(
                db, election, ElectionBallotIn(choices={voters[5].id: first, voters[7].id: second})
            ),
            idempotency_key="",
            box=box,
        )
    voting.close_vote(db, actor=clerk, vote=election, box=box, meta=META)
    voting.create_vote(
        db,
        actor=clerk,
        meeting=meeting,
        meta=META,
        data=VoteCreate(
            question="Thông qua Nghị quyết về chuyển đổi số năm 2027",
            agenda_item_id=items[3].id,
            document_id=draft.id,
        ),
    )
    for user, kind, item, topic in (
        (voters[4], SpeechKind.question, items[1], "Tiến độ xây dựng đường liên thôn"),
        (voters[2], SpeechKind.speak, items[2], "Đề nghị tăng chi cho chuyển đổi số"),
    ):
        floor.register_speaker(
            db,
            actor=actor_for(db, user),
            meeting=meeting,
            kind=kind,
            agenda_item_id=item.id,
            topic=topic,
        )
