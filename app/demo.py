"""`kyhop demo`: a fictional council that shows every capability to a new user in a minute.

All names are invented. Later capabilities extend `seed()` with their own demo data."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.service import RequestMeta
from app.bootstrap import admin_account
from app.directory import service as directory
from app.directory.models import BodyKind, Clearance, Council, CouncilLevel, Role, User
from app.directory.schemas import BodyCreate, CouncilCreate, MemberAdd, UserCreate
from app.security.service import actor_for

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
    (STANDING, BodyKind.standing_committee),
    (LAW, BodyKind.committee),
    (ECONOMY, BodyKind.committee),
    (GROUP_1, BodyKind.delegate_group),
    (GROUP_2, BodyKind.delegate_group),
)


def seed(db: Session, *, admin_username: str = "admin") -> Council:
    """Create the demo council once; running it again changes nothing."""
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
            total_delegates=25,
            term="khóa I, nhiệm kỳ 2026–2031",
        ),
    )
    bodies = {
        name: directory.create_body(
            db, actor=actor, council=council, meta=META, data=BodyCreate(name=name, kind=kind)
        )
        for name, kind in BODIES
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
                data=MemberAdd(user_id=user.id),
            )
    return council
