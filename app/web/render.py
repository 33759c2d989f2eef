"""What every page shares: the templates and their globals, rendering with the caller's CSRF
token and language, same-site redirects, and running a form's action so that a refusal
renders the page again with its message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from sqlalchemy.orm import Session

from app.db import rollback
from app.directory.models import BodyKind, Clearance, CouncilLevel, Role
from app.errors import DomainError, InvalidInput
from app.i18n import current_lang, local_time, t
from app.i18n.numbers import ordinal
from app.security import policy
from app.web import TEMPLATES_DIR

templates = Jinja2Templates(directory=TEMPLATES_DIR)
templates.env.globals.update(
    t=t,
    Role=Role,
    Clearance=Clearance,
    CouncilLevel=CouncilLevel,
    BodyKind=BodyKind,
    policy=policy,
    badge_class={"new": "badge new", "updated": "badge updated", "seen": "badge seen"},
)
templates.env.filters["local_time"] = local_time


def percent(rate: float) -> str:
    """0.125 → "12,5%", 1.0 → "100%": a Vietnamese decimal comma, no trailing zeros (as the
    floor's screens show percentages)."""
    return f"{rate * 100:.1f}".removesuffix(".0").replace(".", ",") + "%"


templates.env.filters["percent"] = percent


def session_number(n: int) -> str:
    """5 → «thứ năm» (the word a session's title uses), "no. 5" in English."""
    return t("meeting.number", word=ordinal(n) if current_lang.get() == "vi" else n)


templates.env.filters["session_number"] = session_number


NOT_AFTER_LOGIN = ("//", "/\\", "/a/", "/reader/pin")


def safe_next(target: str | None, default: str = "/office") -> str:
    """Only same-site paths: refuses '//evil', 'https://evil', '/\\evil' (open redirects), and
    the pages a login cannot open (an access link, a device's PIN page): sent to the login page
    by one of those, a logged-in person would be sent straight back, forever."""
    if not target or not target.startswith("/") or target.startswith(NOT_AFTER_LOGIN):
        return default
    return target


def login_url(request: Request) -> str:
    return "/login?" + urlencode({"next": request.url.path})


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("actor", getattr(request.state, "actor", None))
    # absolute links (a shared page's Open Graph address and image) use the public address
    context.setdefault("base_url", request.app.state.settings.base_url.rstrip("/"))
    context["csrf_token"] = getattr(request.state, "csrf_token", "")
    context["lang"] = current_lang.get()
    context["ok"] = request.query_params.get("ok")
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def form_error(error: DomainError | ValidationError) -> tuple[str, int, Any]:
    if isinstance(error, ValidationError):
        error = InvalidInput.of(error)
    return error.message(), error.status, error.details


def attempt(db: Session, action: Callable[[], object]) -> tuple[Any, tuple[str, int, Any] | None]:
    """Run a form's action; on refusal roll back everything and hand the message to the page."""
    try:
        return action(), None
    except (DomainError, ValidationError) as error:
        rollback(db)
        return None, form_error(error)


def attempt_alone(action: Callable[[], object]) -> tuple[str, int, Any] | None:
    """Run a form's action that manages its own short transactions (slow work between them):
    the refusal's message for the page, or None when it was done."""
    try:
        action()
    except (DomainError, ValidationError) as error:
        return form_error(error)
    return None


def done(url: str, ok: str) -> RedirectResponse:
    return RedirectResponse(f"{url}?ok={quote(ok)}", status_code=303)
