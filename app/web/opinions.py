"""Written-opinion pages: the office's list with a new form, and its results (laptop or
tablet); the delegate's form on a phone, a plain HTML form that needs no script to answer."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from app.api.deps import AppSettings
from app.db import DbInt, DbSession, rollback
from app.errors import DomainError
from app.opinions import service as opinions
from app.opinions.errors import BadAnswers
from app.opinions.models import OpinionChoice, OpinionForm
from app.opinions.schemas import AnswersIn
from app.security import policy
from app.security.actor import Actor
from app.security.auth import CurrentActor
from app.web.render import render

router = APIRouter(include_in_schema=False)
COMMENT_SLOTS = 3  # comment rows on the phone form; the empty ones are left out
MAX_SLOTS = 21  # one more than a form may carry: the model says how many is too many


@router.get("/office/councils/{council_id}/opinions", response_class=HTMLResponse)
def office_list(
    request: Request, council_id: DbInt, actor: CurrentActor, db: DbSession, settings: AppSettings
) -> Response:
    """The council's forms, and a new one: questions, drafts, who is asked, the deadline."""
    council = policy.council_for_opinions(db, actor, council_id)
    box = opinions.sealer(settings.secret_key)
    return render(
        request,
        "opinions/office_list.html",
        council=council,
        forms=[
            opinions.describe(db, f, actor, box, totals=False)
            for f in opinions.forms_of(db, council)
        ],
        delegates=policy.delegates_in_office(db, council.id),
        drafts=opinions.drafts_to_ask_about(db, actor, council),
    )


@router.get("/office/opinions/{form_id}", response_class=HTMLResponse)
def office_form(
    request: Request, form_id: DbInt, actor: CurrentActor, db: DbSession, settings: AppSettings
) -> Response:
    """One form for the office: send, remind, who answered, the totals, comments, report."""
    form = policy.opinion_form_for_office(db, actor, form_id)
    box = opinions.sealer(settings.secret_key)
    return render(
        request,
        "opinions/office_form.html",
        form=opinions.describe(db, form, actor, box),
        documents=opinions.readable_documents(db, actor, form),
        comments=opinions.comments_of(db, form, actor, box),
    )


def _delegate_page(
    request: Request,
    db: DbSession,
    actor: Actor,
    form: OpinionForm,
    box: opinions.Sealer,
    status_code: int = 200,
    error: str = "",
) -> Response:
    out = opinions.describe(db, form, actor, box)
    comments = opinions.comments_of(db, form, actor, box)
    own = [c for c in comments if c.mine]  # sending again replaces them: shown to keep
    return render(
        request,
        "opinions/answer.html",
        status_code,
        form=out,
        mine={a.question: a for a in out.mine or []},
        documents=opinions.readable_documents(db, actor, form),
        comments=comments,
        own=own,
        slots=range(1, max(COMMENT_SLOTS, len(own) + 1) + 1),
        choices=list(OpinionChoice),
        error=error,
    )


@router.get("/reader/opinions/{form_id}", response_class=HTMLResponse)
def answer_page(
    request: Request, form_id: DbInt, actor: CurrentActor, db: DbSession, settings: AppSettings
) -> Response:
    """The delegate's form on a phone: the drafts to read, the questions, comments; after the
    deadline, the totals."""
    form = policy.opinion_form_for_answer(db, actor, form_id)
    return _delegate_page(request, db, actor, form, opinions.sealer(settings.secret_key))


@router.post("/reader/opinions/{form_id}", response_class=HTMLResponse)
async def send_answers(
    request: Request, form_id: DbInt, actor: CurrentActor, db: DbSession, settings: AppSettings
) -> Response:
    fields = await request.form()

    def value(name: str) -> str:
        found = fields.get(name)
        return found.strip() if isinstance(found, str) else ""

    box = opinions.sealer(settings.secret_key)
    form = policy.opinion_form_for_answer(db, actor, form_id)
    slots = value("comment_slots")
    shown = min(int(slots), MAX_SLOTS) if slots.isdigit() else COMMENT_SLOTS
    try:
        data = AnswersIn(
            answers=[
                {
                    "question": q.number,
                    "choice": value(f"q{q.number}_choice") or None,
                    "text": value(f"q{q.number}_text"),
                }
                for q in opinions.questions_of(db, form)
            ],
            comments=[
                {
                    "text": value(f"c{i}_text"),
                    "document_id": value(f"c{i}_document") or None,
                    "article": value(f"c{i}_article"),
                    "page": value(f"c{i}_page") or None,
                }
                for i in range(1, shown + 1)
                if value(f"c{i}_text")
            ],
        )
        opinions.answer(db, actor=actor, form=form, data=data, box=box)
    except (ValidationError, DomainError) as error:
        rollback(db)
        problem = error if isinstance(error, DomainError) else BadAnswers()
        return _delegate_page(request, db, actor, form, box, problem.status, problem.message())
    return RedirectResponse(f"/reader/opinions/{form_id}?ok=answered", status_code=303)
