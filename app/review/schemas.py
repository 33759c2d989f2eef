from __future__ import annotations

from pydantic import BaseModel


class FactOut(BaseModel):
    kind: str  # money, percent, quantity, date, legal_reference, agency
    text: str  # as written on the page
    value: str | None = None  # normalised: đồng, number and unit, ISO date, reference key
    label: str = ""  # what the amount is of: the words before it on its line
    document_id: int
    page: int


class PlaceOut(BaseModel):
    document_id: int
    page: int


class CheckOut(BaseModel):
    kind: str  # differs (an amount), dates (a deadline), total, reference_forms
    message: str
    places: list[PlaceOut]


class ReviewOut(BaseModel):
    facts: list[FactOut]
    checks: list[CheckOut]


class PassageOut(BaseModel):
    document_id: int
    title: str
    page: int
    text: str
    score: float
    words: list[str]  # the passage's own words the question asked for, as written there


class AskOut(BaseModel):
    passages: list[PassageOut]


class DraftSentence(BaseModel):
    text: str
    document_id: int  # the passage it comes from
    page: int


class DraftOut(BaseModel):
    sentences: list[DraftSentence]  # each cites a passage the reader may see
    withheld: int  # passages not sent: above the class the council lets reach the model
