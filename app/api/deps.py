"""Shared route dependencies: app-level services hung on `app.state` by the factory.

They are `async` only because they never block: FastAPI then runs them on the event loop
instead of hopping to a worker thread for each."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.config import Settings
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
