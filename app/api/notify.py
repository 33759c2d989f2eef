"""What messaging providers tell the platform: Zalo's delivery receipts."""

from __future__ import annotations

from typing import Annotated

from anyio.to_thread import run_sync
from fastapi import APIRouter, Header, Request

from app.api.deps import AppSettings
from app.db import Db
from app.notify import receipts

router = APIRouter(prefix="/api", tags=["notify"])


@router.post("/zalo/events")
async def zalo_event(
    request: Request,
    database: Db,
    settings: AppSettings,
    signature: Annotated[str, Header(alias="X-ZEvent-Signature", max_length=200)] = "",
) -> dict[str, bool]:
    """The Official Account's webhook: a signed event from Zalo. A ZNS delivery receipt marks
    its message delivered; every other event is acknowledged and ignored."""
    payload = receipts.verified(settings, await request.body(), signature)
    recorded = await run_sync(database.write, lambda db: receipts.record(db, payload))
    return {"recorded": recorded}
