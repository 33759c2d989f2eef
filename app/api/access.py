from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Response
from fastapi.responses import RedirectResponse

from app.access import qr
from app.access import service as links
from app.access.models import AccessLink
from app.access.schemas import AccessLinkCreate, AccessLinkCreated, AccessLinkOut
from app.api.deps import AppSettings, Limiter
from app.db import DbInt, DbSession, writes_on_get
from app.i18n import t
from app.meetings import service as meetings
from app.security import policy
from app.security.auth import SESSION_COOKIE, CurrentActor, Meta

# where a personal link may lead after it opens: a reader page, nothing else (no open redirect)
READER_PAGE = re.compile(r"/reader/[a-z]+/\d+")

router = APIRouter(tags=["access links"])


@router.post("/api/users/{user_id}/access-links", response_model=AccessLinkCreated, status_code=201)
def issue_link(
    user_id: DbInt,
    data: AccessLinkCreate,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    settings: AppSettings,
) -> AccessLinkCreated:
    """A personal link for a delegate or guest; the URL (and its QR) is shown only now."""
    user = policy.user_for_links(db, actor, user_id)
    meeting = (
        policy.meeting_for_write(db, actor, data.meeting_id)
        if data.meeting_id is not None
        else None
    )
    link, url = links.issue(
        db,
        actor=actor,
        user=user,
        meeting=meeting,
        expires_at=data.expires_at,
        base_url=settings.base_url,
        meta=meta,
    )
    return AccessLinkCreated(id=link.id, url=url, qr_svg=qr.svg(url))


@router.get("/api/users/{user_id}/access-links", response_model=list[AccessLinkOut])
def list_links(user_id: DbInt, actor: CurrentActor, db: DbSession) -> Sequence[AccessLink]:
    return links.links_of(db, user=policy.user_for_links(db, actor, user_id))


@router.delete("/api/access-links/{link_id}", status_code=204)
def revoke_link(link_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta) -> None:
    links.revoke(db, actor=actor, link=policy.access_link_for_write(db, actor, link_id), meta=meta)


@router.post("/api/access-links/{link_id}/unlock", response_model=AccessLinkOut)
def unlock_link(link_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta) -> AccessLink:
    """After wrong PINs from every device together the link locks; the office unlocks it."""
    link = policy.access_link_for_write(db, actor, link_id)
    links.unlock(db, actor=actor, link=link, meta=meta)
    return link


@router.post(
    "/api/meetings/{meeting_id}/access-cards", responses={200: {"content": {"application/pdf": {}}}}
)
def access_cards(
    meeting_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta, settings: AppSettings
) -> Response:
    """A printable A4 sheet with one QR card per invitee, each a new link to this meeting."""
    meeting = policy.meeting_for_write(db, actor, meeting_id)
    cards = []
    for user in meetings.invitees(db, meeting=meeting):
        _, url = links.issue(
            db,
            actor=actor,
            user=user,
            meeting=meeting,
            expires_at=None,
            base_url=settings.base_url,
            meta=meta,
        )
        cards.append(qr.Card(name=user.full_name, position=user.position, url=url))
    pdf = qr.sheet(cards, heading=meeting.title, hint=t("access.card_hint"))
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="the-qr-ky-hop-{meeting.id}.pdf"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/a/{token}", include_in_schema=False)
@writes_on_get  # opens a session
def open_link(
    token: str,
    db: DbSession,
    meta: Meta,
    limiter: Limiter,
    settings: AppSettings,
    next: Annotated[str, Query(max_length=200)] = "",
) -> RedirectResponse:
    """Scanning the QR: a device session starts and the reader opens (at `next`, a reader
    page such as the opinion form the message was about, where one is given)."""
    cookie, link = links.open_link(
        db,
        token=token[:100],
        meta=meta,
        limiter=limiter,
        max_failures=settings.link_max_failures,
        session_hours=settings.device_session_hours,
    )
    target = f"/reader/meetings/{link.meeting_id}" if link.meeting_id else "/reader"
    if READER_PAGE.fullmatch(next):
        target = next
    if link.pin_hash is not None:  # a new device: the PIN first
        target = "/reader/pin?" + urlencode({"next": target})
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        max_age=settings.device_session_hours * 3600,
    )
    response.headers["Referrer-Policy"] = "no-referrer"  # the token must not leak onwards
    return response
