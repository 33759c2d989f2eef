"""A council's terms of office (khóa I, nhiệm kỳ 2026–2031). Sessions are numbered within a
term; a new council starts with its first term, read from its «khóa …, nhiệm kỳ …» text when
that says which."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.service import RequestMeta
from app.directory.errors import TermDates, TermExists, TermNotFound
from app.directory.models import Council, Term
from app.directory.schemas import TermCreate, TermOut
from app.i18n import t
from app.i18n.numbers import roman
from app.security.actor import Actor

TERM_YEARS = 5  # Law on Organization of Local Government: a People's Council sits five years
_KHOA = re.compile(r"kh[oó]a\s+([IVXLC]+)\b", re.IGNORECASE)
_YEARS = re.compile(r"(\d{4})\s*[–-]\s*(\d{4})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def name(term: Term) -> str:
    return t(
        "term.name",
        roman=roman(term.ordinal),
        start=term.starts_on.year,
        end=term.ends_on.year,
    )


def describe(term: Term) -> TermOut:
    return TermOut(
        id=term.id,
        council_id=term.council_id,
        ordinal=term.ordinal,
        starts_on=term.starts_on,
        ends_on=term.ends_on,
        name=name(term),
    )


def _from_roman(letters: str) -> int:
    values = [_ROMAN_VALUES[c] for c in letters.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def first_term(council: Council, today: date) -> Term:
    """A new council's term: the one its text names, else khóa I from this year."""
    khoa, years = _KHOA.search(council.term), _YEARS.search(council.term)
    start, end = (
        (int(years.group(1)), int(years.group(2)))
        if years
        else (today.year, today.year + TERM_YEARS)
    )
    return Term(
        council_id=council.id,
        ordinal=_from_roman(khoa.group(1)) if khoa else 1,
        starts_on=date(start, 1, 1),
        ends_on=date(end, 12, 31),
    )


def terms_of(db: Session, council_id: int) -> Sequence[Term]:
    return db.scalars(
        select(Term).where(Term.council_id == council_id).order_by(Term.ordinal)
    ).all()


def add_term(
    db: Session, *, actor: Actor, council: Council, data: TermCreate, meta: RequestMeta
) -> Term:
    ends_on = data.ends_on or date(data.starts_on.year + TERM_YEARS, 12, 31)
    if ends_on <= data.starts_on:
        raise TermDates()
    if db.scalar(
        select(Term.id).where(Term.council_id == council.id, Term.ordinal == data.ordinal)
    ):
        raise TermExists()
    term = Term(
        council_id=council.id, ordinal=data.ordinal, starts_on=data.starts_on, ends_on=ends_on
    )
    db.add(term)
    db.flush()
    audit.record(
        db,
        action="term.created",
        meta=meta,
        actor=actor,
        council_id=council.id,
        object_type="term",
        object_id=term.id,
        details={"name": name(term)},
    )
    return term


def term_for(db: Session, council_id: int, term_id: int | None, day: date) -> Term | None:
    """The term a meeting belongs to: the one named, else the one `day` falls in, else the
    latest; None for a council that has none."""
    if term_id is not None:
        term = db.get(Term, term_id)
        if term is None or term.council_id != council_id:
            raise TermNotFound()
        return term
    terms = terms_of(db, council_id)
    current = [term for term in terms if term.starts_on <= day <= term.ends_on]
    chosen = current or terms
    return chosen[-1] if chosen else None
