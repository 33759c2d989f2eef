"""Shared route dependencies: app-level services hung on `app.state` by the factory.

They are `async` only because they never block: FastAPI then runs them on the event loop
instead of hopping to a worker thread for each."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request

from app.config import Settings
from app.security.middleware import BodyLimit
from app.security.ratelimit import RateLimiter
from app.security.service import LoginPolicy
from app.storage import ObjectStore


async def _settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


async def _store(request: Request) -> ObjectStore:
    return request.app.state.store  # type: ignore[no-any-return]


async def _limiter(request: Request) -> RateLimiter:
    return request.app.state.limiter  # type: ignore[no-any-return]


async def _login_policy(settings: Annotated[Settings, Depends(_settings)]) -> LoginPolicy:
    return LoginPolicy(
        max_failures=settings.login_max_failures,
        session_hours=settings.session_hours,
        window_seconds=settings.login_window_seconds,
    )


AppSettings = Annotated[Settings, Depends(_settings)]
Store = Annotated[ObjectStore, Depends(_store)]
Limiter = Annotated[RateLimiter, Depends(_limiter)]
LoginRules = Annotated[LoginPolicy, Depends(_login_policy)]

# Body limits routes declare (`dependencies=[...]`); any other route takes settings.max_body_bytes.
_MIB = 1024 * 1024
UPLOAD_LIMIT = Depends(BodyLimit("max_upload_bytes", plus=_MIB))  # the multipart envelope
IMPORT_LIMIT = Depends(BodyLimit("max_import_bytes"))
VERIFY_LIMIT = Depends(BodyLimit("max_verify_bytes", plus=64 * 1024))
# a petition's photo or PDF (petitions.attachments.MAX_BYTES) and the form around it
PETITION_LIMIT = Depends(BodyLimit(plus=11 * _MIB))

# A year and an optional month of it, as statistics pages and their API take them.
Year = Annotated[int, Query(ge=2000, le=2100)]
Month = Annotated[int | None, Query(ge=1, le=12)]
# a period's bounds, as `?from=YYYY-MM-DD&to=YYYY-MM-DD` (both optional)
From = Annotated[date | None, Query(alias="from")]
To = Annotated[date | None, Query(alias="to")]
