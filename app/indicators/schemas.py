from __future__ import annotations

from datetime import date

from pydantic import BaseModel


class Period(BaseModel):
    start: date
    end: date  # included


class EvidenceRow(BaseModel):
    """One record behind an indicator: what it adds to the numerator and the denominator."""

    label: str
    day: date
    url: str
    num: int
    den: int
    detail: str = ""


class Point(BaseModel):
    month: str  # YYYY-MM
    value: float | None
    numerator: int
    denominator: int | None


class Indicator(BaseModel):
    key: str
    share: bool  # a share of its denominator; else a count
    value: float | None  # the share (0–1) or the count; None: nothing to measure yet
    numerator: int
    denominator: int | None
    evidence_url: str
    series: list[Point]


class Indicators(BaseModel):
    start: date
    end: date
    councils: int
    indicators: list[Indicator]
