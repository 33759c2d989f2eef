"""The vote record (biên bản kiểm phiếu) as a PDF ready for signing: question, threshold,
counts and percentages of all delegates, the outcome, and for a named vote who chose what.
Official records are written in Vietnamese whatever the reader's language."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from app import pdf
from app.directory.models import Council
from app.documents import service as documents
from app.documents.models import Classification, DocumentType
from app.documents.schemas import DocumentFields
from app.floor import votes as voting
from app.floor.errors import WrongVoteStatus
from app.floor.models import QUESTION_CHOICES, Vote, VoteKind, VoteStatus
from app.floor.schemas import VoteOut
from app.i18n import Lang, local_time, t
from app.meetings import service as meetings
from app.meetings.models import Meeting
from app.security import policy

LANG: Lang = "vi"
CHAIR_BLOCK = ("TM. CHỦ TỌA KỲ HỌP", "CHỦ TỊCH")


def _when(moment: str | None) -> str:
    return local_time(datetime.fromisoformat(moment)) if moment else "—"


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.2f}".replace(".", ",") if total else "0"


def record_paragraphs(result: VoteOut, meeting: Meeting) -> list[str]:
    total = result.total_delegates
    lines = [
        t("record.meeting", LANG, title=meeting.title),
        t("record.time", LANG, opened=_when(result.opened_at), closed=_when(result.closed_at)),
        t("record.question", LANG, question=result.question),
        t(
            "record.form",
            LANG,
            ballot=t(f"floor.ballot.{result.ballot.value}", LANG),
            threshold=t(f"floor.threshold.{result.threshold.value}", LANG),
        ),
        t("record.turnout", LANG, total=total, present=result.present, cast=result.cast),
    ]
    if result.kind is VoteKind.election:
        lines.append(t("record.election_rule", LANG, needed=total // 2 + 1, total=total))
        for s in result.subjects:
            if s.withdrawn:
                lines.append(t("record.withdrawn", LANG, name=s.name, office=s.title))
                continue
            counts = {"elect_approve": s.approve or 0, "elect_against": s.against or 0}
            lines.append(
                f"{s.name} ({s.title}): "
                + "; ".join(
                    t("record.count", LANG, choice=t(f"choice.{c}", LANG), n=n, pct=_pct(n, total))
                    for c, n in counts.items()
                )
                + " – "
                + t("election.elected" if s.elected else "election.not_elected", LANG)
                + "."
            )
    elif result.subjects:
        for s in result.subjects:
            counts = {"high": s.high or 0, "medium": s.medium or 0, "low": s.low or 0}
            lines.append(
                (f"{s.name} ({s.title}): " if s.title else f"{s.name}: ")
                + "; ".join(
                    t("record.count", LANG, choice=t(f"choice.{c}", LANG), n=n, pct=_pct(n, total))
                    for c, n in counts.items()
                )
                + "."
            )
    else:
        for choice in QUESTION_CHOICES:
            n = getattr(result, choice.value) or 0
            lines.append(
                t(
                    "record.count",
                    LANG,
                    choice=t(f"choice.{choice.value}", LANG),
                    n=n,
                    pct=_pct(n, total),
                )
                + "."
            )
        lines.append(
            t(
                "record.count",
                LANG,
                choice=t("choice.not_voted", LANG),
                n=result.not_voted,
                pct=_pct(result.not_voted, total),
            )
            + "."
        )
        outcome = "floor.passed" if result.passed else "floor.not_passed"
        lines.append(t("record.outcome", LANG, outcome=t(outcome, LANG)))
    if result.ballots:
        for choice in QUESTION_CHOICES:
            names = [b.full_name for b in result.ballots if b.choice is choice]
            if names:
                lines.append(
                    t(
                        "record.named",
                        LANG,
                        choice=t(f"choice.{choice.value}", LANG),
                        names=", ".join(names),
                    )
                )
    if result.source == "paper":
        lines.append(t("record.paper", LANG, note=result.paper_note or "—"))
    return lines


def issuer(db: Session, meeting: Meeting) -> list[str]:
    """The issuing council as a record's header names it, with its term: «HỘI ĐỒNG NHÂN DÂN
    XÃ X», «KHÓA I, NHIỆM KỲ 2026–2031»."""
    council = db.get_one(Council, meeting.council_id)
    term = meetings.term_name(db, meeting)
    name = f"HỘI ĐỒNG NHÂN DÂN {council.name.removeprefix('HĐND ').upper()}"
    return [name, term.upper()] if term else [name]


def write_vote_record(db: Session, vote: Vote, meeting: Meeting, dst: Path) -> None:
    council = db.get_one(Council, meeting.council_id)
    chair = policy.presiding_chair(db, council.id)
    result = voting.result(db, vote, viewer=None)
    pdf.render_text_pdf(
        dst,
        title=t("record.title", LANG),
        paragraphs=record_paragraphs(result, meeting),
        header=(*issuer(db, meeting), "Số: …/BB-HĐND"),
        signer=(CHAIR_BLOCK, chair.full_name if chair else ""),
    )


@contextmanager
def closed_vote_record(db: Session, vote: Vote, meeting: Meeting, tmp_dir: Path) -> Iterator[Path]:
    """The record of a closed vote in a temporary file; an open vote has none yet."""
    if voting.result(db, vote, viewer=None).status is not VoteStatus.closed:
        raise WrongVoteStatus()
    with documents.scratch_file(tmp_dir, "bien-ban-kiem-phieu.pdf") as path:
        write_vote_record(db, vote, meeting, path)
        yield path


def document_fields(vote: Vote) -> DocumentFields:
    """The vote record as a meeting document, beside its agenda item, to number and sign."""
    return DocumentFields(
        title=t("record.document_title", LANG, question=vote.question)[:300],
        doc_type=DocumentType.minutes,
        classification=Classification.internal,
        agenda_item_id=vote.agenda_item_id,
    )
