"""The council's register of agencies (who answers petitions, recommendations and tasks) and
the agency's own link: where the council allows it, the office issues one, sent to the
agency's contact, and the agency reports on what it was asked to do without an account."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.service import RequestMeta
from app.db import utcnow
from app.errors import TooManyRequests
from app.i18n import Lang, t
from app.notify import service as notify
from app.notify.models import Channel
from app.oversight import service as oversight
from app.oversight.errors import AgencyLinkInvalid
from app.oversight.models import AgencyLink, FollowUp, FollowUpStatus
from app.oversight.schemas import AgencyOut, AgencyUpdate, FollowUpOut
from app.petitions.models import Agency
from app.security.actor import Actor
from app.security.ratelimit import RateLimiter
from app.security.service import token_hash

LANG: Lang = "vi"  # official correspondence


def register(db: Session, council_id: int) -> list[AgencyOut]:
    issued = dict(
        db.execute(
            select(AgencyLink.agency_id, AgencyLink.created_at)
            .join(Agency, Agency.id == AgencyLink.agency_id)
            .where(Agency.council_id == council_id, AgencyLink.revoked_at.is_(None))
        ).all()
    )
    open_items = dict(
        db.execute(
            select(FollowUp.agency_id, func.count(FollowUp.id))
            .where(FollowUp.council_id == council_id, FollowUp.status != FollowUpStatus.done)
            .group_by(FollowUp.agency_id)
        ).all()
    )
    return [
        AgencyOut(
            id=a.id,
            name=a.name,
            contact_email=a.contact_email,
            link_issued_at=issued.get(a.id),
            open_items=open_items.get(a.id, 0),
        )
        for a in db.scalars(
            select(Agency).where(Agency.council_id == council_id).order_by(Agency.name)
        )
    ]


def update_agency(
    db: Session, *, actor: Actor, agency: Agency, data: AgencyUpdate, meta: RequestMeta
) -> Agency:
    if data.name:
        agency.name = data.name
    agency.contact_email = data.contact_email
    _audit(db, actor, meta, agency, "agency.updated")
    return agency


def issue_link(
    db: Session,
    *,
    actor: Actor,
    agency: Agency,
    base_url: str,
    channels: Iterable[Channel],
    meta: RequestMeta,
) -> str:
    """A new link for the agency (the last one stops working), e-mailed to its contact when it
    has one and the deployment sends mail; the address is shown once."""
    _revoke(db, agency)
    token = secrets.token_urlsafe(32)
    link = AgencyLink(agency_id=agency.id, token_hash=token_hash(token), created_by=actor.user_id)
    db.add(link)
    db.flush()
    url = f"{base_url.rstrip('/')}/p/agency/{token}"
    if Channel.email in set(channels):
        notify.remind_agency(
            db,
            council_id=agency.council_id,
            key=f"agency-link:{link.id}",
            email=agency.contact_email,
            subject=t("agencies.link_subject", LANG),
            body=t("agencies.link_body", LANG, agency=agency.name, url=url),
        )
    _audit(db, actor, meta, agency, "agency.link_issued")
    return url


def revoke_link(db: Session, *, actor: Actor, agency: Agency, meta: RequestMeta) -> None:
    _revoke(db, agency)
    _audit(db, actor, meta, agency, "agency.link_revoked")


def _revoke(db: Session, agency: Agency) -> None:
    db.execute(
        update(AgencyLink)
        .where(AgencyLink.agency_id == agency.id, AgencyLink.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def agency_for_link(
    db: Session, *, token: str, meta: RequestMeta, limiter: RateLimiter, max_failures: int
) -> Agency:
    """The agency whose working link this is. Wrong tokens count against the address, like
    the delegates' links: a guesser is stopped long before finding one."""
    key = f"agency-link:ip:{meta.ip}"
    if limiter.count(key) >= max_failures:
        raise TooManyRequests()
    link = db.scalar(
        select(AgencyLink).where(
            AgencyLink.token_hash == token_hash(token[:100]), AgencyLink.revoked_at.is_(None)
        )
    )
    agency = db.get(Agency, link.agency_id) if link else None
    if link is None or agency is None:
        limiter.hit(key)
        raise AgencyLinkInvalid()
    link.last_used_at = utcnow()
    return agency


def asked_of(db: Session, agency: Agency, on: date) -> list[tuple[FollowUpOut, str]]:
    """What the agency was asked to do and has not finished, with where it comes from (the
    supervision's or the resolution's title), the earliest due first."""
    items = oversight.follow_ups(
        db,
        select(FollowUp)
        .where(FollowUp.agency_id == agency.id, FollowUp.status != FollowUpStatus.done)
        .order_by(FollowUp.due_date, FollowUp.id),
        on,
    )
    sources = oversight.sources_of(db, items)
    return [(item, sources[item.id]) for item in items]


def _audit(db: Session, actor: Actor, meta: RequestMeta, agency: Agency, action: str) -> None:
    audit.record(
        db,
        action=action,
        meta=meta,
        actor=actor,
        council_id=agency.council_id,
        object_type="agency",
        object_id=agency.id,
    )
