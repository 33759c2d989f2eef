"""The refusals of the indicators."""

from __future__ import annotations

from app.errors import InvalidInput


class BadPeriod(InvalidInput):
    code = "bad_period"
    message_key = "indicators.bad_period"


class UnknownIndicator(InvalidInput):
    code = "unknown_indicator"
    message_key = "indicators.unknown"
