"""Drafts by the province's own language model server (an OpenAI-compatible endpoint on its
own network): a document's summary, or an answer to a question asked of a meeting's papers.

The model is only ever sent numbered passages the reader may see and whose document's class
is at most what the council allows (public unless it chose otherwise); it is told to end
every sentence with the number of the passage it comes from, and a sentence that does not is
dropped, so each sentence shown links to its source. The call is made holding no database
connection."""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import Database
from app.directory.models import Council
from app.documents import service as documents
from app.documents.models import Classification, Document
from app.pdf import PAGE_SEPARATOR
from app.review import service as review
from app.review.errors import AboveCeiling, ModelOff, ModelUnavailable
from app.review.schemas import DraftOut, DraftSentence
from app.security import policy
from app.security.actor import Actor

TIMEOUT = httpx.Timeout(120.0)  # a model on a province's own machine can be slow
PASSAGE_CHARS = 1200
SUMMARY_PAGES = 12
SYSTEM = (
    "Bạn là trợ lý thẩm tra của Hội đồng nhân dân. Chỉ dùng các đoạn văn được đánh số dưới "
    "đây, không thêm thông tin nào khác. Viết bằng tiếng Việt, câu ngắn. Mỗi câu phải kết "
    "thúc bằng số của đoạn văn làm căn cứ trong ngoặc vuông, ví dụ [2]."
)


@dataclass(frozen=True)
class Source:
    document_id: int
    page: int
    text: str


def _complete(settings: Settings, prompt: str) -> str:
    headers = {"Authorization": f"Bearer {settings.model_key}"} if settings.model_key else {}
    body = {
        "model": settings.model_name,
        "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": prompt}],
        "temperature": 0,
    }
    try:
        response = httpx.post(
            f"{settings.model_url.rstrip('/')}/chat/completions",
            json=body,
            headers=headers,
            timeout=TIMEOUT,
        )
        response.raise_for_status()
        return str(response.json()["choices"][0]["message"]["content"])
    except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise ModelUnavailable() from exc


def _numbered(sources: list[Source]) -> str:
    return "\n\n".join(
        f"[{i}] (trang {s.page}) {s.text[:PASSAGE_CHARS]}" for i, s in enumerate(sources, 1)
    )


def _sentences(text: str, sources: list[Source]) -> list[DraftSentence]:
    """The model's sentences that end citing a passage it was given; any other is dropped
    (a sentence before a citation that is not the one citing, an unknown number)."""
    kept = []
    pieces = re.split(r"\[(\d+)\][.!?]?", text)
    for before, number in zip(pieces[0::2], pieces[1::2], strict=False):
        sentence = re.split(r"(?<=[.!?])\s+|\n+", before.strip())[-1].strip()
        if sentence and 1 <= int(number) <= len(sources):
            source = sources[int(number) - 1]
            kept.append(
                DraftSentence(text=sentence, document_id=source.document_id, page=source.page)
            )
    return kept


def _ceiling(db: Session, council_id: int) -> str:
    return db.scalar(select(Council.model_ceiling).where(Council.id == council_id)) or "public"


def answer(
    database: Database, settings: Settings, *, actor: Actor, meeting_id: int, question: str
) -> DraftOut:
    """An answer drafted from the passages that answer the question, those the council lets
    reach the model; how many were held back is said."""
    database.read(lambda db: policy.meeting_for_read(db, actor, meeting_id))  # the right first
    if not settings.model_url:
        raise ModelOff()

    def gather(db: Session) -> tuple[list[Source], int]:
        passages = review.ask(db, actor=actor, meeting_id=meeting_id, question=question).passages
        meeting_council = policy.meeting_for_read(db, actor, meeting_id).council_id
        ceiling = _ceiling(db, meeting_council)
        rows = db.execute(
            select(Document.id, Document.classification).where(
                Document.id.in_({p.document_id for p in passages})
            )
        )
        classes = {row.id: row.classification for row in rows}
        allowed = [
            Source(p.document_id, p.page, p.text)
            for p in passages
            if policy.may_send_to_model(ceiling, classes[p.document_id])
        ]
        return allowed, len(passages) - len(allowed)

    sources, withheld = database.read(gather)
    if not sources:
        return DraftOut(sentences=[], withheld=withheld)
    text = _complete(settings, f"Câu hỏi: {question}\n\nCác đoạn văn:\n{_numbered(sources)}")
    return DraftOut(sentences=_sentences(text, sources), withheld=withheld)


def summarize(
    database: Database, settings: Settings, *, actor: Actor, document_id: int
) -> DraftOut:
    """A document's summary from its pages, where its class is within the council's ceiling."""
    database.read(lambda db: policy.document_for_read(db, actor, document_id))  # the right first
    if not settings.model_url:
        raise ModelOff()

    def gather(db: Session) -> tuple[list[Source], Classification, str]:
        document = policy.document_for_read(db, actor, document_id)
        text = documents.current_version(db, document=document).text
        pages = [
            Source(document.id, n, page)
            for n, page in enumerate(text.split(PAGE_SEPARATOR), start=1)
            if page.strip()
        ][:SUMMARY_PAGES]
        return pages, document.classification, _ceiling(db, document.council_id)

    sources, classification, ceiling = database.read(gather)
    if not policy.may_send_to_model(ceiling, classification):
        raise AboveCeiling()
    if not sources:
        return DraftOut(sentences=[], withheld=0)
    text = _complete(settings, f"Tóm tắt văn bản sau.\n\nCác đoạn văn:\n{_numbered(sources)}")
    return DraftOut(sentences=_sentences(text, sources), withheld=0)
