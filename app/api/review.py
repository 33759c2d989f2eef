"""The review assistant: an agenda item's facts and points to check, and questions asked of a
meeting's papers; both within what the caller may see."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import AppSettings
from app.db import Db, DbInt, DbSession
from app.review import drafting, service
from app.review.schemas import AskOut, DraftOut, ReviewOut
from app.security.auth import CurrentActor, ShortActor

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


@router.get("/meetings/{meeting_id}/answer", response_model=DraftOut)
def draft_answer(
    meeting_id: DbInt,
    actor: ShortActor,
    database: Db,
    settings: AppSettings,
    q: Annotated[str, Query(min_length=1, max_length=300)],
) -> DraftOut:
    """An answer drafted by the province's own model server from the passages that answer the
    question, each sentence citing its passage (409 model_off where there is none)."""
    return drafting.answer(database, settings, actor=actor, meeting_id=meeting_id, question=q)


@router.post("/documents/{document_id}/summary", response_model=DraftOut)
def summarize(
    document_id: DbInt, actor: ShortActor, database: Db, settings: AppSettings
) -> DraftOut:
    """A document's summary by the province's own model server, each sentence citing its
    page; 409 above_model_ceiling where the council keeps its class from the model."""
    return drafting.summarize(database, settings, actor=actor, document_id=document_id)
