from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

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
