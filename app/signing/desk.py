"""Signing with the personal USB token at the signer's own desk.

The signer asks for a ticket on the signing desk; the page shows the command to run on their
computer (``kyhop token-sign <address>``, shipped in this package). The command reads the
certificate from their token, has the platform prepare the document for it, signs the
prepared digest on the token with the PIN typed there, and sends the signature back: the key
and the PIN never leave that computer. The ticket is the command's only credential: one
document, one signer, minutes long, stored as a hash, wrong guesses counted per address."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.service import RequestMeta
from app.config import Settings
from app.db import Database, utcnow
from app.directory.models import User
from app.documents.models import Document, DocumentVersion
from app.errors import TooManyRequests
from app.security import policy
from app.security import service as sessions
from app.security.actor import Actor
from app.security.ratelimit import RateLimiter
from app.signing import requests
from app.signing.errors import TicketInvalid
from app.signing.models import DeskTicket, RequestStatus, SigningRequest
from app.storage import ObjectStore

TICKET_PATH = "/api/desk/"


@dataclass(frozen=True)
class Issued:
    ticket: DeskTicket
    token: str  # shown once, in the command line


@dataclass(frozen=True)
class TicketInfo:
    """What the command shows the signer before asking for the PIN."""

    document_id: int
    title: str
    number: str
    signer: str
    expires_at: datetime


def command(base_url: str, token: str) -> str:
    return f"kyhop token-sign {base_url.rstrip('/')}{TICKET_PATH}{token}"


def issue(
    db: Session, *, actor: Actor, document_id: int, minutes: int, meta: RequestMeta
) -> Issued:
    document, capacity = policy.document_for_signing(db, actor, document_id)
    token = secrets.token_urlsafe(24)
    ticket = DeskTicket(
        token_hash=sessions.token_hash(token),
        user_id=actor.user_id,
        document_id=document.id,
        expires_at=utcnow() + timedelta(minutes=minutes),
    )
    db.add(ticket)
    db.flush()
    audit.record(
        db,
        action="document.desk_ticket_issued",
        meta=meta,
        actor=actor,
        council_id=document.council_id,
        object_type="document",
        object_id=document.id,
        details={"ticket": ticket.id, "role": capacity.role.value},
    )
    return Issued(ticket, token)


@dataclass(frozen=True)
class Guard:
    """Wrong tickets count against the caller's address, like the delegates' links."""

    meta: RequestMeta
    limiter: RateLimiter
    max_failures: int


def _valid(db: Session, token: str, guard: Guard) -> tuple[DeskTicket, Actor]:
    key = f"desk-ticket:ip:{guard.meta.ip}"
    if guard.limiter.count(key) >= guard.max_failures:
        raise TooManyRequests()
    ticket = db.scalar(
        select(DeskTicket).where(DeskTicket.token_hash == sessions.token_hash(token[:100]))
    )
    user = db.get(User, ticket.user_id) if ticket else None
    if ticket is None or user is None or not user.is_active or ticket.expires_at <= utcnow():
        guard.limiter.hit(key)
        raise TicketInvalid()
    return ticket, sessions.actor_for(db, user)


def describe(db: Session, *, token: str, guard: Guard) -> TicketInfo:
    ticket, actor = _valid(db, token, guard)
    if ticket.request_id is not None:
        raise TicketInvalid()  # used: the command runs once
    document = db.get_one(Document, ticket.document_id)
    return TicketInfo(
        document_id=document.id,
        title=document.title,
        number=document.number or "",
        signer=actor.full_name,
        expires_at=ticket.expires_at,
    )


def prepare(
    database: Database,
    store: ObjectStore,
    *,
    settings: Settings,
    token: str,
    certificate: str,
    guard: Guard,
) -> requests.DeferredTask:
    """The token's certificate in, the digest to sign out; once per ticket."""
    ticket, actor = database.read(lambda db: _valid(db, token, guard))
    if ticket.request_id is not None:
        raise TicketInvalid()
    task = requests.prepare_deferred(
        database,
        store,
        settings=settings,
        actor=actor,
        document_id=ticket.document_id,
        certificate=certificate,
        meta=guard.meta,
    )

    def bind(db: Session) -> None:
        bound = db.execute(
            update(DeskTicket)
            .where(DeskTicket.id == ticket.id, DeskTicket.request_id.is_(None))
            .values(request_id=task.request.id)
        )
        if not bound.rowcount:  # type: ignore[attr-defined]  # another run got there first
            raise TicketInvalid()

    database.write(bind)
    return task


def complete(
    database: Database,
    store: ObjectStore,
    *,
    settings: Settings,
    token: str,
    signature: str,
    raw: bool,
    guard: Guard,
) -> DocumentVersion:
    ticket, actor = database.read(lambda db: _valid(db, token, guard))
    if ticket.request_id is None:
        raise TicketInvalid()
    return requests.complete_deferred(
        database,
        store,
        settings=settings,
        actor=actor,
        request_id=ticket.request_id,
        signature=signature,
        raw=raw,
        meta=guard.meta,
    )


def progress(db: Session, *, actor: Actor, ticket_id: int) -> str:
    """For the signer's page: «device» until the command has prepared the document, then the
    request's own status."""
    ticket = policy.own_desk_ticket(db, actor, ticket_id)
    request = db.get(SigningRequest, ticket.request_id) if ticket.request_id else None
    if request is None:
        return "expired" if ticket.expires_at <= utcnow() else "device"
    if request.status is RequestStatus.waiting and request.expires_at <= utcnow():
        return RequestStatus.expired.value
    return request.status.value
