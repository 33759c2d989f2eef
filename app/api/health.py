from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text

from app.api.deps import AppSettings
from app.ops import metrics
from app.security import policy
from app.storage import StorageError

router = APIRouter(tags=["operations"])


@router.get("/healthz")
def healthz(request: Request) -> JSONResponse:
    """200 when both the database and the object store answer; 503 otherwise."""
    checks = {"database": "ok", "storage": "ok"}
    try:
        with request.app.state.sessionmaker() as session:
            session.execute(text("SELECT 1"))
    except Exception:  # any driver error means "not healthy", never a 500 page
        checks["database"] = "unavailable"
    try:
        request.app.state.store.ping()
    except StorageError:
        checks["storage"] = "unavailable"
    ok = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ok" if ok else "unavailable", **checks}, status_code=200 if ok else 503
    )


@router.get("/metrics", include_in_schema=False)
def metrics_page(request: Request, settings: AppSettings) -> Response:
    """Prometheus exposition: requests and latency per route, audited actions, uploaded
    bytes, ballots. Behind `KYHOP_METRICS_TOKEN` (Bearer) when one is configured."""
    policy.require_metrics_scraper(request.headers.get("authorization"), settings.metrics_token)
    body, content_type = metrics.exposition()
    return Response(body, media_type=content_type)
