"""Office web pages (server-rendered, cookie session, CSRF on every form)."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.access import qr
from app.access import service as access_links
from app.api.deps import IMPORT_LIMIT, AppSettings, Limiter, LoginRules
from app.audit import service as audit_service
from app.db import DbInt, DbSession
from app.directory import importer, mandates, terms
from app.directory import service as directory
from app.directory.models import Council, MandateEnd
from app.directory.schemas import (
    BodyCreate,
    CouncilCreate,
    CouncilUpdate,
    MandatesOut,
    MemberAdd,
    TermCreate,
    UserCreate,
    UserUpdate,
)
from app.errors import DomainError, InvalidInput
from app.i18n import local_today, t
from app.i18n.middleware import LANG_COOKIE
from app.meetings import service as meetings
from app.meetings.models import MeetingKind
from app.notify import senders
from app.security import policy, service
from app.security.actor import Actor
from app.security.auth import CSRF_FIELD, SESSION_COOKIE, CurrentActor, Meta, OptionalActor
from app.security.models import SessionKind
from app.web.render import attempt, done, render, safe_next

router = APIRouter(include_in_schema=False)
LOGIN_CSRF_COOKIE = "kyhop_login_csrf"


# --- login ----------------------------------------------------------------------------------


@router.get("/", include_in_schema=False)
def root(actor: OptionalActor) -> RedirectResponse:
    return RedirectResponse(policy.home_page(actor.role) if actor else "/login", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, actor: OptionalActor, next: str = "") -> Response:
    if actor is not None:
        return RedirectResponse(safe_next(next, policy.home_page(actor.role)), status_code=303)
    token = secrets.token_urlsafe(32)
    response = render(request, "login.html", next=safe_next(next, ""), login_csrf=token)
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.app.state.settings.secure_cookies,
        path="/login",
    )
    return response


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    db: DbSession,
    meta: Meta,
    limiter: Limiter,
    rules: LoginRules,
    settings: AppSettings,
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, csrf_token):
        return render(
            request,
            "login.html",
            403,
            next=safe_next(next, ""),
            login_csrf=expected,
            error=t("error.csrf_failed"),
        )
    try:
        user = service.check_password(
            db, username=username, password=password, meta=meta, limiter=limiter, policy=rules
        )
    except DomainError as error:
        db.commit()  # keep the failed-login audit record, as the API path does
        return render(
            request,
            "login.html",
            error.status,
            next=safe_next(next, ""),
            login_csrf=expected,
            error=error.message(),
            username=username,
        )
    token, _ = service.open_session(
        db, user=user, kind=SessionKind.web, meta=meta, hours=rules.session_hours
    )
    response = RedirectResponse(safe_next(next, policy.home_page(user.role)), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        max_age=rules.session_hours * 3600,
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(actor: CurrentActor, db: DbSession) -> RedirectResponse:
    if actor.session_id is not None:
        service.revoke(db, actor.session_id)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/lang/{code}")
def set_language(code: str, next: str = "/office") -> RedirectResponse:
    response = RedirectResponse(safe_next(next), status_code=303)
    if code in ("vi", "en"):
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, samesite="lax")
    return response


# --- councils -------------------------------------------------------------------------------


@router.get("/office", response_class=HTMLResponse)
def dashboard(request: Request, actor: CurrentActor, db: DbSession) -> Response:
    if not policy.works_in_office(actor):  # the office's directory is not a reader's page
        return RedirectResponse(policy.home_page(actor.role), status_code=303)
    home = policy.home_council(actor)
    if home is not None:
        return RedirectResponse(f"/office/councils/{home}", status_code=303)
    return render(request, "councils.html", councils=directory.list_councils(db, actor=actor))


@router.post("/office/councils", response_class=HTMLResponse)
def create_council(
    request: Request,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    name: Annotated[str, Form()],
    level: Annotated[str, Form()],
    total_delegates: Annotated[str, Form()],
    term: Annotated[str, Form()] = "",
) -> Response:
    def action() -> object:
        policy.require_admin(actor)
        data = CouncilCreate(name=name, level=level, total_delegates=total_delegates, term=term)
        return directory.create_council(db, actor=actor, data=data, meta=meta)

    council, error = attempt(db, action)
    if error:
        return render(
            request,
            "councils.html",
            error[1],
            error=error[0],
            councils=directory.list_councils(db, actor=actor),
        )
    return done(f"/office/councils/{council.id}", "council_created")


def council_page(
    request: Request,
    db: DbSession,
    actor: CurrentActor,
    council_id: DbInt,
    status_code: int = 200,
    **extra: Any,
) -> HTMLResponse:
    council = policy.council_for_read(db, actor, council_id)
    bodies = directory.list_bodies(db, actor=actor, council_id=council.id)
    try:
        events = audit_service.latest(db, council_id=policy.audit_scope(actor), limit=15)
    except DomainError:
        events = []
    return render(
        request,
        "council.html",
        status_code,
        council=council,
        users=directory.list_users(db, actor=actor, council_id=council.id),
        bodies=[(b, directory.body_members(db, body=b)) for b in bodies],
        can_manage=policy.can_manage_council(actor, council.id),
        meetings=meetings.list_meetings(db, actor=actor, council_id=council.id),
        terms=meetings.terms_with_sessions(db, council),
        next_number=meetings.next_session_number(db, council, local_today()),
        mandates=_mandates(db, council),
        mandate_ends=list(MandateEnd),
        MeetingKind=MeetingKind,
        events=events,
        **extra,
    )


def _mandates(db: DbSession, council: Council) -> MandatesOut | None:
    """The current term's delegates in office, with history; None without a term."""
    try:
        term = mandates.term_of(db, council, None, local_today())
    except DomainError:
        return None
    return mandates.describe(db, council, term, local_today())


def council_form(
    request: Request,
    db: DbSession,
    actor: Actor,
    council_id: DbInt,
    ok: str,
    action: Callable[[], object],
) -> Response:
    """Run a council-page form: back to the page with the message, or redirect with `ok`."""
    _, error = attempt(db, action)
    if error:
        return council_page(
            request, db, actor, council_id, error[1], error=error[0], import_errors=error[2] or []
        )
    return done(f"/office/councils/{council_id}", ok)


@router.get("/office/councils/{council_id}", response_class=HTMLResponse)
def council_view(
    request: Request, council_id: DbInt, actor: CurrentActor, db: DbSession
) -> Response:
    return council_page(request, db, actor, council_id)


@router.post("/office/councils/{council_id}", response_class=HTMLResponse)
def update_council(
    request: Request,
    council_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    name: Annotated[str, Form()],
    total_delegates: Annotated[str, Form()],
    term: Annotated[str, Form()] = "",
    online_presence_counts: Annotated[bool, Form()] = False,
    model_ceiling: Annotated[str, Form(max_length=20)] = "public",
) -> Response:
    def action() -> object:
        council = policy.council_for_write(db, actor, council_id)
        data = CouncilUpdate.model_validate(
            {
                "name": name,
                "total_delegates": total_delegates,
                "term": term,
                "online_presence_counts": online_presence_counts,
                "model_ceiling": model_ceiling,
            }
        )
        return directory.update_council(db, actor=actor, council=council, data=data, meta=meta)

    return council_form(request, db, actor, council_id, "council_updated", action)


@router.post("/office/councils/{council_id}/users", response_class=HTMLResponse)
def create_user(
    request: Request,
    council_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    username: Annotated[str, Form()],
    full_name: Annotated[str, Form()],
    role: Annotated[str, Form()],
    clearance: Annotated[str, Form()],
    position: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
    phone: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    def action() -> object:
        council = policy.council_for_write(db, actor, council_id)
        data = UserCreate(
            username=username,
            full_name=full_name,
            role=role,
            clearance=clearance,
            position=position,
            email=email or None,
            phone=phone,
            password=password or None,
            council_id=council.id,
        )
        policy.ensure_can_assign(actor, council_id=council.id, role=data.role)
        return directory.create_users(db, actor=actor, rows=[data], meta=meta, source="office")

    return council_form(request, db, actor, council_id, "user_created", action)


@router.post("/office/councils/{council_id}/bodies", response_class=HTMLResponse)
def create_body(
    request: Request,
    council_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    kind: Annotated[str, Form()],
    name: Annotated[str, Form()],
    areas: Annotated[str, Form()] = "",
) -> Response:
    def action() -> object:
        council = policy.council_for_write(db, actor, council_id)
        data = BodyCreate(kind=kind, name=name, areas=areas)
        return directory.create_body(db, actor=actor, council=council, data=data, meta=meta)

    return council_form(request, db, actor, council_id, "body_created", action)


@router.post("/office/councils/{council_id}/terms", response_class=HTMLResponse)
def add_term(
    request: Request,
    council_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    ordinal: Annotated[str, Form()],
    starts_on: Annotated[str, Form()],
    ends_on: Annotated[str, Form()] = "",
) -> Response:
    def action() -> object:
        council = policy.council_for_write(db, actor, council_id)
        data = TermCreate.model_validate(
            {"ordinal": ordinal, "starts_on": starts_on, "ends_on": ends_on or None}
        )
        return terms.add_term(db, actor=actor, council=council, data=data, meta=meta)

    return council_form(request, db, actor, council_id, "term_created", action)


@router.post(
    "/office/councils/{council_id}/import", response_class=HTMLResponse, dependencies=[IMPORT_LIMIT]
)
def import_users(
    request: Request,
    council_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    file: Annotated[UploadFile, File()],
) -> Response:
    def action() -> object:
        council = policy.council_for_write(db, actor, council_id)
        return importer.import_users(
            db,
            actor=actor,
            council=council,
            filename=file.filename or "",
            data=file.file,
            meta=meta,
        )

    return council_form(request, db, actor, council_id, "import_done", action)


@router.post("/office/bodies/{body_id}/members", response_class=HTMLResponse)
def add_member(
    request: Request,
    body_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    user_id: Annotated[int, Form()],
    position: Annotated[str, Form()] = "",
) -> Response:
    body = policy.body_for_write(db, actor, body_id)

    def action() -> None:
        user = policy.user_for_read(db, actor, user_id)
        data = MemberAdd(user_id=user.id, position=position)
        directory.add_member(db, actor=actor, body=body, user=user, data=data, meta=meta)

    return council_form(request, db, actor, body.council_id, "member_added", action)


@router.post("/office/bodies/{body_id}/members/{user_id}/remove")
def remove_member(
    body_id: DbInt, user_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta
) -> RedirectResponse:
    body = policy.body_for_write(db, actor, body_id)
    directory.remove_member(db, actor=actor, body=body, user_id=user_id, meta=meta)
    return done(f"/office/councils/{body.council_id}", "member_removed")


# --- people ---------------------------------------------------------------------------------


@router.get("/office/users/{user_id}", response_class=HTMLResponse)
def user_page(request: Request, user_id: DbInt, actor: CurrentActor, db: DbSession) -> Response:
    return _user_page(request, db, actor, user_id)


def _user_page(
    request: Request,
    db: DbSession,
    actor: Actor,
    user_id: DbInt,
    status_code: int = 200,
    **extra: Any,
) -> HTMLResponse:
    user = policy.user_for_read(db, actor, user_id)
    issues_links = policy.can_issue_links(actor, user)
    return render(
        request,
        "user.html",
        status_code,
        user=user,
        can_manage=policy.can_manage_user(actor, user),
        links=access_links.links_of(db, user=user) if issues_links else [],
        issues_links=issues_links,
        meetings=meetings.list_meetings(db, actor=actor, council_id=user.council_id)
        if issues_links and user.council_id
        else [],
        **extra,
    )


@router.post("/office/users/{user_id}/access-links", response_class=HTMLResponse)
def issue_link(
    request: Request,
    user_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    settings: AppSettings,
    meeting_id: Annotated[DbInt | None, Form()] = None,
) -> Response:
    """Shows the new link and its QR code once; afterwards only its hash exists."""
    user = policy.user_for_links(db, actor, user_id)
    meeting = policy.meeting_for_write(db, actor, meeting_id) if meeting_id else None
    _, url = access_links.issue(
        db,
        actor=actor,
        user=user,
        meeting=meeting,
        expires_at=None,
        base_url=settings.base_url,
        meta=meta,
    )
    png = base64.b64encode(qr.png(url)).decode()
    return _user_page(request, db, actor, user_id, new_link=url, new_qr=qr.svg(url), new_png=png)


@router.post("/office/access-links/{link_id}/unlock")
def unlock_link(link_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta) -> RedirectResponse:
    link = policy.access_link_for_write(db, actor, link_id)
    access_links.unlock(db, actor=actor, link=link, meta=meta)
    return done(f"/office/users/{link.user_id}", "link_unlocked")


@router.post("/office/access-links/{link_id}/revoke")
def revoke_link(link_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta) -> RedirectResponse:
    link = policy.access_link_for_write(db, actor, link_id)
    access_links.revoke(db, actor=actor, link=link, meta=meta)
    return done(f"/office/users/{link.user_id}", "link_revoked")


@router.post("/office/users/{user_id}", response_class=HTMLResponse)
def update_user(
    request: Request,
    user_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    settings: AppSettings,
    full_name: Annotated[str, Form()],
    role: Annotated[str, Form()],
    clearance: Annotated[str, Form()],
    position: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
    phone: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    is_active: Annotated[str, Form()] = "",
) -> Response:
    def action() -> object:
        user = policy.user_for_write(db, actor, user_id)
        data = UserUpdate(
            full_name=full_name,
            role=role,
            clearance=clearance,
            position=position,
            email=email or None,
            phone=phone,
            password=password or None,
            is_active=bool(is_active),
        )
        if data.role is None:
            raise InvalidInput()
        policy.ensure_can_assign(actor, council_id=user.council_id, role=data.role, user=user)
        channels = senders.configured(settings)
        return directory.update_user(
            db, actor=actor, user=user, data=data, meta=meta, channels=channels
        )

    _, error = attempt(db, action)
    if error:
        user = policy.user_for_read(db, actor, user_id)
        return render(
            request,
            "user.html",
            error[1],
            user=user,
            error=error[0],
            can_manage=policy.can_manage_user(actor, user),
        )
    return done(f"/office/users/{user_id}", "user_updated")
