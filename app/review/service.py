"""The review assistant over a meeting's papers: the facts of an agenda item's documents with
the points to check between them, and questions answered by ranked passages with their page.

It reads only the documents the caller may see (the access policy's one filter), from the
text already kept with each version; nothing is sent anywhere."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.documents import service as documents
from app.documents.models import Document
from app.errors import NotFound
from app.i18n.text import fold
from app.meetings.models import AgendaItem
from app.pdf import PAGE_SEPARATOR
from app.review import facts
from app.review.schemas import AskOut, CheckOut, FactOut, PassageOut, PlaceOut, ReviewOut
from app.security import policy
from app.security.actor import Actor

PASSAGES = 10
PASSAGE_CHARS = 400
# Words a question is made of that say nothing of its subject (without diacritics). Words
# that fold into another (tư/từ, đề/để, mã/mà, thể/thế) are not here: they may be the subject.
STOP = frozenset(
    {"la", "cua", "va", "cac", "co", "duoc", "cho", "khong", "nhung", "trong", "voi", "nay"}
    | {"gi", "bao", "nhieu", "nao", "den", "mot", "se", "o", "theo", "tai", "nhu", "khi"}
    | {"thi", "bang", "hay", "hoac", "sao", "ai"}
)
_SENTENCE = re.compile(r"(?<=[.;!?:])\s+")


@dataclass(frozen=True)
class Page:
    document: Document
    number: int
    text: str


def _pages(db: Session, actor: Actor, meeting_id: int, item_id: int | None) -> list[Page]:
    meeting = policy.meeting_for_read(db, actor, meeting_id)
    stmt = select(Document).where(Document.meeting_id == meeting.id).order_by(Document.id)
    if item_id is not None:
        stmt = stmt.where(Document.agenda_item_id == item_id)
    pages = []
    for document in db.scalars(policy.visible_documents(actor, stmt)):
        text = documents.current_version(db, document=document).text
        for number, page_text in enumerate(text.split(PAGE_SEPARATOR), start=1):
            if page_text.strip():
                pages.append(Page(document, number, page_text))
    return pages


def review_item(db: Session, *, actor: Actor, meeting_id: int, item_id: int) -> ReviewOut:
    """An agenda item's papers as the reviewing committee reads them: what they state, page
    by page, and where they disagree."""
    item = db.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting_id:
        raise NotFound()
    pages = _pages(db, actor, meeting_id, item.id)
    found, checks = facts.review((p.document.id, p.number, p.text) for p in pages)
    return ReviewOut(
        facts=[FactOut(**vars(f)) for f in found],
        checks=[
            CheckOut(
                kind=c.kind,
                message=c.message,
                places=[PlaceOut(document_id=p.document_id, page=p.page) for p in c.places],
            )
            for c in checks
        ],
    )


def _written(passage: str, wanted: list[str]) -> list[str]:
    """How the passage itself writes the asked words («đầu» for «dau»): what the reader
    highlights, since «đ» is a letter of its own and no accent-blind find matches it."""
    found = [w for w in re.findall(r"[\wÀ-ỹ]+", passage) if fold(w) in wanted]
    return list(dict.fromkeys(found))


def terms(question: str) -> list[str]:
    return [w for w in dict.fromkeys(fold(question).split()) if w not in STOP and len(w) > 1]


def ask(db: Session, *, actor: Actor, meeting_id: int, question: str) -> AskOut:
    """The passages of the meeting's papers that answer a question, with or without accents,
    best first: a passage is a sentence (with the next where it is short), scored by the
    question's rarer words it holds, and more where they stand together as asked."""
    wanted = terms(question)
    if not wanted:
        return AskOut(passages=[])
    pages = _pages(db, actor, meeting_id, None)
    folded = [set(fold(p.text).split()) for p in pages]
    rarity = {
        w: math.log((len(pages) + 1) / (1 + sum(w in words for words in folded))) + 1
        for w in wanted
    }
    pairs = {f"{a} {b}" for a, b in pairwise(wanted)}
    scored: list[PassageOut] = []
    for page in pages:
        sentences = [s for s in _SENTENCE.split(" ".join(page.text.split())) if s]
        for i, sentence in enumerate(sentences):
            passage = (
                sentence
                if len(sentence) > 80 or i + 1 == len(sentences)
                else (f"{sentence} {sentences[i + 1]}")
            )
            words = fold(passage)
            counts = Counter(words.split())
            score = sum(rarity[w] * min(counts[w], 3) / (min(counts[w], 3) + 0.5) for w in wanted)
            score += sum(1.5 for pair in pairs if pair in words)
            if score > 0 and any(counts[w] for w in wanted):
                scored.append(
                    PassageOut(
                        document_id=page.document.id,
                        title=page.document.title,
                        page=page.number,
                        text=passage[:PASSAGE_CHARS],
                        score=round(score, 3),
                        words=_written(passage, wanted),
                    )
                )
    scored.sort(key=lambda p: (-p.score, p.document_id, p.page))
    best: list[PassageOut] = []
    for passage in scored:  # one passage per page: the page is what the reader opens
        if all((p.document_id, p.page) != (passage.document_id, passage.page) for p in best):
            best.append(passage)
        if len(best) == PASSAGES:
            break
    return AskOut(passages=best)
