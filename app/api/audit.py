from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from app.audit import service
from app.db import DbInt, DbSession
from app.security import policy
from app.security.auth import CurrentActor

router = APIRouter(prefix="/api", tags=["audit"])


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    seq: int
    at: datetime
    actor_id: DbInt | None
    actor_name: str
    council_id: DbInt | None
    action: str
    object_type: str
    object_id: str
    ip: str
    details: dict[str, object]


@router.get("/audit", response_model=list[AuditEventOut])
def list_events(
    actor: CurrentActor, db: DbSession, limit: int = Query(50, ge=1, le=500)
) -> list[object]:
    return list(service.latest(db, council_id=policy.audit_scope(actor), limit=limit))
