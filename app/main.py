"""Application factory: wires settings, database, storage, middleware and routers."""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException

from app import bootstrap
from app.api import (
    access,
    audit,
    auth,
    councils,
    documents,
    elections,
    floor,
    health,
    indicators,
    meetings,
    opinions,
    oversight,
    petitions,
    portal,
    signing,
    users,
)
from app.api import notify as notify_api
from app.api import review as review_api
from app.config import Settings, get_settings
from app.db import DB_SLOTS, WORKER_THREADS, Database, make_engine, make_sessionmaker
from app.errors import DomainError, NotAuthenticated, named_fields
from app.floor.service import LIVE_TOPIC
from app.floor.snapshot import floor_snapshots
from app.i18n import t
from app.i18n.middleware import LanguageMiddleware
from app.live import LiveHub
from app.ops.metrics import MetricsMiddleware
from app.security.errors import PinRequired
from app.security.middleware import BodyLimitMiddleware, SecurityHeadersMiddleware
from app.security.ratelimit import make_rate_limiter
from app.storage import ObjectStore, StorageError, StorageFull, store_from_url
from app.timing import ServerTimingMiddleware
from app.web import STATIC_DIR, office, public, reader
from app.web import floor as floor_pages
from app.web import indicators as indicator_pages
from app.web import meetings as meeting_pages
from app.web import opinions as opinion_pages
from app.web import oversight as oversight_pages
from app.web import petitions as petition_pages
from app.web import signing as signing_pages
from app.web.render import login_url
from app.web.static_files import CompressedStaticFiles

log = logging.getLogger("kyhop")
mimetypes.add_type("text/javascript", ".mjs")  # module scripts need a JavaScript type


def create_app(
    settings: Settings | None = None,
    *,
    sessionmaker_: sessionmaker[Session] | None = None,
    store: ObjectStore | None = None,
) -> FastAPI:
    settings = settings or get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    factory = sessionmaker_ or make_sessionmaker(make_engine(settings.resolved_database_url))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        bootstrap.ensure_admin(factory, settings)
        anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
        await app.state.live.start()
        try:
            yield
        finally:
            await app.state.live.stop()

    app = FastAPI(
        title="Kỳ Họp Số",
        version="1.0",
        description="Nền tảng kỳ họp không giấy cho Hội đồng nhân dân",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.sessionmaker = factory
    app.state.store = store or store_from_url(settings.storage_url)
    app.state.limiter = make_rate_limiter(settings.redis_url, settings.login_window_seconds)
    app.state.db_slots = anyio.Semaphore(DB_SLOTS)
    app.state.live = LiveHub({LIVE_TOPIC: floor_snapshots(factory)}, settings.redis_url)
    app.state.database = Database(factory, app.state.live.publish)

    _install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware, default=settings.max_body_bytes)
    app.add_middleware(LanguageMiddleware)
    app.add_middleware(SecurityHeadersMiddleware, hsts=settings.secure_cookies)
    app.add_middleware(ServerTimingMiddleware)
    app.add_middleware(MetricsMiddleware)  # outermost: counts every answer, refusals included

    for module in (
        health,
        auth,
        councils,
        users,
        meetings,
        documents,
        audit,
        access,
        signing,
        notify_api,
        review_api,
        floor,
        elections,
        opinions,
        oversight,
        indicators,
        portal,
        petitions,
        office,
        meeting_pages,
        reader,
        public,
        floor_pages,
        petition_pages,
        opinion_pages,
        oversight_pages,
        indicator_pages,
        signing_pages,
    ):
        app.include_router(module.router)
    # pdf.js is among the static files, copied from the npm lock at build time (never a CDN).
    app.mount("/static", CompressedStaticFiles(directory=STATIC_DIR), name="static")
    return app


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        if isinstance(exc, PinRequired) and _wants_html(request):
            return RedirectResponse(reader.pin_url(request), status_code=303)
        if isinstance(exc, NotAuthenticated) and _wants_html(request):
            return RedirectResponse(login_url(request), status_code=303)
        return JSONResponse(exc.body(), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {
                "field": ".".join(str(p) for p in err.get("loc", ()) if p != "body"),
                "message": t(f"validation.{err.get('type')}")
                if f"validation.{err.get('type')}" in _KNOWN_VALIDATION
                else t("validation.invalid"),
            }
            for err in exc.errors()
        ]
        body = {
            "error": {
                "code": "validation_error",
                "message": named_fields(details) or t("error.validation"),
                "details": details,
            }
        }
        return JSONResponse(body, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        key = {404: "error.not_found", 405: "error.method_not_allowed"}.get(
            exc.status_code, "error.generic"
        )
        return JSONResponse(
            {"error": {"code": code, "message": t(key)}},
            status_code=exc.status_code,
            headers=exc.headers,
        )

    # An outage of the object store or the database is not the user's fault nor a bug: a clear
    # 503 while it lasts (the request's transaction was rolled back and its objects removed).
    @app.exception_handler(StorageError)
    async def storage_down(request: Request, exc: StorageError) -> JSONResponse:
        log.error("object store failed on %s %s: %s", request.method, request.url.path, exc)
        return _unavailable("storage_unavailable", "error.storage_unavailable")

    @app.exception_handler(StorageFull)
    async def storage_full(request: Request, exc: StorageFull) -> JSONResponse:
        log.error("no space left on %s %s: %s", request.method, request.url.path, exc)
        return JSONResponse(
            {"error": {"code": "storage_full", "message": t("error.storage_full")}},
            status_code=507,
        )

    @app.exception_handler(OperationalError)
    async def database_down(request: Request, exc: OperationalError) -> JSONResponse:
        log.error("database failed on %s %s: %s", request.method, request.url.path, exc)
        return _unavailable("database_unavailable", "error.database_unavailable")

    # A value the database cannot hold (an id beyond its integer range, a NUL byte in a text):
    # the client's input, refused like any invalid input; the transaction was rolled back.
    @app.exception_handler(DataError)
    async def unfit_value(request: Request, exc: DataError) -> JSONResponse:
        log.info("value refused by the database on %s %s", request.method, request.url.path)
        return JSONResponse(
            {"error": {"code": "validation_error", "message": t("error.validation")}},
            status_code=422,
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse(
            {"error": {"code": "internal_error", "message": t("error.internal")}}, status_code=500
        )


def _unavailable(code: str, key: str) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": t(key)}},
        status_code=503,
        headers={"Retry-After": "30"},
    )


_KNOWN_VALIDATION = frozenset(
    f"validation.{kind}"
    for kind in (
        "missing",
        "extra_forbidden",
        "string_too_short",
        "string_too_long",
        "string_pattern_mismatch",
        "enum",
        "int_parsing",
        "greater_than",
        "less_than_equal",
        "value_error",
        "json_invalid",
        "literal_error",
    )
)
