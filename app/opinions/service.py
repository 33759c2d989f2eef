"""Written opinion collection: the office prepares a form (questions, the drafts from a
meeting's packet, the delegates asked, a deadline) and sends it; each delegate asked answers
from their own link, present nowhere, and may change the answer until the deadline; reminders
go to those who have not answered; at the deadline the totals, who answered and the comments
are counted and become a report to sign.

A secret form keeps its answers as a secret ballot keeps its choices: sealed under the
deployment's secret, every sealed answer padded to one length (comments and written answers
included), under a tag only the server
can compute for its delegate, and opened only once the deadline has passed."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.service import RequestMeta
from app.config import Settings
from app.db import utcnow
from app.directory import mandates
from app.directory.models import Council, User
from app.documents.models import Document, DocumentType
from app.i18n import local_today
from app.meetings.models import Meeting, MeetingStatus
from app.notify import senders
from app.notify import service as notify
from app.opinions.errors import (
    AnswersUnreadable,
    BadAnswers,
    DeadlinePassed,
    DocumentsApart,
    NotARecipient,
    StillOpen,
    WrongFormStatus,
)
from app.opinions.models import (
    FormStatus,
    OpinionAnswer,
    OpinionChoice,
    OpinionComment,
    OpinionDocument,
    OpinionForm,
    OpinionQuestion,
    OpinionRecipient,
    QuestionKind,
    SealedOpinion,
)
from app.opinions.schemas import (
    AnswersIn,
    CommentIn,
    CommentOut,
    FormCreate,
    FormOut,
    MyAnswer,
    PersonOut,
    QuestionTotals,
)
from app.security import policy
from app.security.actor import Actor
from app.security.sealing import Sealer, Unreadable

# a sealed answer is padded to a multiple of this: its length tells nothing of the choices,
# and of the written words only whether they run past 16 KB
SEALED_BYTES = 16384


REMIND_AHEAD = timedelta(hours=24)
ASKED_ABOUT = (DocumentType.draft_resolution, DocumentType.proposal, DocumentType.report)


def sealer(secret: str) -> Sealer:
    return Sealer(secret, "secret opinion")


def _scope(form: OpinionForm) -> str:
    return f"form {form.id}"


def is_open(form: OpinionForm) -> bool:
    return form.status is FormStatus.sent and utcnow() < form.deadline


def questions_of(db: Session, form: OpinionForm) -> Sequence[OpinionQuestion]:
    return db.scalars(
        select(OpinionQuestion)
        .where(OpinionQuestion.form_id == form.id)
        .order_by(OpinionQuestion.number)
    ).all()


def document_ids(db: Session, form: OpinionForm) -> list[int]:
    return list(
        db.scalars(
            select(OpinionDocument.document_id)
            .where(OpinionDocument.form_id == form.id)
            .order_by(OpinionDocument.document_id)
        )
    )


def forms_of(db: Session, council: Council) -> Sequence[OpinionForm]:
    return db.scalars(
        select(OpinionForm)
        .where(OpinionForm.council_id == council.id)
        .order_by(OpinionForm.created_at.desc(), OpinionForm.id.desc())
    ).all()


def drafts_to_ask_about(
    db: Session, actor: Actor, council: Council
) -> Sequence[tuple[Document, str]]:
    """The drafts the office may put to the delegates, with their meeting's title: those of
    the council's meetings not yet archived, newest meeting first."""
    return (
        db.execute(
            policy.visible_documents(
                actor,
                select(Document, Meeting.title)
                .join(Meeting, Meeting.id == Document.meeting_id)
                .where(
                    Document.council_id == council.id,
                    Document.doc_type.in_(ASKED_ABOUT),
                    Meeting.status != MeetingStatus.archived,
                )
                .order_by(Meeting.starts_at.desc(), Document.id),
            )
        )
        .tuples()
        .all()
    )


def forms_for(db: Session, actor: Actor) -> Sequence[OpinionForm]:
    """The forms the caller was asked to answer, the open ones first."""
    return db.scalars(
        policy.forms_asking(actor, select(OpinionForm)).order_by(OpinionForm.deadline.desc())
    ).all()


# --- preparing and sending ---------------------------------------------------------------------


def create_form(
    db: Session, *, actor: Actor, council: Council, data: FormCreate, meta: RequestMeta
) -> OpinionForm:
    if data.deadline <= utcnow():
        raise DeadlinePassed()
    asked = sorted(set(data.recipient_ids))
    people = policy.delegates_in_office(db, council.id, asked)
    if len(people) != len(asked):
        raise NotARecipient()
    drafts = [policy.document_for_write(db, actor, i) for i in sorted(set(data.document_ids))]
    meetings = {d.meeting_id for d in drafts}
    if len(meetings) > 1 or any(d.council_id != council.id for d in drafts):
        raise DocumentsApart()
    form = OpinionForm(
        council_id=council.id,
        meeting_id=next(iter(meetings), None),
        title=data.title,
        decides=data.decides,
        secret=data.secret,
        comments_shared=data.comments_shared and not data.secret,
        deadline=data.deadline,
        created_by=actor.user_id,
    )
    db.add(form)
    db.flush()
    db.add_all(
        OpinionQuestion(form_id=form.id, number=n, text=q.text, kind=q.kind)
        for n, q in enumerate(data.questions, start=1)
    )
    db.add_all(OpinionDocument(form_id=form.id, document_id=d.id) for d in drafts)
    db.add_all(OpinionRecipient(form_id=form.id, user_id=u.id) for u in people)
    _audit(db, actor, meta, form, "opinion.created", title=form.title, asked=len(people))
    return form


def _recipients(db: Session, form: OpinionForm, answered: bool | None = None) -> list[User]:
    stmt = (
        select(User)
        .join(OpinionRecipient, OpinionRecipient.user_id == User.id)
        .where(OpinionRecipient.form_id == form.id)
        .order_by(User.full_name, User.id)
    )
    if answered is not None:
        stmt = stmt.where(OpinionRecipient.answered.is_(answered))
    return list(db.scalars(stmt))


def _ask(
    db: Session,
    *,
    actor: Actor | None,
    form: OpinionForm,
    people: Sequence[User],
    round_: str,
    settings: Settings,
    meta: RequestMeta,
) -> int:
    return notify.opinion_asked(
        db,
        actor=actor,
        people=people,
        form_id=form.id,
        title=form.title,
        deadline=form.deadline,
        round_=round_,
        channels=list(senders.configured(settings)),
        base_url=settings.base_url,
        meta=meta,
    )


def send_form(
    db: Session, *, actor: Actor, form: OpinionForm, settings: Settings, meta: RequestMeta
) -> int:
    """Open the form to answers and send each delegate asked their personal link."""
    if form.status is not FormStatus.draft:
        raise WrongFormStatus()
    if form.deadline <= utcnow():
        raise DeadlinePassed()
    form.status = FormStatus.sent
    form.sent_at = utcnow()
    form.total_delegates = mandates.delegates_on(
        db, db.get_one(Council, form.council_id), local_today()
    )
    people = _recipients(db, form)
    sent = _ask(db, actor=actor, form=form, people=people, round_="0", settings=settings, meta=meta)
    _audit(db, actor, meta, form, "opinion.sent", messages=sent)
    return sent


def remind(
    db: Session, *, actor: Actor, form: OpinionForm, settings: Settings, meta: RequestMeta
) -> int:
    """A reminder, with the link again, to each delegate asked who has not answered yet."""
    if not is_open(form):
        raise DeadlinePassed()
    waiting = _recipients(db, form, answered=False)
    rows = db.scalars(
        select(OpinionRecipient).where(
            OpinionRecipient.form_id == form.id, OpinionRecipient.answered.is_(False)
        )
    ).all()
    round_ = max((r.reminders for r in rows), default=0) + 1
    for row in rows:
        row.reminders = round_
    sent = _ask(
        db,
        actor=actor,
        form=form,
        people=waiting,
        round_=str(round_),
        settings=settings,
        meta=meta,
    )
    _audit(db, actor, meta, form, "opinion.reminded", waiting=len(waiting), messages=sent)
    return len(waiting)


def remind_before_deadline(
    db: Session, *, now: datetime, settings: Settings, meta: RequestMeta
) -> int:
    """The day before a form's deadline, one reminder to each delegate asked who has not
    answered (the worker runs this); the messages queued."""
    closing = db.scalars(
        select(OpinionForm).where(
            OpinionForm.status == FormStatus.sent,
            OpinionForm.deadline > now,
            OpinionForm.deadline <= now + REMIND_AHEAD,
        )
    ).all()
    return sum(
        _ask(
            db,
            actor=None,
            form=form,
            people=_recipients(db, form, answered=False),
            round_="eve",
            settings=settings,
            meta=meta,
        )
        for form in closing
    )


# --- answering -------------------------------------------------------------------------------


def _checked(db: Session, form: OpinionForm, data: AnswersIn) -> list[tuple[int, str, str]]:
    """Every question answered once, as its kind asks: (question, choice or "", text)."""
    questions = {q.number: q for q in questions_of(db, form)}
    # questions are numbered from 1; a client counting them from 0 (its list's index) is
    # understood when its numbers are exactly 0…n−1
    shift = 1 if {a.question for a in data.answers} == set(range(len(questions))) else 0
    given = {a.question + shift: a for a in data.answers}
    if len(given) != len(data.answers) or set(given) != set(questions):
        raise BadAnswers()
    rows = []
    for number, question in sorted(questions.items()):
        answer = given[number]
        if question.kind is QuestionKind.choice:
            if answer.choice is None or (answer.choice is OpinionChoice.other and not answer.text):
                raise BadAnswers()
        elif answer.choice is not None:
            raise BadAnswers()
        rows.append((number, answer.choice.value if answer.choice else "", answer.text))
    return rows


def answer(db: Session, *, actor: Actor, form: OpinionForm, data: AnswersIn, box: Sealer) -> None:
    """The delegate's answers and comments, replacing any earlier ones until the deadline."""
    if not is_open(form):
        raise DeadlinePassed()
    rows = _checked(db, form, data)
    drafts = set(document_ids(db, form))
    if any(c.document_id is not None and c.document_id not in drafts for c in data.comments):
        raise BadAnswers()
    if form.secret:
        # comments too are sealed: in a secret form even a remark must not name its author
        plain = json.dumps(
            {"answers": rows, "comments": [c.model_dump() for c in data.comments]},
            ensure_ascii=False,
        ).encode()
        size = -(-len(plain) // SEALED_BYTES) * SEALED_BYTES  # one length a bucket
        tag = box.tag(_scope(form), actor.user_id)
        sealed = box.seal(_scope(form), plain.ljust(size))
        row = db.get(SealedOpinion, (form.id, tag))
        if row is None:
            db.add(SealedOpinion(form_id=form.id, tag=tag, sealed=sealed))
        else:
            row.sealed = sealed
    else:
        for table in (OpinionAnswer, OpinionComment):
            db.execute(
                delete(table).where(table.form_id == form.id, table.user_id == actor.user_id)
            )
        db.add_all(
            OpinionAnswer(
                form_id=form.id,
                user_id=actor.user_id,
                question=number,
                choice=OpinionChoice(choice) if choice else None,
                text=text,
            )
            for number, choice, text in rows
        )
        db.add_all(
            OpinionComment(form_id=form.id, user_id=actor.user_id, **c.model_dump())
            for c in data.comments
        )
    db.get_one(OpinionRecipient, (form.id, actor.user_id)).answered = True


def my_answers(db: Session, actor: Actor, form: OpinionForm) -> list[MyAnswer] | None:
    """A named form's own answers, to change them; a secret one's are sealed."""
    if form.secret:
        return None
    return [
        MyAnswer(question=a.question, choice=a.choice, text=a.text)
        for a in db.scalars(
            select(OpinionAnswer)
            .where(OpinionAnswer.form_id == form.id, OpinionAnswer.user_id == actor.user_id)
            .order_by(OpinionAnswer.question)
        )
    ]


# --- comments on the drafts -------------------------------------------------------------------


def comments_of(
    db: Session, form: OpinionForm, viewer: Actor | None, box: Sealer
) -> list[CommentOut]:
    """A named form's comments: all for the office (and for everyone where the form shares
    them), otherwise the delegate's own. A secret form's, without names, once counted.
    `viewer` None: the report, all of them."""
    if form.secret:
        return count(db, form, box).comments if not is_open(form) else []
    stmt = (
        select(OpinionComment, User.full_name)
        .join(User, User.id == OpinionComment.user_id)
        .where(OpinionComment.form_id == form.id)
        .order_by(OpinionComment.document_id, OpinionComment.page, OpinionComment.id)
    )
    if viewer is not None and not policy.sees_all_comments(viewer, form):
        stmt = stmt.where(OpinionComment.user_id == viewer.user_id)
    return [
        CommentOut(
            full_name=name,
            document_id=c.document_id,
            page=c.page,
            article=c.article,
            text=c.text,
            mine=viewer is not None and c.user_id == viewer.user_id,
        )
        for c, name in db.execute(stmt)
    ]


# --- the count ----------------------------------------------------------------------------------


@dataclass
class Count:
    choices: Counter[tuple[int, str]] = field(default_factory=Counter)
    texts: dict[int, list[str]] = field(default_factory=dict)
    comments: list[CommentOut] = field(default_factory=list)  # a secret form's, unnamed


def count(db: Session, form: OpinionForm, box: Sealer) -> Count:
    """The answers counted: a secret form's sealed answers are opened (in memory) here."""
    result = Count()
    if form.secret:
        rows: list[tuple[int, str, str]] = []
        try:
            for sealed in db.scalars(
                select(SealedOpinion.sealed).where(SealedOpinion.form_id == form.id)
            ):
                payload = json.loads(box.open(_scope(form), sealed))
                rows += [(int(q), str(c), str(t)) for q, c, t in payload["answers"]]
                result.comments += [
                    CommentOut(full_name=None, **CommentIn(**c).model_dump())
                    for c in payload["comments"]
                ]
        except Unreadable:
            raise AnswersUnreadable() from None
        result.comments.sort(key=lambda c: (c.document_id or 0, c.page or 0, c.article, c.text))
    else:
        rows = [
            (a.question, a.choice.value if a.choice else "", a.text)
            for a in db.scalars(select(OpinionAnswer).where(OpinionAnswer.form_id == form.id))
        ]
    for question, choice, text in rows:
        if choice:
            result.choices[question, choice] += 1
        if text:
            result.texts.setdefault(question, []).append(text)
    for texts in result.texts.values():
        texts.sort()  # no order of arrival
    return result


def totals_visible(actor: Actor | None, form: OpinionForm) -> bool:
    """A named form's running totals are the office's; everyone's after the deadline; a
    secret form's exist only after the deadline."""
    if form.status is FormStatus.draft:
        return False
    if not is_open(form):
        return True
    return not form.secret and actor is not None and policy.is_council_staff(actor, form.council_id)


def describe(
    db: Session, form: OpinionForm, viewer: Actor | None, box: Sealer, *, totals: bool = True
) -> FormOut:
    """The form as `viewer` may see it (None: the report's view, after the deadline).
    `totals=False` leaves the count out (lists): a secret form's count opens every answer."""
    asked = _recipients(db, form)
    answered_ids = set(
        db.scalars(
            select(OpinionRecipient.user_id).where(
                OpinionRecipient.form_id == form.id, OpinionRecipient.answered.is_(True)
            )
        )
    )
    shown = totals and (viewer is None or totals_visible(viewer, form))
    counted = count(db, form, box) if shown else None
    total = form.total_delegates or mandates.delegates_on(
        db, db.get_one(Council, form.council_id), local_today()
    )
    names = not form.secret

    def person(u: User) -> PersonOut:
        return PersonOut(user_id=u.id, full_name=u.full_name)

    questions = [
        _totals(q, counted, total, decided=form.decides and not is_open(form))
        for q in questions_of(db, form)
    ]
    out = FormOut(
        id=form.id,
        council_id=form.council_id,
        meeting_id=form.meeting_id,
        title=form.title,
        status=form.status,
        secret=form.secret,
        decides=form.decides,
        comments_shared=form.comments_shared,
        deadline=form.deadline,
        open=is_open(form),
        asked=len(asked),
        total_delegates=total,
        answered=len(answered_ids),
        not_answered_count=len(asked) - len(answered_ids),
        answered_names=[person(u) for u in asked if u.id in answered_ids] if names else None,
        not_answered=[person(u) for u in asked if u.id not in answered_ids]
        if names
        else len(asked) - len(answered_ids),
        questions=questions,
        document_ids=document_ids(db, form),
        report_document_id=form.report_document_id,
    )
    if viewer is not None and policy.is_asked(db, viewer, form):
        out.i_answered = viewer.user_id in answered_ids
        out.mine = my_answers(db, viewer, form)
    return out


def _totals(
    question: OpinionQuestion, counted: Count | None, total: int, *, decided: bool
) -> QuestionTotals:
    choice = question.kind is QuestionKind.choice

    def n(value: str) -> int | None:
        return counted.choices[question.number, value] if counted and choice else None

    approve = n("approve")
    return QuestionTotals(
        number=question.number,
        text=question.text,
        kind=question.kind,
        approve=approve,
        against=n("against"),
        other=n("other"),
        texts=counted.texts.get(question.number, []) if counted else None,
        # a decision by written opinion passes with more than half of the delegates in office
        passed=approve * 2 > total if decided and approve is not None else None,
    )


def readable_documents(db: Session, actor: Actor, form: OpinionForm) -> Sequence[Document]:
    """The form's drafts the caller may read: each keeps its own audience."""
    return db.scalars(
        policy.visible_documents(
            actor,
            select(Document)
            .join(OpinionDocument, OpinionDocument.document_id == Document.id)
            .where(OpinionDocument.form_id == form.id)
            .order_by(Document.id),
        )
    ).all()


def ensure_counted(form: OpinionForm) -> None:
    if form.status is FormStatus.draft:
        raise WrongFormStatus()
    if is_open(form):
        raise StillOpen()


def reported(
    db: Session, *, actor: Actor, form: OpinionForm, document_id: int, meta: RequestMeta
) -> None:
    form.report_document_id = document_id
    form.status = FormStatus.reported
    _audit(db, actor, meta, form, "opinion.reported", document_id=document_id)


def _audit(
    db: Session, actor: Actor, meta: RequestMeta, form: OpinionForm, action: str, **details: object
) -> None:
    audit.record(
        db,
        action=action,
        meta=meta,
        actor=actor,
        council_id=form.council_id,
        object_type="opinion_form",
        object_id=form.id,
        details=details,
    )
