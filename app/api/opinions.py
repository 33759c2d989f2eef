"""Written opinion collection: forms, answers from the delegates asked, comments, reminders,
the count and its report."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path

from fastapi import APIRouter
from sqlalchemy.orm import Session

from app.api.deps import AppSettings, Store
from app.db import Db, DbInt, DbSession
from app.documents import intake
from app.documents.schemas import DocumentFields
from app.meetings.models import Meeting
from app.opinions import report
from app.opinions import service as opinions
from app.opinions.schemas import (
    AnswersIn,
    CommentOut,
    Created,
    FormCreate,
    FormOut,
    ReportCreated,
)
from app.security import policy
from app.security.auth import CurrentActor, Meta, ShortActor

router = APIRouter(prefix="/api", tags=["written opinions"])


@router.post("/councils/{council_id}/opinion-forms", response_model=Created, status_code=201)
def create_form(
    council_id: DbInt, data: FormCreate, actor: CurrentActor, db: DbSession, meta: Meta
) -> Created:
    council = policy.council_for_opinions(db, actor, council_id)
    form = opinions.create_form(db, actor=actor, council=council, data=data, meta=meta)
    return Created(id=form.id)


@router.get("/councils/{council_id}/opinion-forms", response_model=list[FormOut])
def list_forms(
    council_id: DbInt, actor: CurrentActor, db: DbSession, settings: AppSettings
) -> list[FormOut]:
    """The council's forms, without their counts (each form's own GET has them)."""
    council = policy.council_for_opinions(db, actor, council_id)
    box = opinions.sealer(settings.secret_key)
    return [
        opinions.describe(db, f, actor, box, totals=False) for f in opinions.forms_of(db, council)
    ]


@router.get("/me/opinion-forms", response_model=list[FormOut])
def my_forms(actor: CurrentActor, db: DbSession, settings: AppSettings) -> list[FormOut]:
    """The forms the caller was asked to answer."""
    box = opinions.sealer(settings.secret_key)
    return [
        opinions.describe(db, f, actor, box, totals=False) for f in opinions.forms_for(db, actor)
    ]


@router.get("/opinion-forms/{form_id}", response_model=FormOut)
def get_form(form_id: DbInt, actor: CurrentActor, db: DbSession, settings: AppSettings) -> FormOut:
    """Totals per question once counted, who answered and who did not (names unless secret)."""
    form = policy.opinion_form_for_read(db, actor, form_id)
    return opinions.describe(db, form, actor, opinions.sealer(settings.secret_key))


@router.post("/opinion-forms/{form_id}/send", response_model=FormOut)
def send_form(
    form_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta, settings: AppSettings
) -> FormOut:
    """Open the form to answers; each delegate asked gets a personal link (mail, Zalo)."""
    form = policy.opinion_form_for_office(db, actor, form_id)
    opinions.send_form(db, actor=actor, form=form, settings=settings, meta=meta)
    return opinions.describe(db, form, actor, opinions.sealer(settings.secret_key))


@router.post("/opinion-forms/{form_id}/remind", response_model=FormOut)
def remind(
    form_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta, settings: AppSettings
) -> FormOut:
    """A reminder to each delegate asked who has not answered yet."""
    form = policy.opinion_form_for_office(db, actor, form_id)
    opinions.remind(db, actor=actor, form=form, settings=settings, meta=meta)
    return opinions.describe(db, form, actor, opinions.sealer(settings.secret_key))


@router.post("/opinion-forms/{form_id}/answers", response_model=FormOut)
def answer(
    form_id: DbInt, data: AnswersIn, actor: CurrentActor, db: DbSession, settings: AppSettings
) -> FormOut:
    """The caller's answers (a delegate asked; no check-in anywhere), replacing earlier ones
    until the deadline."""
    box = opinions.sealer(settings.secret_key)
    form = policy.opinion_form_for_answer(db, actor, form_id)
    opinions.answer(db, actor=actor, form=form, data=data, box=box)
    return opinions.describe(db, form, actor, box)


@router.get("/opinion-forms/{form_id}/comments", response_model=list[CommentOut])
def comments(
    form_id: DbInt, actor: CurrentActor, db: DbSession, settings: AppSettings
) -> list[CommentOut]:
    """Comments on the drafts: a named form's as the form shares them, a secret form's
    without names once counted."""
    form = policy.opinion_form_for_read(db, actor, form_id)
    return opinions.comments_of(db, form, actor, opinions.sealer(settings.secret_key))


@router.post("/opinion-forms/{form_id}/report", response_model=ReportCreated, status_code=201)
def store_report(
    form_id: DbInt,
    actor: ShortActor,
    database: Db,
    meta: Meta,
    store: Store,
    settings: AppSettings,
) -> ReportCreated:
    """After the deadline: the report (DOCX to edit, its PDF to number and sign) among the
    documents of the meeting the drafts came from, or of the Standing Committee."""
    box = opinions.sealer(settings.secret_key)
    meeting_id = database.write(
        lambda db: report.filing_meeting(
            db, actor=actor, form=policy.opinion_form_for_office(db, actor, form_id), meta=meta
        )
    )

    def prepare(db: Session) -> tuple[Meeting, DocumentFields, AbstractContextManager[Path]]:
        form = policy.opinion_form_for_office(db, actor, form_id)
        meeting = policy.meeting_for_write(db, actor, meeting_id)
        return meeting, report.document_fields(form), report.draft(db, form, box, settings.tmp_dir)

    document = intake.add_draft(
        database,
        store,
        actor=actor,
        prepare=prepare,
        recheck=lambda db: policy.meeting_for_write(db, actor, meeting_id),
        meta=meta,
        tmp_dir=settings.tmp_dir,
    )
    database.write(
        lambda db: opinions.reported(
            db,
            actor=actor,
            form=policy.opinion_form_for_office(db, actor, form_id),
            document_id=document.id,
            meta=meta,
        )
    )
    return ReportCreated(document_id=document.id)
