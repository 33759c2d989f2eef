"""The review assistant: an agenda item's facts and points to check, and questions asked of a
meeting's papers; both within what the caller may see."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.db import DbInt, DbSession
from app.review import service
from app.review.schemas import AskOut, ReviewOut
from app.security.auth import CurrentActor

router = APIRouter(prefix="/api", tags=["review"])


@router.get("/meetings/{meeting_id}/agenda/{item_id}/review", response_model=ReviewOut)
def review_item(meeting_id: DbInt, item_id: DbInt, actor: CurrentActor, db: DbSession) -> ReviewOut:
    """Amounts, shares, quantities, dates, legal references and agencies, each with its page,
    and the points where the item's documents disagree."""
    return service.review_item(db, actor=actor, meeting_id=meeting_id, item_id=item_id)


@router.get("/meetings/{meeting_id}/ask", response_model=AskOut)
def ask(
    meeting_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    q: Annotated[str, Query(min_length=1, max_length=300)],
) -> AskOut:
    """The passages that answer a question (accents optional), best first, with their page."""
    return service.ask(db, actor=actor, meeting_id=meeting_id, question=q)
