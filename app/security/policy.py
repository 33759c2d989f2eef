"""The access policy: the only module that compares roles, clearances, memberships and councils.

It offers three kinds of things, and every route uses them instead of deciding by itself:
- predicates (`can_…`) answering one question about one object;
- query filters (`visible_…`) applied by every list, count, search, feed and export, so lists
  and object checks can never disagree;
- loaders (`…_for_read`, `…_for_write`) that fetch an object and hand it back only when the
  actor may use it. What the actor may not see answers 404, so its existence is not revealed;
  what the actor may see but not change answers 403.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select, true
from sqlalchemy.orm import Session

from app.access.models import AccessLink
from app.directory.models import (
    Body,
    BodyKind,
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
    DocumentAudience,
    DocumentType,
    PaperDocument,
)
from app.errors import Forbidden, NotAuthenticated, NotFound
from app.floor.models import (
    Attendance,
    OfficeGrant,
    Presence,
    SpeakerRequest,
    Vote,
    VoteKind,
    VoteStatus,
    counts_as_present,
)
from app.meetings.models import SESSION_KINDS, Meeting, MeetingGuest, MeetingStatus
from app.opinions.models import FormStatus, OpinionForm, OpinionRecipient
from app.oversight.models import FollowUp, FollowUpKind, Supervision
from app.petitions.models import (
    Agency,
    AttachmentKind,
    Petition,
    PetitionAttachment,
    PetitionTopic,
)
from app.security.actor import Actor
from app.security.errors import (
    NotAnIssuedResolution,
    NotAVoter,
    NotCheckedIn,
    NotIssuedYet,
    NotPublishable,
    OnlineNotCounted,
)
from app.security.models import AuthSession
from app.signing.models import DeskTicket, SignatureRole, SigningCredential, SigningRequest

Query = TypeVar("Query", bound=Select)  # type: ignore[type-arg]

STAFF_ROLES = frozenset({Role.clerk, Role.chair})
VOTER_ROLES = frozenset({Role.delegate, Role.chair})  # the chair is a delegate too
COUNCIL_MEMBER_ROLES = frozenset({Role.clerk, Role.chair, Role.delegate})

# public < internal < restricted. No clearance reaches a state-secret level: those levels are
# not Classifications at all, so nothing secret can be stored, listed or served.
CLEARANCE_RANK = {Clearance.public: 1, Clearance.internal: 2, Clearance.restricted: 3}
CLASS_RANK = {Classification.public: 1, Classification.internal: 2, Classification.restricted: 3}


# --- councils -------------------------------------------------------------------------------


def can_create_council(actor: Actor) -> bool:
    return actor.is_admin


def can_read_council(actor: Actor, council: Council) -> bool:
    return actor.is_admin or actor.council_id == council.id


def can_manage_council(actor: Actor, council_id: int) -> bool:
    """Edit the council's settings and its directory (people, committees, groups, imports)."""
    if actor.via_link:
        return False
    return actor.is_admin or (actor.role is Role.clerk and actor.council_id == council_id)


def visible_councils(actor: Actor, stmt: Query) -> Query:
    if actor.is_admin:
        return stmt
    return stmt.where(Council.id == actor.council_id)


def home_page(role: Role) -> str:
    """Where each role starts after logging in: delegates and guests read, the chair signs,
    the office and the administrators work in the office."""
    return {
        Role.chair: "/office/signing",
        Role.delegate: "/reader",
        Role.guest: "/reader",
    }.get(role, "/office")


def works_in_office(actor: Actor) -> bool:
    """The office's pages (its directory among them) are for staff and administrators."""
    return actor.is_admin or actor.role in STAFF_ROLES


def home_council(actor: Actor) -> int | None:
    """The council whose pages an actor lands on; None for deployment admins (all councils)."""
    return None if actor.is_admin else actor.council_id


def council_for_read(db: Session, actor: Actor, council_id: int) -> Council:
    council = db.get(Council, council_id)
    if council is None or not can_read_council(actor, council):
        raise NotFound()
    return council


def council_for_write(db: Session, actor: Actor, council_id: int) -> Council:
    council = council_for_read(db, actor, council_id)
    if not can_manage_council(actor, council.id):
        raise Forbidden()
    return council


def mandate_for_write(db: Session, actor: Actor, mandate_id: int) -> tuple[Mandate, Council]:
    row = db.execute(
        select(Mandate, Term.council_id)
        .join(Term, Term.id == Mandate.term_id)
        .where(Mandate.id == mandate_id)
    ).first()
    if row is None or not can_read_council(actor, db.get_one(Council, row[1])):
        raise NotFound()
    return row[0], council_for_write(db, actor, row[1])


def require_admin(actor: Actor) -> Actor:
    if not actor.is_admin:
        raise Forbidden()
    return actor


# --- people ---------------------------------------------------------------------------------


def can_read_user(actor: Actor, user: User) -> bool:
    if actor.is_admin or actor.user_id == user.id:
        return True
    # A council's directory is open to its own members; guests see only themselves.
    return actor.role in COUNCIL_MEMBER_ROLES and actor.council_id == user.council_id


def visible_users(actor: Actor, stmt: Query) -> Query:
    if actor.is_admin:
        return stmt
    if actor.role in COUNCIL_MEMBER_ROLES:
        return stmt.where(User.council_id == actor.council_id)
    return stmt.where(User.id == actor.user_id)


# The roles a council's office gives and looks after. A chair votes and certifies, a clerk runs
# the office: only the deployment's administrator appoints them (a clerk who could make anyone,
# or themselves, chair would become a voter and a signer).
OFFICE_MANAGED_ROLES = frozenset({Role.delegate, Role.guest})


def can_assign(
    actor: Actor, *, council_id: int | None, role: Role, user: User | None = None
) -> bool:
    """May the actor create an account with `role` in `council_id`, or turn `user` into one?
    Nobody changes their own role."""
    if user is not None and user.id == actor.user_id and role is not user.role:
        return False
    if actor.is_admin:
        return (role is Role.admin) == (council_id is None)
    return (
        role in OFFICE_MANAGED_ROLES
        and council_id is not None
        and can_manage_council(actor, council_id)
    )


def can_manage_user(actor: Actor, user: User) -> bool:
    """Edit the account: its details, its password, whether it is active."""
    if actor.is_admin:
        return True
    if user.council_id is None or not can_manage_council(actor, user.council_id):
        return False
    return user.id == actor.user_id or user.role in OFFICE_MANAGED_ROLES


def user_for_read(db: Session, actor: Actor, user_id: int) -> User:
    user = db.get(User, user_id)
    if user is None or not can_read_user(actor, user):
        raise NotFound()
    return user


def user_for_write(db: Session, actor: Actor, user_id: int) -> User:
    user = user_for_read(db, actor, user_id)
    if not can_manage_user(actor, user):
        raise Forbidden()
    return user


def ensure_can_assign(
    actor: Actor, *, council_id: int | None, role: Role, user: User | None = None
) -> None:
    if not can_assign(actor, council_id=council_id, role=role, user=user):
        raise Forbidden()


# --- bodies (committees, delegate groups, standing committee) --------------------------------


def visible_bodies(actor: Actor, stmt: Query) -> Query:
    if actor.is_admin:
        return stmt
    if actor.role in COUNCIL_MEMBER_ROLES:
        return stmt.where(Body.council_id == actor.council_id)
    return stmt.where(Body.id.in_(actor.body_ids))


def body_of_council(db: Session, council_id: int, body_id: int | None) -> int | None:
    """A body named in the council's own records (an election's committee office)."""
    if body_id is None:
        return None
    if db.scalar(select(Body.id).where(Body.id == body_id, Body.council_id == council_id)) is None:
        raise NotFound()
    return body_id


def body_for_write(db: Session, actor: Actor, body_id: int) -> Body:
    body = db.get(Body, body_id)
    if body is None or not (actor.is_admin or actor.council_id == body.council_id):
        raise NotFound()
    if not can_manage_council(actor, body.council_id):
        raise Forbidden()
    return body


# --- audit log ------------------------------------------------------------------------------


def audit_scope(actor: Actor) -> int | None:
    """Which council's audit events the actor may read: None means all (admin)."""
    if actor.via_link:
        raise Forbidden()
    if actor.is_admin:
        return None
    if actor.role in STAFF_ROLES and actor.council_id is not None:
        return actor.council_id
    raise Forbidden()


# --- meetings -------------------------------------------------------------------------------
#
# Staff (clerks and the standing committee of the council, and deployment admins) see every
# meeting of their council, drafts included. Everyone else sees a meeting once it is convened,
# and only if invited: sessions invite every delegate; standing-committee, committee and group
# meetings invite the members of their body; anyone can be invited by name (guests, press).


def is_council_staff(actor: Actor, council_id: int) -> bool:
    if actor.via_link:
        return False
    return actor.is_admin or (actor.role in STAFF_ROLES and actor.council_id == council_id)


def require_staff(actor: Actor, council_id: int) -> None:
    if not is_council_staff(actor, council_id):
        raise Forbidden()


def can_manage_meetings(actor: Actor, council_id: int) -> bool:
    """Prepare meetings and packets: the council office (and admins)."""
    return can_manage_council(actor, council_id)


def _meeting_visible(actor: Actor) -> ColumnElement[bool]:
    if actor.meeting_scope is not None:
        return and_(Meeting.id == actor.meeting_scope, _meeting_visible_unscoped(actor))
    return _meeting_visible_unscoped(actor)


def _meeting_visible_unscoped(actor: Actor) -> ColumnElement[bool]:
    if actor.is_admin:
        return true()
    same_council = Meeting.council_id == actor.council_id
    if actor.role in STAFF_ROLES:
        return same_council
    invited_by_name = exists(
        select(MeetingGuest.user_id).where(
            MeetingGuest.meeting_id == Meeting.id, MeetingGuest.user_id == actor.user_id
        )
    )
    invited = or_(
        Meeting.kind.in_(SESSION_KINDS) if actor.role is Role.delegate else false(),
        Meeting.body_id.in_(actor.body_ids) if actor.body_ids else false(),
        invited_by_name,
    )
    return and_(same_council, Meeting.status != MeetingStatus.draft, invited)


def visible_meetings(actor: Actor, stmt: Query) -> Query:
    return stmt.where(_meeting_visible(actor))


def meeting_for_read(db: Session, actor: Actor, meeting_id: int) -> Meeting:
    meeting = db.scalar(select(Meeting).where(Meeting.id == meeting_id, _meeting_visible(actor)))
    if meeting is None:
        raise NotFound()
    return meeting


def meeting_for_screen(db: Session, meeting_id: int, given: str, expected: str) -> Meeting:
    """The hall screen through the projector's link: the link's own code, for a convened
    meeting. What it shows is what the hall already sees (no ballot, no document)."""
    meeting = db.scalar(select(Meeting).where(Meeting.id == meeting_id, _public_meeting()))
    if meeting is None or not given or not hmac.compare_digest(given, expected):
        raise NotFound()
    return meeting


def meeting_for_write(db: Session, actor: Actor, meeting_id: int) -> Meeting:
    meeting = meeting_for_read(db, actor, meeting_id)
    if not can_manage_meetings(actor, meeting.council_id):
        raise Forbidden()
    return meeting


def can_see_read_status(actor: Actor, meeting: Meeting) -> bool:
    """The chair and the office follow who has read the packet ("đã xem / chưa xem")."""
    return is_council_staff(actor, meeting.council_id)


def can_see_paper_titles(actor: Actor, meeting: Meeting) -> bool:
    """Guests see that a secret paper document exists, not its title."""
    return actor.role is not Role.guest or is_council_staff(actor, meeting.council_id)


# --- documents ------------------------------------------------------------------------------
#
# A document is visible when its meeting is visible, the actor's clearance reaches its class,
# and — for restricted documents — the actor is in its named audience (a body they belong to, or
# themselves). Staff of the council are the audience of everything they prepare.


def reaches(clearance: Clearance, classification: Classification) -> bool:
    return CLEARANCE_RANK[clearance] >= CLASS_RANK[classification]


def _document_visible(actor: Actor) -> ColumnElement[bool]:
    readable = [c for c in Classification if reaches(actor.clearance, c)]
    conditions: list[ColumnElement[bool]] = [
        Document.classification.in_(readable),
        Document.meeting_id.in_(select(Meeting.id).where(_meeting_visible(actor))),
    ]
    if not (actor.is_admin or actor.role in STAFF_ROLES):
        targets: list[ColumnElement[bool]] = [DocumentAudience.user_id == actor.user_id]
        if actor.body_ids:
            targets.append(DocumentAudience.body_id.in_(actor.body_ids))
        in_audience = exists(
            select(DocumentAudience.id).where(
                DocumentAudience.document_id == Document.id, or_(*targets)
            )
        )
        conditions.append(or_(Document.classification != Classification.restricted, in_audience))
    return and_(*conditions)


def visible_documents(actor: Actor, stmt: Query) -> Query:
    """The one filter behind every list, count, search, feed and export of documents."""
    return stmt.where(_document_visible(actor))


def document_for_read(db: Session, actor: Actor, document_id: int) -> Document:
    document = db.scalar(
        select(Document).where(Document.id == document_id, _document_visible(actor))
    )
    if document is None:
        raise NotFound()
    return document


def document_for_write(db: Session, actor: Actor, document_id: int) -> Document:
    document = document_for_read(db, actor, document_id)
    if not can_manage_meetings(actor, document.council_id):
        raise Forbidden()
    return document


def can_read_old_versions(actor: Actor, document: Document) -> bool:
    return is_council_staff(actor, document.council_id)


def may_send_to_model(ceiling: str, classification: Classification) -> bool:
    """Whether a document's text may go to the province's own language model server: at most
    the class its council set (public unless it chose otherwise)."""
    return CLASS_RANK[classification] <= CLASS_RANK[Classification(ceiling)]


def ensure_can_classify(actor: Actor, classification: Classification) -> None:
    """Nobody files a document above their own clearance (they could not read it back)."""
    if not reaches(actor.clearance, classification):
        raise Forbidden()


def can_override_secrecy_check(actor: Actor, council_id: int) -> bool:
    """Overriding a false-positive secrecy mark: the office or the standing committee."""
    return is_council_staff(actor, council_id)


def paper_document_for_write(db: Session, actor: Actor, entry_id: int) -> PaperDocument:
    entry = db.get(PaperDocument, entry_id)
    if entry is None:
        raise NotFound()
    meeting_for_write(db, actor, entry.meeting_id)
    return entry


# --- access links ---------------------------------------------------------------------------


def can_issue_links(actor: Actor, user: User) -> bool:
    """The office issues and revokes links for the people of its council."""
    return user.role is not Role.admin and can_manage_user(actor, user)


def user_for_links(db: Session, actor: Actor, user_id: int) -> User:
    user = user_for_read(db, actor, user_id)
    if not can_issue_links(actor, user):
        raise Forbidden()
    return user


def access_link_for_write(db: Session, actor: Actor, link_id: int) -> AccessLink:
    link = db.get(AccessLink, link_id)
    if link is None:
        raise NotFound()
    user_for_links(db, actor, link.user_id)
    return link


def own_link(db: Session, actor: Actor) -> AccessLink:
    """The access link the actor's current device session came through."""
    session = db.get(AuthSession, actor.session_id) if actor.via_link else None
    link = (
        db.get(AccessLink, session.access_link_id) if session and session.access_link_id else None
    )
    if link is None:
        raise Forbidden()
    return link


# --- the public (guests and press in the hall, anyone with the meeting's public QR) ---------


def _public_meeting() -> ColumnElement[bool]:
    return Meeting.status != MeetingStatus.draft


def public_meeting(db: Session, meeting_id: int) -> Meeting:
    """A convened (or later) meeting, as anyone may see it: title, time, agenda."""
    meeting = db.scalar(select(Meeting).where(Meeting.id == meeting_id, _public_meeting()))
    if meeting is None:
        raise NotFound()
    return meeting


def public_documents(stmt: Query) -> Query:
    """Published by the office, of the public class, of a convened meeting: what needs no
    account at all (the portal, its feeds and search, the public QR page)."""
    return stmt.where(
        Document.classification == Classification.public,
        Document.published_at.is_not(None),
        Document.meeting_id.in_(select(Meeting.id).where(_public_meeting())),
    )


def document_for_publishing(db: Session, actor: Actor, document_id: int) -> Document:
    """The office publishes what is of the public class; a resolution once it is issued."""
    document = document_for_write(db, actor, document_id)
    if document.classification is not Classification.public:
        raise NotPublishable()
    if document.doc_type is DocumentType.resolution and document.issued_at is None:
        raise NotIssuedYet()
    return document


def public_document(db: Session, document_id: int) -> Document:
    document = db.scalar(public_documents(select(Document).where(Document.id == document_id)))
    if document is None:
        raise NotFound()
    return document


def can_set_pin(db: Session, actor: Actor) -> bool:
    """A delegate who came by link and has no PIN yet may set one."""
    return actor.via_link and own_link(db, actor).pin_hash is None


# --- signing --------------------------------------------------------------------------------
# The chair certifies (Thường trực HĐND signs "TM. HỘI ĐỒNG NHÂN DÂN / CHỦ TỊCH"); the office
# applies the organisation's seal. Nobody signs through a delegate's device link.


def can_manage_trust_anchors(actor: Actor) -> bool:
    return actor.is_admin and not actor.via_link


def require_trust_admin(actor: Actor) -> None:
    if not can_manage_trust_anchors(actor):
        raise Forbidden()


def can_hold_credentials(actor: Actor) -> bool:
    """The chair, the office, and a delegate who may sign for a Ban (its Trưởng or Phó
    Trưởng Ban), signed in with their own password: never through an access link."""
    return not actor.via_link and actor.role in COUNCIL_MEMBER_ROLES


def require_credential_holder(actor: Actor) -> None:
    if not can_hold_credentials(actor):
        raise Forbidden()


@dataclass(frozen=True)
class Capacity:
    """In what capacity the caller signs a document (Decree 30/2020, art. 13): the step they
    apply, and the words the stamp and the signature record carry, e.g. ("TM. HỘI ĐỒNG NHÂN
    DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")."""

    role: SignatureRole
    lines: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return " / ".join(self.lines)


@dataclass(frozen=True)
class Issuer:
    """The Ban or the Standing Committee issuing a document (none: the council)."""

    id: int
    name: str
    kind: BodyKind


@dataclass(frozen=True)
class Seats:
    """The caller's titles as the directory holds them today: elections install them on
    their effective day, so signing rights follow elections and dismissals."""

    position: str  # in the council: "Chủ tịch HĐND", "Phó Chủ tịch HĐND"…
    bodies: dict[int, str]  # body id → the caller's position in it ("Trưởng Ban"…)


def seats_of(db: Session, actor: Actor) -> Seats:
    user = db.get(User, actor.user_id)
    rows = db.execute(
        select(BodyMembership.body_id, BodyMembership.position).where(
            BodyMembership.user_id == actor.user_id
        )
    ).all()
    return Seats(user.position if user else "", {row.body_id: row.position for row in rows})


def _titled(position: str, title: str) -> bool:
    return position.casefold().startswith(title)


def signing_capacity(
    actor: Actor, seats: Seats, council_id: int | None, issuer: Issuer | None
) -> Capacity | None:
    """The signature the caller applies to a document of this council and issuer, if any:
    the office seals; the Chủ tịch certifies for the council and its Standing Committee (a
    Phó Chủ tịch "KT. CHỦ TỊCH"); a Ban's Trưởng Ban certifies for the Ban (a Phó Trưởng Ban
    "KT. TRƯỞNG BAN")."""
    if actor.via_link or council_id is None or actor.council_id != council_id:
        return None
    if actor.role is Role.clerk:
        return Capacity(SignatureRole.seal)
    if issuer is None or issuer.kind is BodyKind.standing_committee:
        if actor.role is not Role.chair:
            return None
        behalf = "TM. HỘI ĐỒNG NHÂN DÂN" if issuer is None else "TM. THƯỜNG TRỰC HĐND"
        if _titled(seats.position, "phó chủ tịch"):
            return Capacity(SignatureRole.certify, (behalf, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"))
        return Capacity(SignatureRole.certify, (behalf, "CHỦ TỊCH"))
    position, behalf = seats.bodies.get(issuer.id, ""), f"TM. {issuer.name.upper()}"
    if _titled(position, "trưởng ban"):
        return Capacity(SignatureRole.certify, (behalf, "TRƯỞNG BAN"))
    if _titled(position, "phó trưởng ban"):
        return Capacity(SignatureRole.certify, (behalf, "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"))
    return None


def awaits_signature(capacity: Capacity | None, open_steps: Collection[SignatureRole]) -> bool:
    """Whether the caller's own signature is one of a document's next steps."""
    return capacity is not None and capacity.role in open_steps


def issuer_of(db: Session, document: Document) -> Issuer | None:
    body = db.get(Body, document.issuer_body_id) if document.issuer_body_id else None
    return Issuer(body.id, body.name, body.kind) if body else None


def signs_anything(db: Session, actor: Actor) -> bool:
    """Whether the signing desk is for the caller: the chair and the office, or a delegate
    who heads (or deputises for) one of the council's Bans."""
    if not can_hold_credentials(actor):
        return False
    if actor.role in STAFF_ROLES:
        return True
    return any(
        _titled(p, "trưởng ban") or _titled(p, "phó trưởng ban")
        for p in seats_of(db, actor).bodies.values()
    )


def document_for_signing(db: Session, actor: Actor, document_id: int) -> tuple[Document, Capacity]:
    """The document, and the capacity in which the caller signs it, or Forbidden."""
    document = document_for_read(db, actor, document_id)
    capacity = signing_capacity(
        actor, seats_of(db, actor), document.council_id, issuer_of(db, document)
    )
    if capacity is None:
        raise Forbidden()
    return document, capacity


def issued_document_for_office(db: Session, actor: Actor, document_id: int) -> Document:
    """An issued document, for the office's export to another system."""
    document = document_for_issuing(db, actor, document_id)
    if document.issued_at is None:
        raise NotIssuedYet()
    return document


def document_for_issuing(db: Session, actor: Actor, document_id: int) -> Document:
    """Numbering for issue is the office's register: the same people who prepare packets."""
    return document_for_write(db, actor, document_id)


def own_credential(db: Session, actor: Actor, credential_id: int) -> SigningCredential:
    credential = db.scalar(
        select(SigningCredential).where(
            SigningCredential.id == credential_id,
            SigningCredential.user_id == actor.user_id,
            SigningCredential.revoked_at.is_(None),
        )
    )
    if credential is None or not can_hold_credentials(actor):
        raise NotFound()
    return credential


def own_credentials(actor: Actor, stmt: Query) -> Query:
    return stmt.where(
        SigningCredential.user_id == actor.user_id, SigningCredential.revoked_at.is_(None)
    )


def own_signing_request(db: Session, actor: Actor, request_id: int) -> SigningRequest:
    found = db.scalar(
        select(SigningRequest).where(
            SigningRequest.id == request_id, SigningRequest.user_id == actor.user_id
        )
    )
    if found is None or actor.via_link:
        raise NotFound()
    return found


def own_desk_ticket(db: Session, actor: Actor, ticket_id: int) -> DeskTicket:
    """A USB-token ticket, for the signer who asked for it (never through an access link)."""
    ticket = db.scalar(
        select(DeskTicket).where(DeskTicket.id == ticket_id, DeskTicket.user_id == actor.user_id)
    )
    if ticket is None or actor.via_link:
        raise NotFound()
    return ticket


def document_by_verify_code(db: Session, code: str) -> Document:
    """The document a printed QR code points to: the code is the capability, and the page
    shows only its number, title, issue time and signatures, which the paper itself carries."""
    document = db.scalar(select(Document).where(Document.verify_code == code))
    if document is None:
        raise NotFound()
    return document


# --- the session floor ----------------------------------------------------------------------
# The chair and the office run the floor (votes, speakers, attendance of others); delegates of
# the council, chairs included, check in, vote and ask to speak for themselves, from any of
# their sessions (an access link's too). Only those checked in as present may vote.


def can_run_floor(actor: Actor, meeting: Meeting) -> bool:
    return is_council_staff(actor, meeting.council_id)


def meeting_for_floor(db: Session, actor: Actor, meeting_id: int) -> Meeting:
    meeting = meeting_for_read(db, actor, meeting_id)
    if not can_run_floor(actor, meeting):
        raise Forbidden()
    return meeting


def is_voter(actor: Actor, meeting: Meeting) -> bool:
    return actor.role in VOTER_ROLES and actor.council_id == meeting.council_id


def require_voter(actor: Actor, meeting: Meeting) -> None:
    if not is_voter(actor, meeting):
        raise NotAVoter()


def voters_of(meeting: Meeting) -> ColumnElement[bool]:
    """The council's voting members, as a condition on users."""
    return and_(User.council_id == meeting.council_id, User.role.in_(VOTER_ROLES), User.is_active)


def voter_for_marking(db: Session, meeting: Meeting, user_id: int) -> User:
    user = db.scalar(select(User).where(User.id == user_id, voters_of(meeting)))
    if user is None:
        raise NotFound()
    return user


def vote_for_read(db: Session, actor: Actor, vote_id: int) -> tuple[Vote, Meeting]:
    row = db.execute(
        select(Vote, Meeting)
        .join(Meeting, Meeting.id == Vote.meeting_id)
        .where(Vote.id == vote_id, _meeting_visible(actor))
    ).first()
    if row is None:
        raise NotFound()
    return row[0], row[1]


def vote_for_run(db: Session, actor: Actor, vote_id: int) -> tuple[Vote, Meeting]:
    vote, meeting = vote_for_read(db, actor, vote_id)
    if not can_run_floor(actor, meeting):
        raise Forbidden()
    return vote, meeting


def election_for_read(db: Session, actor: Actor, election_id: int) -> tuple[Vote, Meeting]:
    """An election is a vote of its own kind: any other vote's id is not an election's."""
    vote, meeting = vote_for_read(db, actor, election_id)
    if vote.kind is not VoteKind.election:
        raise NotFound()
    return vote, meeting


def election_for_run(db: Session, actor: Actor, election_id: int) -> tuple[Vote, Meeting]:
    vote, meeting = election_for_read(db, actor, election_id)
    if not can_run_floor(actor, meeting):
        raise Forbidden()
    return vote, meeting


def role_on_taking_office(user: User, grant: OfficeGrant) -> Role:
    """An elected Chủ tịch or Phó Chủ tịch takes the chair's role, and with it the right to sign
    for the council; other offices leave the role as it is."""
    if grant is OfficeGrant.chair and user.role is Role.delegate:
        return Role.chair
    return user.role


def election_for_ballot(db: Session, actor: Actor, election_id: int) -> Vote:
    vote = vote_for_ballot(db, actor, election_id)
    if vote.kind is not VoteKind.election:
        raise NotFound()
    return vote


def vote_for_ballot(db: Session, actor: Actor, vote_id: int) -> Vote:
    """Only a delegate of the council checked in as present may cast a ballot."""
    vote, meeting = vote_for_read(db, actor, vote_id)
    require_voter(actor, meeting)
    found = db.execute(
        select(Attendance.presence, Attendance.method, Council.online_presence_counts)
        .join(Council, Council.id == meeting.council_id)
        .where(Attendance.meeting_id == meeting.id, Attendance.user_id == actor.user_id)
    ).first()
    if found is None or found.presence is not Presence.present:
        raise NotCheckedIn()
    if not counts_as_present(found.presence, found.method, found.online_presence_counts):
        raise OnlineNotCounted()  # the council's rules: only those in the hall vote
    return vote


def speaker_request_for_write(db: Session, actor: Actor, request_id: int) -> SpeakerRequest:
    """The chair and office manage the list; a delegate may withdraw their own request."""
    row = db.execute(
        select(SpeakerRequest, Meeting)
        .join(Meeting, Meeting.id == SpeakerRequest.meeting_id)
        .where(SpeakerRequest.id == request_id, _meeting_visible(actor))
    ).first()
    if row is None:
        raise NotFound()
    request, meeting = row
    if not (can_run_floor(actor, meeting) or request.user_id == actor.user_id):
        raise Forbidden()
    return request


def require_floor_runner_for(db: Session, actor: Actor, request: SpeakerRequest) -> None:
    """Giving the floor and ordering the list are the chair's."""
    meeting = db.get_one(Meeting, request.meeting_id)
    if not can_run_floor(actor, meeting):
        raise Forbidden()


def presiding_chair(db: Session, council_id: int) -> User | None:
    """Who signs the council's records by default: its first active chair."""
    return db.scalar(
        select(User)
        .where(User.council_id == council_id, User.role == Role.chair, User.is_active)
        .order_by(User.id)
        .limit(1)
    )


def public_council(db: Session, council_id: int) -> Council:
    """A council's name and feed are public: the portal is how it publishes."""
    council = db.get(Council, council_id)
    if council is None:
        raise NotFound()
    return council


def public_meetings(db: Session, council_id: int) -> Sequence[Meeting]:
    return db.scalars(
        select(Meeting)
        .where(Meeting.council_id == council_id, _public_meeting())
        .order_by(Meeting.starts_at.desc())
    ).all()


def public_votes(db: Session, meeting: Meeting) -> Sequence[Vote]:
    """Results are public once the meeting has closed; named votes say who voted how."""
    if meeting.status not in (MeetingStatus.closed, MeetingStatus.archived):
        return []
    return db.scalars(
        select(Vote)
        .where(Vote.meeting_id == meeting.id, Vote.status == VoteStatus.closed)
        .order_by(Vote.id)
    ).all()


# --- written opinions -------------------------------------------------------------------------
# The office (and the chair) prepares a form, sends it, reminds and reports; the delegates asked
# answer it from their own link, present nowhere; nobody else sees it. Its documents keep their
# own audience: a delegate reads those the document policy lets them read.


def council_for_staff(db: Session, actor: Actor, council_id: int) -> Council:
    """What the council's office and Standing Committee run: written opinions, oversight,
    the indicators, the register of issued documents."""
    council = council_for_read(db, actor, council_id)
    require_staff(actor, council.id)
    return council


def council_for_opinions(db: Session, actor: Actor, council_id: int) -> Council:
    return council_for_staff(db, actor, council_id)


def delegates_in_office(
    db: Session, council_id: int, among: Sequence[int] | None = None
) -> list[User]:
    """The council's delegates in office (those asked for written opinions), by name; `among`
    narrows them to those user ids."""
    stmt = select(User).where(
        User.council_id == council_id, User.role.in_(VOTER_ROLES), User.is_active
    )
    if among is not None:
        stmt = stmt.where(User.id.in_(among))
    return list(db.scalars(stmt.order_by(User.full_name, User.id)))


def opinion_form_for_office(db: Session, actor: Actor, form_id: int) -> OpinionForm:
    form = db.get(OpinionForm, form_id)
    if form is None or not is_council_staff(actor, form.council_id):
        raise NotFound()
    return form


def is_asked(db: Session, actor: Actor, form: OpinionForm) -> bool:
    return (
        form.status is not FormStatus.draft
        and actor.council_id == form.council_id
        and db.get(OpinionRecipient, (form.id, actor.user_id)) is not None
    )


def opinion_form_for_read(db: Session, actor: Actor, form_id: int) -> OpinionForm:
    form = db.get(OpinionForm, form_id)
    if form is None or not (is_council_staff(actor, form.council_id) or is_asked(db, actor, form)):
        raise NotFound()
    return form


def opinion_form_for_answer(db: Session, actor: Actor, form_id: int) -> OpinionForm:
    """Only a delegate asked answers, for themselves; the office reads, it does not answer."""
    form = opinion_form_for_read(db, actor, form_id)
    if not is_asked(db, actor, form):
        raise Forbidden()
    return form


def forms_asking(actor: Actor, stmt: Query) -> Query:
    """The forms sent to the caller."""
    return stmt.where(
        OpinionForm.council_id == actor.council_id,
        OpinionForm.status != FormStatus.draft,
        exists(
            select(OpinionRecipient.user_id).where(
                OpinionRecipient.form_id == OpinionForm.id,
                OpinionRecipient.user_id == actor.user_id,
            )
        ),
    )


def sees_all_comments(actor: Actor, form: OpinionForm) -> bool:
    return form.comments_shared or is_council_staff(actor, form.council_id)


# --- petitions --------------------------------------------------------------------------------
# The office (and the chair) handles petitions and reads the petitioner's personal data; the
# public reads answered petitions without it; anyone holding a tracking code follows that one.
# Delegates enter what their voters asked and read their own constituency's petitions, never
# the petitioners' personal data.


def can_handle_petitions(actor: Actor, council_id: int) -> bool:
    return is_council_staff(actor, council_id)


def council_for_petitions(db: Session, actor: Actor, council_id: int) -> Council:
    council = council_for_read(db, actor, council_id)
    if not can_handle_petitions(actor, council.id):
        raise Forbidden()
    return council


def council_for_petition_intake(db: Session, actor: Actor, council_id: int) -> Council:
    council = council_for_read(db, actor, council_id)
    if not (
        can_handle_petitions(actor, council.id)
        or (actor.role in VOTER_ROLES and actor.council_id == council.id)
    ):
        raise Forbidden()
    return council


def supervision_report(db: Session, actor: Actor, council: Council, document_id: int) -> int:
    """A supervision's report that the petitions link to: a document of the same council the
    actor can read."""
    document = document_for_read(db, actor, document_id)
    if document.council_id != council.id:
        raise NotFound()
    return document.id


def constituencies(db: Session, actor: Actor) -> list[int]:
    """The delegate groups (Tổ đại biểu) whose voters' petitions the actor follows."""
    if actor.role not in VOTER_ROLES or not actor.body_ids:
        return []
    return list(
        db.scalars(
            select(Body.id).where(Body.id.in_(actor.body_ids), Body.kind == BodyKind.delegate_group)
        )
    )


# --- oversight: supervisions, recommendations, resolutions' tasks ----------------------------


def council_for_oversight(db: Session, actor: Actor, council_id: int) -> Council:
    """The council's office and its Standing Committee (the chairs) run supervisions and
    follow-up; delegates read the programme through the portal and their own pages."""
    return council_for_staff(db, actor, council_id)


def supervision_for_office(db: Session, actor: Actor, supervision_id: int) -> Supervision:
    supervision = db.get(Supervision, supervision_id)
    if supervision is None or not is_council_staff(actor, supervision.council_id):
        raise NotFound()
    return supervision


def follow_up_for_office(
    db: Session, actor: Actor, follow_up_id: int, kind: FollowUpKind
) -> FollowUp:
    """A recommendation (or a task) of the actor's council; the other kind's id is not one."""
    item = db.get(FollowUp, follow_up_id)
    if item is None or item.kind is not kind or not is_council_staff(actor, item.council_id):
        raise NotFound()
    return item


def agency_for_office(db: Session, actor: Actor, agency_id: int) -> Agency:
    agency = db.get(Agency, agency_id)
    if agency is None or not is_council_staff(actor, agency.council_id):
        raise NotFound()
    return agency


def follow_up_of_agency(db: Session, agency: Agency, follow_up_id: int) -> FollowUp:
    """What an agency's link may report on: its own items, nothing else."""
    item = db.get(FollowUp, follow_up_id)
    if item is None or item.agency_id != agency.id:
        raise NotFound()
    return item


def is_issued_resolution() -> ColumnElement[bool]:
    return and_(Document.doc_type == DocumentType.resolution, Document.issued_at.is_not(None))


def resolution_for_tasks(db: Session, actor: Actor, document_id: int) -> Document:
    """Tasks follow a resolution the council has issued; the office sets them."""
    document = document_for_read(db, actor, document_id)
    require_staff(actor, document.council_id)
    if document.doc_type is not DocumentType.resolution or document.issued_at is None:
        raise NotAnIssuedResolution()
    return document


def public_supervisions(stmt: Query) -> Query:
    """What the council has put on its portal."""
    return stmt.where(Supervision.published_at.is_not(None))


def topic_for_handling(db: Session, actor: Actor, topic_id: int) -> PetitionTopic:
    topic = db.get(PetitionTopic, topic_id)
    if topic is None or not can_handle_petitions(actor, topic.council_id):
        raise NotFound()
    return topic


def petition_for_handling(db: Session, actor: Actor, petition_id: int) -> Petition:
    petition = db.get(Petition, petition_id)
    if petition is None or not can_handle_petitions(actor, petition.council_id):
        raise NotFound()
    return petition


def petition_attachment_for_staff(
    db: Session, actor: Actor, attachment_id: int
) -> PetitionAttachment:
    row = db.get(PetitionAttachment, attachment_id)
    if row is None:
        raise NotFound()
    petition_for_handling(db, actor, row.petition_id)
    return row


def answer_attachment_by_code(db: Session, code: str, attachment_id: int) -> PetitionAttachment:
    """The agency's answer of this petition, or of the group it was answered with; never the
    petitioner's own files (personal data), whoever holds the code."""
    petition = petition_by_code(db, code)
    row = db.get(PetitionAttachment, attachment_id)
    if (
        row is None
        or row.kind is not AttachmentKind.answer
        or row.petition_id not in (petition.id, petition.duplicate_of)
    ):
        raise NotFound()
    return row


def petition_by_code(db: Session, code: str) -> Petition:
    petition = db.scalar(select(Petition).where(Petition.tracking_code == code.strip().upper()))
    if petition is None:
        raise NotFound()
    return petition


# --- operations -------------------------------------------------------------------------------


def require_metrics_scraper(authorization: str | None, token: str) -> None:
    """/metrics is open when no token is configured (a private scrape network, nginx refuses
    it from outside), else it wants that Bearer token."""
    if token and not secrets.compare_digest(authorization or "", f"Bearer {token}"):
        raise NotAuthenticated()
