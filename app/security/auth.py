"""FastAPI dependencies that turn a request into an authenticated `Actor`.

API clients send `Authorization: Bearer <token>`; the office pages use an HttpOnly cookie
session, and every state-changing cookie request must echo the session's CSRF token (form field
`csrf_token` or header `X-CSRF-Token`), since a browser sends cookies on cross-site requests.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from app.audit.service import RequestMeta
from app.db import Db, DbSession
from app.errors import CsrfFailed, NotAuthenticated
from app.security import service
from app.security.actor import Actor
from app.security.errors import PinRequired
from app.security.models import AuthSession, SessionKind

SESSION_COOKIE = "kyhop_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_URLENCODED = "application/x-www-form-urlencoded"


async def request_meta(request: Request) -> RequestMeta:  # async: never blocks
    return RequestMeta(
        ip=request.client.host if request.client else "",
        user_agent=request.headers.get("user-agent", ""),
    )


Meta = Annotated[RequestMeta, Depends(request_meta)]


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def _submitted_csrf(request: Request) -> str:
    """The CSRF token a cookie request carries. Multipart bodies (uploads) are never parsed
    here — they are streamed by their route — so they carry it in the header or the query."""
    if request.method in SAFE_METHODS or _bearer(request):
        return ""
    header = request.headers.get(CSRF_HEADER) or request.query_params.get(CSRF_FIELD)
    if header:
        return header
    if request.headers.get("content-type", "").startswith(_URLENCODED):
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


def _authenticate(request: Request, db: Session, csrf: str) -> Actor | None:
    bearer = _bearer(request)
    if bearer:
        resolved = service.resolve(db, bearer, SessionKind.api)
        if resolved is None:
            raise NotAuthenticated()
    else:
        cookie = request.cookies.get(SESSION_COOKIE)
        resolved = service.resolve(db, cookie, SessionKind.web) if cookie else None
        if resolved is None:
            return None
        if request.method not in SAFE_METHODS and not hmac.compare_digest(
            csrf.encode(), resolved[0].csrf_token.encode()
        ):
            raise CsrfFailed()
    session_row, user = resolved
    request.state.csrf_token = session_row.csrf_token
    if session_row.needs_pin:
        raise PinRequired()
    actor = service.actor_for(db, user, session_row)
    request.state.actor = actor
    return actor


def _optional_actor(
    request: Request, db: DbSession, csrf: Annotated[str, Depends(_submitted_csrf)]
) -> Actor | None:
    return _authenticate(request, db, csrf)


async def _actor(actor: Annotated[Actor | None, Depends(_optional_actor)]) -> Actor:
    if actor is None:
        raise NotAuthenticated()
    return actor


def _short_actor(
    request: Request, database: Db, csrf: Annotated[str, Depends(_submitted_csrf)]
) -> Actor:
    actor = database.read(lambda db: _authenticate(request, db, csrf))
    if actor is None:
        raise NotAuthenticated()
    return actor


async def _caller(
    request: Request, csrf: Annotated[str, Depends(_submitted_csrf)]
) -> Callable[[Session], Actor]:
    """Who is asking, resolved inside the route's own short scope (`Db.read` or `Db.write`):
    one trip through the pool instead of two, for the hottest routes (a ballot, pdf.js's many
    range requests). A request that carries no credentials is refused here, before its body is
    looked at."""
    if _bearer(request) is None and SESSION_COOKIE not in request.cookies:
        raise NotAuthenticated()

    def resolve(db: Session) -> Actor:
        actor = _authenticate(request, db, csrf)
        if actor is None:
            raise NotAuthenticated()
        return actor

    return resolve


OptionalActor = Annotated[Actor | None, Depends(_optional_actor)]
CurrentActor = Annotated[Actor, Depends(_actor)]
# Authenticated in its own short read, holding no connection afterwards: for the routes that
# then wait on slow work and use `Db`'s short scopes instead of the request's transaction.
ShortActor = Annotated[Actor, Depends(_short_actor)]


def _pending_device(
    request: Request, db: DbSession, csrf: Annotated[str, Depends(_submitted_csrf)]
) -> AuthSession:
    """The cookie session of a device that still has to give its link's PIN."""
    cookie = request.cookies.get(SESSION_COOKIE)
    resolved = service.resolve(db, cookie, SessionKind.web) if cookie else None
    if resolved is None or resolved[0].access_link_id is None:
        raise NotAuthenticated()
    session_row = resolved[0]
    request.state.csrf_token = session_row.csrf_token
    if request.method not in SAFE_METHODS and not hmac.compare_digest(
        csrf.encode(), session_row.csrf_token.encode()
    ):
        raise CsrfFailed()
    return session_row


PendingDevice = Annotated[AuthSession, Depends(_pending_device)]
# Resolved by the route inside its own short scope: `actor = caller(db)`.
Caller = Annotated[Callable[[Session], Actor], Depends(_caller)]
